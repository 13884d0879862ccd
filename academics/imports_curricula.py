"""Curriculum import from xlsx (DESIGN.md: bulk input): every row is validated first, every error is
reported with its row number and reason, then the draft is written all at once or not at all.

One row per discipline: its code, its term, and, for an alternative of an elective block, the block's
code; the block's rule (disciplines or credits to choose) and name go on the block's first row.
The import fills a draft: a new one, or the existing draft of that programme, intake year, form and
language, whose items and blocks it replaces. Approved versions are never touched.
"""

from dataclasses import dataclass

from django.db import transaction
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.utils import bulk_create_with_history

from registrar.policy import require
from registrar.xlsx_import import Column, ImportFailed, RowError, read_sheet, template_workbook

from .choices import CurriculumStatus
from .models import Curriculum, CurriculumItem, Discipline, ElectiveBlock, Programme
from .services.curricula import MANAGE, curriculum_create, lock_draft

HEADERS = {
    "discipline_code": gettext_lazy("Discipline code"),
    "term": gettext_lazy("Term"),
    "block_code": gettext_lazy("Elective block code"),
    "block_name": gettext_lazy("Elective block name"),
    "choose_count": gettext_lazy("Disciplines to choose"),
    "choose_credits": gettext_lazy("Credits to choose"),
}
KINDS = {"term": "int", "choose_count": "int", "choose_credits": "int"}
REQUIRED = {"discipline_code", "term"}


def columns() -> list[Column]:
    """The columns, accepting their header in any of the interface languages (a template downloaded
    in Kazakh can be filled and uploaded by a colleague working in Russian)."""
    from django.conf import settings

    result = []
    for key, header in HEADERS.items():
        aliases = []
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                aliases.append(str(header))
        result.append(Column(key, header, kind=KINDS.get(key, "str"), required=key in REQUIRED, aliases=tuple(aliases)))
    return result


def template_bytes() -> bytes:
    return template_workbook(
        columns(),
        examples=[
            ["ENG1101", 1, None, None, None, None],
            ["HIS1102", 1, None, None, None, None],
            ["CSE2201", 3, "KV1", _("Web development"), 1, None],
            ["CSE2202", 3, "KV1", None, None, None],
            ["CSE3301", 5, "KV2", _("Data analysis"), None, 10],
            ["CSE3302", 5, "KV2", None, None, None],
            ["CSE3303", 5, "KV2", None, None, None],
        ],
    )


@dataclass
class ParsedBlock:
    code: str
    term: int
    first_row: int
    name: str = ""
    choose_count: int | None = None
    choose_credits: int | None = None


@dataclass
class ImportResult:
    curriculum: Curriculum
    items: int
    blocks: int
    created: bool


def _validate(sheet, programme: Programme):
    """Rows → (list of (discipline, term, block code)), {block code: ParsedBlock}; errors go to `sheet`."""
    cols = {c.key: c for c in columns()}
    codes = {r.values["discipline_code"] for r in sheet.rows if r.values.get("discipline_code")}
    disciplines = {d.code: d for d in Discipline.objects.filter(code__in=codes)}
    count = programme.terms_count
    seen: dict[str, int] = {}
    blocks: dict[str, ParsedBlock] = {}
    placed = []
    for row in sheet.rows:
        v = row.values
        code, term, block_code = v.get("discipline_code"), v.get("term"), v.get("block_code") or None
        discipline = disciplines.get(code) if code else None
        if code and discipline is None:
            sheet.error(
                row, cols["discipline_code"], _("no discipline with code “%(code)s” in the catalogue") % {"code": code}
            )
        elif discipline is not None and not discipline.is_active:
            sheet.error(row, cols["discipline_code"], _("discipline %(code)s is not active") % {"code": code})
        if code and code in seen:
            sheet.error(
                row,
                cols["discipline_code"],
                _("%(code)s is already on row %(row)s; a discipline appears once") % {"code": code, "row": seen[code]},
            )
        elif code:
            seen[code] = row.number
        if term is not None and not 1 <= term <= count:
            sheet.error(
                row,
                cols["term"],
                _("term %(term)s is out of range: from 1 to %(count)s") % {"term": term, "count": count},
            )
            term = None
        count_value, credits_value = v.get("choose_count"), v.get("choose_credits")
        has_rule = count_value is not None or credits_value is not None
        if block_code is None:
            if has_rule or v.get("block_name"):
                sheet.error(row, cols["block_code"], _("a block rule or name is given but no elective block code"))
        else:
            _validate_block_row(sheet, cols, row, blocks, block_code, term, count_value, credits_value)
        placed.append((row, discipline, term, block_code))
    for block in blocks.values():
        if block.choose_count is None and block.choose_credits is None:
            sheet.error(
                block.first_row,
                cols["choose_count"],
                _("elective block %(code)s has no rule: give disciplines or credits to choose on its first row")
                % {"code": block.code},
            )
    return placed, blocks


