from django.urls import path

from . import views_blanks

urlpatterns = [
    path("", views_blanks.blank_list, name="blank_list"),
    path("receive/", views_blanks.blank_receive, name="blank_receive"),
    path("report/", views_blanks.blank_report, name="blank_report"),
    path("<int:pk>/", views_blanks.blank_detail, name="blank_detail"),
    path("<int:pk>/spoil/", views_blanks.blank_spoil, name="blank_spoil"),
]
