"""Enrolment from the admissions committee's list (issue 4, RULES.md §8 enrolment, §10 people data).

The list is an xlsx, one applicant per row. Every row is validated first (required cells,
dates, IIN checksum and its birth-date/sex digits, IIN unique in the file and against the
students already enrolled and the applicants of other draft enrolment orders, programme code,
form and language the programme offers); every problem is reported with its row number and
nothing is created while any row is bad (DESIGN.md: bulk input is all or nothing). A valid list
becomes ONE draft enrolment order with one item per applicant; the head signs it (orders), and
signing creates the students, places them in groups and gives them advisers (placement).
"""

import datetime
import math
from dataclasses import dataclass, replace
from io import BytesIO

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook
from openpyxl.styles import Font

from academics.choices import Language, StudyForm
from academics.models import Programme
from enrollment.choices import Funding, Sex
from enrollment.iin import validate_iin
from enrollment.models import Student
from registrar.dates import academic_year_of
from registrar.xlsx_import import Column, ImportFailed, RowError, read_sheet, template_workbook

from .admission_values import (
    FORM_VALUES,
    FUNDING_VALUES,
    LANGUAGE_VALUES,
    SEX_VALUES,
    parse_choice,
    parse_citizenship,
    parse_date,
    parse_iin,
    valid_latin_name,
    valid_name,
)

COLUMNS = [
    Column("last_name", gettext_lazy("Surname"), aliases=("Фамилия", "Тегі")),
    Column("first_name", gettext_lazy("Given name"), aliases=("Имя", "Аты")),
    Column("patronymic", gettext_lazy("Patronymic"), required=False, aliases=("Отчество", "Әкесінің аты")),
    Column(
        "last_name_latin",
        gettext_lazy("Surname (Latin)"),
        required=False,
        aliases=("Фамилия (латиницей)", "Тегі (латынша)", "Latin surname"),
    ),
    Column(
        "first_name_latin",
        gettext_lazy("Given name (Latin)"),
        required=False,
        aliases=("Имя (латиницей)", "Аты (латынша)", "Latin given name"),
    ),
    Column("iin", gettext_lazy("IIN"), required=False, aliases=("ИИН", "ЖСН")),
    Column("birth_date", gettext_lazy("Birth date"), aliases=("Дата рождения", "Туған күні")),
    Column("sex", gettext_lazy("Sex"), aliases=("Пол", "Жынысы")),
    Column("citizenship", gettext_lazy("Citizenship"), required=False, aliases=("Гражданство", "Азаматтығы")),
    Column("phone", gettext_lazy("Phone"), required=False, aliases=("Телефон",)),
    Column(
        "email", gettext_lazy("Email"), required=False, aliases=("Электронная почта", "Электрондық пошта", "E-mail")
    ),
    Column(
        "programme",
        gettext_lazy("Programme code"),
        aliases=("Код образовательной программы", "Код ОП", "Білім беру бағдарламасының коды", "ББ коды"),
    ),
    Column("study_form", gettext_lazy("Study form"), aliases=("Форма обучения", "Оқу нысаны")),
    Column("language", gettext_lazy("Language of instruction"), aliases=("Язык обучения", "Оқыту тілі", "Оқу тілі")),
    Column("funding", gettext_lazy("Funding"), aliases=("Финансирование", "Вид финансирования", "Қаржыландыру")),
    Column(
        "year_of_study",
        gettext_lazy("Year of study"),
        kind="int",
        required=False,
        aliases=("Курс", "Год обучения", "Оқу курсы"),
    ),
]
_COL = {c.key: c for c in COLUMNS}


def reading_columns() -> list[Column]:
    """COLUMNS accepting their header in every interface language: a template downloaded in Kazakh
    is read back by a registrar working in Russian."""
    from django.conf import settings
    from django.utils import translation

    result = []
    for column in COLUMNS:
        names = set(column.aliases)
        for code, _name in settings.LANGUAGES:
            with translation.override(code):
                names.add(str(column.header))
        result.append(replace(column, aliases=tuple(sorted(names))))
    return result