def _validate_block_row(sheet, cols, row, blocks, block_code, term, count_value, credits_value):
    v = row.values
    if count_value is not None and credits_value is not None:
        sheet.error(row, cols["choose_count"], _("give either disciplines or credits to choose, not both"))
        return
    for value, column in ((count_value, "choose_count"), (credits_value, "choose_credits")):
        if value is not None and value < 1:
            sheet.error(row, cols[column], _("the number to choose must be at least 1"))
            return
    block = blocks.get(block_code)
    if block is None:
        blocks[block_code] = ParsedBlock(
            code=block_code,
            term=term,
            first_row=row.number,
            name=v.get("block_name") or "",
            choose_count=count_value,
            choose_credits=credits_value,
        )
        return
    if term is not None and block.term is not None and term != block.term:
        sheet.error(
            row,
            cols["term"],
            _("elective block %(code)s is in term %(term)s (row %(row)s); its alternatives share that term")
            % {"code": block_code, "term": block.term, "row": block.first_row},
        )
    if (count_value, credits_value) != (None, None) and (count_value, credits_value) != (
        block.choose_count,
        block.choose_credits,
    ):
        sheet.error(
            row,
            cols["choose_count"],
            _("elective block %(code)s already has its rule on row %(row)s; this row gives another one")
            % {"code": block_code, "row": block.first_row},
        )


def curriculum_import(*, actor, programme: Programme, intake_year: int, study_form: str, language: str, upload):
    """Read, validate and apply a curriculum file; raises ImportFailed listing every bad row."""
    require(actor, MANAGE)
    sheet = read_sheet(upload, columns())
    placed, blocks = _validate(sheet, programme)
    if sheet.errors:
        raise ImportFailed(sorted(sheet.errors, key=lambda e: e.row or 0))
    combination = {
        "programme": programme,
        "intake_year": intake_year,
        "study_form": study_form,
        "language": language,
    }
    with transaction.atomic():
        draft = Curriculum.objects.filter(status=CurriculumStatus.DRAFT, **combination).first()
        created = draft is None
        if created:
            draft = curriculum_create(actor=actor, **combination)
        draft = lock_draft(draft)
        # Replacing, not merging: the file is the whole curriculum.
        CurriculumItem.objects.filter(curriculum=draft).delete()
        ElectiveBlock.objects.filter(curriculum=draft).delete()
        new_blocks = bulk_create_with_history(
            [
                ElectiveBlock(
                    curriculum=draft,
                    code=b.code,
                    name=b.name,
                    term=b.term,
                    choose_count=b.choose_count,
                    choose_credits=b.choose_credits,
                )
                for b in blocks.values()
            ],
            ElectiveBlock,
            default_user=actor,
        )
        by_code = {b.code: b for b in new_blocks}
        items = bulk_create_with_history(
            [
                CurriculumItem(curriculum=draft, discipline=discipline, term=term, block=by_code.get(block_code))
                for _row, discipline, term, block_code in placed
            ],
            CurriculumItem,
            default_user=actor,
        )
    return ImportResult(curriculum=draft, items=len(items), blocks=len(new_blocks), created=created)


__all__ = ["ImportFailed", "ImportResult", "RowError", "columns", "curriculum_import", "template_bytes"]
