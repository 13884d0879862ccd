from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import translation


class UserLanguageMiddleware:
    """A logged-in user's remembered language wins over the cookie and the browser's."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.language in dict(settings.LANGUAGES):
            translation.activate(user.language)
            request.LANGUAGE_CODE = user.language
        return self.get_response(request)


class PasswordChangeRequiredMiddleware:
    """Generated or reset passwords must be replaced before anything else can be used."""

    ALLOWED_URL_NAMES = ("password_change", "logout", "language_set")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = [reverse(name) for name in self.ALLOWED_URL_NAMES]
            path = request.path_info
            if path not in allowed and not path.startswith(settings.STATIC_URL):
                return redirect("password_change")
        return self.get_response(request)
