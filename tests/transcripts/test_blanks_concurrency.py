"""Blanks are never issued twice under concurrent issues (issue 7): graduates get their diplomas at the
same moment from threads with database connections of their own, on PostgreSQL (row locks and SKIP
LOCKED are what is tested; SQLite serialises whole transactions)."""

import threading

import pytest
from django.db import connection
from django.db.models import Count
from django.utils import translation

from registrar.errors import DomainError
from tests.conftest import uses_postgres
from tests.transcripts.blanks_world import receive
from tests.transcripts.world import graduate, make_world
from transcripts import documents, services
from transcripts.models import Blank, BlankStatus, DocumentKind, IssuedDocument

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not uses_postgres(), reason="needs PostgreSQL (DATABASE_URL)"),
]

GRADUATES = 8


def issue_all_at_once(actor, students) -> tuple[list[IssuedDocument], list[str], list[BaseException]]:
    """Every student's diploma from a thread of its own, all started together."""
    start = threading.Barrier(len(students))
    issued, refused, crashed = [], [], []
    lock = threading.Lock()

    def work(student):
        translation.activate("en")
        try:
            start.wait(timeout=60)
            document = services.issue_diploma(actor=actor, student=student, language="mul")
            with lock:
                issued.append(document)
        except DomainError as exc:
            with lock:
                refused.append(str(exc.message))
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            with lock:
                crashed.append(exc)
        finally:
            translation.deactivate()
            connection.close()

    threads = [threading.Thread(target=work, args=(s,)) for s in students]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "an issue never finished"
    return issued, refused, crashed


def assert_no_blank_shared():
    """Every issued blank points to exactly one document and every diploma has a blank of its own; no
    blank is both in stock and linked to a document."""
    blanks = Blank.objects.select_related("document")
    issued = [b for b in blanks if b.status == BlankStatus.ISSUED]
    assert all(b.document_id is not None and b.used_on is not None for b in issued)
    assert len({b.document_id for b in issued}) == len(issued)
    assert not Blank.objects.filter(status=BlankStatus.FREE, document__isnull=False).exists()
    diplomas = IssuedDocument.objects.filter(kind=DocumentKind.DIPLOMA)
    assert not diplomas.annotate(n=Count("blank")).exclude(n=1).exists()
    labels = [d.details["blank"] for d in diplomas.select_related("blank")]
    assert len(set(labels)) == len(labels)
    for document in diplomas.select_related("blank"):
        assert document.blank.label == document.details["blank"]
    return issued


@pytest.fixture
def unserialised_numbers(monkeypatch):
    """Registry numbers from memory instead of the locked counter row: the counter lock would otherwise
    queue the issues one behind the other and hide how the blank itself is taken."""
    lock, last = threading.Lock(), [0]

    def next_number(kind, year):
        with lock:
            last[0] += 1
            return last[0], f"X-{year}-{last[0]:05d}"

    monkeypatch.setattr(services, "_next_number", next_number)


@pytest.fixture
def graduates(users):
    world = make_world(users)
    students = [graduate(world) for _ in range(GRADUATES)]
    honours = documents.facts_for(DocumentKind.DIPLOMA, students[0]).details["honours"]
    return students, services.blank_kind_for(DocumentKind.DIPLOMA, honours)


def test_concurrent_diplomas_each_take_a_blank_of_their_own(users, graduates, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    students, kind = graduates
    receive(users["registrar"], kind=kind, series="BD", first=1, last=GRADUATES)
    issued, refused, crashed = issue_all_at_once(users["registrar"], students)
    assert not crashed, crashed
    assert not refused, refused
    assert len(issued) == GRADUATES
    blanks = assert_no_blank_shared()
    assert len(blanks) == GRADUATES
    assert {b.document.student_id for b in blanks} == {s.pk for s in students}
    assert not Blank.objects.filter(status=BlankStatus.FREE).exists()


def test_blanks_stay_distinct_when_issues_overlap_in_time(users, graduates, settings, tmp_path, unserialised_numbers):
    settings.MEDIA_ROOT = tmp_path / "media"
    students, kind = graduates
    receive(users["registrar"], kind=kind, series="BD", first=1, last=GRADUATES + 2)
    issued, refused, crashed = issue_all_at_once(users["registrar"], students)
    assert not crashed and not refused, (crashed, refused)
    assert len(issued) == GRADUATES
    assert len(assert_no_blank_shared()) == GRADUATES
    assert Blank.objects.filter(status=BlankStatus.FREE).count() == 2


def test_with_fewer_blanks_than_graduates_the_rest_are_refused(users, graduates, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    students, kind = graduates
    in_stock = GRADUATES - 3
    receive(users["registrar"], kind=kind, series="BD", first=1, last=in_stock)
    issued, refused, crashed = issue_all_at_once(users["registrar"], students)
    assert not crashed, crashed
    assert len(issued) == in_stock and len(refused) == 3
    assert all("blanks are in stock" in message and message.startswith("No ") for message in refused)
    blanks = assert_no_blank_shared()
    assert len(blanks) == in_stock
    assert IssuedDocument.objects.filter(kind=DocumentKind.DIPLOMA).count() == in_stock
    # The refused issues left nothing behind: no numbers used, no files stored.
    numbers = sorted(IssuedDocument.objects.values_list("sequence", flat=True))
    assert numbers == list(range(1, in_stock + 1))
    stored = list((tmp_path / "media").rglob("*.pdf"))
    assert len(stored) == in_stock
