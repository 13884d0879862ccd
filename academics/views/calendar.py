"""Pages of the academic calendar: the calendar everyone reads, and the registrar's management of
academic years, terms and periods. Thin: parse with a form, call a service, render or redirect."""

import datetime

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS_ABBR
from django.utils.translation import gettext as _

from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import get_for_user, may, policy
from registrar.xlsx import workbook_response

from .. import selectors_calendar as selectors
from ..calendar_rules import PeriodScope
from ..filters_calendar import AcademicYearFilter, CalendarPeriodFilter
from ..forms_calendar import (
    AcademicYearForm,
    CalendarScopeForm,
    CopyCalendarForm,
    PeriodForm,
    TermForm,
    apply_errors,
)
from ..models import AcademicYear, CalendarPeriod, Term
from ..services import calendar as services
from ..tables_calendar import AcademicYearTable, CalendarPeriodTable

VIEW = "calendar.view"
MANAGE = "academics.manage"


def viewer_scope(request, form: CalendarScopeForm) -> PeriodScope:
    """Whose periods the viewer sees: a student their own study form and year of study (from the
    student file, registered by enrollment); staff, deans, teachers and advisers choose in the form."""
    fixed = selectors.fixed_viewer_scope(request.user)
    if fixed is not None:
        return fixed
    data = form.cleaned_data if form.is_valid() else {}
    return PeriodScope(study_form=data.get("study_form") or None, year_of_study=data.get("year_of_study"))


def _parse_month(value: str | None) -> datetime.date:
    today = timezone.localdate()
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        return datetime.date(year, month, 1)
    except (TypeError, ValueError):
        return today.replace(day=1)


