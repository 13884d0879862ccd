from django.urls import path

from .views import curricula as views
from .views import curricula_documents as documents

urlpatterns = [
    path("", views.curriculum_list, name="curriculum_list"),
    path("new/", views.curriculum_create, name="curriculum_create"),
    path("import/", documents.curriculum_import_view, name="curriculum_import"),
    path("import/template.xlsx", documents.curriculum_import_template, name="curriculum_import_template"),
    path("electives/", documents.elective_catalogue, name="elective_catalogue"),
    path("<int:pk>/", views.curriculum_detail, name="curriculum_detail"),
    path("<int:pk>/items/add/", views.curriculum_item_add, name="curriculum_item_add"),
    path("<int:pk>/disciplines/", views.curriculum_discipline_search, name="curriculum_discipline_search"),
    path("<int:pk>/blocks/add/", views.curriculum_block_create, name="curriculum_block_create"),
    path("<int:pk>/approve/", views.curriculum_approve, name="curriculum_approve"),
    path("<int:pk>/new-version/", views.curriculum_new_version, name="curriculum_new_version"),
    path("<int:pk>/delete/", views.curriculum_delete, name="curriculum_delete"),
    path("<int:pk>/export.xlsx", documents.curriculum_export_xlsx, name="curriculum_export_xlsx"),
    path("<int:pk>/export.pdf", documents.curriculum_export_pdf, name="curriculum_export_pdf"),
    path("items/<int:pk>/move/", views.curriculum_item_move, name="curriculum_item_move"),
    path("items/<int:pk>/remove/", views.curriculum_item_remove, name="curriculum_item_remove"),
    path("blocks/<int:pk>/edit/", views.curriculum_block_edit, name="curriculum_block_edit"),
    path("blocks/<int:pk>/delete/", views.curriculum_block_delete, name="curriculum_block_delete"),
]
