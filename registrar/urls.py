from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from . import views, views_notices
from .forms import LoginForm
from .policy import PUBLIC, declare

admin.site.site_header = admin.site.site_title = "Registrar"

urlpatterns = [
    path("", views.dashboard_view, name="dashboard"),
    path("healthz", views.healthz, name="healthz"),
    path(
        "login/",
        declare(PUBLIC, auth_views.LoginView.as_view(authentication_form=LoginForm, redirect_authenticated_user=True)),
        name="login",
    ),
    path("logout/", declare(PUBLIC, auth_views.LogoutView.as_view()), name="logout"),
    path("password/", views.password_change, name="password_change"),
    path("language/", views.language_set, name="language_set"),
    path("account/", views.account, name="account"),
    path("notices/", views_notices.notices, name="notices"),
    path("settings/", views.settings_view, name="settings"),
    path("settings/edit/", views.settings_edit, name="settings_edit"),
    path("users/", views.user_list, name="user_list"),
    path("users/<int:pk>/", views.user_detail, name="user_detail"),
    path("users/<int:pk>/reset-password/", views.user_reset_password, name="user_reset_password"),
    path("academics/", include("academics.urls")),
    path("admissions/", include("orders.urls_admissions")),
    path("students/", include("enrollment.urls")),
    path("registration/", include("enrollment.urls_registration")),
    path("registration/office/", include("enrollment.urls_registration_office")),
    path("sections/", include("enrollment.urls_sections")),
    path("grading/", include("grading.urls_sheets")),
    path("grading/gpa/", include("grading.urls_gpa")),
    path("grading/mobility/", include("grading.urls_mobility")),
    path("orders/", include("orders.urls")),
    path("documents/", include("transcripts.urls")),
    path("verify/", include("transcripts.urls_verify")),
    path("timetable/", include("scheduling.urls")),
    path("reports/", include("reports.urls")),
    path("admin/", admin.site.urls),
]
