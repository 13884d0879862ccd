"""Cancelling a signed order: each of its students goes back to the state before that order's item.

History is never rewritten: the cancellation is a new status change (movement CANCELLED) dated
like the change it reverts, so the state on any later date is the state before the cancelled
order. It is refused when the student has a later change, which the reverting would overwrite.
"""

import datetime

from django.utils.translation import gettext as _

from enrollment.choices import Movement, StudentStatus
from enrollment.models import TRACKED_FIELDS

from .base import Effect, ItemContext, d

DATE_FIELDS = frozenset({"leave_until"})


def restore_changes(before: dict) -> dict:
    """The tracked values to write back from a change's `before` snapshot.

    A change that created the student (enrolment, transfer in) has no `before`: the record stays
    (nothing a document refers to is deleted) and leaves the student body with no group.
    """
    if not before:
        return {"status": StudentStatus.EXPELLED, "leave_until": None, "group_id": None}
    changes = {}
    for name in TRACKED_FIELDS:
        if name in before:
            value = before[name]
            if name in DATE_FIELDS and value:
                value = datetime.date.fromisoformat(value)
            changes[name] = value
    return changes


class Cancellation(Effect):
    movement = Movement.CANCELLED
    statuses = tuple(StudentStatus)
    refuses_backdating = False  # its own check names the later change that would be overwritten

    def _change(self, ctx: ItemContext):
        return ctx.batch.changes_by_item.get(ctx.params.get("cancels_item"))

    def prepare(self, ctx):
        change = self._change(ctx)
        if change is not None:
            ctx.params["effective_on"] = change.effective_on.isoformat()

    def check_student(self, ctx, student):
        change = self._change(ctx)
        if change is None or change.student_id != student.pk:
            return [_("The cancelled order has no applied change for this student.")]
        last = ctx.batch.last_changes.get(student.pk)
        if last is not None and last.pk != change.pk:
            return [
                _(
                    "A later change of the student (%(movement)s, in force from %(date)s, order %(number)s) "
                    "would be overwritten; cancel that order first."
                )
                % {"movement": last.get_movement_display(), "date": d(last.effective_on), "number": last.order_number}
            ]
        return []

    def apply(self, ctx):
        change = self._change(ctx)
        return self.change(ctx, restore_changes(change.before), cancels_change=change.pk)
