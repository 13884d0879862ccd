"""The order pages as the registrar and the head use them: list, create, add students, sign, cancel."""

import datetime

import pytest
from django.urls import reverse

from orders.choices import OrderStatus, OrderType
from orders.models import Order
from tests.enrollment.factories_students import StudentFactory, dean_office_of

from .factories_orders import applicant, draft, enrolled_student, signed

pytestmark = pytest.mark.django_db

FEB = datetime.date(2026, 2, 2)


def test_the_order_list_filters_by_type_status_year_and_finds_a_student(client_for, django_assert_max_num_queries):
    student = enrolled_student(last_name="Мұқанов")
    signed(OrderType.FUNDING_CHANGE, students=[student], params={"funding": "paid"}, effective_on=FEB)
    for _ in range(5):
        draft(OrderType.PROMOTION, students=[enrolled_student(), enrolled_student()])
    client = client_for("registrar")
    client.get(reverse("dashboard"))
    url = reverse("order_list")
    with django_assert_max_num_queries(12):
        response = client.get(url)
    assert response.status_code == 200 and response.content.decode().count('data-status="draft"') == 5
    assert client.get(url, {"order_type": "funding_change"}).content.decode().count("<tr data-status") == 1
    assert client.get(url, {"status": "signed"}).content.decode().count("<tr data-status") == 1
    assert client.get(url, {"year": "2024"}).content.decode().count("<tr data-status") == 0
    assert (
        client.get(url, {"date_from": "2025-08-01", "date_to": "2025-08-31"}).content.decode().count("<tr data-status")
        == 6
    )
    found = client.get(url, {"q": "Мұқанов"}).content.decode()
    assert found.count("<tr data-status") == 1 and "1-Ф" in found
    assert client.get(url, {"q": "1-Ф"}).content.decode().count("<tr data-status") == 1
    export = client.get(url, {"export": "xlsx"})
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_a_deans_office_lists_only_signed_orders_of_its_faculty(users, client_for):
    mine = enrolled_student()
    dean_office_of(users["dean_office"], mine.programme.faculty)
    own = signed(OrderType.FUNDING_CHANGE, students=[mine], params={"funding": "paid"}, effective_on=FEB)
    other = signed(
        OrderType.FUNDING_CHANGE, students=[enrolled_student()], params={"funding": "paid"}, effective_on=FEB
    )
    draft(OrderType.PROMOTION, students=[mine])
    page = client_for("dean_office").get(reverse("order_list")).content.decode()
    assert page.count("<tr data-status") == 1 and f'/orders/{own.pk}/"' in page
    assert client_for("dean_office").get(reverse("order_detail", args=[other.pk])).status_code == 404


def test_the_registrar_creates_a_leave_order_adds_students_and_the_head_signs_it(users, client_for):
    first = enrolled_student(last_name="Үсенов")
    second = enrolled_student(last_name="Үсенова")
    registrar = client_for("registrar")
    response = registrar.get(reverse("order_create"))
    assert 'data-type="academic_leave"' in response.content.decode()
    response = registrar.post(
        reverse("order_create") + "?order_type=academic_leave",
        {
            "order_date": "2026-01-25",
            "effective_on": "2026-02-01",
            "basis": "Заключение ВКК",
            "p_leave_ground": "medical",
            "p_leave_until": "2027-01-31",
        },
    )
    order = Order.objects.get()
    assert response.status_code == 302 and order.params == {"leave_ground": "medical", "leave_until": "2027-01-31"}
    search = registrar.get(reverse("order_item_add", args=[order.pk]), {"q": "Үсенов"}).content.decode()
    assert f'value="{first.pk}"' in search and f'value="{second.pk}"' in search
    response = registrar.post(reverse("order_item_add", args=[order.pk]), {"student": [first.pk, second.pk]})
    assert response.status_code == 302 and order.items.count() == 2
    page = registrar.get(reverse("order_detail", args=[order.pk])).content.decode()
    assert 'id="order-ready"' in page and 'id="order-sign"' not in page  # the registrar does not sign
    head = client_for("registrar_head")
    assert 'id="order-sign"' in head.get(reverse("order_detail", args=[order.pk])).content.decode()
    response = head.post(reverse("order_sign", args=[order.pk]), {"confirm": "1"})
    order.refresh_from_db()
    assert response.status_code == 302 and order.status == OrderStatus.SIGNED and order.number == "1-АО"
    first.refresh_from_db()
    assert first.status == "on_leave"


