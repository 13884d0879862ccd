"""Teacher load: planned hours per teacher and department against the sections read one by one;
cancelled sections and other terms do not count; the xlsx; a dean's office sees its faculty."""

from collections import Counter

import pytest
from django.urls import reverse

from enrollment.models import Section
from reports.selectors_load import load_report
from tests.academics.factories_calendar import year_with_terms
from tests.enrollment.factories_students import DepartmentFactory, TeacherFactory, dean_office_of
from tests.factories import DisciplineFactory

from .xlsx_helpers import assert_clean_sheet, read, sheet_parts

HOURS = {"lecture": "hours_lecture", "practice": "hours_practice", "lab": "hours_lab"}


@pytest.fixture
def load_world(users, world):
    year = year_with_terms(2030)
    autumn, spring = year.terms.order_by("starts_on")[:2]
    d1 = DepartmentFactory(code="LD1", faculty=world["f1"])
    d2 = DepartmentFactory(code="LD2", faculty=world["f2"])
    t1, t2, t3 = TeacherFactory(department=d1), TeacherFactory(department=d1), TeacherFactory(department=d2)
    lab = DisciplineFactory(code="LB1", department=d1, hours_lab=30, hours_practice=0)
    lec = DisciplineFactory(code="LC1", department=d1)  # 15 lecture, 30 practice hours
    n = iter(range(1, 100))

    def section(teacher, discipline, kind, term=autumn, status="open"):
        return Section.objects.create(term=term, discipline=discipline, kind=kind, language="ru", number=next(n),
                                      capacity=30, teacher=teacher, status=status)  # fmt: skip

    section(t1, lec, "lecture")
    section(t1, lec, "practice")
    section(t1, lec, "practice")
    section(t2, lab, "lab")
    section(t3, lec, "lecture")
    section(t3, lec, "lecture", status="cancelled")
    section(t1, lec, "lecture", term=spring)
    dean_office_of(users["dean_office"], world["f1"])
    return {"term": autumn, "teachers": (t1, t2, t3), "departments": (d1, d2), **world}


def independent(term, teachers):
    hours = Counter()
    for s in Section.objects.filter(term=term, status="open", teacher__in=teachers).select_related("discipline"):
        hours[(s.teacher_id, f"{s.kind}_hours")] += getattr(s.discipline, HOURS[s.kind])
        hours[(s.teacher_id, f"{s.kind}_sections")] += 1
        hours[(s.teacher_id, "total_hours")] += getattr(s.discipline, HOURS[s.kind])
    return hours


def test_hours_equal_the_sections_read_one_by_one(load_world, users, django_assert_max_num_queries):
    term, teachers = load_world["term"], load_world["teachers"]
    with django_assert_max_num_queries(3):
        report = load_report(users["registrar"], term, faculty_ids=[load_world["f1"].pk, load_world["f2"].pk])
    got = Counter()
    for line in report.rows:
        for key, v in line.values.items():
            if v:
                got[(line.teacher.pk, key)] += v
    assert got == independent(term, teachers)
    t1 = next(line for line in report.rows if line.teacher == teachers[0])
    assert (t1.values["lecture_hours"], t1.values["practice_hours"], t1.values["total_hours"]) == (15, 60, 75)
    departments = {
        line.department.code: line.values["total_hours"] for line in report.lines if line.kind == "department"
    }
    assert departments == {"LD1": 75 + 30, "LD2": 15}
    assert report.total.values["total_hours"] == 120


def test_xlsx_and_access(load_world, client_for):
    term = load_world["term"]
    office = client_for("registrar")
    response = office.get(reverse("reports_load"), {"term": term.pk, "faculty": load_world["f1"].pk})
    assert response.status_code == 200 and response.context["report"].total.values["total_hours"] == 105
    xlsx = office.get(reverse("reports_load"), {"term": term.pk, "export": "xlsx"})
    ws = read(xlsx.content)["Teacher load"]
    assert_clean_sheet(ws, frozen="C3")
    header, data, totals = sheet_parts(ws)
    rows = [r for r in data if r[2] is not None]  # teachers have a position; subtotals do not
    assert totals[-1] == sum(r[-1] for r in rows) >= 120
    dean = client_for("dean_office").get(reverse("reports_load"), {"term": term.pk})
    assert {line.department.code for line in dean.context["report"].rows} == {"LD1"}
    assert client_for("dean_office").get(reverse("reports_load"), {"faculty": load_world["f2"].pk}).status_code == 403
    assert client_for("teacher").get(reverse("reports_load")).status_code == 403
