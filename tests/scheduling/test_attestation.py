"""The final-attestation schedule: commissions and events refused with the field named, distribution of a
programme's final-year students (count, order, cap), conflicts, publishing, who sees what, exports read
back, bounded queries."""

import datetime
import io
import shutil
import subprocess

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from enrollment.models import Student
from registrar.errors import DomainError
from registrar.models import UniversitySettings
from registrar.roles import Role
from registrar.selectors import forget_university_settings
from scheduling import attestation as service
from scheduling.models import AttestationAssignment, AttestationEvent
from tests.enrollment.factories_students import UserFactory, dean_office_of, teacher_for

from .factories_attestation import attestation_world

pytestmark = pytest.mark.django_db

D = datetime.date
T = datetime.time


@pytest.fixture
def office():
    return UserFactory(roles=[Role.REGISTRAR])


@pytest.fixture
def world():
    return attestation_world()


def _commission(world, office, name="SAC-1", **kw):
    data = {
        "academic_year": world.year,
        "name": name,
        "programmes": [world.programme],
        "chair_name": "Сәрсенбаев Қайрат",
        "chair_position": "к.т.н., директор ТОО",
        "secretary": world.teachers[0],
    }
    data.update(kw)
    return service.commission_save(actor=office, **data)


def _event(world, office, commission, day=None, start=None, end=None, room=None, form="thesis", **kw):
    return service.event_save(
        actor=office,
        commission=commission,
        programme=kw.get("programme", world.programme),
        form=form,
        date=day or D(2034, 6, 1),
        starts_at=start or T(9),
        ends_at=end or T(13),
        room=room or world.rooms[0],
    )


# --- commissions and events: refusals name the field -------------------------------------------------------------


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"name": " "}, "name"),
        ({"programmes": []}, "programmes"),
        ({"chair_name": ""}, "chair_name"),
        ({"chair_position": ""}, "chair_position"),
        ({"secretary": None}, "secretary"),
        ({"secretary_name": "Әлиева Г."}, "secretary"),
    ],
)
def test_commission_refusals_name_the_field(world, office, overrides, field):
    with pytest.raises(DomainError) as exc:
        _commission(world, office, **overrides)
    assert exc.value.field == field


def test_commission_name_is_unique_in_its_year_and_only_the_office_edits(world, office):
    _commission(world, office)
    with pytest.raises(DomainError) as exc:
        _commission(world, office)
    assert exc.value.field == "name" and "SAC-1" in str(exc.value.message)
    with pytest.raises(PermissionDenied):
        _commission(world, UserFactory(roles=[Role.DEAN_OFFICE]), name="SAC-2")
    outside = _commission(world, office, name="SAC-3", secretary=None, secretary_name="Әлиева Гүлнар")
    assert outside.secretary_label == "Әлиева Гүлнар"


def test_event_date_within_the_final_attestation_period(world, office):
    commission = _commission(world, office)
    with pytest.raises(DomainError) as exc:
        _event(world, office, commission, day=D(2034, 5, 20))
    assert exc.value.field == "date"
    assert "25.05.2034" in str(exc.value.message) and "20.06.2034" in str(exc.value.message)
    assert _event(world, office, commission, day=D(2034, 5, 25)).pk


def test_without_a_period_the_date_lies_within_the_academic_year(office):
    world = attestation_world(start_year=2036, with_period=False)
    commission = _commission(world, office)
    with pytest.raises(DomainError) as exc:
        _event(world, office, commission, day=D(2037, 9, 5))
    assert exc.value.field == "date" and "01.09.2036" in str(exc.value.message)
    assert _event(world, office, commission, day=D(2037, 4, 1)).pk


