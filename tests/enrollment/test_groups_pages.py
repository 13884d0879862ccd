"""Academic groups: names from the settings' pattern, numbering, the locked structure of a group with
students, the group page with its members in a bounded number of queries."""

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from enrollment.models import AcademicGroup
from enrollment.services.groups import group_create, group_name, group_update
from registrar.errors import DomainError
from registrar.models import UniversitySettings

from .factories_students import AcademicGroupFactory, ProgrammeFactory, StudentFactory, TeacherFactory

# --- the pure naming rule ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "pattern,expected",
    [
        ("{code}-{yy}-{n}", "ИС-25-3"),
        ("{code}{yy}-{n:02d}", "ИС25-03"),
        ("{code}-{yyyy}-{n}{lang}", "ИС-2025-3kk"),
        ("{code}-{year}-{n} ({form})", "ИС-2025-3 (full_time)"),
        ("  {code}-{n}  ", "ИС-3"),
    ],
)
def test_group_name_follows_the_pattern(pattern, expected):
    assert group_name(pattern, "ИС", 2025, 3, "kk", "full_time") == expected


@pytest.mark.parametrize("pattern", ["{code}-{grade}", "{0}-{n}", "{code", "{n:q}"])
def test_a_broken_pattern_is_refused(pattern):
    with pytest.raises((ValueError, KeyError, IndexError)):
        group_name(pattern, "ИС", 2025, 1, "ru")


@given(
    code=st.text(alphabet="АБВИСҚӘІABC", min_size=1, max_size=6),
    year=st.integers(min_value=2000, max_value=2099),
    number=st.integers(min_value=1, max_value=99),
)
def test_the_default_pattern_keeps_code_two_digit_year_and_number(code, year, number):
    name = group_name("{code}-{yy}-{n}", code, year, number, "ru")
    assert name == f"{code}-{str(year)[2:]}-{number}"
    assert name.rsplit("-", 2)[1] == f"{year % 100:02d}"


# --- services and pages --------------------------------------------------------------------------

pytestmark_db = pytest.mark.django_db


@pytestmark_db
def test_a_new_group_takes_the_next_number_and_the_pattern_name(users):
    programme = ProgrammeFactory(short_code="ВТ")
    first = group_create(
        actor=users["registrar"], programme=programme, intake_year=2025, study_form="full_time", language="kk"
    )
    second = group_create(
        actor=users["registrar"], programme=programme, intake_year=2025, study_form="full_time", language="ru"
    )
    assert (first.name, first.number) == ("ВТ-25-1", 1)
    assert (second.name, second.number) == ("ВТ-25-2", 2)  # numbered across the intake: names never clash


@pytestmark_db
def test_the_pattern_comes_from_the_university_settings(users):
    UniversitySettings.objects.update_or_create(pk=1, defaults={"group_name_pattern": "{code}{yy}{n:02d}-{lang}"})
    from registrar.selectors import forget_university_settings

    forget_university_settings()
    group = group_create(
        actor=users["registrar"],
        programme=ProgrammeFactory(short_code="ЮР"),
        intake_year=2024,
        study_form="distance",
        language="ru",
    )
    assert group.name == "ЮР2401-ru"


@pytestmark_db
def test_a_language_or_form_the_programme_lacks_is_refused(users):
    programme = ProgrammeFactory(lang_en=False, distance=False)
    with pytest.raises(DomainError) as exc:
        group_create(
            actor=users["registrar"], programme=programme, intake_year=2025, study_form="distance", language="en"
        )
    assert len(exc.value.errors) == 2


@pytestmark_db
def test_a_clashing_name_is_refused(users):
    existing = AcademicGroupFactory()
    with pytest.raises(DomainError) as exc:
        group_create(
            actor=users["registrar"],
            programme=ProgrammeFactory(),
            intake_year=2025,
            study_form="full_time",
            language="ru",
            name=existing.name,
        )
    assert exc.value.field == "name"


