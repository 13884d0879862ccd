from django.urls import path

from . import views

urlpatterns = [
    path("", views.index, name="reports_index"),
    path("body/", views.student_body, name="reports_body"),
    path("movement/", views.movement, name="reports_movement"),
    path("form-3nk/", views.stat_form, name="reports_stat_form"),
    path("summary/", views.group_summary, name="reports_summary"),
    path("session/", views.session_results, name="reports_session"),
    path("orders/", views.orders_register, name="reports_orders"),
    path("load/", views.teacher_load, name="reports_load"),
    path("dashboard/", views.dashboard, name="reports_dashboard"),
]
