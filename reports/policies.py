"""Who may see the reports, and which faculties each one covers.

The registrar's office sees every faculty; a dean's office sees its own faculties only (the
faculties of its `DeanOfficeMember` rows, as everywhere else: `enrollment.policies.dean_faculty_ids`)
and is refused (403) when a filter names another faculty or a programme of one; everyone else is
refused.
"""

from django.core.exceptions import PermissionDenied

from enrollment.policies import dean_faculty_ids
from registrar.policy import rule
from registrar.roles import OFFICE_ROLES, Role


@rule("reports.view")
def _reports_view(user, obj):
    """Reports and statistical forms: the registrar's office and deans' offices (their faculties)."""
    return user.has_role(*OFFICE_ROLES, Role.DEAN_OFFICE)


def report_faculty_ids(user, *, faculty=None, programme=None) -> list[int] | None:
    """The faculties a report for `user` covers: None for "every faculty".

    `faculty` / `programme` are the objects the filter names (or None). A dean's office naming a
    faculty that is not its own, or a programme of such a faculty, is refused with PermissionDenied;
    the caller's filter then narrows further.
    """
    own = dean_faculty_ids(user)
    wanted = getattr(faculty, "pk", faculty)
    if own is not None:
        if wanted is not None and wanted not in own:
            raise PermissionDenied("reports.view")
        if programme is not None and programme.faculty_id not in own:
            raise PermissionDenied("reports.view")
        return sorted(own) if wanted is None else [wanted]
    return None if wanted is None else [wanted]
