"""The report pages: parse the filters, scope them to the viewer's faculties, call a selector,
render the table (and chart) or the export. Thin: the counting is in reports/selectors_*.py, the
files in reports/exports.py."""

from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from enrollment.choices import StudentStatus
from enrollment.selectors import IN_BODY
from registrar.policy import may, policy

from . import (
    exports,
    selectors_body,
    selectors_dashboard,
    selectors_form,
    selectors_load,
    selectors_movement,
    selectors_orders,
    selectors_session,
    selectors_summary,
)
from .forms import ReportFilterForm
from .policies import report_faculty_ids
from .selectors_movement import reconciles
from .tables import Shown, table

STATE_FIELDS = ("faculty", "programme", "year_of_study", "study_form", "language", "funding")


def _form(request, field_names) -> ReportFilterForm:
    return ReportFilterForm(request.GET or None, user=request.user, field_names=field_names)


def _faculties(request, form) -> list[int] | None:
    """The faculties of the report: the filter's, checked against the viewer's (403 when not theirs)."""
    return report_faculty_ids(request.user, faculty=form.get("faculty"), programme=form.get("programme"))


def _export(request) -> str:
    return request.GET.get("export", "")


def _xlsx_link(form, **extra) -> dict:
    return {"kind": "xlsx", "label": _("Export to xlsx"), "query": form.query(export="xlsx", **extra)}


def _pdf_link(form, label=None, **extra) -> dict:
    return {"kind": "pdf", "label": label or _("PDF for printing"), "query": form.query(export="pdf", **extra)}


@policy("reports.view")
def index(request):
    """The list of reports, with the rating and promotion lists of grading where the viewer may see them."""
    from .setup import REPORTS

    reports = [{"url_name": name, "label": title, "help": text} for name, title, text in REPORTS]
    return render(request, "reports/index.html", {"reports": reports, "standing": may(request.user, "standing.view")})


# --- student body ---------------------------------------------------------------------------------

BODY_STATUS = {"body": IN_BODY, "active": StudentStatus.ACTIVE, "on_leave": StudentStatus.ON_LEAVE}


def _body_rows(report) -> tuple[list[Shown], Shown]:
    rows = []
    for line in report.lines:
        cells = line.cells(report.columns)
        if line.kind == "row":
            labels = [line.faculty.code if line.faculty else "", str(line.programme or line.label), line.year]
            attrs = {"programme": line.programme.code if line.programme else "", "year": line.year}
        elif line.kind == "programme":
            labels, attrs = ["", _("Total for the programme"), ""], {"programme": line.programme.code}
        else:
            labels = [line.faculty.code if line.faculty else "", _("Total for the faculty %(faculty)s") % {
                "faculty": line.label}, ""]  # fmt: skip
            attrs = {"faculty": line.faculty.code if line.faculty else ""}
        rows.append(Shown(line.kind, labels, cells, attrs))
    return rows, Shown("total", ["", _("Total"), ""], report.total.cells(report.columns))


@policy("reports.view")
def student_body(request):
    """The student body on a date by faculty, programme and year of study (контингент на дату)."""
    form = _form(request, ("on", "status", *STATE_FIELDS))
    faculty_ids = _faculties(request, form)
    on = form.on_date()
    status = BODY_STATUS.get(form.get("status", "body"), IN_BODY)
    report = selectors_body.body_report(on, status=status, faculty_ids=faculty_ids, **form.state_filters())
    if _export(request) == "xlsx":
        return exports.file_response(exports.body_xlsx(report), f"student-body-{on.isoformat()}.xlsx")
    rows, total = _body_rows(report)
    return render(
        request,
        "reports/student_body.html",
        {
            "form": form,
            "report": report,
            "t": table([_("faculty"), _("educational programme"), _("year")], report.columns, rows, total),
            "chart": selectors_body.chart_data(report),
            "exports": [_xlsx_link(form)],
        },
    )


# --- movement --------------------------------------------------------------------------------------


