"""Samples for the exam-rating sheet URLs with arguments: {url_name: (factory(users) -> kwargs, {roles allowed})}.

The sample sheet is open, taught by the `teacher` fixture user, in a faculty whose dean's office is the
`dean_office` fixture user, with one student whose row has no grades yet. So the matrix proves that
another teacher (and the adviser, who also teaches) cannot open it or type in it, that a dean's office
reads it without entering grades, and that students never see it. POST-only views answer 405 to GET;
the matrix then POSTs empty data, which changes nothing: a cell needs row, field and version, submitting
is refused while a row has no final grade, closing needs a submitted sheet, reopening a reason, a
decision on a correction approve or reject.
"""

OFFICE = {"registrar", "registrar_head", "administrator"}
VIEW = OFFICE | {"teacher", "dean_office"}
ENTER = OFFICE | {"teacher"}
DECIDE = {"registrar_head", "administrator"}
NUMBER = "ACCESS-00001"


def _sheet(users):
    from enrollment.models import Section
    from grading.models import Correction, Sheet, SheetRow
    from tests.academics.factories_calendar import TermFactory
    from tests.enrollment.factories_students import StudentFactory, dean_office_of, teacher_for
    from tests.factories import DisciplineFactory

    existing = Sheet.objects.filter(number=NUMBER).first()
    if existing:
        return existing
    teacher = teacher_for(users["teacher"])
    discipline = DisciplineFactory(department=teacher.department)
    dean_office_of(users["dean_office"], discipline.department.faculty)
    term = TermFactory()
    section = Section.objects.create(
        term=term, discipline=discipline, language="ru", number=1, capacity=30, teacher=teacher
    )
    sheet = Sheet.objects.create(
        number=NUMBER,
        academic_year=term.academic_year,
        sequence=99999,
        term=term,
        section=section,
        discipline=discipline,
        teacher=teacher,
        control_form=discipline.control_form,
        created_by=users["registrar"],
    )
    row = SheetRow.objects.create(sheet=sheet, student=StudentFactory())
    Correction.objects.create(
        row=row, field="exam", old_value="", new_value="70", reason="access sample", requested_by=users["teacher"]
    )
    return sheet


def _sheet_pk(users):
    return {"pk": _sheet(users).pk}


def _row(users):
    sheet = _sheet(users)
    return {"pk": sheet.pk, "row_pk": sheet.rows.get().pk}


def _correction(users):
    from grading.models import Correction

    return {"pk": Correction.objects.get(row__sheet=_sheet(users)).pk}


SAMPLES = {
    "sheet_detail": (_sheet_pk, VIEW),
    "sheet_pdf": (_sheet_pk, VIEW),
    "sheet_cell": (_sheet_pk, ENTER),
    "sheet_submit": (_sheet_pk, ENTER),
    "sheet_import": (_sheet_pk, ENTER),
    "sheet_import_template": (_sheet_pk, ENTER),
    "sheet_reopen": (_sheet_pk, OFFICE),
    "sheet_close": (_sheet_pk, OFFICE),
    "correction_request": (_row, ENTER),
    "correction_decide": (_correction, DECIDE),
}
