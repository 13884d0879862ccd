"""The statistical form 3-НК: rows by level, group of programmes and year of study, columns by form,
funding, sex and language, checked against the replayed history; xlsx read back; the printed PDF
has its Kazakh and Russian headings and the same total."""

import datetime
import shutil
import subprocess
from collections import Counter

import pytest
from django.urls import reverse

from reports import exports
from reports.selectors_form import COLUMNS, default_form_date, form_date, stat_form

from . import world as w
from .xlsx_helpers import assert_clean_sheet, read, sheet_parts

D = datetime.date
ON = D(2024, 10, 1)


def expected(on) -> Counter:
    """(level, group, year, column) counts from the replayed history."""
    from academics.models import Programme

    programmes = {p.pk: p for p in Programme.objects.all()}
    who = w.people()
    counts = Counter()
    for sid, state in w.replay_states(on).items():
        if state["status"] not in ("active", "on_leave"):
            continue
        p = programmes[state["programme_id"]]
        key = (p.level, p.code[:5], state["year_of_study"])
        sex, citizenship = who[sid]
        columns = [
            "total",
            f"form:{state['study_form']}",
            f"funding:{state['funding']}",
            f"language:{state['language']}",
        ]
        columns += ["women"] if sex == "F" else []
        columns += ["foreign"] if citizenship != "KZ" else []
        columns += ["on_leave"] if state["status"] == "on_leave" else []
        for c in columns:
            counts[(*key, c)] += 1
    return counts


@pytest.mark.parametrize("on", [D(2023, 10, 1), ON, D(2025, 10, 1)])
def test_rows_equal_the_replayed_history(world, on):
    form = stat_form(on)
    got = Counter()
    levels = {"6B": "bachelor", "7M": "master"}
    for line in form.rows:
        for key, n in line.values.items():
            if n:
                got[(levels[line.code[:2]], line.code, line.year, key)] += n
    assert got == +expected(on)
    keys = [k for k, _t in COLUMNS]
    for i, key in enumerate(keys):
        assert form.total.cells()[i] == sum(line.values[key] for line in form.rows)


def test_layout_on_1_october_2024(world):
    form = stat_form(ON)
    kinds = [(line.kind, line.code, line.year) for line in form.lines]
    # Bachelor first (groups 6B041, 6B061 in code order), then master; subtotals after each.
    assert kinds == [
        ("row", "6B041", 1), ("row", "6B041", 2), ("group", "6B041", None),
        ("row", "6B061", 1), ("row", "6B061", 2), ("group", "6B061", None),
        ("level", "", None),
        ("row", "7M041", 1), ("row", "7M041", 2), ("group", "7M041", None),
        ("level", "", None),
    ]  # fmt: skip
    total = form.total.values
    assert (total["total"], total["women"], total["foreign"], total["on_leave"]) == (11, 5, 2, 1)
    assert total["form:full_time"] + total["form:distance"] == total["total"]
    assert total["funding:grant"] + total["funding:paid"] + total["funding:other"] == total["total"]
    assert total["language:kk"] + total["language:ru"] + total["language:en"] == total["total"]
    assert form.rows[3].label["ru"] == "6B06101, 6B06102"


def test_form_date_is_1_october():
    assert form_date(2024) == D(2024, 10, 1)
    assert default_form_date(D(2024, 11, 5)) == D(2024, 10, 1)
    assert default_form_date(D(2024, 9, 20)) == D(2023, 10, 1)


def test_xlsx_reads_back(world):
    form = stat_form(ON)
    ws = read(exports.form_xlsx(form))["3-НК"]
    assert_clean_sheet(ws, frozen="C3")
    assert "3-НК" in ws["A1"].value and "01.10.2024" in ws["A1"].value
    header, data, totals = sheet_parts(ws)
    assert header[2] == "Барлығы / Всего" and header[3] == "оның ішінде әйелдер / из них женщины"
    rows = [r for r in data if r[1] is not None]
    assert len(rows) == len(form.rows)
    for i in range(2, len(header)):
        assert totals[i] == sum(r[i] for r in rows), header[i]
    assert totals[2] == 11


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed")
def test_printed_form_is_bilingual(world, tmp_path):
    pdf = tmp_path / "form.pdf"
    pdf.write_bytes(exports.form_pdf(stat_form(ON)))
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    for heading in ("3-НК", "білім алушылардың контингенті", "Отчёт о контингенте обучающихся", "жағдай бойынша",
                    "по состоянию на", "01.10.2024", "Қаржыландыру", "Финансирование", "мемлекеттік",
                    "государственный", "Оқыту тілі", "Язык обучения", "Магистратура", "Барлығы / Итого"):  # fmt: skip
        assert heading in text, heading
    total_line = next(line for line in text.splitlines() if "Барлығы / Итого" in line)
    assert total_line.split()[-12] == "11"


def test_page_and_exports(world, client_for):
    client = client_for("registrar")
    response = client.get(reverse("reports_stat_form"), {"on": "2024-10-01"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Отчёт о контингенте обучающихся" in html and "оның ішінде әйелдер" in html
    xlsx = client.get(reverse("reports_stat_form"), {"on": "2024-10-01", "export": "xlsx"})
    assert xlsx.status_code == 200 and sheet_parts(read(xlsx.content)["3-НК"])[2][2] == 11
    pdf = client.get(reverse("reports_stat_form"), {"on": "2024-10-01", "export": "pdf"})
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content[:4] == b"%PDF"
