"""Import of a 400-row discipline catalogue (issue 3: the closing note names the time).

Three runs of the same-sized file: a first import (every row created, with prerequisites naming
rows of the same file), the same file again (every row unchanged), and a file changing every
name (every row updated). Validation of every row is included in each figure.
"""

import time
from io import BytesIO

from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import Workbook

ROWS = 400
HEADER = [
    "Code", "Name (Kazakh)", "Name (Russian)", "Name (English)", "Credits (ECTS)", "National credits",
    "Lecture hours", "Practice hours", "Lab hours", "Self-study with teacher, hours", "Self-study, hours",
    "Control form", "Cycle", "Component", "Department code", "Prerequisites", "Physical education",
]  # fmt: skip


def _file(suffix: str = "") -> SimpleUploadedFile:
    wb = Workbook()
    ws = wb.active
    ws.append(HEADER)
    for n in range(ROWS):
        prereqs = ", ".join(f"BEN{m:04d}" for m in (n - 1, n - 7) if m >= 0 and n % 5)
        ws.append(
            [f"BEN{n:04d}", f"Қолданбалы пән {n}{suffix}", f"Прикладная дисциплина {n}{suffix}",
             f"Applied Discipline {n}{suffix}", 5, None, 15, 30, 0, 35, 70, "экзамен", "БД", "ВК",
             f"BD{n % 4}", prereqs, "нет"]
        )  # fmt: skip
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile("catalogue.xlsx", buffer.getvalue())


def run() -> dict:
    from academics.imports import catalogue_import
    from academics.models import Department, Discipline, Faculty
    from registrar.models import User
    from registrar.roles import Role, sync_role_groups

    sync_role_groups()
    actor, _created = User.objects.get_or_create(username="bench-registrar")
    actor.groups.add(Group.objects.get(name=Role.REGISTRAR))
    faculty, _created = Faculty.objects.get_or_create(
        code="BENCH", defaults={"name_kk": "Ф", "name_ru": "Ф", "name_en": "F"}
    )
    for n in range(4):
        Department.objects.get_or_create(
            code=f"BD{n}", defaults={"faculty": faculty, "name_kk": "К", "name_ru": "К", "name_en": "D"}
        )
    Discipline.objects.filter(code__startswith="BEN").delete()
    figures = {"rows": ROWS}
    for label, upload in (
        ("first_import", _file()),
        ("same_file_again", _file()),
        ("every_row_changed", _file(" (2)")),
    ):
        started = time.perf_counter()
        result = catalogue_import(actor=actor, upload=upload)
        figures[f"{label}_seconds"] = round(time.perf_counter() - started, 3)
        figures[f"{label}_counts"] = {
            "created": result.created,
            "updated": result.updated,
            "unchanged": result.unchanged,
        }
    return figures
