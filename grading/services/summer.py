"""The summer term (RULES.md §3): paid, at least six weeks, not for final-year students, for academic
debts, academic difference and re-study to raise GPA, with a credit cap per student.

Registration itself is the study-plan services of `enrollment.services.registration` on a summer
`Term` (summer cap, final-year refusal, only retakes, difference and re-study). What this module adds is
the payment: the office confirms each student's payment on their summer plan, and only students whose
payment is confirmed are listed on the summer sheets (`grading.services.sheets.sheets_create_for_term`).
A re-study or retake result in the summer is a new attempt in the record (the summer sheet closes
through `results_record`); GPA counts the latest attempt by default.
"""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from academics.choices import TermKind
from enrollment.choices import PlanStatus
from enrollment.models import StudyPlan
from registrar.errors import DomainError
from registrar.policy import require

PAYABLE = (PlanStatus.SUBMITTED, PlanStatus.APPROVED, PlanStatus.LOCKED)
REFERENCE_MAX = 60


def _clean_reference(reference: str) -> str:
    reference = (reference or "").strip()
    if not reference:
        raise DomainError(_("Give the payment reference (receipt or bank statement number)."), field="reference")
    if len(reference) > REFERENCE_MAX:
        raise DomainError(
            _("The payment reference is at most %(n)s characters.") % {"n": REFERENCE_MAX}, field="reference"
        )
    return reference


def summer_payment_confirm(*, plan: StudyPlan, reference: str, actor) -> StudyPlan:
    """Record that the student paid for their summer plan (the office, with the receipt reference)."""
    require(actor, "summer.payment")
    reference = _clean_reference(reference)
    with transaction.atomic():
        plan = (
            StudyPlan.objects.select_for_update(of=("self",))
            .select_related("student", "term__academic_year")
            .get(pk=plan.pk)
        )
        if plan.term.kind != TermKind.SUMMER:
            raise DomainError(_("Only a summer-term plan is paid for."))
        if plan.payment_confirmed_at is not None:
            raise DomainError(
                _("The payment of %(student)s is already confirmed (%(reference)s).")
                % {"student": plan.student, "reference": plan.payment_reference}
            )
        if plan.status not in PAYABLE:
            raise DomainError(
                _("The plan of %(student)s is %(status)s; it must be submitted or approved first.")
                % {"student": plan.student, "status": plan.get_status_display()}
            )
        if not plan.items.exists():
            raise DomainError(_("The plan of %(student)s is empty: nothing to pay for.") % {"student": plan.student})
        plan.payment_confirmed_at = timezone.now()
        plan.payment_reference = reference
        plan.save(update_fields=["payment_confirmed_at", "payment_reference", "updated_at"])
        return plan


def summer_payments_confirm_bulk(*, plans, reference: str, actor) -> tuple[list[StudyPlan], dict[int, str]]:
    """Confirm each ticked plan with one reference (e.g. a bank statement); each plan is its own
    transaction, refusals are reported per plan and the others are confirmed."""
    require(actor, "summer.payment")
    reference = _clean_reference(reference)
    confirmed, refused = [], {}
    for plan in plans:
        try:
            confirmed.append(summer_payment_confirm(plan=plan, reference=reference, actor=actor))
        except DomainError as exc:
            refused[plan.pk] = str(exc.message)
    return confirmed, refused
