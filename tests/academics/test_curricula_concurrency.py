"""Two registrars adding the same discipline to one draft at the same moment: the curriculum's row lock
serialises them, so the discipline is placed once and the other registrar is told where it already is."""

import threading
import time

import pytest
from django.db import connection, connections

from academics.models import CurriculumItem
from academics.services import curricula as services
from registrar.errors import DomainError
from tests.conftest import uses_postgres

from .factories_curricula import CurriculumFactory, DisciplineFactory, english  # noqa: F401  (english: a fixture)

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.usefixtures("english"),
    pytest.mark.skipif(
        not uses_postgres(),
        reason="SQLite has no row locks (SELECT ... FOR UPDATE is a no-op there); run with DATABASE_URL=postgres://...",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_two_registrars_adding_the_same_discipline_at_once_place_it_once(users, monkeypatch):
    assert connection.vendor == "postgresql"
    curriculum = CurriculumFactory()
    discipline = DisciplineFactory(code="RACE001")
    real_check = services._refuse_duplicate

    def slow_check(*args, **kwargs):
        # Widen the gap between "not there yet" and the insert: without the lock both threads would
        # pass the check and the loser would only meet the unique constraint (a message without a term).
        real_check(*args, **kwargs)
        time.sleep(0.5)

    monkeypatch.setattr(services, "_refuse_duplicate", slow_check)
    barrier = threading.Barrier(2)
    outcomes = []

    def add(actor, term):
        try:
            barrier.wait()
            services.curriculum_item_add(actor=actor, curriculum=curriculum, discipline=discipline, term=term)
            outcomes.append("added")
        except DomainError as exc:
            outcomes.append(str(exc.message))
        finally:
            connections.close_all()

    from django.utils import translation

    def run(actor, term):
        with translation.override("en"):
            add(actor, term)

    threads = [
        threading.Thread(target=run, args=(users["registrar"], 1)),
        threading.Thread(target=run, args=(users["registrar_head"], 3)),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(outcomes) == 2 and outcomes.count("added") == 1
    refused = next(o for o in outcomes if o != "added")
    assert refused.startswith(
        "RACE001 is already in this curriculum, in term "
    )  # found by the check, not the constraint
    assert CurriculumItem.objects.filter(curriculum=curriculum, discipline=discipline).count() == 1
