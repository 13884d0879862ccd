"""Registers the GPA pages: policies, menu entries, dashboard panels and the demo step that computes
the GPA of the demo's results (called from GradingConfig.ready())."""

from django.core.cache import cache
from django.utils.translation import gettext_lazy as _

from registrar import dashboard, navigation
from registrar.demo import register_seeder

from . import policies_gpa  # noqa: F401  (registers the rules)

SECTION = _("Grading")  # the same menu section as the sheets
PANEL_CACHE_SECONDS = 300


def _my_gpa_panel(request):
    """The student's cumulative GPA, credits earned and latest term GPA. Two queries (three with terms)."""
    from academics.models import Term
    from enrollment.policies import own_student

    from .selectors_gpa import student_gpa_summary

    summary = student_gpa_summary(own_student(request.user))
    latest = None
    if summary.terms:
        term = Term.objects.filter(pk__in=summary.terms).select_related("academic_year").order_by("-starts_on")[0]
        latest = {"term": term, "gpa": summary.terms[term.pk].gpa}
    return {"title": _("My GPA"), "summary": summary, "latest": latest}


def _session_panel(request):
    """Progress and quality of the latest term with results: per faculty for the office, per programme
    for a dean's office (its own faculties), as an inline SVG chart. Cached for a few minutes per term
    and set of faculties: on a large university the counting reads a whole session's results."""
    from enrollment.policies import dean_faculty_ids

    from .analysis import session_analysis, session_terms
    from .views.session import chart_rows

    term = session_terms().first()
    if term is None:
        return {"title": _("Session results"), "term": None}
    faculties = dean_faculty_ids(request.user)
    by = "faculty" if faculties is None else "programme"
    key = f"grading:session-panel:{term.pk}:{by}:{sorted(faculties or [])}:{request.LANGUAGE_CODE}"
    result = cache.get(key)
    if result is None:
        result = session_analysis(request.user, term, by)
        cache.set(key, result, PANEL_CACHE_SECONDS)
    return {
        "title": _("Session results"),
        "term": term,
        "result": result,
        "chart": chart_rows(result.lines),
        "chart_height": 20 + 34 * len(result.lines),
    }


def _seed_gpa(ctx):
    from .services.gpa import gpa_recompute

    ctx.log(f"GPA: {gpa_recompute()} values computed")


def setup():
    from registrar.services import register_settings_listener

    from .services.gpa import gpa_settings_changed

    # A change of the GPA options recomputes every student's GPA (after commit).
    register_settings_listener(gpa_settings_changed)
    navigation.add(
        navigation.NavItem(_("My grades"), "my_grades", "gpa.own", section="", order=120),
        navigation.NavItem(_("Academic rating"), "rating_list", "standing.view", section=SECTION, order=520),
        navigation.NavItem(_("Promotion list"), "promotion_list", "standing.view", section=SECTION, order=525),
        navigation.NavItem(_("Diploma with honours"), "honours_list", "standing.view", section=SECTION, order=530),
        navigation.NavItem(_("Session analysis"), "session_analysis", "standing.view", section=SECTION, order=535),
        navigation.NavItem(_("Academic debts"), "debtor_list", "standing.view", section=SECTION, order=540),
    )
    dashboard.add(
        dashboard.Panel("my_gpa", "grading/gpa/panel_student.html", "gpa.own", _my_gpa_panel, order=16, width=4),
        dashboard.Panel(
            "session_results", "grading/gpa/panel_session.html", "standing.view", _session_panel, order=55, width=6
        ),
    )
    # After every seeder that may write results (sheets, mobility, recognition), so the demo shows GPAs.
    register_seeder(95, "gpa", _seed_gpa)
