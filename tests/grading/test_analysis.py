"""Session analysis: absolute progress and quality per group, programme, faculty and teacher, the
debtors, the grade distribution, the exports and the dashboards; every figure is checked against
counts made independently here from the results, and a dean's office sees its own faculty only."""

from collections import defaultdict
from io import BytesIO

import pytest
from django.core.cache import cache
from openpyxl import load_workbook

from enrollment.models import Result
from grading import analysis
from grading.services import sheets as svc
from tests.enrollment.factories_students import AcademicGroupFactory

from .gpa_world import gpa_world, record
from .test_sheet_services import fill, make_sheet
from .world import graded_world

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _fresh_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def world(users):
    w = gpa_world(users)
    autumn, spring = w.term(2030, "autumn"), w.term(2030, "spring")
    g1 = AcademicGroupFactory(programme=w.programme, name="ИС-30-1")
    g2 = AcademicGroupFactory(programme=w.programme, name="ИС-30-2")
    g3 = AcademicGroupFactory(programme=w.other_programme, name="ФМ-30-1")
    d = w.disciplines

    def student(group, *grades, programme=None):
        s = w.student(group=group, programme=programme or w.programme)
        for discipline, letter in grades:
            record(s, discipline, autumn, letter)
        return s

    w.extra.update(
        s1=student(g1, (d[0], "A"), (d[1], "B")),  # no failure, quality
        s2=student(g1, (d[0], "A"), (d[1], "C")),  # no failure, not quality
        s3=student(g1, (d[0], "FX"), (d[0], "B"), (d[1], "A")),  # FX retaken in the term: quality
        s4=student(g1, (d[0], "F"), (d[1], "A")),  # failure
        s5=student(g1, (w.pass_fail, "P"), (d[1], "A-")),  # pass/fail does not spoil quality
        s6=student(g2, (w.pass_fail, "NP"), (d[1], "A")),  # failure
        s7=student(g2, (d[2], "B-")),  # quality
        s8=student(g3, (d[0], "F"), programme=w.other_programme),  # other faculty
        groups=(g1, g2, g3),
    )
    record(w.extra["s2"], d[3], spring, "F")  # another term: not in the autumn figures
    return w


def independent_counts(term, key, faculty_ids=None):
    """{key: (students, without failures, quality)} by plain Python over every result of the term."""
    latest = {}
    for r in Result.objects.filter(term=term).select_related("student__programme"):
        if faculty_ids is not None and r.student.programme.faculty_id not in faculty_ids:
            continue
        k = (r.student_id, r.discipline_id)
        if k not in latest or r.attempt > latest[k].attempt:
            latest[k] = r
    per_student = defaultdict(list)
    for r in latest.values():
        per_student[r.student].append(r)
    out = defaultdict(lambda: [0, 0, 0])
    for student, results in per_student.items():
        line = out[key(student)]
        failed = any(not r.passed for r in results)
        quality = all(r.points is None or r.letter in ("A", "A-", "B+", "B", "B-") for r in results)
        line[0] += 1
        line[1] += not failed
        line[2] += (not failed) and quality
    return {k: tuple(v) for k, v in out.items()}


def figures(result):
    return {t.key: (t.total, t.without_failures, t.quality) for t in result.lines}


@pytest.mark.parametrize(
    "by,key",
    [
        ("group", lambda s: s.group_id),
        ("programme", lambda s: s.programme_id),
        ("faculty", lambda s: s.programme.faculty_id),
    ],
)
def test_figures_match_counts_made_independently(world, users, by, key):
    autumn = world.term(2030, "autumn")
    result = analysis.session_analysis(users["registrar"], autumn, by)
    assert figures(result) == independent_counts(autumn, key)
    dean = analysis.session_analysis(users["dean_office"], autumn, by)
    assert figures(dean) == independent_counts(autumn, key, faculty_ids={world.faculty.pk})


def test_figures_by_hand(world, users):
    result = analysis.session_analysis(users["registrar"], world.term(2030, "autumn"), "group")
    lines = {t.label: t for t in result.lines}
    g1 = lines["ИС-30-1"]
    assert (g1.total, g1.without_failures, g1.quality) == (5, 4, 3)
    assert (str(g1.progress_percent), str(g1.quality_percent)) == ("80.0", "60.0")
    g2 = lines["ИС-30-2"]
    assert (g2.total, g2.without_failures, g2.quality) == (2, 1, 1)
    assert (result.total.total, result.total.without_failures, result.total.quality) == (8, 5, 4)


