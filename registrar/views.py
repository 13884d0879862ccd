from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import dashboard, selectors, services
from .errors import DomainError
from .filters import UserFilter
from .forms import (
    GradeScaleFormSet,
    LanguageForm,
    PasswordChangeForm,
    PromotionThresholdFormSet,
    UniversitySettingsForm,
    scale_initial,
    thresholds_initial,
)
from .listing import list_page
from .models import User
from .policy import AUTHENTICATED, PUBLIC, get_for_user, may, policy
from .tables import UserTable


@policy(AUTHENTICATED)
def dashboard_view(request):
    return render(request, "registrar/dashboard.html", {"panels": dashboard.panels_for(request)})


@policy(PUBLIC)
def healthz(request):
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


@policy(PUBLIC)
@require_POST
def language_set(request):
    """Switch the interface language; remembered on the account and in a cookie."""
    form = LanguageForm(request.POST)
    nxt = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(nxt, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        nxt = "/"
    response = HttpResponseRedirect(nxt)
    if form.is_valid():
        language = form.cleaned_data["language"]
        services.user_set_language(user=request.user, language=language)
        from django.conf import settings

        response.set_cookie(
            settings.LANGUAGE_COOKIE_NAME,
            language,
            max_age=settings.LANGUAGE_COOKIE_AGE,
            secure=settings.LANGUAGE_COOKIE_SECURE,
            httponly=False,
            samesite="Lax",
        )
    return response


@policy(AUTHENTICATED)
def password_change(request):
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.user_change_password(user=request.user, new_password=form.cleaned_data["new_password1"])
        except DomainError as exc:
            form.add_error(exc.field, exc.message)
        else:
            update_session_auth_hash(request, request.user)
            messages.success(request, _("Your password has been changed."))
            return redirect("dashboard")
    return render(request, "registration/password_change.html", {"form": form})


@policy(AUTHENTICATED)
def account(request):
    return render(request, "registrar/account.html", {"person": request.user})


@policy("settings.view")
def settings_view(request):
    obj = selectors.university_settings()
    form = UniversitySettingsForm(instance=obj)
    return render(
        request,
        "registrar/settings.html",
        {
            "settings_obj": obj,
            "fieldsets": form.fieldsets(),
            "scale": selectors.grade_scale(),
            "thresholds": thresholds_initial(),
            "can_change": may(request.user, "settings.change"),
            "history": selectors.object_history(obj, limit=20),
        },
    )


@policy("settings.change")
def settings_edit(request):
    obj = selectors.university_settings()
    data = request.POST if request.method == "POST" else None
    form = UniversitySettingsForm(data, instance=obj)
    scale = GradeScaleFormSet(data, initial=None if data else scale_initial(), prefix="scale")
    thresholds = PromotionThresholdFormSet(data, initial=None if data else thresholds_initial(), prefix="thr")
    errors = []
    if data is not None and form.is_valid() and scale.is_valid() and thresholds.is_valid():
        try:
            services.settings_update(
                actor=request.user,
                values={name: form.cleaned_data[name] for name in form.Meta.fields},
                scale=scale.rows(),
                thresholds=thresholds.rows(),
            )
        except DomainError as exc:
            errors = exc.errors
        else:
            messages.success(request, _("University settings saved."))
            return redirect("settings")
    return render(
        request,
        "registrar/settings_edit.html",
        {"form": form, "fieldsets": form.fieldsets(), "scale": scale, "thresholds": thresholds, "errors": errors},
    )


@policy("user.list")
def user_list(request):
    return list_page(
        request,
        queryset=User.objects.prefetch_related("groups"),
        filterset_class=UserFilter,
        table_class=UserTable,
        template="registrar/user_list.html",
        export_name="users",
    )


@policy(AUTHENTICATED)
def user_detail(request, pk):
    person = get_for_user(request.user, "user.view", User.objects.prefetch_related("groups"), pk=pk)
    return render(
        request,
        "registrar/user_detail.html",
        {
            "person": person,
            "history": selectors.object_history(person) if may(request.user, "audit.view") else None,
            "can_reset": may(request.user, "user.reset_password", person),
        },
    )


@policy("user.reset_password")
@require_POST
def user_reset_password(request, pk):
    person = get_for_user(request.user, "user.reset_password", User.objects.all(), pk=pk)
    password = services.user_reset_password(actor=request.user, user=person)
    # Shown once on this response and never stored in clear: not a redirect, so not in a URL or log.
    return render(request, "registrar/password_reset_done.html", {"person": person, "password": password})
