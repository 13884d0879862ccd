"""Two registrars saving overlapping periods at the same moment: the academic year's row lock
serialises them, so exactly one period is stored and the other registrar gets the overlap message."""

import datetime
import threading
import time

import pytest
from django.db import connection, connections

from academics import calendar_rules
from academics.choices import PeriodKind, TermKind
from academics.models import CalendarPeriod
from academics.services import calendar as services
from registrar.errors import DomainError
from tests.conftest import uses_postgres

from .factories_calendar import year_with_terms

D = datetime.date

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(
        not uses_postgres(),
        reason="SQLite has no row locks (SELECT ... FOR UPDATE is a no-op there); run with DATABASE_URL=postgres://...",
    ),
]


@pytest.mark.django_db(transaction=True)
def test_two_registrars_cannot_insert_overlapping_periods_at_once(users, monkeypatch):
    assert connection.vendor == "postgresql"
    year = year_with_terms()
    autumn = year.terms.get(kind=TermKind.AUTUMN)
    real_validate = calendar_rules.validate_period

    def slow_validate(*args, **kwargs):
        # Widen the gap between "no overlap found" and the insert: without the lock both threads
        # would pass validation inside this window and both periods would be stored.
        result = real_validate(*args, **kwargs)
        time.sleep(0.5)
        return result

    monkeypatch.setattr(services, "validate_period", slow_validate)
    barrier = threading.Barrier(2)
    outcomes = []

    def save(actor, start, end):
        try:
            barrier.wait()
            services.period_create(
                actor=actor, academic_year=year, term=autumn, kind=PeriodKind.MIDTERM_1, starts_on=start, ends_on=end
            )
            outcomes.append("saved")
        except DomainError as exc:
            outcomes.append(exc.message)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=save, args=(users["registrar"], D(2030, 10, 13), D(2030, 10, 19))),
        threading.Thread(target=save, args=(users["registrar_head"], D(2030, 10, 15), D(2030, 10, 21))),
    ]
    started = time.monotonic()
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert CalendarPeriod.objects.filter(kind=PeriodKind.MIDTERM_1).count() == 1
    assert sorted(outcomes, key=lambda o: o != "saved")[0] == "saved"
    refusal = outcomes[1 - outcomes.index("saved")]
    assert "13.10.2030–19.10.2030" in refusal and "15.10.2030–21.10.2030" in refusal  # names both periods
    assert time.monotonic() - started >= 1.0  # the second waited for the first: they ran one after the other
