"""Orders on the student body (приказы): the only way a student's status changes (RULES.md §8).

An order is a draft (edited by the registrar's office) until the head signs it; signing numbers
it and applies every item's effect through `enrollment.services.status` in one transaction.
A signed order is never edited: a mistake is corrected by a cancelling order.
"""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from enrollment.models import Student

from .choices import OrderStatus, OrderType


class Order(models.Model):
    order_type = models.CharField(_("order type"), max_length=20, choices=OrderType.choices)
    status = models.CharField(_("status"), max_length=10, choices=OrderStatus.choices, default=OrderStatus.DRAFT)
    number = models.CharField(_("number"), max_length=40, blank=True)
    # Numbering (at signing): the sequence within the calendar year of the order date and the type.
    year = models.PositiveSmallIntegerField(_("numbering year"), null=True, blank=True)
    sequence = models.PositiveIntegerField(_("number within the year and type"), null=True, blank=True)
    order_date = models.DateField(_("order date"))
    effective_on = models.DateField(
        _("in force from"), help_text=_("The date the items take effect unless an item gives its own.")
    )
    basis = models.TextField(_("basis"), blank=True, help_text=_("Documents the order is based on."))
    params = models.JSONField(
        _("parameters"), default=dict, blank=True, help_text=_("Defaults for every item of the order.")
    )
    cancels = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cancellations",
        verbose_name=_("cancels order"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("drafted by")
    )
    created_at = models.DateTimeField(_("drafted at"), auto_now_add=True)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("signed by"),
    )
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("order")
        verbose_name_plural = _("orders")
        ordering = ["-order_date", "-id"]
        indexes = [
            models.Index(fields=["status", "order_type"], name="order_status_type"),
            models.Index(fields=["order_date"], name="order_date"),
        ]
        constraints = [
            models.UniqueConstraint(fields=["order_type", "year", "sequence"], name="order_unique_number"),
            models.CheckConstraint(
                condition=Q(status=OrderStatus.DRAFT)
                | (
                    Q(year__isnull=False)
                    & Q(sequence__isnull=False)
                    & ~Q(number="")
                    & Q(signed_by__isnull=False)
                    & Q(signed_at__isnull=False)
                ),
                name="order_signed_is_numbered",
            ),
            models.CheckConstraint(
                condition=Q(order_type=OrderType.CANCELLATION, cancels__isnull=False)
                | (~Q(order_type=OrderType.CANCELLATION) & Q(cancels__isnull=True)),
                name="order_cancels_only_cancellation",
            ),
        ]

    def __str__(self):
        label = self.number or _("draft #%(pk)s") % {"pk": self.pk}
        return f"{label} · {self.get_order_type_display()} · {self.order_date:%d.%m.%Y}"

    @property
    def is_draft(self) -> bool:
        return self.status == OrderStatus.DRAFT

    @property
    def is_signed(self) -> bool:
        return self.status == OrderStatus.SIGNED

    def item_params(self, item: "OrderItem") -> dict:
        """An item's parameters: the order's defaults overridden by the item's own."""
        return {**(self.params or {}), **(item.params or {})}


class OrderItem(models.Model):
    """One student's line of an order. Enrolment items have no student until signing creates one."""

    order = models.ForeignKey(Order, on_delete=models.CASCADE, related_name="items", verbose_name=_("order"))
    student = models.ForeignKey(
        Student,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="order_items",
        verbose_name=_("student"),
    )
    position = models.PositiveIntegerField(_("item"))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    result = models.JSONField(_("applied effect"), default=dict, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("order item")
        verbose_name_plural = _("order items")
        ordering = ["order", "position"]
        constraints = [
            models.UniqueConstraint(fields=["order", "student"], name="order_item_unique_student"),
            models.UniqueConstraint(fields=["order", "position"], name="order_item_unique_position"),
        ]

    def __str__(self):
        who = self.student or self.applicant_name or "—"
        return f"{self.position}. {who}"

    @property
    def applicant_name(self) -> str:
        """The name of a person not yet a student (enrolment, transfer in), from the parameters."""
        p = self.params or {}
        return " ".join(str(p[k]) for k in ("last_name", "first_name", "patronymic") if p.get(k))


class OrderNumberCounter(models.Model):
    """The last number given per type and year. Its row is locked while an order is signed, so
    two orders of one type signed at once get consecutive numbers instead of the same one."""

    order_type = models.CharField(_("order type"), max_length=20, choices=OrderType.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("order number counter")
        verbose_name_plural = _("order number counters")
        constraints = [models.UniqueConstraint(fields=["order_type", "year"], name="order_counter_unique")]

    def __str__(self):
        return f"{self.get_order_type_display()} {self.year}: {self.last_number}"
