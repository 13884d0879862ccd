"""Forms of the registration pages: the POSTs that change a study plan, the adviser's review, and
the filter of the advisees' plans list. They parse input; the services hold the rules."""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.http import QueryDict
from django.utils.translation import gettext_lazy as _

from academics.models import Discipline, Programme, Term

from .choices import PlanStatus
from .filters import STUDENT_TEXT, name_search
from .models import AcademicGroup, Section, StudyPlan
from .services import registration_cache

NO_PLAN = "none"


class DisciplineChoiceField(forms.ModelChoiceField):
    """A discipline by its id, read through registration's per-process cache: registration day posts
    one on every click, and disciplines change a few times a year."""

    def to_python(self, value):
        if value in self.empty_values:
            return None
        try:
            found = registration_cache.discipline(int(value))
        except (TypeError, ValueError):
            found = None
        if found is None:
            raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice", params={"value": value})
        return found


class ItemAddForm(forms.Form):
    """Add a discipline to a plan; with `section`, take a seat in it at once."""

    discipline = DisciplineChoiceField(label=_("discipline"), queryset=Discipline.objects.all())
    section = forms.ModelChoiceField(
        label=_("section"), queryset=Section.objects.select_related("discipline"), required=False
    )


class SectionChoiceForm(forms.Form):
    # select_related: the refusal messages name the section by its code, which names its discipline.
    section = forms.ModelChoiceField(label=_("section"), queryset=Section.objects.select_related("discipline"))


class ApproveForm(forms.Form):
    comment = forms.CharField(
        label=_("comment for the student"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=_("Optional."),
    )


class ReturnForm(forms.Form):
    comment = forms.CharField(
        label=_("what the student should change"),
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": _("Say what the student should change: a comment is required.")},
    )


class BulkApproveForm(forms.Form):
    plan = forms.ModelMultipleChoiceField(
        label=_("study plans"),
        queryset=StudyPlan.objects.all(),
        error_messages={"required": _("Tick the plans to approve.")},
    )
    next = forms.CharField(required=False)


def _terms(request):
    return Term.objects.select_related("academic_year").order_by("-academic_year__start_year", "-starts_on")


def _programmes(request):
    return Programme.objects.order_by("code")


def _groups(request):
    return AcademicGroup.objects.filter(is_active=True).order_by("name")


def _chosen_by_the_view(queryset, name, value):
    return queryset  # the view reads the term first: the rows' plan columns are that term's


class AdviseePlanFilter(django_filters.FilterSet):
    """The advisees' plans of one term. Without a term in the query, the view's default term is
    filled in, so the form shows which term the rows are about."""

    term = django_filters.ModelChoiceFilter(
        label=_("term"), queryset=_terms, method=_chosen_by_the_view, empty_label=None
    )
    status = django_filters.ChoiceFilter(
        label=_("plan status"),
        choices=[*PlanStatus.choices, (NO_PLAN, _("no plan yet"))],
        method="by_status",
    )
    programme = django_filters.ModelChoiceFilter(label=_("educational programme"), queryset=_programmes)
    group = django_filters.ModelChoiceFilter(label=_("academic group"), queryset=_groups)
    year_of_study = django_filters.NumberFilter(label=_("year of study"), field_name="year_in_term")
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Name or student ID number"))

    def __init__(self, data=None, *args, default_term=None, **kwargs):
        if default_term is not None and not (data or {}).get("term"):
            data = data.copy() if data is not None else QueryDict(mutable=True)
            data["term"] = str(default_term.pk)
        super().__init__(data, *args, **kwargs)

    def by_status(self, queryset, name, value):
        if value == NO_PLAN:
            return queryset.filter(plan_status__isnull=True)
        return queryset.filter(plan_status=value)

    def search(self, queryset, name, value):
        return queryset.filter(name_search(STUDENT_TEXT, (), value))