def test_event_refusals(world, office):
    commission = _commission(world, office)
    with pytest.raises(DomainError) as exc:
        _event(world, office, commission, start=T(13), end=T(9))
    assert exc.value.field == "ends_at"
    with pytest.raises(DomainError) as exc:
        _event(world, office, commission, programme=world.other_programme)
    assert exc.value.field == "programme"
    first = _event(world, office, commission)
    # The commission is not in two places at once.
    with pytest.raises(DomainError) as exc:
        _event(world, office, commission, start=T(12), end=T(15), room=world.rooms[1])
    assert exc.value.field == "starts_at"
    # A room holds one attestation event at a time, whatever the commission.
    other = _commission(world, office, name="SAC-2")
    with pytest.raises(DomainError) as exc:
        _event(world, office, other, start=T(10), end=T(11), room=world.rooms[0])
    assert exc.value.field == "room" and "SAC-1" in str(exc.value.message)
    # Back to back is no overlap; editing an event does not collide with itself.
    assert _event(world, office, commission, start=T(13), end=T(17)).pk
    service.event_save(
        actor=office,
        commission=commission,
        programme=world.programme,
        form="thesis",
        date=first.date,
        starts_at=T(8),
        ends_at=T(12),
        room=first.room,
        event=first,
    )


# --- distribution ------------------------------------------------------------------------------------------------


def test_final_year_students_are_the_active_ones_in_the_last_year(world):
    assert list(service.final_year_students(world.programme)) == world.final


def test_distribution_in_group_then_surname_order_in_equal_runs(world, office):
    commission = _commission(world, office)
    e1 = _event(world, office, commission, day=D(2034, 6, 2))
    e2 = _event(world, office, commission, day=D(2034, 6, 1))
    result = service.distribute(actor=office, commission=commission, programme=world.programme, form="thesis")
    assert result.placed == 5 and result.unplaced == [] and result.elsewhere == []
    # Events in date order: 1 June gets the first three, 2 June the other two.
    first = list(e2.assignments.order_by("position").values_list("student_id", flat=True))
    second = list(e1.assignments.order_by("position").values_list("student_id", flat=True))
    assert first + second == [s.pk for s in world.final]
    assert (len(first), len(second)) == (3, 2)
    # Again: replaced, not added.
    service.distribute(actor=office, commission=commission, programme=world.programme, form="thesis")
    assert AttestationAssignment.objects.filter(event__commission=commission).count() == 5


def test_distribution_respects_the_cap_and_names_who_is_left(world, office):
    UniversitySettings.objects.update_or_create(pk=1, defaults={"attestation_max_per_defence": 2})
    forget_university_settings()
    commission = _commission(world, office)
    _event(world, office, commission, day=D(2034, 6, 1))
    _event(world, office, commission, day=D(2034, 6, 2))
    result = service.distribute(actor=office, commission=commission, programme=world.programme, form="thesis")
    assert result.placed == 4 and [c for _e, c in result.per_event] == [2, 2]
    assert result.unplaced == world.final[4:]
    problems = service.check(commission)
    assert [(p.code, p.hard) for p in problems] == [("unplaced", False)]
    assert world.final[4].last_name in problems[0].message


def test_exam_cap_is_separate_from_the_defence_cap(world, office):
    UniversitySettings.objects.update_or_create(
        pk=1, defaults={"attestation_max_per_defence": 1, "attestation_max_per_exam": 25}
    )
    forget_university_settings()
    commission = _commission(world, office)
    _event(world, office, commission, form="exam")
    result = service.distribute(actor=office, commission=commission, programme=world.programme, form="exam")
    assert result.placed == 5


def test_distribution_needs_an_event(world, office):
    commission = _commission(world, office)
    with pytest.raises(DomainError) as exc:
        service.distribute(actor=office, commission=commission, programme=world.programme, form="exam")
    assert exc.value.field == "form"


def test_manual_assignment_rules(world, office):
    commission = _commission(world, office)
    event = _event(world, office, commission)
    student = world.final[0]
    service.assign(actor=office, event=event, student=student)
    with pytest.raises(DomainError) as exc:  # twice in the same form
        service.assign(actor=office, event=_event(world, office, commission, day=D(2034, 6, 3)), student=student)
    assert exc.value.field == "student"
    with pytest.raises(DomainError) as exc:  # not a final-year student
        service.assign(actor=office, event=event, student=world.not_final[0])
    assert exc.value.field == "student" and "Третьяков" in str(exc.value.message)
    UniversitySettings.objects.update_or_create(pk=1, defaults={"attestation_max_per_defence": 1})
    forget_university_settings()
    with pytest.raises(DomainError) as exc:  # the event is full
        service.assign(actor=office, event=event, student=world.final[1])
    assert exc.value.field == "student"


