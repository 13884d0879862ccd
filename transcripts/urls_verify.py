"""Public: the address printed under the QR code of every issued document (no login)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.verify_start, name="verify_start"),
    path("<str:code>/", views.verify_document, name="verify_document"),
]
