"""Two registrars adding a group of the same programme at the same moment: real parallel PostgreSQL
connections; both groups are created, numbered 1 and 2, never the same number twice."""

import contextlib
import threading

import pytest
from django.db import connection

from enrollment.models import AcademicGroup
from enrollment.services import groups as group_services
from tests.conftest import uses_postgres

from .factories_students import ProgrammeFactory

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not uses_postgres(), reason="row locks need PostgreSQL (SQLite serialises whole transactions)"),
]


def test_two_groups_created_at_once_get_consecutive_numbers(users, monkeypatch):
    programme = ProgrammeFactory(short_code="ФЗ")
    barrier = threading.Barrier(2, timeout=10)
    original = group_services.group_next_number

    def next_number_after_both_arrived(**kwargs):
        # Both threads reach this point before either reads the numbers: without the programme lock
        # they would both read 0 and both try number 1.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait(timeout=2)  # times out when the other thread waits for the lock this one holds
        return original(**kwargs)

    monkeypatch.setattr(group_services, "group_next_number", next_number_after_both_arrived)
    results, errors = [], []

    def create():
        try:
            group = group_services.group_create(
                actor=users["registrar"], programme=programme, intake_year=2025, study_form="full_time", language="kk"
            )
            results.append(group.number)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=create) for _ in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert errors == []
    assert sorted(results) == [1, 2]
    assert sorted(AcademicGroup.objects.values_list("name", flat=True)) == ["ФЗ-25-1", "ФЗ-25-2"]
