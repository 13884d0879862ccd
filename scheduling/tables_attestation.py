"""The list of attestation commissions: filters (academic year, faculty, programme, status) and the table."""

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.utils.html import format_html_join
from django.utils.translation import gettext_lazy as _

from academics.models import AcademicYear, Faculty, Programme

from .models import AttestationCommission, AttestationStatus


class CommissionFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Name, chair"))
    academic_year = django_filters.ModelChoiceFilter(label=_("academic year"), queryset=AcademicYear.objects.all())
    faculty = django_filters.ModelChoiceFilter(
        label=_("Faculty"), queryset=Faculty.objects.all(), field_name="programmes__faculty", distinct=True
    )
    programme = django_filters.ModelChoiceFilter(
        label=_("educational programme"),
        queryset=Programme.objects.order_by("code"),
        field_name="programmes",
        distinct=True,
    )
    status = django_filters.ChoiceFilter(label=_("status"), choices=AttestationStatus.choices)

    class Meta:
        model = AttestationCommission
        fields = ["q", "academic_year", "faculty", "programme", "status"]

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(Q(name__icontains=word) | Q(chair_name__icontains=word))
        return queryset


class CommissionTable(tables.Table):
    name = tables.LinkColumn("attestation_commission", args=[tables.A("pk")], verbose_name=_("name"))
    academic_year = tables.Column(verbose_name=_("academic year"), order_by=("academic_year__start_year",))
    programmes = tables.Column(verbose_name=_("educational programmes"), empty_values=(), orderable=False)
    chair_name = tables.Column(verbose_name=_("chair"))
    n_events = tables.Column(verbose_name=_("events"))
    n_students = tables.Column(verbose_name=_("students"))
    status = tables.Column(verbose_name=_("status"))

    class Meta:
        model = AttestationCommission
        fields = ["name", "academic_year", "programmes", "chair_name", "n_events", "n_students", "status"]
        order_by = ("-academic_year", "name")
        attrs = {"class": "table table-sm table-hover", "id": "commission-table"}

    def render_programmes(self, record):
        return format_html_join(", ", "{}", ((p.code,) for p in record.programmes.all()))

    def value_programmes(self, record):
        return ", ".join(p.code for p in record.programmes.all())
