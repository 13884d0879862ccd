"""Search and filters of the sections list and the teaching-load page."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from academics.choices import Language
from academics.models import Department, Discipline, Teacher

from .choices import SectionKind, SectionStatus
from .filters import TeacherFilter, name_search
from .models import Section
from .selectors_sections import terms_for_sections


def _terms(request):
    return terms_for_sections()


def _disciplines(request):
    return Discipline.objects.filter(sections__isnull=False).distinct().order_by("code")


def _teachers(request):
    return (
        Teacher.objects.filter(sections__isnull=False)
        .select_related("user")
        .distinct()
        .order_by("user__last_name", "user__first_name")
    )


def _departments(request):
    return Department.objects.order_by("code")


class DisciplineChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class DisciplineFilter(django_filters.ModelChoiceFilter):
    field_class = DisciplineChoice


TEACHER_TEXT = ("teacher__user__last_name", "teacher__user__first_name")


class SectionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Discipline code or name, teacher"))
    term = django_filters.ModelChoiceFilter(label=_("term"), queryset=_terms)
    discipline = DisciplineFilter(label=_("discipline"), queryset=_disciplines)
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=SectionKind.choices)
    language = django_filters.ChoiceFilter(label=_("language of instruction"), choices=Language.choices)
    teacher = TeacherFilter(label=_("teacher"), queryset=_teachers)
    status = django_filters.ChoiceFilter(label=_("status"), choices=SectionStatus.choices)

    class Meta:
        model = Section
        fields = ["q", "term", "discipline", "kind", "language", "teacher", "status"]

    def search(self, queryset, name, value):
        q = Q()
        for word in value.split():
            q &= (
                Q(discipline__code__icontains=word)
                | name_search(("discipline__name_kk", "discipline__name_ru", "discipline__name_en"), (), word)
                | name_search(TEACHER_TEXT, (), word)
            )
        return queryset.filter(q)


def _chosen_by_the_view(queryset, name, value):
    return queryset  # the view annotates the load of the chosen term before the filterset runs


class TeacherLoadFilter(django_filters.FilterSet):
    term = django_filters.ModelChoiceFilter(
        label=_("term"), queryset=_terms, method=_chosen_by_the_view, empty_label=None
    )
    department = django_filters.ModelChoiceFilter(label=_("department"), queryset=_departments)
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Teacher's name"))

    class Meta:
        model = Teacher
        fields = ["term", "department", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(name_search(("user__last_name", "user__first_name", "user__patronymic"), (), value))
