"""Movement of the student body: every line reconciles (at the start + came in − went out = at the
end), the balances equal the active counts replayed from the history and the university-wide
movement of enrollment.selectors, flows are attributed to the right programmes, and the xlsx reads
back with the same numbers."""

import datetime
from collections import Counter

import pytest
from django.urls import reverse

from enrollment.selectors import movement_between
from reports import exports
from reports.selectors_movement import movement_report, reconciles

from . import world as w
from .xlsx_helpers import assert_clean_sheet, read, sheet_parts

D = datetime.date
PERIODS = [
    (D(2023, 9, 1), D(2024, 8, 31)),
    (D(2024, 9, 1), D(2025, 8, 31)),
    (D(2023, 1, 1), D(2025, 12, 31)),
    (D(2024, 10, 1), D(2024, 10, 1)),
    (D(2025, 1, 1), D(2025, 6, 30)),
]


def by_programme(report, key) -> Counter:
    return Counter({line.programme.pk: line.values[key] for line in report.lines if line.kind == "row"})


@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_every_line_reconciles_with_the_replayed_balances(world, start, end):
    report = movement_report(start, end)
    assert report.reconciles, [(line.label, dict(line.values)) for line in report.unreconciled]
    assert +by_programme(report, "opening") == w.expected_active_by_programme(start - datetime.timedelta(days=1))
    assert +by_programme(report, "closing") == w.expected_active_by_programme(end)
    whole = movement_between(start, end)
    assert report.total.values["opening"] == whole["opening"]
    assert report.total.values["closing"] == whole["closing"]
    for line in report.lines:
        v = line.values
        assert v["in"] == sum(n for k, n in v.items() if k.startswith("in:"))
        assert v["out"] == sum(n for k, n in v.items() if k.startswith("out:"))
    assert sum(n for _g, _label, n in report.grounds) == report.total.values["out:expelled"]


def test_academic_year_2024_25_by_hand(world):
    """2024/25: b moves P1 → P2 (within F1), f moves P3 → M1 (within F2), i moves P2 → P3 (from F1 to
    F2); c is reinstated, a returns from leave, h, i, j, k are enrolled, t transferred in, d and e
    expelled, g graduates; b, d, e, f and g are promoted on 1 September and stay in their programme."""
    report = movement_report(D(2024, 9, 1), D(2025, 8, 31))
    rows = {line.programme.code: line.values for line in report.lines if line.kind == "row"}
    p1, p2, p3, m1 = rows["6B06101"], rows["6B06102"], rows["6B04101"], rows["7M04101"]
    assert (p1["opening"], p1["in:enrolled"], p1["in:reinstated"], p1["in:returned"]) == (1, 1, 1, 1)
    assert (p1["out:transferred"], p1["closing"]) == (1, 3)  # b left for P2; a, c, h are there
    assert (p2["opening"], p2["in:enrolled"], p2["in:transferred"]) == (1, 1, 1)
    assert (p2["out:expelled"], p2["out:transferred"], p2["closing"]) == (1, 1, 1)
    assert (p3["opening"], p3["in:transferred_in"], p3["in:transferred"]) == (2, 1, 1)
    assert (p3["out:transferred"], p3["out:expelled"], p3["closing"]) == (1, 1, 3)
    assert (m1["in:transferred"], m1["out:graduated"], m1["closing"]) == (1, 1, 2)
    kept = {code: v["kept:promoted"] for code, v in rows.items()}
    assert kept == {"6B06101": 1, "6B06102": 1, "6B04101": 2, "7M04101": 1}
    assert p1["kept:repeat_year"] == 0  # h's repeat year is on 01.09.2025, after the period
    assert {g: n for g, _label, n in report.grounds} == {"non_payment": 1, "academic_failure": 1}
    faculties = {line.faculty.code: line.values for line in report.lines if line.kind == "faculty"}
    assert (faculties["RF1"]["in:transferred"], faculties["RF1"]["out:transferred"]) == (1, 2)
    assert (faculties["RF2"]["in:transferred"], faculties["RF2"]["out:transferred"]) == (2, 1)
    assert report.total.values["closing"] == 9


def test_filters_and_faculty_scope_still_reconcile(world):
    for kwargs in (
        {"year_of_study": 1},
        {"year_of_study": 2},
        {"funding": "paid"},
        {"study_form": "distance"},
        {"language": "kk"},
        {"faculty_ids": [world["f1"].pk]},
        {"programme": world["m1"]},
    ):
        report = movement_report(D(2023, 9, 1), D(2025, 12, 31), **kwargs)
        assert report.reconciles, kwargs
    # A promotion moves a student out of year 1 into year 2: both filtered reports see it.
    year1 = movement_report(D(2024, 9, 1), D(2024, 9, 1), year_of_study=1)
    year2 = movement_report(D(2024, 9, 1), D(2024, 9, 1), year_of_study=2)
    assert year1.total.values["out:other"] == year2.total.values["in:other"] == 5  # b, d, e, f, g promoted
    f1 = movement_report(D(2023, 9, 1), D(2025, 12, 31), faculty_ids=[world["f1"].pk])
    assert {line.programme.code for line in f1.lines if line.kind == "row"} == {"6B06101", "6B06102"}
    assert (
        f1.total.values["closing"]
        == movement_between(D(2023, 9, 1), D(2025, 12, 31), faculty_ids=[world["f1"].pk])["closing"]
    )


def test_the_report_takes_a_bounded_number_of_queries(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        movement_report(D(2023, 9, 1), D(2025, 8, 31), faculty_ids=[world["f2"].pk], year_of_study=1)


def test_xlsx_reads_back_reconciled(world):
    report = movement_report(D(2024, 9, 1), D(2025, 8, 31))
    wb = read(exports.movement_xlsx(report))
    ws = wb["Movement"]
    assert_clean_sheet(ws, frozen="D3")
    header, data, totals = sheet_parts(ws)
    opening, came, went, closing = (header.index(h) for h in ("at the start", "came in: came in, total",
                                                               "went out: went out, total", "at the end"))  # fmt: skip
    rows = [r for r in data if r[1]]  # programme lines have a code; faculty subtotals do not
    assert len(rows) == len([line for line in report.lines if line.kind == "row"])
    for i in range(3, len(header) - 1):
        assert totals[i] == sum(r[i] for r in rows), header[i]
    for r in [*data, totals]:
        assert r[opening] + r[came] - r[went] == r[closing]
        assert r[-1] == "yes"
    grounds = sheet_parts(wb["Expelled, by ground"])
    assert grounds[2][1] == sum(n for _label, n in grounds[1]) == report.total.values["out:expelled"]


def test_every_reconciled_line_is_marked(world, client_for):
    response = client_for("registrar").get(reverse("reports_movement"), {"start": "2024-09-01", "end": "2025-08-31"})
    assert response.status_code == 200
    assert 'id="reconciled"' in response.content.decode()
    assert all(reconciles(line) for line in response.context["report"].lines)
