"""Every URL of the reports app with anonymous and every role (the project-wide walk of
tests/test_access_matrix.py, narrowed to this app): each declares the "reports.view" policy, the office
and the dean's office open it, everyone else is refused, and no page fails on an empty database."""

import pytest
from django.urls import URLPattern, reverse

from registrar import policy
from reports import urls as report_urls
from tests.conftest import ROLE_USERS


def test_every_report_url_declares_the_reports_policy():
    for pattern in report_urls.urlpatterns:
        assert isinstance(pattern, URLPattern) and not pattern.pattern.converters
        assert pattern.callback.access_policy == "reports.view", pattern.name


@pytest.mark.django_db
def test_every_role_on_every_report(users, client_for):
    allowed_roles = {"registrar", "registrar_head", "administrator", "dean_office"}
    failures = []
    for pattern in report_urls.urlpatterns:
        for export in ("", "xlsx"):
            url = reverse(pattern.name) + (f"?export={export}" if export else "")
            anonymous = client_for(None).get(url)
            if not (anonymous.status_code == 302 and "/login/" in anonymous["Location"]):
                failures.append(f"anonymous {url}: {anonymous.status_code}")
            for role in ROLE_USERS:
                status = client_for(role).get(url).status_code
                assert policy.may(users[role], "reports.view") == (role in allowed_roles)
                if role in allowed_roles and status != 200:
                    failures.append(f"{role} {url}: {status}")
                if role not in allowed_roles and status != 403:
                    failures.append(f"{role} {url}: {status}")
    assert not failures, "\n".join(failures)