def _movement_rows(report) -> tuple[list[Shown], Shown]:
    rows = []
    for line in report.lines:
        cells = line.cells(report.columns)
        if line.kind == "row":
            labels = [line.faculty.code if line.faculty else "", str(line.programme or line.label)]
            attrs = {"programme": line.programme.code if line.programme else ""}
        else:
            labels = [line.faculty.code if line.faculty else "", _("Total for the faculty %(faculty)s") % {
                "faculty": line.label}]  # fmt: skip
            attrs = {"faculty": line.faculty.code if line.faculty else ""}
        rows.append(Shown(line.kind, labels, cells, attrs, warn=not reconciles(line)))
    total = Shown("total", ["", _("Total")], report.total.cells(report.columns), warn=not reconciles(report.total))
    return rows, total


@policy("reports.view")
def movement(request):
    """Movement of the student body between two dates, per programme, balances reconciled."""
    form = _form(request, ("academic_year", "start", "end", *STATE_FIELDS))
    faculty_ids = _faculties(request, form)
    start, end = form.period()
    filters = form.state_filters()
    report = selectors_movement.movement_report(
        start, end, faculty_ids=faculty_ids, programme=filters.pop("programme", None), **filters
    )
    if _export(request) == "xlsx":
        return exports.file_response(
            exports.movement_xlsx(report), f"movement-{start.isoformat()}-{end.isoformat()}.xlsx"
        )
    rows, total = _movement_rows(report)
    return render(
        request,
        "reports/movement.html",
        {
            "form": form,
            "report": report,
            "t": table([_("faculty"), _("educational programme")], report.columns, rows, total),
            "chart": selectors_movement.chart_data(report),
            "exports": [_xlsx_link(form)],
        },
    )


# --- statistical form 3-НК ---------------------------------------------------------------------------


@policy("reports.view")
def stat_form(request):
    """The annual statistical form (3-НК layout) as of 1 October of the academic year (or a date)."""
    form = _form(request, ("academic_year", "on", "faculty", "programme"))
    faculty_ids = _faculties(request, form)
    year = form.get("academic_year")
    on = form.get("on") or (
        selectors_form.form_date(year.start_year) if year else selectors_form.default_form_date(timezone.localdate())
    )
    programme = form.get("programme")
    data = selectors_form.stat_form(on, faculty_ids=faculty_ids, programme=programme)
    if _export(request) == "xlsx":
        return exports.file_response(exports.form_xlsx(data), f"form-3nk-{on.isoformat()}.xlsx")
    if _export(request) == "pdf":
        return exports.file_response(exports.form_pdf(data), f"form-3nk-{on.isoformat()}.pdf", "application/pdf")
    head_first, head_second = exports.form_head()
    return render(
        request,
        "reports/stat_form.html",
        {
            "form": form,
            "data": data,
            "head_first": head_first,
            "head_second": head_second,
            "title": selectors_form.TITLE,
            "as_of": selectors_form.AS_OF,
            "total_label": selectors_form.TOTAL,
            "exports": [
                _xlsx_link(form, on=on.isoformat()),
                _pdf_link(form, on=on.isoformat(), label=_("Print form (PDF)")),
            ],
        },
    )


# --- summary sheet of a group ------------------------------------------------------------------------


@policy("reports.view")
def group_summary(request):
    """The summary sheet (сводная ведомость) of a group for a term: students × disciplines, letters, GPA."""
    form = _form(request, ("group", "term"))
    group, term = form.get("group"), form.get("term")
    if group is not None:
        report_faculty_ids(request.user, programme=group.programme)  # 403 for another faculty's group
    sheet = None
    if group is not None and term is not None:
        sheet = selectors_summary.group_summary(request.user, group, term)
        name = f"summary-{group.name}-{term.academic_year.start_year}-{term.kind}"
        if _export(request) == "xlsx":
            return exports.file_response(exports.summary_xlsx(sheet), f"{name}.xlsx")
        if _export(request) == "pdf":
            return exports.file_response(exports.summary_pdf(sheet), f"{name}.pdf", "application/pdf")
    return render(
        request,
        "reports/summary.html",
        {
            "form": form,
            "sheet": sheet,
            "exports": [_xlsx_link(form), _pdf_link(form)] if sheet else [],
        },
    )


# --- session results -----------------------------------------------------------------------------------


