"""Report tables as the pages show them: a header of grouped columns and lines of label cells and
numbers (one template, `reports/_table.html`, draws every report)."""

from dataclasses import dataclass, field
from itertools import groupby


@dataclass
class Shown:
    kind: str  # "row", a subtotal kind, or "total"
    labels: list
    cells: list
    attrs: dict = field(default_factory=dict)
    warn: bool = False


def header_groups(columns) -> list[dict]:
    """Consecutive columns of one group share a spanning cell above them; ungrouped columns get an
    empty one."""
    return [
        {"label": key, "span": len(list(items))} for key, items in groupby(columns, key=lambda c: str(c.group or ""))
    ]


def table(label_head: list, columns, rows: list[Shown], total: Shown | None) -> dict:
    return {
        "label_head": label_head,
        "columns": columns,
        "groups": header_groups(columns) if any(c.group for c in columns) else None,
        "rows": rows,
        "total": total,
    }
