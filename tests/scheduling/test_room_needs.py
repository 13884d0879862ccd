"""Rooms' unavailable times and the rooms a discipline's lessons need: the solver's problem, manual
moves' conflicts, the discipline form's validation, the room unavailability pages and who may open them."""

import pytest
from django.urls import reverse

from academics.models import Discipline
from academics.services.structure import discipline_save
from registrar.errors import DomainError
from registrar.roles import Role
from scheduling import services
from scheduling.models import RoomUnavailability
from tests.enrollment.factories_students import UserFactory

from .factories_timetable import RoomFactory, small_term

pytestmark = pytest.mark.django_db


@pytest.fixture
def registrar():
    return UserFactory(roles=[Role.REGISTRAR])


def _problem(t):
    return services.build_problem(services.load_term(t.term))


# --- A. rooms' unavailable times ----------------------------------------------------------------------------------


def test_room_unavailable_time_is_hard_in_the_problem():
    t = small_term()
    RoomUnavailability.objects.create(room=t.hall, day=2, period=3, note="maintenance")
    RoomUnavailability.objects.create(room=t.hall, day=6, period=1)  # outside the grid: ignored
    problem, _warnings = _problem(t)
    assert problem.room(f"r{t.hall.pk}").unavailable == frozenset({(1, 2)})
    assert problem.room(f"r{t.classroom.pk}").unavailable == frozenset()


def test_solved_timetable_avoids_the_room_unavailable_times(registrar):
    t = small_term()
    for period in (1, 2):
        RoomUnavailability.objects.create(room=t.hall, day=1, period=period)
    version = services.timetable_version_create(actor=registrar, term=t.term, time_limit=2)
    version = services.timetable_solve(version, seed=1, iterations=20_000)
    assert version.hard_violations == 0
    assert not version.lessons.filter(room=t.hall, day=1, period__in=(1, 2)).exists()


def test_move_into_an_unavailable_room_time_is_a_conflict(registrar):
    t = small_term()
    version = services.timetable_solve(
        services.timetable_version_create(actor=registrar, term=t.term, time_limit=2), seed=1, iterations=20_000
    )
    lesson = version.lessons.filter(section=t.practice).first()
    taken = set(version.lessons.values_list("day", "period"))
    day, period = sorted({(d, p) for d in (1, 2) for p in (1, 2, 3)} - taken)[0]
    services.room_unavailability_set(actor=registrar, room=t.classroom, day=day, period=period, note="другой факультет")
    result = services.lesson_move(actor=registrar, lesson=lesson, day=day, period=period, room=t.classroom)
    assert [c.code for c in result.conflicts] == ["room_unavailable"]
    assert "другой факультет" in result.conflicts[0].message
    with pytest.raises(DomainError):  # a hard conflict: saved only when confirmed
        services.lesson_move(actor=registrar, lesson=lesson, day=day, period=period, room=t.classroom, save=True)


def test_room_unavailability_service_refuses_a_bad_day_and_non_office(registrar):
    t = small_term(students=0)
    with pytest.raises(DomainError) as exc:
        services.room_unavailability_set(actor=registrar, room=t.hall, day=7, period=1)
    assert exc.value.field == "day"
    with pytest.raises(DomainError) as exc:
        services.room_unavailability_set(actor=registrar, room=t.hall, day=1, period=0)
    assert exc.value.field == "period"
    from django.core.exceptions import PermissionDenied

    with pytest.raises(PermissionDenied):
        services.room_unavailability_set(actor=UserFactory(roles=[Role.TEACHER]), room=t.hall, day=1, period=1)


def test_room_unavailability_pages(client_for, django_assert_max_num_queries):
    t = small_term(students=0)
    client = client_for("registrar")
    url = reverse("room_unavailability_list")
    response = client.post(url, {"room": t.hall.pk, "day": 2, "period": 3, "note": "ремонт"})
    assert response.status_code == 302
    row = RoomUnavailability.objects.get()
    assert (row.room, row.day, row.period, row.note) == (t.hall, 2, 3, "ремонт")
    for day in (3, 4, 5):
        RoomUnavailability.objects.create(room=t.classroom, day=day, period=1)
    with django_assert_max_num_queries(12):
        page = client.get(url)
    assert page.status_code == 200 and "ремонт" in page.text and "A-2" in page.text
    assert "A-1" in client.get(url, {"q": "ремонт"}).text
    bad = client.post(url, {"room": t.hall.pk, "day": 9, "period": 1})
    assert bad.status_code == 200 and bad.context["form"].errors["day"]
    client.post(reverse("room_unavailability_delete", args=[row.pk]), {"confirm": "1"})
    assert not RoomUnavailability.objects.filter(pk=row.pk).exists()


@pytest.mark.parametrize("role", ["teacher", "student", "dean_office", "adviser"])
def test_only_the_office_opens_room_unavailability(client_for, role):
    t = small_term(students=0)
    row = RoomUnavailability.objects.create(room=t.hall, day=1, period=1)
    client = client_for(role)
    assert client.get(reverse("room_unavailability_list")).status_code == 403
    assert client.post(reverse("room_unavailability_delete", args=[row.pk]), {"confirm": "1"}).status_code == 403
    assert RoomUnavailability.objects.filter(pk=row.pk).exists()


# --- B. rooms the lessons need ------------------------------------------------------------------------------------


