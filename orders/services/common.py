"""Helpers shared by the order services."""

from django.utils.translation import gettext as _

from registrar.errors import DomainError

from ..choices import OrderStatus
from ..params import clean_params


class FieldMessage(str):
    """A message that names the form field (or parameter) it is about."""

    def __new__(cls, message, field=None):
        obj = super().__new__(cls, str(message))
        obj.field = field
        return obj


def require_draft(order) -> None:
    """A signed order is immutable (RULES.md §8): a mistake is corrected by a cancelling order."""
    if order.status != OrderStatus.DRAFT:
        raise DomainError(
            _("Order %(number)s is signed and can no longer be changed; correct it with a cancelling order.")
            % {"number": order.number or order.pk}
        )


def cleaned(order_type: str, raw: dict | None, *, order_level: bool) -> dict:
    """The params in their stored form, or a DomainError naming every bad one."""
    values, errors = clean_params(order_type, raw, order_level=order_level)
    if errors:
        messages = [FieldMessage(message, name) for name, message in errors]
        raise DomainError(messages[0], field=errors[0][0], errors=messages)
    return values
