from django.urls import path

from . import exam_views, views, views_attestation

urlpatterns = [
    path("", views.timetable_versions, name="timetable_versions"),
    path("versions/<int:pk>/", views.timetable_version, name="timetable_version"),
    path("versions/<int:pk>/progress/", views.timetable_version_progress, name="timetable_version_progress"),
    path("versions/<int:pk>/publish/", views.timetable_version_publish, name="timetable_version_publish"),
    path("lessons/<int:pk>/move/", views.lesson_move, name="lesson_move"),
    path("groups/", views.timetable_group, name="timetable_group"),
    path("teachers/", views.timetable_teacher, name="timetable_teacher"),
    path("rooms/grid/", views.timetable_room, name="timetable_room"),
    path("my/", views.timetable_my, name="timetable_my"),
    path("my/calendar/reset/", views.timetable_calendar_reset, name="timetable_calendar_reset"),
    path("ical/<str:token>.ics", views.timetable_ical, name="timetable_ical"),
    path("students/<int:pk>/", views.timetable_student, name="timetable_student"),
    path("rooms/", views.room_list, name="room_list"),
    path("rooms/new/", views.room_create, name="room_create"),
    path("rooms/<int:pk>/", views.room_edit, name="room_edit"),
    path("grid/", views.time_grid, name="time_grid"),
    path("grid/<int:pk>/delete/", views.class_period_delete, name="class_period_delete"),
    path("unavailability/", views.unavailability_list, name="unavailability_list"),
    path("unavailability/<int:pk>/delete/", views.unavailability_delete, name="unavailability_delete"),
    path("rooms/unavailability/", views.room_unavailability_list, name="room_unavailability_list"),
    path("rooms/unavailability/<int:pk>/delete/", views.room_unavailability_delete, name="room_unavailability_delete"),
    path("attestation/", views_attestation.attestation_list, name="attestation_list"),
    path("attestation/my/", views_attestation.attestation_my, name="attestation_my"),
    path("attestation/<int:pk>/", views_attestation.attestation_commission, name="attestation_commission"),
    path(
        "attestation/<int:pk>/edit/", views_attestation.attestation_commission_edit, name="attestation_commission_edit"
    ),
    path("attestation/<int:pk>/members/", views_attestation.attestation_member_add, name="attestation_member_add"),
    path("attestation/<int:pk>/events/", views_attestation.attestation_event_add, name="attestation_event_add"),
    path("attestation/<int:pk>/distribute/", views_attestation.attestation_distribute, name="attestation_distribute"),
    path("attestation/<int:pk>/publish/", views_attestation.attestation_publish, name="attestation_publish"),
    path(
        "attestation/members/<int:pk>/remove/",
        views_attestation.attestation_member_remove,
        name="attestation_member_remove",
    ),
    path(
        "attestation/events/<int:pk>/delete/",
        views_attestation.attestation_event_delete,
        name="attestation_event_delete",
    ),
    path("attestation/events/<int:pk>/edit/", views_attestation.attestation_event_edit, name="attestation_event_edit"),
    path("attestation/events/<int:pk>/assign/", views_attestation.attestation_assign, name="attestation_assign"),
    path(
        "attestation/assignments/<int:pk>/remove/", views_attestation.attestation_unassign, name="attestation_unassign"
    ),
    path("exams/", exam_views.exam_versions, name="exam_versions"),
    path("exams/versions/<int:pk>/", exam_views.exam_version, name="exam_version"),
    path("exams/versions/<int:pk>/progress/", exam_views.exam_version_progress, name="exam_version_progress"),
    path("exams/versions/<int:pk>/publish/", exam_views.exam_version_publish, name="exam_version_publish"),
    path("exams/<int:pk>/move/", exam_views.exam_move, name="exam_move"),
    path("exams/groups/", exam_views.exams_group, name="exams_group"),
    path("exams/teachers/", exam_views.exams_teacher, name="exams_teacher"),
    path("exams/my/", exam_views.exams_my, name="exams_my"),
    path("exams/students/<int:pk>/", exam_views.exams_student, name="exams_student"),
]
