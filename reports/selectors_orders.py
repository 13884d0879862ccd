"""The register of orders for a period: every signed order dated in it, with its type, number, dates,
basis, signer and the number of its items; a summary by type. A dean's office sees the orders with
items of its faculties' students, and counts those items only. Two queries."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.db.models import Count, Q

from orders.choices import OrderStatus, OrderType
from orders.models import Order


@dataclass
class OrdersRegister:
    start: datetime.date
    end: datetime.date
    orders: list
    by_type: list[dict]  # {order_type, label, orders, items}

    @property
    def items_total(self) -> int:
        return sum(o.items_n for o in self.orders)


def orders_register(start, end, *, faculty_ids=None, order_type=None) -> OrdersRegister:
    items = Q()
    if faculty_ids is not None:
        items = Q(items__student__programme__faculty_id__in=faculty_ids)
    qs = (
        Order.objects.filter(status=OrderStatus.SIGNED, order_date__gte=start, order_date__lte=end)
        .annotate(items_n=Count("items", filter=items))
        .select_related("signed_by", "cancels")
        .order_by("order_date", "order_type", "sequence", "pk")
    )
    if faculty_ids is not None:
        qs = qs.filter(items_n__gt=0)
    if order_type:
        qs = qs.filter(order_type=order_type)
    orders = list(qs)
    labels = dict(OrderType.choices)
    summary: dict[str, dict] = {}
    for order in orders:
        line = summary.setdefault(
            order.order_type,
            {"order_type": order.order_type, "label": labels.get(order.order_type, order.order_type), "orders": 0,
             "items": 0},
        )  # fmt: skip
        line["orders"] += 1
        line["items"] += order.items_n
    order = list(OrderType.values)
    by_type = sorted(summary.values(), key=lambda line: order.index(line["order_type"]))
    return OrdersRegister(start, end, orders, by_type)


def chart_data(register: OrdersRegister) -> dict:
    from django.utils.translation import gettext as _

    return {
        "labels": [str(line["label"]) for line in register.by_type],
        "datasets": [
            {"label": _("orders"), "data": [line["orders"] for line in register.by_type]},
            {"label": _("students in the orders"), "data": [line["items"] for line in register.by_type]},
        ],
    }
