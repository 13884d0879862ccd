"""The demo student body: enrolled, promoted, moved and expelled through real signed orders, so the
status history is real; the demo student logins are students with their advisers; a rerun changes nothing."""

import io

import pytest
from django.core.management import call_command
from django.db.models import Count

from enrollment.choices import Movement, StudentStatus
from enrollment.models import StatusChange, Student

STUDENTS = 100


@pytest.fixture
def seeded(db):
    call_command("seed_demo", students=STUDENTS, quiet_logins=True, stdout=io.StringIO())


def _counts():
    from orders.models import Order, OrderItem

    return (Student.objects.count(), Order.objects.count(), OrderItem.objects.count(), StatusChange.objects.count())


def test_every_demo_student_was_enrolled_by_a_signed_order(seeded):
    from orders.choices import OrderStatus, OrderType
    from orders.models import Order

    assert Student.objects.count() == STUDENTS
    assert not Order.objects.filter(status=OrderStatus.DRAFT).exists()
    enrolments = Order.objects.filter(order_type=OrderType.ENROLMENT)
    assert enrolments.count() == 4 and all(o.signed_by.username == "head" for o in enrolments)
    first = StatusChange.objects.filter(movement=Movement.ENROLLED)
    assert first.count() == STUDENTS and not first.filter(order_number="").exists()
    assert not Student.objects.filter(group__isnull=True).exists()


def test_years_of_study_follow_the_promotions(seeded):
    from registrar.dates import academic_year_of

    current = academic_year_of(Student.objects.latest("intake_year").status_since)
    never_away = Student.objects.filter(status=StudentStatus.ACTIVE).exclude(
        status_changes__movement__in=[Movement.LEAVE, Movement.REINSTATED, Movement.TRANSFERRED]
    )
    for student in never_away.distinct():
        assert student.year_of_study == current - student.intake_year + 1, student


def test_the_history_has_leaves_expulsions_transfers_and_other_movements(seeded):
    movements = dict(StatusChange.objects.values_list("movement").annotate(n=Count("pk")))
    assert movements[Movement.PROMOTED] > STUDENTS
    for movement in (Movement.LEAVE, Movement.EXPELLED, Movement.TRANSFERRED):
        assert movements.get(movement, 0) > 0, movement
    grounds = set(
        StatusChange.objects.filter(movement__in=["expelled", "transferred_out"]).values_list("ground", flat=True)
    )
    assert grounds - {""}


def test_the_demo_student_logins_are_students_with_their_advisers(seeded):
    from registrar.models import User

    student = Student.objects.select_related("adviser__user").get(user__username="student")
    assert (student.last_name, student.first_name) == ("Серікбаев", "Дәурен")
    assert student.status == StudentStatus.ACTIVE and student.year_of_study == 2
    assert student.adviser.user.username == "adviser"
    other = Student.objects.select_related("adviser__user").get(user__username="student2")
    assert other.adviser.user.username == "adviser2"
    assert Student.objects.filter(adviser__user__username="adviser").count() > 1
    linked = Student.objects.filter(user__username__startswith="s0").select_related("user")
    assert linked.count() == STUDENTS - 2
    assert all(s.user.last_name == s.last_name for s in linked)
    assert User.objects.get(username="student").student == student


def test_a_second_run_changes_nothing(seeded):
    before = _counts()
    call_command("seed_demo", students=STUDENTS, quiet_logins=True, stdout=io.StringIO())
    assert _counts() == before
