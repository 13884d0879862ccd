"""Academic mobility pages: the list (filters, xlsx), recording one result, the xlsx import (all or
nothing), the ECTS conversion setting, and a student's mobility and recognition page."""

import django_tables2 as tables
from django.contrib import messages
from django.db.models import F
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from enrollment.choices import ResultSource
from enrollment.models import Result, Student
from enrollment.policies import own_student
from registrar.errors import DomainError
from registrar.listing import list_page
from registrar.policy import get_for_user, may, policy, require
from registrar.selectors import grade_scale
from registrar.xlsx import XLSX_CONTENT_TYPE
from registrar.xlsx_import import ImportFailed

from ..conversion import ECTS_GRADES, grade_of_score
from ..forms_mobility import EctsConversionForm, ImportForm, MobilityFilter, MobilityForm
from ..models import MobilityRecord, Recognition, RecognitionStatus
from ..services import mobility as svc


class MobilityTable(tables.Table):
    student = tables.LinkColumn(
        "student_mobility",
        args=[tables.A("student_id")],
        verbose_name=gettext_lazy("student"),
        accessor="student",
        order_by=("student__last_name", "student__first_name"),
    )
    student_number = tables.Column(verbose_name=gettext_lazy("student ID number"), accessor="student__student_number")
    term = tables.Column(verbose_name=gettext_lazy("term"), order_by=("term__starts_on",))
    institution = tables.Column(verbose_name=gettext_lazy("partner university"))
    country = tables.Column(verbose_name=gettext_lazy("country"))
    external_code = tables.Column(verbose_name=gettext_lazy("course code there"))
    external_name = tables.Column(verbose_name=gettext_lazy("course name there"))
    credits = tables.Column(verbose_name=gettext_lazy("credits (ECTS)"))
    original_grade = tables.Column(verbose_name=gettext_lazy("original grade"))
    ects_grade = tables.Column(verbose_name=gettext_lazy("ECTS grade"))
    discipline = tables.Column(
        verbose_name=gettext_lazy("recognised as"), accessor="discipline__code", order_by=("discipline__code",)
    )
    score = tables.Column(verbose_name=gettext_lazy("converted score"))
    letter = tables.Column(verbose_name=gettext_lazy("converted letter"))
    points = tables.Column(verbose_name=gettext_lazy("converted points"))
    recorded_at = tables.DateTimeColumn(verbose_name=gettext_lazy("recorded at"), format="d.m.Y H:i")

    class Meta:
        model = MobilityRecord
        fields = [
            "student",
            "student_number",
            "term",
            "institution",
            "country",
            "external_code",
            "external_name",
            "credits",
            "original_grade",
            "ects_grade",
            "discipline",
            "score",
            "letter",
            "points",
            "recorded_at",
        ]
        order_by = ("-recorded_at",)
        attrs = {"class": "table table-sm table-hover", "id": "mobility-table"}


@policy("mobility.manage")
def mobility_list(request):
    queryset = MobilityRecord.objects.select_related("student", "term__academic_year", "discipline")
    return list_page(
        request,
        queryset=queryset,
        filterset_class=MobilityFilter,
        table_class=MobilityTable,
        template="grading/mobility/mobility_list.html",
        export_name="academic-mobility",
    )


def _form_errors(form, exc: DomainError):
    for message in exc.errors:
        form.add_error(exc.field if exc.field in form.fields else None, message)


@policy("mobility.manage")
def mobility_new(request):
    form = MobilityForm(request.POST or None, initial={"student": request.GET.get("student", "")})
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        entry = svc.MobilityEntry(**data)
        try:
            record = svc.mobility_record(actor=request.user, entry=entry)
        except DomainError as exc:
            _form_errors(form, exc)
        else:
            messages.success(
                request,
                _("Recorded: %(course)s → %(code)s, %(letter)s (%(score)s).")
                % {
                    "course": record.external_name,
                    "code": record.discipline.code,
                    "letter": record.letter,
                    "score": record.score,
                },
            )
            return redirect("student_mobility", pk=record.student_id)
    return render(request, "grading/mobility/mobility_form.html", {"form": form, "conversion": _conversion_rows()})


