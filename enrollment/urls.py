from django.urls import path

from .views import documents, groups, history, students

urlpatterns = [
    path("", students.student_list, name="student_list"),
    path("me/", students.my_card, name="my_card"),
    path("<int:pk>/", students.student_detail, name="student_detail"),
    path("<int:pk>/edit/", students.student_edit, name="student_edit"),
    path("<int:pk>/documents/", documents.document_add, name="document_add"),
    path("documents/<int:pk>/", documents.document_download, name="document_download"),
    path("groups/", groups.group_list, name="group_list"),
    path("groups/new/", groups.group_create_view, name="group_create"),
    path("groups/<int:pk>/", groups.group_detail, name="group_detail"),
    path("groups/<int:pk>/edit/", groups.group_edit, name="group_edit"),
    path("body/", history.student_body, name="student_body"),
    path("body/list/", history.student_body_list, name="student_body_list"),
    path("body/movement/", history.student_movement, name="student_movement"),
]
