"""Drafting orders: the registrar's office creates a draft, adds and edits its items (RULES.md §8).

Everything here refuses a signed order. Parameters are checked for their shape at once; whether
the effect is possible (the student's status, durations, places) is decided when the order is
signed, because the student's record may change in between. `order_check` shows it beforehand.
"""

import datetime

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history

from enrollment.models import Student
from registrar.errors import DomainError
from registrar.policy import require

from ..choices import OrderType
from ..effects import EFFECTS
from ..models import Order, OrderItem
from .common import cleaned, require_draft


def _locked_draft(order: Order) -> Order:
    """The order row locked for the change: items are not added while the head signs it."""
    locked = Order.objects.select_for_update().get(pk=order.pk)
    require_draft(locked)
    return locked


def order_create(
    *,
    actor,
    order_type: str,
    order_date: datetime.date,
    effective_on: datetime.date,
    basis: str = "",
    params: dict | None = None,
) -> Order:
    """A new draft order. Cancelling orders are made from the order they cancel (`order_cancel_create`)."""
    require(actor, "order.draft")
    if order_type not in OrderType.values:
        raise DomainError(_("Unknown order type “%(type)s”.") % {"type": order_type}, field="order_type")
    if order_type == OrderType.CANCELLATION:
        raise DomainError(_("A cancelling order is created from the signed order it cancels."), field="order_type")
    values = cleaned(order_type, params, order_level=True)
    order = Order(
        order_type=order_type,
        order_date=order_date,
        effective_on=effective_on,
        basis=basis or "",
        params=values,
        created_by=actor,
    )
    order._history_user = actor
    order.save()
    return order


def order_update(
    *,
    actor,
    order: Order,
    order_date: datetime.date,
    effective_on: datetime.date,
    basis: str = "",
    params: dict | None = None,
) -> Order:
    """Change a draft's dates, basis and the defaults of its items."""
    require(actor, "order.draft", order)
    with transaction.atomic():
        locked = _locked_draft(order)
        locked.order_date = order_date
        locked.effective_on = effective_on
        locked.basis = basis or ""
        if locked.order_type != OrderType.CANCELLATION:
            locked.params = cleaned(locked.order_type, params, order_level=True)
        locked._history_user = actor
        locked.save()
    return locked


def order_delete(*, actor, order: Order) -> None:
    """Discard a draft (nothing refers to a draft; a signed order is never deleted)."""
    require(actor, "order.draft", order)
    with transaction.atomic():
        locked = _locked_draft(order)
        locked._history_user = actor
        locked.delete()


def _check_student_side(order: Order, student, params: dict) -> None:
    needs = EFFECTS[order.order_type].needs_student({**order.params, **params})
    if needs and student is None:
        raise DomainError(_("Choose the student this item concerns."), field="student")
    if not needs and student is not None:
        raise DomainError(
            _("This item enrols a new person: give the applicant's data instead of choosing a student."),
            field="student",
        )


def order_item_add(*, actor, order: Order, student: Student | None = None, params: dict | None = None) -> OrderItem:
    """Add one item: a student (most types) or an applicant's data (enrolment, transfer in)."""
    return order_items_add(actor=actor, order=order, entries=[(student, params)])[0]


def order_items_add(*, actor, order: Order, entries: list[tuple[Student | None, dict | None]]) -> list[OrderItem]:
    """Add several items at once: all of them, or none when any is refused (every reason listed)."""
    require(actor, "order.draft", order)
    with transaction.atomic():
        locked = _locked_draft(order)
        if locked.order_type == OrderType.CANCELLATION:
            raise DomainError(_("The items of a cancelling order are those of the order it cancels."))
        taken = dict(
            OrderItem.objects.filter(order=locked, student__isnull=False).values_list("student_id", "position")
        )
        position = OrderItem.objects.filter(order=locked).aggregate(m=Max("position"))["m"] or 0
        items, errors = [], []
        for student, params in entries:
            try:
                values = cleaned(locked.order_type, params, order_level=False)
                _check_student_side(locked, student, values)
            except DomainError as exc:
                errors += [_prefixed(student, m) for m in exc.errors]
                continue
            if student is not None:
                if student.pk in taken:
                    errors.append(
                        _("%(student)s is already item %(position)d of this order.")
                        % {"student": student, "position": taken[student.pk]}
                    )
                    continue
                taken[student.pk] = position + 1
            position += 1
            items.append(OrderItem(order=locked, student=student, position=position, params=values))
        if errors:
            raise DomainError(errors[0], errors=errors)
        # Admission lists have thousands of items: one INSERT for them and one for their history.
        return bulk_create_with_history(items, OrderItem, batch_size=500, default_user=actor)


def _prefixed(student, message):
    return f"{student}: {message}" if student is not None else message


def order_item_update(*, actor, item: OrderItem, params: dict | None) -> OrderItem:
    """Replace a draft item's parameters."""
    require(actor, "order.draft", item.order)
    with transaction.atomic():
        order = _locked_draft(item.order)
        values = cleaned(order.order_type, params, order_level=False)
        if order.order_type == OrderType.CANCELLATION:
            values["cancels_item"] = item.params.get("cancels_item")
        _check_student_side(order, item.student, values)
        item.params = values
        item._history_user = actor
        item.save(update_fields=["params"])
    return item


def order_item_remove(*, actor, item: OrderItem) -> None:
    """Take an item out of a draft (positions are closed up when the order is signed)."""
    require(actor, "order.draft", item.order)
    with transaction.atomic():
        _locked_draft(item.order)
        item._history_user = actor
        item.delete()


def order_bulk_create(
    *,
    actor,
    order_type: str,
    students,
    order_date: datetime.date,
    effective_on: datetime.date,
    basis: str = "",
    params: dict | None = None,
) -> Order:
    """A draft of `order_type` with one item per student (the student list's "create an order" action)."""
    students = list(students)
    if not students:
        raise DomainError(_("Select at least one student."), field="student")
    with transaction.atomic():
        order = order_create(
            actor=actor,
            order_type=order_type,
            order_date=order_date,
            effective_on=effective_on,
            basis=basis,
            params=params,
        )
        order_items_add(actor=actor, order=order, entries=[(s, None) for s in students])
    return order
