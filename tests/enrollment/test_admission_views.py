"""The admission-list page: template download, an upload with defects shows every row's problem,
a good upload leads to the draft order, and only the registrar's office may use it."""

import datetime
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from enrollment.models import Student
from registrar.models import User

from .factories_admissions import ProgrammeFactory, admission_xlsx, applicant_row, upload

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrar(users, client_for):
    User.objects.filter(username="registrar").update(language="en")
    return client_for("registrar")


@pytest.fixture
def programme():
    return ProgrammeFactory(code="6B06102", short_code="ПИ")


def _post(client, content, name="list.xlsx"):
    return client.post(
        reverse("admission_upload"),
        {
            "file": upload(content, name),
            "order_date": "2026-08-25",
            "effective_on": "2026-09-01",
            "basis": "Протокол № 7",
        },
    )


def test_the_template_downloads_as_xlsx_with_the_header_row(registrar, programme):
    response = registrar.get(reverse("admission_template"))
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="admission-list.xlsx"'
    header = [c.value for c in load_workbook(BytesIO(response.content)).worksheets[0][1]]
    assert header[:2] == ["Surname *", "Given name *"] and "Year of study" in header


def test_the_page_offers_the_upload_and_the_latest_orders_in_few_queries(registrar, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        response = registrar.get(reverse("admission_upload"))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="admission-form"' in html and reverse("admission_template") in html
    assert response.context["form"].initial["effective_on"].month == 9


def test_a_list_with_defects_shows_every_problem_with_its_row_and_creates_nothing(registrar, programme):
    from orders.models import Order

    rows = [applicant_row(programme), applicant_row(programme, programme="6B00000"), applicant_row(programme)]
    rows[2].update(iin=rows[0]["iin"], birth_date=rows[0]["birth_date"], sex=rows[0]["sex"])
    response = _post(registrar, admission_xlsx(rows))
    assert response.status_code == 400
    html = response.content.decode()
    assert "The list was not accepted: 2 problems. Nothing was created." in html
    errors = response.context["row_errors"]
    assert [(e.row, e.column) for e in errors] == [(3, "Programme code"), (4, "IIN")]
    assert Order.objects.count() == 0 and Student.objects.count() == 0


def test_a_file_that_is_not_a_spreadsheet_is_refused_with_a_file_level_message(registrar):
    response = _post(registrar, b"just some text", "list.txt")
    assert response.status_code == 400
    assert [e.message for e in response.context["file_errors"]] == [
        "This is not an xlsx file. Save the sheet as .xlsx and try again."
    ]


def test_a_good_list_leads_to_the_draft_order(registrar, programme):
    from orders.choices import OrderStatus
    from orders.models import Order

    response = _post(registrar, admission_xlsx([applicant_row(programme) for _i in range(3)]))
    assert response.status_code == 302
    order = Order.objects.get()
    assert response["Location"] == f"{reverse('admission_upload')}?created={order.pk}"
    assert order.status == OrderStatus.DRAFT and order.items.count() == 3
    assert order.order_date == datetime.date(2026, 8, 25) and order.effective_on == datetime.date(2026, 9, 1)
    page = registrar.get(response["Location"])
    assert "Draft enrolment order created with 3 applicants." in page.content.decode()


@pytest.mark.parametrize("role", ["student", "adviser", "teacher", "dean_office"])
def test_only_the_registrars_office_uploads_admission_lists(users, client_for, programme, role):
    client = client_for(role)
    assert client.get(reverse("admission_upload")).status_code == 403
    assert client.get(reverse("admission_template")).status_code == 403
    assert _post(client, admission_xlsx([applicant_row(programme)])).status_code == 403
