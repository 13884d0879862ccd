"""Timetable pages: rooms, the time grid, teachers' unavailable times, versions (solve with a progress
bar, cost breakdown, publish), week grids by group, teacher and room, "My timetable", a student's
timetable, and the manual move of a lesson with its conflicts shown before saving.

"timetable.manage" (the registrar's office) changes everything; "timetable.view" (the office and
deans' offices) reads the grids of published versions (the office also drafts); "timetable.own"
(students, teachers) reads their own published timetable.
"""

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academics.models import Teacher
from enrollment.models import AcademicGroup, Student
from enrollment.policies import own_student
from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import PUBLIC, get_for_user, may, policy

from . import exports, ical, selectors, services
from .forms import ClassPeriodForm, LessonMoveForm, RoomForm, RoomUnavailabilityForm, SolveForm, UnavailabilityForm
from .models import (
    CalendarToken,
    ClassPeriod,
    Room,
    RoomUnavailability,
    ScheduledLesson,
    TeacherUnavailability,
    Weekday,
)
from .tables import (
    RoomFilter,
    RoomTable,
    RoomUnavailabilityFilter,
    RoomUnavailabilityTable,
    UnavailabilityFilter,
    UnavailabilityTable,
    VersionFilter,
    VersionTable,
)
from .tasks import timetable_solve_dispatch
from .version_pages import Schedule, apply_errors, progress_partial, publish, version_context, versions_page

# --- rooms -------------------------------------------------------------------------------------------------------


@policy("timetable.manage")
def room_list(request):
    return list_page(
        request,
        queryset=Room.objects.all(),
        filterset_class=RoomFilter,
        table_class=RoomTable,
        template="scheduling/room_list.html",
        export_name="rooms",
    )


def _room_form(request, room=None):
    form = RoomForm(request.POST or None, instance=room)
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.Meta.fields}
        try:
            room = services.room_save(actor=request.user, room=room, **fields)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("Room %(room)s saved.") % {"room": room})
            return redirect("room_list")
    return render(request, "scheduling/room_form.html", {"form": form, "room": room})


@policy("timetable.manage")
def room_create(request):
    return _room_form(request)


@policy("timetable.manage")
def room_edit(request, pk):
    return _room_form(request, get_object_or_404(Room, pk=pk))


# --- time grid ---------------------------------------------------------------------------------------------------


