"""A small university for the report tests, and the independent counting the reports are checked
against.

Two faculties: F1 with programmes P1 and P2 (bachelor), F2 with P3 (bachelor) and M1 (master).
Students are enrolled and moved through the status writer, as signed orders move them, between
2023 and 2025: academic leave and return, expulsions with grounds, transfers between programmes of
one faculty and between faculties, promotions, a repeat year, a transfer in from another
university, a reinstatement and a graduation; women and men, a foreign citizen, both study forms,
three languages and both fundings.

`replay_states(on)` rebuilds every student's state on a date by reading the history rows one by one
in Python (no window functions, no JSON lookups in SQL): the reference the reports must agree with.
"""

import datetime
from collections import Counter

from enrollment.choices import Movement
from enrollment.models import StatusChange, Student
from tests.enrollment.factories_students import FacultyFactory, ProgrammeFactory, StudentFactory, change

D = datetime.date


def build():
    f1 = FacultyFactory(code="RF1", name_en="Faculty of Engineering", name_ru="Инженерный факультет")
    f2 = FacultyFactory(code="RF2", name_en="Faculty of Economics", name_ru="Экономический факультет")
    p1 = ProgrammeFactory(code="6B06101", short_code="ИС", department__faculty=f1, faculty=f1)
    p2 = ProgrammeFactory(code="6B06102", short_code="ВТ", department__faculty=f1, faculty=f1)
    p3 = ProgrammeFactory(code="6B04101", short_code="ЭК", department__faculty=f2, faculty=f2)
    m1 = ProgrammeFactory(
        code="7M04101", short_code="МЭ", department__faculty=f2, faculty=f2, level="master", duration_years=2
    )

    def enrol(programme, on, **fields):
        fields.setdefault("intake_year", on.year)
        return StudentFactory(programme=programme, enrolled_on=on, **fields)

    s = {}
    # 2023 intake.
    s["a"] = enrol(p1, D(2023, 9, 1), sex="F", language="kk", last_name="Әлиева")
    s["b"] = enrol(p1, D(2023, 9, 1), sex="M", language="ru", funding="paid")
    s["c"] = enrol(p1, D(2023, 9, 1), sex="M", language="kk", study_form="distance")
    s["d"] = enrol(p2, D(2023, 9, 1), sex="F", language="ru", citizenship="UZ", funding="paid")
    s["e"] = enrol(p3, D(2023, 9, 1), sex="F", language="en")
    s["f"] = enrol(p3, D(2023, 9, 1), sex="M", language="kk")
    s["g"] = enrol(m1, D(2023, 9, 1), sex="F", language="ru")
    # 2024 intake.
    s["h"] = enrol(p1, D(2024, 9, 1), sex="M", language="kk")
    s["i"] = enrol(p2, D(2024, 9, 1), sex="F", language="kk", funding="paid", study_form="distance")
    s["j"] = enrol(p3, D(2024, 9, 1), sex="M", language="ru", citizenship="RU")
    s["k"] = enrol(m1, D(2024, 9, 1), sex="M", language="en", funding="paid")

    change(s["c"], Movement.EXPELLED, D(2023, 12, 1), ground="own_wish", status="expelled")
    change(s["a"], Movement.LEAVE, D(2024, 2, 1), ground="medical", status="on_leave", leave_until=D(2025, 2, 1))
    for key in ("b", "d", "e", "f"):
        change(s[key], Movement.PROMOTED, D(2024, 9, 1), year_of_study=2)
    change(s["g"], Movement.PROMOTED, D(2024, 9, 1), year_of_study=2)
    change(s["b"], Movement.TRANSFERRED, D(2024, 10, 1), programme_id=p2.pk)
    change(s["f"], Movement.TRANSFERRED, D(2024, 11, 1), programme_id=m1.pk, year_of_study=1)
    change(s["c"], Movement.REINSTATED, D(2024, 9, 1), status="active", year_of_study=1)
    change(s["d"], Movement.EXPELLED, D(2025, 1, 15), ground="non_payment", status="expelled")
    change(s["e"], Movement.EXPELLED, D(2025, 3, 1), ground="academic_failure", status="expelled")
    change(s["a"], Movement.RETURNED, D(2025, 2, 1), status="active", leave_until=None)
    change(s["i"], Movement.TRANSFERRED, D(2025, 4, 1), programme_id=p3.pk)  # into another faculty
    change(s["g"], Movement.GRADUATED, D(2025, 6, 30), status="graduated")
    change(s["h"], Movement.REPEAT_YEAR, D(2025, 9, 1), funding="paid")
    change(s["j"], Movement.FUNDING_CHANGED, D(2025, 2, 1), funding="paid")
    # Transferred in from another university into year 2 of P3.
    s["t"] = StudentFactory.build(programme=p3, intake_year=2024, year_of_study=2, sex="F", language="ru")
    from enrollment.services.status import student_enrol
    from tests.enrollment.factories_students import factory_actor

    data = {f.name: getattr(s["t"], f.name) for f in s["t"]._meta.concrete_fields if f.name != "id"}
    s["t"] = student_enrol(
        actor=factory_actor(), data=data, effective_on=D(2025, 1, 20), movement=Movement.TRANSFERRED_IN
    )
    return {"f1": f1, "f2": f2, "p1": p1, "p2": p2, "p3": p3, "m1": m1, "students": s}


# --- the independent reference --------------------------------------------------------------------


def replay_states(on: datetime.date) -> dict[int, dict]:
    """{student_id: state on `on`}: each student's history read in Python, the last change in force."""
    states = {}
    for change_row in StatusChange.objects.order_by("student_id", "effective_on", "id"):
        if change_row.effective_on <= on:
            states[change_row.student_id] = change_row.after
    return states


def people() -> dict[int, tuple[str, str]]:
    return {s.pk: (s.sex, s.citizenship) for s in Student.objects.all()}


def expected_body(on, *, statuses=("active", "on_leave"), programme_ids=None) -> Counter:
    """Counts by (programme_id, year, column key) of the body on `on`, from the replay."""
    who = people()
    counts = Counter()
    for sid, state in replay_states(on).items():
        if state["status"] not in statuses:
            continue
        if programme_ids is not None and state["programme_id"] not in programme_ids:
            continue
        sex, citizenship = who[sid]
        key = (state["programme_id"], state["year_of_study"])
        for column in (
            "total",
            f"form:{state['study_form']}",
            f"funding:{state['funding']}",
            f"language:{state['language']}",
            f"sex:{sex}",
            "citizen:home" if citizenship == "KZ" else "citizen:foreign",
        ):
            counts[(*key, column)] += 1
        if state["status"] == "on_leave":
            counts[(*key, "on_leave")] += 1
    return counts


def expected_active_by_programme(on) -> Counter:
    return Counter(s["programme_id"] for s in replay_states(on).values() if s["status"] == "active")
