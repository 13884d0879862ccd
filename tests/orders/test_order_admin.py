"""The admin of orders: signed orders read-only and undeletable; the "sign" action goes through the service."""

import datetime

import pytest
from django.urls import reverse

from orders.choices import OrderStatus, OrderType

from .factories_orders import draft, enrolled_student, signed

pytestmark = pytest.mark.django_db

FEB = datetime.date(2026, 2, 2)


def test_a_signed_order_is_read_only_and_cannot_be_deleted_in_the_admin(client_for):
    order = signed(
        OrderType.FUNDING_CHANGE, students=[enrolled_student()], params={"funding": "paid"}, effective_on=FEB
    )
    admin = client_for("administrator")
    page = admin.get(reverse("admin:orders_order_change", args=[order.pk])).content.decode()
    assert 'name="basis"' not in page and 'name="items-0-params"' not in page
    assert admin.get(reverse("admin:orders_order_delete", args=[order.pk])).status_code == 403
    assert admin.get(reverse("admin:orders_orderitem_delete", args=[order.items.get().pk])).status_code == 403
    draft_order = draft(OrderType.PROMOTION, students=[enrolled_student()])
    assert 'name="basis"' in admin.get(reverse("admin:orders_order_change", args=[draft_order.pk])).content.decode()


def test_the_admin_sign_action_signs_through_the_service_and_reports_refusals(client_for):
    good = draft(OrderType.FUNDING_CHANGE, students=[enrolled_student()], params={"funding": "paid"}, effective_on=FEB)
    bad = draft(OrderType.FUNDING_CHANGE, students=[enrolled_student()], params={"funding": "grant"}, effective_on=FEB)
    response = client_for("administrator").post(
        reverse("admin:orders_order_changelist"),
        {"action": "sign_orders", "_selected_action": [good.pk, bad.pk]},
        follow=True,
    )
    good.refresh_from_db()
    bad.refresh_from_db()
    assert good.status == OrderStatus.SIGNED and bad.status == OrderStatus.DRAFT
    assert "already studies on this funding" in response.content.decode()


def test_a_cancelling_order_is_not_created_in_the_admin(client_for):
    response = client_for("administrator").post(
        reverse("admin:orders_order_add"),
        {
            "order_type": "cancellation",
            "order_date": "2026-02-01",
            "effective_on": "2026-02-01",
            "params": "{}",
            "items-TOTAL_FORMS": "0",
            "items-INITIAL_FORMS": "0",
        },
    )
    assert response.status_code == 200 and "created from the signed order it cancels" in response.content.decode()
