"""Who sees the reports (the office everything, a dean's office its faculty only and 403 for another
faculty's filter, everyone else 403), and reproducibility: a report for a past date gives the same
numbers after later orders are signed through the orders service."""

import datetime

import pytest
from django.urls import reverse

from orders.choices import OrderType
from reports import exports
from reports.selectors_body import body_report
from reports.selectors_form import stat_form
from reports.selectors_movement import movement_report
from tests.orders.factories_orders import signed

from .xlsx_helpers import read, sheet_parts

D = datetime.date
PAGES = ("reports_index", "reports_body", "reports_movement", "reports_stat_form")
REPORTS = ("reports_body", "reports_movement", "reports_stat_form")


@pytest.mark.parametrize("role", ["registrar", "registrar_head", "administrator"])
def test_the_office_sees_every_report(world, client_for, role):
    client = client_for(role)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 200, name
    response = client.get(reverse("reports_body"), {"on": "2024-10-15"})
    assert {line.faculty.code for line in response.context["report"].rows} == {"RF1", "RF2"}


@pytest.mark.parametrize("role", ["student", "teacher", "adviser", "another_student"])
def test_students_teachers_and_advisers_are_refused(world, client_for, role):
    client = client_for(role)
    for name in PAGES:
        assert client.get(reverse(name)).status_code == 403, name
        assert client.get(reverse(name), {"export": "xlsx"}).status_code == 403, name


def test_anonymous_is_sent_to_login(world, client_for):
    for name in PAGES:
        response = client_for(None).get(reverse(name))
        assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_deans_office_sees_only_its_faculty(world, dean_f1, client_for):
    client = client_for("dean_office")
    body = client.get(reverse("reports_body"), {"on": "2024-10-15"})
    assert body.status_code == 200
    assert {line.programme.code for line in body.context["report"].rows} == {"6B06101", "6B06102"}
    assert "6B04101" not in body.content.decode()
    # Its filter lists offer its own faculty and programmes only.
    assert [str(c[1]) for c in body.context["form"].fields["faculty"].widget.choices][1:] == [str(world["f1"])]
    movement = client.get(reverse("reports_movement"), {"start": "2023-09-01", "end": "2025-08-31"})
    assert {line.programme.code for line in movement.context["report"].lines if line.kind == "row"} == {
        "6B06101",
        "6B06102",
    }
    form = client.get(reverse("reports_stat_form"), {"on": "2024-10-01"})
    assert [line.code for line in form.context["data"].rows] == ["6B061", "6B061"]
    xlsx = client.get(reverse("reports_body"), {"on": "2024-10-15", "export": "xlsx"})
    _header, data, totals = sheet_parts(read(xlsx.content)["Student body"])
    assert {r[1] for r in data if r[3] is not None} == {"6B06101", "6B06102"} and totals[4] == 6
    # Its own faculty named in the filter is fine.
    assert client.get(reverse("reports_body"), {"faculty": world["f1"].pk}).status_code == 200


def test_a_deans_office_is_refused_another_facultys_filter(world, dean_f1, client_for):
    client = client_for("dean_office")
    for name in REPORTS:
        assert client.get(reverse(name), {"faculty": world["f2"].pk}).status_code == 403, name
        assert client.get(reverse(name), {"programme": world["p3"].pk}).status_code == 403, name
        assert client.get(reverse(name), {"faculty": world["f2"].pk, "export": "xlsx"}).status_code == 403, name


def test_a_deans_office_without_a_faculty_sees_nothing(world, client_for):
    response = client_for("dean_office").get(reverse("reports_body"), {"on": "2024-10-15"})
    assert response.status_code == 200 and response.context["report"].total.values["total"] == 0


def test_a_past_date_gives_the_same_numbers_after_later_orders(world):
    """The reports for 15.10.2024 and for 2024/25 are computed, then orders dated later are signed
    through the orders service (an expulsion, an academic leave, a promotion); recomputed, every
    number is the same. A date after those orders sees them."""
    past, start, end = D(2024, 10, 15), D(2024, 9, 1), D(2025, 8, 31)
    before = (
        body_report(past),
        movement_report(start, end),
        stat_form(D(2024, 10, 1)),
        exports.body_xlsx(body_report(past)),
    )
    s = world["students"]
    signed(
        OrderType.EXPULSION,
        students=[s["a"]],
        params={"expulsion_ground": "academic_failure"},
        order_date=D(2025, 10, 20),
        effective_on=D(2025, 11, 1),
    )
    signed(
        OrderType.ACADEMIC_LEAVE,
        students=[s["j"]],
        params={"leave_ground": "military", "leave_until": "2026-11-01"},
        order_date=D(2025, 10, 20),
        effective_on=D(2025, 11, 1),
    )
    signed(OrderType.PROMOTION, students=[s["k"]], order_date=D(2025, 10, 20), effective_on=D(2025, 11, 1))
    after = (body_report(past), movement_report(start, end), stat_form(D(2024, 10, 1)), None)
    assert [line.values for line in after[0].lines] == [line.values for line in before[0].lines]
    assert after[0].total.values == before[0].total.values
    assert [line.values for line in after[1].lines] == [line.values for line in before[1].lines]
    assert after[1].total.values == before[1].total.values
    assert [line.cells() for line in after[2].lines] == [line.cells() for line in before[2].lines]
    assert (
        sheet_parts(read(exports.body_xlsx(after[0]))["Student body"])[2]
        == sheet_parts(read(before[3])["Student body"])[2]
    )
    # After the orders: a left, j is on leave, k in year 2.
    later = body_report(D(2025, 11, 2))
    earlier = body_report(D(2025, 10, 31))
    assert later.total.values["total"] == earlier.total.values["total"] - 1
    assert later.total.values["on_leave"] == earlier.total.values["on_leave"] + 1
    moved = movement_report(D(2025, 11, 1), D(2025, 11, 30))
    assert moved.reconciles
    assert (moved.total.values["out:expelled"], moved.total.values["out:leave"]) == (1, 1)
    assert moved.total.values["kept:promoted"] == 1