def test_default_room_types_come_from_the_lesson_type():
    t = small_term()
    problem, _warnings = _problem(t)
    assert problem.course(f"s{t.practice.pk}").room_kinds == frozenset({"classroom", "computer_lab"})


def test_discipline_room_type_and_equipment_are_used():
    t = small_term()
    lab = RoomFactory(number="PC", capacity=30, kind="computer_lab", features=["Projector", "25 computers"])
    d = t.practice.discipline
    d.room_kind_practice, d.equipment_practice = "computer_lab", ["projector", "25 COMPUTERS"]
    d.save()
    problem, warnings = _problem(t)
    assert warnings == []
    course = problem.course(f"s{t.practice.pk}")
    assert course.room_kinds == frozenset({"computer_lab"})
    assert course.may_use(problem.room(f"r{lab.pk}"))
    assert not course.may_use(problem.room(f"r{t.classroom.pk}"))


def test_any_room_means_no_room_type():
    t = small_term()
    d = t.practice.discipline
    d.room_kind_practice = "any"
    d.save()
    problem, _warnings = _problem(t)
    course = problem.course(f"s{t.practice.pk}")
    assert course.room_kinds == frozenset()
    assert course.may_use(problem.room(f"r{t.classroom.pk}"))


def test_no_room_with_the_equipment_is_a_translated_warning():
    t = small_term()
    d = t.practice.discipline
    d.equipment_practice = ["fume hood"]
    d.save()
    problem, warnings = _problem(t)
    assert warnings == [{"code": "no_room_equipment", "section": t.practice.code, "equipment": "fume hood"}]
    assert "fume hood" in services.warning_text(warnings[0])
    assert problem.course(f"s{t.practice.pk}").may_use(problem.room(f"r{t.classroom.pk}"))


def test_no_room_of_the_needed_type_is_a_warning():
    t = small_term()
    d = t.practice.discipline
    d.room_kind_practice = "gym"
    d.save()
    _problem_, warnings = _problem(t)
    assert {"code": "no_room_kind", "section": t.practice.code} in warnings


def test_move_into_a_room_of_wrong_type_without_equipment_or_too_small(registrar):
    t = small_term()
    version = services.timetable_solve(
        services.timetable_version_create(actor=registrar, term=t.term, time_limit=2), seed=1, iterations=20_000
    )
    d = t.practice.discipline
    d.room_kind_practice, d.equipment_practice = "classroom", ["Smart board"]
    d.save()
    lesson = version.lessons.filter(section=t.practice).first()
    gym = RoomFactory(number="G", capacity=10, kind="gym", features=["smart BOARD"])
    result = services.lesson_move(actor=registrar, lesson=lesson, day=lesson.day, period=lesson.period, room=gym)
    assert {c.code for c in result.conflicts} == {"room_kind", "capacity"}
    plain = RoomFactory(number="P", capacity=40, kind="classroom", features=["projector"])
    result = services.lesson_move(actor=registrar, lesson=lesson, day=lesson.day, period=lesson.period, room=plain)
    assert [c.code for c in result.conflicts] == ["room_equipment"]
    assert "Smart board" in result.conflicts[0].message


def _data(d, **overrides):
    data = {name: getattr(d, name) for name in ("hours_lecture", "hours_practice", "hours_lab")}
    data.update(overrides)
    return data


def test_discipline_room_needs_are_validated(registrar):
    t = small_term(students=0)
    d = t.other.discipline  # lectures only
    office = UserFactory(roles=[Role.REGISTRAR, Role.REGISTRAR_HEAD])
    with pytest.raises(DomainError) as exc:
        discipline_save(actor=office, discipline=d, data={"room_kind_lab": "laboratory"})
    assert exc.value.field == "room_kind_lab"
    with pytest.raises(DomainError) as exc:
        discipline_save(actor=office, discipline=d, data={"equipment_lecture": ",".join(f"t{i}" for i in range(11))})
    assert exc.value.field == "equipment_lecture"
    with pytest.raises(DomainError) as exc:
        discipline_save(actor=office, discipline=d, data={"room_kind_lecture": "stadium"})
    saved = discipline_save(
        actor=office,
        discipline=d,
        data={"room_kind_lecture": "lecture_hall", "equipment_lecture": " Projector, ,projector,Mic "},
    )
    d = Discipline.objects.get(pk=saved.obj.pk)
    assert d.room_kind_lecture == "lecture_hall"
    assert d.equipment_lecture == ["Projector", "Mic"]


def test_discipline_form_shows_room_needs_and_names_the_field(client_for):
    t = small_term(students=0)
    d = t.other.discipline
    client = client_for("registrar")
    url = reverse("discipline_edit", args=[d.pk])
    page = client.get(url)
    assert page.status_code == 200 and 'name="equipment_lecture"' in page.text
    form = page.context["form"]
    data = {k: ("" if v is None else v) for k, v in form.initial.items() if k != "prerequisites"}
    data.update({"department": d.department_id, "room_kind_lab": "laboratory", "is_active": "on"})
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["form"].errors["room_kind_lab"]
    data.update(
        {"room_kind_lab": "", "room_kind_lecture": "lecture_hall", "equipment_lecture": "projector, microphone"}
    )
    response = client.post(url, data)
    assert response.status_code == 302, response.context["form"].errors
    d.refresh_from_db()
    assert (d.room_kind_lecture, d.equipment_lecture) == ("lecture_hall", ["projector", "microphone"])
