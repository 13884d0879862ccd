from django.conf import settings

from . import navigation as nav


def navigation(request):
    user = getattr(request, "user", None)
    return {
        "nav_sections": nav.items_for(user) if user is not None and user.is_authenticated else [],
        "LANGUAGE_CHOICES": settings.LANGUAGES,
    }
