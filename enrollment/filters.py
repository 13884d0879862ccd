"""Search and filters of the student and group lists."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from academics.choices import Language, StudyForm
from academics.models import Programme, Teacher

from .choices import Funding, StudentStatus
from .models import AcademicGroup, Student


class TeacherChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.full_name or obj.user.username


class TeacherFilter(django_filters.ModelChoiceFilter):
    field_class = TeacherChoice


def _variants(word: str) -> set[str]:
    # SQLite's LIKE folds case for ASCII only; these spellings make "әлиев" find "Әлиев" there too
    # (PostgreSQL folds Cyrillic itself, and the extra terms cost nothing).
    return {word, word.lower(), word.upper(), word.capitalize()}


def name_search(fields: tuple[str, ...], exact_prefix: tuple[str, ...], value: str) -> Q:
    """All words must match: each in one of `fields` (any case) or as a prefix of `exact_prefix`."""
    q = Q()
    for word in value.split():
        any_field = Q()
        for variant in _variants(word):
            for field in fields:
                any_field |= Q(**{f"{field}__icontains": variant})
        for field in exact_prefix:
            any_field |= Q(**{f"{field}__startswith": word})
        q &= any_field
    return q


STUDENT_TEXT = ("last_name", "first_name", "patronymic", "last_name_latin", "first_name_latin", "student_number")


def _programmes(request):
    return Programme.objects.order_by("code")


def _groups(request):
    return AcademicGroup.objects.filter(is_active=True).order_by("name")


def _advisers(request):
    return Teacher.objects.filter(advisees__isnull=False).select_related("user").distinct().order_by("user__last_name")


class StudentFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Name, IIN or student ID number"))
    programme = django_filters.ModelChoiceFilter(label=_("educational programme"), queryset=_programmes)
    year_of_study = django_filters.NumberFilter(label=_("year of study"))
    study_form = django_filters.ChoiceFilter(label=_("study form"), choices=StudyForm.choices)
    language = django_filters.ChoiceFilter(label=_("language of instruction"), choices=Language.choices)
    funding = django_filters.ChoiceFilter(label=_("funding"), choices=Funding.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=StudentStatus.choices)
    group = django_filters.ModelChoiceFilter(label=_("academic group"), queryset=_groups)
    adviser = TeacherFilter(label=_("adviser"), queryset=_advisers)

    class Meta:
        model = Student
        fields = ["q", "programme", "year_of_study", "study_form", "language", "funding", "status", "group", "adviser"]

    def search(self, queryset, name, value):
        return queryset.filter(name_search(STUDENT_TEXT, ("iin",), value))


class GroupFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), field_name="name", lookup_expr="icontains")
    programme = django_filters.ModelChoiceFilter(label=_("educational programme"), queryset=_programmes)
    intake_year = django_filters.NumberFilter(label=_("intake year"))
    study_form = django_filters.ChoiceFilter(label=_("study form"), choices=StudyForm.choices)
    language = django_filters.ChoiceFilter(label=_("language of instruction"), choices=Language.choices)
    is_active = django_filters.BooleanFilter(label=_("active"))

    class Meta:
        model = AcademicGroup
        fields = ["q", "programme", "intake_year", "study_form", "language", "is_active"]


def _applied_by_the_view(queryset, name, value):
    return queryset  # the date and the snapshot filters select the rows before the filterset runs


class BodyRowFilter(django_filters.FilterSet):
    """The students of the body on a date (chosen by the view from the same parameters, with their
    state of that date); the filterset shows those parameters and searches by name."""

    on = django_filters.DateFilter(
        label=_("on date"), method=_applied_by_the_view, widget=forms.DateInput(attrs={"type": "date"})
    )
    status = django_filters.ChoiceFilter(
        label=_("status"),
        method=_applied_by_the_view,
        empty_label=None,
        choices=[("body", _("active and on academic leave")), *StudentStatus.choices],
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("educational programme"), queryset=_programmes, method=_applied_by_the_view
    )
    year_of_study = django_filters.NumberFilter(label=_("year of study"), method=_applied_by_the_view)
    study_form = django_filters.ChoiceFilter(
        label=_("study form"), choices=StudyForm.choices, method=_applied_by_the_view
    )
    language = django_filters.ChoiceFilter(
        label=_("language of instruction"), choices=Language.choices, method=_applied_by_the_view
    )
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Name, IIN or student ID number"))

    class Meta:
        model = Student
        fields = ["on", "status", "programme", "year_of_study", "study_form", "language", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(name_search(STUDENT_TEXT, ("iin",), value))
