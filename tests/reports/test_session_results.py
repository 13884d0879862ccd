"""Session results: progress and quality per group against counts made here from the results, the
debtors by discipline, the grade distribution, the xlsx, and a dean's office seeing its faculty only."""

from collections import Counter, defaultdict

from django.urls import reverse

from enrollment.models import Result
from reports import exports
from reports.selectors_session import session_results

from .xlsx_helpers import assert_clean_sheet, read, sheet_parts


def latest_results(term, faculty_id=None):
    latest = {}
    for r in Result.objects.filter(term=term).select_related("student__programme", "student__group"):
        if faculty_id is not None and r.student.programme.faculty_id != faculty_id:
            continue
        key = (r.student_id, r.discipline_id)
        if key not in latest or r.attempt > latest[key].attempt:
            latest[key] = r
    return list(latest.values())


def test_progress_quality_and_debts_equal_independent_counts(sheet_world, users, django_assert_max_num_queries):
    autumn = sheet_world.extra["autumn"]
    with django_assert_max_num_queries(8):
        results = session_results(users["registrar"], autumn, "group")
    latest = latest_results(autumn)
    per_student = defaultdict(list)
    for r in latest:
        per_student[r.student].append(r)
    expected = defaultdict(lambda: [0, 0, 0])
    for student, rs in per_student.items():
        line = expected[student.group.name]
        line[0] += 1
        if all(r.passed for r in rs):
            line[1] += 1
            if all(r.points is None or r.letter[0] in "AB" for r in rs):
                line[2] += 1
    got = {t.label: [t.total, t.without_failures, t.quality] for t in results.analysis.lines}
    assert got == dict(expected)
    debts = Counter(r.discipline.code for r in latest if not r.passed)
    assert {d["discipline"].code: d["total"] for d in results.debts} == dict(debts)
    assert results.debts_total == sum(debts.values())
    assert sum(d["count"] for d in results.distribution) == len(latest)


def test_xlsx_reads_back(sheet_world, users):
    results = session_results(users["registrar"], sheet_world.extra["autumn"], "programme")
    wb = read(exports.session_xlsx(results, "educational programme"))
    ws = wb["Progress and quality"]
    assert_clean_sheet(ws, frozen="B3")
    _h, data, totals = sheet_parts(ws)
    assert totals[1] == sum(r[1] for r in data) and totals[2] == sum(r[2] for r in data)
    _h, debts, debt_totals = sheet_parts(wb["Debtors by discipline"])
    assert debt_totals[-1] == sum(r[-1] for r in debts) == results.debts_total
    _h, letters, letter_total = sheet_parts(wb["Grade distribution"])
    assert letter_total[1] == sum(r[1] for r in letters)


def test_pages_and_a_deans_faculty(sheet_world, client_for):
    autumn = sheet_world.extra["autumn"]
    office = client_for("registrar").get(reverse("reports_session"), {"term": autumn.pk, "by": "group"})
    assert office.status_code == 200
    assert {t.label for t in office.context["results"].analysis.lines} == {"ИС-30-1", "ИС-30-2", "ФМ-30-1"}
    dean = client_for("dean_office").get(reverse("reports_session"), {"term": autumn.pk, "by": "group"})
    assert {t.label for t in dean.context["results"].analysis.lines} == {"ИС-30-1", "ИС-30-2"}
    own = latest_results(autumn, sheet_world.faculty.pk)
    assert dean.context["results"].debts_total == sum(1 for r in own if not r.passed)
    xlsx = client_for("registrar").get(reverse("reports_session"), {"term": autumn.pk, "export": "xlsx"})
    assert xlsx.status_code == 200 and "Debtors by discipline" in read(xlsx.content).sheetnames
    assert client_for("student").get(reverse("reports_session")).status_code == 403
