"""Admin of the student file. Students are created only by enrolment orders and their tracked
fields change only by orders, so the admin shows those read-only; the status history is
read-only and undeletable."""

from django import forms
from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .iin import validate_iin
from .models import (
    TRACKED_FIELDS,
    AcademicGroup,
    DeanOfficeMember,
    PersonalDocument,
    PlanItem,
    RequiredDocument,
    Result,
    RuleOverride,
    Section,
    StatusChange,
    Student,
    StudyPlan,
)

# Tracked fields by their model field names (programme_id -> programme), plus what orders set with them.
ORDER_ONLY_FIELDS = tuple(name.removesuffix("_id") for name in TRACKED_FIELDS) + ("status_since", "intake_year", "user")


@admin.register(AcademicGroup)
class AcademicGroupAdmin(SimpleHistoryAdmin):
    list_display = ("name", "programme", "intake_year", "study_form", "language", "number", "curator", "is_active")
    list_filter = ("is_active", "study_form", "language", "intake_year", "programme")
    search_fields = ("name", "programme__code")
    list_select_related = ("programme", "curator__user")
    raw_id_fields = ("curator",)


class PersonalDocumentInline(admin.TabularInline):
    model = PersonalDocument
    fields = ("doc_type", "original_name", "size", "uploaded_by", "uploaded_at")
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False  # uploads go through the student card (type and content checks)


class StudentAdminForm(forms.ModelForm):
    class Meta:
        model = Student
        fields = "__all__"  # noqa: DJ007 - the admin narrows it to the editable fields

    def clean(self):
        data = super().clean()
        iin = data.get("iin") or None
        birth_date = data.get("birth_date", getattr(self.instance, "birth_date", None))
        sex = data.get("sex", getattr(self.instance, "sex", None))
        if iin:
            for message in validate_iin(iin, birth_date=birth_date, sex=sex):
                self.add_error("iin", message)
        data["iin"] = iin
        return data


@admin.register(Student)
class StudentAdmin(SimpleHistoryAdmin):
    form = StudentAdminForm
    list_display = (
        "student_number",
        "last_name",
        "first_name",
        "patronymic",
        "iin",
        "programme",
        "year_of_study",
        "status",
    )
    list_filter = ("status", "study_form", "language", "funding", "year_of_study", "programme")
    search_fields = ("student_number", "iin", "last_name", "first_name", "last_name_latin", "first_name_latin")
    list_select_related = ("programme",)
    readonly_fields = ORDER_ONLY_FIELDS
    raw_id_fields = ("adviser",)
    inlines = [PersonalDocumentInline]

    def has_add_permission(self, request):
        return False  # only enrolment orders create students

    def has_delete_permission(self, request, obj=None):
        return False  # orders and documents refer to students

    def save_model(self, request, obj, form, change):
        obj._history_user = request.user
        super().save_model(request, obj, form, change)


@admin.register(StatusChange)
class StatusChangeAdmin(admin.ModelAdmin):
    list_display = ("student", "effective_on", "movement", "ground", "order_number", "order_date", "recorded_by")
    list_filter = ("movement", "effective_on")
    search_fields = ("student__last_name", "student__student_number", "order_number")
    list_select_related = ("student", "recorded_by")
    date_hierarchy = "effective_on"

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(PersonalDocument)
class PersonalDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("student", "doc_type", "original_name", "size", "uploaded_by", "uploaded_at")
    list_filter = ("doc_type",)
    search_fields = ("student__last_name", "student__student_number", "original_name")
    list_select_related = ("student", "uploaded_by")
    readonly_fields = ("student", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")
    exclude = ("file",)  # no link: files are served only through the checked download view

    def has_add_permission(self, request):
        return False  # uploads go through the student card (type and content checks)


@admin.register(RequiredDocument)
class RequiredDocumentAdmin(SimpleHistoryAdmin):
    list_display = ("doc_type", "programme")
    list_filter = ("doc_type", "programme")


@admin.register(DeanOfficeMember)
class DeanOfficeMemberAdmin(admin.ModelAdmin):
    list_display = ("user", "faculty")
    list_filter = ("faculty",)
    search_fields = ("user__username", "user__last_name")
    raw_id_fields = ("user",)


# --- registration and the academic record: read-only here. Sections change on the sections pages,
# plans through the registration services (their rules and seat counts), overrides are audited (never
# edited or deleted), results are written by grading; the admin lists, filters and searches them.


class ReadOnlyAdmin(admin.ModelAdmin):
    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Section)
class SectionAdmin(ReadOnlyAdmin):
    list_display = ("term", "discipline", "kind", "language", "number", "teacher", "capacity", "seats_taken", "status")
    list_filter = ("status", "kind", "language", "term")
    search_fields = ("discipline__code", "discipline__name_ru", "discipline__name_kk", "teacher__user__last_name")
    list_select_related = ("term__academic_year", "discipline", "teacher__user")


class PlanItemInline(admin.TabularInline):
    model = PlanItem
    fields = ("discipline", "kind", "block", "credits", "section", "practice_section", "lab_section", "added_by")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(StudyPlan)
class StudyPlanAdmin(ReadOnlyAdmin):
    list_display = ("student", "term", "year_of_study", "status", "submitted_at", "reviewed_by", "locked_at")
    list_filter = ("status", "term", "year_of_study")
    search_fields = ("student__student_number", "student__last_name", "student__first_name")
    list_select_related = ("student", "term__academic_year", "reviewed_by")
    inlines = [PlanItemInline]


@admin.register(RuleOverride)
class RuleOverrideAdmin(ReadOnlyAdmin):
    list_display = ("granted_at", "student", "term", "rule", "discipline", "granted_by")
    list_filter = ("rule", "term")
    search_fields = ("student__student_number", "student__last_name", "reason")
    list_select_related = ("student", "term__academic_year", "discipline", "granted_by")
    date_hierarchy = "granted_at"


@admin.register(Result)
class ResultAdmin(ReadOnlyAdmin):
    list_display = ("student", "discipline", "term", "attempt", "letter", "score", "passed", "source")
    list_filter = ("source", "passed", "letter", "term")
    search_fields = ("student__student_number", "student__last_name", "discipline__code")
    list_select_related = ("student", "discipline", "term__academic_year")