# --- checking and publishing -------------------------------------------------------------------------------------


def test_publish_refuses_a_student_twice_and_warns_about_the_unplaced(world, office):
    commission = _commission(world, office)
    e1 = _event(world, office, commission)
    e2 = _event(world, office, commission, day=D(2034, 6, 2))
    AttestationAssignment.objects.create(event=e1, student=world.final[0], position=1)
    AttestationAssignment.objects.create(event=e2, student=world.final[0], position=1)
    with pytest.raises(DomainError) as exc:
        service.publish(actor=office, commission=commission)
    assert world.final[0].last_name in str(exc.value.message)
    commission.refresh_from_db()
    assert not commission.is_published
    AttestationAssignment.objects.filter(event=e2).delete()
    warnings = service.publish(actor=office, commission=commission)
    assert [w.code for w in warnings] == ["unplaced"]
    commission.refresh_from_db()
    assert commission.is_published and commission.published_by == office


def test_check_reports_a_room_taken_by_another_commission(world, office):
    commission = _commission(world, office)
    other = _commission(world, office, name="SAC-2")
    _event(world, office, commission)
    AttestationEvent.objects.create(  # written past the service (e.g. an old row): the check still sees it
        commission=other,
        programme=world.programme,
        form="exam",
        date=D(2034, 6, 1),
        starts_at=T(10),
        ends_at=T(11),
        room=world.rooms[0],
    )
    assert "room_busy" in {p.code for p in service.check(commission)}


# --- pages and access --------------------------------------------------------------------------------------------


@pytest.fixture
def published(world, users):
    """A published commission with the `teacher` fixture user as a member and the `student` fixture user's
    record among the final-year students; the dean's office reads the programme's faculty."""
    office = users["registrar"]
    Student.objects.filter(pk=world.final[0].pk).update(user=users["student"])
    dean_office_of(users["dean_office"], world.programme.faculty)
    commission = _commission(world, office)
    service.member_add(actor=office, commission=commission, teacher=teacher_for(users["teacher"]))
    service.member_add(actor=office, commission=commission, name="Иванов С. П.", position="PhD")
    _event(world, office, commission, day=D(2034, 6, 1))
    _event(world, office, commission, day=D(2034, 6, 2), room=world.rooms[1])
    service.distribute(actor=office, commission=commission, programme=world.programme, form="thesis")
    service.publish(actor=office, commission=commission)
    return commission


def test_student_sees_own_dates_only_when_published(client_for, published, users):
    page = client_for("student").get(reverse("attestation_my"))
    assert page.status_code == 200 and "01.06.2034" in page.text and "02.06.2034" not in page.text
    assert "01.06.2034" not in client_for("another_student").get(reverse("attestation_my")).text
    service.unpublish(actor=users["registrar"], commission=published)
    assert "01.06.2034" not in client_for("student").get(reverse("attestation_my")).text
    assert 'id="my-attestation-link"' not in client_for("student").get(reverse("attestation_list")).text


def test_teacher_sees_duties_and_only_own_commissions(client_for, published):
    page = client_for("teacher").get(reverse("attestation_my"))
    assert "01.06.2034" in page.text and "02.06.2034" in page.text
    url = reverse("attestation_commission", args=[published.pk])
    assert client_for("teacher").get(url).status_code == 200
    assert client_for("another_teacher").get(url).status_code == 403
    assert "01.06.2034" not in client_for("another_teacher").get(reverse("attestation_my")).text
    assert client_for("teacher").get(reverse("attestation_list")).status_code == 403


@pytest.mark.parametrize("role", ["student", "another_student", "adviser"])
def test_students_and_advisers_do_not_open_the_commission(client_for, published, role):
    assert client_for(role).get(reverse("attestation_commission", args=[published.pk])).status_code == 403


