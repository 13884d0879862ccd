"""Week grids exported as xlsx and PDF (the page's policy and grid), and the iCalendar feed per person:
RFC 5545 text read back by a tiny parser, the secret token, its reset."""

import datetime
import io
import subprocess
import zoneinfo

import openpyxl
import pytest
from django.urls import reverse

from enrollment.models import Student
from scheduling.ical import escape_text, fold
from scheduling.models import CalendarToken, ScheduledLesson, TimetableVersion

from .factories_timetable import small_term

pytestmark = pytest.mark.django_db

NAME = "Қазақ әдебиеті, тарихы; кіріспе"


@pytest.fixture
def world(users):
    """The small term with a published version laid out by hand: the stream on Monday 1 and Tuesday 1,
    its practice group on Monday 2, the other discipline on Tuesday 2. The first student is the `student`
    fixture user (all four lessons), teacher A the `teacher` fixture user (three lessons)."""
    t = small_term()
    Student.objects.filter(pk=t.students[0].pk).update(user=users["student"])
    t.teacher_a.user = users["teacher"]
    t.teacher_a.save()
    discipline = t.stream.discipline
    discipline.name_kk = discipline.name_ru = discipline.name_en = NAME
    discipline.save()
    version = TimetableVersion.objects.create(
        term=t.term, created_by=users["registrar"], solve_status="done", progress=100, status="published"
    )
    for index, (section, day, period, room) in enumerate(
        [(t.stream, 1, 1, t.hall), (t.stream, 2, 1, t.hall), (t.practice, 1, 2, t.classroom), (t.other, 2, 2, t.hall)],
        start=1,
    ):
        ScheduledLesson.objects.create(version=version, section=section, index=index, day=day, period=period, room=room)
    t.version = version
    return t


# --- xlsx and PDF -----------------------------------------------------------------------------------------------


def _sheet(response):
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = wb.worksheets[0]
    return ws, [[c.value for c in row] for row in ws.iter_rows()]


def test_group_grid_exports_xlsx_with_lessons_in_their_day_and_period(client_for, world):
    client = client_for("registrar")
    group = world.students[0].group
    ws, rows = _sheet(client.get(reverse("timetable_group"), {"group": group.pk, "export": "xlsx"}))
    assert ws.freeze_panes == "A2"
    header = rows[0]
    assert len(header) == 3  # class period, Monday, Tuesday
    monday, tuesday = 1, 2
    assert rows[1][0].startswith("1") and "08:30" in rows[1][0]
    assert rows[2][0].startswith("2") and "09:30" in rows[2][0]
    code = world.stream.discipline.code
    assert f"{code} {NAME}" in rows[1][monday] and "A-1" in rows[1][monday]
    assert f"{code} {NAME}" in rows[1][tuesday]
    assert str(world.teacher_b) in rows[2][monday] and "A-2" in rows[2][monday]
    assert world.other.discipline.code in rows[2][tuesday]
    assert rows[3][monday] in (None, "")  # period 3: nothing


def test_every_grid_exports_xlsx(client_for, world):
    office = client_for("registrar")
    code = world.other.discipline.code
    urls = [
        (office, reverse("timetable_teacher"), {"teacher": world.teacher_a.pk}),
        (office, reverse("timetable_room"), {"room": world.hall.pk}),
        (office, reverse("timetable_student", args=[world.students[0].pk]), {}),
        (client_for("student"), reverse("timetable_my"), {}),
        (client_for("teacher"), reverse("timetable_my"), {}),
    ]
    for client, url, params in urls:
        _ws, rows = _sheet(client.get(url, {**params, "export": "xlsx"}))
        assert code in rows[2][2], url  # Tuesday, period 2


def _pdf_text(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True)
    return result.stdout.decode("utf-8")


def test_grid_pdf_has_the_title_the_code_and_kazakh_letters(client_for, world):
    text = _pdf_text(client_for("registrar").get(reverse("timetable_teacher"), {"teacher": world.teacher_a.pk,
                                                                                 "export": "pdf"}))  # fmt: skip
    assert world.stream.discipline.code in text
    assert "Қ" in text or "ә" in text
    assert f"#{world.version.pk}" in text
    my = _pdf_text(client_for("student").get(reverse("timetable_my"), {"export": "pdf"}))
    assert world.other.discipline.code in my


def test_another_students_grid_export_is_refused_like_the_page(client_for, world):
    url = reverse("timetable_student", args=[world.students[1].pk])
    client = client_for("student")
    assert client.get(url).status_code == 403
    assert client.get(url, {"export": "xlsx"}).status_code == 403
    assert client.get(url, {"export": "pdf"}).status_code == 403
    assert client_for("teacher").get(reverse("timetable_group"), {"export": "xlsx"}).status_code == 403


def test_grid_pages_link_their_exports(client_for, world):
    page = client_for("registrar").get(reverse("timetable_room"), {"room": world.hall.pk})
    assert f"room={world.hall.pk}&amp;export=xlsx" in page.text


# --- iCalendar --------------------------------------------------------------------------------------------------