def _shift_month(first: datetime.date, months: int) -> datetime.date:
    index = first.year * 12 + first.month - 1 + months
    return datetime.date(index // 12, index % 12 + 1, 1)


@policy(VIEW)
def calendar_month(request):
    """The month grid: each day with the periods covering it as coloured badges; holidays highlighted."""
    form = CalendarScopeForm(request.GET or None)
    scope = viewer_scope(request, form)
    kind = form.cleaned_data.get("kind") if form.is_valid() else None
    first = _parse_month(request.GET.get("month"))
    start, end = selectors.month_bounds(first.year, first.month)
    periods = selectors.with_colours(
        selectors.periods_for(scope=scope, start=start, end=end, kinds=[kind] if kind else None)
    )
    query = request.GET.copy()

    def month_link(day):
        query["month"] = f"{day:%Y-%m}"
        return "?" + query.urlencode()

    month_end = _shift_month(first, 1) - datetime.timedelta(days=1)
    return render(
        request,
        "academics/calendar/month.html",
        {
            "form": form,
            "first": first,
            "weeks": selectors.month_weeks(first.year, first.month, periods),
            "weekdays": [WEEKDAYS_ABBR[i] for i in range(7)],
            "month_periods": [p for p in periods if p.starts_on <= month_end and p.ends_on >= first],
            "prev_link": month_link(_shift_month(first, -1)),
            "next_link": month_link(_shift_month(first, 1)),
            "today_link": month_link(timezone.localdate()),
            "can_manage": may(request.user, MANAGE),
        },
    )


@policy(VIEW)
def calendar_list(request):
    """The periods of an academic year (the current one unless chosen) in date order."""
    if "academic_year" not in request.GET:
        current = selectors.current_academic_year()
        if current is not None:
            request.GET = request.GET.copy()
            request.GET["academic_year"] = str(current.pk)
    return list_page(
        request,
        queryset=selectors.periods_for(scope=selectors.fixed_viewer_scope(request.user)),
        filterset_class=CalendarPeriodFilter,
        table_class=CalendarPeriodTable,
        template="academics/calendar/list.html",
        export_name="calendar",
        context={"can_manage": may(request.user, MANAGE)},
    )


# --- management: academic years, terms, periods -------------------------------------------------


@policy(MANAGE)
def academic_year_list(request):
    return list_page(
        request,
        queryset=selectors.academic_years(),
        filterset_class=AcademicYearFilter,
        table_class=AcademicYearTable,
        template="academics/calendar/year_list.html",
        export_name="academic_years",
        context={"latest": AcademicYear.objects.order_by("-start_year").first()},
    )


@policy(MANAGE)
def academic_year_create(request):
    latest = AcademicYear.objects.order_by("-start_year").first()
    start_year = latest.start_year + 1 if latest else timezone.localdate().year
    form = AcademicYearForm(request.POST or None, initial=AcademicYearForm.suggested(start_year))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            year = services.academic_year_create(
                actor=request.user,
                start_year=data["start_year"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
                terms=form.terms(),
            )
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Academic year %(year)s created.") % {"year": year})
            return redirect("academic_year_detail", pk=year.pk)
    return render(request, "academics/calendar/year_form.html", {"form": form})


def _year_for(request, pk) -> AcademicYear:
    return get_for_user(request.user, MANAGE, AcademicYear.objects.all(), pk=pk)


@policy(MANAGE)
def academic_year_detail(request, pk):
    year = _year_for(request, pk)
    periods = selectors.with_colours(selectors.periods_for(academic_year=year))
    return render(
        request,
        "academics/calendar/year_detail.html",
        {
            "year": year,
            "terms": list(year.terms.order_by("starts_on")),
            "periods": periods,
            "period_form": PeriodForm(academic_year=year),
            "copy_form": CopyCalendarForm(initial={"target_start_year": year.start_year + 1}),
        },
    )


@policy(MANAGE)
def academic_year_copy(request, pk):
    """ "Copy last year's calendar": the source year's terms and periods, shifted, for review."""
    source = _year_for(request, pk)
    form = CopyCalendarForm(request.POST or None, initial={"target_start_year": source.start_year + 1})
    if request.method == "POST" and form.is_valid():
        try:
            target = services.calendar_copy_from_previous(
                actor=request.user, source_year=source, target_start_year=form.cleaned_data["target_start_year"]
            )
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(
                request,
                _("The calendar of %(source)s was copied to %(target)s. Review the dates.")
                % {"source": source, "target": target},
            )
            return redirect("academic_year_detail", pk=target.pk)
    return render(request, "academics/calendar/year_copy.html", {"form": form, "source": source})


@policy(MANAGE)
def academic_year_export(request, pk):
    year = _year_for(request, pk)
    terms = [(t.get_kind_display(), t.starts_on, t.ends_on) for t in year.terms.order_by("starts_on")]
    periods = [
        (
            p.starts_on,
            p.ends_on,
            p.get_kind_display(),
            p.name,
            p.term.get_kind_display() if p.term_id else "",
            p.get_study_form_display() if p.study_form else "",
            p.year_of_study,
        )
        for p in year.periods.select_related("term").order_by("starts_on", "ends_on", "kind")
    ]
    return workbook_response(
        f"calendar_{year.start_year}_{year.start_year + 1}",
        [
            (_("Terms"), [_("Term"), _("Starts on"), _("Ends on")], terms),
            (
                _("Calendar"),
                [
                    _("Starts on"),
                    _("Ends on"),
                    _("Kind"),
                    _("Name"),
                    _("Term"),
                    _("Study form"),
                    _("Year of study"),
                ],
                periods,
            ),
        ],
    )


@policy(MANAGE)
def term_create(request, pk):
    year = _year_for(request, pk)
    form = TermForm(request.POST or None, academic_year=year)
    if request.method == "POST" and form.is_valid():
        try:
            services.term_create(actor=request.user, academic_year=year, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Term added."))
            return redirect("academic_year_detail", pk=year.pk)
    return render(request, "academics/calendar/term_form.html", {"form": form, "year": year})


@policy(MANAGE)
def term_edit(request, pk):
    term = get_for_user(request.user, MANAGE, Term.objects.select_related("academic_year"), pk=pk)
    form = TermForm(request.POST or None, instance=term, academic_year=term.academic_year)
    if request.method == "POST" and form.is_valid():
        try:
            services.term_update(
                actor=request.user,
                term=term,
                starts_on=form.cleaned_data["starts_on"],
                ends_on=form.cleaned_data["ends_on"],
            )
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Term saved."))
            return redirect("academic_year_detail", pk=term.academic_year_id)
    return render(
        request, "academics/calendar/term_form.html", {"form": form, "year": term.academic_year, "term": term}
    )


@policy(MANAGE)
def period_create(request, pk):
    year = _year_for(request, pk)
    form = PeriodForm(request.POST or None, academic_year=year)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.period_create(actor=request.user, academic_year=year, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Period %(period)s added.") % {"period": period})
            return redirect(reverse("academic_year_detail", args=[year.pk]) + f"#period-{period.pk}")
    return render(request, "academics/calendar/period_form.html", {"form": form, "year": year})


def _period_for(request, pk) -> CalendarPeriod:
    return get_for_user(request.user, MANAGE, CalendarPeriod.objects.select_related("academic_year", "term"), pk=pk)


@policy(MANAGE)
def period_edit(request, pk):
    period = _period_for(request, pk)
    year = period.academic_year
    form = PeriodForm(request.POST or None, instance=period, academic_year=year)
    if request.method == "POST" and form.is_valid():
        try:
            period = services.period_update(actor=request.user, period=period, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Period %(period)s saved.") % {"period": period})
            return redirect(reverse("academic_year_detail", args=[year.pk]) + f"#period-{period.pk}")
    return render(request, "academics/calendar/period_form.html", {"form": form, "year": year, "period": period})


@policy(MANAGE)
def period_delete(request, pk):
    period = _period_for(request, pk)
    if request.method == "POST":
        services.period_delete(actor=request.user, period=period)
        messages.success(request, _("Period %(period)s deleted.") % {"period": period})
        return redirect("academic_year_detail", pk=period.academic_year_id)
    return render(request, "academics/calendar/period_delete.html", {"period": period})
