"""Two registrars press "Form the sections" at the same moment, over real parallel PostgreSQL
connections: the term row lock makes them run one after the other, so the second finds everything
formed and changes nothing — no stream, group or seat is formed twice."""

import threading
import time

import pytest
from django.db import connection

from enrollment.models import Section
from enrollment.selectors_sections import section_counts_consistent
from enrollment.services import formation
from tests.conftest import uses_postgres

from .factories_sections import cohort, lab_discipline
from .world import build_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not uses_postgres(), reason="row locks need PostgreSQL (SQLite serialises whole transactions)"),
]


def test_two_registrars_forming_at_once_do_not_form_twice(users, monkeypatch):
    world = build_world(users)
    cohort(world, 150, elective=world.electives[0], extra=[lab_discipline(code="LABC")])
    expected = formation.formation_preview(world.term).created
    real_load = formation._Plan.load

    def slow_load(self):
        # Widen the gap between reading the term and writing: without the lock both registrars would
        # read "nothing formed" inside this window and both would create every section.
        real_load(self)
        time.sleep(0.5)

    monkeypatch.setattr(formation._Plan, "load", slow_load)
    start = threading.Barrier(2, timeout=30)
    reports, errors = [], []

    def run(actor):
        try:
            start.wait()
            reports.append(formation.sections_form(term=world.term, actor=actor))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(users[name],)) for name in ("registrar", "registrar_head")]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert errors == []
    assert sorted(r.changed for r in reports) == [False, True]
    assert time.monotonic() - started >= 1.0  # the second waited for the first
    created = {kind: Section.objects.filter(term=world.term, kind=kind).count() for kind in expected}
    assert created == expected
    assert section_counts_consistent(world.term)
