"""Registers the curricula part's menu entries, dashboard panels and demo seeder (called from AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from registrar import dashboard, navigation
from registrar.demo import register_seeder

SECTION = _("Academic structure")


def _panel(request):
    """Drafts waiting for work or approval, and how far this year's intake is covered: 2 queries."""
    from django.db.models import Count, Q
    from django.utils import timezone

    from registrar.dates import academic_year_of

    from .models import Curriculum

    year = academic_year_of(timezone.localdate())
    counts = Curriculum.objects.aggregate(
        draft=Count("pk", filter=Q(status="draft")),
        approved_this_year=Count("pk", filter=Q(status="approved", intake_year=year)),
    )
    drafts = Curriculum.objects.filter(status="draft").select_related("programme").order_by("-created_at")[:5]
    return {"title": _("Curricula"), "counts": counts, "year": year, "drafts": list(drafts)}


def setup():
    from .demo_curricula import seed_curricula

    navigation.add(
        navigation.NavItem(_("Curricula"), "curriculum_list", "academics.view", section=SECTION, order=230),
        navigation.NavItem(_("Elective catalogue"), "elective_catalogue", "academics.view", section=SECTION, order=240),
    )
    dashboard.add(
        dashboard.Panel("curricula", "academics/curricula/panel.html", "academics.manage", _panel, order=45, width=6)
    )
    register_seeder(30, "curricula", seed_curricula)