@pytestmark_db
def test_name_and_curator_are_editable_but_a_group_with_students_keeps_its_programme(users):
    group = AcademicGroupFactory()
    StudentFactory(programme=group.programme, group=group)
    curator = TeacherFactory()
    updated = group_update(
        actor=users["registrar"], group=group, data={"name": "ИС-25-1 (кәсіптік)", "curator": curator}
    )
    assert (updated.name, updated.curator) == ("ИС-25-1 (кәсіптік)", curator)
    with pytest.raises(DomainError):
        group_update(actor=users["registrar"], group=group, data={"programme": ProgrammeFactory()})
    with pytest.raises(DomainError):
        group_update(actor=users["registrar"], group=group, data={"language": "kk"})


@pytestmark_db
def test_an_empty_group_may_change_its_language(users):
    group = AcademicGroupFactory(language="ru")
    assert group_update(actor=users["registrar"], group=group, data={"language": "kk"}).language == "kk"


@pytestmark_db
@pytest.mark.parametrize("role", ["dean_office", "adviser", "teacher"])
def test_only_the_office_creates_groups(users, role):
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        group_create(
            actor=users[role], programme=ProgrammeFactory(), intake_year=2025, study_form="full_time", language="ru"
        )


@pytestmark_db
def test_creating_a_group_through_the_form(client_for):
    programme = ProgrammeFactory(short_code="МТ")
    curator = TeacherFactory()
    response = client_for("registrar").post(
        reverse("group_create"),
        {
            "programme": programme.pk,
            "intake_year": 2025,
            "study_form": "full_time",
            "language": "kk",
            "curator": curator.pk,
        },
    )
    group = AcademicGroup.objects.get(programme=programme)
    assert response.status_code == 302 and response["Location"] == reverse("group_detail", args=[group.pk])
    assert group.name == "МТ-25-1" and group.curator == curator


@pytestmark_db
def test_editing_a_group_through_the_form_shows_refusals_on_the_field(client_for):
    group = AcademicGroupFactory()
    StudentFactory(programme=group.programme, group=group)
    other = ProgrammeFactory()
    response = client_for("registrar").post(
        reverse("group_edit", args=[group.pk]),
        {
            "programme": other.pk,
            "intake_year": group.intake_year,
            "study_form": group.study_form,
            "language": group.language,
            "number": group.number,
            "name": group.name,
            "is_active": "on",
        },
    )
    assert response.status_code == 200
    assert response.context["form"].errors["programme"]


@pytestmark_db
def test_the_group_list_filters_by_programme_intake_form_and_language(client_for):
    a = AcademicGroupFactory(intake_year=2024, language="kk")
    b = AcademicGroupFactory(programme=a.programme, intake_year=2025, language="ru", study_form="distance")
    StudentFactory(programme=a.programme, group=a)
    client = client_for("dean_office")

    def names(query):
        response = client.get(reverse("group_list") + query)
        return {row.record.name for row in response.context["table"].paginated_rows}

    assert names(f"?programme={a.programme_id}") == {a.name, b.name}
    assert names("?intake_year=2024") == {a.name}
    assert names("?language=ru&study_form=distance") == {b.name}
    members = {row.record.name: row.record.members for row in client.get(reverse("group_list")).context["table"].rows}
    assert members[a.name] == 1


@pytestmark_db
def test_the_group_page_lists_members_in_a_bounded_number_of_queries(client_for, django_assert_max_num_queries):
    group = AcademicGroupFactory()
    for _ in range(25):
        StudentFactory(programme=group.programme, group=group, adviser=TeacherFactory())
    client = client_for("registrar")
    with django_assert_max_num_queries(10):
        response = client.get(reverse("group_detail", args=[group.pk]))
    assert len(response.context["members"]) == 25


@pytestmark_db
def test_a_teacher_sees_the_members_but_cannot_open_their_cards(client_for, users):
    from .factories_students import teacher_for

    group = AcademicGroupFactory()
    advisee = StudentFactory(programme=group.programme, group=group, adviser=teacher_for(users["adviser"]))
    other = StudentFactory(programme=group.programme, group=group)
    links = {
        s.pk: visible
        for s, visible in client_for("teacher").get(reverse("group_detail", args=[group.pk])).context["members"]
    }
    assert links == {advisee.pk: False, other.pk: False}
    links = {
        s.pk: visible
        for s, visible in client_for("adviser").get(reverse("group_detail", args=[group.pk])).context["members"]
    }
    assert links == {advisee.pk: True, other.pk: False}