def test_dean_office_reads_its_faculty_only(client_for, published, users, world):
    dean = client_for("dean_office")
    url = reverse("attestation_commission", args=[published.pk])
    page = dean.get(url)
    assert page.status_code == 200 and 'id="publish"' not in page.text and 'id="event-form"' not in page.text
    assert "SAC-1" in dean.get(reverse("attestation_list")).text
    assert dean.post(reverse("attestation_publish", args=[published.pk])).status_code == 403
    outsider = UserFactory(roles=[Role.DEAN_OFFICE])
    dean_office_of(outsider, world.other_programme.faculty)
    from django.test import Client

    c = Client()
    c.force_login(outsider)
    assert c.get(url).status_code == 403
    assert "SAC-1" not in c.get(reverse("attestation_list")).text


def test_office_pages_create_add_distribute_publish(client_for, world, users):
    client = client_for("registrar")
    response = client.post(
        reverse("attestation_list"),
        {
            "new-academic_year": world.year.pk,
            "new-name": "ГАК-7",
            "new-programmes": [world.programme.pk],
            "new-chair_name": "Сәрсенбаев Қ.",
            "new-chair_position": "профессор",
            "new-secretary_name": "Әлиева Г.",
        },
    )
    assert response.status_code == 302
    commission = world.programme.attestation_commissions.get(name="ГАК-7")
    new = {"academic_year": world.year.pk, "name": "ГАК-8", "programmes": [world.programme.pk], "chair_name": "X"}
    bad = client.post(reverse("attestation_list"), {f"new-{k}": v for k, v in {**new, "chair_position": "Y"}.items()})
    assert bad.status_code == 200 and bad.context["form"].errors["secretary"]
    event_url = reverse("attestation_event_add", args=[commission.pk])
    event = {"programme": world.programme.pk, "form": "thesis", "date": "2034-06-01", "starts_at": "09:00",
             "ends_at": "13:00", "room": world.rooms[0].pk}  # fmt: skip
    data = {f"event-{k}": v for k, v in event.items()}
    client.post(event_url, data)
    refused = client.post(event_url, {**data, "event-date": "2034-07-01"}, follow=True)
    assert "20.06.2034" in refused.text
    client.post(reverse("attestation_member_add", args=[commission.pk]), {"member-teacher": world.teachers[1].pk})
    client.post(
        reverse("attestation_distribute", args=[commission.pk]),
        {"distribute-programme": world.programme.pk, "distribute-form": "thesis"},
    )
    assert AttestationAssignment.objects.filter(event__commission=commission).count() == 5
    client.post(reverse("attestation_publish", args=[commission.pk]))
    commission.refresh_from_db()
    assert commission.is_published and commission.members.count() == 1


