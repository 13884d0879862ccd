"""Admin of the structure and the catalogue. Saving goes through the services, so the admin
cannot store what the pages would refuse (hours not adding up, a prerequisite cycle)."""

from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db import transaction
from simple_history.admin import SimpleHistoryAdmin

from registrar.errors import DomainError

from .models import Department, Discipline, Faculty, Programme, Teacher
from .services import structure as services


class _Rollback(Exception):
    pass


class _ServiceAdmin(SimpleHistoryAdmin):
    """Saves through `save_service(request, obj, data)`; a refused rule is shown as a form error."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        admin_site = self

        class ServiceForm(form):
            def clean(self):
                data = super().clean()
                if not self.errors:
                    try:
                        admin_site.check_service(request, self.instance, admin_site.service_data(data))
                    except DomainError as exc:
                        name = exc.field if exc.field in self.fields else None
                        raise ValidationError({name: exc.message} if name else exc.message) from exc
                return data

        return ServiceForm

    def check_service(self, request, obj, data):
        """Run the service's rules inside a transaction that is rolled back (save_model saves for real)."""
        try:
            with transaction.atomic():
                self.save_service(request, obj.__class__.objects.get(pk=obj.pk) if obj.pk else None, data)
                raise _Rollback
        except _Rollback:
            pass

    def service_data(self, cleaned: dict) -> dict:
        names = {f.name for f in self.model._meta.concrete_fields}
        return {k: v for k, v in cleaned.items() if k in names}

    def save_model(self, request, obj, form, change):
        data = self.service_data(form.cleaned_data)
        saved = self.save_service(request, obj.__class__.objects.get(pk=obj.pk) if obj.pk else None, data)
        form.instance = saved.obj
        obj.pk = saved.obj.pk
        for warning in saved.warnings:
            messages.warning(request, warning)

    def save_related(self, request, form, formsets, change):
        form.save_m2m = lambda: None  # many-to-many fields are saved by the service
        super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        try:
            services.structure_delete(actor=request.user, obj=obj)
        except DomainError as exc:
            messages.error(request, exc.message)

    def delete_queryset(self, request, queryset):
        for obj in queryset:
            self.delete_model(request, obj)


@admin.register(Faculty)
class FacultyAdmin(_ServiceAdmin):
    list_display = ["code", "name_ru", "name_kk", "name_en"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]

    def save_service(self, request, obj, data):
        return services.faculty_save(actor=request.user, data=data, faculty=obj)


@admin.register(Department)
class DepartmentAdmin(_ServiceAdmin):
    list_display = ["code", "name_ru", "faculty"]
    list_filter = ["faculty"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    autocomplete_fields = ["faculty"]
    list_select_related = ["faculty"]

    def save_service(self, request, obj, data):
        return services.department_save(actor=request.user, data=data, department=obj)


@admin.register(Teacher)
class TeacherAdmin(_ServiceAdmin):
    list_display = ["user", "department", "position", "academic_degree", "employment", "rate", "is_active"]
    list_filter = ["is_active", "position", "academic_degree", "employment", "department__faculty", "department"]
    search_fields = ["user__last_name", "user__first_name", "user__patronymic", "user__username"]
    autocomplete_fields = ["user", "department"]
    list_select_related = ["user", "department"]

    def save_service(self, request, obj, data):
        return services.teacher_save(actor=request.user, data=data, teacher=obj)


@admin.register(Programme)
class ProgrammeAdmin(_ServiceAdmin):
    list_display = ["code", "name_ru", "level", "faculty", "department", "total_credits", "is_active"]
    list_filter = ["is_active", "level", "master_track", "faculty", "full_time", "distance"]
    search_fields = ["code", "short_code", "name_kk", "name_ru", "name_en"]
    autocomplete_fields = ["faculty", "department"]
    list_select_related = ["faculty", "department"]

    def save_service(self, request, obj, data):
        return services.programme_save(actor=request.user, data=data, programme=obj)


@admin.register(Discipline)
class DisciplineAdmin(_ServiceAdmin):
    list_display = ["code", "name_ru", "credits", "control_form", "cycle", "component", "department", "is_active"]
    list_filter = ["is_active", "cycle", "component", "control_form", "is_physical_education", "department__faculty"]
    search_fields = ["code", "name_kk", "name_ru", "name_en"]
    autocomplete_fields = ["department", "prerequisites"]
    list_select_related = ["department"]

    def service_data(self, cleaned: dict) -> dict:
        return {**super().service_data(cleaned), "prerequisites": cleaned.get("prerequisites")}

    def save_service(self, request, obj, data):
        data = dict(data)
        prerequisites = data.pop("prerequisites", None)
        return services.discipline_save(
            actor=request.user,
            data=data,
            prerequisites=list(prerequisites) if prerequisites is not None else None,
            discipline=obj,
        )
