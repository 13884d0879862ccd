from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.db import transaction
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from .models import GradeScaleRow, PromotionThreshold, UniversitySettings, User
from .selectors import forget_university_settings
from .services import settings_changed, settings_state


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    list_display = (
        "username",
        "last_name",
        "first_name",
        "patronymic",
        "email",
        "is_active",
        "must_change_password",
        "last_login",
    )
    list_filter = ("groups", "is_active", "is_staff", "must_change_password", "language")
    search_fields = ("username", "last_name", "first_name", "patronymic", "email")
    fieldsets = (
        (None, {"fields": ("username", "password")}),
        (_("Personal info"), {"fields": ("last_name", "first_name", "patronymic", "email", "language")}),
        (
            _("Roles and access"),
            {"fields": ("is_active", "is_staff", "is_superuser", "groups", "must_change_password")},
        ),
        (_("Important dates"), {"fields": ("last_login", "date_joined")}),
    )


@admin.register(UniversitySettings)
class UniversitySettingsAdmin(SimpleHistoryAdmin):
    def has_add_permission(self, request):
        return not UniversitySettings.objects.exists()

    def has_delete_permission(self, request, obj=None):
        return False

    def save_model(self, request, obj, form, change):
        with transaction.atomic():
            before = settings_state()
            super().save_model(request, obj, form, change)
            transaction.on_commit(forget_university_settings)
            settings_changed(before, settings_state())


class _EditedOnSettingsPage(SimpleHistoryAdmin):
    """The scale and the thresholds are validated as a whole on the settings page
    (a boundary moves two rows at once), so the admin shows them read-only."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(GradeScaleRow)
class GradeScaleRowAdmin(_EditedOnSettingsPage):
    list_display = ("letter", "points", "min_percent", "max_percent", "traditional")


@admin.register(PromotionThreshold)
class PromotionThresholdAdmin(_EditedOnSettingsPage):
    list_display = ("academic_year", "level", "year_of_study", "min_gpa")
    list_filter = ("academic_year", "level")
