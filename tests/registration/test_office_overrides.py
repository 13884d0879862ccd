"""Rule overrides: granted with a reason through the form (student picked by number or name), listed
with who granted them and when, filtered; never edited or deleted (the admin shows them read-only)."""

import pytest
from django.urls import reverse

from enrollment.choices import RegistrationRule
from enrollment.models import RuleOverride
from enrollment.services import registration as reg
from registrar.errors import DomainError
from tests.enrollment.factories_students import StudentFactory

from .test_office_progress import campus

pytestmark = pytest.mark.django_db

NEW = "registration_office_override_new"
LIST = "registration_office_overrides"


def grant(client, **data):
    return client.post(reverse(NEW), data, follow=True)


def test_granting_needs_a_reason(users, client_for):
    c = campus(users)
    student = c.world.student
    response = grant(
        client_for("registrar"),
        student=student.student_number,
        term=c.world.term.pk,
        rule=RegistrationRule.CREDITS_MAX,
        reason="   ",
    )
    assert "This field is required." in response.content.decode() or "Give the reason" in response.content.decode()
    assert not RuleOverride.objects.exists()
    with pytest.raises(DomainError, match="Give the reason"):
        reg.override_grant(
            student=student, term=c.world.term, rule=RegistrationRule.CREDITS_MAX, reason=" ", actor=users["registrar"]
        )


def test_a_granted_override_shows_in_the_list_with_its_author(users, client_for):
    c = campus(users)
    student = c.world.student
    client = client_for("registrar")
    response = grant(
        client,
        student=f"{student.student_number} {student.full_name}",
        term=c.world.term.pk,
        rule=RegistrationRule.PREREQUISITE,
        discipline=c.world.electives[1].pk,
        reason="Пререквизит зачтён по академической мобильности",
    )
    assert response.redirect_chain[-1][0].startswith(reverse(LIST))
    html = response.content.decode()
    assert "Override granted: prerequisites for" in html
    override = RuleOverride.objects.get()
    assert (override.student, override.term, override.rule, override.discipline) == (
        student,
        c.world.term,
        RegistrationRule.PREREQUISITE,
        c.world.electives[1],
    )
    assert override.granted_by == users["registrar"]
    html = client.get(reverse(LIST)).content.decode()
    assert "Пререквизит зачтён по академической мобильности" in html
    assert users["registrar"].full_name in html
    assert override.granted_at.astimezone().strftime("%d.%m.%Y") in html
    assert student.student_number in html and "ELC2" in html


def test_the_student_is_found_by_name_or_refused_when_ambiguous(users, client_for):
    c = campus(users)
    client = client_for("registrar")
    unique = StudentFactory(last_name="Құрманғалиева", first_name="Әсел")
    response = grant(client, student="құрманғалиева әсел", term=c.world.term.pk, rule="window", reason="Болезнь")
    assert RuleOverride.objects.get().student == unique
    response = grant(client, student=c.world.student.last_name, term=c.world.term.pk, rule="window", reason="x")
    assert "Several students match" in response.content.decode()
    response = grant(client, student="Несуществующий", term=c.world.term.pk, rule="window", reason="x")
    assert "No student matches" in response.content.decode()
    assert RuleOverride.objects.count() == 1


def test_the_picker_offers_matching_students(users, client_for):
    c = campus(users)
    response = client_for("registrar").get(
        reverse("registration_office_student_options"), {"student": c.world.student.student_number}
    )
    html = response.content.decode()
    assert f'value="{c.world.student.student_number} {c.world.student.full_name}"' in html
    assert html.count("<option") == 1
    assert client_for("dean_office").get(reverse("registration_office_student_options")).status_code == 403


def test_filters_and_the_deans_office_view(users, client_for):
    c = campus(users)
    registrar = users["registrar"]
    own = reg.override_grant(
        student=c.world.student,
        term=c.world.term,
        rule=RegistrationRule.CREDITS_MAX,
        reason="Дипломник",
        actor=registrar,
    )
    theirs = reg.override_grant(
        student=next(s for s in c.students if s.programme == c.other),
        term=c.world.autumn,
        rule=RegistrationRule.WINDOW,
        reason="Приказ о восстановлении",
        actor=registrar,
    )
    client = client_for("registrar")

    def shown(client, **params):
        table = client.get(reverse(LIST), params).context["table"]
        return {row.record.pk for row in table.page.object_list}

    assert shown(client) == {own.pk, theirs.pk}
    assert shown(client, rule="window") == {theirs.pk}
    assert shown(client, term=c.world.term.pk) == {own.pk}
    assert shown(client, student=c.world.student.student_number) == {own.pk}
    assert shown(client, q="восстановлении") == {theirs.pk}
    assert shown(client_for("dean_office")) == {own.pk}
    html = client_for("dean_office").get(reverse(LIST)).content.decode()
    assert 'id="override-new"' not in html
    assert client_for("dean_office").get(reverse(NEW)).status_code == 403
    export = client.get(reverse(LIST), {"export": "xlsx"})
    assert "spreadsheet" in export["Content-Type"]


def test_overrides_are_never_edited_or_deleted(users, client_for):
    c = campus(users)
    override = reg.override_grant(
        student=c.world.student,
        term=c.world.term,
        rule=RegistrationRule.CREDITS_MIN,
        reason="Part-time",
        actor=users["registrar"],
    )
    admin = client_for("administrator")
    change = admin.get(reverse("admin:enrollment_ruleoverride_change", args=[override.pk]))
    assert change.status_code == 200 and 'name="_save"' not in change.content.decode()
    assert (
        admin.post(reverse("admin:enrollment_ruleoverride_change", args=[override.pk]), {"reason": "x"}).status_code
        == 403
    )
    assert admin.get(reverse("admin:enrollment_ruleoverride_delete", args=[override.pk])).status_code == 403
    assert admin.get(reverse("admin:enrollment_ruleoverride_add")).status_code == 403
    override.refresh_from_db()
    assert override.reason == "Part-time"
    for name in ("enrollment_studyplan", "enrollment_section", "enrollment_result", "enrollment_ruleoverride"):
        assert admin.get(reverse(f"admin:{name}_changelist")).status_code == 200, name


def test_the_list_runs_a_bounded_number_of_queries(users, client_for, django_assert_max_num_queries):
    c = campus(users)
    for student in c.students[:12]:
        reg.override_grant(
            student=student, term=c.world.term, rule="window", reason="Поздний приказ", actor=users["registrar"]
        )
    client = client_for("registrar")
    client.get(reverse(LIST))
    with django_assert_max_num_queries(10):
        assert client.get(reverse(LIST)).status_code == 200
