"""The student body on a date: every cell equals the count rebuilt independently from the history,
subtotals and totals add up, filters narrow, the xlsx reads back with the same numbers."""

import datetime
from collections import Counter

import pytest
from django.urls import reverse

from reports import exports
from reports.selectors_body import body_columns, body_report

from . import world as w
from .xlsx_helpers import assert_clean_sheet, read, sheet_parts

D = datetime.date
DATES = [D(2023, 10, 1), D(2024, 3, 1), D(2024, 10, 15), D(2025, 1, 31), D(2025, 3, 1), D(2025, 10, 1)]


def report_counts(report) -> Counter:
    counts = Counter()
    for line in report.rows:
        for key, n in line.values.items():
            if n:
                counts[(line.programme.pk, line.year, key)] += n
    return counts


@pytest.mark.parametrize("on", DATES)
def test_every_cell_equals_the_replayed_history(world, on):
    report = body_report(on)
    assert report_counts(report) == +w.expected_body(on)


def test_subtotals_and_total_add_up(world):
    report = body_report(D(2024, 10, 15))
    columns = [c.key for c in body_columns()]
    for key in columns:
        assert report.total.values[key] == sum(line.values[key] for line in report.rows)
    for line in report.lines:
        if line.kind == "programme":
            assert line.values == sum((r.values for r in report.rows if r.programme == line.programme), Counter())
        if line.kind == "faculty":
            assert line.values == sum((r.values for r in report.rows if r.faculty == line.faculty), Counter())
    # The column groups each split the total: forms, fundings, languages, sexes, citizenship.
    total = report.total.values
    for prefix in ("form:", "funding:", "language:", "sex:", "citizen:"):
        assert sum(n for k, n in total.items() if k.startswith(prefix)) == total["total"], prefix


def test_known_figures_on_15_october_2024(world):
    """By hand: P1 has a (on leave, year 1), c (reinstated, year 1), h (year 1); P2 has b (year 2, moved
    from P1 on 01.10), d (year 2, foreign), i (year 1); P3 has e (year 2), j (year 1); M1 has g (year 2),
    k (year 1); f is still in P3 year 2 until 01.11.2024."""
    report = body_report(D(2024, 10, 15))
    assert report.total.values["total"] == 11
    assert report.total.values["on_leave"] == 1
    assert report.total.values["citizen:foreign"] == 2
    by_programme = {line.programme.code: line.values["total"] for line in report.lines if line.kind == "programme"}
    assert by_programme == {"6B06101": 3, "6B06102": 3, "6B04101": 3, "7M04101": 2}
    assert dict(report.citizenship) == {"KZ": 9, "UZ": 1, "RU": 1}


def test_filters_narrow_the_body(world):
    on = D(2024, 10, 15)
    paid = body_report(on, funding="paid")
    assert paid.total.values["total"] == paid.total.values["funding:paid"] == 4  # b, d, i, k
    distance = body_report(on, study_form="distance")
    assert distance.total.values["total"] == 2  # c, i
    year2 = body_report(on, year_of_study=2)
    assert {line.year for line in year2.rows} == {2}
    active = body_report(on, status="active")
    assert active.total.values["total"] == 10 and active.total.values["on_leave"] == 0
    f2 = body_report(on, faculty_ids=[world["f2"].pk])
    assert {line.programme.code for line in f2.rows} == {"6B04101", "7M04101"}
    assert report_counts(f2) == +w.expected_body(on, programme_ids={world["p3"].pk, world["m1"].pk})


def test_the_report_takes_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(3):
        body_report(D(2025, 1, 31), faculty_ids=[world["f1"].pk])


def test_xlsx_reads_back_with_the_table_numbers(world):
    report = body_report(D(2024, 10, 15))
    wb = read(exports.body_xlsx(report))
    ws = wb["Student body"]
    assert_clean_sheet(ws, frozen="E3")
    assert "15.10.2024" in ws["A1"].value
    header, data, totals = sheet_parts(ws)
    assert header[:4] == ["faculty", "code", "educational programme", "year of study"]
    assert header[4:6] == ["total", "of them on academic leave"]
    rows = [r for r in data if r[3] is not None]  # the programme-year lines; subtotals have no year
    assert len(rows) == len(report.rows)
    for i in range(4, len(header)):
        assert totals[i] == sum(r[i] for r in rows), header[i]
    assert totals[4] == 11
    cells = {(r[1], r[3]): r[4] for r in rows}
    expected = w.expected_body(D(2024, 10, 15))
    codes = {p.pk: p.code for p in (world["p1"], world["p2"], world["p3"], world["m1"])}
    assert cells == {(codes[p], y): n for (p, y, k), n in expected.items() if k == "total"}
    # Integers are numbers, not text.
    assert all(isinstance(r[4], int) for r in rows)
    citizenship = wb["Citizenship"]
    _h, lines, total = sheet_parts(citizenship)
    assert total[1] == sum(n for _code, n in lines) == 11


def test_page_and_export(world, client_for):
    client = client_for("registrar")
    response = client.get(reverse("reports_body"), {"on": "2024-10-15"})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'data-programme="6B06101"' in html and "15.10.2024" in html
    assert response.context["report"].total.values["total"] == 11
    export = client.get(reverse("reports_body"), {"on": "2024-10-15", "funding": "paid", "export": "xlsx"})
    assert export.status_code == 200
    assert export["Content-Type"].startswith("application/vnd.openxmlformats")
    _h, _data, totals = sheet_parts(read(export.content)["Student body"])
    assert totals[4] == 4