def test_by_teacher_counts_results_of_the_teachers_sheets(users):
    world = graded_world(users)
    sheet = make_sheet(world, users)
    a, b, c = world.extra["people"]
    fill(sheet, users["teacher"], {a.pk: (70, 70, 80, 80, 90), b.pk: (80, 80, 80, 80, 45), c.pk: (40, 40, 50, 50, 0)})
    svc.sheet_submit(sheet=sheet, actor=users["teacher"])
    svc.sheet_close(sheet=sheet, actor=users["registrar"])
    result = analysis.session_analysis(users["registrar"], world.term, "teacher")
    (line,) = result.lines
    assert line.key == world.extra["teacher"].pk and line.label == users["teacher"].full_name
    assert (line.total, line.without_failures, line.quality) == (3, 1, 1)  # B; FX; F


def test_debtors_are_latest_attempts_not_passed(world, client_for):
    response = client_for("registrar").get("/grading/gpa/debtors/")
    rows = {(r.record.student_id, r.record.discipline.code, r.record.letter) for r in response.context["table"].rows}
    e = world.extra
    assert rows == {
        (e["s4"].pk, "GD1", "F"),
        (e["s6"].pk, "PF1", "NP"),
        (e["s8"].pk, "GD1", "F"),
        (e["s2"].pk, "GD4", "F"),
    }  # s3's FX was retaken and passed
    dean = client_for("dean_office").get("/grading/gpa/debtors/")
    assert e["s8"].pk not in {r.record.student_id for r in dean.context["table"].rows}
    autumn = client_for("registrar").get("/grading/gpa/debtors/", {"term": world.term(2030, "autumn").pk})
    assert len(autumn.context["table"].rows) == 3


def test_grade_distribution_counts_latest_attempts_in_the_term(world, users):
    dist = {
        d["letter"]: d["count"] for d in analysis.grade_distribution(users["registrar"], world.term(2030, "autumn"))
    }
    assert (dist["A"], dist["A-"], dist["B"], dist["B-"], dist["C"], dist["F"], dist["FX"]) == (5, 1, 2, 1, 1, 2, 0)
    assert (dist["P"], dist["NP"]) == (1, 1)
    assert list(dist)[:2] == ["A", "A-"]


def test_the_analysis_page_charts_and_exports(world, client_for, django_assert_max_num_queries):
    client = client_for("registrar")
    autumn = world.term(2030, "autumn")
    client.get("/grading/gpa/analysis/")  # the first request of a fresh database creates the settings
    with django_assert_max_num_queries(12) as few:
        response = client.get("/grading/gpa/analysis/", {"term": autumn.pk, "by": "group"})
    baseline = len(few)
    html = response.content.decode()
    assert 'id="analysis-chart"' in html and 'id="distribution-chart"' in html and "<svg" in html
    assert "ИС-30-1" in html and "80.0" in html
    export = client.get("/grading/gpa/analysis/", {"term": autumn.pk, "by": "group", "export": "xlsx"})
    book = load_workbook(BytesIO(export.content))
    rows = list(book.worksheets[0].iter_rows(values_only=True))
    assert rows[1][:4] == ("ИС-30-1", 5, 4, 80)
    assert rows[-1][0] == "Total"
    assert len(book.worksheets) == 2
    for _i in range(6):
        s = world.student(group=world.extra["groups"][0])
        record(s, world.disciplines[0], autumn, "B")
    with django_assert_max_num_queries(baseline):
        client.get("/grading/gpa/analysis/", {"term": autumn.pk, "by": "group"})


def test_the_dashboards_show_the_session_chart_to_the_office_and_the_dean(world, client_for):
    office = client_for("registrar").get("/").content.decode()
    assert 'id="panel-session"' in office and 'id="panel-session-chart"' in office
    dean = client_for("dean_office").get("/")
    panel = next(p for p in dean.context["panels"] if p.get("result") is not None)
    assert panel["result"].by == "programme"
    assert [t.key for t in panel["result"].lines] == [world.programme.pk]
    assert 'id="panel-session"' not in client_for("student").get("/").content.decode()


def test_only_the_office_and_deans_see_the_analysis(world, client_for):
    for role in ("student", "teacher", "adviser"):
        assert client_for(role).get("/grading/gpa/analysis/").status_code == 403
        assert client_for(role).get("/grading/gpa/debtors/").status_code == 403
    assert client_for("dean_office").get("/grading/gpa/analysis/").status_code == 200
