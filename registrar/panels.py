"""Dashboard panels of the core: real figures only."""

from django.utils.translation import gettext_lazy as _

from . import selectors
from .dashboard import Panel
from .policy import AUTHENTICATED


def _account(request):
    return {"title": _("My account"), "person": request.user}


def _users(request):
    return {"title": _("Users by role"), "rows": selectors.users_by_role(), "totals": selectors.user_totals()}


def _changes(request):
    return {"title": _("Recent changes"), "rows": selectors.recent_changes(limit=10)}


PANELS = [
    Panel("account", "registrar/panels/account.html", AUTHENTICATED, _account, order=10, width=4),
    Panel("users", "registrar/panels/users.html", "user.list", _users, order=20, width=8),
    Panel("changes", "registrar/panels/changes.html", "audit.view", _changes, order=30, width=12),
]
