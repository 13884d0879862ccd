"""The registrar's side of course registration: progress per programme and year, the students to chase
(with a reminder), locking the plans after the window, and rule overrides.

Reading ("registration.progress"): the office and deans' offices, who see their own faculties only.
Changing ("registration.manage"): the office. Thin views: a form, a service or selector, a page.
"""

import django_tables2 as tables
from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import get_for_user, may, policy

from .. import selectors_registration as selectors
from ..forms_registration_office import (
    ChaseFilter,
    LockForm,
    OverrideFilter,
    OverrideForm,
    ProgressForm,
    RemindForm,
    find_students,
)
from ..models import RuleOverride, Student
from ..policies import dean_faculty_ids, students_visible_to
from ..services.registration import override_grant, plans_lock, registration_remind
from ..tables import _teacher_name

# --- tables --------------------------------------------------------------------------------------------


class ChaseTable(tables.Table):
    """Students of a term with the state of their plan; a row opens the plan (or the card)."""

    select = tables.CheckBoxColumn(
        accessor="pk",
        exclude_from_export=True,
        attrs={"input": {"name": "student", "form": "remind-form"}, "th__input": {"id": "select-all"}},
    )
    student_number = tables.Column(verbose_name=gettext_lazy("student ID number"))
    full_name = tables.Column(
        verbose_name=gettext_lazy("full name"), accessor="full_name", order_by=("last_name", "first_name")
    )
    programme = tables.Column(verbose_name=gettext_lazy("educational programme"), accessor="programme__code")
    term_year = tables.Column(verbose_name=gettext_lazy("year"), accessor="term_year")
    group = tables.Column(verbose_name=gettext_lazy("academic group"), accessor="group__name", default="—")
    adviser = tables.Column(
        verbose_name=gettext_lazy("adviser"),
        accessor="adviser",
        order_by=("adviser__user__last_name", "adviser__user__first_name"),
    )
    plan_state = tables.Column(verbose_name=gettext_lazy("study plan"), accessor="plan_state")
    plan_credits = tables.Column(verbose_name=gettext_lazy("credits"), accessor="plan_credits", default="—")
    plan_submitted_at = tables.DateTimeColumn(
        verbose_name=gettext_lazy("submitted at"), accessor="plan_submitted_at", format="d.m.Y H:i", default="—"
    )

    class Meta:
        model = Student
        fields = [
            "select",
            "student_number",
            "full_name",
            "programme",
            "term_year",
            "group",
            "adviser",
            "plan_state",
            "plan_credits",
            "plan_submitted_at",
        ]
        order_by = ("last_name", "first_name")
        attrs = {"class": "table table-sm table-hover", "id": "chase-table"}

    def __init__(self, *args, selectable: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if not selectable:
            self.columns.hide("select")

    def _link(self, record, text):
        return format_html('<a href="{}">{}</a>', selectors.plan_url(record.plan_id, record.pk), text)

    def render_student_number(self, record, value):
        return self._link(record, value)

    def render_full_name(self, record, value):
        return self._link(record, value)

    def render_adviser(self, value):
        return _teacher_name(value)

    def value_adviser(self, value):
        return _teacher_name(value)

    def render_plan_state(self, value):
        colour = selectors.COLOURS.get(value, ("secondary", ""))[0]
        return format_html('<span class="badge text-bg-{}">{}</span>', colour, selectors.column_label(value))

    def value_plan_state(self, value):
        return selectors.column_label(value)


class OverrideTable(tables.Table):
    granted_at = tables.DateTimeColumn(verbose_name=gettext_lazy("granted at"), format="d.m.Y H:i")
    student_number = tables.LinkColumn(
        "student_detail",
        args=[tables.A("student_id")],
        verbose_name=gettext_lazy("student ID number"),
        accessor="student__student_number",
    )
    student = tables.Column(
        verbose_name=gettext_lazy("student"), order_by=("student__last_name", "student__first_name")
    )
    term = tables.Column(verbose_name=gettext_lazy("term"), order_by=("term__starts_on",))
    rule = tables.Column(verbose_name=gettext_lazy("rule"))
    discipline = tables.Column(
        verbose_name=gettext_lazy("discipline"), accessor="discipline__code", default=gettext_lazy("every discipline")
    )
    reason = tables.Column(verbose_name=gettext_lazy("reason"), orderable=False)
    granted_by = tables.Column(
        verbose_name=gettext_lazy("granted by"), order_by=("granted_by__last_name", "granted_by__first_name")
    )

    class Meta:
        model = RuleOverride
        fields = ["granted_at", "student_number", "student", "term", "rule", "discipline", "reason", "granted_by"]
        order_by = ("-granted_at",)
        attrs = {"class": "table table-sm table-hover", "id": "override-table"}

    def render_student(self, value):
        return value.full_name

    def value_student(self, value):
        return value.full_name

    def render_granted_by(self, value):
        return value.full_name or value.username

    def value_granted_by(self, value):
        return value.full_name or value.username


# --- progress --------------------------------------------------------------------------------------------


def _faculty_ids(request):
    """None for the office (every faculty), the dean's office's faculties otherwise."""
    return dean_faculty_ids(request.user)


@policy("registration.progress")
def progress(request):
    """Plans of a term by status per programme × year of study, with the students still missing one."""
    faculty_ids = _faculty_ids(request)
    form = ProgressForm(request.GET or None, faculty_ids=faculty_ids)
    term, faculty = form.chosen()
    data = None
    if term is not None:
        data = selectors.registration_progress(
            term,
            faculty_ids={faculty.pk} if faculty is not None else faculty_ids,
            list_url=reverse("registration_office_students"),
        )
    return render(
        request,
        "enrollment/registration_office/progress.html",
        {
            "form": form,
            "term": term,
            "faculty": faculty,
            "progress": data,
            "chart": data.chart() if data is not None and data.rows else None,
            "columns": [(s, selectors.column_label(s), selectors.COLOURS[s][0]) for s in selectors.COLUMNS],
            "window": selectors.registration_window(term) if term is not None else None,
            "can_manage": may(request.user, "registration.manage"),
        },
    )


# --- students to chase -----------------------------------------------------------------------------------


def _chosen_term(request):
    term_id = request.GET.get("term")
    if term_id and term_id.isdigit():
        term = selectors.terms().filter(pk=term_id).first()
        if term is not None:
            return term
    return selectors.registration_term()


@policy("registration.progress")
def students(request):
    """Students of a term by the state of their plan: search, filters, sorting, pages, xlsx; the office
    ticks students and reminds them (and the advisers of submitted plans)."""
    term = _chosen_term(request)
    can_manage = may(request.user, "registration.manage")
    if term is None:
        queryset = Student.objects.none()
    else:
        queryset = selectors.chase_queryset(term, students=students_visible_to(request.user))
    data = request.GET.copy()
    if term is not None:
        data.setdefault("term", str(term.pk))
    request.GET = data
    return list_page(
        request,
        queryset=queryset,
        filterset_class=ChaseFilter,
        table_class=lambda rows: ChaseTable(rows, selectable=can_manage),
        template="enrollment/registration_office/students.html",
        export_name="registration-students",
        context={"term": term, "can_manage": can_manage},
    )


@policy("registration.manage")
@require_POST
def remind(request):
    """Notices to the ticked students without a submitted plan and to advisers with plans waiting."""
    form = RemindForm(request.POST)
    back = reverse("registration_office_students")
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        term_id = request.POST.get("term", "")
        return redirect(f"{back}?term={term_id}" if term_id.isdigit() else back)
    term = form.cleaned_data["term"]
    result = registration_remind(term=term, students=form.cleaned_data["student"], actor=request.user)
    messages.success(
        request,
        _("Reminders sent: %(students)s, %(advisers)s.")
        % {
            "students": ngettext("%(n)s student", "%(n)s students", result["students"]) % {"n": result["students"]},
            "advisers": ngettext("%(n)s adviser", "%(n)s advisers", result["advisers"]) % {"n": result["advisers"]},
        },
    )
    if result["skipped"]:
        messages.info(
            request,
            ngettext(
                "%(n)s ticked student was left out: the plan is approved or locked, or there is nobody to notify.",
                "%(n)s ticked students were left out: the plan is approved or locked, or there is nobody to notify.",
                result["skipped"],
            )
            % {"n": result["skipped"]},
        )
    query = request.POST.get("next_query", "")
    return redirect(f"{back}?{query}" if query else f"{back}?term={term.pk}")


# --- locking ---------------------------------------------------------------------------------------------


@policy("registration.manage")
def lock_default(request):
    term = selectors.registration_term()
    if term is None:
        messages.info(request, _("There is no term in the academic calendar yet."))
        return redirect("registration_office")
    return redirect("registration_office_lock", term_id=term.pk)


@policy("registration.manage")
def lock(request, term_id):
    """What locking the term's plans would do, and the confirmation (refused while the window is open
    unless "lock anyway" is ticked)."""
    term = get_for_user(request.user, "registration.manage", selectors.terms(), pk=term_id)
    window = selectors.registration_window(term)
    form = LockForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            counts = plans_lock(term=term, actor=request.user, lock_anyway=form.cleaned_data["lock_anyway"])
        except DomainError as exc:
            form.add_error("lock_anyway" if exc.field in form.fields else None, exc.message)
        else:
            messages.success(
                request,
                ngettext(
                    "%(n)s approved plan of the %(term)s is locked.",
                    "%(n)s approved plans of the %(term)s are locked.",
                    counts["locked"],
                )
                % {"n": counts["locked"], "term": term},
            )
            return redirect("registration_office_lock", term_id=term.pk)
    counts = selectors.status_counts(term)
    stays = [(s, selectors.column_label(s), counts[s]) for s in ("draft", "submitted", "returned")]
    return render(
        request,
        "enrollment/registration_office/lock.html",
        {
            "term": term,
            "terms": selectors.terms(),
            "window": window,
            "form": form,
            "counts": counts,
            "stays": stays,
            "stays_total": sum(n for _s, _l, n in stays),
            "list_url": reverse("registration_office_students"),
        },
    )


# --- overrides -------------------------------------------------------------------------------------------


@policy("registration.progress")
def overrides(request):
    """Every override granted (never edited or deleted): who lifted which rule for whom, when and why."""
    queryset = RuleOverride.objects.select_related("student", "term__academic_year", "discipline", "granted_by").filter(
        student__in=students_visible_to(request.user)
    )
    faculty_ids = _faculty_ids(request)
    if faculty_ids is not None:
        queryset = queryset.filter(student__programme__faculty_id__in=faculty_ids)
    return list_page(
        request,
        queryset=queryset,
        filterset_class=OverrideFilter,
        table_class=OverrideTable,
        template="enrollment/registration_office/overrides.html",
        export_name="rule-overrides",
        context={"can_manage": may(request.user, "registration.manage")},
    )


@policy("registration.manage")
def override_new(request):
    form = OverrideForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            override = override_grant(
                student=data["student"],
                term=data["term"],
                rule=data["rule"],
                discipline=data["discipline"],
                reason=data["reason"],
                actor=request.user,
            )
        except DomainError as exc:
            for message in exc.errors:
                form.add_error(exc.field if exc.field in form.fields else None, message)
        else:
            messages.success(
                request,
                _("Override granted: %(rule)s for %(student)s in the %(term)s.")
                % {"rule": override.get_rule_display(), "student": override.student, "term": override.term},
            )
            return redirect(f"{reverse('registration_office_overrides')}?student={override.student.student_number}")
    return render(request, "enrollment/registration_office/override_form.html", {"form": form})


@policy("registration.manage")
def student_options(request):
    """<option>s of the students matching ?student= for the override form's picker (htmx)."""
    found = find_students(request.GET.get("student", ""), Student.objects.select_related("programme"))
    return render(request, "enrollment/registration_office/_student_options.html", {"students": found})
