"""The order list table (django-tables2); `value_*` give the xlsx export plain text."""

import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from .models import Order


class OrderTable(tables.Table):
    number = tables.LinkColumn(
        "order_detail", args=[tables.A("pk")], verbose_name=_("Number"), order_by=("year", "sequence", "pk")
    )
    order_type = tables.Column(verbose_name=_("Type"))
    status = tables.Column(verbose_name=_("Status"))
    order_date = tables.DateColumn(verbose_name=_("Order date"), format="d.m.Y")
    effective_on = tables.DateColumn(verbose_name=_("In force from"), format="d.m.Y")
    item_count = tables.Column(verbose_name=_("Items"), attrs={"td": {"class": "text-end"}})
    created_by = tables.Column(verbose_name=_("Drafted by"))
    signed_by = tables.Column(verbose_name=_("Signed by"), default="—")

    class Meta:
        model = Order
        fields = [
            "number",
            "order_type",
            "status",
            "order_date",
            "effective_on",
            "item_count",
            "created_by",
            "signed_by",
        ]
        order_by = ("-order_date",)
        row_attrs = {"data-status": lambda record: record.status}

    def render_number(self, record):
        return record.number or _("draft #%(pk)s") % {"pk": record.pk}

    def value_number(self, record):
        return record.number or _("draft #%(pk)s") % {"pk": record.pk}
