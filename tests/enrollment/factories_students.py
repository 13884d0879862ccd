"""Factories of the student file, for the enrollment, orders and admissions tests.

- `FacultyFactory`, `DepartmentFactory`, `ProgrammeFactory` (with a short code),
  `UserFactory(roles=[...])`, `TeacherFactory` (its user holds the teacher role; `adviser=True`
  adds the adviser role), `CurriculumFactory`.
- `AcademicGroupFactory` for a programme, intake year, form and language.
- `StudentFactory`: goes through `student_enrol`, so every student has an enrolment record in the
  status history like a student enrolled by an order; `status=` on_leave / expelled / graduated
  applies that change too. IINs are valid and unique (`next_iin()`), birth date and sex match.
- `enrol(...)` / `change(...)`: short wrappers of the status writer for history tests.
"""

import datetime
import itertools

import factory
from django.contrib.auth.models import Group

from academics.models import Curriculum, Department, Faculty, Programme, Teacher
from enrollment.choices import DocumentType, Funding, Movement, Sex, StudentStatus
from enrollment.iin import make_iin
from enrollment.models import AcademicGroup, DeanOfficeMember, RequiredDocument, Student
from enrollment.services.status import OrderRef, student_apply_change, student_enrol
from registrar.models import User
from registrar.roles import Role
from tests import factories as base

_serials = itertools.count(1)


def next_iin(birth_date: datetime.date | None = None, sex: str = Sex.MALE) -> tuple[str, datetime.date, str]:
    """(iin, birth_date, sex): a valid IIN never handed out before in this test process."""
    n = next(_serials)
    born = birth_date or datetime.date(2003, 1, 1) + datetime.timedelta(days=n % 2500)
    return make_iin(born, sex, serial=(n * 7) % 10_000), born, sex


class UserFactory(factory.django.DjangoModelFactory):
    """A user; `roles=[Role.TEACHER, ...]` puts them in those role groups (created if missing)."""

    class Meta:
        model = User
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"person{n:05d}")
    last_name = factory.Sequence(lambda n: ["Әлиев", "Серікбаева", "Иванов", "Қасымова"][n % 4])
    first_name = factory.Sequence(lambda n: ["Нұрлан", "Айгүл", "Сергей", "Әсел"][n % 4])
    password = factory.django.Password("secret-pass-123")
    # Tests read messages in English, like the role fixtures; notices follow the user's language.
    language = "en"

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        if create and extracted:
            self.groups.add(*(Group.objects.get_or_create(name=str(r))[0] for r in extracted))


class FacultyFactory(base.FacultyFactory):
    class Meta:
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"SF{n:03d}")
    name_kk = factory.Sequence(lambda n: f"Инженерия факультеті {n}")
    name_ru = factory.Sequence(lambda n: f"Инженерный факультет {n}")
    name_en = factory.Sequence(lambda n: f"Faculty of Engineering {n}")


class DepartmentFactory(base.DepartmentFactory):
    class Meta:
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"SD{n:03d}")
    name_kk = factory.Sequence(lambda n: f"Ақпараттық жүйелер кафедрасы {n}")
    name_ru = factory.Sequence(lambda n: f"Кафедра информационных систем {n}")
    name_en = factory.Sequence(lambda n: f"Department of Information Systems {n}")
    faculty = factory.SubFactory(FacultyFactory)


class ProgrammeFactory(base.ProgrammeFactory):
    """Offered in both forms and all three languages, so any applicant fits."""

    class Meta:
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"6B07{n % 1000:03d}")
    short_code = factory.Sequence(lambda n: f"ИС{n}")
    name_kk = factory.Sequence(lambda n: f"Ақпараттық жүйелер {n}")
    name_ru = factory.Sequence(lambda n: f"Информационные системы {n}")
    name_en = factory.Sequence(lambda n: f"Information Systems {n}")
    full_time = True
    distance = True
    lang_kk = True
    lang_ru = True
    lang_en = True
    department = factory.SubFactory(DepartmentFactory)


class TeacherFactory(factory.django.DjangoModelFactory):
    """A teacher; `TeacherFactory(adviser=True)` also gives the user the adviser role."""

    class Meta:
        model = Teacher
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory, roles=[Role.TEACHER])
    department = factory.SubFactory(DepartmentFactory)

    @factory.post_generation
    def adviser(self, create, extracted, **kwargs):
        if create and extracted:
            self.user.groups.add(Group.objects.get_or_create(name=Role.ADVISER.value)[0])


def teacher_for(user: User, *, department: Department | None = None) -> Teacher:
    """The Teacher row of an existing user (e.g. the `adviser` fixture user), created if missing."""
    teacher = Teacher.objects.filter(user=user).first()
    return teacher or TeacherFactory(user=user, department=department or DepartmentFactory())


class CurriculumFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Curriculum

    programme = factory.SubFactory(ProgrammeFactory)
    intake_year = 2025
    study_form = "full_time"
    language = "ru"
    version = 1
    status = "draft"


class AcademicGroupFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AcademicGroup

    programme = factory.SubFactory(ProgrammeFactory)
    intake_year = 2025
    study_form = "full_time"
    language = "ru"
    number = factory.Sequence(lambda n: n + 1)
    name = factory.LazyAttribute(
        lambda o: f"{o.programme.short_code or o.programme.code}-{o.intake_year % 100:02d}-{o.number}"
    )


def factory_actor() -> User:
    """The user recorded as the author of factory-made history rows."""
    return UserFactory(username="factory-registrar", roles=[Role.REGISTRAR])


_STATUS_MOVEMENT = {
    StudentStatus.ON_LEAVE: Movement.LEAVE,
    StudentStatus.EXPELLED: Movement.EXPELLED,
    StudentStatus.GRADUATED: Movement.GRADUATED,
}


class StudentFactory(factory.django.DjangoModelFactory):
    """An enrolled student (through `student_enrol`: the status history has the enrolment).

    Extra keywords: `enrolled_on` (default 1 September of the intake year), `actor`,
    `status` (active by default; on_leave / expelled / graduated apply that change on
    `status_on`, default a year after enrolment), `order_ref`.
    """

    class Meta:
        model = Student
        exclude = ("iin_parts",)

    iin_parts = factory.LazyFunction(next_iin)
    iin = factory.LazyAttribute(lambda o: o.iin_parts[0])
    birth_date = factory.LazyAttribute(lambda o: o.iin_parts[1])
    sex = factory.LazyAttribute(lambda o: o.iin_parts[2])
    student_number = factory.Sequence(lambda n: f"S{n:07d}")
    last_name = factory.Sequence(lambda n: ["Серікбаев", "Жұмабеков", "Оспанов", "Ким", "Ғабитов"][n % 5])
    first_name = factory.Sequence(lambda n: ["Дәурен", "Нұрлан", "Асқар", "Сергей", "Ұлан"][n % 5])
    patronymic = "Асқарұлы"
    last_name_latin = factory.Sequence(lambda n: ["Serikbayev", "Zhumabekov", "Ospanov", "Kim", "Gabitov"][n % 5])
    first_name_latin = factory.Sequence(lambda n: ["Dauren", "Nurlan", "Askar", "Sergey", "Ulan"][n % 5])
    citizenship = "KZ"
    programme = factory.SubFactory(ProgrammeFactory)
    intake_year = 2025
    year_of_study = 1
    study_form = "full_time"
    language = "ru"
    funding = Funding.STATE_GRANT
    group = None
    adviser = None

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        actor = kwargs.pop("actor", None) or factory_actor()
        status = kwargs.pop("status", StudentStatus.ACTIVE)
        enrolled_on = kwargs.pop("enrolled_on", None) or datetime.date(kwargs["intake_year"], 9, 1)
        status_on = kwargs.pop("status_on", None) or enrolled_on + datetime.timedelta(days=365)
        order_ref = kwargs.pop("order_ref", None)
        kwargs.pop("status_since", None)
        student = student_enrol(actor=actor, data=kwargs, effective_on=enrolled_on, order_ref=order_ref)
        if status != StudentStatus.ACTIVE:
            changes = {"status": status}
            if status == StudentStatus.ON_LEAVE:
                changes["leave_until"] = status_on + datetime.timedelta(days=365)
            student_apply_change(
                actor=actor, student=student, movement=_STATUS_MOVEMENT[status], changes=changes, effective_on=status_on
            )
        return student


def enrol(*, on: datetime.date, actor=None, **fields) -> Student:
    """A student enrolled on date `on` (keywords: any StudentFactory field)."""
    return StudentFactory(enrolled_on=on, actor=actor, **fields)


def change(student: Student, movement: str, on: datetime.date, *, actor=None, ground="", order=None, **changes):
    """Apply `changes` (tracked fields) to `student` in force from `on`; `order=(number, date)`."""
    ref = OrderRef(item_id=None, number=order[0], date=order[1]) if order else None
    return student_apply_change(
        actor=actor or factory_actor(),
        student=student,
        movement=movement,
        changes=changes,
        effective_on=on,
        ground=ground,
        order_ref=ref,
    )


def dean_office_of(user: User, faculty: Faculty) -> DeanOfficeMember:
    return DeanOfficeMember.objects.get_or_create(user=user, faculty=faculty)[0]


def require_documents(*doc_types: str, programme: Programme | None = None) -> list[RequiredDocument]:
    """The personal-file checklist: these document types for `programme` (None: every programme)."""
    return [RequiredDocument.objects.get_or_create(programme=programme, doc_type=t)[0] for t in doc_types]


__all__ = [
    "AcademicGroupFactory",
    "CurriculumFactory",
    "DepartmentFactory",
    "DocumentType",
    "FacultyFactory",
    "ProgrammeFactory",
    "StudentFactory",
    "TeacherFactory",
    "UserFactory",
    "change",
    "dean_office_of",
    "enrol",
    "factory_actor",
    "next_iin",
    "require_documents",
    "teacher_for",
]
