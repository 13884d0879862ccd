from django.urls import path

from .views import corrections, documents, entry, imports, sheets

urlpatterns = [
    path("sheets/", sheets.sheet_list, name="sheet_list"),
    path("sheets/create/", sheets.sheets_create, name="sheets_create"),
    path("sheets/<int:pk>/", sheets.sheet_detail, name="sheet_detail"),
    path("sheets/<int:pk>/cell/", entry.sheet_cell, name="sheet_cell"),
    path("sheets/<int:pk>/submit/", sheets.sheet_submit, name="sheet_submit"),
    path("sheets/<int:pk>/reopen/", sheets.sheet_reopen, name="sheet_reopen"),
    path("sheets/<int:pk>/close/", sheets.sheet_close, name="sheet_close"),
    path("sheets/<int:pk>/pdf/", documents.sheet_pdf, name="sheet_pdf"),
    path("sheets/<int:pk>/import/", imports.sheet_import, name="sheet_import"),
    path("sheets/<int:pk>/import/template/", imports.sheet_import_template, name="sheet_import_template"),
    path("sheets/<int:pk>/rows/<int:row_pk>/correction/", corrections.correction_request, name="correction_request"),
    path("corrections/", corrections.correction_list, name="correction_list"),
    path("corrections/<int:pk>/decide/", corrections.correction_decide, name="correction_decide"),
]
