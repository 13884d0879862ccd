"""Final-attestation pages: the office's list of commissions per academic year, a commission's page
(members, events, students, distribution, publishing, xlsx/PDF exports), its edit form, and "My final
attestation" of a student (their dates) or a teacher (their commission duties).

"attestation.manage" (the registrar's office) changes everything; "attestation.list": the office and
deans' offices (their faculties); "attestation.view" (object-level): the office, deans' offices of the
commission's faculties, teachers who sit on a published commission; "attestation.own": students, teachers.
"""

from django.conf import settings
from django.contrib import messages
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from academics.models import Programme, Teacher
from academics.selectors_calendar import current_academic_year
from enrollment.models import Student
from enrollment.policies import dean_faculty_ids, own_student
from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.pdf import pdf_response
from registrar.policy import get_for_user, may, policy
from registrar.xlsx import workbook_response

from . import attestation as service
from .exports import filename
from .forms_attestation import CommissionForm, DistributeForm, EventForm, MemberForm
from .models import AttestationAssignment, AttestationCommission, AttestationEvent, AttestationMember
from .tables_attestation import CommissionFilter, CommissionTable
from .version_pages import apply_errors


def _commissions_for(user):
    qs = (
        AttestationCommission.objects.select_related("academic_year")
        .prefetch_related(Prefetch("programmes", queryset=Programme.objects.order_by("code")))
        .annotate(n_events=Count("events", distinct=True), n_students=Count("events__assignments", distinct=True))
    )
    faculties = dean_faculty_ids(user)
    if faculties is not None:
        qs = qs.filter(programmes__faculty_id__in=faculties).distinct()
    return qs


@policy("attestation.list")
def attestation_list(request):
    can_manage = may(request.user, "attestation.manage")
    form = None
    if can_manage:
        form = CommissionForm(request.POST or None, default_year=current_academic_year(), prefix="new")
        if request.method == "POST" and form.is_valid():
            try:
                commission = service.commission_save(actor=request.user, **form.cleaned_data)
            except DomainError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The commission is created: add its members and events."))
                return redirect("attestation_commission", pk=commission.pk)
    elif request.method == "POST":
        return redirect("attestation_list")
    return list_page(
        request,
        queryset=_commissions_for(request.user),
        filterset_class=CommissionFilter,
        table_class=CommissionTable,
        template="scheduling/attestation_list.html",
        export_name="attestation-commissions",
        context={"form": form, "can_manage": can_manage},
    )


def _commission(request, pk, action="attestation.view"):
    queryset = AttestationCommission.objects.select_related("academic_year", "secretary__user")
    return get_for_user(request.user, action, queryset, pk=pk)


def _export_language(request):
    lang = request.GET.get("lang")
    return lang if lang in dict(settings.LANGUAGES) else translation.get_language()


def _schedule_rows(events):
    for event in events:
        students = list(event.assignments.all()) or [None]
        for a in students:
            yield [
                event.date.strftime("%d.%m.%Y"),
                f"{event.starts_at:%H:%M}–{event.ends_at:%H:%M}",
                str(event.room),
                event.programme.code,
                str(event.get_form_display()),
                a.position if a else "",
                a.student.full_name if a else "",
                str(a.student.group or "") if a else "",
            ]


def _export(request, commission, events, members, fmt):
    name = filename("attestation", commission.academic_year.start_year, commission.pk)
    with translation.override(_export_language(request)):
        if fmt == "xlsx":
            header = [
                _("date"),
                _("time"),
                _("room"),
                _("educational programme"),
                _("form of attestation"),
                _("order"),
                _("student"),
                _("academic group"),
            ]
            return workbook_response(name, [(_("Final attestation"), header, _schedule_rows(events))])
        context = {"commission": commission, "events": events, "members": members}
        return pdf_response("scheduling/attestation_pdf.html", context, name, request=request)


