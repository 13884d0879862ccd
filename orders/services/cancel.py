"""Cancelling a signed order: a new order whose items revert the cancelled one's (RULES.md §8)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registrar.errors import DomainError
from registrar.policy import require

from ..choices import OrderStatus, OrderType
from ..models import Order, OrderItem


def order_cancel_create(*, actor, order: Order, basis: str) -> Order:
    """A draft cancelling `order`: one item per item of it, each reverting that item's change.

    The head signs it like any order; signing refuses items whose student has a later change.
    """
    require(actor, "order.draft", order)
    with transaction.atomic():
        # The cancelled order's row is locked so that two cancellations of it are not drafted at once.
        order = Order.objects.select_for_update().get(pk=order.pk)
        _check_cancellable(order, basis)
        cancellation = Order(
            order_type=OrderType.CANCELLATION,
            order_date=timezone.localdate(),
            effective_on=order.effective_on,
            basis=basis.strip(),
            cancels=order,
            created_by=actor,
        )
        cancellation._history_user = actor
        cancellation.save()
        items = [
            OrderItem(order=cancellation, student_id=item.student_id, position=n, params={"cancels_item": item.pk})
            for n, item in enumerate(order.items.filter(student__isnull=False).order_by("position"), start=1)
        ]
        OrderItem.objects.bulk_create(items, batch_size=500)
    return cancellation


def _check_cancellable(order: Order, basis: str) -> None:
    if order.status != OrderStatus.SIGNED:
        raise DomainError(_("Only a signed order can be cancelled; a draft is simply deleted."))
    if order.order_type == OrderType.CANCELLATION:
        raise DomainError(_("A cancelling order cannot itself be cancelled; issue the order again instead."))
    if not (basis or "").strip():
        raise DomainError(_("Give the basis of the cancellation."), field="basis")
    existing = order.cancellations.first()
    if existing is not None:
        if existing.status == OrderStatus.SIGNED:
            raise DomainError(_("Order %(number)s is already cancelled.") % {"number": order.number})
        raise DomainError(_("A draft cancelling this order already exists (draft #%(pk)s).") % {"pk": existing.pk})
