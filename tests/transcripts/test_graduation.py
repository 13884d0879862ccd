"""Graduation runs (issue 7): the diplomas and supplements of a whole graduation order, generated as a
background task (eager here: no broker) with a progress bar; re-running issues nothing twice."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from orders.choices import OrderType
from registrar.errors import DomainError
from tests.orders.factories_orders import signed
from tests.transcripts.world import graduates, make_world
from transcripts import services, services_graduation
from transcripts.models import (
    Blank,
    BlankKind,
    BlankStatus,
    DocumentKind,
    GraduationRun,
    IssuedDocument,
    RunStatus,
)
from transcripts.services_graduation import graduation_run_shard, graduation_start
from transcripts.tasks import graduation_dispatch

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path


@pytest.fixture
def world(users):
    return make_world(users)


def receive(actor, kind, count, *, series=None, first=1):
    series = series or {"diploma": "BD", "diploma_honours": "BDH", "supplement": "DS"}[kind]
    return services.receive_blanks(
        actor=actor,
        kind=kind,
        series=series,
        first_number=first,
        last_number=first + count - 1,
        received_on=timezone.localdate(),
        act_number=f"A-{kind}-{first}",
    )


def stock(actor, *, diplomas=5, supplements=5):
    receive(actor, BlankKind.DIPLOMA, diplomas)
    receive(actor, BlankKind.DIPLOMA_HONOURS, diplomas)
    receive(actor, BlankKind.SUPPLEMENT, supplements)


def run_order(actor, order, shards=2, **kw) -> GraduationRun:
    run = graduation_start(actor=actor, order_number_or_order=order, **kw)
    graduation_dispatch(run, shards)
    run.refresh_from_db()
    return run


def originals(kind):
    return IssuedDocument.objects.filter(kind=kind, original__isnull=True)


def test_a_run_issues_a_diploma_and_a_supplement_to_every_graduate(world, users):
    registrar = users["registrar"]
    order, students = graduates(world, 3)
    stock(registrar)
    run = run_order(registrar, order)
    assert run.status == RunStatus.DONE and run.finished_at is not None
    assert (run.total, run.done, run.issued, run.skipped, run.problems) == (3, 3, 6, 0, [])
    assert run.percent == 100 and run.order_number == order.number and run.language == "mul"
    for kind in (DocumentKind.DIPLOMA, DocumentKind.SUPPLEMENT):
        held = originals(kind)
        assert sorted(held.values_list("student_id", flat=True)) == [s.pk for s in students]
        assert all(d.language == "mul" and d.issued_by == registrar and d.details["blank"] for d in held)
    assert Blank.objects.filter(status=BlankStatus.ISSUED).count() == 6
    document = originals(DocumentKind.DIPLOMA).first()
    assert document.details["order_number"] == order.number
    with document.pdf.open("rb") as handle:
        assert handle.read(5) == b"%PDF-"


def test_running_it_again_issues_nothing_new(world, users):
    registrar = users["registrar"]
    order, _students = graduates(world, 3)
    stock(registrar)
    run_order(registrar, order)
    again = run_order(registrar, order.number, language="ru")  # by the order's number, too
    assert again.status == RunStatus.DONE
    assert (again.total, again.done, again.issued, again.skipped, again.problems) == (3, 3, 0, 3, [])
    assert IssuedDocument.objects.count() == 6
    assert Blank.objects.filter(status=BlankStatus.ISSUED).count() == 6
    # A repeated task of a finished run does nothing either.
    assert graduation_run_shard(again.pk, 0, 2)["students"] == 0


def test_a_graduate_who_cannot_get_a_document_is_a_problem_and_the_others_are_issued(world, users):
    registrar = users["registrar"]
    order, students = graduates(world, 3)
    stock(registrar, supplements=2)
    run = run_order(registrar, order)
    assert run.status == RunStatus.DONE
    assert (run.done, run.issued, run.skipped) == (3, 5, 0)
    assert originals(DocumentKind.DIPLOMA).count() == 3
    assert originals(DocumentKind.SUPPLEMENT).count() == 2
    [problem] = run.problems
    lacking = next(s for s in students if not originals(DocumentKind.SUPPLEMENT).filter(student=s).exists())
    assert problem["student"] == lacking.full_name
    assert problem["student_number"] == lacking.student_number
    assert "No diploma supplement blanks are in stock" in problem["message"]

    # Blanks received: the next run issues only the missing supplement.
    receive(registrar, BlankKind.SUPPLEMENT, 5, first=100)
    again = run_order(registrar, order)
    assert (again.done, again.issued, again.skipped, again.problems) == (3, 1, 2, [])
    assert originals(DocumentKind.SUPPLEMENT).filter(student=lacking).exists()


def test_a_graduate_without_a_latin_name_is_a_problem_in_a_trilingual_run(world, users):
    registrar = users["registrar"]
    order, students = graduates(world, 3, latin=False)
    stock(registrar)
    run = run_order(registrar, order)
    assert (run.status, run.done, run.issued) == (RunStatus.DONE, 3, 4)
    [problem] = run.problems  # one message for the graduate, not one per document
    assert problem["student_id"] == students[-1].pk
    assert "no Latin spelling of the name" in problem["message"]
    # In Russian it is fine.
    again = run_order(registrar, order, language="ru")
    assert (again.issued, again.skipped, again.problems) == (2, 2, [])


def test_shards_split_the_graduates_and_the_last_one_finishes_the_run(world, users):
    registrar = users["registrar"]
    order, students = graduates(world, 3)
    stock(registrar)
    run = graduation_start(actor=registrar, order_number_or_order=order)
    assert run.status == RunStatus.QUEUED and run.total == 3
    assert graduation_run_shard(run.pk, 0, 2)["students"] == 2  # students 0 and 2 by id
    run.refresh_from_db()
    assert (run.status, run.done, run.issued, run.finished_at) == (RunStatus.RUNNING, 2, 4, None)
    assert set(IssuedDocument.objects.values_list("student_id", flat=True)) == {students[0].pk, students[2].pk}
    graduation_run_shard(run.pk, 1, 2)
    run.refresh_from_db()
    assert (run.status, run.done, run.issued) == (RunStatus.DONE, 3, 6)


def test_an_unexpected_error_fails_the_run_with_its_message(world, users, monkeypatch):
    registrar = users["registrar"]
    order, _students = graduates(world, 2)
    stock(registrar)

    def broken(**kwargs):
        raise RuntimeError("printer on fire")

    monkeypatch.setitem(services_graduation.ISSUERS, DocumentKind.DIPLOMA, broken)
    run = run_order(registrar, order)
    assert run.status == RunStatus.FAILED and run.finished_at is not None
    assert run.done == 0
    assert run.problems[-1]["fatal"] and "printer on fire" in run.problems[-1]["message"]
    # A failed run does not block a new one.
    monkeypatch.undo()
    assert run_order(registrar, order).issued == 4


def test_start_refuses_an_unknown_order_one_without_graduates_and_a_second_run(world, users):
    registrar = users["registrar"]
    with pytest.raises(DomainError, match="no signed graduation order number 999"):
        graduation_start(actor=registrar, order_number_or_order="999-X")
    expulsion = signed(
        OrderType.EXPULSION,
        students=[world.student()],
        params={"expulsion_ground": "own_wish"},
        effective_on=datetime.date(2032, 2, 1),
    )
    with pytest.raises(DomainError, match="not a signed graduation order"):
        graduation_start(actor=registrar, order_number_or_order=expulsion)
    order, _students = graduates(world, 1)
    with pytest.raises(DomainError, match="Choose the documents' language"):
        graduation_start(actor=registrar, order_number_or_order=order, language="de")
    run = graduation_start(actor=registrar, order_number_or_order=order)
    with pytest.raises(DomainError, match="being generated already"):
        graduation_start(actor=registrar, order_number_or_order=order)
    GraduationRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    with pytest.raises(DomainError, match="being generated already"):
        graduation_start(actor=registrar, order_number_or_order=order.number)
    assert GraduationRun.objects.count() == 1


def test_an_order_whose_items_graduated_nobody_is_refused(world, users):
    from orders.models import OrderItem

    registrar = users["registrar"]
    order, _students = graduates(world, 1)
    OrderItem.objects.filter(order=order).update(id=10_000_000)  # its items no longer carry the change
    with pytest.raises(DomainError, match="has graduated nobody"):
        graduation_start(actor=registrar, order_number_or_order=order)


# --- pages -----------------------------------------------------------------------------------------


def test_the_office_starts_a_run_from_the_page_and_follows_it(world, users, client_for):
    order, students = graduates(world, 3)
    stock(users["registrar"])
    client = client_for("registrar")
    page = client.get(reverse("graduation_runs"))
    assert page.status_code == 200
    assert f'value="{order.pk}"' in page.content.decode() and "3 graduate(s)" in page.content.decode()

    response = client.post(reverse("graduation_runs"), {"order": order.pk, "language": "mul"})
    run = GraduationRun.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse("graduation_run", args=[run.pk])
    assert run.status == RunStatus.DONE and run.issued == 6

    detail = client.get(response["Location"]).content.decode()
    assert 'id="run-progress"' in detail and "every 1s" not in detail  # finished: no polling
    for document in IssuedDocument.objects.all():
        assert reverse("document_detail", args=[document.pk]) in detail
        assert reverse("document_pdf", args=[document.pk]) in detail

    listing = client.get(reverse("graduation_runs")).content.decode()
    assert reverse("graduation_run", args=[run.pk]) in listing and "100%" in listing
    assert client.get(reverse("graduation_runs"), {"export": "xlsx"}).status_code == 200

    # A second start of the same order while the first runs is refused on the form.
    GraduationRun.objects.filter(pk=run.pk).update(status=RunStatus.RUNNING)
    refused = client.post(reverse("graduation_runs"), {"order": order.pk, "language": "mul"})
    assert refused.status_code == 200 and "being generated already" in refused.content.decode()


def test_the_progress_partial_polls_while_the_run_works(world, users, client_for):
    order, students = graduates(world, 2)
    run = graduation_start(actor=users["registrar"], order_number_or_order=order)
    GraduationRun.objects.filter(pk=run.pk).update(
        status=RunStatus.RUNNING,
        done=1,
        issued=2,
        problems=[
            {"student": "Тестов Тест", "student_number": "S1", "student_id": students[0].pk, "message": "No blanks"}
        ],
    )
    client = client_for("registrar")
    url = reverse("graduation_run_progress", args=[run.pk])
    partial = client.get(url, headers={"HX-Request": "true"})
    html = partial.content.decode()
    assert partial.status_code == 200 and "HX-Refresh" not in partial
    assert 'hx-trigger="every 1s"' in html and f'hx-get="{url}"' in html
    assert 'style="width: 50%"' in html and "<html" not in html
    assert "Тестов Тест" in html and "No blanks" in html
    assert client.get(reverse("graduation_run", args=[run.pk])).content.decode().count('hx-trigger="every 1s"') == 1

    GraduationRun.objects.filter(pk=run.pk).update(status=RunStatus.DONE, done=2)
    finished = client.get(url, headers={"HX-Request": "true"})
    assert "every 1s" not in finished.content.decode() and finished["HX-Refresh"] == "true"
    assert 'style="width: 100%"' in finished.content.decode()


@pytest.mark.parametrize("role", ["student", "teacher", "dean_office", "adviser"])
def test_only_the_office_may_open_the_graduation_pages(world, users, client_for, role):
    order, _students = graduates(world, 1)
    run = graduation_start(actor=users["registrar"], order_number_or_order=order)
    client = client_for(role)
    for url in (
        reverse("graduation_runs"),
        reverse("graduation_run", args=[run.pk]),
        reverse("graduation_run_progress", args=[run.pk]),
    ):
        assert client.get(url).status_code == 403, url
    assert client.post(reverse("graduation_runs"), {"order": order.pk, "language": "mul"}).status_code == 403
    assert GraduationRun.objects.count() == 1
    assert client_for(None).get(reverse("graduation_runs")).status_code == 302
