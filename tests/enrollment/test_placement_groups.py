"""Placement at signing: groups fill up to the size in settings, per programme, intake, form and
language; advisers are given round-robin within the programme's department."""

import pytest
from django.db import transaction
from hypothesis import given
from hypothesis import strategies as st

from enrollment.choices import StudentStatus
from enrollment.models import AcademicGroup
from enrollment.services.placement import adviser_for, group_for, group_name
from registrar.models import UniversitySettings
from registrar.roles import Role
from registrar.selectors import forget_university_settings

from .factories_admissions import (
    AcademicGroupFactory,
    DepartmentFactory,
    ProgrammeFactory,
    StudentFactory,
    TeacherFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def max_size():
    def _set(n, pattern=None):
        UniversitySettings.objects.get_or_create(pk=1)
        values = {"academic_group_max_size": n}
        if pattern:
            values["group_name_pattern"] = pattern
        UniversitySettings.objects.filter(pk=1).update(**values)
        forget_university_settings()

    return _set


def _place(actor, programme, n, *, year=2026, form="full_time", language="ru"):
    """One signing (its own transaction) enrolling n students, each into the group group_for gives."""
    groups = []
    with transaction.atomic():
        for _i in range(n):
            group = group_for(actor=actor, programme=programme, intake_year=year, study_form=form, language=language)
            StudentFactory(programme=programme, intake_year=year, study_form=form, language=language, group=group)
            groups.append(group.name)
    return groups


def test_groups_fill_to_the_maximum_then_the_next_group_opens(users, max_size):
    max_size(3)
    programme = ProgrammeFactory(short_code="ИС")
    names = _place(users["registrar_head"], programme, 7)
    assert names == ["ИС-26-1"] * 3 + ["ИС-26-2"] * 3 + ["ИС-26-3"]
    assert AcademicGroup.objects.filter(programme=programme).count() == 3


def test_a_free_place_in_an_earlier_group_is_filled_first(users, max_size):
    max_size(2)
    programme = ProgrammeFactory(short_code="ПИ")
    _place(users["registrar_head"], programme, 4)
    leaver = programme.students.filter(group__number=1).first()
    type(leaver).objects.filter(pk=leaver.pk).update(status=StudentStatus.EXPELLED)
    assert _place(users["registrar_head"], programme, 1) == ["ПИ-26-1"]


def test_each_language_and_study_form_has_its_own_groups(users, max_size):
    max_size(25)
    programme = ProgrammeFactory(short_code="ЭК")
    head = users["registrar_head"]
    ru = _place(head, programme, 2, language="ru")
    kk = _place(head, programme, 2, language="kk")
    distance = _place(head, programme, 1, form="distance")
    assert len(set(ru)) == len(set(kk)) == len(set(distance)) == 1
    assert len({ru[0], kk[0], distance[0]}) == 3  # numbered across the intake, so names never clash
    group = AcademicGroup.objects.get(name=kk[0])
    assert (group.language, group.study_form, group.intake_year) == ("kk", "full_time", 2026)


def test_one_signing_reads_the_groups_once_and_counts_the_places_it_gives(users, max_size, django_assert_num_queries):
    max_size(3)
    programme = ProgrammeFactory(short_code="ИС")
    _place(users["registrar_head"], programme, 1)
    with transaction.atomic():
        with django_assert_num_queries(2):  # the programme's lock and its groups' sizes
            first = [
                group_for(actor=None, programme=programme, intake_year=2026, study_form="full_time", language="ru")
            ]
        with django_assert_num_queries(0):
            first.append(
                group_for(actor=None, programme=programme, intake_year=2026, study_form="full_time", language="ru")
            )
        third = group_for(actor=None, programme=programme, intake_year=2026, study_form="full_time", language="ru")
    assert [g.name for g in first] == ["ИС-26-1", "ИС-26-1"]
    assert third.name == "ИС-26-2"  # the first group is full by the count, without reading it again


def test_outside_a_transaction_every_call_reads_the_database(users):
    from enrollment.services.placement import _scope

    assert _scope() is not None  # a test runs in a transaction
    with transaction.atomic():
        inner = _scope()
        assert inner is _scope()
    assert _scope() is not inner


def test_another_intake_year_starts_at_number_one(users):
    programme = ProgrammeFactory(short_code="ФН")
    assert _place(users["registrar_head"], programme, 1, year=2025) == ["ФН-25-1"]
    assert _place(users["registrar_head"], programme, 1, year=2026) == ["ФН-26-1"]


def test_group_name_follows_the_pattern_in_settings(users, max_size):
    max_size(25, pattern="{code}{yy}-{n}{lang}")
    programme = ProgrammeFactory(short_code="АУ")
    assert _place(users["registrar_head"], programme, 1, language="kk") == ["АУ26-1kk"]


def test_programme_code_names_the_group_when_it_has_no_short_code(users):
    programme = ProgrammeFactory(code="6B01501", short_code="")
    assert _place(users["registrar_head"], programme, 1) == ["6B01501-26-1"]


def test_an_inactive_group_is_not_filled(users):
    programme = ProgrammeFactory(short_code="МАТ")
    AcademicGroupFactory(programme=programme, intake_year=2026, number=1, name="МАТ-26-1", is_active=False)
    assert _place(users["registrar_head"], programme, 1) == ["МАТ-26-2"]


def test_a_name_taken_by_another_programme_with_the_same_short_code_is_skipped(users):
    other = ProgrammeFactory(short_code="ҚТӘ")
    AcademicGroupFactory(programme=other, intake_year=2026, number=1, name="ҚТӘ-26-1")
    programme = ProgrammeFactory(short_code="ҚТӘ")
    assert _place(users["registrar_head"], programme, 1) == ["ҚТӘ-26-2"]


@given(
    code=st.text(alphabet="АБВӘҚІ6B0123", min_size=1, max_size=8),
    year=st.integers(min_value=2000, max_value=2099),
    n=st.integers(min_value=1, max_value=99),
)
def test_default_group_name_is_code_two_digit_year_and_number(code, year, n):
    assert group_name("{code}-{yy}-{n}", code=code, intake_year=year, number=n, language="ru") == (
        f"{code}-{year % 100:02d}-{n}"
    )


def test_a_mistyped_pattern_keeps_unknown_fields_and_never_fails():
    assert group_name("{code}-{course}-{n}", code="ИС", intake_year=2026, number=2, language="kk") == "ИС-{course}-2"
    assert group_name("{code-{n}", code="ИС", intake_year=2026, number=2, language="kk") == "ИС-26-2"
    assert len(group_name("{code}" * 30, code="ИС", intake_year=2026, number=2, language="kk")) <= 40


# Advisers -------------------------------------------------------------------------------------


def _adviser(department, **kwargs):
    return TeacherFactory(department=department, adviser=True, **kwargs)


def test_advisers_are_given_round_robin_by_fewest_active_advisees():
    programme = ProgrammeFactory()
    first, second, third = (_adviser(programme.department) for _i in range(3))
    assigned = []
    for _signing in range(2):
        with transaction.atomic():
            for _i in range(4):
                teacher = adviser_for(programme=programme)
                StudentFactory(programme=programme, adviser=teacher)
                assigned.append(teacher)
    assert assigned == [first, second, third, first, second, third, first, second]


def test_the_adviser_with_fewest_advisees_comes_first_whatever_the_order():
    programme = ProgrammeFactory()
    busy, free = _adviser(programme.department), _adviser(programme.department)
    for _i in range(2):
        StudentFactory(programme=programme, adviser=busy)
    assert adviser_for(programme=programme) == free


def test_former_advisees_do_not_count():
    programme = ProgrammeFactory()
    first, second = _adviser(programme.department), _adviser(programme.department)
    StudentFactory(programme=programme, adviser=first, status=StudentStatus.EXPELLED)
    StudentFactory(programme=programme, adviser=first, status=StudentStatus.GRADUATED)
    StudentFactory(programme=programme, adviser=second)
    assert adviser_for(programme=programme) == first


def test_only_active_teachers_with_the_adviser_role_of_that_department_are_chosen():
    programme = ProgrammeFactory()
    TeacherFactory(department=programme.department)  # teaches, is not an adviser
    _adviser(programme.department, is_active=False)  # left the university
    _adviser(DepartmentFactory())  # another department
    gone = _adviser(programme.department)
    gone.user.is_active = False
    gone.user.save()
    with transaction.atomic():
        assert adviser_for(programme=programme) is None
    chosen = _adviser(programme.department)
    with transaction.atomic():
        assert adviser_for(programme=programme) == chosen
    assert chosen.user.has_role(Role.ADVISER)


def test_no_adviser_when_the_department_has_none():
    assert adviser_for(programme=ProgrammeFactory()) is None
