"""Registers the calendar part's menu entries, dashboard panels and demo seeder (called from AppConfig.ready)."""

from django.utils.translation import gettext_lazy as _

from registrar import dashboard, navigation
from registrar.demo import register_seeder


def _calendar_panel(request):
    from . import selectors_calendar

    # Everyone sees every scope here, each labelled; issue 4 narrows it to a student's own scope.
    return {"title": _("Academic calendar"), **selectors_calendar.open_and_upcoming()}


def _seed(ctx):
    from .demo_calendar import seed_calendar

    seed_calendar(ctx)


def setup():
    navigation.add(
        navigation.NavItem(_("Academic calendar"), "calendar", "calendar.view", section="", order=200),
        navigation.NavItem(
            _("Academic years"), "academic_year_list", "academics.manage", section=_("Academic structure"), order=290
        ),
    )
    dashboard.add(
        dashboard.Panel(
            "calendar", "academics/calendar/panel.html", "calendar.view", _calendar_panel, order=15, width=8
        )
    )
    register_seeder(25, "calendar", _seed)
