"""Admin of the timetable. Versions are computed and published through the pages (services); the
admin shows them with their lessons and lets staff correct reference data (rooms, grid, unavailability)."""

from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import (
    AttestationCommission,
    AttestationEvent,
    AttestationMember,
    ClassPeriod,
    ExamRoom,
    ExamScheduleVersion,
    Room,
    RoomUnavailability,
    ScheduledExam,
    ScheduledLesson,
    TeacherUnavailability,
    TimetableVersion,
)


@admin.register(Room)
class RoomAdmin(SimpleHistoryAdmin):
    list_display = ("building", "number", "kind", "capacity", "is_active")
    list_filter = ("kind", "is_active", "building")
    search_fields = ("building", "number")


@admin.register(ClassPeriod)
class ClassPeriodAdmin(admin.ModelAdmin):
    list_display = ("study_form", "day", "number", "starts_at", "ends_at")
    list_filter = ("study_form", "day")
    search_fields = ("number",)


@admin.register(TeacherUnavailability)
class TeacherUnavailabilityAdmin(admin.ModelAdmin):
    list_display = ("teacher", "day", "period", "kind", "note")
    list_filter = ("kind", "day")
    search_fields = ("teacher__user__last_name", "teacher__user__first_name", "note")
    list_select_related = ("teacher__user",)
    raw_id_fields = ("teacher",)


class VersionAdmin(admin.ModelAdmin):
    list_display = (
        "pk", "term", "study_form", "status", "solve_status", "progress", "hard_violations", "soft_cost", "created_at",
    )  # fmt: skip
    list_filter = ("status", "solve_status", "study_form", "term")
    search_fields = ("term__academic_year__start_year", "message")
    list_select_related = ("term__academic_year", "created_by")
    readonly_fields = (
        "status", "solve_status", "progress", "best_cost", "started_at", "finished_at", "cost_breakdown", "soft_cost",
        "hard_violations", "published_at", "published_by", "created_by", "created_at",
    )  # fmt: skip


admin.site.register(TimetableVersion, VersionAdmin)
admin.site.register(ExamScheduleVersion, VersionAdmin)


@admin.register(ScheduledLesson)
class ScheduledLessonAdmin(SimpleHistoryAdmin):
    list_display = ("version", "section", "index", "day", "period", "room", "moved_by", "moved_at")
    list_filter = ("day", "period", "version__status")
    search_fields = ("section__discipline__code", "room__building", "room__number")
    list_select_related = ("version__term__academic_year", "section__discipline", "room", "moved_by")
    raw_id_fields = ("version", "section", "room", "moved_by")


@admin.register(RoomUnavailability)
class RoomUnavailabilityAdmin(admin.ModelAdmin):
    list_display = ("room", "day", "period", "note")
    list_filter = ("day",)
    search_fields = ("room__building", "room__number", "note")
    list_select_related = ("room",)


class AttestationMemberInline(admin.TabularInline):
    model = AttestationMember
    raw_id_fields = ("teacher",)
    extra = 0


@admin.register(AttestationCommission)
class AttestationCommissionAdmin(SimpleHistoryAdmin):
    list_display = ("name", "academic_year", "chair_name", "status")
    list_filter = ("status", "academic_year")
    search_fields = ("name", "chair_name")
    filter_horizontal = ("programmes",)
    raw_id_fields = ("secretary", "published_by")
    inlines = [AttestationMemberInline]


@admin.register(AttestationEvent)
class AttestationEventAdmin(admin.ModelAdmin):
    list_display = ("commission", "programme", "form", "date", "starts_at", "ends_at", "room")
    list_filter = ("form", "date")
    list_select_related = ("commission__academic_year", "programme", "room")
    raw_id_fields = ("commission", "programme", "room")


class ExamRoomInline(admin.TabularInline):
    model = ExamRoom
    extra = 0
    raw_id_fields = ("room", "version")
    filter_horizontal = ("invigilators",)


@admin.register(ScheduledExam)
class ScheduledExamAdmin(SimpleHistoryAdmin):
    list_display = ("version", "section", "date", "starts_at", "students", "moved_by", "moved_at")
    list_filter = ("date", "starts_at", "version__status")
    search_fields = ("section__discipline__code",)
    list_select_related = ("version__term__academic_year", "section__discipline", "moved_by")
    raw_id_fields = ("version", "section", "sections", "moved_by")
    inlines = [ExamRoomInline]


@admin.register(ExamRoom)
class ExamRoomAdmin(admin.ModelAdmin):
    list_display = ("exam", "room", "date", "starts_at", "seats")
    list_filter = ("date", "starts_at")
    search_fields = ("room__building", "room__number", "exam__section__discipline__code")
    list_select_related = ("exam", "room")
    raw_id_fields = ("exam", "version", "room")
    filter_horizontal = ("invigilators",)
