"""The registrar's dashboard: headline figures and the trend over years against the replayed history,
its xlsx, the panel on the main dashboard, and a dean's office's faculty."""

import datetime

from django.core.cache import cache
from django.urls import reverse

from enrollment.models import StatusChange
from reports import exports
from reports.selectors_dashboard import headline, trend

from . import world as w
from .xlsx_helpers import assert_clean_sheet, read, sheet_parts

D = datetime.date


def replayed_flows(start_year, programme_ids=None):
    flows = {"enrolled": 0, "expelled": 0, "graduated": 0}
    kinds = {"enrolled": "enrolled", "transferred_in": "enrolled", "expelled": "expelled", "graduated": "graduated"}
    for c in StatusChange.objects.all():
        year = c.effective_on.year if c.effective_on.month >= 8 else c.effective_on.year - 1
        in_scope = programme_ids is None or c.after["programme_id"] in programme_ids
        if year == start_year and c.movement in kinds and in_scope:
            flows[kinds[c.movement]] += 1
    return flows


def test_trend_equals_the_replayed_history(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(4):
        figures = trend(D(2025, 9, 15), years=3)
    assert [f.start_year for f in figures] == [2023, 2024, 2025]
    assert figures[-1].on == D(2025, 9, 15)  # 1 October 2025 has not come yet
    for f in figures:
        states = w.replay_states(f.on)
        assert f.active == sum(1 for s in states.values() if s["status"] == "active")
        assert f.on_leave == sum(1 for s in states.values() if s["status"] == "on_leave")
        flows = replayed_flows(f.start_year)
        assert (f.enrolled, f.expelled, f.graduated) == (flows["enrolled"], flows["expelled"], flows["graduated"])
    assert (figures[1].enrolled, figures[1].expelled, figures[1].graduated) == (5, 2, 1)  # h, i, j, k, t; d, e; g
    f2 = trend(D(2025, 9, 15), years=3, faculty_ids=[world["f2"].pk])
    programmes = {world["p3"].pk, world["m1"].pk}
    assert [f.enrolled for f in f2] == [replayed_flows(y, programmes)["enrolled"] for y in (2023, 2024, 2025)]


def test_headline(world, django_assert_max_num_queries):
    with django_assert_max_num_queries(2):
        h = headline(D(2025, 3, 10))
    states = w.replay_states(D(2025, 3, 10))
    assert h.active == sum(1 for s in states.values() if s["status"] == "active")
    assert h.body == sum(1 for s in states.values() if s["status"] in ("active", "on_leave"))
    assert (h.year.enrolled, h.year.expelled) == (5, 2)  # since 1 August 2024


def test_xlsx_page_and_panel(world, dean_f1, client_for):
    cache.clear()
    figures = trend(D(2025, 10, 5), years=3)
    ws = read(exports.trend_xlsx(figures))["Student body over the years"]
    assert_clean_sheet(ws, frozen="B3")
    _h, data, _totals = sheet_parts(ws)
    assert [r[4] for r in data] == [f.body for f in figures]
    office = client_for("registrar")
    page = office.get(reverse("reports_dashboard"))
    assert page.status_code == 200 and 'id="trend-table"' in page.content.decode()
    assert office.get(reverse("reports_dashboard"), {"export": "xlsx"}).status_code == 200
    home = office.get(reverse("dashboard")).content.decode()
    assert 'id="panel-student-body"' in home
    dean = client_for("dean_office").get(reverse("reports_dashboard"))
    assert dean.status_code == 200
    assert client_for("dean_office").get(reverse("reports_dashboard"), {"faculty": world["f2"].pk}).status_code == 403
    assert 'id="panel-student-body"' not in client_for("student").get(reverse("dashboard")).content.decode()
    cache.clear()