def test_a_refused_signature_shows_every_impossible_item_on_the_order_page(client_for):
    expelled = StudentFactory(status="expelled", last_name="Ысқақов")
    order = draft(OrderType.PROMOTION, students=[enrolled_student(), expelled], effective_on=datetime.date(2026, 9, 1))
    head = client_for("registrar_head")
    page = head.get(reverse("order_detail", args=[order.pk])).content.decode()
    assert 'id="order-problems"' in page and "Ысқақов" in page
    response = head.post(reverse("order_sign", args=[order.pk]), {"confirm": "1"}, follow=True)
    page = response.content.decode()
    assert 'id="sign-refusal"' in page and "Item 2 (Ысқақов" in page
    order.refresh_from_db()
    assert order.is_draft


def test_signing_needs_the_explicit_confirmation(client_for):
    order = draft(OrderType.PROMOTION, students=[enrolled_student()], effective_on=datetime.date(2026, 9, 1))
    assert client_for("registrar_head").post(reverse("order_sign", args=[order.pk])).status_code == 400
    order.refresh_from_db()
    assert order.is_draft


def test_an_enrolment_item_is_added_with_the_applicants_data(client_for):
    order = draft(OrderType.ENROLMENT)
    data = {f"p_{k}": v for k, v in applicant().items()}
    response = client_for("registrar").post(reverse("order_item_add", args=[order.pk]), data)
    assert response.status_code == 302
    assert order.items.get().params["last_name"] in ("Төлеуов", "Төлеуова")


def test_an_item_is_edited_and_removed_on_a_draft(client_for):
    student = enrolled_student()
    order = draft(OrderType.EXPULSION, students=[student], effective_on=FEB)
    item = order.items.get()
    client = client_for("registrar")
    response = client.post(reverse("order_item_edit", args=[item.pk]), {"p_expulsion_ground": "own_wish"})
    item.refresh_from_db()
    assert response.status_code == 302 and item.params == {"expulsion_ground": "own_wish"}
    client.post(reverse("order_item_remove", args=[item.pk]), {"confirm": "1"})
    assert not order.items.exists()


def test_the_office_drafts_a_cancelling_order_from_the_order_page(client_for):
    order = signed(
        OrderType.FUNDING_CHANGE, students=[enrolled_student()], params={"funding": "paid"}, effective_on=FEB
    )
    client = client_for("registrar")
    assert 'id="cancel-form"' in client.get(reverse("order_detail", args=[order.pk])).content.decode()
    response = client.post(reverse("order_cancel", args=[order.pk]), {"basis": "Ошибка в приказе"})
    cancellation = Order.objects.get(cancels=order)
    assert response.status_code == 302 and response["Location"] == reverse("order_detail", args=[cancellation.pk])
    assert cancellation.items.count() == 1 and cancellation.is_draft


def test_bulk_order_from_posted_student_ids_as_the_student_list_sends_them(client_for):
    students = [enrolled_student() for _ in range(3)]
    page = client_for("registrar").get(reverse("student_list")).content.decode()
    assert f'formaction="{reverse("order_bulk_create")}"' in page and 'name="order_type"' in page
    response = client_for("registrar").post(
        reverse("order_bulk_create"), {"student": [s.pk for s in students], "order_type": "promotion"}
    )
    order = Order.objects.get()
    assert response.status_code == 302 and order.order_type == OrderType.PROMOTION and order.items.count() == 3


