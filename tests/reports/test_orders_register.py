"""The register of orders: signed orders of the period with their students counted, by type, checked
against the orders read one by one; a dean's office sees its faculty's orders and counts its students."""

import datetime

import pytest
from django.urls import reverse

from orders.choices import OrderStatus, OrderType
from orders.models import Order
from reports import exports
from reports.selectors_orders import orders_register
from tests.orders.factories_orders import draft, signed

from .xlsx_helpers import assert_clean_sheet, read, sheet_parts

D = datetime.date


@pytest.fixture
def orders(world):
    s = world["students"]
    signed(OrderType.EXPULSION, students=[s["h"]], params={"expulsion_ground": "own_wish"},
           order_date=D(2025, 10, 20), effective_on=D(2025, 11, 1))  # fmt: skip
    leave = {"leave_ground": "military", "leave_until": "2026-11-01"}
    signed(OrderType.ACADEMIC_LEAVE, students=[s["j"]], params=leave, order_date=D(2025, 10, 21),
           effective_on=D(2025, 11, 1))  # fmt: skip
    signed(OrderType.PROMOTION, students=[s["a"], s["k"]], order_date=D(2026, 6, 25), effective_on=D(2026, 9, 1))
    signed(OrderType.FUNDING_CHANGE, students=[s["b"]], params={"funding": "grant"},
           order_date=D(2025, 8, 20), effective_on=D(2025, 9, 1))  # fmt: skip  # before the period
    draft(OrderType.EXPULSION, students=[s["t"]], params={"expulsion_ground": "own_wish"}, order_date=D(2025, 12, 1))
    return world


def independent(start, end, faculty_id=None):
    found = []
    for order in Order.objects.filter(status=OrderStatus.SIGNED).prefetch_related("items__student__programme"):
        if not start <= order.order_date <= end:
            continue
        items = [i for i in order.items.all() if faculty_id is None or i.student.programme.faculty_id == faculty_id]
        if items:
            found.append((order.number, len(items)))
    return sorted(found)


def test_the_register_equals_the_orders_read_one_by_one(orders, django_assert_max_num_queries):
    start, end = D(2025, 9, 1), D(2026, 8, 31)
    with django_assert_max_num_queries(1):
        register = orders_register(start, end)
    assert sorted((o.number, o.items_n) for o in register.orders) == independent(start, end)
    assert len(register.orders) == 3 and register.items_total == 4
    assert {line["order_type"]: (line["orders"], line["items"]) for line in register.by_type} == {
        "academic_leave": (1, 1),
        "expulsion": (1, 1),
        "promotion": (1, 2),
    }
    f1 = orders_register(start, end, faculty_ids=[orders["f1"].pk])
    assert sorted((o.number, o.items_n) for o in f1.orders) == independent(start, end, orders["f1"].pk)
    assert f1.items_total == 2
    only = orders_register(start, end, order_type=OrderType.PROMOTION)
    assert [o.order_type for o in only.orders] == ["promotion"]


def test_xlsx_reads_back(orders):
    register = orders_register(D(2025, 9, 1), D(2026, 8, 31))
    wb = read(exports.orders_xlsx(register))
    ws = wb["Register of orders"]
    assert_clean_sheet(ws, frozen="B3")
    header, data, totals = sheet_parts(ws)
    assert header[:5] == ["number", "order date", "in force from", "order type", "students"]
    assert isinstance(data[0][1], datetime.datetime) and ws.cell(3, 2).number_format == "DD.MM.YYYY"
    assert totals[3] == len(data) == 3 and totals[4] == sum(r[4] for r in data) == 4
    _h, types, type_totals = sheet_parts(wb["By order type"])
    assert type_totals[1] == sum(r[1] for r in types) and type_totals[2] == sum(r[2] for r in types)


def test_pages_and_access(orders, dean_f1, client_for):
    query = {"start": "2025-09-01", "end": "2026-08-31"}
    office = client_for("registrar").get(reverse("reports_orders"), query)
    assert office.status_code == 200 and len(office.context["register"].orders) == 3
    dean = client_for("dean_office").get(reverse("reports_orders"), query)
    assert dean.status_code == 200 and dean.context["register"].items_total == 2
    assert (
        client_for("dean_office").get(reverse("reports_orders"), {**query, "faculty": orders["f2"].pk}).status_code
        == 403
    )
    xlsx = client_for("registrar").get(reverse("reports_orders"), {**query, "export": "xlsx"})
    assert xlsx.status_code == 200 and sheet_parts(read(xlsx.content)["Register of orders"])[2][4] == 4
    assert client_for("teacher").get(reverse("reports_orders")).status_code == 403
