"""Filters of the calendar list pages (django-filter, through registrar.listing.list_page)."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import PeriodKind, StudyForm, TermKind
from .models import AcademicYear, CalendarPeriod
from .selectors_calendar import kinds_matching


class AcademicYearFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search")

    class Meta:
        model = AcademicYear
        fields = ["q"]

    def search(self, queryset, name, value):
        digits = "".join(ch for ch in value if ch.isdigit())
        if not digits:
            return queryset.none()
        # "2026", "2026/2027" and "26" all find 2026/2027.
        return queryset.filter(Q(start_year__icontains=digits[:4]) | Q(start_year__icontains=digits[-4:]))


class CalendarPeriodFilter(django_filters.FilterSet):
    """Study form and year of study filter by "applies to": a period for everyone applies to all."""

    q = django_filters.CharFilter(label=_("Search"), method="search")
    academic_year = django_filters.ModelChoiceFilter(
        label=_("Academic year"), queryset=AcademicYear.objects.all(), empty_label=_("every academic year")
    )
    kind = django_filters.ChoiceFilter(label=_("Kind"), choices=PeriodKind.choices, empty_label=_("every kind"))
    term = django_filters.ChoiceFilter(
        label=_("Term"), field_name="term__kind", choices=TermKind.choices, empty_label=_("every term")
    )
    study_form = django_filters.ChoiceFilter(
        label=_("Study form"), choices=StudyForm.choices, empty_label=_("every study form"), method="applies_to_form"
    )
    year_of_study = django_filters.ChoiceFilter(
        label=_("Year of study"),
        choices=[(n, str(n)) for n in range(1, 8)],
        empty_label=_("every year of study"),
        method="applies_to_year",
    )

    class Meta:
        model = CalendarPeriod
        fields = ["q", "academic_year", "kind", "term", "study_form", "year_of_study"]

    def search(self, queryset, name, value):
        q = Q()
        for word in value.split():
            q &= Q(name__icontains=word) | Q(kind__in=kinds_matching(word))
        return queryset.filter(q)

    def applies_to_form(self, queryset, name, value):
        return queryset.filter(Q(study_form="") | Q(study_form=value))

    def applies_to_year(self, queryset, name, value):
        return queryset.filter(Q(year_of_study__isnull=True) | Q(year_of_study=int(value)))
