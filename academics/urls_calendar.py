from django.urls import path

from .views import calendar as views

urlpatterns = [
    path("", views.calendar_month, name="calendar"),
    path("list/", views.calendar_list, name="calendar_list"),
    path("years/", views.academic_year_list, name="academic_year_list"),
    path("years/add/", views.academic_year_create, name="academic_year_create"),
    path("years/<int:pk>/", views.academic_year_detail, name="academic_year_detail"),
    path("years/<int:pk>/copy/", views.academic_year_copy, name="academic_year_copy"),
    path("years/<int:pk>/export/", views.academic_year_export, name="academic_year_export"),
    path("years/<int:pk>/terms/add/", views.term_create, name="term_create"),
    path("terms/<int:pk>/edit/", views.term_edit, name="term_edit"),
    path("years/<int:pk>/periods/add/", views.period_create, name="period_create"),
    path("periods/<int:pk>/edit/", views.period_edit, name="period_edit"),
    path("periods/<int:pk>/delete/", views.period_delete, name="period_delete"),
]
