from django.urls import include, path

urlpatterns = [
    path("", include("academics.urls_structure")),
    path("curricula/", include("academics.urls_curricula")),
    path("calendar/", include("academics.urls_calendar")),
]