def test_bulk_order_from_the_student_list_filters(client_for):
    programme_students = [enrolled_student() for _ in range(2)]
    programme = programme_students[0].programme
    StudentFactory(programme=programme, year_of_study=2)
    enrolled_student()
    url = reverse("order_bulk_create") + f"?programme={programme.code}&year_of_study=1"
    client = client_for("registrar")
    preview = client.get(url).content.decode()
    assert "1 student matches" in preview or "students match" in preview
    response = client.post(url, {"order_type": "repeat_year", "effective_on": "2026-09-01"})
    order = Order.objects.get()
    assert response.status_code == 302 and order.items.filter(student__programme=programme).count() == 1


def test_the_order_page_has_a_bounded_number_of_queries(client_for, django_assert_max_num_queries):
    small = signed(OrderType.ENROLMENT, items=[applicant() for _ in range(2)])
    large = signed(OrderType.ENROLMENT, items=[applicant() for _ in range(20)])
    client = client_for("registrar")
    client.get(reverse("dashboard"))
    with django_assert_max_num_queries(20) as small_queries:
        assert client.get(reverse("order_detail", args=[small.pk])).status_code == 200
    with django_assert_max_num_queries(20) as large_queries:
        assert client.get(reverse("order_detail", args=[large.pk])).status_code == 200
    assert len(large_queries.captured_queries) == len(small_queries.captured_queries)


def test_the_draft_page_with_its_check_has_a_bounded_number_of_queries(client_for, django_assert_max_num_queries):
    order = draft(OrderType.PROMOTION, students=[enrolled_student() for _ in range(15)], effective_on=FEB)
    client = client_for("registrar_head")
    client.get(reverse("dashboard"))  # the session and the settings row exist before counting
    with django_assert_max_num_queries(20):
        assert client.get(reverse("order_detail", args=[order.pk])).status_code == 200


def test_the_head_sees_the_drafts_awaiting_signature_on_the_dashboard(client_for):
    draft(OrderType.PROMOTION, students=[enrolled_student()])
    draft(OrderType.PROMOTION, students=[enrolled_student()])
    page = client_for("registrar_head").get(reverse("dashboard")).content.decode()
    assert 'id="panel-orders-awaiting"' in page and 'id="orders-awaiting-count">2<' in page
    assert "?status=draft" in page
    assert 'id="panel-orders-awaiting"' not in client_for("registrar").get(reverse("dashboard")).content.decode()


def test_the_menu_offers_orders_to_the_office_and_deans_only(client_for):
    url = reverse("order_list")
    assert f'href="{url}"' in client_for("registrar").get(reverse("dashboard")).content.decode()
    assert f'href="{url}"' in client_for("dean_office").get(reverse("dashboard")).content.decode()
    assert f'href="{url}"' not in client_for("student").get(reverse("dashboard")).content.decode()


def test_the_draft_is_edited_with_its_defaults_shown(client_for):
    order = draft(OrderType.EXPULSION, params={"expulsion_ground": "own_wish"}, effective_on=FEB)
    client = client_for("registrar")
    page = client.get(reverse("order_edit", args=[order.pk])).content.decode()
    assert 'value="own_wish" selected' in page
    response = client.post(
        reverse("order_edit", args=[order.pk]),
        {"order_date": "2026-01-30", "effective_on": "2026-02-03", "basis": "Рапорт", "p_expulsion_ground": "death"},
    )
    order.refresh_from_db()
    assert response.status_code == 302 and order.params == {"expulsion_ground": "death"} and order.basis == "Рапорт"


def test_the_editing_pages_of_a_signed_order_send_back_to_it(client_for):
    order = signed(
        OrderType.FUNDING_CHANGE, students=[enrolled_student()], params={"funding": "paid"}, effective_on=FEB
    )
    client = client_for("registrar")
    for url in (
        reverse("order_edit", args=[order.pk]),
        reverse("order_item_add", args=[order.pk]),
        reverse("order_item_edit", args=[order.items.get().pk]),
    ):
        response = client.get(url)
        assert response.status_code == 302 and response["Location"] == reverse("order_detail", args=[order.pk])
