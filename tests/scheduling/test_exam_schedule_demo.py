"""The demo seeder of the exam schedule: the demo term's exams computed and published when the term has
an exam session; nothing without one; idempotent."""

import random

import pytest

from registrar.demo import DemoContext
from registrar.roles import Role
from scheduling import demo
from scheduling.models import ExamScheduleVersion, Room
from tests.enrollment.factories_students import UserFactory

from .factories_exams import exam_session
from .factories_timetable import small_term

pytestmark = pytest.mark.django_db


def _ctx(lines):
    ctx = DemoContext(seed=1, students=0, log=lines.append)
    ctx.rng = random.Random(1)
    return ctx


def test_seeder_publishes_the_exam_schedule_of_the_demo_term(monkeypatch):
    monkeypatch.setattr(demo, "DEMO_TIME_LIMIT", 1)
    monkeypatch.setattr(demo, "DEMO_EXAM_TIME_LIMIT", 1)
    UserFactory(username="registrar", roles=[Role.REGISTRAR])
    t = small_term()
    Room.objects.all().delete()
    exam_session(t.term)
    lines = []
    demo.seed_timetable(_ctx(lines))
    version = ExamScheduleVersion.objects.get(term=t.term)
    assert version.status == "published" and version.exams.count() == 2 and version.hard_violations == 0, lines
    demo.seed_timetable(_ctx(lines))
    assert ExamScheduleVersion.objects.filter(term=t.term).count() == 1
    assert "has an exam schedule already" in "\n".join(lines)


def test_seeder_skips_a_term_without_exam_session(monkeypatch):
    monkeypatch.setattr(demo, "DEMO_TIME_LIMIT", 1)
    UserFactory(username="registrar", roles=[Role.REGISTRAR])
    small_term()
    lines = []
    demo.seed_timetable(_ctx(lines))
    assert not ExamScheduleVersion.objects.exists()
    assert any("no exam session" in line for line in lines)
