from django.urls import path

from .views import structure as views
from .views import structure_catalogue as catalogue

urlpatterns = [
    path("faculties/", views.faculty_list, name="faculty_list"),
    path("faculties/new/", views.faculty_create, name="faculty_create"),
    path("faculties/<int:pk>/edit/", views.faculty_edit, name="faculty_edit"),
    path("faculties/<int:pk>/delete/", views.faculty_delete, name="faculty_delete"),
    path("departments/", views.department_list, name="department_list"),
    path("departments/new/", views.department_create, name="department_create"),
    path("departments/<int:pk>/edit/", views.department_edit, name="department_edit"),
    path("departments/<int:pk>/delete/", views.department_delete, name="department_delete"),
    path("teachers/", views.teacher_list, name="teacher_list"),
    path("teachers/new/", views.teacher_create, name="teacher_create"),
    path("teachers/<int:pk>/edit/", views.teacher_edit, name="teacher_edit"),
    path("teachers/<int:pk>/delete/", views.teacher_delete, name="teacher_delete"),
    path("programmes/", views.programme_list, name="programme_list"),
    path("programmes/new/", views.programme_create, name="programme_create"),
    path("programmes/<int:pk>/", views.programme_detail, name="programme_detail"),
    path("programmes/<int:pk>/edit/", views.programme_edit, name="programme_edit"),
    path("programmes/<int:pk>/delete/", views.programme_delete, name="programme_delete"),
    path("disciplines/", catalogue.discipline_list, name="discipline_list"),
    path("disciplines/new/", catalogue.discipline_create, name="discipline_create"),
    path("disciplines/import/", catalogue.discipline_import, name="discipline_import"),
    path("disciplines/import/template.xlsx", catalogue.discipline_import_template, name="discipline_import_template"),
    path("disciplines/<int:pk>/", catalogue.discipline_detail, name="discipline_detail"),
    path("disciplines/<int:pk>/edit/", catalogue.discipline_edit, name="discipline_edit"),
    path("disciplines/<int:pk>/delete/", catalogue.discipline_delete, name="discipline_delete"),
]
