from django.urls import path

from .views import advising, plans

urlpatterns = [
    path("", plans.my_plan, name="my_plan"),
    path("plan/<int:plan_id>/add/", plans.plan_item_add, name="plan_item_add"),
    path("item/<int:item_id>/section/", plans.plan_item_section, name="plan_item_section"),
    path("item/<int:item_id>/remove/", plans.plan_item_remove, name="plan_item_remove"),
    path("plan/<int:plan_id>/submit/", plans.plan_submit, name="plan_submit"),
    path("plan/<int:plan_id>/withdraw/", plans.plan_withdraw, name="plan_withdraw"),
    path("advisees/", advising.advisee_plans, name="advisee_plans"),
    path("advisees/approve/", advising.plans_bulk_approve, name="plans_bulk_approve"),
    path("review/<int:plan_id>/", advising.plan_review, name="plan_review"),
    path("review/<int:plan_id>/approve/", advising.plan_approve, name="plan_approve"),
    path("review/<int:plan_id>/return/", advising.plan_return, name="plan_return"),
]