@policy("reports.view")
def session_results(request):
    """Progress and quality of a term's session by faculty, programme, group or teacher; debtors by
    discipline; the grade distribution (a dean's office: its faculties)."""
    from grading.analysis import GROUPINGS, session_terms
    from grading.views.session import BY_LABELS

    terms = list(session_terms())
    form = _form(request, ("term",))
    form.fields["term"].queryset = session_terms()
    term = form.get("term") or (terms[0] if terms else None)
    by = request.GET.get("by") if request.GET.get("by") in GROUPINGS else "faculty"
    results = selectors_session.session_results(request.user, term, by) if term is not None else None
    if results is not None and _export(request) == "xlsx":
        name = f"session-results-{term.academic_year.start_year}-{term.kind}-{by}.xlsx"
        return exports.file_response(exports.session_xlsx(results, str(BY_LABELS[by])), name)
    return render(
        request,
        "reports/session.html",
        {
            "form": form,
            "term": term,
            "by": by,
            "groupings": BY_LABELS.items(),
            "results": results,
            "chart": selectors_session.chart_data(results) if results else None,
            "exports": [
                {
                    "kind": "xlsx",
                    "label": _("Export to xlsx"),
                    "query": form.query(export="xlsx", by=by, term=term.pk if term else ""),
                }
            ],  # fmt: skip
        },
    )


# --- register of orders ----------------------------------------------------------------------------------


@policy("reports.view")
def orders_register(request):
    """Signed orders dated in a period, with their items counted; by type (a dean's office: orders
    with its faculties' students)."""
    form = _form(request, ("academic_year", "start", "end", "faculty", "order_type"))
    faculty_ids = _faculties(request, form)
    start, end = form.period()
    register = selectors_orders.orders_register(start, end, faculty_ids=faculty_ids, order_type=form.get("order_type"))
    if _export(request) == "xlsx":
        return exports.file_response(
            exports.orders_xlsx(register), f"orders-{start.isoformat()}-{end.isoformat()}.xlsx"
        )
    return render(
        request,
        "reports/orders.html",
        {
            "form": form,
            "register": register,
            "chart": selectors_orders.chart_data(register),
            "exports": [_xlsx_link(form, start=start.isoformat(), end=end.isoformat())],
        },
    )


# --- teacher load ---------------------------------------------------------------------------------------


def _load_rows(report) -> tuple[list[Shown], Shown]:
    rows = []
    for line in report.lines:
        code = line.department.code if line.department else ""
        if line.kind == "row":
            rows.append(Shown("row", [code, line.label], line.cells(report.columns), {"teacher": line.teacher.pk}))
        else:
            rows.append(Shown(line.kind, [code, _("Total for the department")], line.cells(report.columns)))
    return rows, Shown("total", ["", _("Total")], report.total.cells(report.columns))


@policy("reports.view")
def teacher_load(request):
    """Planned hours per teacher and department in a term (a dean's office: its faculties' teachers)."""
    from enrollment.selectors_sections import terms_for_sections

    form = _form(request, ("term", "faculty"))
    faculty_ids = _faculties(request, form)
    term = form.get("term") or terms_for_sections().first()
    report = selectors_load.load_report(request.user, term, faculty_ids=faculty_ids) if term else None
    if report is not None and _export(request) == "xlsx":
        name = f"teacher-load-{term.academic_year.start_year}-{term.kind}.xlsx"
        return exports.file_response(exports.load_xlsx(report), name)
    context = {"form": form, "report": report, "term": term, "exports": []}
    if report is not None:
        rows, total = _load_rows(report)
        context.update(
            t=table([_("department"), _("teacher")], report.columns, rows, total),
            chart=selectors_load.chart_data(report),
            exports=[_xlsx_link(form, term=term.pk)],
        )
    return render(request, "reports/load.html", context)


# --- dashboard ------------------------------------------------------------------------------------------


@policy("reports.view")
def dashboard(request):
    """Headline figures of the student body and their trend over the last academic years."""
    form = _form(request, ("faculty",))
    faculty_ids = _faculties(request, form)
    today = timezone.localdate()
    figures = selectors_dashboard.trend(today, faculty_ids=faculty_ids)
    if _export(request) == "xlsx":
        return exports.file_response(exports.trend_xlsx(figures), f"student-body-trend-{today.isoformat()}.xlsx")
    return render(
        request,
        "reports/dashboard.html",
        {
            "form": form,
            "headline": selectors_dashboard.headline(today, faculty_ids=faculty_ids),
            "figures": figures,
            "chart": selectors_dashboard.chart_data(figures),
            "exports": [_xlsx_link(form)],
        },
    )
