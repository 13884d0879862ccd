"""Every change of an order (DESIGN.md: one function per rule, one transaction, a DomainError when refused)."""

from .cancel import order_cancel_create
from .drafts import (
    order_bulk_create,
    order_create,
    order_delete,
    order_item_add,
    order_item_remove,
    order_item_update,
    order_items_add,
    order_update,
)
from .signing import order_check, order_sign

__all__ = [
    "order_bulk_create",
    "order_cancel_create",
    "order_check",
    "order_create",
    "order_delete",
    "order_item_add",
    "order_item_remove",
    "order_item_update",
    "order_items_add",
    "order_sign",
    "order_update",
]
