"""Registers the admissions part's menu entries and the demo student body (called from OrdersConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from registrar import navigation
from registrar.demo import register_seeder

STUDENT_BODY = _("Student body")


def _seed_students(ctx):
    from .demo_students import seed_students

    seed_students(ctx)


def setup():
    navigation.add(
        navigation.NavItem(_("Admission lists"), "admission_upload", "student.manage", section=STUDENT_BODY, order=340),
        navigation.NavItem(_("Accounts"), "account_students", "student.manage", section=STUDENT_BODY, order=345),
    )
    register_seeder(50, "students", _seed_students)
