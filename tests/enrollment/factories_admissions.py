"""Admission lists as the committee sends them: xlsx files built row by row, good or broken on purpose.

`applicant_row(programme, **overrides)` is one good row (valid IIN, birth date and sex agreeing);
`admission_xlsx(rows)` writes the header of the template and the rows; `upload(...)` wraps bytes
as an uploaded file. Structure comes from the student-file factories (factories_students).
"""

import datetime
import itertools
from io import BytesIO

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import translation
from openpyxl import Workbook

from enrollment.iin import make_iin
from orders.admissions import COLUMNS

from .factories_students import (  # noqa: F401 - re-exported for the admissions tests
    AcademicGroupFactory,
    CurriculumFactory,
    DepartmentFactory,
    ProgrammeFactory,
    StudentFactory,
    TeacherFactory,
    UserFactory,
    teacher_for,
)

_serial = itertools.count(5000)

SURNAMES = ["Серікбаев", "Жұмабекова", "Қасымов", "Әлиева", "Ким", "Иванова", "Ғабитов", "Үсенова"]
GIVEN = ["Дәурен", "Айгүл", "Нұрлан", "Әсел", "Андрей", "Мария", "Ұлан", "Іңкәр"]


def applicant_row(programme_obj, **overrides) -> dict:
    """A valid applicant (keys are the template's column keys)."""
    n = next(_serial)
    female = n % 2 == 1
    born = datetime.date(2007, 1, 1) + datetime.timedelta(days=n % 700)
    sex = "F" if female else "M"
    row = {
        "last_name": SURNAMES[n % len(SURNAMES)],
        "first_name": GIVEN[n % len(GIVEN)],
        "patronymic": "Асқарқызы" if female else "Асқарұлы",
        "last_name_latin": "",
        "first_name_latin": "",
        "iin": make_iin(born, sex, serial=n),
        "birth_date": born.strftime("%d.%m.%Y"),
        "sex": "ж" if female else "м",
        "citizenship": "KZ",
        "phone": "+7 701 000 00 00",
        "email": f"applicant{n}@example.kz",
        "programme": programme_obj.code if programme_obj is not None else "",
        "study_form": "очная",
        "language": "рус",
        "funding": "грант",
        "year_of_study": None,
    }
    row.update(overrides)
    return row


def admission_xlsx(rows: list[dict], *, headers: list[str] | None = None, keys: list[str] | None = None) -> bytes:
    """An xlsx with the template's header (or `headers`) and one line per row dict."""
    keys = keys or [c.key for c in COLUMNS]
    wb = Workbook()
    ws = wb.active
    with translation.override("en"):
        ws.append(headers or [str(c.header) for c in COLUMNS if c.key in keys])
    for row in rows:
        ws.append([row.get(k) for k in keys])
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def upload(content: bytes, name: str = "admission.xlsx") -> SimpleUploadedFile:
    return SimpleUploadedFile(
        name, content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    )
