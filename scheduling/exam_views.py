"""Exam-session schedule pages: versions (solve with a progress bar, cost breakdown, the schedule by date
with move dialogs, publish), published schedules by group and teacher, "My exams", a student's exams,
each exportable to xlsx and PDF.

"exams.manage" (the registrar's office) changes everything and sees drafts; "exams.view" (the office,
deans' offices: their faculty's groups) reads published schedules; "exams.own" (students, teachers)
reads their own; a student's exams by pk follow "student.view" (advisers their advisees).
"""

from django.contrib import messages
from django.db.models import Q
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academics.models import Teacher
from enrollment.models import AcademicGroup, Student
from enrollment.policies import dean_faculty_ids, own_student
from enrollment.selectors_sections import default_term
from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import get_for_user, policy

from . import exam_selectors, exam_services, exports
from .forms import ExamMoveForm, ExamSolveForm
from .models import ScheduledExam, SolveStatus
from .tables import ExamVersionFilter, ExamVersionTable
from .tasks import exam_solve_dispatch
from .views import _apply_errors, _chosen, _export_query


@policy("exams.manage")
def exam_versions(request):
    form = ExamSolveForm(request.POST or None, default_term=default_term())
    if request.method == "POST" and form.is_valid():
        try:
            version = exam_services.exam_version_create(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            _apply_errors(form, exc)
        else:
            exam_solve_dispatch(version)
            messages.success(request, _("The exam schedule is being computed."))
            return redirect("exam_version", pk=version.pk)
    return list_page(
        request,
        queryset=exam_selectors.VERSIONS.all(),
        filterset_class=ExamVersionFilter,
        table_class=ExamVersionTable,
        template="scheduling/exam_version_list.html",
        export_name="exam-schedule-versions",
        context={"form": form},
    )


def _version_context(version) -> dict:
    breakdown = version.cost_breakdown or {}
    return {
        "version": version,
        "progress_url": reverse("exam_version_progress", args=[version.pk]),
        "active": version.is_solving,
        "costs": [(label, breakdown.get(key, 0)) for key, label in exam_services.COST_LABELS.items()],
        "warnings": [exam_services.warning_text(w) for w in breakdown.get("warnings", [])],
    }


@policy("exams.manage")
def exam_version(request, pk):
    version = get_object_or_404(exam_selectors.VERSIONS, pk=pk)
    rows = []
    if version.solve_status == SolveStatus.DONE:
        found = {exam.pk: texts for exam, texts in exam_services.ExamChecker(version).by_exam()}
        rows = exam_selectors.rows(version, exam_selectors.exams(version))
        for row in rows:
            row["conflicts"] = found.get(row["exam"].pk, [])
    return render(request, "scheduling/exam_version.html", {**_version_context(version), "rows": rows})


@policy("exams.manage")
def exam_version_progress(request, pk):
    """The progress partial, polled while the version is computed; a finished one reloads the page."""
    version = get_object_or_404(exam_selectors.VERSIONS, pk=pk)
    response = render(request, "scheduling/_progress.html", _version_context(version))
    if request.htmx and not version.is_solving:
        response["HX-Refresh"] = "true"
    return response


@policy("exams.manage")
@require_POST
def exam_version_publish(request, pk):
    version = get_object_or_404(exam_selectors.VERSIONS, pk=pk)
    try:
        exam_services.exam_publish(actor=request.user, version=version)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("The exam schedule is published."))
    return redirect("exam_version", pk=version.pk)


@policy("exams.manage")
def exam_move(request, pk):
    exam = get_object_or_404(
        ScheduledExam.objects.select_related("version__term__academic_year", "section__discipline"), pk=pk
    )
    version = exam.version
    cfg = exam_services.exam_config()
    days = exam_services.session_days(version.term, version.study_form)
    initial = {
        "date": exam.date.isoformat(),
        "starts_at": exam.starts_at.strftime("%H:%M"),
        "rooms": list(exam.rooms.values_list("room_id", flat=True)),
    }
    form = ExamMoveForm(request.POST or None, days=days, times=cfg.start_times, initial=initial)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = {"date": data["date"], "starts_at": data["starts_at"], "rooms": data["rooms"]}
        try:
            result = exam_services.exam_move(actor=request.user, exam=exam, **target)
            if "save" in request.POST:
                exam_services.exam_move(actor=request.user, exam=exam, **target, save=True, confirm=data["confirm"])
                messages.success(request, _("The exam is moved."))
                return redirect("exam_version", pk=version.pk)
        except DomainError as exc:
            _apply_errors(form, exc)
    context = {"exam": exam, "version": version, "form": form, "result": result}
    if request.htmx:
        return render(request, "scheduling/_exam_move_conflicts.html", context)
    return render(request, "scheduling/exam_move.html", context)


