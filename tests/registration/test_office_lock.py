"""Locking the plans of a term after its registration window: what would be locked and what stays,
the refusal while the window is open (unless "lock anyway"), and who may lock."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from enrollment.choices import PlanStatus
from enrollment.models import StudyPlan
from enrollment.services import registration as reg
from registrar.errors import DomainError

from .test_office_progress import campus

pytestmark = pytest.mark.django_db


def close_window(world):
    today = timezone.localdate()
    world.window.starts_on = today - datetime.timedelta(days=20)
    world.window.ends_on = today - datetime.timedelta(days=1)
    world.window.save()


def counts(term):
    return {s: StudyPlan.objects.filter(term=term, status=s).count() for s in PlanStatus.values}


def test_the_page_shows_what_would_be_locked_and_what_stays(users, client_for):
    c = campus(users)
    before = counts(c.world.term)
    response = client_for("registrar").get(reverse("registration_office_lock", args=[c.world.term.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert f'id="lock-approved">{before["approved"]}<' in html
    assert f'id="lock-locked">{before["locked"]}<' in html
    stays = response.context["stays"]
    assert {s: n for s, _label, n in stays} == {s: before[s] for s in ("draft", "submitted", "returned")}
    assert "The registration window is still open, until" in html
    assert 'name="lock_anyway"' in html
    assert counts(c.world.term) == before  # looking changes nothing


def test_locking_is_refused_while_the_window_is_open(users, client_for):
    c = campus(users)
    before = counts(c.world.term)
    response = client_for("registrar").post(reverse("registration_office_lock", args=[c.world.term.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert "is open until" in html and "lock anyway" in html
    assert counts(c.world.term) == before
    with pytest.raises(DomainError, match="registration window .* is open until"):
        reg.plans_lock(term=c.world.term, actor=users["registrar"])


def test_lock_anyway_locks_approved_plans_only(users, client_for):
    c = campus(users)
    before = counts(c.world.term)
    other_term = StudyPlan.objects.exclude(term=c.world.term).values_list("pk", "status")
    other_before = set(other_term)
    response = client_for("registrar").post(
        reverse("registration_office_lock", args=[c.world.term.pk]), {"lock_anyway": "on"}, follow=True
    )
    html = response.content.decode()
    assert f"{before['approved']} approved plans of the" in html and "are locked" in html
    after = counts(c.world.term)
    assert after["locked"] == before["locked"] + before["approved"] and after["approved"] == 0
    for status in ("draft", "submitted", "returned"):
        assert after[status] == before[status]
    assert set(other_term) == other_before
    assert not StudyPlan.objects.filter(term=c.world.term, status="locked", locked_at__isnull=True).exists()


def test_after_the_window_the_registrar_locks_without_ticking(users, client_for):
    c = campus(users)
    close_window(c.world)
    approved = counts(c.world.term)["approved"]
    client = client_for("registrar")
    html = client.get(reverse("registration_office_lock", args=[c.world.term.pk])).content.decode()
    assert "The registration window closed on" in html and 'name="lock_anyway"' not in html
    client.post(reverse("registration_office_lock", args=[c.world.term.pk]))
    assert counts(c.world.term)["approved"] == 0
    assert counts(c.world.term)["locked"] >= approved
    # A locked plan cannot change any more, not even by the office.
    plan = StudyPlan.objects.filter(term=c.world.term, status="locked").first()
    with pytest.raises(DomainError, match="locked"):
        reg.plan_item_add(plan=plan, discipline=c.world.electives[0], actor=users["registrar"])


def test_the_default_address_opens_the_registration_term(users, client_for):
    c = campus(users)
    response = client_for("registrar").get(reverse("registration_office_lock_default"))
    assert response.status_code == 302
    assert response["Location"] == reverse("registration_office_lock", args=[c.world.term.pk])


def test_only_the_office_locks(users, client_for):
    c = campus(users)
    url = reverse("registration_office_lock", args=[c.world.term.pk])
    for role in ("dean_office", "adviser", "teacher", "student"):
        assert client_for(role).get(url).status_code == 403, role
        assert client_for(role).post(url, {"lock_anyway": "on"}).status_code == 403, role
    assert counts(c.world.term)["approved"] > 0
    with pytest.raises(Exception, match="registration.manage"):
        reg.plans_lock(term=c.world.term, actor=users["dean_office"], lock_anyway=True)
    assert client_for("registrar").get(reverse("registration_office_lock", args=[99999])).status_code == 404
