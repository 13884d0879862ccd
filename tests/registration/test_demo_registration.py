"""The demo's course registration (seeder "registration"): an open window today, plans in every status
that keep every rule, the demo logins' plans, seats that add up, and a rerun that changes nothing."""

import datetime
import io
from collections import Counter

import pytest
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.db.models import Count, F, Q
from django.utils import timezone

from academics.calendar_rules import PeriodScope
from academics.choices import PeriodKind, TermKind
from academics.demo_calendar import seed_year
from academics.models import AcademicYear, CalendarPeriod, Term
from academics.services.calendar import period_open
from enrollment import demo_registration
from enrollment import selectors_registration as selectors
from enrollment.choices import PlanStatus, RegistrationRule
from enrollment.models import PlanItem, Section, StudyPlan
from enrollment.services import registration as reg
from registrar.demo import DemoContext
from registrar.models import Notice, User

pytestmark = pytest.mark.django_db

STUDENTS = 30


def seed():
    out = io.StringIO()
    call_command("seed_demo", students=STUDENTS, quiet_logins=True, stdout=out)
    return out.getvalue()


def snapshot():
    return (
        sorted(StudyPlan.objects.values_list("student_id", "term_id", "status", "updated_at")),
        PlanItem.objects.count(),
        sorted(Section.objects.values_list("pk", "capacity", "seats_taken")),
        sorted(CalendarPeriod.objects.values_list("pk", "starts_on", "ends_on")),
        AcademicYear.objects.count(),
        Notice.objects.count(),
    )


def test_the_demo_has_an_open_window_and_plans_in_every_status_that_keep_the_rules():
    out = seed()
    assert "registration:" in out
    today = timezone.localdate()
    target = demo_registration._next_term(today)
    window = period_open(PeriodKind.REGISTRATION, PeriodScope(term=target.pk))
    assert window is not None and window.ends_on >= today

    statuses = Counter(StudyPlan.objects.filter(term=target).values_list("status", flat=True))
    for status in (PlanStatus.DRAFT, PlanStatus.SUBMITTED, PlanStatus.RETURNED, PlanStatus.APPROVED):
        assert statuses[status] > 0, (status, statuses)
    assert StudyPlan.objects.filter(status=PlanStatus.LOCKED).exclude(term=target).exists()
    assert not StudyPlan.objects.exclude(term=target).exclude(status__in=[PlanStatus.APPROVED, PlanStatus.LOCKED])
    # Some students have no plan yet for the open window.
    assert selectors.status_counts(target)["missing"] > 0

    # The demo student has an editable plan (returned by the adviser) in the open window.
    me = User.objects.get(username="student").student
    plan = StudyPlan.objects.get(student=me, term=target)
    assert plan.status in reg.EDITABLE
    assert plan.status != PlanStatus.RETURNED or (plan.adviser_comment and plan.reviewed_by.username == "adviser")
    facts = reg.plan_facts(plan)
    assert facts.registration_open
    assert not [p for p in reg.plan_problems(plan, facts) if p.rule == RegistrationRule.WINDOW]
    assert Notice.objects.filter(user__username="student").exists()

    # The adviser has submitted plans to review.
    waiting = StudyPlan.objects.filter(
        term=target, status=PlanStatus.SUBMITTED, student__adviser__user__username="adviser"
    )
    assert waiting.exists()
    assert Notice.objects.filter(user__username="adviser", url__contains="/registration/review/").exists()

    # Returned plans carry the adviser's comment; approved ones their credits.
    assert not StudyPlan.objects.filter(status=PlanStatus.RETURNED, adviser_comment="").exists()
    assert not StudyPlan.objects.filter(status__in=[PlanStatus.APPROVED, PlanStatus.LOCKED], approved_credits=None)

    # Every plan beyond a draft passes the service's own checks (as `plan_approve` runs them, the window
    # aside, for approved and past plans; submitted and returned ones are in the open window).
    for plan in StudyPlan.objects.exclude(status=PlanStatus.DRAFT).select_related("student__programme", "term"):
        in_window = plan.term == target and plan.status in (PlanStatus.SUBMITTED, PlanStatus.RETURNED)
        problems = [p for p in reg.plan_problems(plan) if p.rule != RegistrationRule.WINDOW or in_window]
        assert not problems, (plan, plan.status, [p.message for p in problems])

    # Seats: every section's count is the items sitting in it; some sections are nearly full.
    sections = Section.objects.filter(term=target).annotate(
        n=Count("items", distinct=True) + Count("practice_items", distinct=True) + Count("lab_items", distinct=True)
    )
    assert sections.exists()
    for section in sections:
        assert section.seats_taken == section.n, section
        assert section.seats_taken <= section.capacity
    assert any(s.capacity - s.seats_taken <= 2 for s in sections)
    electives = PlanItem.objects.filter(plan__term=target, kind="elective")
    assert electives.exists() and not electives.filter(section__isnull=True, plan__status__in=["submitted", "approved"])
    assert not electives.exclude(section__isnull=True).exclude(section__language=F("plan__student__language"))

    # A second run changes nothing.
    before = snapshot()
    seed()
    assert snapshot() == before


def test_the_window_is_moved_to_cover_today_when_closed(monkeypatch):
    """On a day when no registration window is open, the seeder moves the next term's window (through
    the calendar services, so its rules hold) to cover today; the next day's run leaves it."""
    from registrar.roles import Role, sync_role_groups

    sync_role_groups()
    registrar = User.objects.create_user("registrar", password="x")
    registrar.groups.add(Group.objects.get(name=Role.REGISTRAR.value))
    seed_year(registrar, 2026)
    day = datetime.date(2026, 12, 8)  # after the spring window of 17.11–28.11
    logs = []
    ctx = DemoContext(seed=1, students=0, log=logs.append)
    target = demo_registration._next_term(day)
    assert (target.academic_year.start_year, target.kind) == (2026, TermKind.SPRING)
    assert period_open(PeriodKind.REGISTRATION, PeriodScope(term=target.pk), on=day) is None
    window = demo_registration._ensure_window(ctx, registrar, target, day)
    assert window.starts_on <= day <= window.ends_on <= target.ends_on
    assert (window.starts_on, window.ends_on) == (datetime.date(2026, 11, 17), day + datetime.timedelta(days=14))
    assert "moved from 17.11.2026–28.11.2026" in logs[-1]
    assert CalendarPeriod.objects.filter(term=target, kind=PeriodKind.REGISTRATION).count() == 1
    again = demo_registration._ensure_window(ctx, registrar, target, day + datetime.timedelta(days=1))
    assert (again.pk, again.ends_on) == (window.pk, window.ends_on) and "left as it is" in logs[-1]
    # In the spring term the next one to register for is next year's autumn: its year is created.
    spring = datetime.date(2027, 3, 2)
    assert demo_registration._next_term(spring) is None
    monkeypatch.setattr(demo_registration, "_sept_year", lambda d: 2026)

    class Student:
        year_of_study = 1

    target = demo_registration._ensure_calendar(ctx, registrar, spring, [Student()])
    assert (target.academic_year.start_year, target.kind) == (2027, TermKind.AUTUMN)
    window = demo_registration._ensure_window(ctx, registrar, target, spring)
    assert window.starts_on <= spring <= window.ends_on and window.term == target
    assert Term.objects.filter(Q(academic_year__start_year=2027)).count() == 3
