"""Registration day: 200 students race for 30 seats over real parallel PostgreSQL connections.
Exactly 30 are confirmed, the other 170 are told the section is full, and the seat counter equals
the number of plan items in the section. Students moving between two sections in both directions at
once neither deadlock nor leave a counter different from its items (a refused seat is refused even
when another student frees one a moment later)."""

import threading

import pytest
from django.db import IntegrityError, connection, transaction
from django.utils import translation

from enrollment.models import PlanItem, Section
from enrollment.services import registration as reg
from registrar.errors import DomainError
from tests.conftest import uses_postgres

from .world import build_world

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not uses_postgres(), reason="row locks need PostgreSQL (SQLite serialises whole transactions)"),
]

RACERS = 200
SEATS = 30
THREADS = 20


def test_two_hundred_students_race_for_thirty_seats(users):
    world = build_world(users)
    section = world.section(world.electives[0], capacity=SEATS)
    actor = users["registrar"]
    plans = [reg.plan_open(student=world.student_like(), term=world.term, actor=actor) for _ in range(RACERS)]
    start = threading.Barrier(THREADS, timeout=30)
    confirmed, full, other = [], [], []
    lock = threading.Lock()

    def worker(chunk):
        # A new thread starts in the default language; the checks below read English messages.
        translation.activate("en")
        try:
            start.wait()
            for plan in chunk:
                try:
                    reg.plan_item_add(plan=plan, discipline=world.electives[0], section=section, actor=actor)
                    with lock:
                        confirmed.append(plan.pk)
                except DomainError as exc:
                    with lock:
                        (full if "is full" in str(exc.message) else other).append(str(exc.message))
                except Exception as exc:  # noqa: BLE001 - reported below
                    with lock:
                        other.append(repr(exc))
        finally:
            connection.close()

    chunks = [plans[i::THREADS] for i in range(THREADS)]
    threads = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert other == []
    assert len(confirmed) == SEATS
    assert len(full) == RACERS - SEATS
    section.refresh_from_db()
    assert section.seats_taken == SEATS
    assert PlanItem.objects.filter(section=section).count() == SEATS
    # A refused registration leaves nothing behind: no item without its seat.
    assert PlanItem.objects.filter(discipline=world.electives[0]).count() == SEATS


def test_the_database_refuses_an_overbooked_section(users):
    world = build_world(users)
    section = world.section(world.electives[0], capacity=2)
    with pytest.raises(IntegrityError), transaction.atomic():
        Section.objects.filter(pk=section.pk).update(seats_taken=3)


SWAPPERS = 40
SWAPS = 6


def test_students_swapping_sections_both_ways_neither_deadlock_nor_drift(users):
    """Half the students move A → B while the other half move B → A, again and again, over parallel
    connections. Each move touches two section rows; taken in id order they queue instead of
    deadlocking. Every move either happens or is refused as full, and each counter equals its items."""
    world = build_world(users)
    discipline = world.electives[0]
    a = world.section(discipline, capacity=SWAPPERS // 2 + 2)
    b = world.section(discipline, capacity=SWAPPERS // 2 + 2)
    actor = users["registrar"]
    items = []
    for i in range(SWAPPERS):
        plan = reg.plan_open(student=world.student_like(), term=world.term, actor=actor)
        items.append(reg.plan_item_add(plan=plan, discipline=discipline, section=a if i % 2 else b, actor=actor))
    start = threading.Barrier(SWAPPERS, timeout=30)
    moved, full, other = [], [], []
    lock = threading.Lock()

    def worker(item):
        translation.activate("en")
        try:
            start.wait()
            for _ in range(SWAPS):
                current = PlanItem.objects.values_list("section_id", flat=True).get(pk=item.pk)
                target = b if current == a.pk else a
                try:
                    reg.plan_item_choose_section(item=item, section=target, actor=actor)
                    with lock:
                        moved.append(item.pk)
                except DomainError as exc:
                    with lock:
                        (full if "is full" in str(exc.message) else other).append(str(exc.message))
                except Exception as exc:  # noqa: BLE001 - reported below
                    with lock:
                        other.append(repr(exc))
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(item,)) for item in items]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=120)
    assert other == []
    assert len(moved) + len(full) == SWAPPERS * SWAPS
    assert moved, "some moves must succeed"
    for section in (a, b):
        section.refresh_from_db()
        assert section.seats_taken == PlanItem.objects.filter(section=section).count()
        assert section.seats_taken <= section.capacity
    assert PlanItem.objects.filter(discipline=discipline).count() == SWAPPERS
