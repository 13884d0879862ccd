"""Recognition (academic difference) pages: the list, preparing one for a student (their record and
external results), reviewing and overriding the decisions, approving, discarding a draft, and the
printable academic difference in Kazakh or Russian."""

import django_tables2 as tables
from django.contrib import messages
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from enrollment.choices import Movement
from enrollment.models import StatusChange, Student
from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import may, policy, require

from ..forms_mobility import (
    ExternalFormSet,
    RecognitionFilter,
    RecognitionForm,
    RecognitionItemForm,
    RecognitionStartForm,
)
from ..models import Recognition, RecognitionBasis, RecognitionDecision, RecognitionItem, RecognitionStatus
from ..services import recognition as svc


class RecognitionTable(tables.Table):
    student = tables.LinkColumn(
        "recognition_detail",
        args=[tables.A("pk")],
        verbose_name=gettext_lazy("student"),
        accessor="student",
        order_by=("student__last_name", "student__first_name"),
    )
    student_number = tables.Column(verbose_name=gettext_lazy("student ID number"), accessor="student__student_number")
    basis = tables.Column(verbose_name=gettext_lazy("basis"))
    curriculum = tables.Column(
        verbose_name=gettext_lazy("target curriculum"), order_by=("curriculum__programme__code",)
    )
    up_to_term = tables.Column(verbose_name=gettext_lazy("up to term"))
    recognised = tables.Column(verbose_name=gettext_lazy("recognised"))
    make_up = tables.Column(verbose_name=gettext_lazy("to make up"))
    status = tables.Column(verbose_name=gettext_lazy("status"))
    created_at = tables.DateTimeColumn(verbose_name=gettext_lazy("created at"), format="d.m.Y")
    approved_at = tables.DateTimeColumn(verbose_name=gettext_lazy("approved at"), format="d.m.Y", default="—")

    class Meta:
        model = Recognition
        fields = [
            "student",
            "student_number",
            "basis",
            "curriculum",
            "up_to_term",
            "recognised",
            "make_up",
            "status",
            "created_at",
            "approved_at",
        ]
        order_by = ("-created_at",)
        attrs = {"class": "table table-sm table-hover", "id": "recognition-table"}


@policy("recognition.manage")
def recognition_list(request):
    queryset = Recognition.objects.select_related("student", "curriculum__programme").annotate(
        recognised=Count("items", filter=Q(items__decision=RecognitionDecision.RECOGNISED)),
        make_up=Count("items", filter=Q(items__decision=RecognitionDecision.MAKE_UP)),
    )
    return list_page(
        request,
        queryset=queryset,
        filterset_class=RecognitionFilter,
        table_class=RecognitionTable,
        template="grading/mobility/recognition_list.html",
        export_name="recognitions",
    )


@policy("recognition.manage")
def recognition_new(request):
    """Step 1: whose academic difference (by student ID number or IIN)."""
    form = RecognitionStartForm(request.GET or None)
    if request.GET and form.is_valid():
        return redirect("recognition_new_for", student_id=form.cleaned_data["student"].pk)
    return render(request, "grading/mobility/recognition_start.html", {"form": form})


BASIS_BY_MOVEMENT = {
    Movement.TRANSFERRED_IN: RecognitionBasis.TRANSFER,
    Movement.TRANSFERRED: RecognitionBasis.TRANSFER,
    Movement.REINSTATED: RecognitionBasis.REINSTATEMENT,
    Movement.RETURNED: RecognitionBasis.RETURN,
}


def _suggested_basis(student: Student) -> str:
    """The basis of the student's latest transfer, reinstatement or return order (default: transfer)."""
    movement = (
        StatusChange.objects.filter(student=student, movement__in=list(BASIS_BY_MOVEMENT))
        .order_by("-effective_on", "-id")
        .values_list("movement", flat=True)
        .first()
    )
    return BASIS_BY_MOVEMENT.get(movement, RecognitionBasis.TRANSFER)


@policy("recognition.manage")
def recognition_new_for(request, student_id):
    """Step 2: basis, target curriculum, up to which term, the record's results and external ones."""
    student = get_object_or_404(
        Student.objects.select_related("programme", "curriculum__programme", "group"), pk=student_id
    )
    record = svc.earlier_from_record(student)
    initial = {
        "basis": _suggested_basis(student),
        "curriculum": student.curriculum_id,
        "up_to_term": max(1, 2 * (student.year_of_study - 1)),
        "results": [r.pk for r in record if r.passed],
    }
    form = RecognitionForm(request.POST or None, student=student, record=record, initial=initial)
    externals = ExternalFormSet(request.POST or None, prefix="ext")
    if request.method == "POST" and form.is_valid() and externals.is_valid():
        data = form.cleaned_data
        chosen = {r.pk for r in data["results"]}
        earlier = [r for r in record if r.pk in chosen]
        earlier += [
            svc.ExternalResult(
                name=x["name"],
                credits=x["credits"],
                grade=x.get("grade") or "",
                score=x.get("score"),
                ects_grade=x.get("ects_grade") or "",
                code=x.get("code") or "",
                discipline=x.get("counts_for"),
            )
            for x in (f.cleaned_data for f in externals.forms)
            if x.get("name")
        ]
        try:
            recognition = svc.recognition_prepare(
                actor=request.user,
                student=student,
                curriculum=data["curriculum"],
                up_to_term=data["up_to_term"],
                basis=data["basis"],
                earlier=earlier,
                previous_institution=data["previous_institution"],
            )
        except DomainError as exc:
            for message in exc.errors:
                form.add_error(None, message)
        else:
            messages.success(request, _("The academic difference is prepared: review the decisions and approve."))
            return redirect("recognition_detail", pk=recognition.pk)
    return render(
        request,
        "grading/mobility/recognition_form.html",
        {"form": form, "externals": externals, "student": student, "record": record},
    )


