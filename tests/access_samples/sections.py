"""Samples for the sections URLs with arguments.

The sample stream is taught by the `teacher` fixture user and belongs to a discipline of a department
in the faculty read by the `dean_office` fixture user; the practice group inside it has no teacher.
So the matrix proves that the teacher sees their stream and the groups inside it, the dean's office
its faculty's sections, and another teacher (or an adviser, who is a teacher too) neither; only the
registrar's office changes anything.
"""

OFFICE = {"registrar", "registrar_head", "administrator"}
READERS = OFFICE | {"teacher", "dean_office"}


def _stream(users):
    from enrollment.models import Section
    from tests.academics.factories_calendar import year_with_terms
    from tests.enrollment.factories_students import DepartmentFactory, dean_office_of, teacher_for
    from tests.factories import DisciplineFactory

    existing = Section.objects.filter(discipline__code="SAMPLE-SEC", parent__isnull=True).first()
    if existing:
        return existing
    term = year_with_terms(2031).terms.get(kind="autumn")
    department = DepartmentFactory()
    dean_office_of(users["dean_office"], department.faculty)
    discipline = DisciplineFactory(code="SAMPLE-SEC", department=department)
    stream = Section.objects.create(
        term=term,
        discipline=discipline,
        language="ru",
        number=1,
        capacity=60,
        teacher=teacher_for(users["teacher"], department=department),
    )
    Section.objects.create(
        term=term, discipline=discipline, language="ru", number=1, capacity=30, kind="practice", parent=stream
    )
    return stream


def _stream_pk(users):
    return {"pk": _stream(users).pk}


def _group_pk(users):
    return {"pk": _stream(users).children.get().pk}


SAMPLES = {
    "section_detail": (_stream_pk, READERS),
    "section_edit": (_stream_pk, OFFICE),
    # POST-only adjustments: allowed roles get 405 on GET, then an empty POST (refused, redirect back).
    "section_cancel": (_group_pk, OFFICE),
    "section_merge": (_group_pk, OFFICE),
    "section_split": (_group_pk, OFFICE),
    "section_move_student": (_group_pk, OFFICE),
}

EXTRA = [
    # The practice group inside the teacher's stream: the teacher reads it too.
    ("section_detail", _group_pk, READERS),
]