def test_commission_page_and_list_use_bounded_queries(client_for, office, django_assert_max_num_queries):
    """The commission page reads a fixed number of queries whatever the number of events and students (one
    more per programme for the candidates); the list one whatever the number of commissions."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    world = attestation_world(start_year=2038, extra_final=40)
    commission = _commission(world, office)
    client = client_for("registrar")
    url = reverse("attestation_commission", args=[commission.pk])
    _event(world, office, commission, day=D(2039, 6, 1))
    service.distribute(actor=office, commission=commission, programme=world.programme, form="thesis")
    with CaptureQueriesContext(connection) as small:
        client.get(url)
    for n in range(1, 4):
        _event(world, office, commission, day=D(2039, 6, 1 + n))
    service.distribute(actor=office, commission=commission, programme=world.programme, form="thesis")
    with django_assert_max_num_queries(len(small)):
        page = client.get(url)
    assert page.status_code == 200 and page.text.count("attestation-event") >= 4
    assert len(small) <= 30
    with CaptureQueriesContext(connection) as one:
        client.get(reverse("attestation_list"))
    for n in range(8):
        _commission(world, office, name=f"SAC-{n + 10}")
    with django_assert_max_num_queries(len(one)):
        assert client.get(reverse("attestation_list")).status_code == 200
    assert len(one) <= 20


# --- exports -----------------------------------------------------------------------------------------------------


def test_xlsx_export_reads_back(client_for, published, world):
    from openpyxl import load_workbook

    response = client_for("registrar").get(
        reverse("attestation_commission", args=[published.pk]), {"export": "xlsx", "lang": "ru"}
    )
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][0] == "дата" or rows[0][0]  # header in the language asked for (when translated)
    names = [r[6] for r in rows[1:]]
    assert names == [s.full_name for s in world.final]
    assert rows[1][0] == "01.06.2034" and rows[1][3] == world.programme.code


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="pdftotext is missing")
@pytest.mark.parametrize("lang", ["kk", "ru", "en"])
def test_pdf_export_reads_back(client_for, published, world, lang):
    response = client_for("dean_office").get(
        reverse("attestation_commission", args=[published.pk]), {"export": "pdf", "lang": lang}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True).stdout
    text = text.decode()
    assert "SAC-1" in text and "Сәрсенбаев Қайрат" in text and "01.06.2034" in text
    assert world.final[0].full_name in text and "Иванов С. П." in text


def test_student_cannot_export(client_for, published):
    url = reverse("attestation_commission", args=[published.pk])
    assert client_for("student").get(url, {"export": "xlsx"}).status_code == 403


# --- settings ----------------------------------------------------------------------------------------------------


def test_settings_page_has_the_caps_and_validates_them():
    from registrar.forms import UniversitySettingsForm

    form = UniversitySettingsForm(instance=UniversitySettings(pk=1))
    assert "attestation_max_per_defence" in form.fields and "attestation_max_per_exam" in form.fields
    names = [f.name for _title, fields in form.fieldsets() for f in fields]
    assert "attestation_max_per_exam" in names
    s = UniversitySettings(pk=1, attestation_max_per_defence=0)
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as exc:
        s.full_clean()
    assert "attestation_max_per_defence" in exc.value.message_dict


# --- demo --------------------------------------------------------------------------------------------------------


def test_demo_seeds_one_published_commission_and_is_idempotent():
    import random

    from django.utils import timezone

    from registrar.demo import DemoContext
    from scheduling.demo import _seed_room_unavailability, _seed_rooms
    from scheduling.demo_attestation import seed_attestation
    from scheduling.models import AttestationCommission, RoomUnavailability

    today = timezone.localdate()
    start = today.year if today.month >= 9 else today.year - 1
    world = attestation_world(start_year=start)
    UserFactory(username="registrar", roles=[Role.REGISTRAR])
    lines = []
    ctx = DemoContext(seed=1, students=0, log=lines.append)
    ctx.rng = random.Random(1)
    seed_attestation(ctx)
    commission = AttestationCommission.objects.get()
    assert commission.is_published and commission.members.count() >= 1
    assert AttestationAssignment.objects.filter(event__commission=commission).count() == len(world.final)
    seed_attestation(ctx)
    assert AttestationCommission.objects.count() == 1 and "already" in lines[-1]
    _seed_rooms()
    _seed_room_unavailability()
    _seed_room_unavailability()
    assert RoomUnavailability.objects.count() == 3


def test_event_edit_page_moves_an_event_and_names_the_refused_field(client_for, published, world):
    event = published.events.order_by("date").first()
    client = client_for("registrar")
    url = reverse("attestation_event_edit", args=[event.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="event-date"' in page.text
    data = {"event-programme": world.programme.pk, "event-form": "thesis", "event-date": "2034-06-05",
            "event-starts_at": "10:00", "event-ends_at": "14:00", "event-room": world.rooms[2].pk}  # fmt: skip
    assert client.post(url, data).status_code == 302
    event.refresh_from_db()
    assert (event.date, event.room) == (D(2034, 6, 5), world.rooms[2])
    refused = client.post(url, {**data, "event-date": "2034-09-01"})
    assert refused.status_code == 200 and "20.06.2034" in " ".join(refused.context["form"].errors["date"])
    assert client_for("dean_office").get(url).status_code == 403