# --- published schedules -----------------------------------------------------------------------------------------


def _table_page(request, *, kind, choices, chosen, exams_of, title, subject=None):
    versions = list(exam_selectors.versions_visible_to(request.user))
    version = exam_selectors.pick_version(versions, request.GET.get("version"))
    rows = None
    if version is not None and chosen is not None:
        rows = exam_selectors.rows(version, exams_of(version, chosen))
        fmt = exports.requested(request)
        if fmt:
            return exports.exam_export(
                request,
                fmt,
                rows,
                title=f"{title}: {subject or chosen}",
                version=version,
                name=exports.filename("exams", kind, chosen.pk, f"v{version.pk}"),
            )
    context = {
        "kind": kind,
        "title": title,
        "versions": versions,
        "version": version,
        "choices": choices,
        "chosen": chosen,
        "rows": rows,
        "export_query": _export_query(request),
    }
    return render(request, "scheduling/exam_table_page.html", context)


@policy("exams.view")
def exams_group(request):
    groups = AcademicGroup.objects.filter(is_active=True).order_by("name")
    faculties = dean_faculty_ids(request.user)
    if faculties is not None:
        groups = groups.filter(programme__faculty_id__in=faculties)
    groups = list(groups)
    chosen = _chosen(groups, request.GET.get("group"))
    return _table_page(
        request,
        kind="group",
        choices=[(g.pk, g.name) for g in groups],
        chosen=chosen,
        exams_of=exam_selectors.group_exams,
        title=_("Exams by group"),
        subject=chosen.name if chosen else None,
    )


@policy("exams.view")
def exams_teacher(request):
    teachers = (
        Teacher.objects.filter(Q(sections__isnull=False) | Q(invigilations__isnull=False))
        .select_related("user")
        .distinct()
    )
    faculties = dean_faculty_ids(request.user)
    if faculties is not None:
        teachers = teachers.filter(department__faculty_id__in=faculties)
    teachers = sorted(teachers, key=lambda t: (t.user.last_name, t.user.first_name))
    chosen = _chosen(teachers, request.GET.get("teacher"))
    return _table_page(
        request,
        kind="teacher",
        choices=[(t.pk, t.user.full_name or t.user.username) for t in teachers],
        chosen=chosen,
        exams_of=exam_selectors.teacher_exams,
        title=_("Exams by teacher"),
        subject=(chosen.user.full_name or chosen.user.username) if chosen else None,
    )


def _personal(request, *, student=None, teacher=None, title=""):
    """The published exams of one student (of their registered sections) or one teacher (own and invigilated)."""
    if student is not None:
        versions = exam_selectors.published_versions_for_form(student.study_form)
    else:
        versions = [v for v in exam_selectors.versions_visible_to(request.user) if v.status == "published"]
    study_form = student.study_form if student is not None else None
    version = exam_selectors.pick_version(versions, request.GET.get("version"), study_form)
    rows = None
    if version is not None:
        person = student if student is not None else teacher
        exams = (
            exam_selectors.student_exams(version, student)
            if student is not None
            else exam_selectors.teacher_exams(version, teacher)
        )
        rows = exam_selectors.rows(version, exams)
        fmt = exports.requested(request)
        if fmt:
            kind = "student" if student is not None else "teacher"
            return exports.exam_export(
                request,
                fmt,
                rows,
                title=_("Exams: %(name)s") % {"name": person},
                version=version,
                name=exports.filename("exams", kind, person.pk, f"v{version.pk}"),
            )
    context = {"title": title, "versions": versions, "version": version, "rows": rows, "personal": True}
    context["export_query"] = _export_query(request)
    return render(request, "scheduling/exam_personal.html", context)


@policy("exams.own")
def exams_my(request):
    student = own_student(request.user)
    if student is not None:
        return _personal(request, student=student, title=_("My exams"))
    teacher = Teacher.objects.filter(user=request.user).first()
    if teacher is None:
        return render(request, "scheduling/exam_personal.html", {"title": _("My exams"), "versions": []})
    return _personal(request, teacher=teacher, title=_("My exams"))


@policy("student.view")
def exams_student(request, pk):
    student = get_for_user(request.user, "student.view", Student.objects.select_related("programme"), pk=pk)
    return _personal(request, student=student, title=_("Exams of %(student)s") % {"student": student})
