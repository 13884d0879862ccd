"""Admin of grading. Sheets, rows and results change only through the services (grade entry, submit,
close, corrections), so the admin shows them read-only and its actions call those services;
corrections are read-only and never deleted."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from registrar.errors import DomainError

from .models import (
    Correction,
    EctsConversion,
    GpaSnapshot,
    MobilityRecord,
    Recognition,
    RecognitionItem,
    Sheet,
    SheetRow,
)
from .services import sheets as svc


class ReadOnlyMixin:
    """View-only: the records are written by services (and some are evidence that must stay)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class SheetRowInline(ReadOnlyMixin, admin.TabularInline):
    model = SheetRow
    fields = ("student", "current1", "midterm1", "current2", "midterm2", "exam", "mark", "score", "letter", "version")
    readonly_fields = fields
    extra = 0
    show_change_link = True


@admin.register(Sheet)
class SheetAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("number", "discipline", "term", "section", "teacher", "kind", "status", "closed_at")
    list_filter = ("status", "kind", "control_form", "term", "academic_year")
    search_fields = (
        "number",
        "discipline__code",
        "discipline__name_ru",
        "discipline__name_kk",
        "teacher__user__last_name",
    )
    list_select_related = ("discipline", "term__academic_year", "section__discipline", "teacher__user")
    inlines = [SheetRowInline]
    actions = ["close_sheets"]

    @admin.action(description=_("Close the selected submitted sheets (results into the record)"))
    def close_sheets(self, request, queryset):
        closed = 0
        for sheet in queryset.order_by("pk"):
            try:
                svc.sheet_close(sheet=sheet, actor=request.user)
            except DomainError as exc:
                self.message_user(request, f"{sheet.number}: {exc.message}", messages.ERROR)
            else:
                closed += 1
        if closed:
            self.message_user(request, _("%(n)s sheets closed.") % {"n": closed}, messages.SUCCESS)


@admin.register(SheetRow)
class SheetRowAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("sheet", "student", "admission", "exam", "mark", "score", "letter", "outcome", "version")
    list_filter = ("outcome", "letter", "mark", "sheet__status", "sheet__kind")
    search_fields = ("sheet__number", "student__student_number", "student__last_name", "student__first_name")
    list_select_related = ("sheet__discipline", "student")


@admin.register(Correction)
class CorrectionAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("row", "field", "old_value", "new_value", "status", "requested_by", "requested_at", "decided_by")
    list_filter = ("status", "field", "requested_at")
    search_fields = ("row__sheet__number", "row__student__student_number", "row__student__last_name", "reason")
    list_select_related = ("row__sheet__discipline", "row__student", "requested_by", "decided_by")


@admin.register(GpaSnapshot)
class GpaSnapshotAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("student", "scope", "term", "academic_year", "credits", "gpa", "computed_at")
    list_filter = ("scope", "term", "academic_year")
    search_fields = ("student__student_number", "student__last_name", "student__first_name")
    list_select_related = ("student", "term__academic_year", "academic_year")


@admin.register(EctsConversion)
class EctsConversionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("ects_grade", "score")
    search_fields = ("ects_grade",)
    list_filter = ("score",)


@admin.register(MobilityRecord)
class MobilityRecordAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("student", "institution", "country", "external_name", "discipline", "ects_grade", "letter")
    list_filter = ("country", "ects_grade", "letter", "term")
    search_fields = ("student__student_number", "student__last_name", "institution", "external_name")
    list_select_related = ("student", "discipline", "term__academic_year")


class RecognitionItemInline(ReadOnlyMixin, admin.TabularInline):
    model = RecognitionItem
    fields = ("discipline", "curriculum_term", "decision", "earlier_name", "earlier_grade", "score", "letter")
    readonly_fields = fields
    extra = 0


@admin.register(Recognition)
class RecognitionAdmin(ReadOnlyMixin, SimpleHistoryAdmin):
    list_display = ("student", "basis", "curriculum", "up_to_term", "status", "created_at", "approved_by")
    list_filter = ("basis", "status")
    search_fields = ("student__student_number", "student__last_name", "previous_institution")
    list_select_related = ("student", "curriculum__programme", "approved_by")
    inlines = [RecognitionItemInline]


@admin.register(RecognitionItem)
class RecognitionItemAdmin(ReadOnlyMixin, admin.ModelAdmin):
    list_display = ("recognition", "discipline", "curriculum_term", "decision", "score", "letter")
    list_filter = ("decision",)
    search_fields = ("recognition__student__student_number", "discipline__code", "earlier_name")
    list_select_related = ("recognition__student", "discipline")
