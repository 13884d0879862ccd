"""Forms and list filters of the academic-mobility, recognition and summer-payment pages. They parse
input; the services (grading.services.mobility / recognition / summer) hold the rules."""

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from academics.choices import CurriculumStatus, TermKind
from academics.models import Curriculum, Discipline, Term
from enrollment.choices import PlanStatus
from enrollment.filters import STUDENT_TEXT, name_search
from enrollment.models import Result, Student, StudyPlan

from .conversion import ECTS_GRADES, normalize_ects
from .models import MobilityRecord, Recognition, RecognitionBasis, RecognitionDecision, RecognitionStatus

ECTS_CHOICES = [(g, g) for g in ECTS_GRADES]


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


def find_student(text: str) -> Student | None:
    """A student by their student ID number or IIN (exact)."""
    text = (text or "").strip()
    if not text:
        return None
    return (
        Student.objects.select_related("programme", "curriculum__programme", "group")
        .filter(Q(student_number=text) | Q(iin=text))
        .first()
    )


class StudentField(forms.CharField):
    """A student typed as their student ID number or IIN."""

    default_error_messages = {"unknown": _("No student with this student ID number or IIN.")}

    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("student"))
        kwargs.setdefault("help_text", _("Student ID number or IIN."))
        super().__init__(**kwargs)

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        student = find_student(value)
        if student is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        return student


class DisciplineCodeField(forms.CharField):
    """A discipline typed by its code."""

    default_error_messages = {"unknown": _("No discipline with this code.")}

    def clean(self, value):
        value = super().clean(value)
        if not value:
            return None
        discipline = Discipline.objects.filter(code=value.strip()).first()
        if discipline is None:
            raise forms.ValidationError(self.error_messages["unknown"], code="unknown")
        return discipline


def term_choices():
    return Term.objects.select_related("academic_year").order_by("-academic_year__start_year", "-starts_on")


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


# --- ECTS conversion ---------------------------------------------------------------------------------


class EctsConversionForm(forms.Form):
    """One whole-number score per ECTS grade; the service validates the whole conversion."""

    def __init__(self, *args, initial_scores=None, **kwargs):
        super().__init__(*args, **kwargs)
        for grade in ECTS_GRADES:
            self.fields[grade] = forms.IntegerField(
                label=grade,
                min_value=0,
                max_value=100,
                initial=(initial_scores or {}).get(grade),
            )


# --- mobility -------------------------------------------------------------------------------------------


class MobilityForm(forms.Form):
    student = StudentField()
    term = TermChoiceField(label=_("term"), queryset=Term.objects.none())
    institution = forms.CharField(label=_("partner university"), max_length=255)
    country = forms.CharField(
        label=_("country"), max_length=2, min_length=2, help_text=_("Two-letter country code (ISO 3166-1).")
    )
    external_code = forms.CharField(label=_("course code there"), max_length=40, required=False)
    external_name = forms.CharField(label=_("course name there"), max_length=255)
    credits = forms.IntegerField(label=_("credits (ECTS)"), min_value=1, max_value=60)
    original_grade = forms.CharField(
        label=_("original grade"), max_length=20, help_text=_("As the partner university gave it, e.g. 1.3 or A.")
    )
    ects_grade = forms.ChoiceField(label=_("ECTS grade"), choices=ECTS_CHOICES)
    discipline = DisciplineCodeField(
        label=_("counts for discipline (code)"), max_length=20, help_text=_("The discipline of the curriculum.")
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = term_choices()
        self.helper = _helper()

    def clean_country(self):
        return self.cleaned_data["country"].strip().upper()


class ImportForm(forms.Form):
    file = forms.FileField(label=_("xlsx file"))


class MobilityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Student, partner university or course")
    )
    term = django_filters.ModelChoiceFilter(label=_("term"), queryset=lambda request: term_choices())
    country = django_filters.CharFilter(label=_("country"), method="by_country")
    ects_grade = django_filters.ChoiceFilter(label=_("ECTS grade"), choices=ECTS_CHOICES)

    class Meta:
        model = MobilityRecord
        fields = ["q", "term", "country", "ects_grade"]

    def search(self, queryset, name, value):
        text = Q()
        for word in value.split():
            text &= (
                name_search(tuple(f"student__{f}" for f in STUDENT_TEXT), (), word)
                | Q(institution__icontains=word)
                | Q(external_name__icontains=word)
                | Q(discipline__code__icontains=word)
            )
        return queryset.filter(text)

    def by_country(self, queryset, name, value):
        return queryset.filter(country=value.strip().upper())


# --- recognition -----------------------------------------------------------------------------------------


class RecognitionStartForm(forms.Form):
    student = StudentField()


class CurriculumChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class RecognitionForm(forms.Form):
    basis = forms.ChoiceField(label=_("basis"), choices=RecognitionBasis.choices)
    curriculum = CurriculumChoiceField(label=_("target curriculum"), queryset=Curriculum.objects.none())
    up_to_term = forms.IntegerField(
        label=_("up to term of the curriculum"),
        min_value=1,
        max_value=14,
        help_text=_("The last curriculum term the student is expected to have done."),
    )
    previous_institution = forms.CharField(label=_("previous institution"), max_length=255, required=False)
    results = forms.ModelMultipleChoiceField(
        label=_("results from the record"),
        queryset=Result.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )

    def __init__(self, *args, student: Student, record: list, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["curriculum"].queryset = (
            Curriculum.objects.exclude(status=CurriculumStatus.DRAFT)
            .filter(programme_id=student.programme_id)
            .select_related("programme")
        )
        self.fields["results"].queryset = Result.objects.filter(pk__in=[r.pk for r in record])
        self.fields["results"].choices = [
            (
                r.pk,
                f"{r.discipline.code} {r.discipline.name} · {r.credits} · {r.letter}"
                + (f" · {r.term}" if r.term else ""),
            )
            for r in record
        ]


class ExternalResultForm(forms.Form):
    name = forms.CharField(label=_("discipline studied earlier"), max_length=255, required=False)
    code = forms.CharField(label=_("code"), max_length=40, required=False)
    credits = forms.IntegerField(label=_("credits"), min_value=1, max_value=60, required=False)
    grade = forms.CharField(label=_("grade there"), max_length=20, required=False)
    score = forms.IntegerField(label=_("score (0–100)"), min_value=0, max_value=100, required=False)
    ects_grade = forms.CharField(label=_("or ECTS grade"), max_length=3, required=False)
    counts_for = DisciplineCodeField(label=_("counts for (code)"), max_length=20, required=False)

    def clean(self):
        data = super().clean()
        if not any(data.get(f) not in (None, "") for f in ("name", "code", "credits", "grade", "score", "ects_grade")):
            return data
        if not data.get("name"):
            self.add_error("name", _("Give the discipline's name."))
        if not data.get("credits"):
            self.add_error("credits", _("Give the credits."))
        if data.get("score") is None and not data.get("ects_grade"):
            self.add_error("score", _("Give the score (0–100) or the ECTS grade."))
        if data.get("ects_grade") and normalize_ects(data["ects_grade"]) is None:
            self.add_error("ects_grade", _("Not an ECTS grade (A, B, C, D, E, FX, F)."))
        return data

    @property
    def is_filled(self) -> bool:
        return bool(getattr(self, "cleaned_data", None) and self.cleaned_data.get("name"))


ExternalFormSet = forms.formset_factory(ExternalResultForm, extra=6, max_num=60)


class RecognitionItemForm(forms.Form):
    decision = forms.ChoiceField(label=_("decision"), choices=RecognitionDecision.choices)
    note = forms.CharField(label=_("note"), max_length=255, required=False)
    score = forms.IntegerField(label=_("recognised score"), min_value=0, max_value=100, required=False)
    earlier_name = forms.CharField(label=_("studied earlier as"), max_length=255, required=False)
    earlier_grade = forms.CharField(label=_("earlier grade"), max_length=20, required=False)
    earlier_credits = forms.IntegerField(label=_("earlier credits"), min_value=1, max_value=60, required=False)
    discipline = DisciplineCodeField(
        label=_("another alternative (code)"),
        max_length=20,
        required=False,
        help_text=_("To make up another discipline of the same elective block."),
    )


class RecognitionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Name or student ID number"))
    basis = django_filters.ChoiceFilter(label=_("basis"), choices=RecognitionBasis.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=RecognitionStatus.choices)

    class Meta:
        model = Recognition
        fields = ["q", "basis", "status"]

    def search(self, queryset, name, value):
        return queryset.filter(name_search(tuple(f"student__{f}" for f in STUDENT_TEXT), ("student__iin",), value))


# --- summer term ----------------------------------------------------------------------------------------


def summer_terms(request=None):
    return term_choices().filter(kind=TermKind.SUMMER)


class PaymentConfirmForm(forms.Form):
    reference = forms.CharField(
        label=_("payment reference"), max_length=60, help_text=_("Receipt or bank statement number.")
    )


class PaymentBulkForm(PaymentConfirmForm):
    plan = forms.ModelMultipleChoiceField(
        label=_("study plans"),
        queryset=StudyPlan.objects.filter(term__kind=TermKind.SUMMER),
        error_messages={"required": _("Tick the plans whose payment is confirmed.")},
    )


class SummerPlanFilter(django_filters.FilterSet):
    PAYMENT = (("confirmed", _("payment confirmed")), ("pending", _("payment awaited")))

    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Name or student ID number"))
    term = django_filters.ModelChoiceFilter(label=_("summer term"), queryset=summer_terms)
    status = django_filters.ChoiceFilter(label=_("plan status"), choices=PlanStatus.choices)
    payment = django_filters.ChoiceFilter(label=_("payment"), choices=PAYMENT, method="by_payment")

    class Meta:
        model = StudyPlan
        fields = ["q", "term", "status", "payment"]

    def search(self, queryset, name, value):
        return queryset.filter(name_search(tuple(f"student__{f}" for f in STUDENT_TEXT), ("student__iin",), value))

    def by_payment(self, queryset, name, value):
        return queryset.filter(payment_confirmed_at__isnull=value != "confirmed")
