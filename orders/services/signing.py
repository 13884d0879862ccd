"""Signing an order: every item is checked, then all effects are applied in one transaction.

Locks are taken in one fixed order, so two signings never wait for each other in a circle:
the order row, the number counter of its type and year, then the students' rows by id. A second
order touching the same students waits for the first to commit and is then checked against the
students as the first left them (a leave for someone the first order just expelled is refused).
A wait longer than LOCK_TIMEOUT refuses the signing with a message instead of hanging the page.
"""

from django.db import IntegrityError, OperationalError, connection, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from enrollment.models import StatusChange, Student
from registrar.errors import DomainError
from registrar.policy import require
from registrar.selectors import university_settings

from ..choices import OrderStatus, OrderType
from ..effects import EFFECTS, Batch, ItemContext, load_refs
from ..models import Order, OrderNumberCounter
from ..params import clean_params
from ..rules import format_order_number, number_pattern_errors

LOCK_TIMEOUT = "10s"


def _item_label(item, student) -> str:
    return str(student) if student is not None else (item.applicant_name or "—")


def _batch(order, contexts) -> Batch:
    batch = Batch()
    iins = [c.params["iin"] for c in contexts if c.student is None and c.params.get("iin")]
    numbers = [c.params["student_number"] for c in contexts if c.student is None and c.params.get("student_number")]
    for value in iins:
        batch.iin_counts[value] = batch.iin_counts.get(value, 0) + 1
    for value in numbers:
        batch.number_counts[value] = batch.number_counts.get(value, 0) + 1
    if iins:
        batch.existing_iins = set(Student.objects.filter(iin__in=set(iins)).values_list("iin", flat=True))
    if numbers:
        batch.existing_numbers = set(
            Student.objects.filter(student_number__in=set(numbers)).values_list("student_number", flat=True)
        )
    student_ids = [c.student.pk for c in contexts if c.student is not None]
    if student_ids:
        # The latest change of each student: ordered newest first, the first row per student wins.
        for change in StatusChange.objects.filter(student_id__in=student_ids).order_by(
            "student_id", "-effective_on", "-id"
        ):
            batch.last_changes.setdefault(change.student_id, change)
    if order.order_type == OrderType.CANCELLATION:
        cancelled = [c.params.get("cancels_item") for c in contexts]
        batch.changes_by_item = {
            change.order_item_id: change for change in StatusChange.objects.filter(order_item_id__in=cancelled)
        }
    return batch


def _order_errors(order, items) -> list[str]:
    errors = []
    if not items:
        errors.append(_("The order has no items."))
    errors += number_pattern_errors(university_settings().order_number_pattern)
    if order.order_type == OrderType.CANCELLATION:
        target = order.cancels
        if target.status != OrderStatus.SIGNED:
            errors.append(_("Only a signed order can be cancelled."))
        elif Order.objects.filter(cancels=target, status=OrderStatus.SIGNED).exclude(pk=order.pk).exists():
            errors.append(_("Order %(number)s is already cancelled.") % {"number": target.number})
    return errors


def validate(order, items, students: dict, actor=None) -> tuple[list[ItemContext], list[str]]:
    """The contexts of the items and every reason the order cannot be signed (empty: it can)."""
    effect = EFFECTS[order.order_type]
    errors = _order_errors(order, items)
    contexts, param_errors = [], {}
    for item in items:
        params, problems = clean_params(order.order_type, order.item_params(item), check_required=True)
        param_errors[item.pk] = [message for _name, message in problems]
        contexts.append(ItemContext(order, item, params, students.get(item.student_id), None, None, actor=actor))
    refs = load_refs([c.params for c in contexts], [c.student for c in contexts if c.student is not None])
    batch = _batch(order, contexts)
    for ctx in contexts:
        ctx.refs, ctx.batch = refs, batch
        reasons = param_errors[ctx.item.pk]
        if not reasons:
            effect.prepare(ctx)
            reasons = effect.check(ctx)
        if reasons:
            errors.append(
                _("Item %(position)d (%(name)s): %(reasons)s")
                % {
                    "position": ctx.item.position,
                    "name": _item_label(ctx.item, ctx.student),
                    "reasons": " ".join(str(r) for r in reasons),
                }
            )
    return contexts, errors


