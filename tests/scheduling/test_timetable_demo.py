"""The demo seeder of the timetable: rooms and grid, a computed and published timetable; idempotent."""

import random

import pytest

from registrar.demo import DemoContext
from registrar.roles import Role
from scheduling import demo
from scheduling.models import ClassPeriod, Room, TimetableVersion
from tests.enrollment.factories_students import UserFactory

from .factories_timetable import small_term

pytestmark = pytest.mark.django_db


def _ctx(lines):
    ctx = DemoContext(seed=1, students=0, log=lines.append)
    ctx.rng = random.Random(1)
    return ctx


def test_seeder_is_idempotent_and_skips_without_sections(monkeypatch):
    UserFactory(username="registrar", roles=[Role.REGISTRAR])
    lines = []
    demo.seed_timetable(_ctx(lines))
    rooms, periods = Room.objects.count(), ClassPeriod.objects.count()
    assert rooms == len(demo.DEMO_ROOMS) and periods == 5 * 7 + 3 + 5 * 2 + 3
    assert not TimetableVersion.objects.exists() and "no term with sections" in lines[-1]
    demo.seed_timetable(_ctx(lines))
    assert (Room.objects.count(), ClassPeriod.objects.count()) == (rooms, periods)


def test_seeder_computes_and_publishes_the_term_with_sections(monkeypatch):
    monkeypatch.setattr(demo, "DEMO_TIME_LIMIT", 1)
    UserFactory(username="registrar", roles=[Role.REGISTRAR])
    t = small_term()
    Room.objects.all().delete()
    ClassPeriod.objects.all().delete()
    lines = []
    demo.seed_timetable(_ctx(lines))
    version = TimetableVersion.objects.get(term=t.term)
    assert version.solve_status == "done" and version.hard_violations == 0, lines
    assert version.status == "published" and version.lessons.count() == 4
    demo.seed_timetable(_ctx(lines))
    assert TimetableVersion.objects.filter(term=t.term).count() == 1
