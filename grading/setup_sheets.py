"""Registers the sheet pages' menu entries, dashboard panel and the demo sheets (called from
GradingConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from registrar import dashboard, navigation
from registrar.demo import register_seeder

SECTION = _("Grading")


def _panel(request):
    """Sheets by status among those the user sees (the office: awaiting closing), and for the head the
    corrections awaiting approval. Two queries."""
    from .selectors_sheets import panel_counts

    return {"title": _("Exam-rating sheets"), "is_office": request.user.is_office, **panel_counts(request.user)}


def setup():
    navigation.add(
        navigation.NavItem(_("Exam-rating sheets"), "sheet_list", "sheet.list", section=SECTION, order=500),
        navigation.NavItem(_("Corrections"), "correction_list", "correction.decide", section=SECTION, order=505),
    )
    dashboard.add(
        dashboard.Panel("sheets", "grading/sheets/panel.html", "sheet.list", _panel, order=50, width=4),
    )
    # After registration (60), mobility and recognition (75); before the GPA step (95).
    register_seeder(80, "sheets", _seed)


def _seed(ctx):
    from .demo_sheets import seed_sheets

    seed_sheets(ctx)