def _attach_candidates(commission, events) -> None:
    """Each event's `candidates`: final-year students of its programme not yet in an event of its form
    this year (one query per programme and one for the placed)."""
    placed = set(
        AttestationAssignment.objects.filter(event__commission__academic_year=commission.academic_year).values_list(
            "student_id", "event__form"
        )
    )
    students = {}
    for event in events:
        if event.programme_id not in students:
            students[event.programme_id] = list(service.final_year_students(event.programme))
        event.candidates = [s for s in students[event.programme_id] if (s.pk, event.form) not in placed]


@policy("attestation.view")
def attestation_commission(request, pk):
    commission = _commission(request, pk)
    can_manage = may(request.user, "attestation.manage")
    events = service.schedule(commission)
    members = list(commission.members.select_related("teacher__user"))
    fmt = request.GET.get("export")
    if fmt in ("xlsx", "pdf"):
        return _export(request, commission, events, members, fmt)
    context = {
        "commission": commission,
        "events": events,
        "members": members,
        "programmes": list(commission.programmes.order_by("code")),
        "can_manage": can_manage,
        "problems": service.check(commission) if can_manage else [],
        "languages": settings.LANGUAGES,
    }
    if can_manage:
        _attach_candidates(commission, events)
        context.update(
            member_form=MemberForm(),
            event_form=EventForm(commission=commission),
            distribute_form=DistributeForm(commission=commission),
        )
    return render(request, "scheduling/attestation_commission.html", context)