@policy("timetable.manage")
def time_grid(request):
    form = ClassPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.class_period_set(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The time grid is saved."))
            return redirect("time_grid")
    forms_grid = {}
    for row in ClassPeriod.objects.all():
        forms_grid.setdefault(row.study_form, {}).setdefault(row.number, {})[row.day] = row
    grids = []
    for study_form, by_number in forms_grid.items():
        days = sorted({d for cells in by_number.values() for d in cells})
        grids.append(
            {
                "study_form": dict(ClassPeriod._meta.get_field("study_form").choices)[study_form],
                "days": [(d, Weekday(d).label) for d in days],
                "rows": [(n, [by_number[n].get(d) for d in days]) for n in sorted(by_number)],
            }
        )
    return render(request, "scheduling/time_grid.html", {"form": form, "grids": grids})


def _confirmed_delete(request, back: str, delete, message: str):
    """A delete button's POST: nothing without `confirm=1`; then the service, a message, back to the list."""
    if request.POST.get("confirm") == "1":
        delete()
        messages.success(request, message)
    return redirect(back)


def _list_with_form(request, *, form, save, saved: str, back: str, **listing):
    """A list page with an "add" form above it: a valid form goes to `save` (its refusal onto the form)."""
    if request.method == "POST" and form.is_valid():
        try:
            save(actor=request.user, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, saved)
            return redirect(back)
    return list_page(request, context={"form": form}, **listing)


@policy("timetable.manage")
@require_POST
def class_period_delete(request, pk):
    period = get_object_or_404(ClassPeriod, pk=pk)
    return _confirmed_delete(
        request,
        "time_grid",
        lambda: services.class_period_delete(actor=request.user, period=period),
        _("The class period is deleted."),
    )


# --- teachers' and rooms' unavailable times -------------------------------------------------------------------------


@policy("timetable.manage")
def unavailability_list(request):
    return _list_with_form(
        request,
        form=UnavailabilityForm(request.POST or None),
        save=services.unavailability_set,
        saved=_("The teacher's time is saved."),
        back="unavailability_list",
        queryset=TeacherUnavailability.objects.select_related("teacher__user"),
        filterset_class=UnavailabilityFilter,
        table_class=UnavailabilityTable,
        template="scheduling/unavailability_list.html",
        export_name="teacher-unavailability",
    )


@policy("timetable.manage")
@require_POST
def unavailability_delete(request, pk):
    row = get_object_or_404(TeacherUnavailability, pk=pk)
    return _confirmed_delete(
        request,
        "unavailability_list",
        lambda: services.unavailability_delete(actor=request.user, row=row),
        _("The teacher's time is deleted."),
    )


@policy("timetable.manage")
def room_unavailability_list(request):
    return _list_with_form(
        request,
        form=RoomUnavailabilityForm(request.POST or None),
        save=services.room_unavailability_set,
        saved=_("The room's time is saved."),
        back="room_unavailability_list",
        queryset=RoomUnavailability.objects.select_related("room"),
        filterset_class=RoomUnavailabilityFilter,
        table_class=RoomUnavailabilityTable,
        template="scheduling/room_unavailability_list.html",
        export_name="room-unavailability",
    )


@policy("timetable.manage")
@require_POST
def room_unavailability_delete(request, pk):
    row = get_object_or_404(RoomUnavailability, pk=pk)
    return _confirmed_delete(
        request,
        "room_unavailability_list",
        lambda: services.room_unavailability_delete(actor=request.user, row=row),
        _("The room's time is deleted."),
    )


# --- versions ----------------------------------------------------------------------------------------------------


TIMETABLE = Schedule(
    versions=selectors.VERSIONS,
    solve_form=SolveForm,
    create=services.timetable_version_create,
    dispatch=timetable_solve_dispatch,
    publish=services.timetable_publish,
    cost_labels=services.COST_LABELS,
    warning_text=services.warning_text,
    filterset_class=VersionFilter,
    table_class=VersionTable,
    list_template="scheduling/version_list.html",
    export_name="timetable-versions",
    version_url="timetable_version",
    progress_url="timetable_version_progress",
    computing_message=lambda: _("The timetable is being computed."),
    published_message=lambda: _("The timetable is published."),
)


@policy("timetable.manage")
def timetable_versions(request):
    return versions_page(request, TIMETABLE)


@policy("timetable.manage")
def timetable_version(request, pk):
    version = get_object_or_404(selectors.VERSIONS, pk=pk)
    conflicts = []
    if version.solve_status == "done":
        try:
            conflicts = services.ConflictChecker(version).all()
        except DomainError as exc:
            messages.warning(request, exc.message)
    return render(request, "scheduling/version.html", {**version_context(version, TIMETABLE), "conflicts": conflicts})


@policy("timetable.manage")
def timetable_version_progress(request, pk):
    return progress_partial(request, pk, TIMETABLE)


@policy("timetable.manage")
@require_POST
def timetable_version_publish(request, pk):
    return publish(request, pk, TIMETABLE)


# --- week grids --------------------------------------------------------------------------------------------------


def _export_query(request) -> str:
    """The page's query string without `export`, for the export links."""
    query = request.GET.copy()
    query.pop("export", None)
    return query.urlencode()


def _grid_page(request, *, kind, choices, chosen, lessons_of, title, subject=None):
    versions = list(selectors.versions_visible_to(request.user))
    version = selectors.pick_version(versions, request.GET.get("version"))
    grid = None
    if version is not None and chosen is not None:
        grid = selectors.week_grid(version, lessons_of(version, chosen))
        fmt = exports.requested(request)
        if fmt:
            return exports.grid_export(
                request,
                fmt,
                grid,
                title=f"{title}: {subject or chosen}",
                version=version,
                name=exports.filename("timetable", kind, chosen.pk, f"v{version.pk}"),
            )
    return render(
        request,
        "scheduling/grid_page.html",
        {
            "kind": kind,
            "title": title,
            "versions": versions,
            "version": version,
            "choices": choices,
            "chosen": chosen,
            "grid": grid,
            "export_query": _export_query(request),
            "can_manage": may(request.user, "timetable.manage"),
        },
    )


def _chosen(queryset, value):
    if not value or not str(value).isdigit():
        return None
    return next((obj for obj in queryset if obj.pk == int(value)), None)


@policy("timetable.view")
def timetable_group(request):
    groups = list(AcademicGroup.objects.filter(is_active=True).order_by("name"))
    chosen = _chosen(groups, request.GET.get("group"))
    return _grid_page(
        request,
        kind="group",
        choices=[(g.pk, g.name) for g in groups],
        chosen=chosen,
        lessons_of=selectors.group_lessons,
        title=_("Timetable by group"),
        subject=chosen.name if chosen else None,
    )


@policy("timetable.view")
def timetable_teacher(request):
    teachers = list(Teacher.objects.filter(sections__isnull=False).select_related("user").distinct())
    teachers.sort(key=lambda t: (t.user.last_name, t.user.first_name))
    chosen = _chosen(teachers, request.GET.get("teacher"))
    return _grid_page(
        request,
        kind="teacher",
        choices=[(t.pk, t.user.full_name or t.user.username) for t in teachers],
        chosen=chosen,
        lessons_of=selectors.teacher_lessons,
        title=_("Timetable by teacher"),
        subject=(chosen.user.full_name or chosen.user.username) if chosen else None,
    )


@policy("timetable.view")
def timetable_room(request):
    rooms = list(Room.objects.order_by("building", "number"))
    chosen = _chosen(rooms, request.GET.get("room"))
    return _grid_page(
        request,
        kind="room",
        choices=[(r.pk, f"{r} · {r.get_kind_display()} · {r.capacity}") for r in rooms],
        chosen=chosen,
        lessons_of=selectors.room_lessons,
        title=_("Timetable by room"),
    )


def _personal(request, *, student=None, teacher=None, title="", extra=None):
    """A published timetable of one student (their registered sections) or one teacher."""
    study_form = student.study_form if student is not None else None
    if student is not None:
        versions = selectors.published_versions_for_form(study_form)
    else:
        versions = [v for v in selectors.versions_visible_to(request.user) if v.status == "published"]
    version = selectors.pick_version(versions, request.GET.get("version"), study_form)
    grid = None
    if version is not None:
        rows = (
            selectors.student_lessons(version, student)
            if student is not None
            else selectors.teacher_lessons(version, teacher)
        )
        grid = selectors.week_grid(version, rows)
        fmt = exports.requested(request)
        if fmt:
            person = student if student is not None else teacher
            kind = "student" if student is not None else "teacher"
            return exports.grid_export(
                request,
                fmt,
                grid,
                title=_("Timetable: %(name)s") % {"name": person},
                version=version,
                name=exports.filename("timetable", kind, person.pk, f"v{version.pk}"),
            )
    context = {
        "title": title,
        "versions": versions,
        "version": version,
        "grid": grid,
        "student": student,
        "export_query": _export_query(request),
    }
    return render(request, "scheduling/personal.html", {**context, **(extra or {})})


def _calendar_context(request) -> dict:
    """The subscription link of the user's iCalendar feed (the token is created on first view)."""
    token = ical.calendar_token_for(request.user)
    return {"calendar_url": request.build_absolute_uri(reverse("timetable_ical", args=[token.token]))}


@policy("timetable.own")
def timetable_my(request):
    student = own_student(request.user)
    if student is not None:
        return _personal(request, student=student, title=_("My timetable"), extra=_calendar_context(request))
    teacher = Teacher.objects.filter(user=request.user).first()
    if teacher is None:  # an account not linked to a student's or a teacher's record: nothing to show
        return render(request, "scheduling/personal.html", {"title": _("My timetable"), "versions": []})
    return _personal(request, teacher=teacher, title=_("My timetable"), extra=_calendar_context(request))


@policy("timetable.own")
@require_POST
def timetable_calendar_reset(request):
    """A new calendar link; the old one stops working."""
    ical.calendar_token_reset(request.user)
    messages.success(request, _("The calendar link has been reset: the old link no longer works."))
    return redirect("timetable_my")


@policy(PUBLIC)
def timetable_ical(request, token):
    """The iCalendar feed of the token's owner (public: calendar apps cannot log in; the token is the secret)."""
    row = CalendarToken.objects.select_related("user").filter(token=token).first()
    if row is None or not row.user.is_active:
        raise Http404
    with translation.override(row.user.language or None):
        body = ical.user_calendar(row.user, host=request.get_host().split(":")[0] or "registrar")
    response = HttpResponse(body.encode("utf-8"), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="timetable.ics"'
    response["Cache-Control"] = "private, max-age=900"
    return response


@policy("student.view")
def timetable_student(request, pk):
    student = get_for_user(request.user, "student.view", Student.objects.select_related("programme"), pk=pk)
    return _personal(request, student=student, title=_("Timetable of %(student)s") % {"student": student})


# --- manual move -------------------------------------------------------------------------------------------------


@policy("timetable.manage")
def lesson_move(request, pk):
    lesson = get_object_or_404(
        ScheduledLesson.objects.select_related("version__term__academic_year", "section__discipline", "room"), pk=pk
    )
    version = lesson.version
    grid = services.grid_for(version.study_form)
    initial = {"day": lesson.day, "period": lesson.period, "room": lesson.room_id}
    form = LessonMoveForm(request.POST or None, grid=grid, initial=initial)
    result = None
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        target = {"day": data["day"], "period": data["period"], "room": data["room"]}
        try:
            result = services.lesson_move(actor=request.user, lesson=lesson, **target)
            if "save" in request.POST:
                services.lesson_move(actor=request.user, lesson=lesson, **target, save=True, confirm=data["confirm"])
                messages.success(request, _("The lesson is moved."))
                return redirect("timetable_version", pk=version.pk)
        except DomainError as exc:
            apply_errors(form, exc)
    context = {"lesson": lesson, "version": version, "form": form, "result": result}
    if request.htmx:
        return render(request, "scheduling/_move_conflicts.html", context)
    return render(request, "scheduling/lesson_move.html", context)
