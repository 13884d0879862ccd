from django.urls import path

from . import views_accounts as accounts
from . import views_admissions as admissions

urlpatterns = [
    path("", admissions.admission_upload, name="admission_upload"),
    path("template.xlsx", admissions.admission_template, name="admission_template"),
    path("accounts/", accounts.account_students, name="account_students"),
    path("accounts/staff/", accounts.account_staff, name="account_staff"),
    path("accounts/staff/generate/", accounts.account_staff_generate, name="account_staff_generate"),
]
