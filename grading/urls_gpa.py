from django.urls import path

from .views import gpa, session

urlpatterns = [
    path("my/", gpa.my_grades, name="my_grades"),
    path("students/<int:pk>/", gpa.student_grades, name="student_grades"),
    path("rating/", gpa.rating_list, name="rating_list"),
    path("recompute/", gpa.gpa_recompute_all, name="gpa_recompute"),
    path("promotion/", gpa.promotion_list, name="promotion_list"),
    path("honours/", gpa.honours_list, name="honours_list"),
    path("analysis/", session.session_analysis, name="session_analysis"),
    path("debtors/", session.debtor_list, name="debtor_list"),
]
