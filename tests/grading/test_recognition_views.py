"""Recognition pages: preparing one through the form (record results and external rows), reviewing and
overriding decisions, approving, the PDF, the list (bounded queries), and who may see what."""

import pytest
from django.urls import reverse

from enrollment.choices import ResultSource
from enrollment.models import Result
from grading.models import Recognition, RecognitionDecision, RecognitionStatus
from grading.services import recognition as svc

from .test_recognition_services import prepare, recognition_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    return recognition_world(users)


def formset(rows, prefix="ext"):
    data = {f"{prefix}-TOTAL_FORMS": str(len(rows)), f"{prefix}-INITIAL_FORMS": "0",
            f"{prefix}-MIN_NUM_FORMS": "0", f"{prefix}-MAX_NUM_FORMS": "1000"}  # fmt: skip
    for i, row in enumerate(rows):
        for key, value in row.items():
            data[f"{prefix}-{i}-{key}"] = value
    return data


def test_the_office_prepares_a_recognition_through_the_pages(world, users, client_for):
    client = client_for("registrar")
    start = client.get(reverse("recognition_new"), {"student": world.student.iin})
    assert start.status_code == 302
    assert start["Location"] == reverse("recognition_new_for", args=[world.student.pk])
    page = client.get(start["Location"])
    assert page.status_code == 200 and "T1A" in page.content.decode()
    data = {
        "basis": "reinstatement",
        "curriculum": world.curriculum.pk,
        "up_to_term": 3,
        "previous_institution": "",
        "results": [world.extra["own"].pk],
        **formset([
            {"name": "Математика", "code": "T1B", "credits": "5", "grade": "отл", "score": "92"},
            {"name": "Физика", "credits": "6", "ects_grade": "a", "counts_for": "CMP1"},
            {"name": "", "credits": "", "score": ""},
        ]),
    }  # fmt: skip
    response = client.post(start["Location"], data)
    assert response.status_code == 302, response.content.decode()[:3000]
    recognition = Recognition.objects.get()
    assert response["Location"] == reverse("recognition_detail", args=[recognition.pk])
    assert recognition.basis == "reinstatement"
    codes = dict(recognition.items.values_list("discipline__code", "decision"))
    assert codes["T1B"] == codes["CMP1"] == codes["T1A"] == RecognitionDecision.RECOGNISED
    assert codes["CMP2"] == RecognitionDecision.MAKE_UP


def test_an_external_row_without_a_score_is_refused_on_the_form(world, users, client_for):
    url = reverse("recognition_new_for", args=[world.student.pk])
    data = {"basis": "transfer", "curriculum": world.curriculum.pk, "up_to_term": 2,
            **formset([{"name": "Физика", "credits": "5", "ects_grade": "B+"}])}  # fmt: skip
    response = client_for("registrar").post(url, data)
    assert response.status_code == 200 and "Not an ECTS grade" in response.content.decode()
    assert not Recognition.objects.exists()


def test_review_override_approve_and_pdf(world, users, client_for):
    client = client_for("registrar")
    recognition = prepare(world, users)
    url = reverse("recognition_detail", args=[recognition.pk])
    page = client.get(url).content.decode()
    assert 'id="recognition-approve"' in page and 'data-discipline="CMP2"' in page
    cmp2 = recognition.items.get(discipline__code="CMP2")
    edit = reverse("recognition_item_edit", args=[cmp2.pk])
    client.post(edit, {"decision": "recognised", "note": ""})
    cmp2.refresh_from_db()
    assert cmp2.decision == RecognitionDecision.MAKE_UP
    assert "a note is required" in client.get(url).content.decode()
    client.post(edit, {"decision": "recognised", "note": "учебная программа совпадает", "score": "86"})
    cmp2.refresh_from_db()
    assert (cmp2.decision, cmp2.letter) == (RecognitionDecision.RECOGNISED, "B+")
    assert client.post(reverse("recognition_approve", args=[recognition.pk])).status_code == 302
    recognition.refresh_from_db()
    assert recognition.status == RecognitionStatus.APPROVED
    assert Result.objects.filter(source=ResultSource.RECOGNITION).count() == 4
    page = client.get(url).content.decode()
    assert 'id="recognition-approve"' not in page
    pdf = client.get(reverse("recognition_pdf", args=[recognition.pk, "kk"]))
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get(reverse("recognition_pdf", args=[recognition.pk, "en"])).status_code == 404


def test_a_draft_can_be_discarded(world, users, client_for):
    recognition = prepare(world, users)
    response = client_for("registrar").post(reverse("recognition_discard", args=[recognition.pk]))
    assert response.status_code == 302 and not Recognition.objects.exists()


def test_who_sees_a_recognition(world, users, client_for):
    recognition = prepare(world, users)
    url = reverse("recognition_detail", args=[recognition.pk])
    for role in ("student", "adviser", "another_student", "teacher"):
        assert client_for(role).get(url).status_code == 403, role  # a draft is the office's
    svc.recognition_approve(actor=users["registrar"], recognition=recognition)
    assert client_for("student").get(url).status_code == 200
    assert client_for("adviser").get(url).status_code == 200
    for role in ("another_student", "another_adviser", "teacher"):
        assert client_for(role).get(url).status_code == 403, role
    page = client_for("student").get(url).content.decode()
    assert 'id="recognition-approve"' not in page and 'data-bs-target="#edit-' not in page
    item = recognition.items.first()
    for role in ("student", "adviser", "dean_office"):
        assert client_for(role).post(reverse("recognition_item_edit", args=[item.pk]), {}).status_code == 403
        assert client_for(role).post(reverse("recognition_approve", args=[recognition.pk])).status_code == 403
        assert client_for(role).get(reverse("recognition_list")).status_code == 403


def test_the_list_and_the_detail_keep_their_query_counts(world, users, client_for, django_assert_max_num_queries):
    client = client_for("registrar")
    first = prepare(world, users)
    list_url, detail_url = reverse("recognition_list"), reverse("recognition_detail", args=[first.pk])
    client.get(list_url), client.get(detail_url)
    with django_assert_max_num_queries(12) as list_few:
        client.get(list_url)
    with django_assert_max_num_queries(14) as detail_few:
        client.get(detail_url)
    for _ in range(6):
        prepare(world, users, student=world.student_like(), earlier=[])
    with django_assert_max_num_queries(len(list_few)):
        page = client.get(list_url)
    assert page.content.decode().count("/grading/mobility/recognitions/") >= 7
    big = prepare(world, users, student=world.student_like(), earlier=[])
    with django_assert_max_num_queries(len(detail_few)):
        assert client.get(reverse("recognition_detail", args=[big.pk])).status_code == 200
