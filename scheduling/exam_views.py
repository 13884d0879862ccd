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
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academics.models import Teacher
from enrollment.models import AcademicGroup, Student
from enrollment.policies import dean_faculty_ids, own_student
from registrar.errors import DomainError
from registrar.policy import get_for_user, policy

from . import exam_selectors, exam_services, exports
from .forms import ExamMoveForm, ExamSolveForm
from .models import ScheduledExam, SolveStatus
from .tables import ExamVersionFilter, ExamVersionTable
from .tasks import exam_solve_dispatch
from .version_pages import Schedule, apply_errors, progress_partial, publish, version_context, versions_page
from .views import _chosen, _export_query

EXAMS = Schedule(
    versions=exam_selectors.VERSIONS,
    solve_form=ExamSolveForm,
    create=exam_services.exam_version_create,
    dispatch=exam_solve_dispatch,
    publish=exam_services.exam_publish,
    cost_labels=exam_services.COST_LABELS,
    warning_text=exam_services.warning_text,
    filterset_class=ExamVersionFilter,
    table_class=ExamVersionTable,
    list_template="scheduling/exam_version_list.html",
    export_name="exam-schedule-versions",
    version_url="exam_version",
    progress_url="exam_version_progress",
    computing_message=lambda: _("The exam schedule is being computed."),
    published_message=lambda: _("The exam schedule is published."),
)


@policy("exams.manage")
def exam_versions(request):
    return versions_page(request, EXAMS)


@policy("exams.manage")
def exam_version(request, pk):
    version = get_object_or_404(exam_selectors.VERSIONS, pk=pk)
    rows = []
    if version.solve_status == SolveStatus.DONE:
        found = {exam.pk: texts for exam, texts in exam_services.ExamChecker(version).by_exam()}
        rows = exam_selectors.rows(version, exam_selectors.exams(version))
        for row in rows:
            row["conflicts"] = found.get(row["exam"].pk, [])
    return render(request, "scheduling/exam_version.html", {**version_context(version, EXAMS), "rows": rows})


@policy("exams.manage")
def exam_version_progress(request, pk):
    return progress_partial(request, pk, EXAMS)


@policy("exams.manage")
@require_POST
def exam_version_publish(request, pk):
    return publish(request, pk, EXAMS)


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
            apply_errors(form, exc)
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
