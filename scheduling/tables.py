"""Tables (django-tables2, also the xlsx export) and filters (django-filter) of the timetable lists."""

import django_filters
import django_tables2 as tables
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from academics.choices import StudyForm

from .models import (
    Availability,
    ExamScheduleVersion,
    Room,
    RoomKind,
    RoomUnavailability,
    SolveStatus,
    TeacherUnavailability,
    TimetableVersion,
    VersionStatus,
)
from .models import Weekday as WeekdayChoices
from .selectors import terms


class RoomFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Building, number, equipment"))
    kind = django_filters.ChoiceFilter(label=_("room type"), choices=RoomKind.choices)
    is_active = django_filters.BooleanFilter(label=_("active"))
    min_capacity = django_filters.NumberFilter(label=_("at least seats"), field_name="capacity", lookup_expr="gte")

    class Meta:
        model = Room
        fields = ["q", "kind", "is_active", "min_capacity"]

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(building__icontains=word) | Q(number__icontains=word) | Q(features__icontains=word)
            )
        return queryset


class RoomTable(tables.Table):
    building = tables.Column(verbose_name=_("building"))
    number = tables.LinkColumn("room_edit", args=[tables.A("pk")], verbose_name=_("room number"))
    kind = tables.Column(verbose_name=_("room type"))
    capacity = tables.Column(verbose_name=_("seats"))
    features = tables.Column(verbose_name=_("equipment"), orderable=False)
    is_active = tables.BooleanColumn(verbose_name=_("active"))
    timetable = tables.TemplateColumn(
        "{% load i18n %}<a href=\"{% url 'timetable_room' %}?room={{ record.pk }}\">{% translate 'Timetable' %}</a>",
        verbose_name="",
        orderable=False,
        exclude_from_export=True,
    )

    class Meta:
        model = Room
        fields = ["building", "number", "kind", "capacity", "features", "is_active"]
        order_by = ("building", "number")
        attrs = {"class": "table table-sm table-hover", "id": "room-table"}

    def render_features(self, value):
        return ", ".join(value or [])

    def value_features(self, value):
        return ", ".join(value or [])


class UnavailabilityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Teacher's name"))
    kind = django_filters.ChoiceFilter(label=_("kind"), choices=Availability.choices)
    day = django_filters.ChoiceFilter(label=_("day of the week"), choices=WeekdayChoices.choices)

    class Meta:
        model = TeacherUnavailability
        fields = ["q", "kind", "day"]

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(teacher__user__last_name__icontains=word) | Q(teacher__user__first_name__icontains=word)
            )
        return queryset


class UnavailabilityTable(tables.Table):
    teacher = tables.Column(
        verbose_name=_("teacher"), order_by=("teacher__user__last_name", "teacher__user__first_name")
    )
    day = tables.Column(verbose_name=_("day of the week"))
    period = tables.Column(verbose_name=_("class period"))
    kind = tables.Column(verbose_name=_("kind"))
    note = tables.Column(verbose_name=_("note"))
    delete = tables.TemplateColumn(
        template_name="scheduling/_unavailability_delete.html",
        verbose_name="",
        orderable=False,
        exclude_from_export=True,
    )

    class Meta:
        model = TeacherUnavailability
        fields = ["teacher", "day", "period", "kind", "note"]
        order_by = ("teacher", "day", "period")
        attrs = {"class": "table table-sm table-hover", "id": "unavailability-table"}


class RoomUnavailabilityFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Building, number, note"))
    day = django_filters.ChoiceFilter(label=_("day of the week"), choices=WeekdayChoices.choices)

    class Meta:
        model = RoomUnavailability
        fields = ["q", "day"]

    def search(self, queryset, name, value):
        for word in value.split():
            queryset = queryset.filter(
                Q(room__building__icontains=word) | Q(room__number__icontains=word) | Q(note__icontains=word)
            )
        return queryset


class RoomUnavailabilityTable(tables.Table):
    room = tables.Column(verbose_name=_("room"), order_by=("room__building", "room__number"))
    day = tables.Column(verbose_name=_("day of the week"))
    period = tables.Column(verbose_name=_("class period"))
    note = tables.Column(verbose_name=_("note"))
    delete = tables.TemplateColumn(
        template_name="scheduling/_room_unavailability_delete.html",
        verbose_name="",
        orderable=False,
        exclude_from_export=True,
    )

    class Meta:
        model = RoomUnavailability
        fields = ["room", "day", "period", "note"]
        order_by = ("room", "day", "period")
        attrs = {"class": "table table-sm table-hover", "id": "room-unavailability-table"}


class VersionFilter(django_filters.FilterSet):
    term = django_filters.ModelChoiceFilter(label=_("term"), queryset=lambda request: terms())
    study_form = django_filters.ChoiceFilter(label=_("study form"), choices=StudyForm.choices)
    status = django_filters.ChoiceFilter(label=_("status"), choices=VersionStatus.choices)
    solve_status = django_filters.ChoiceFilter(label=_("computation"), choices=SolveStatus.choices)

    class Meta:
        model = TimetableVersion
        fields = ["term", "study_form", "status", "solve_status"]


class VersionTable(tables.Table):
    pk = tables.LinkColumn(
        "timetable_version", args=[tables.A("pk")], verbose_name=_("version"), text=lambda r: f"#{r.pk}"
    )
    term = tables.Column(verbose_name=_("term"), order_by=("term__starts_on",))
    study_form = tables.Column(verbose_name=_("study form"))
    status = tables.Column(verbose_name=_("status"))
    solve_status = tables.Column(verbose_name=_("computation"))
    progress = tables.Column(verbose_name=_("progress, %"))
    hard_violations = tables.Column(verbose_name=_("hard violations"))
    soft_cost = tables.Column(verbose_name=_("cost"))
    created_at = tables.DateTimeColumn(verbose_name=_("created at"), format="d.m.Y H:i")
    created_by = tables.Column(verbose_name=_("created by"))

    class Meta:
        model = TimetableVersion
        fields = [
            "pk", "term", "study_form", "status", "solve_status", "progress", "hard_violations", "soft_cost",
            "created_at", "created_by",
        ]  # fmt: skip
        order_by = ("-created_at",)
        attrs = {"class": "table table-sm table-hover", "id": "version-table"}

    def value_pk(self, value):
        return value


class ExamVersionFilter(VersionFilter):
    class Meta(VersionFilter.Meta):
        model = ExamScheduleVersion


class ExamVersionTable(VersionTable):
    pk = tables.LinkColumn("exam_version", args=[tables.A("pk")], verbose_name=_("version"), text=lambda r: f"#{r.pk}")

    class Meta(VersionTable.Meta):
        model = ExamScheduleVersion
        attrs = {"class": "table table-sm table-hover", "id": "exam-version-table"}
