"""Admin of documents. Issued documents, blanks and their batches, requests and graduation runs change
only through transcripts/services.py (issue, duplicate, revoke, receive, spoil...), so the admin shows
them read-only: an issued document is never edited or deleted, a blank is never deleted (RULES.md §9).
"""

from django.contrib import admin

from .models import (
    Blank,
    BlankBatch,
    CertificateRequest,
    DocumentCounter,
    GraduationRun,
    IssuedDocument,
)


class ReadOnlyAdmin(admin.ModelAdmin):
    """View-only: every field read-only, nothing added, changed or deleted here."""

    def get_readonly_fields(self, request, obj=None):
        return [f.name for f in self.model._meta.fields]

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


class BlankInline(admin.TabularInline):
    model = Blank
    fk_name = "document"
    fields = ("label", "kind", "status", "used_on")
    readonly_fields = fields
    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(IssuedDocument)
class IssuedDocumentAdmin(ReadOnlyAdmin):
    list_display = ("number", "kind", "holder_name", "student", "language", "year", "issued_at", "status")
    list_filter = ("kind", "status", "language", "year")
    search_fields = ("number", "holder_name", "verification_code", "student__student_number")
    list_select_related = ("student",)
    raw_id_fields = ("student", "original")
    date_hierarchy = "issued_at"
    inlines = [BlankInline]


@admin.register(DocumentCounter)
class DocumentCounterAdmin(ReadOnlyAdmin):
    list_display = ("kind", "year", "last_number")
    list_filter = ("kind", "year")


@admin.register(CertificateRequest)
class CertificateRequestAdmin(ReadOnlyAdmin):
    list_display = ("student", "purpose", "language", "requested_at", "status", "document")
    list_filter = ("status", "purpose", "language")
    search_fields = ("student__student_number", "student__last_name", "student__first_name", "document__number")
    list_select_related = ("student", "document")


@admin.register(BlankBatch)
class BlankBatchAdmin(ReadOnlyAdmin):
    list_display = ("act_number", "received_on", "kind", "series", "first_number", "last_number", "received_by")
    list_filter = ("kind", "series", "received_on")
    search_fields = ("act_number", "series", "note")
    list_select_related = ("received_by",)
    date_hierarchy = "received_on"


@admin.register(Blank)
class BlankAdmin(ReadOnlyAdmin):
    list_display = ("label", "kind", "status", "document", "used_on", "spoil_reason")
    list_filter = ("kind", "status", "series")
    search_fields = ("label", "series", "document__number", "document__holder_name", "batch__act_number")
    list_select_related = ("document",)


@admin.register(GraduationRun)
class GraduationRunAdmin(ReadOnlyAdmin):
    list_display = ("order_number", "language", "status", "total", "done", "issued", "skipped", "created_at")
    list_filter = ("status", "language")
    search_fields = ("order_number",)
    list_select_related = ("started_by",)
