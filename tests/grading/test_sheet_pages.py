"""The sheet pages: who sees which sheet, entry cell by cell through htmx (derived columns in the answer,
invalid values and stale versions refused in place, closed windows read-only), submit / reopen / close,
corrections with the head's approval, the list, the dashboard panel, and query bounds."""

import re
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from academics.choices import PeriodKind
from enrollment.models import Result
from grading.models import Correction, CorrectionStatus, Sheet, SheetRow, SheetStatus
from grading.services import sheets as svc
from registrar.models import Notice
from tests.enrollment.factories_students import dean_office_of, teacher_for

from .world import graded_world

pytestmark = pytest.mark.django_db
HTMX = {"HTTP_HX_REQUEST": "true"}


@pytest.fixture
def world(users):
    return graded_world(users)


def make_sheet(world, users) -> Sheet:
    svc.sheets_create_for_term(term=world.term, actor=users["registrar"])
    return Sheet.objects.get(section=world.extra["section"])


def post_cell(client, row, field, value, version=None, htmx=True):
    if version is None:
        version = SheetRow.objects.get(pk=row.pk).version
    return client.post(
        reverse("sheet_cell", args=[row.sheet_id]),
        {"row": row.pk, "field": field, "value": value, "version": version},
        **(HTMX if htmx else {}),
    )


def fill(client, sheet, values):
    """values: {student_id: (current1, midterm1, current2, midterm2, exam)} through the page."""
    for row in sheet.rows.all():
        for field, value in zip(svc.SCORE_FIELDS, values[row.student_id], strict=True):
            response = post_cell(client, row, field, value)
            assert response.status_code == 200 and b"is-invalid" not in response.content, response.content[:500]


def cell_html(content: bytes, element_id: str) -> str:
    """The HTML of the table cell with this id (its input and message included)."""
    match = re.search(rf'<td[^>]*id="{re.escape(element_id)}"[^>]*>.*?</td>', content.decode(), re.S)
    assert match, f"{element_id} not in the answer"
    return match.group(0)


# --- access ------------------------------------------------------------------------------------------


def test_a_teacher_opens_only_own_sheets(world, users, client_for):
    sheet = make_sheet(world, users)
    row = sheet.rows.first()
    assert client_for("teacher").get(reverse("sheet_detail", args=[sheet.pk])).status_code == 200
    for name in ("another_teacher", "adviser", "student"):
        client = client_for(name)
        assert client.get(reverse("sheet_detail", args=[sheet.pk])).status_code == 403, name
        assert post_cell(client, row, "current1", "80", version=1).status_code == 403, name
        assert client.post(reverse("sheet_submit", args=[sheet.pk])).status_code == 403, name
        assert client.get(reverse("sheet_pdf", args=[sheet.pk])).status_code == 403, name
        assert client.get(reverse("sheet_import_template", args=[sheet.pk])).status_code == 403, name
    row.refresh_from_db()
    assert row.current1 is None and row.version == 1


def test_a_deans_office_reads_its_faculty_without_entering(world, users, client_for):
    sheet = make_sheet(world, users)
    client = client_for("dean_office")
    assert client.get(reverse("sheet_detail", args=[sheet.pk])).status_code == 403
    dean_office_of(users["dean_office"], sheet.discipline.department.faculty)
    page = client_for("dean_office").get(reverse("sheet_detail", args=[sheet.pk]))
    assert page.status_code == 200 and b'name="value"' not in page.content
    assert post_cell(client_for("dean_office"), sheet.rows.first(), "exam", "80").status_code == 403


def test_the_list_shows_each_user_their_sheets_with_filters_and_export(world, users, client_for):
    own = make_sheet(world, users)
    other_section = world.section(world.compulsory[1], teacher=teacher_for(users["another_teacher"]))
    other = Sheet.objects.create(
        number="X-2",
        academic_year=own.academic_year,
        sequence=2,
        term=own.term,
        section=other_section,
        discipline=other_section.discipline,
        teacher=other_section.teacher,
        control_form="exam",
        created_by=users["registrar"],
    )
    teacher_page = client_for("teacher").get(reverse("sheet_list")).content.decode()
    assert own.number in teacher_page and other.number not in teacher_page
    office = client_for("registrar")
    page = office.get(reverse("sheet_list")).content.decode()
    assert own.number in page and other.number in page
    filtered = office.get(reverse("sheet_list"), {"q": "CMP2"}).content.decode()
    assert other.number in filtered and own.number not in filtered
    by_teacher = office.get(reverse("sheet_list"), {"teacher": other.teacher_id, "status": "open"}).content.decode()
    assert other.number in by_teacher and own.number not in by_teacher
    sorted_page = office.get(reverse("sheet_list"), {"sort": "-number"})
    assert sorted_page.status_code == 200
    export = office.get(reverse("sheet_list"), {"export": "xlsx"})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client_for("student").get(reverse("sheet_list")).status_code == 403


