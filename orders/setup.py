"""Registers the menu entry, the head's dashboard panel and the grounds' labels of orders."""

from django.utils.translation import gettext_lazy as _

from registrar import dashboard, navigation

STUDENT_BODY = _("Student body")


def _awaiting_panel(request):
    from django.urls import reverse

    from .choices import OrderStatus
    from .selectors import drafts_awaiting_signature

    return {
        "title": _("Orders awaiting signature"),
        "count": drafts_awaiting_signature(),
        "url": f"{reverse('order_list')}?status={OrderStatus.DRAFT}",
    }


def setup():
    from enrollment.selectors import register_ground_labels
    from enrollment.tables import SelectionAction, register_selection_action

    from .choices import ExpulsionGround, LeaveGround
    from .forms import BULK_TYPE_CHOICES

    # Status changes record the ground of a leave or an expulsion; the student card shows its label.
    register_ground_labels(ExpulsionGround.choices)
    register_ground_labels(LeaveGround.choices)
    # The student list's ticked students → a draft order of the chosen type (orders.views.order_bulk_create).
    register_selection_action(
        SelectionAction(
            url_name="order_bulk_create",
            label=_("Draft an order for them"),
            action="order.draft",
            field="order_type",
            choices=tuple(BULK_TYPE_CHOICES),
        )
    )
    navigation.add(navigation.NavItem(_("Orders"), "order_list", "order.view", section=STUDENT_BODY, order=330))
    dashboard.add(
        dashboard.Panel(
            "orders_awaiting", "orders/panels/awaiting.html", "order.sign", _awaiting_panel, order=12, width=4
        )
    )