_MAX_LEN = {"last_name": 100, "first_name": 100, "patronymic": 100, "last_name_latin": 100, "first_name_latin": 100}
_MAX_YEAR = 7  # the Student model's bound


@dataclass
class Applicant:
    """One valid row: Student field values plus where it came from."""

    row: int
    data: dict

    def params(self) -> dict:
        """The enrolment order item's parameters (orders.params: JSON-ready, empty values left out).

        The curriculum, group and adviser are left to the signing: it takes the approved curriculum
        of the intake and places the student (enrollment.services.placement)."""
        return {
            k: (v.isoformat() if isinstance(v, datetime.date) else v)
            for k, v in self.data.items()
            if v not in (None, "")
        }


def admission_template() -> bytes:
    """The xlsx to fill in: the header row, IIN and dates as text cells, and a sheet of accepted values."""
    content = template_workbook(COLUMNS)
    wb = load_workbook(BytesIO(content))
    ws = wb.worksheets[0]
    ws.title = str(_("applicants"))
    for i, column in enumerate(COLUMNS, start=1):
        if column.key in ("iin", "birth_date", "phone", "programme"):
            # Text cells: Excel would otherwise drop an IIN's leading zero or turn dates into numbers.
            for row in range(2, 2002):
                ws.cell(row=row, column=i).number_format = "@"
    help_ws = wb.create_sheet(str(_("accepted values")))
    bold = Font(bold=True)
    help_ws.append([str(_("column")), str(_("accepted values"))])
    for cell in help_ws[1]:
        cell.font = bold
    help_ws.append([str(_COL["birth_date"].header), "DD.MM.YYYY"])
    help_ws.append([str(_COL["sex"].header), "M / F; м / ж; ер / әйел"])
    help_ws.append([str(_COL["citizenship"].header), str(_("two-letter country code, empty means KZ"))])
    help_ws.append([str(_COL["study_form"].header), ", ".join(f"{c.value} ({c.label})" for c in StudyForm)])
    help_ws.append([str(_COL["language"].header), ", ".join(f"{c.value} ({c.label})" for c in Language)])
    help_ws.append([str(_COL["funding"].header), ", ".join(f"{c.value} ({c.label})" for c in Funding)])
    help_ws.append([str(_COL["year_of_study"].header), str(_("empty means 1"))])
    help_ws.append([])
    help_ws.append([str(_("Programme code")), str(_("study forms")), str(_("languages")), str(_("name"))])
    for cell in help_ws[help_ws.max_row]:
        cell.font = bold
    for p in Programme.objects.filter(is_active=True).order_by("code"):
        help_ws.append([p.code, ", ".join(p.study_forms), ", ".join(p.languages), p.name])
    help_ws.column_dimensions["A"].width = 28
    help_ws.column_dimensions["B"].width = 60
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def admission_list_read(upload, *, effective_on: datetime.date) -> list[Applicant]:
    """Every row of the list validated; raises ImportFailed listing every problem of every row."""
    sheet = read_sheet(upload, reading_columns())
    programmes = {
        p.code: p
        for p in Programme.objects.filter(
            code__in={str(r.values.get("programme") or "").strip().upper() for r in sheet.rows}
        )
    }
    academic_year = academic_year_of(effective_on)
    # Cells read_sheet could not read (empty required cells, text in a number column), by row.
    unreadable: dict[int, set[str]] = {}
    for e in sheet.errors:
        unreadable.setdefault(e.row, set()).add(e.column)
    applicants: list[Applicant] = []
    for row in sheet.rows:
        data = _row_data(sheet, row, programmes, academic_year, unreadable.get(row.number, set()))
        if data is not None:
            applicants.append(Applicant(row.number, data))
    _check_iins_unique(sheet)
    if sheet.errors:
        raise ImportFailed(sorted(sheet.errors, key=lambda e: e.row or 0))
    return applicants


