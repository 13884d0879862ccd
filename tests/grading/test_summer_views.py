"""The summer-term payments page: the list (filter by payment, xlsx, bounded queries), the bulk
confirmation with per-plan refusals, and access (the office only)."""

import re
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enrollment.choices import PlanStatus
from tests.factories import DisciplineFactory

from .test_summer_services import approved_summer_plan, world  # noqa: F401 (fixture)

pytestmark = pytest.mark.django_db


def test_bulk_confirmation_from_the_list(world, users, client_for):  # noqa: F811
    a = approved_summer_plan(world, users, world.student, DisciplineFactory())
    b = approved_summer_plan(world, users, world.student_like(), DisciplineFactory(), status=PlanStatus.DRAFT)
    client = client_for("registrar")
    response = client.post(
        reverse("summer_payments_confirm"),
        {"plan": [a.pk, b.pk], "reference": "STATEMENT-12", "next": reverse("summer_plans") + "?payment=pending"},
        follow=True,
    )
    page = response.content.decode()
    assert "1 payment confirmed." in page and "must be submitted or approved first" in page
    a.refresh_from_db(), b.refresh_from_db()
    assert a.payment_reference == "STATEMENT-12" and b.payment_confirmed_at is None
    pending = client.get(reverse("summer_plans"), {"payment": "pending"}).content.decode()
    assert b.student.student_number in pending and a.student.student_number not in pending
    export = client.get(reverse("summer_plans"), {"payment": "confirmed", "export": "xlsx"})
    rows = list(load_workbook(BytesIO(export.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and "STATEMENT-12" in rows[1]


def test_a_confirmation_without_a_reference_or_plans_is_refused(world, users, client_for):  # noqa: F811
    a = approved_summer_plan(world, users, world.student, DisciplineFactory())
    client = client_for("registrar")
    page = client.post(reverse("summer_payments_confirm"), {"plan": [a.pk]}, follow=True).content.decode()
    assert "This field is required." in page
    page = client.post(reverse("summer_payments_confirm"), {"reference": "X"}, follow=True).content.decode()
    assert "Tick the plans whose payment is confirmed." in page
    a.refresh_from_db()
    assert a.payment_confirmed_at is None


def test_only_the_office_sees_and_confirms(world, users, client_for):  # noqa: F811
    a = approved_summer_plan(world, users, world.student, DisciplineFactory())
    for role in ("student", "adviser", "dean_office", "teacher"):
        assert client_for(role).get(reverse("summer_plans")).status_code == 403
        data = {"plan": [a.pk], "reference": "X"}
        assert client_for(role).post(reverse("summer_payments_confirm"), data).status_code == 403
    a.refresh_from_db()
    assert a.payment_confirmed_at is None


def test_the_list_keeps_its_query_count(world, users, client_for, django_assert_max_num_queries):  # noqa: F811
    client = client_for("registrar")
    url = reverse("summer_plans")
    approved_summer_plan(world, users, world.student, DisciplineFactory())
    client.get(url)
    with django_assert_max_num_queries(12) as few:
        client.get(url)
    for _ in range(15):
        approved_summer_plan(world, users, world.student_like(), DisciplineFactory())
    with django_assert_max_num_queries(len(few)):
        page = client.get(url).content.decode()
    assert len(re.findall(r'<input[^>]*name="plan"', page)) == 16
