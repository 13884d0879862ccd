"""Reports at the scale of the largest university (issue 8): 30,000 students with ten years of status
history (tests/perf/reports_data.py, COPY), each report computed and written to xlsx through the same
functions the pages call (`reports.selectors_*` then `reports.exports`):

- body_xlsx_seconds: the student body as of 1 October three years ago, the whole university;
- movement_xlsx_seconds: the movement of the last complete academic year;
- form_seconds: the statistical form 3-НК as of 1 October of the current academic year, to xlsx
  (form_pdf_seconds: the same to the printed PDF, WeasyPrint);
- peak_rss_mb: the peak resident memory of the process (data generation included).

Each is run three times; the minimum is reported with every sample. Checks: the movement reconciles
on every line, and the body total equals a hand-written SQL count over the history (DISTINCT ON).
`REPORTS_BENCH_STUDENTS` sets the number of students (default 30,000). Targets: each < 5 s, < 300 MB.
"""

import datetime
import os
import resource
import time

RUNS = 3

FLOOR_SQL = """
    SELECT count(*) FROM (
        SELECT DISTINCT ON (student_id) after->>'status' AS status
        FROM enrollment_statuschange WHERE effective_on <= %s
        ORDER BY student_id, effective_on DESC, id DESC) latest
    WHERE status IN ('active', 'on_leave')
"""


def _timed(fn):
    samples, result = [], None
    for _ in range(RUNS):
        started = time.perf_counter()
        result = fn()
        samples.append(round(time.perf_counter() - started, 3))
    return min(samples), samples, result


def run() -> dict:
    from django.db import connection

    from registrar.dates import academic_year_of
    from reports import exports
    from reports.selectors_body import body_report
    from reports.selectors_form import form_date, stat_form
    from reports.selectors_movement import movement_report

    from .reports_data import build

    students = int(os.environ.get("REPORTS_BENCH_STUDENTS", "30000"))
    started = time.perf_counter()
    data = build(students)
    generate_seconds = round(time.perf_counter() - started, 1)

    this_year = academic_year_of(datetime.date.today())
    past = datetime.date(this_year - 3, 10, 1)
    start, end = datetime.date(this_year - 1, 9, 1), datetime.date(this_year, 8, 31)
    form_on = form_date(this_year)

    body_s, body_samples, body_file = _timed(lambda: exports.body_xlsx(body_report(past)))
    movement_s, movement_samples, _file = _timed(lambda: exports.movement_xlsx(movement_report(start, end)))
    form_s, form_samples, _file = _timed(lambda: exports.form_xlsx(stat_form(form_on)))
    pdf_s, pdf_samples, _file = _timed(lambda: exports.form_pdf(stat_form(form_on)))

    report = body_report(past)
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, [past])
        floor_total = cursor.fetchone()[0]
    assert report.total.values["total"] == floor_total, (report.total.values["total"], floor_total)
    movement = movement_report(start, end)
    assert movement.reconciles
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kilobytes on Linux
    return {
        "students": students,
        "status_changes": data.changes,
        "generate_seconds": generate_seconds,
        "body_on": past.isoformat(),
        "body_total": report.total.values["total"],
        "body_xlsx_seconds": body_s,
        "body_xlsx_samples": body_samples,
        "body_xlsx_bytes": len(body_file),
        "movement_period": f"{start.isoformat()}..{end.isoformat()}",
        "movement_opening": movement.total.values["opening"],
        "movement_closing": movement.total.values["closing"],
        "movement_reconciles": movement.reconciles,
        "movement_xlsx_seconds": movement_s,
        "movement_xlsx_samples": movement_samples,
        "form_on": form_on.isoformat(),
        "form_seconds": form_s,
        "form_samples": form_samples,
        "form_pdf_seconds": pdf_s,
        "form_pdf_samples": pdf_samples,
        "peak_rss_mb": round(peak, 1),
    }