def _row_data(sheet, row, programmes, academic_year, unreadable: set[str]) -> dict | None:
    v = row.values
    errors_before = len(sheet.errors)
    data: dict = {}
    for key in ("last_name", "first_name", "patronymic"):
        text = (v.get(key) or "").strip()
        if text and not valid_name(text):
            sheet.error(row, _COL[key], _("only letters, spaces, hyphens and apostrophes are allowed"))
        data[key] = text
    for key in ("last_name_latin", "first_name_latin"):
        text = (v.get(key) or "").strip()
        if text and not valid_latin_name(text):
            sheet.error(row, _COL[key], _("only Latin letters, spaces, hyphens and apostrophes are allowed"))
        data[key] = text
    for key, limit in _MAX_LEN.items():
        if len(data[key]) > limit:
            sheet.error(row, _COL[key], _("at most %(n)d characters") % {"n": limit})

    birth_date = None
    if v.get("birth_date"):
        try:
            birth_date = parse_date(v["birth_date"])
        except ValueError as exc:
            sheet.error(row, _COL["birth_date"], str(exc))
        else:
            if not datetime.date(1900, 1, 1) <= birth_date <= datetime.date(academic_year - 10, 12, 31):
                sheet.error(
                    row, _COL["birth_date"], _("the birth date %(d)s is not plausible") % {"d": v["birth_date"]}
                )
                birth_date = None
    data["birth_date"] = birth_date

    data["sex"] = _choice(sheet, row, "sex", SEX_VALUES, Sex)
    data["study_form"] = _choice(sheet, row, "study_form", FORM_VALUES, StudyForm)
    data["language"] = _choice(sheet, row, "language", LANGUAGE_VALUES, Language)
    data["funding"] = _choice(sheet, row, "funding", FUNDING_VALUES, Funding)

    try:
        data["citizenship"] = parse_citizenship(v.get("citizenship"))
    except ValueError as exc:
        sheet.error(row, _COL["citizenship"], str(exc))
        data["citizenship"] = None

    iin = parse_iin(v.get("iin"))
    if iin:
        for message in validate_iin(iin, birth_date=birth_date, sex=data["sex"]):
            sheet.error(row, _COL["iin"], message)
    elif data["citizenship"] == "KZ":
        sheet.error(
            row, _COL["iin"], _("a citizen of Kazakhstan must have an IIN (only foreign students may have none)")
        )
    data["iin"] = iin or None

    data["phone"] = str(v.get("phone") or "").strip()[:30]
    email = str(v.get("email") or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            sheet.error(row, _COL["email"], _("“%(value)s” is not an email address") % {"value": email})
    data["email"] = email

    year = v.get("year_of_study")
    if year is None and str(_COL["year_of_study"].header) not in unreadable:
        year = 1  # an empty cell: the first year
    code = str(v.get("programme") or "").strip().upper()
    programme = programmes.get(code)
    if code and programme is None:
        sheet.error(
            row, _COL["programme"], _("there is no educational programme with the code %(code)s") % {"code": code}
        )
    elif programme is not None:
        if not programme.is_active:
            sheet.error(row, _COL["programme"], _("the programme %(code)s is closed for enrolment") % {"code": code})
        if data["study_form"] and data["study_form"] not in programme.study_forms:
            sheet.error(
                row,
                _COL["study_form"],
                _("the programme %(code)s is not offered in the %(form)s form")
                % {"code": code, "form": StudyForm(data["study_form"]).label},
            )
        if data["language"] and data["language"] not in programme.languages:
            sheet.error(
                row,
                _COL["language"],
                _("the programme %(code)s is not taught in %(language)s")
                % {"code": code, "language": Language(data["language"]).label},
            )
        longest = min(_MAX_YEAR, math.ceil(programme.duration_years))  # 2.5 years have a 3rd year
        if year is not None and not 1 <= year <= longest:
            sheet.error(
                row,
                _COL["year_of_study"],
                _("the year of study must be from 1 to %(n)d for this programme") % {"n": longest},
            )
    if year is not None and year < 1:
        sheet.error(row, _COL["year_of_study"], _("the year of study must be 1 or more"))
    data["year_of_study"] = year
    row.values["_iin"] = iin  # compared for duplicates in the file even when the row is bad
    if unreadable or len(sheet.errors) > errors_before or programme is None:
        return None
    data["programme"] = programme.code
    data["intake_year"] = academic_year - (year - 1)
    return data


def _choice(sheet, row, key, table, choices):
    raw = row.values.get(key)
    if raw is None:
        return None
    value = parse_choice(raw, table, choices)
    if value is None:
        accepted = ", ".join(str(c.value) for c in choices)
        sheet.error(
            row,
            _COL[key],
            _("“%(value)s” is not understood; use one of: %(accepted)s") % {"value": raw, "accepted": accepted},
        )
    return value


def _check_iins_unique(sheet) -> None:
    """An IIN occurs once in the file, belongs to no enrolled student and to no other draft applicant."""
    seen: dict[str, int] = {}
    for row in sheet.rows:
        iin = row.values.get("_iin")
        if not iin:
            continue
        if iin in seen:
            sheet.error(
                row, _COL["iin"], _("the IIN %(iin)s is also in row %(other)d") % {"iin": iin, "other": seen[iin]}
            )
        else:
            seen[iin] = row.number
    if not seen:
        return
    for found in Student.objects.filter(iin__in=list(seen)).only("iin", "student_number", "last_name", "first_name"):
        sheet.error(
            seen[found.iin],
            str(_COL["iin"].header),
            _("the IIN %(iin)s belongs to the student %(name)s (%(number)s) already")
            % {"iin": found.iin, "name": found.full_name, "number": found.student_number},
        )
    for iin, order in _iins_in_draft_orders(set(seen)).items():
        sheet.error(
            seen[iin],
            str(_COL["iin"].header),
            _("the IIN %(iin)s is already an applicant of the draft enrolment order %(order)s")
            % {"iin": iin, "order": order},
        )


def _iins_in_draft_orders(iins: set[str]) -> dict[str, str]:
    """IIN -> the draft enrolment order naming it: uploading the same list twice is refused."""
    from orders.choices import OrderStatus, OrderType
    from orders.models import OrderItem

    found = {}
    items = OrderItem.objects.filter(
        order__order_type=OrderType.ENROLMENT, order__status=OrderStatus.DRAFT
    ).select_related("order")
    for item in items.only("params", "order__id", "order__number"):
        iin = (item.params or {}).get("iin")
        if iin in iins:
            found[iin] = item.order.number or f"#{item.order.pk}"
    return found


def admission_list_import(*, actor, upload, order_date: datetime.date, effective_on: datetime.date, basis: str = ""):
    """Turn a valid admission list into a draft enrolment order, one item per applicant.

    Raises ImportFailed (every bad row) or DomainError (the order could not be drafted);
    in both cases nothing is created.
    """
    from orders.choices import OrderType
    from orders.params import clean_params
    from orders.services import order_create, order_items_add

    applicants = admission_list_read(upload, effective_on=effective_on)
    # The order's own parameter check, row by row, so that even its refusals name the row.
    problems = [
        RowError(a.row, None, message)
        for a in applicants
        for _name, message in clean_params(OrderType.ENROLMENT, a.params(), check_required=True)[1]
    ]
    if problems:
        raise ImportFailed(problems)
    with transaction.atomic():
        order = order_create(
            actor=actor,
            order_type=OrderType.ENROLMENT,
            order_date=order_date,
            effective_on=effective_on,
            basis=basis,
        )
        order_items_add(actor=actor, order=order, entries=[(None, a.params()) for a in applicants])
    return order
