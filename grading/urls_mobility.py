from django.urls import path

from .views import mobility, recognition, summer

urlpatterns = [
    path("", mobility.mobility_list, name="mobility_list"),
    path("new/", mobility.mobility_new, name="mobility_new"),
    path("import/", mobility.mobility_import, name="mobility_import"),
    path("import/template/", mobility.mobility_import_template, name="mobility_import_template"),
    path("conversion/", mobility.ects_conversion, name="ects_conversion"),
    path("student/<int:pk>/", mobility.student_mobility, name="student_mobility"),
    path("me/", mobility.my_mobility, name="my_mobility"),
    path("recognitions/", recognition.recognition_list, name="recognition_list"),
    path("recognitions/new/", recognition.recognition_new, name="recognition_new"),
    path("recognitions/new/<int:student_id>/", recognition.recognition_new_for, name="recognition_new_for"),
    path("recognitions/<int:pk>/", recognition.recognition_detail, name="recognition_detail"),
    path("recognitions/<int:pk>/approve/", recognition.recognition_approve, name="recognition_approve"),
    path("recognitions/<int:pk>/discard/", recognition.recognition_discard, name="recognition_discard"),
    path("recognitions/<int:pk>/pdf/<str:lang>/", recognition.recognition_pdf, name="recognition_pdf"),
    path("recognitions/items/<int:item_id>/", recognition.recognition_item_edit, name="recognition_item_edit"),
    path("summer/", summer.summer_plans, name="summer_plans"),
    path("summer/confirm/", summer.summer_payments_confirm, name="summer_payments_confirm"),
]
