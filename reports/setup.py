"""Menu entries and the dashboard panel of the reports (called from ReportsConfig.ready())."""

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from registrar import dashboard, navigation

SECTION = _("Reports")
PANEL_CACHE_SECONDS = 300

# The reports of the index page, in the menu's order: (url name, title, what it shows).
REPORTS = (
    ("reports_dashboard", _("Registrar's dashboard"),
     _("Headline figures of the student body and their trend over the last academic years.")),
    ("reports_body", _("Student body on a date"),
     _("By faculty, programme and year of study; study form, funding, language, sex and citizenship; subtotals "
       "and totals. xlsx.")),
    ("reports_movement", _("Movement of the student body"),
     _("Enrolled, transferred, reinstated, returned, on leave, expelled by ground, graduated, promoted and repeat "
       "year between two dates, with balances that reconcile. xlsx.")),
    ("reports_stat_form", _("Statistical form 3-NK"),
     _("Students by group of programmes and year of study, by study form, funding, sex and language, in Kazakh "
       "and Russian. xlsx and PDF.")),
    ("reports_summary", _("Summary sheet of a group"),
     _("The students of a group × the disciplines of a term with letters, the term GPA and debts. xlsx and PDF.")),
    ("reports_session", _("Session results"),
     _("Absolute progress and quality by faculty, programme, group and teacher; debtors by discipline; grade "
       "distribution. xlsx.")),
    ("reports_orders", _("Register of orders"), _("Signed orders of a period with their students, by type. xlsx.")),
    ("reports_load", _("Teacher load"), _("Planned hours per teacher and department in a term. xlsx.")),
)  # fmt: skip


def _panel(request):
    """Headline figures of the student body for the registrar's dashboard (its faculties for a dean's
    office), cached for a few minutes: on a large university they read the whole status history."""
    from django.utils import timezone

    from enrollment.policies import dean_faculty_ids

    from .selectors_dashboard import headline

    faculties = dean_faculty_ids(request.user)
    today = timezone.localdate()
    scope = "all" if faculties is None else "-".join(str(pk) for pk in sorted(faculties)) or "none"
    key = f"reports:headline:{today.isoformat()}:{scope}:{request.LANGUAGE_CODE}"
    figures = cache.get(key)
    if figures is None:
        figures = headline(today, faculty_ids=None if faculties is None else sorted(faculties))
        cache.set(key, figures, PANEL_CACHE_SECONDS)
    return {"title": _("Student body"), "headline": figures}


def setup():
    navigation.add(
        navigation.NavItem(_("All reports"), "reports_index", "reports.view", section=SECTION, order=900),
        *(
            navigation.NavItem(title, name, "reports.view", section=SECTION, order=901 + i)
            for i, (name, title, _help) in enumerate(REPORTS)
        ),
    )
    dashboard.add(dashboard.Panel("reports_headline", "reports/panel.html", "reports.view", _panel, order=50, width=6))