@policy("attestation.manage")
def attestation_commission_edit(request, pk):
    commission = _commission(request, pk, "attestation.manage")
    form = CommissionForm(request.POST or None, commission=commission)
    if request.method == "POST" and form.is_valid():
        try:
            service.commission_save(actor=request.user, commission=commission, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The commission is saved."))
            return redirect("attestation_commission", pk=commission.pk)
    return render(request, "scheduling/attestation_commission_form.html", {"form": form, "commission": commission})


def _back(commission):
    return redirect("attestation_commission", pk=commission.pk)


def _post_form(request, commission, form_class, save, success):
    """Validate a POSTed form of the commission page and run `save`; errors go to the page's messages."""
    form = form_class(request.POST, **({"commission": commission} if form_class in (EventForm, DistributeForm) else {}))
    if not form.is_valid():
        for field, errors in form.errors.items():
            label = form.fields[field].label if field in form.fields else ""
            for error in errors:
                messages.error(request, f"{label}: {error}" if label else error)
        return _back(commission)
    try:
        result = save(form.cleaned_data)
    except DomainError as exc:
        for message in exc.errors:
            messages.error(request, message)
    else:
        messages.success(request, success(result) if callable(success) else success)
    return _back(commission)


@policy("attestation.manage")
@require_POST
def attestation_member_add(request, pk):
    commission = _commission(request, pk, "attestation.manage")
    return _post_form(
        request,
        commission,
        MemberForm,
        lambda data: service.member_add(actor=request.user, commission=commission, **data),
        _("The member is added."),
    )


@policy("attestation.manage")
@require_POST
def attestation_member_remove(request, pk):
    member = get_object_or_404(AttestationMember.objects.select_related("commission"), pk=pk)
    if request.POST.get("confirm") == "1":
        service.member_remove(actor=request.user, member=member)
        messages.success(request, _("The member is removed."))
    return _back(member.commission)


@policy("attestation.manage")
@require_POST
def attestation_event_add(request, pk):
    commission = _commission(request, pk, "attestation.manage")
    return _post_form(
        request,
        commission,
        EventForm,
        lambda data: service.event_save(actor=request.user, commission=commission, **data),
        _("The event is added."),
    )


@policy("attestation.manage")
def attestation_event_edit(request, pk):
    """Change an event's date, times, room or form (the same rules as adding one)."""
    event = get_object_or_404(AttestationEvent.objects.select_related("commission__academic_year"), pk=pk)
    commission = event.commission
    initial = {
        "programme": event.programme_id,
        "form": event.form,
        "date": event.date,
        "starts_at": event.starts_at,
        "ends_at": event.ends_at,
        "room": event.room_id,
    }
    form = EventForm(request.POST or None, commission=commission, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            service.event_save(actor=request.user, commission=commission, event=event, **form.cleaned_data)
        except DomainError as exc:
            apply_errors(form, exc)
        else:
            messages.success(request, _("The event is saved."))
            return _back(commission)
    return render(
        request, "scheduling/attestation_event_form.html", {"form": form, "event": event, "commission": commission}
    )


@policy("attestation.manage")
@require_POST
def attestation_event_delete(request, pk):
    event = get_object_or_404(AttestationEvent.objects.select_related("commission"), pk=pk)
    if request.POST.get("confirm") == "1":
        service.event_delete(actor=request.user, event=event)
        messages.success(request, _("The event is deleted."))
    return _back(event.commission)


def _distributed(result) -> str:
    text = _("%(placed)s students placed.") % {"placed": result.placed}
    if result.unplaced:
        text += " " + _("Not placed (no room left under the cap per sitting): %(names)s.") % {
            "names": ", ".join(s.full_name for s in result.unplaced)
        }
    if result.elsewhere:
        text += " " + _("Already in another commission's event: %(names)s.") % {
            "names": ", ".join(s.full_name for s in result.elsewhere)
        }
    return text


@policy("attestation.manage")
@require_POST
def attestation_distribute(request, pk):
    commission = _commission(request, pk, "attestation.manage")
    return _post_form(
        request,
        commission,
        DistributeForm,
        lambda data: service.distribute(actor=request.user, commission=commission, **data),
        _distributed,
    )


@policy("attestation.manage")
@require_POST
def attestation_assign(request, pk):
    event = get_object_or_404(AttestationEvent.objects.select_related("commission__academic_year", "programme"), pk=pk)
    raw = str(request.POST.get("student", ""))
    student = Student.objects.filter(pk=int(raw)).first() if raw.isdigit() else None
    if student is None:
        messages.error(request, _("Student: choose a student."))
        return _back(event.commission)
    try:
        service.assign(actor=request.user, event=event, student=student)
    except DomainError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, _("%(student)s is added to the event.") % {"student": student})
    return _back(event.commission)


@policy("attestation.manage")
@require_POST
def attestation_unassign(request, pk):
    assignment = get_object_or_404(AttestationAssignment.objects.select_related("event__commission"), pk=pk)
    if request.POST.get("confirm") == "1":
        service.unassign(actor=request.user, assignment=assignment)
        messages.success(request, _("The student is removed from the event."))
    return _back(assignment.event.commission)


@policy("attestation.manage")
@require_POST
def attestation_publish(request, pk):
    commission = _commission(request, pk, "attestation.manage")
    if request.POST.get("unpublish") == "1":
        service.unpublish(actor=request.user, commission=commission)
        messages.success(request, _("The schedule is back to a draft: students and teachers no longer see it."))
        return _back(commission)
    try:
        warnings = service.publish(actor=request.user, commission=commission)
    except DomainError as exc:
        for message in exc.errors:
            messages.error(request, message)
    else:
        messages.success(request, _("The schedule is published: the students and the commission's teachers see it."))
        for w in warnings:
            messages.warning(request, w.message)
    return _back(commission)


@policy("attestation.own")
def attestation_my(request):
    student = own_student(request.user)
    teacher = Teacher.objects.filter(user=request.user).first() if student is None else None
    context = {"student": student, "teacher": teacher, "events": [], "duties": []}
    if student is not None:
        context["events"] = service.student_events(student)
        positions = dict(
            AttestationAssignment.objects.filter(student=student, event__in=context["events"]).values_list(
                "event_id", "position"
            )
        )
        for event in context["events"]:
            event.my_position = positions.get(event.pk)
    elif teacher is not None:
        context["duties"] = service.teacher_events(teacher)
    context["my_url"] = reverse("attestation_my")
    return render(request, "scheduling/attestation_my.html", context)
