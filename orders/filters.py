"""Filters of the order list (django-filter, through registrar.listing.list_page)."""

import django_filters
from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .choices import OrderStatus, OrderType
from .models import Order


class OrderFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Number or student"))
    order_type = django_filters.ChoiceFilter(label=_("Type"), choices=OrderType.choices, empty_label=_("every type"))
    status = django_filters.ChoiceFilter(label=_("Status"), choices=OrderStatus.choices, empty_label=_("any status"))
    year = django_filters.NumberFilter(label=_("Year"), field_name="order_date", lookup_expr="year")
    date_from = django_filters.DateFilter(
        label=_("Dated from"),
        field_name="order_date",
        lookup_expr="gte",
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    date_to = django_filters.DateFilter(
        label=_("Dated to"), field_name="order_date", lookup_expr="lte", widget=forms.DateInput(attrs={"type": "date"})
    )

    class Meta:
        model = Order
        fields = ["q", "order_type", "status", "year", "date_from", "date_to"]

    def search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        student = Q()
        for word in value.split():
            student &= (
                Q(items__student__last_name__icontains=word)
                | Q(items__student__first_name__icontains=word)
                | Q(items__student__iin=word)
                | Q(items__student__student_number=word)
            )
        matching = Order.objects.filter(Q(number__icontains=value) | student).values("pk")
        return queryset.filter(pk__in=matching)
