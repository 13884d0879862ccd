"""Sections of a term: list, page with students and inner groups, create and edit, offering before
registration, formation after it, manual adjustments, and the teachers' planned load.

Reading needs "section.view" (the office, deans' offices for their faculties, teachers for their own
sections and load); every change needs "registration.manage" (the registrar's office).
"""

from django.contrib import messages
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academics.models import Department, Term
from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import may, policy

from .. import selectors_sections as selectors
from ..filters_sections import SectionFilter, TeacherLoadFilter
from ..forms_sections import MergeForm, MoveForm, SectionEditForm, SectionForm, SplitForm, TermForm
from ..services import formation, sections
from ..tables_sections import SectionTable, TeacherLoadTable


def _apply_errors(form, exc: DomainError):
    for message in exc.errors:
        form.add_error(exc.field if exc.field in form.fields else None, message)


def _with_default_term(request, url_name):
    """Lists open on the term the office works on: without a query, redirect to it."""
    if request.GET:
        return None
    term = selectors.default_term()
    if term is None:
        return None
    return redirect(f"{reverse(url_name)}?{urlencode({'term': term.pk})}")


@policy("section.view")
def section_list(request):
    default = _with_default_term(request, "section_list")
    if default is not None:
        return default
    return list_page(
        request,
        queryset=selectors.sections_visible_to(request.user, selectors.section_list_queryset()),
        filterset_class=SectionFilter,
        table_class=SectionTable,
        template="enrollment/sections/section_list.html",
        export_name="sections",
        context={"can_manage": may(request.user, "registration.manage")},
    )


def _section_for(request, pk):
    return get_object_or_404(selectors.sections_for_detail(request.user), pk=pk)


@policy("section.view")
def section_detail(request, pk):
    section = _section_for(request, pk)
    can_manage = may(request.user, "registration.manage") and section.status == "open"
    siblings = selectors.section_siblings(section) if can_manage else []
    items = selectors.section_students(section)
    return render(
        request,
        "enrollment/sections/section_detail.html",
        {
            "section": section,
            "items": items,
            "children": selectors.section_children(section),
            "siblings": siblings,
            "can_manage": can_manage,
            # Students move between practice groups or lab subgroups; streams change through the plan.
            "can_move": can_manage and section.kind != "lecture" and bool(siblings),
            "merge_form": MergeForm(siblings=siblings) if siblings else None,
            "split_form": SplitForm(),
            "show_audit": may(request.user, "audit.view"),
        },
    )


@policy("registration.manage")
def section_create(request):
    parent = None
    if request.GET.get("parent"):
        parent = get_object_or_404(selectors.section_list_queryset(), pk=_number(request.GET["parent"]))
    form = SectionForm(request.POST or None, parent=parent)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            section, warnings = sections.section_create(
                actor=request.user,
                term=data["term"],
                discipline=data["discipline"],
                kind=data["kind"],
                language=data["language"],
                teacher=data["teacher"],
                capacity=data["capacity"],
                parent=parent,
                note=data["note"],
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Section %(section)s created.") % {"section": section.code})
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("section_detail", pk=section.pk)
    return render(request, "enrollment/sections/section_form.html", {"form": form, "section": None, "parent": parent})


@policy("registration.manage")
def section_edit(request, pk):
    section = get_object_or_404(selectors.section_list_queryset(), pk=pk)
    form = SectionEditForm(request.POST or None, section=section)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            section, warnings = sections.section_update(
                actor=request.user,
                section=section,
                capacity=data["capacity"],
                teacher=data["teacher"],
                note=data["note"],
            )
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("Section %(section)s saved.") % {"section": section.code})
            for warning in warnings:
                messages.warning(request, warning)
            return redirect("section_detail", pk=section.pk)
    return render(request, "enrollment/sections/section_form.html", {"form": form, "section": section})


# --- adjustments (POST only) ----------------------------------------------------------------------------------


def _run(request, action, success):
    """Call a service; say what it did or why it refused; back to the section page."""
    try:
        result = action()
    except DomainError as exc:
        for message in exc.errors:
            messages.error(request, message)
        return None
    messages.success(request, success(result) if callable(success) else success)
    return result


@policy("registration.manage")
@require_POST
def section_cancel(request, pk):
    section = get_object_or_404(selectors.section_list_queryset(), pk=pk)
    _run(
        request,
        lambda: sections.section_cancel(actor=request.user, section=section),
        _("Section %(section)s cancelled.") % {"section": section.code},
    )
    return redirect("section_detail", pk=section.pk)


