"""Walks every URL pattern of the project with anonymous and every role.

A URL without a declared policy fails the test; a URL with arguments needs a sample in
tests/access_samples/ naming the roles that may open it. So every later page is covered
as soon as it is routed.
"""

import importlib
import pkgutil

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

import tests.access_samples as samples_pkg
from registrar import policy
from registrar.models import User
from tests.conftest import ROLE_USERS

SKIP_NAMESPACES = {"admin"}  # Django admin: staff only, tested in test_admin_is_staff_only
# 400/405: an allowed user reached a view with a method/data it rejects; 303: a POST answered "see the page".
ALLOWED_STATUSES = {200, 302, 303, 400, 405}


def _walk(patterns, prefix="", namespace=""):
    for p in patterns:
        if isinstance(p, URLResolver):
            ns = p.namespace or ""
            if ns in SKIP_NAMESPACES:
                continue
            full_ns = f"{namespace}:{ns}" if namespace and ns else (ns or namespace)
            yield from _walk(p.url_patterns, prefix + str(p.pattern), full_ns)
        elif isinstance(p, URLPattern):
            name = f"{namespace}:{p.name}" if namespace and p.name else p.name
            yield prefix + str(p.pattern), name, p.callback, bool(p.pattern.converters) or "(?P<" in str(p.pattern)


def all_urls():
    return list(_walk(get_resolver().url_patterns))


def load_samples():
    samples, extra = {}, []
    for mod in pkgutil.iter_modules(samples_pkg.__path__):
        module = importlib.import_module(f"tests.access_samples.{mod.name}")
        samples.update(getattr(module, "SAMPLES", {}))
        extra.extend(getattr(module, "EXTRA", []))
    return samples, extra


def test_every_url_declares_a_policy():
    missing = [route for route, _name, cb, _args in all_urls() if getattr(cb, "access_policy", None) is None]
    assert not missing, f"URLs without a declared policy (use registrar.policy.policy/declare): {missing}"
    unknown = [
        (route, cb.access_policy)
        for route, _name, cb, _args in all_urls()
        if cb.access_policy not in policy.known_actions()
    ]
    assert not unknown, f"URLs whose policy has no rule: {unknown}"


def test_every_url_with_arguments_has_a_sample():
    samples, _extra = load_samples()
    missing = [(route, name) for route, name, _cb, has_args in all_urls() if has_args and name not in samples]
    assert not missing, f"add these to tests/access_samples/: {missing}"


def _cases(users):
    samples, extra = load_samples()
    for _route, name, cb, has_args in all_urls():
        if not name:
            continue
        if has_args:
            factory, allowed = samples[name]
            yield name, reverse(name, kwargs=factory(users)), cb.access_policy, allowed
        else:
            yield name, reverse(name), cb.access_policy, None
    for name, factory, allowed in extra:
        yield name, reverse(name, kwargs=factory(users)), None, allowed


@pytest.mark.django_db
def test_access_matrix(users, client_for):
    failures = []
    for name, url, action, allowed_roles in list(_cases(users)):
        # Anonymous: public pages answer, every other page sends to the login form.
        response = client_for(None).get(url)
        if action == policy.PUBLIC:
            if response.status_code >= 500 or response.status_code in (401, 403):
                failures.append(f"anonymous {url}: {response.status_code} on a public page")
        elif not (response.status_code == 302 and "/login/" in response["Location"]):
            failures.append(f"anonymous {url}: expected redirect to login, got {response.status_code}")
        for role in ROLE_USERS:
            user = users[role]
            allowed = role in allowed_roles if allowed_roles is not None else policy.may(user, action)
            User.objects.filter(must_change_password=True).update(must_change_password=False)  # undo POST effects
            client = client_for(role)
            status = client.get(url).status_code
            if status == 405:
                # POST-only view: the object-level check runs on POST (empty data: nothing is applied).
                status = client.post(url).status_code
            if allowed and status not in ALLOWED_STATUSES:
                failures.append(f"{role} {url} ({name}): allowed but got {status}")
            if not allowed and status not in (403, 404):
                failures.append(f"{role} {url} ({name}): must be refused but got {status}")
    assert not failures, "\n".join(failures)


@pytest.mark.django_db
def test_admin_is_staff_only(users, client_for):
    index = reverse("admin:index")
    assert client_for(None).get(index).status_code == 302
    for role in ("student", "teacher", "adviser", "dean_office"):
        response = client_for(role).get(index)
        assert response.status_code == 302 and "login" in response["Location"], role
    assert client_for("administrator").get(index).status_code == 200
