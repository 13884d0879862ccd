from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.document_list, name="document_list"),
    path("issue/", views.document_issue, name="document_issue"),
    path("<int:pk>/", views.document_detail, name="document_detail"),
    path("<int:pk>/pdf/", views.document_pdf, name="document_pdf"),
    path("<int:pk>/duplicate/", views.document_duplicate, name="document_duplicate"),
    path("<int:pk>/revoke/", views.document_revoke, name="document_revoke"),
    path("<int:pk>/national-number/", views.document_national_number, name="document_national_number"),
    path("student/<int:pk>/", views.student_documents, name="student_documents"),
    path("student/<int:pk>/transcript/<str:language>/", views.unofficial_transcript, name="unofficial_transcript"),
    path("requests/", views.certificate_requests, name="certificate_requests"),
    path("requests/<int:pk>/issue/", views.certificate_request_issue, name="certificate_request_issue"),
    path("requests/<int:pk>/refuse/", views.certificate_request_refuse, name="certificate_request_refuse"),
    path("my/", views.my_documents, name="my_documents"),
    path("blanks/", include("transcripts.urls_blanks")),
    path("graduation/", include("transcripts.urls_graduation")),
]