@policy("mobility.manage")
def mobility_import(request):
    form = ImportForm(request.POST or None, request.FILES or None)
    errors = []
    if request.method == "POST" and form.is_valid():
        try:
            records = svc.mobility_import(actor=request.user, upload=form.cleaned_data["file"])
        except ImportFailed as exc:
            errors = exc.errors
        else:
            messages.success(
                request,
                ngettext("%(n)s mobility result imported.", "%(n)s mobility results imported.", len(records))
                % {"n": len(records)},
            )
            return redirect("mobility_list")
    return render(
        request,
        "grading/mobility/mobility_import.html",
        {"form": form, "errors": errors, "columns": svc.IMPORT_COLUMNS},
        status=400 if errors else 200,
    )


@policy("mobility.manage")
def mobility_import_template(request):
    response = HttpResponse(svc.mobility_template(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = 'attachment; filename="academic-mobility-template.xlsx"'
    return response


def _conversion_rows(mapping=None):
    mapping = mapping or svc.ects_conversion()
    bands = grade_scale()
    rows = []
    for grade in ECTS_GRADES:
        score = mapping.get(grade)
        converted = grade_of_score(score, bands) if isinstance(score, int) and 0 <= score <= 100 else None
        rows.append({"grade": grade, "score": score, "converted": converted})
    return rows


@policy("mobility.manage")
def ects_conversion(request):
    """The conversion as it stands (the office) and its editing (the head of the office)."""
    can_change = may(request.user, "ects.change")
    current = svc.ects_conversion()
    form = EctsConversionForm(request.POST or None, initial_scores=current)
    errors = []
    if request.method == "POST":
        require(request.user, "ects.change")
        if form.is_valid():
            try:
                svc.ects_conversion_update(actor=request.user, mapping=form.cleaned_data)
            except DomainError as exc:
                errors = exc.errors
            else:
                messages.success(request, _("The ECTS grade conversion is saved."))
                return redirect("ects_conversion")
    return render(
        request,
        "grading/mobility/ects_conversion.html",
        {"form": form, "rows": _conversion_rows(current), "can_change": can_change, "errors": errors},
        status=400 if errors else 200,
    )


# --- a student's page ---------------------------------------------------------------------------------


def student_page(request, student: Student):
    office = request.user.is_office
    records = list(
        MobilityRecord.objects.filter(student=student)
        .select_related("term__academic_year", "discipline")
        .order_by("-term__starts_on", "external_name")
    )
    recognitions = Recognition.objects.filter(student=student).select_related("curriculum__programme")
    if not office:
        recognitions = recognitions.filter(status=RecognitionStatus.APPROVED)
    results = list(
        Result.objects.filter(student=student, source__in=[ResultSource.MOBILITY, ResultSource.RECOGNITION])
        .select_related("discipline", "term__academic_year")
        .order_by(F("term__starts_on").asc(nulls_first=True), "discipline__code", "attempt")
    )
    return render(
        request,
        "grading/mobility/student.html",
        {
            "student": student,
            "records": records,
            "recognitions": list(recognitions),
            "results": results,
            "office": office,
            "can_record": may(request.user, "mobility.manage"),
            "can_recognise": may(request.user, "recognition.manage"),
            "show_card": may(request.user, "student.view", student),
        },
    )


@policy("student.view")
def student_mobility(request, pk):
    student = get_for_user(
        request.user, "student.view", Student.objects.select_related("programme", "adviser", "group"), pk=pk
    )
    return student_page(request, student)


@policy("student.own_card")
def my_mobility(request):
    student = own_student(request.user)
    student = get_object_or_404(Student.objects.select_related("programme", "adviser", "group"), pk=student.pk)
    return student_page(request, student)
