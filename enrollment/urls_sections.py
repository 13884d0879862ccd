from django.urls import path

from .views import sections as views

urlpatterns = [
    path("", views.section_list, name="section_list"),
    path("new/", views.section_create, name="section_create"),
    path("open/", views.sections_open_for_term, name="sections_open_for_term"),
    path("formation/", views.section_formation, name="section_formation"),
    path("load/", views.teacher_load, name="teacher_load"),
    path("<int:pk>/", views.section_detail, name="section_detail"),
    path("<int:pk>/edit/", views.section_edit, name="section_edit"),
    path("<int:pk>/cancel/", views.section_cancel, name="section_cancel"),
    path("<int:pk>/merge/", views.section_merge, name="section_merge"),
    path("<int:pk>/split/", views.section_split, name="section_split"),
    path("<int:pk>/move/", views.section_move_student, name="section_move_student"),
]
