from django.urls import path

from .views import registration_office as views

urlpatterns = [
    path("", views.progress, name="registration_office"),
    path("students/", views.students, name="registration_office_students"),
    path("students/remind/", views.remind, name="registration_office_remind"),
    path("lock/", views.lock_default, name="registration_office_lock_default"),
    path("lock/<int:term_id>/", views.lock, name="registration_office_lock"),
    path("overrides/", views.overrides, name="registration_office_overrides"),
    path("overrides/new/", views.override_new, name="registration_office_override_new"),
    path("overrides/students/", views.student_options, name="registration_office_student_options"),
]
