"""Admin of curricula: a view of the data for administrators. Changes with rules go through the
services (the "approve" action calls curriculum_approve); approved versions are read-only here too."""

from django.contrib import admin, messages
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from registrar.errors import DomainError

from .models import Curriculum, CurriculumItem, ElectiveBlock
from .services.curricula import curriculum_approve


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = True

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class ElectiveBlockInline(ReadOnlyInline):
    model = ElectiveBlock
    fields = ["code", "name", "term", "choose_count", "choose_credits"]
    readonly_fields = fields


class CurriculumItemInline(ReadOnlyInline):
    model = CurriculumItem
    fields = ["term", "discipline", "block"]
    readonly_fields = fields


class DraftOnlyMixin:
    """An approved or superseded curriculum (and its items and blocks) is immutable, here as anywhere."""

    def _curriculum_of(self, obj):
        return obj if isinstance(obj, Curriculum) else getattr(obj, "curriculum", None)

    def has_change_permission(self, request, obj=None):
        curriculum = self._curriculum_of(obj) if obj is not None else None
        if curriculum is not None and not curriculum.is_editable:
            return False
        return super().has_change_permission(request, obj)

    def has_delete_permission(self, request, obj=None):
        curriculum = self._curriculum_of(obj) if obj is not None else None
        if curriculum is not None and not curriculum.is_editable:
            return False
        return super().has_delete_permission(request, obj)


@admin.register(Curriculum)
class CurriculumAdmin(DraftOnlyMixin, SimpleHistoryAdmin):
    list_display = [
        "programme",
        "intake_year",
        "study_form",
        "language",
        "version",
        "status",
        "approved_by",
        "approved_at",
    ]
    list_filter = ["status", "study_form", "language", "intake_year", "programme__level", "programme__faculty"]
    search_fields = ["programme__code", "programme__name_ru", "programme__name_kk", "programme__name_en"]
    list_select_related = ["programme", "approved_by"]
    readonly_fields = ["version", "status", "based_on", "approved_by", "approved_at", "created_at"]
    inlines = [ElectiveBlockInline, CurriculumItemInline]
    actions = ["approve"]

    @admin.action(description=_("Approve the selected draft curricula"))
    def approve(self, request, queryset):
        approved = 0
        for curriculum in queryset.select_related("programme"):
            try:
                curriculum_approve(actor=request.user, curriculum=curriculum)
            except DomainError as exc:
                details = "; ".join(str(e) for e in exc.errors[:5] if e != exc.message)
                self.message_user(request, f"{curriculum}: {exc.message} {details}", messages.ERROR)
            else:
                approved += 1
        if approved:
            self.message_user(request, _("%(n)s curriculum(s) approved.") % {"n": approved}, messages.SUCCESS)


@admin.register(ElectiveBlock)
class ElectiveBlockAdmin(DraftOnlyMixin, SimpleHistoryAdmin):
    list_display = ["code", "name", "curriculum", "term", "choose_count", "choose_credits"]
    list_filter = ["term", "curriculum__status", "curriculum__intake_year"]
    search_fields = ["code", "name", "curriculum__programme__code"]
    list_select_related = ["curriculum__programme"]
    raw_id_fields = ["curriculum"]


@admin.register(CurriculumItem)
class CurriculumItemAdmin(DraftOnlyMixin, SimpleHistoryAdmin):
    list_display = ["discipline", "curriculum", "term", "block"]
    list_filter = ["term", "curriculum__status", "curriculum__intake_year"]
    search_fields = ["discipline__code", "discipline__name_ru", "curriculum__programme__code"]
    list_select_related = ["discipline", "curriculum__programme", "block"]
    raw_id_fields = ["curriculum", "discipline", "block"]
