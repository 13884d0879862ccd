"""Admin of curricula: every model listed, approved versions read-only, the approve action uses the service."""

import pytest
from django.urls import reverse
from django.utils import timezone

from .factories_curricula import CurriculumFactory, english, full_curriculum  # noqa: F401  (english: a fixture)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.mark.parametrize("model", ["curriculum", "electiveblock", "curriculumitem"])
def test_admin_lists_every_curricula_model(client_for, model):
    full_curriculum()
    response = client_for("administrator").get(reverse(f"admin:academics_{model}_changelist"))
    assert response.status_code == 200


def test_approved_curriculum_is_read_only_in_the_admin(client_for, users):
    c = CurriculumFactory(status="approved", approved_by=users["registrar_head"], approved_at=timezone.now())
    client = client_for("administrator")
    page = client.get(reverse("admin:academics_curriculum_change", args=[c.pk])).content.decode()
    assert 'name="intake_year"' not in page  # shown, not editable
    response = client.post(reverse("admin:academics_curriculum_delete", args=[c.pk]), {"post": "yes"})
    assert response.status_code == 403


def test_admin_approve_action_calls_the_service(client_for):
    good = full_curriculum()
    bad = CurriculumFactory()
    response = client_for("administrator").post(
        reverse("admin:academics_curriculum_changelist"),
        {"action": "approve", "_selected_action": [good.pk, bad.pk]},
        follow=True,
    )
    good.refresh_from_db()
    bad.refresh_from_db()
    assert (good.status, bad.status) == ("approved", "draft")
    assert "cannot be approved" in response.content.decode()


def test_dashboard_shows_the_curricula_panel_to_the_office(client_for):
    CurriculumFactory()
    page = client_for("registrar").get(reverse("dashboard")).content.decode()
    assert 'id="panel-curricula"' in page and 'id="count-curriculum-drafts">1<' in page
    assert 'id="panel-curricula"' not in client_for("teacher").get(reverse("dashboard")).content.decode()
