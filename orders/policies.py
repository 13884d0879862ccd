"""Rules of orders (registered with registrar.policy).

Drafts are the registrar's office's; the head (or an administrator) signs. Deans' offices read the
signed orders that concern students of their faculty; a student downloads the extract of an item
about themself.
"""

from registrar.policy import rule
from registrar.roles import Role

from .choices import OrderStatus

SIGNERS = (Role.REGISTRAR_HEAD, Role.ADMINISTRATOR)


def dean_faculty_ids(user) -> set[int]:
    cached = getattr(user, "_dean_faculty_ids", None)
    if cached is None:
        cached = set(user.dean_offices.values_list("faculty_id", flat=True))
        user._dean_faculty_ids = cached
    return cached


def orders_visible_to(user, queryset=None):
    """The orders `user` may read: all for the office; signed ones about their faculty for a dean's office."""
    from .models import Order

    queryset = Order.objects.all() if queryset is None else queryset
    if user.is_office:
        return queryset
    if user.has_role(Role.DEAN_OFFICE):
        return queryset.filter(
            status=OrderStatus.SIGNED, items__student__programme__faculty_id__in=dean_faculty_ids(user)
        ).distinct()
    return queryset.none()


@rule("order.view")
def _order_view(user, order):
    if user.is_office:
        return True
    if not user.has_role(Role.DEAN_OFFICE):
        return False
    if order is None:
        return True
    return (
        order.status == OrderStatus.SIGNED
        and order.items.filter(student__programme__faculty_id__in=dean_faculty_ids(user)).exists()
    )


@rule("order.draft")
def _order_draft(user, obj):
    return user.is_office


@rule("order.sign")
def _order_sign(user, obj):
    return user.has_role(*SIGNERS)


@rule("order.extract")
def _order_extract(user, item):
    """The extract of one item: the office, the dean's office of the student's faculty, the student."""
    if user.is_office:
        return True
    if item is None:
        return user.has_role(Role.DEAN_OFFICE, Role.STUDENT)
    if item.order.status != OrderStatus.SIGNED or item.student_id is None:
        return False
    if user.has_role(Role.STUDENT) and item.student.user_id == user.pk:
        return True
    return bool(user.has_role(Role.DEAN_OFFICE) and item.student.programme.faculty_id in dean_faculty_ids(user))