def _unescape(value: str) -> str:
    out, i = [], 0
    while i < len(value):
        if value[i] == "\\" and i + 1 < len(value):
            nxt = value[i + 1]
            out.append("\n" if nxt in "nN" else nxt)
            i += 2
        else:
            out.append(value[i])
            i += 1
    return "".join(out)


def parse_ics(raw: bytes) -> list[dict]:
    """The VEVENTs of a calendar as {name: (params, value)}; checks CRLF endings and 75-octet lines."""
    text = raw.decode("utf-8")
    assert text.endswith("\r\n")
    physical = text[:-2].split("\r\n")
    assert all("\n" not in line and "\r" not in line for line in physical)
    assert all(len(line.encode("utf-8")) <= 75 for line in physical)
    lines = []
    for line in physical:
        if line.startswith(" "):
            lines[-1] += line[1:]
        else:
            lines.append(line)
    assert lines[0] == "BEGIN:VCALENDAR" and lines[-1] == "END:VCALENDAR"
    events, current = [], None
    for line in lines:
        if line == "BEGIN:VEVENT":
            current = {}
        elif line == "END:VEVENT":
            events.append(current)
            current = None
        elif current is not None:
            name_params, value = line.split(":", 1)
            name, *params = name_params.split(";")
            current[name] = (dict(p.split("=", 1) for p in params), value)
    return events


def _feed(client, user):
    token = CalendarToken.objects.get(user=user).token
    response = client.get(reverse("timetable_ical", args=[token]))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return parse_ics(response.content)


def test_my_timetable_shows_the_link_and_the_feed_lists_weekly_lessons(client, client_for, users, world):
    page = client_for("student").get(reverse("timetable_my"))
    token = CalendarToken.objects.get(user=users["student"]).token
    assert len(token) == 32
    assert reverse("timetable_ical", args=[token]) in page.text
    events = _feed(client, users["student"])  # anonymous: calendar apps cannot log in
    assert len(events) == 4
    zone = zoneinfo.ZoneInfo("Asia/Qyzylorda")
    term = world.term
    for event in events:
        params, value = event["DTSTART"]
        assert params == {"TZID": "Asia/Qyzylorda"}
        start = datetime.datetime.strptime(value, "%Y%m%dT%H%M%S")
        assert term.starts_on <= start.date() < term.starts_on + datetime.timedelta(days=7)
        assert start.isoweekday() in (1, 2)
        assert start.time() in (datetime.time(8, 30), datetime.time(9, 30))
        until = event["RRULE"][1].split("UNTIL=")[1]
        local_until = datetime.datetime.strptime(until, "%Y%m%dT%H%M%SZ").replace(tzinfo=datetime.UTC).astimezone(zone)
        assert event["RRULE"][1].startswith("FREQ=WEEKLY;") and local_until.date() == term.ends_on
    summaries = {_unescape(e["SUMMARY"][1]) for e in events}
    code = world.stream.discipline.code
    assert f"{code} {NAME}" in summaries
    raw = next(e["SUMMARY"][1] for e in events if e["SUMMARY"][1].startswith(code))
    assert raw == f"{code} Қазақ әдебиеті\\, тарихы\\; кіріспе"
    monday_first = [e for e in events if e["DTSTART"][1].endswith("T083000") and e["SUMMARY"][1].startswith(code)]
    first_monday = datetime.datetime.strptime(monday_first[0]["DTSTART"][1], "%Y%m%dT%H%M%S").date()
    assert first_monday.isoweekday() == 1 and first_monday - term.starts_on < datetime.timedelta(days=7)
    assert any("A-1" in _unescape(e["LOCATION"][1]) for e in events)
    assert any(str(world.teacher_b) in _unescape(e["DESCRIPTION"][1]) for e in events)


def test_teacher_feed_lists_their_own_lessons(client, client_for, users, world):
    client_for("teacher").get(reverse("timetable_my"))
    events = _feed(client, users["teacher"])
    assert len(events) == 3  # the stream twice and the other lectures; not teacher B's practice group


def test_unknown_token_is_404_and_reset_invalidates_the_old_link(client, client_for, users, world):
    assert client.get(reverse("timetable_ical", args=["x" * 32])).status_code == 404
    student = client_for("student")
    student.get(reverse("timetable_my"))
    old = CalendarToken.objects.get(user=users["student"]).token
    assert client.get(reverse("timetable_ical", args=[old])).status_code == 200
    response = student.post(reverse("timetable_calendar_reset"))
    assert response.status_code == 302
    new = CalendarToken.objects.get(user=users["student"]).token
    assert new != old and len(new) == 32
    assert client.get(reverse("timetable_ical", args=[old])).status_code == 404
    assert client.get(reverse("timetable_ical", args=[new])).status_code == 200
    assert student.get(reverse("timetable_calendar_reset")).status_code == 405


def test_text_escaping_and_folding():
    assert escape_text("a,b;c\\d\ne") == "a\\,b\\;c\\\\d\\ne"
    line = "SUMMARY:" + "Қ" * 60
    folded = fold(line)
    parts = folded.split("\r\n")
    assert all(len(p.encode("utf-8")) <= 75 for p in parts)
    assert parts[0] + "".join(p[1:] for p in parts[1:]) == line
