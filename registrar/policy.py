"""The one place that answers "may user U do action A (on object O)?".

Each app registers its rules here from its `policies.py` (imported by its AppConfig.ready),
so views, querysets, navigation and the access-matrix test all ask the same function.
A rule receives the user and the object, or None for "may do this to some objects at all"
(used by navigation and by the view decorator before the object is known).
"""

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

PUBLIC = "public"
AUTHENTICATED = "authenticated"

_RULES: dict[str, Callable] = {}


def rule(action: str):
    """Register the rule for `action`; an action has exactly one rule."""

    def decorator(fn):
        if action in _RULES and _RULES[action] is not fn:
            raise ValueError(f"policy rule {action!r} is registered twice")
        _RULES[action] = fn
        return fn

    return decorator


def known_actions() -> set[str]:
    return set(_RULES) | {PUBLIC, AUTHENTICATED}


def may(user, action: str, obj=None) -> bool:
    if action == PUBLIC:
        return True
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    if action == AUTHENTICATED:
        return True
    try:
        check = _RULES[action]
    except KeyError:
        raise LookupError(f"no policy rule for {action!r}") from None
    return bool(check(user, obj))


def require(user, action: str, obj=None) -> None:
    if not may(user, action, obj):
        raise PermissionDenied(action)


def get_for_user(user, action: str, queryset, **lookup):
    """Fetch one object and check the user may do `action` on it: 404 if absent, 403 if not allowed."""
    obj = get_object_or_404(queryset, **lookup)
    require(user, action, obj)
    return obj


def policy(action: str):
    """View decorator: declares the view's policy (read by the access-matrix test) and enforces it.

    Anonymous users are sent to the login page; logged-in users without the right get 403.
    Object-level checks happen in the view through `get_for_user`.
    """

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            if action != PUBLIC and not request.user.is_authenticated:
                return redirect_to_login(request.get_full_path())
            require(request.user, action)
            return view(request, *args, **kwargs)

        wrapper.access_policy = action
        return wrapper

    return decorator


def declare(action: str, view):
    """Declare the policy of a third-party view (e.g. Django's auth views) and enforce it."""
    return policy(action)(view)
