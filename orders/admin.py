"""Admin of orders: items inline, everything read-only once signed; signing goes through the service."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from registrar.errors import DomainError

from . import services
from .choices import OrderType
from .models import Order, OrderItem, OrderNumberCounter


class OrderAdminForm(forms.ModelForm):
    class Meta:
        model = Order
        fields = ["order_type", "order_date", "effective_on", "basis", "params"]

    def clean_order_type(self):
        value = self.cleaned_data["order_type"]
        if value == OrderType.CANCELLATION and not (self.instance.pk and self.instance.cancels_id):
            raise forms.ValidationError(_("A cancelling order is created from the signed order it cancels."))
        return value


class OrderItemInline(admin.TabularInline):
    model = OrderItem
    fields = ["position", "student", "params", "result"]
    readonly_fields = ["result"]
    raw_id_fields = ["student"]
    extra = 0

    def has_change_permission(self, request, obj=None):
        return obj is None or obj.is_draft

    def has_add_permission(self, request, obj=None):
        return obj is None or obj.is_draft

    def has_delete_permission(self, request, obj=None):
        return obj is None or obj.is_draft


@admin.register(Order)
class OrderAdmin(SimpleHistoryAdmin):
    form = OrderAdminForm
    list_display = ["__str__", "order_type", "status", "order_date", "effective_on", "created_by", "signed_by"]
    list_filter = ["status", "order_type", "year"]
    search_fields = ["number", "basis", "items__student__last_name", "items__student__iin"]
    date_hierarchy = "order_date"
    inlines = [OrderItemInline]
    actions = ["sign_orders"]
    readonly_fields = ["status", "number", "year", "sequence", "created_by", "signed_by", "signed_at", "cancels"]
    fields = [
        "order_type",
        "status",
        "number",
        "order_date",
        "effective_on",
        "basis",
        "params",
        "cancels",
        "created_by",
        "signed_by",
        "signed_at",
    ]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.is_signed:
            return self.fields  # a signed order is immutable
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.is_draft)

    def save_model(self, request, obj, form, change):
        if not change:
            obj.created_by = request.user
        super().save_model(request, obj, form, change)

    @admin.action(description=_("Sign the selected draft orders"))
    def sign_orders(self, request, queryset):
        for order in queryset.order_by("pk"):
            try:
                signed = services.order_sign(actor=request.user, order=order)
            except DomainError as exc:
                details = "; ".join(str(e) for e in exc.errors)
                self.message_user(request, f"{order}: {exc.message} {details}", messages.ERROR)
            except PermissionDenied:
                self.message_user(request, _("Only the head of the registrar's office signs orders."), messages.ERROR)
                return
            else:
                self.message_user(request, _("Order %(number)s signed.") % {"number": signed.number}, messages.SUCCESS)


@admin.register(OrderItem)
class OrderItemAdmin(SimpleHistoryAdmin):
    list_display = ["__str__", "order", "student", "position"]
    list_filter = ["order__order_type", "order__status"]
    search_fields = ["order__number", "student__last_name", "student__iin"]
    raw_id_fields = ["order", "student"]
    readonly_fields = ["result"]

    def get_readonly_fields(self, request, obj=None):
        if obj is not None and obj.order.is_signed:
            return ["order", "student", "position", "params", "result"]
        return self.readonly_fields

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and (obj is None or obj.order.is_draft)


@admin.register(OrderNumberCounter)
class OrderNumberCounterAdmin(admin.ModelAdmin):
    list_display = ["order_type", "year", "last_number"]
    list_filter = ["order_type", "year"]

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