def _items(order):
    return list(order.items.order_by("position", "pk"))


def order_check(order: Order) -> list[str]:
    """What would refuse the signing now (shown on the draft's page; nothing is locked or written)."""
    if order.status != OrderStatus.DRAFT:
        return []
    items = _items(order)
    ids = {i.student_id for i in items if i.student_id}
    students = Student.objects.select_related("programme", "group").in_bulk(ids)
    return validate(order, items, students)[1]


def _lock_timeout() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}'")


def _is_lock_conflict(exc: Exception) -> bool:
    code = getattr(exc.__cause__, "sqlstate", None)
    return code in ("55P03", "40P01", "40001")  # lock not available, deadlock, serialization failure


def order_sign(*, actor, order: Order) -> Order:
    """Sign a draft (the head): check every item, number the order, apply every effect; all or nothing.

    Refuses with a DomainError listing each impossible item and its reason.
    """
    require(actor, "order.sign", order)
    try:
        with transaction.atomic():
            signed = _sign(actor, order)
    except OperationalError as exc:
        if not _is_lock_conflict(exc):
            raise
        raise DomainError(
            _(
                "The students of this order are being changed by another order signed at this moment. "
                "Try again in a minute."
            )
        ) from exc
    except IntegrityError as exc:
        # A unique value taken by another order signed at the same time (an IIN, a student number).
        raise DomainError(
            _("Another order signed at the same time took a value this order needs (%(error)s). Check and sign again.")
            % {"error": exc}
        ) from exc
    return signed


def _sign(actor, order: Order) -> Order:
    _lock_timeout()
    locked = Order.objects.select_for_update(of=("self",)).select_related("cancels").get(pk=order.pk)
    if locked.status != OrderStatus.DRAFT:
        raise DomainError(_("Order %(number)s is already signed.") % {"number": locked.number})
    year = locked.order_date.year
    counter, _created = OrderNumberCounter.objects.select_for_update().get_or_create(
        order_type=locked.order_type, year=year
    )
    items = _items(locked)
    ids = sorted({i.student_id for i in items if i.student_id})
    students = {
        s.pk: s
        for s in Student.objects.select_for_update(of=("self",))
        .filter(pk__in=ids)
        .select_related("programme", "group")
        .order_by("pk")
    }
    contexts, errors = validate(locked, items, students, actor)
    if errors:
        raise DomainError(
            _("Order cannot be signed: %(count)d problem(s) found.") % {"count": len(errors)}, errors=errors
        )
    sequence = _next_sequence(counter, locked.order_type, year)
    number = format_order_number(
        university_settings().order_number_pattern, n=sequence, order_type=locked.order_type, year=year
    )
    _close_up_positions(items)
    effect = EFFECTS[locked.order_type]
    for ctx in contexts:
        ctx.number = number
        ctx.item.result = effect.apply(ctx)
        ctx.item.student = ctx.student
    type(items[0]).objects.bulk_update(items, ["result", "student"], batch_size=500)
    counter.last_number = sequence
    counter.save(update_fields=["last_number"])
    locked.status = OrderStatus.SIGNED
    locked.year, locked.sequence, locked.number = year, sequence, number
    locked.signed_by, locked.signed_at = actor, timezone.now()
    locked._history_user = actor
    locked.save()
    return locked


def _next_sequence(counter, order_type, year) -> int:
    """The next number of the type in the year; never below a number already given (orders from the admin)."""
    taken = (
        Order.objects.filter(Q(order_type=order_type, year=year), sequence__isnull=False)
        .order_by("-sequence")
        .values_list("sequence", flat=True)
        .first()
    )
    return max(counter.last_number, taken or 0) + 1


def _close_up_positions(items) -> None:
    """Positions 1..n without gaps left by removed items; ascending, so each target place is free."""
    for index, item in enumerate(items, start=1):
        if item.position != index:
            type(item).objects.filter(pk=item.pk).update(position=index)
            item.position = index
