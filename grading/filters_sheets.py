"""Search and filters of the sheet list and the correction queue."""

import django_filters
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from academics.models import Discipline, Teacher, Term
from enrollment.filters import TeacherFilter, name_search

from .forms import TermChoice
from .models import Correction, CorrectionStatus, Sheet, SheetKind, SheetStatus
from .selectors_sheets import sheets_visible_to


class TermFilter(django_filters.ModelChoiceFilter):
    field_class = TermChoice


def _terms(request):
    return Term.objects.select_related("academic_year").order_by("-academic_year__start_year", "-starts_on")


def _disciplines(request):
    """Only disciplines of sheets the viewer may see (a teacher's list offers their own)."""
    visible = sheets_visible_to(request.user) if request else Sheet.objects.none()
    return Discipline.objects.filter(pk__in=visible.values("discipline_id")).order_by("code")


def _teachers(request):
    visible = sheets_visible_to(request.user) if request else Sheet.objects.none()
    return (
        Teacher.objects.filter(pk__in=visible.values("teacher_id"))
        .select_related("user")
        .order_by("user__last_name", "user__first_name")
    )


class SheetFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("Search"), method="search", help_text=_("Sheet number, discipline code or name, teacher")
    )
    term = TermFilter(label=_("term"), queryset=_terms)
    status = django_filters.ChoiceFilter(label=_("status"), choices=SheetStatus.choices)
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=SheetKind.choices)
    discipline = django_filters.ModelChoiceFilter(label=_("discipline"), queryset=_disciplines)
    teacher = TeacherFilter(label=_("teacher"), queryset=_teachers)

    class Meta:
        model = Sheet
        fields = ["q", "term", "status", "kind", "discipline", "teacher"]

    def search(self, queryset, name, value):
        text = Q()
        for word in value.split():
            text &= (
                Q(number__icontains=word)
                | Q(discipline__code__icontains=word)
                | name_search(("discipline__name_kk", "discipline__name_ru", "discipline__name_en"), (), word)
                | name_search(("teacher__user__last_name", "teacher__user__first_name"), (), word)
            )
        return queryset.filter(text)


class CorrectionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Sheet number, student, discipline"))
    status = django_filters.ChoiceFilter(label=_("status"), choices=CorrectionStatus.choices)

    class Meta:
        model = Correction
        fields = ["q", "status"]

    def search(self, queryset, name, value):
        text = Q()
        for word in value.split():
            text &= (
                Q(row__sheet__number__icontains=word)
                | Q(row__sheet__discipline__code__icontains=word)
                | Q(row__student__student_number__startswith=word)
                | name_search(("row__student__last_name", "row__student__first_name"), (), word)
            )
        return queryset.filter(text)
