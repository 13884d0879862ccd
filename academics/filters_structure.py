"""Search and filters of the structure and catalogue lists (django-filter)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from registrar.models import StudyLevel

from .choices import AcademicDegree, Component, ControlForm, Cycle, Employment, Position
from .models import Department, Discipline, Faculty, Programme, Teacher


def _words(value: str, *fields: str) -> Q:
    """Every word must match one of the fields (so "инф сист" finds "Информационные системы").

    SQLite folds the case of ASCII letters only; trying the word as typed, lower-case, capitalised
    and upper-case lets "пән" find "Пән" there too (PostgreSQL would not need it).
    """
    q = Q()
    for word in value.split():
        any_field = Q()
        for variant in {word, word.lower(), word.capitalize(), word.upper()}:
            for name in fields:
                any_field |= Q(**{f"{name}__icontains": variant})
        q &= any_field
    return q


_NAME_FIELDS = ("code", "name_kk", "name_ru", "name_en")


class _SearchFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")
    search_fields: tuple[str, ...] = _NAME_FIELDS

    def search(self, queryset, name, value):
        return queryset.filter(_words(value, *self.search_fields))


class FacultyFilter(_SearchFilter):
    class Meta:
        model = Faculty
        fields = ["q"]


class DepartmentFilter(_SearchFilter):
    faculty = django_filters.ModelChoiceFilter(label=_("Faculty"), queryset=Faculty.objects.all())

    class Meta:
        model = Department
        fields = ["q", "faculty"]


class TeacherFilter(_SearchFilter):
    search_fields = ("user__last_name", "user__first_name", "user__patronymic", "user__username")
    faculty = django_filters.ModelChoiceFilter(
        label=_("Faculty"), queryset=Faculty.objects.all(), field_name="department__faculty"
    )
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=Department.objects.all())
    position = django_filters.ChoiceFilter(label=_("Position"), choices=Position.choices)
    academic_degree = django_filters.ChoiceFilter(
        label=_("Academic degree"),
        choices=[c for c in AcademicDegree.choices if c[0]] + [("none", _("no degree"))],
        method="by_degree",
    )
    employment = django_filters.ChoiceFilter(label=_("Employment"), choices=Employment.choices)
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Teacher
        fields = ["q", "faculty", "department", "position", "academic_degree", "employment", "is_active"]

    def by_degree(self, queryset, name, value):
        return queryset.filter(academic_degree="" if value == "none" else value)


class ProgrammeFilter(_SearchFilter):
    level = django_filters.ChoiceFilter(label=_("Level"), choices=StudyLevel.choices)
    faculty = django_filters.ModelChoiceFilter(label=_("Faculty"), queryset=Faculty.objects.all())
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=Department.objects.all())
    language = django_filters.ChoiceFilter(
        label=_("Language of instruction"),
        choices=[("kk", _("Kazakh")), ("ru", _("Russian")), ("en", _("English"))],
        method="by_language",
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Programme
        fields = ["q", "level", "faculty", "department", "language", "is_active"]

    def by_language(self, queryset, name, value):
        return queryset.filter(**{f"lang_{value}": True})


class DisciplineFilter(_SearchFilter):
    cycle = django_filters.ChoiceFilter(label=_("Cycle"), choices=Cycle.choices)
    component = django_filters.ChoiceFilter(label=_("Component"), choices=Component.choices)
    control_form = django_filters.ChoiceFilter(label=_("Control form"), choices=ControlForm.choices)
    faculty = django_filters.ModelChoiceFilter(
        label=_("Faculty"), queryset=Faculty.objects.all(), field_name="department__faculty"
    )
    department = django_filters.ModelChoiceFilter(label=_("Department"), queryset=Department.objects.all())
    credits = django_filters.NumberFilter(label=_("Credits"))
    programme = django_filters.ModelChoiceFilter(
        label=_("Used in programme"), queryset=Programme.objects.all(), method="by_programme"
    )
    is_active = django_filters.BooleanFilter(label=_("Active"))

    class Meta:
        model = Discipline
        fields = [
            "q",
            "cycle",
            "component",
            "control_form",
            "faculty",
            "department",
            "credits",
            "programme",
            "is_active",
        ]

    def by_programme(self, queryset, name, value):
        return queryset.filter(curriculum_items__curriculum__programme=value).distinct()