def _recognition(request, pk, action: str) -> Recognition:
    try:
        recognition = svc.recognition_for_display(pk)
    except Recognition.DoesNotExist:
        raise Http404 from None
    require(request.user, action, recognition)
    return recognition


@policy("recognition.view")
def recognition_detail(request, pk):
    recognition = _recognition(request, pk, "recognition.view")
    items = list(recognition.items.all())
    for i in items:
        # In the record: written by the approval, or the student's own result of this very discipline.
        i.in_record = bool(i.result_id) or bool(i.source_result_id and i.source_result.discipline_id == i.discipline_id)
    editable = recognition.status == RecognitionStatus.DRAFT and may(request.user, "recognition.manage")
    recognised = [i for i in items if i.decision == RecognitionDecision.RECOGNISED]
    make_up = [i for i in items if i.decision == RecognitionDecision.MAKE_UP]
    return render(
        request,
        "grading/mobility/recognition_detail.html",
        {
            "recognition": recognition,
            "student": recognition.student,
            "recognised": recognised,
            "make_up": make_up,
            "recognised_credits": sum(i.discipline.credits for i in recognised),
            "make_up_credits": sum(i.discipline.credits for i in make_up),
            "editable": editable,
            "decisions": RecognitionDecision.choices,
            "languages": svc.DOCUMENT_LANGUAGES,
            "show_student": may(request.user, "student.view", recognition.student),
        },
    )


@policy("recognition.manage")
@require_POST
def recognition_item_edit(request, item_id):
    item = get_object_or_404(RecognitionItem.objects.select_related("recognition"), pk=item_id)
    form = RecognitionItemForm(request.POST)
    if not form.is_valid():
        for field, errors in form.errors.items():
            for error in errors:
                label = form.fields[field].label if field in form.fields else ""
                messages.error(request, f"{label}: {error}" if label else error)
        return redirect("recognition_detail", pk=item.recognition_id)
    data = form.cleaned_data
    try:
        item = svc.recognition_item_update(
            actor=request.user,
            item=item,
            decision=data["decision"],
            note=data["note"],
            score=data["score"],
            discipline=data["discipline"],
            earlier_name=data["earlier_name"] or None,
            earlier_grade=data["earlier_grade"] or None,
            earlier_credits=data["earlier_credits"],
        )
    except DomainError as exc:
        for message in exc.errors:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _("%(code)s: %(decision)s.") % {"code": item.discipline.code, "decision": item.get_decision_display()},
        )
    return redirect("recognition_detail", pk=item.recognition_id)


@policy("recognition.manage")
@require_POST
def recognition_approve(request, pk):
    recognition = get_object_or_404(Recognition, pk=pk)
    try:
        done = svc.recognition_approve(actor=request.user, recognition=recognition)
    except DomainError as exc:
        for message in exc.errors:
            messages.error(request, message)
    else:
        messages.success(
            request,
            _(
                "Approved: %(written)s results written into the record (%(passed)s already passed there); "
                "%(plans)s open study plans updated."
            )
            % {"written": done.written, "passed": done.already_passed, "plans": done.plans_updated},
        )
    return redirect("recognition_detail", pk=recognition.pk)


@policy("recognition.manage")
@require_POST
def recognition_discard(request, pk):
    recognition = get_object_or_404(Recognition.objects.select_related("student"), pk=pk)
    try:
        svc.recognition_discard(actor=request.user, recognition=recognition)
    except DomainError as exc:
        for message in exc.errors:
            messages.error(request, message)
        return redirect("recognition_detail", pk=recognition.pk)
    messages.success(request, _("The draft is deleted."))
    return redirect("recognition_list")


@policy("recognition.view")
def recognition_pdf(request, pk, lang):
    if lang not in svc.DOCUMENT_LANGUAGES:
        raise Http404
    recognition = _recognition(request, pk, "recognition.view")
    content = svc.recognition_pdf(recognition, lang)
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="academic-difference-{recognition.pk}-{lang}.pdf"'
    return response
