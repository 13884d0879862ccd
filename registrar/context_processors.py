from django.conf import settings

from . import navigation as nav


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "nav_sections": nav.items_for(user) if user is not None and user.is_authenticated else [],
        "LANGUAGE_CHOICES": settings.LANGUAGES,
    }


def notices(request):
    """The unread-notice count of the navbar badge, read only when a page shows it (one query)."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    from django.utils.functional import SimpleLazyObject

    from .notices import notices_unread_count

    return {"notices_unread": SimpleLazyObject(lambda: notices_unread_count(user))}
