"""Filters of the rating, promotion, honours and debtor lists. Every filter of the rating narrows to
whole cohorts (faculty, programme, year of study, study form), so the ranks stay those of the cohort."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from academics.choices import StudyForm
from academics.models import Faculty, Programme, Term
from enrollment.choices import Funding
from enrollment.filters import STUDENT_TEXT, name_search
from enrollment.models import AcademicGroup
from enrollment.policies import dean_faculty_ids


def _faculties(request):
    qs = Faculty.objects.order_by("code")
    ids = dean_faculty_ids(request.user) if request else None
    return qs if ids is None else qs.filter(pk__in=ids)


def _programmes(request):
    qs = Programme.objects.order_by("code")
    ids = dean_faculty_ids(request.user) if request else None
    return qs if ids is None else qs.filter(faculty_id__in=ids)


def _groups(request):
    qs = AcademicGroup.objects.filter(is_active=True).order_by("name")
    ids = dean_faculty_ids(request.user) if request else None
    return qs if ids is None else qs.filter(programme__faculty_id__in=ids)


class CohortFilter(django_filters.FilterSet):
    """Narrowing to cohorts; the period (term or cumulative, academic year) is chosen by the view and
    shown here only to keep it in the form."""

    faculty = django_filters.ModelChoiceFilter(
        label=_("faculty"), queryset=_faculties, field_name="student__programme__faculty"
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("educational programme"), queryset=_programmes, field_name="student__programme"
    )
    year_of_study = django_filters.NumberFilter(label=_("year of study"), field_name="student__year_of_study")
    study_form = django_filters.ChoiceFilter(
        label=_("study form"), choices=StudyForm.choices, field_name="student__study_form"
    )


class RatingFilter(CohortFilter):
    period = django_filters.ChoiceFilter(label=_("period"), method="keep", empty_label=None)

    def __init__(self, *args, periods=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["period"].extra["choices"] = periods
        self.form.order_fields(["period"])

    def keep(self, queryset, name, value):
        return queryset  # the view built the queryset for this period


class PromotionFilter(CohortFilter):
    academic_year = django_filters.ChoiceFilter(label=_("academic year"), method="keep", empty_label=None)
    funding = django_filters.ChoiceFilter(label=_("funding"), choices=Funding.choices, field_name="student__funding")

    def __init__(self, *args, years=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.filters["academic_year"].extra["choices"] = years
        self.form.order_fields(["academic_year"])

    def keep(self, queryset, name, value):
        return queryset  # the view built the queryset for this year


class HonoursFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Name or student ID number"))
    faculty = django_filters.ModelChoiceFilter(label=_("faculty"), queryset=_faculties, field_name="programme__faculty")
    programme = django_filters.ModelChoiceFilter(label=_("educational programme"), queryset=_programmes)
    eligible = django_filters.BooleanFilter(
        label=_("eligible for honours"),
        widget=forms.Select(choices=[("", "---------"), ("true", _("yes")), ("false", _("no"))]),
    )

    def search(self, queryset, name, value):
        return queryset.filter(name_search(STUDENT_TEXT, (), value))


def _terms(request):
    return Term.objects.select_related("academic_year").order_by("-academic_year__start_year", "-starts_on")


class DebtorFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Student name or number, discipline code or name")
    )
    term = django_filters.ModelChoiceFilter(label=_("term"), queryset=_terms)
    faculty = django_filters.ModelChoiceFilter(
        label=_("faculty"), queryset=_faculties, field_name="student__programme__faculty"
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("educational programme"), queryset=_programmes, field_name="student__programme"
    )
    group = django_filters.ModelChoiceFilter(label=_("academic group"), queryset=_groups, field_name="student__group")
    letter = django_filters.ChoiceFilter(
        label=_("letter grade"), choices=[("FX", "FX"), ("F", "F"), ("NP", "NP")], field_name="letter"
    )

    def search(self, queryset, name, value):
        q = Q()
        for word in value.split():
            q &= (
                name_search(tuple(f"student__{f}" for f in STUDENT_TEXT), (), word)
                | Q(discipline__code__icontains=word)
                | name_search(("discipline__name_kk", "discipline__name_ru", "discipline__name_en"), (), word)
            )
        return queryset.filter(q)
