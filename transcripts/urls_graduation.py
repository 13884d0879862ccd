from django.urls import path

from . import views_graduation as views

urlpatterns = [
    path("", views.graduation_runs, name="graduation_runs"),
    path("<int:pk>/", views.graduation_run, name="graduation_run"),
    path("<int:pk>/progress/", views.graduation_run_progress, name="graduation_run_progress"),
]
