"""Two orders signed at the same moment place students into the same programme: the programme lock
makes the second signing wait, so neither the same group is opened twice nor a last place taken twice.
Real parallel PostgreSQL connections (threads)."""

import threading
import time

import pytest
from django.db import connections, transaction

from enrollment.models import AcademicGroup, Student
from enrollment.services.placement import group_for
from registrar.models import UniversitySettings
from registrar.selectors import forget_university_settings
from tests.conftest import uses_postgres

from .factories_admissions import ProgrammeFactory, StudentFactory
from .factories_students import factory_actor

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.skipif(not uses_postgres(), reason="row locks need PostgreSQL (SQLite serialises whole writes)"),
]


def _sign_in_parallel(programme, actor, signings=2):
    """Each thread: one transaction that asks group_for, enrols a student there and holds on a moment."""
    barrier = threading.Barrier(signings)
    placed, errors = [], []

    def signing():
        try:
            barrier.wait()
            with transaction.atomic():
                group = group_for(
                    actor=actor, programme=programme, intake_year=2026, study_form="full_time", language="kk"
                )
                StudentFactory(
                    programme=programme,
                    intake_year=2026,
                    study_form="full_time",
                    language="kk",
                    group=group,
                    actor=actor,
                )
                time.sleep(0.5)  # still inside the signing: the other one must wait for the lock
            placed.append(group.name)
        except Exception as exc:  # noqa: BLE001 - reported by the assertion below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=signing) for _i in range(signings)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    assert not errors, errors
    return sorted(placed)


@pytest.fixture
def setup(transactional_db, users):
    UniversitySettings.objects.get_or_create(pk=1)
    UniversitySettings.objects.filter(pk=1).update(academic_group_max_size=2)
    forget_university_settings()
    return ProgrammeFactory(short_code="ИС"), factory_actor()


def test_two_signings_at_once_open_one_new_group_not_two(setup):
    programme, actor = setup
    assert _sign_in_parallel(programme, actor) == ["ИС-26-1", "ИС-26-1"]
    assert AcademicGroup.objects.filter(programme=programme).count() == 1


def test_the_last_place_of_a_group_goes_to_one_signing_only(setup):
    programme, actor = setup
    with transaction.atomic():
        first = group_for(actor=actor, programme=programme, intake_year=2026, study_form="full_time", language="kk")
        StudentFactory(programme=programme, intake_year=2026, study_form="full_time", language="kk", group=first)
    assert _sign_in_parallel(programme, actor) == ["ИС-26-1", "ИС-26-2"]
    sizes = {g.name: Student.objects.filter(group=g).count() for g in AcademicGroup.objects.filter(programme=programme)}
    assert sizes == {"ИС-26-1": 2, "ИС-26-2": 1}
