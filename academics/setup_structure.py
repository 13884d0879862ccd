"""Registers the structure part's menu entries, dashboard panels and demo seeder (called from AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from registrar import dashboard, navigation
from registrar.demo import register_seeder

SECTION = _("Academic structure")


def structure_counts() -> dict:
    """Figures of the office's dashboard panel: six aggregate queries, whatever the size."""
    from django.db.models import F

    from .models import Department, Discipline, Faculty, Programme, Teacher
    from .services.structure import settings_limits

    per_credit = settings_limits()["hours_per_credit"]
    total_hours = F("hours_lecture") + F("hours_practice") + F("hours_lab") + F("hours_self_with_teacher")
    return {
        "faculties": Faculty.objects.count(),
        "departments": Department.objects.count(),
        "programmes": Programme.objects.filter(is_active=True).count(),
        "disciplines": Discipline.objects.filter(is_active=True).count(),
        "teachers": Teacher.objects.filter(is_active=True).count(),
        "hours_mismatch": Discipline.objects.alias(hours=total_hours + F("hours_self"))
        .exclude(hours=F("credits") * per_credit)
        .count(),
    }


def _panel(request):
    return {"title": _("Academic structure"), "counts": structure_counts()}


def _seed(ctx):
    from .demo_structure import seed_structure

    seed_structure(ctx)


def setup():
    navigation.add(
        navigation.NavItem(_("Faculties"), "faculty_list", "academics.view", section=SECTION, order=201),
        navigation.NavItem(_("Departments"), "department_list", "academics.view", section=SECTION, order=202),
        navigation.NavItem(_("Teachers"), "teacher_list", "academics.view", section=SECTION, order=203),
        navigation.NavItem(_("Educational programmes"), "programme_list", "academics.view", section=SECTION, order=204),
        navigation.NavItem(_("Discipline catalogue"), "discipline_list", "academics.view", section=SECTION, order=205),
        navigation.NavItem(
            _("Import the discipline catalogue"), "discipline_import", "academics.manage", section=SECTION, order=206
        ),
    )
    dashboard.add(
        dashboard.Panel("structure", "academics/structure/panel.html", "academics.manage", _panel, order=40, width=6)
    )
    register_seeder(20, "structure", _seed)
