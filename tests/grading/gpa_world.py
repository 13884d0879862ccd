"""A small university with an academic record, for the GPA, rating, honours and analysis tests.

`gpa_world(users)`: two academic years (2030/31, 2031/32) with autumn, spring and summer terms, a
programme in a faculty the `dean_office` fixture user reads and one in another faculty, disciplines
(5 credits; a physical education one, a pass/fail one, a final attestation), and students made on
demand (`world.student(...)`). `record(student, discipline, term, letter)` writes one result as the
next attempt, with the points of the default scale ("P" / "NP" for pass/fail).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from academics.choices import ControlForm, Cycle
from academics.models import Term
from enrollment.models import Result
from registrar.scale import DEFAULT_SCALE
from tests.academics.factories_calendar import year_with_terms
from tests.enrollment.factories_students import (
    DepartmentFactory,
    FacultyFactory,
    ProgrammeFactory,
    StudentFactory,
    dean_office_of,
    factory_actor,
)
from tests.factories import DisciplineFactory

POINTS = {b.letter: b.points for b in DEFAULT_SCALE}
PASSING = {b.letter: b.is_passing for b in DEFAULT_SCALE} | {"P": True, "NP": False}


@dataclass
class GpaWorld:
    terms: list[Term]  # 2030 autumn, 2030 spring, 2030 summer, 2031 autumn, 2031 spring, 2031 summer
    programme: object
    other_programme: object
    faculty: object
    other_faculty: object
    disciplines: list
    pe: object
    pass_fail: object
    attestation: object
    extra: dict = field(default_factory=dict)

    def student(self, **kw):
        defaults = {"programme": self.programme, "intake_year": 2030, "year_of_study": 2}
        defaults.update(kw)
        return StudentFactory(**defaults)

    def term(self, year: int, kind: str) -> Term:
        return next(t for t in self.terms if t.academic_year.start_year == year and t.kind == kind)


def gpa_world(users=None) -> GpaWorld:
    terms = []
    for start in (2030, 2031):
        year = year_with_terms(start, summer=True)
        terms += list(year.terms.order_by("starts_on"))
    faculty, other_faculty = FacultyFactory(), FacultyFactory()
    department = DepartmentFactory(faculty=faculty)
    programme = ProgrammeFactory(faculty=faculty, department=department)
    other_programme = ProgrammeFactory(faculty=other_faculty, department=DepartmentFactory(faculty=other_faculty))
    if users is not None:
        dean_office_of(users["dean_office"], faculty)
    disciplines = [DisciplineFactory(code=f"GD{i}", department=department) for i in range(1, 9)]
    pe = DisciplineFactory(code="PE1", department=department, is_physical_education=True)
    pass_fail = DisciplineFactory(code="PF1", department=department, control_form=ControlForm.PASS_FAIL)
    attestation = DisciplineFactory(
        code="IA1",
        department=department,
        control_form=ControlForm.FINAL_ATTESTATION,
        cycle=Cycle.FINAL_ATTESTATION,
        credits=12,
    )
    return GpaWorld(
        terms=terms,
        programme=programme,
        other_programme=other_programme,
        faculty=faculty,
        other_faculty=other_faculty,
        disciplines=disciplines,
        pe=pe,
        pass_fail=pass_fail,
        attestation=attestation,
    )


def record(student, discipline, term, letter: str, *, credits=None, source="sheet", score=None, attempt=None):
    """One result as the next attempt of `discipline` for `student` (or the given attempt)."""
    if attempt is None:
        attempt = Result.objects.filter(student=student, discipline=discipline).count() + 1
    return Result.objects.create(
        student=student,
        discipline=discipline,
        term=term,
        attempt=attempt,
        credits=discipline.credits if credits is None else credits,
        letter=letter,
        points=POINTS.get(letter),
        passed=PASSING[letter],
        score=score,
        source=source,
        recorded_by=factory_actor(),
    )


def set_gpa_options(**values):
    """Change GPA or honours settings (and forget the cached settings row)."""
    from registrar.models import UniversitySettings
    from registrar.selectors import forget_university_settings, university_settings

    university_settings()
    UniversitySettings.objects.filter(pk=1).update(**values)
    forget_university_settings()


D = Decimal
