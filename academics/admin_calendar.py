"""Admin of academic years, terms and calendar periods. Its forms ask the same rules as the
services (academics.calendar_rules), so the admin cannot store a calendar the pages would refuse."""

from django import forms
from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from registrar.errors import DomainError

from .models import AcademicYear, CalendarPeriod, Term
from .services import calendar as services


class TermAdminForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["academic_year", "kind", "starts_on", "ends_on"]

    def clean(self):
        data = super().clean()
        year = data.get("academic_year")
        # A term added inline to a year not saved yet is checked once the year exists.
        if (
            year is not None
            and year.pk is not None
            and data.get("starts_on")
            and data.get("ends_on")
            and data.get("kind")
        ):
            term = Term(
                pk=self.instance.pk,
                academic_year=year,
                kind=data["kind"],
                starts_on=data["starts_on"],
                ends_on=data["ends_on"],
            )
            for violation in services.term_violations(term, year=year):
                self.add_error(violation.field if violation.field in self.fields else None, violation.message)
        return data


class CalendarPeriodAdminForm(forms.ModelForm):
    class Meta:
        model = CalendarPeriod
        fields = ["academic_year", "term", "kind", "starts_on", "ends_on", "study_form", "year_of_study", "name"]

    def clean(self):
        data = super().clean()
        year = data.get("academic_year")
        if year is not None and data.get("kind") and data.get("starts_on") and data.get("ends_on"):
            period = CalendarPeriod(
                pk=self.instance.pk,
                academic_year=year,
                **{f: data.get(f) for f in ("kind", "term", "starts_on", "ends_on", "year_of_study")},
                study_form=data.get("study_form") or "",
                name=data.get("name") or "",
            )
            for violation in services.period_violations(period, year=year, term=data.get("term")):
                self.add_error(violation.field if violation.field in self.fields else None, violation.message)
        return data


class AcademicYearAdminForm(forms.ModelForm):
    class Meta:
        model = AcademicYear
        fields = ["start_year", "starts_on", "ends_on"]

    def clean(self):
        data = super().clean()
        if data.get("start_year") and data.get("starts_on") and data.get("ends_on"):
            year = AcademicYear(
                pk=self.instance.pk, start_year=data["start_year"], starts_on=data["starts_on"], ends_on=data["ends_on"]
            )
            for violation in services.year_violations(year):
                self.add_error(violation.field if violation.field in self.fields else None, violation.message)
        return data


class TermInline(admin.TabularInline):
    model = Term
    form = TermAdminForm
    extra = 0


@admin.register(AcademicYear)
class AcademicYearAdmin(SimpleHistoryAdmin):
    form = AcademicYearAdminForm
    list_display = ["__str__", "starts_on", "ends_on"]
    search_fields = ["start_year"]
    inlines = [TermInline]
    actions = ["copy_to_next_year"]

    @admin.action(description=_("Copy the calendar to the next academic year"))
    def copy_to_next_year(self, request, queryset):
        for year in queryset.order_by("start_year"):
            try:
                target = services.calendar_copy_from_previous(
                    actor=request.user, source_year=year, target_start_year=year.start_year + 1
                )
            except DomainError as exc:
                for error in exc.errors:
                    self.message_user(request, f"{year}: {error}", messages.ERROR)
            else:
                self.message_user(request, _("Copied %(source)s to %(target)s.") % {"source": year, "target": target})


@admin.register(Term)
class TermAdmin(SimpleHistoryAdmin):
    form = TermAdminForm
    list_display = ["__str__", "kind", "starts_on", "ends_on"]
    list_filter = ["kind", "academic_year"]
    list_select_related = ["academic_year"]


@admin.register(CalendarPeriod)
class CalendarPeriodAdmin(SimpleHistoryAdmin):
    form = CalendarPeriodAdminForm
    list_display = ["__str__", "kind", "term", "starts_on", "ends_on", "study_form", "year_of_study"]
    list_filter = ["kind", "term", "study_form", "year_of_study", "academic_year"]
    list_select_related = ["term__academic_year", "academic_year"]
    search_fields = ["name"]
    date_hierarchy = "starts_on"
