"""Registers the registrar's side of course registration: menu entries, the dashboard panel and the
demo seeder (called from EnrollmentConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from registrar import dashboard, navigation
from registrar.demo import register_seeder

REGISTRATION = _("Course registration")
DEMO_ORDER = 60  # after the student body (50): plans need students, curricula and the calendar


def _progress_panel(request):
    """The registration term's plans by status (a dean's office: its faculties). Three queries."""
    from django.urls import reverse

    from . import selectors_registration as selectors
    from .policies import dean_faculty_ids

    term = selectors.registration_term()
    rows = []
    if term is not None:
        counts = selectors.status_counts(term, faculty_ids=dean_faculty_ids(request.user))
        url = reverse("registration_office_students")
        rows = [
            {
                "status": s,
                "label": selectors.column_label(s),
                "count": counts[s],
                "colour": selectors.COLOURS[s][0],
                "url": f"{url}?term={term.pk}&state={s}",
            }
            for s in selectors.COLUMNS
        ]
    return {"title": _("Registration progress"), "term": term, "rows": rows}


def _seed_registration(ctx):
    from .demo_registration import seed_registration

    seed_registration(ctx)


def setup():
    navigation.add(
        navigation.NavItem(
            _("Registration progress"), "registration_office", "registration.progress", section=REGISTRATION, order=405
        ),
        navigation.NavItem(
            _("Students and their plans"),
            "registration_office_students",
            "registration.progress",
            section=REGISTRATION,
            order=406,
        ),
        navigation.NavItem(
            _("Rule overrides"),
            "registration_office_overrides",
            "registration.progress",
            section=REGISTRATION,
            order=407,
        ),
        navigation.NavItem(
            _("Lock study plans"),
            "registration_office_lock_default",
            "registration.manage",
            section=REGISTRATION,
            order=408,
        ),
    )
    dashboard.add(
        dashboard.Panel(
            "registration_progress",
            "enrollment/registration_office/panel.html",
            "registration.progress",
            _progress_panel,
            order=27,
            width=4,
        )
    )
    register_seeder(DEMO_ORDER, "registration", _seed_registration)