@policy("registration.manage")
@require_POST
def section_merge(request, pk):
    section = get_object_or_404(selectors.section_list_queryset(), pk=pk)
    form = MergeForm(request.POST, siblings=selectors.section_siblings(section))
    if not form.is_valid():
        messages.error(request, _("Choose the group to merge with."))
        return redirect("section_detail", pk=section.pk)
    other = form.cleaned_data["other"]
    _run(
        request,
        lambda: sections.sections_merge(actor=request.user, target=section, other=other),
        _("%(other)s merged into %(section)s.") % {"other": other.code, "section": section.code},
    )
    return redirect("section_detail", pk=section.pk)


@policy("registration.manage")
@require_POST
def section_split(request, pk):
    section = get_object_or_404(selectors.section_list_queryset(), pk=pk)
    form = SplitForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the number of parts, at least 2."))
        return redirect("section_detail", pk=section.pk)
    _run(
        request,
        lambda: sections.section_split(actor=request.user, section=section, parts=form.cleaned_data["parts"]),
        lambda parts: (
            _("%(section)s split into %(codes)s. Give the new parts their teachers.")
            % {"section": section.code, "codes": ", ".join(p.code for p in parts)}
        ),
    )
    return redirect("section_detail", pk=section.pk)


@policy("registration.manage")
@require_POST
def section_move_student(request, pk):
    section = get_object_or_404(selectors.section_list_queryset(), pk=pk)
    form = MoveForm(request.POST, section=section, siblings=selectors.section_siblings(section))
    if not form.is_valid():
        messages.error(request, _("Choose the student and the group to move them to."))
        return redirect("section_detail", pk=section.pk)
    item, target = form.cleaned_data["item"], form.cleaned_data["target"]
    _run(
        request,
        lambda: sections.item_move(actor=request.user, item=item, target=target),
        _("%(student)s moved to %(section)s.") % {"student": item.plan.student, "section": target.code},
    )
    return redirect("section_detail", pk=section.pk)


# --- offering and formation ----------------------------------------------------------------------------------


def _term_from(request) -> Term | None:
    form = TermForm(request.POST if request.method == "POST" else (request.GET or None))
    if form.is_bound and form.is_valid():
        return form.cleaned_data["term"]
    if form.is_bound:
        raise Http404("unknown term")
    return selectors.default_term()


@policy("registration.manage")
def sections_open_for_term(request):
    term = _term_from(request)
    if request.method == "POST" and term is not None:
        try:
            report = sections.sections_open_for_term(term=term, actor=request.user)
        except DomainError as exc:
            messages.error(request, exc.message)
        else:
            messages.success(
                request,
                _("%(n)d sections opened for the %(term)s; %(skipped)d disciplines already had theirs.")
                % {"n": report.created, "term": term, "skipped": report.skipped},
            )
            return redirect(f"{reverse('section_list')}?{urlencode({'term': term.pk})}")
    report = sections.offering_preview(term) if term is not None else None
    return render(
        request,
        "enrollment/sections/open_for_term.html",
        {"form": TermForm(initial={"term": term}), "term": term, "report": report},
    )


@policy("registration.manage")
def section_formation(request):
    term = _term_from(request)
    report = None
    if term is not None:
        if request.method == "POST":
            try:
                report = formation.sections_form(term=term, actor=request.user)
            except DomainError as exc:
                messages.error(request, exc.message)
        if report is None:
            report = formation.formation_preview(term)
    return render(
        request,
        "enrollment/sections/formation.html",
        {"form": TermForm(initial={"term": term}), "term": term, "report": report},
    )


# --- planned load -------------------------------------------------------------------------------------------


@policy("section.view")
def teacher_load(request):
    default = _with_default_term(request, "teacher_load")
    if default is not None:
        return default
    term = _term_from_get(request)
    teachers = selectors.teachers_visible_to(request.user)
    department = Department.objects.filter(pk=_number(request.GET.get("department"))).first()
    scoped = teachers.filter(department=department) if department else teachers
    return list_page(
        request,
        queryset=selectors.teacher_load(term, teachers) if term else teachers.none(),
        filterset_class=TeacherLoadFilter,
        table_class=TeacherLoadTable,
        template="enrollment/sections/teacher_load.html",
        export_name="teaching-load",
        context={
            "term": term,
            "departments": selectors.load_by_department(term, scoped) if term else [],
        },
    )


def _term_from_get(request) -> Term | None:
    value = request.GET.get("term")
    if not value:
        return selectors.default_term()
    return get_object_or_404(Term.objects.select_related("academic_year"), pk=_number(value))


def _number(value) -> int | None:
    """A primary key from the query string; anything else finds nothing (404), never a server error."""
    return int(value) if value and str(value).isdigit() else None