def test_the_office_creates_the_sheets_of_a_term_and_sees_the_report(world, users, client_for):
    client = client_for("registrar")
    assert client.get(reverse("sheets_create")).status_code == 200
    response = client.post(reverse("sheets_create"), {"term": world.term.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'id="report-created">1<' in html and 'id="report-rows">3<' in html
    again = client.post(reverse("sheets_create"), {"term": world.term.pk}).content.decode()
    assert 'id="report-created">0<' in again and 'id="report-existing">1<' in again
    assert client_for("teacher").get(reverse("sheets_create")).status_code == 403


# --- grade entry ----------------------------------------------------------------------------------------


def test_a_cell_is_saved_and_the_derived_columns_come_back(world, users, client_for):
    sheet = make_sheet(world, users)
    client = client_for("teacher")
    row = sheet.rows.get(student=world.student)
    for field, value in (("current1", "70"), ("midterm1", "70"), ("current2", "80"), ("midterm2", "80")):
        response = post_cell(client, row, field, value)
        assert response.status_code == 200
    assert "75" in cell_html(response.content, f"cell-{row.pk}-admission")
    response = post_cell(client, row, "exam", "90")
    html = response.content.decode()
    assert 'hx-swap-oob="true"' in html
    assert ">81<" in cell_html(response.content, f"res-{row.pk}-score")
    assert ">B<" in cell_html(response.content, f"res-{row.pk}-letter")
    assert "3.00" in cell_html(response.content, f"res-{row.pk}-points")
    assert "good" in cell_html(response.content, f"res-{row.pk}-outcome")
    assert f'id="version-{row.pk}" name="version" value="6"' in html
    assert 'data-letter="B" data-count="1"' in html  # the distribution chart follows
    row.refresh_from_db()
    assert (row.score, row.letter, row.version) == (81, "B", 6)


def test_a_comma_decimal_is_accepted_and_a_mark_is_set(world, users, client_for):
    sheet = make_sheet(world, users)
    client = client_for("teacher")
    row = sheet.rows.first()
    for field, value in (("current1", "40,5"), ("midterm1", "40"), ("current2", "90"), ("midterm2", "90")):
        post_cell(client, row, field, value)
    response = post_cell(client, row, "mark", "no_show")
    assert "no-show" in cell_html(response.content, f"res-{row.pk}-outcome")
    row.refresh_from_db()
    assert row.current1 == Decimal("40.5") and row.letter == "F" and row.mark == "no_show"


def test_an_invalid_value_is_refused_in_place(world, users, client_for):
    sheet = make_sheet(world, users)
    row = sheet.rows.first()
    client = client_for("teacher")
    for value, reason in (
        ("101", "Enter a number from 0 to 100."),
        ("7.555", "At most two decimals."),
        ("x", "0 to 100"),
    ):
        response = post_cell(client, row, "exam", value)
        assert response.status_code == 200
        cell = cell_html(response.content, f"cell-{row.pk}-exam")
        assert "is-invalid" in cell and reason in cell and f'value="{value}"' in cell
        assert f'id="version-{row.pk}"' not in response.content.decode()  # nothing saved, no new version
    row.refresh_from_db()
    assert row.exam is None and row.version == 1


def test_a_stale_version_reports_the_other_persons_value(world, users, client_for):
    sheet = make_sheet(world, users)
    row = sheet.rows.first()
    assert post_cell(client_for("registrar"), row, "current1", "70", version=1).status_code == 200
    response = post_cell(client_for("teacher"), row, "current1", "90", version=1)
    cell = cell_html(response.content, f"cell-{row.pk}-current1")
    assert "is-invalid" in cell and "the cell now holds 70" in cell
    row.refresh_from_db()
    assert row.current1 == Decimal("70") and row.version == 2


def test_without_htmx_a_cell_answers_with_a_message_and_a_redirect(world, users, client_for):
    sheet = make_sheet(world, users)
    row = sheet.rows.first()
    response = post_cell(client_for("teacher"), row, "exam", "500", htmx=False)
    assert response.status_code == 302
    assert post_cell(client_for("teacher"), row, "", "1").status_code == 400


def test_columns_of_a_closed_window_are_read_only_with_the_opening_date(users, client_for):
    import datetime

    from django.utils import timezone

    from academics.models import CalendarPeriod

    world = graded_world(users, windows=(PeriodKind.GRADE_ENTRY_1,))
    opens = timezone.localdate() + datetime.timedelta(days=10)
    CalendarPeriod.objects.create(
        academic_year=world.term.academic_year,
        term=world.term,
        kind=PeriodKind.GRADE_ENTRY_EXAM,
        starts_on=opens,
        ends_on=opens + datetime.timedelta(days=5),
    )
    sheet = make_sheet(world, users)
    row = sheet.rows.first()
    page = client_for("teacher").get(reverse("sheet_detail", args=[sheet.pk]))
    exam = cell_html(page.content, f"cell-{row.pk}-exam")
    assert 'name="value"' not in exam and "opens on " + opens.strftime("%d.%m.%Y") in exam
    assert 'name="value"' in cell_html(page.content, f"cell-{row.pk}-current1")
    assert 'name="value"' not in cell_html(page.content, f"cell-{row.pk}-current2")  # no window at all
    response = post_cell(client_for("teacher"), row, "exam", "80")
    assert "Grade entry for this column is closed" in response.content.decode()
    # The office enters a paper sheet whenever needed.
    office_page = client_for("registrar").get(reverse("sheet_detail", args=[sheet.pk]))
    assert 'name="value"' in cell_html(office_page.content, f"cell-{row.pk}-exam")


# --- submit, reopen, close ----------------------------------------------------------------------------


def test_submit_reopen_and_close_through_the_pages(world, users, client_for):
    sheet = make_sheet(world, users)
    a, b, c = world.extra["people"]
    teacher = client_for("teacher")
    response = teacher.post(reverse("sheet_submit", args=[sheet.pk]), follow=True)
    assert "no final grade yet" in response.content.decode()
    fill(teacher, sheet, {a.pk: (70, 70, 80, 80, 90), b.pk: (80, 80, 80, 80, 45), c.pk: (40, 40, 50, 50, 0)})
    page = teacher.get(reverse("sheet_detail", args=[sheet.pk])).content.decode()
    assert 'id="sheet-submit"' in page and 'id="sheet-close"' not in page
    teacher.post(reverse("sheet_submit", args=[sheet.pk]))
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED
    assert teacher.post(reverse("sheet_close", args=[sheet.pk])).status_code == 403
    assert 'name="value"' not in teacher.get(reverse("sheet_detail", args=[sheet.pk])).content.decode()

    office = client_for("registrar")
    page = office.get(reverse("sheet_detail", args=[sheet.pk])).content.decode()
    assert 'id="sheet-reopen"' in page and 'id="sheet-close"' in page
    office.post(reverse("sheet_reopen", args=[sheet.pk]), {"reason": ""})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.SUBMITTED  # a reason is required
    office.post(reverse("sheet_reopen", args=[sheet.pk]), {"reason": "Student Ғабитов's exam is missing a page"})
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.OPEN
    assert Notice.objects.filter(user=users["teacher"], body__contains="Ғабитов").exists()
    teacher.post(reverse("sheet_submit", args=[sheet.pk]))

    response = office.post(reverse("sheet_close", args=[sheet.pk]), follow=True)
    html = response.content.decode()
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.CLOSED
    assert "3 results written into the record" in html
    retake = Sheet.objects.get(parent=sheet)
    assert f'href="{reverse("sheet_detail", args=[retake.pk])}" id="retake-link">{retake.number}<' in html
    assert Result.objects.filter(discipline=sheet.discipline).count() == 3
    # A closed sheet never changes: no inputs, and a cell POST is refused.
    assert 'name="value"' not in html
    row = sheet.rows.get(student=a)
    response = post_cell(office, row, "exam", "100")
    assert "cannot be changed" in response.content.decode()
    row.refresh_from_db()
    assert row.exam == Decimal("90")
    assert office.post(reverse("sheet_close", args=[sheet.pk]), follow=True).status_code == 200
    assert Result.objects.filter(discipline=sheet.discipline).count() == 3


def test_closing_flags_a_third_failure_and_notifies_the_office(world, users, client_for):
    a = world.extra["people"][0]
    for attempt in (1, 2):
        Result.objects.create(student=a, discipline=world.extra["discipline"], term=world.autumn, attempt=attempt,
                              credits=5, score=20, letter="F", points=0, passed=False,
                              recorded_by=users["registrar"])  # fmt: skip
    sheet = make_sheet(world, users)
    values = {p.pk: (80, 80, 80, 80, 80) for p in world.extra["people"]}
    values[a.pk] = (40, 40, 40, 40, 0)
    fill(client_for("teacher"), sheet, values)
    client_for("teacher").post(reverse("sheet_submit", args=[sheet.pk]))
    html = client_for("registrar").post(reverse("sheet_close", args=[sheet.pk]), follow=True).content.decode()
    assert 'id="flagged"' in html and a.full_name in html
    for name in ("registrar", "registrar_head"):
        notice = Notice.objects.get(user=users[name], subject__startswith="Third failure")
        assert a.student_number in notice.body
    assert not Notice.objects.filter(user=users["teacher"], subject__startswith="Third failure").exists()


# --- corrections -------------------------------------------------------------------------------------------


def closed_sheet(world, users, client_for) -> Sheet:
    sheet = make_sheet(world, users)
    fill(client_for("teacher"), sheet, {p.pk: (70, 70, 80, 80, 90) for p in world.extra["people"]})
    svc.sheet_submit(sheet=sheet, actor=users["teacher"])
    svc.sheet_close(sheet=sheet, actor=users["registrar"])
    return sheet


def test_a_correction_is_requested_approved_by_the_head_and_kept_on_the_sheet(world, users, client_for):
    sheet = closed_sheet(world, users, client_for)
    row = sheet.rows.get(student=world.student)
    teacher = client_for("teacher")
    url = reverse("correction_request", args=[sheet.pk, row.pk])
    form = teacher.get(url, {"field": "exam"}).content.decode()
    assert "90.00" in form and 'value="exam" selected' in form
    assert client_for("another_teacher").get(url).status_code == 403
    assert client_for("dean_office").get(url).status_code == 403
    response = teacher.post(url, {"field": "exam", "new_value": "100", "reason": ""})
    assert response.status_code == 400 and not Correction.objects.exists()
    response = teacher.post(url, {"field": "exam", "new_value": "100", "reason": "Arithmetic error on the paper"})
    assert response.status_code == 302
    correction = Correction.objects.get()
    assert (correction.old_value, correction.new_value, correction.status) == ("90.00", "100", "pending")
    page = teacher.get(reverse("sheet_detail", args=[sheet.pk])).content.decode()
    assert "Arithmetic error on the paper" in page and "90.00 → 100" in page and 'data-status="pending"' in page
    assert 'id="decide-' not in page  # the teacher does not decide

    assert client_for("registrar").get(reverse("correction_list")).status_code == 403
    head = client_for("registrar_head")
    queue = head.get(reverse("correction_list"), follow=True).content.decode()
    assert "Arithmetic error on the paper" in queue and f'id="decide-{correction.pk}"' in queue
    assert head.get(reverse("correction_list"), {"status": "pending", "export": "xlsx"}).status_code == 200
    head.post(reverse("correction_decide", args=[correction.pk]), {"decision": "approved", "note": "Checked the paper"})
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.APPROVED and correction.decided_by == users["registrar_head"]
    result = Result.objects.get(student=world.student)
    assert (result.score, result.letter) == (Decimal(85), "B+")
    page = teacher.get(reverse("sheet_detail", args=[sheet.pk])).content.decode()
    assert 'data-status="approved"' in page and "Checked the paper" in page
    sheet.refresh_from_db()
    assert sheet.status == SheetStatus.CLOSED


def test_the_requester_cannot_approve_their_own_correction_and_a_rejection_changes_nothing(world, users, client_for):
    sheet = closed_sheet(world, users, client_for)
    row = sheet.rows.get(student=world.student)
    head = client_for("registrar_head")
    head.post(
        reverse("correction_request", args=[sheet.pk, row.pk]),
        {"field": "exam", "new_value": "0", "reason": "Copied from the wrong line"},
    )
    correction = Correction.objects.get()
    html = head.post(
        reverse("correction_decide", args=[correction.pk]), {"decision": "approved"}, follow=True
    ).content.decode()
    assert "someone other than the person who asked" in html
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.PENDING
    client_for("administrator").post(
        reverse("correction_decide", args=[correction.pk]), {"decision": "rejected", "note": "The paper says 90"}
    )
    correction.refresh_from_db()
    assert correction.status == CorrectionStatus.REJECTED
    assert Result.objects.get(student=world.student).score == Decimal(81)
    assert client_for("teacher").post(reverse("correction_decide", args=[correction.pk])).status_code == 403


def test_a_correction_of_a_zero_can_be_approved(world, users, client_for):
    """A cell holding 0 is corrected like any other (its old value is "0.00", not empty)."""
    sheet = make_sheet(world, users)
    a, b, c = world.extra["people"]
    fill(
        client_for("teacher"),
        sheet,
        {a.pk: (70, 70, 80, 80, 90), b.pk: (80, 80, 80, 80, 0), c.pk: (80, 80, 80, 80, 60)},
    )
    svc.sheet_submit(sheet=sheet, actor=users["teacher"])
    svc.sheet_close(sheet=sheet, actor=users["registrar"])
    row = sheet.rows.get(student=b)
    correction = svc.correction_request(
        row=row, field="exam", new_value="60", reason="Mis-keyed", actor=users["teacher"]
    )
    assert correction.old_value == "0.00"
    svc.correction_decide(correction=correction, approve=True, actor=users["registrar_head"])
    row.refresh_from_db()
    assert row.exam == Decimal(60) and row.letter == "C+"


# --- dashboard and query bounds ---------------------------------------------------------------------------


def test_the_dashboard_counts_sheets_awaiting_closing_and_corrections(world, users, client_for):
    sheet = closed_sheet(world, users, client_for)
    svc.correction_request(
        row=sheet.rows.first(), field="exam", new_value="95", reason="Re-marked", actor=users["teacher"]
    )
    head = client_for("registrar_head").get(reverse("dashboard")).content.decode()
    assert 'id="count-sheets-submitted">0<' in head and 'id="count-corrections-pending">1<' in head
    registrar = client_for("registrar").get(reverse("dashboard")).content.decode()
    assert 'id="panel-sheets"' in registrar and "count-corrections-pending" not in registrar
    teacher = client_for("teacher").get(reverse("dashboard")).content.decode()
    assert 'id="count-sheets-closed">1<' in teacher
    assert 'id="panel-sheets"' not in client_for("student").get(reverse("dashboard")).content.decode()


def _page_queries(client, sheet) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(reverse("sheet_detail", args=[sheet.pk])).status_code == 200
    return len(ctx.captured_queries)


def test_the_sheet_page_reads_in_a_bounded_number_of_queries(users, client_for, django_assert_max_num_queries):
    world = graded_world(users, students=5)
    small = make_sheet(world, users)
    client = client_for("teacher")
    _page_queries(client, small)  # warm the session and the settings cache
    few = _page_queries(client, small)
    for _i in range(35):
        student = world.student_like()
        SheetRow.objects.create(sheet=small, student=student)
    assert small.rows.count() == 40
    many = _page_queries(client, small)
    assert many == few, (few, many)
    with django_assert_max_num_queries(25):
        client.get(reverse("sheet_detail", args=[small.pk]))
    for discipline in world.electives:  # more sheets in the list: the same number of queries
        section = world.section(discipline, teacher=world.extra["teacher"])
        Sheet.objects.create(number=f"L-{discipline.code}", academic_year=small.academic_year, term=small.term,
                             sequence=section.pk + 10, section=section, discipline=discipline,
                             teacher=section.teacher, control_form="exam", created_by=users["registrar"])  # fmt: skip
    office = client_for("registrar")
    office.get(reverse("sheet_list"))
    with django_assert_max_num_queries(12):
        office.get(reverse("sheet_list"))


def test_the_admin_lists_every_grading_model_and_keeps_corrections(world, users, client_for):
    sheet = closed_sheet(world, users, client_for)
    correction = svc.correction_request(
        row=sheet.rows.first(), field="exam", new_value="95", reason="Re-marked", actor=users["teacher"]
    )
    admin = client_for("administrator")
    for model in ("sheet", "sheetrow", "correction", "gpasnapshot", "ectsconversion", "mobilityrecord",
                  "recognition", "recognitionitem"):  # fmt: skip
        url = reverse(f"admin:grading_{model}_changelist")
        assert admin.get(url).status_code == 200, model
        assert admin.get(url, {"q": "x"}).status_code == 200, model
    assert admin.get(reverse("admin:grading_correction_change", args=[correction.pk])).status_code == 200
    assert admin.get(reverse("admin:grading_correction_delete", args=[correction.pk])).status_code == 403
    assert (
        admin.post(reverse("admin:grading_correction_delete", args=[correction.pk]), {"post": "yes"}).status_code == 403
    )
    assert Correction.objects.filter(pk=correction.pk).exists()
    assert admin.get(reverse("admin:grading_sheet_add")).status_code == 403
    # The admin action goes through the service: a closed sheet is not closed twice.
    response = admin.post(
        reverse("admin:grading_sheet_changelist"),
        {"action": "close_sheets", "_selected_action": [sheet.pk]},
        follow=True,
    )
    assert "Only a submitted sheet can be closed" in response.content.decode()
    assert Result.objects.filter(discipline=sheet.discipline).count() == 3
