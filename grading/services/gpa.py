"""GPA snapshots recomputed in SQL from the academic record (RULES.md §4), and the honours check.

    GPA = Σ(credits × points) / Σ credits   over the results with points (pass/fail left out),
          per term, per academic year and cumulative; two decimals, half-up.

`grading.gpa_rules` is the reference (pure Python); this module computes the same numbers for many
students at once in SQL (one computation for the three scopes; the same text on PostgreSQL and SQLite
but for how the first attempts of repeated disciplines are fetched and how the differences are
written):

- Each scope takes the latest attempt of each discipline *among that scope's results*
  (setting `gpa_latest_attempt_only`; off: every attempt counts). So a term GPA stays the GPA of
  that term's results, an FX retake in the same term replaces the FX, and a summer re-study replaces
  the earlier grade in the year and cumulative GPA.
- FX counts its points or 0 (`fx_counts_in_gpa`); results without points (pass/fail) are left out;
  physical education is left out when `gpa_excludes_physical_education` is set.
- `credits_earned`: credits of the disciplines passed in the scope (each discipline once).
- Exact arithmetic on both databases: points are turned into whole hundredths in SQL
  (ROUND(points × 100) as an integer; SQLite keeps DECIMAL as REAL, so 3.67 × 100 is 366.999… there),
  the sums are integers, and half-up rounding to two decimals is integer division:
  gpa × 100 = (2 × Σ(credits × hundredths) + Σ credits) div (2 × Σ credits). No floating point is
  involved in any comparison, so PostgreSQL and SQLite give the same digits as `gpa_rules.gpa`.

Writes: only differences (changed rows updated, new ones inserted, vanished ones deleted; on
PostgreSQL one statement with data-modifying CTEs, on SQLite a temporary table and three statements),
in one transaction, with the students' rows locked first (in id order, as
`enrollment.services.record.results_record` does), so two recomputations of one student never
interleave and a full recomputation waits for a sheet being closed, then sees its results. Rewriting
every row instead would cost many times the computation (eight indexes, three foreign keys): the
first computation of 390,000 snapshots takes 13-20 s, a full recomputation about 3 s (tests/perf).
"""

from __future__ import annotations

from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass

from django.conf import settings
from django.db import connection, transaction
from django.utils import timezone

from enrollment.models import Result, Student
from registrar.selectors import grade_scale, university_settings

from ..gpa_rules import GpaRules
from ..models import GpaScope, GpaSnapshot
from ..rating import HonoursRules, HonoursVerdict, RecordRow, honours_verdict, letters_at_or_above, split_letters

# SQLite limits the number of parameters of one statement; PostgreSQL gets one array parameter.
SQLITE_CHUNK = 5000


def gpa_rules_of(s, scale) -> GpaRules:
    """The GPA options of settings `s`, with the FX letter of `scale` (no query)."""
    failing = sorted((b for b in scale if not b.is_passing), key=lambda b: b.points)
    fx_letter = failing[-1].letter if len(failing) > 1 else "FX"
    return GpaRules(
        latest_attempt_only=s.gpa_latest_attempt_only,
        fx_counts=s.fx_counts_in_gpa,
        fx_letter=fx_letter,
        exclude_physical_education=s.gpa_excludes_physical_education,
    )


def gpa_rules_in_force() -> GpaRules:
    """The GPA options of the university settings, with the FX letter of the scale."""
    return gpa_rules_of(university_settings(), grade_scale())


def gpa_settings_changed(before, after) -> bool:
    """A listener of `registrar.services.settings_update` (registered by grading.setup_gpa): when the
    change alters how GPA is computed (FX counted or not, latest attempt or all, physical education
    left out, the FX letter of the scale), every student's GPA is recomputed once the change is
    committed, as the task `grading.tasks.gpa_recompute_all` (in-process without a task broker; about
    3 s for 30,000 students). Any other change recomputes nothing. Returns whether it was scheduled."""
    if gpa_rules_of(before.settings, before.scale) == gpa_rules_of(after.settings, after.scale):
        return False

    def start():
        from ..tasks import gpa_recompute_all

        gpa_recompute_all.delay()

    # robust: the settings are saved whatever happens to the recomputation (a failure is logged).
    transaction.on_commit(start, robust=True)
    return True


def _tables() -> dict:
    from academics.models import Discipline, Term

    return {
        "result": Result._meta.db_table,
        "discipline": Discipline._meta.db_table,
        "term": Term._meta.db_table,
        "snapshot": GpaSnapshot._meta.db_table,
        "student": Student._meta.db_table,
    }


@dataclass(frozen=True)
class IdRange:
    """The students with `low` <= id < `high` (None: unbounded): one shard of a full recomputation."""

    low: int | None
    high: int | None

    def condition(self, column: str) -> tuple[str, list]:
        parts, params = [], []
        if self.low is not None:
            parts.append(f" AND {column} >= %s")
            params.append(self.low)
        if self.high is not None:
            parts.append(f" AND {column} < %s")
            params.append(self.high)
        return "".join(parts), params


def _student_filter(column: str, ids: list[int] | IdRange | None) -> tuple[str, list]:
    if ids is None:
        return "", []
    if isinstance(ids, IdRange):
        return ids.condition(column)
    if connection.vendor == "postgresql":
        return f" AND {column} = ANY(%s)", [list(ids)]
    return f" AND {column} IN ({', '.join(['%s'] * len(ids))})", list(ids)


def gpa_select_sql(rules: GpaRules, ids: list[int] | None) -> tuple[str, list]:
    """SELECT student_id, scope, term_id, academic_year_id, credits, credits_earned, qp (Σ credits ×
    points in hundredths), gpa_h (GPA in hundredths, NULL without credits) for the students `ids`
    (None: everyone).

    Fast on millions of results: one aggregate over every result per (student, term) as if each one
    counted ("base"), rolled up to years and the whole record; then corrections ("deltas") from the
    few disciplines with more than one attempt (their rows: every attempt after the first, found by
    one scan, and the first attempts, one index probe each), where the latest attempt of each scope
    (and the latest passed one, for credits earned) is found by grouping."""
    t = _tables()
    where, id_params = _student_filter("r.student_id", ids)
    excluded = " AND NOT d.is_physical_education" if rules.exclude_physical_education else ""
    join_d = f"JOIN {t['discipline']} d ON d.id = r.discipline_id" if excluded else ""
    counted = f"r.points IS NOT NULL AND r.credits > 0{excluded}"
    hundredths = "CAST(ROUND(r.points * 100) AS INTEGER)"
    fx_params = []
    if not rules.fx_counts:
        hundredths = f"CASE WHEN r.letter = %s THEN 0 ELSE {hundredths} END"
        fx_params = [rules.fx_letter]
    row_values = f"""
        CASE WHEN {counted} THEN r.credits ELSE 0 END AS cc,
        CASE WHEN {counted} THEN r.credits * {hundredths} ELSE 0 END AS qp,
        CASE WHEN r.passed THEN r.credits ELSE 0 END AS ce,
        CASE WHEN r.passed THEN 1 ELSE 0 END AS ok"""

    def plus(a: str, d: str) -> str:
        return f"""{a}.cc + COALESCE({d}.cc, 0) AS credits, {a}.ce + COALESCE({d}.ce, 0) AS credits_earned,
                   {a}.qp + COALESCE({d}.qp, 0) AS qp"""

    # Whole hundredths per row, summed as integers: exact on both databases, and on PostgreSQL cheaper
    # than summing numeric products (measured on 1.5 million rows).
    base_qp = f"SUM(CASE WHEN {counted} THEN r.credits * {hundredths} ELSE 0 END)"
    columns = f"r.student_id, r.discipline_id, r.term_id, r.attempt, {row_values}"
    if connection.vendor == "postgresql":
        # One index probe per discipline with several attempts (result_latest), in index order, whatever
        # the planner's cost settings; a hash join would read the whole table a third time.
        first_attempts = f"""
            SELECT {columns}
            FROM (SELECT DISTINCT student_id, discipline_id FROM hi ORDER BY 1, 2) m
            CROSS JOIN LATERAL (SELECT r.* FROM {t["result"]} r
                                WHERE r.student_id = m.student_id AND r.discipline_id = m.discipline_id
                                  AND r.attempt = 1 LIMIT 1) r
            {join_d}"""
    else:
        first_attempts = f"""
            SELECT {columns}
            FROM (SELECT DISTINCT student_id, discipline_id FROM hi ORDER BY 1, 2) m
            JOIN {t["result"]} r
                ON r.student_id = m.student_id AND r.discipline_id = m.discipline_id AND r.attempt = 1
            {join_d}"""

    def latest(name: str, key: str) -> str:
        # Per (student, discipline[, scope key]): the latest attempt and the latest passed attempt.
        where_key = f" WHERE {key} IS NOT NULL" if key else ""
        return f"""{name} AS (
            SELECT student_id, discipline_id{", " + key if key else ""}, MAX(attempt) AS a,
                   MAX(CASE WHEN ok = 1 THEN attempt END) AS pa
            FROM mrows{where_key}
            GROUP BY student_id, discipline_id{", " + key if key else ""}
        )"""

    def deltas(name: str, latest_name: str, key: str) -> str:
        # What the base counted but this scope does not: attempts before the scope's latest one (when
        # only the latest counts) and passed attempts before the latest passed one (credits are earned
        # once). Hash aggregates and joins on the few rows of repeated disciplines: no sorting.
        drop = "m.attempt < l.a" if rules.latest_attempt_only else "1 = 0"
        on = f" AND l.{key} = m.{key}" if key else ""
        return f"""{name} AS (
            SELECT m.student_id{", m." + key if key else ""},
                   SUM(CASE WHEN {drop} THEN -m.cc ELSE 0 END) AS cc,
                   SUM(CASE WHEN m.attempt < l.pa THEN -m.ce ELSE 0 END) AS ce,
                   SUM(CASE WHEN {drop} THEN -m.qp ELSE 0 END) AS qp
            FROM mrows m
            JOIN {latest_name} l ON l.student_id = m.student_id AND l.discipline_id = m.discipline_id{on}
            GROUP BY m.student_id{", m." + key if key else ""}
        )"""

    sql = f"""
        WITH base AS (
            SELECT r.student_id, r.term_id,
                   CAST(SUM(CASE WHEN {counted} THEN r.credits ELSE 0 END) AS INTEGER) AS cc,
                   CAST(SUM(CASE WHEN r.passed THEN r.credits ELSE 0 END) AS INTEGER) AS ce,
                   {base_qp} AS qp
            FROM {t["result"]} r {join_d}
            WHERE 1 = 1{where}
            GROUP BY r.student_id, r.term_id
        ),
        hi AS (
            SELECT {columns}
            FROM {t["result"]} r {join_d}
            WHERE r.attempt <> 1{where}
        ),
        mrows AS (
            SELECT x.student_id, x.discipline_id, x.term_id, tm.academic_year_id, x.attempt, x.cc, x.qp, x.ce, x.ok
            FROM (SELECT * FROM hi UNION ALL {first_attempts}) x
            LEFT JOIN {t["term"]} tm ON tm.id = x.term_id
        ),
        {latest("l_term", "term_id")},
        {latest("l_year", "academic_year_id")},
        {latest("l_cum", "")},
        {deltas("d_term", "l_term", "term_id")},
        {deltas("d_year", "l_year", "academic_year_id")},
        {deltas("d_cum", "l_cum", "")},
        years AS (
            SELECT b.student_id, tm.academic_year_id, SUM(b.cc) AS cc, SUM(b.ce) AS ce, SUM(b.qp) AS qp
            FROM base b JOIN {t["term"]} tm ON tm.id = b.term_id
            GROUP BY b.student_id, tm.academic_year_id
        ),
        whole AS (
            SELECT student_id, SUM(cc) AS cc, SUM(ce) AS ce, SUM(qp) AS qp FROM base GROUP BY student_id
        ),
        sums AS (
            SELECT b.student_id, '{GpaScope.TERM.value}' AS scope, b.term_id, NULL AS academic_year_id,
                   {plus("b", "d")}
            FROM base b LEFT JOIN d_term d ON d.student_id = b.student_id AND d.term_id = b.term_id
            WHERE b.term_id IS NOT NULL
            UNION ALL
            SELECT y.student_id, '{GpaScope.YEAR.value}', NULL, y.academic_year_id, {plus("y", "d")}
            FROM years y LEFT JOIN d_year d
                ON d.student_id = y.student_id AND d.academic_year_id = y.academic_year_id
            UNION ALL
            SELECT w.student_id, '{GpaScope.CUMULATIVE.value}', NULL, NULL, {plus("w", "d")}
            FROM whole w LEFT JOIN d_cum d ON d.student_id = w.student_id
        )
        SELECT student_id, scope, term_id, academic_year_id,
               CAST(credits AS BIGINT) AS credits, CAST(credits_earned AS BIGINT) AS credits_earned,
               CAST(qp AS BIGINT) AS qp,
               -- PostgreSQL sums bigints into numeric: cast back, so that "/" is integer division.
               CASE WHEN credits > 0 THEN CAST(2 * qp + credits AS BIGINT) / CAST(2 * credits AS BIGINT) END AS gpa_h
        FROM sums
    """
    # Placeholders in text order: base (fx, ids), hi (fx, ids), first attempts (fx).
    return sql, [*fx_params, *id_params, *fx_params, *id_params, *fx_params]


# PostgreSQL, for the rest of the transaction: JIT compilation of the one big statement costs seconds
# and saves nothing; the per-term sums of 30,000 students need more than the default 4 MB to stay in
# memory. (The benchmark's floor query runs under the same settings.)
BATCH_SETTINGS = ("SET LOCAL jit = off", "SET LOCAL work_mem = '64MB'")


def batch_settings() -> None:
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for statement in BATCH_SETTINGS:
                cursor.execute(statement)


def _lock_students(ids: list[int] | IdRange | None) -> None:
    qs = Student.objects.select_for_update().order_by("pk")
    if isinstance(ids, IdRange):
        if ids.low is not None:
            qs = qs.filter(pk__gte=ids.low)
        if ids.high is not None:
            qs = qs.filter(pk__lt=ids.high)
    elif ids is not None:
        qs = qs.filter(pk__in=ids)
    list(qs.values_list("pk", flat=True))


# A snapshot's key within its student as one integer: the term, minus the academic year, or 0 for the
# cumulative row (the check constraint ties scope to which of them is set). Joining on two integers is
# much cheaper than on the scope text and two nullable columns.
KEYS = "s.student_id = n.student_id AND COALESCE(s.term_id, -s.academic_year_id, 0) = n.skey"


# The new values stay whole hundredths (qp, gpa_h) until written: comparing them with the stored
# decimals × 100 spares a numeric division for every unchanged row. ROUND: SQLite keeps REAL.
CHANGED = (
    "(s.credits <> n.credits OR s.credits_earned <> n.credits_earned OR ROUND(s.quality_points * 100) <> n.qp"
    " OR ROUND(s.gpa * 100) <> n.gpa_h OR (s.gpa IS NULL) <> (n.gpa_h IS NULL))"
)
COLUMNS = "student_id, scope, term_id, academic_year_id, credits, credits_earned, quality_points, gpa"


def _values(alias: str) -> str:
    """The snapshot columns from a computed row `alias` (hundredths turned into decimals)."""
    a = alias
    return (
        f"{a}.student_id, {a}.scope, {a}.term_id, {a}.academic_year_id, {a}.credits, {a}.credits_earned,"
        f" {a}.qp / 100.0, {a}.gpa_h / 100.0"
    )


def _recompute_chunk(rules: GpaRules, ids: list[int] | None) -> int:
    """Compute, then write only the differences: update changed rows, insert new ones, delete rows of
    scopes that no longer have results. Rewriting 390,000 unchanged rows (and their eight indexes and
    three foreign keys) would cost many times the computation itself."""
    select, params = gpa_select_sql(rules, ids)
    source = f"""
        SELECT student_id, scope, term_id, academic_year_id, credits, credits_earned, qp, gpa_h,
               COALESCE(term_id, -academic_year_id, 0) AS skey
        FROM ({select}) computed"""
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    write = _write_differences_pg if connection.vendor == "postgresql" else _write_differences
    with connection.cursor() as cursor:
        return write(cursor, source, params, ids, now)


def _write_differences_pg(cursor, source: str, params: list, ids, now) -> int:
    """PostgreSQL: the differences (computed rows full-joined with the stored ones, kept where they
    differ) into a temporary table, then one update, one insert and one delete from it.

    The differences are found by a read-only CREATE TABLE AS, which PostgreSQL may run with parallel
    workers (the aggregate over every result is most of the work); a data-modifying statement never
    runs in parallel, so computing inside the UPDATE would use one core of the machine's two. In the
    usual case (results changed for a few students) the temporary table holds a handful of rows."""
    snap = _tables()["snapshot"]
    where, id_params = _student_filter("o.student_id", ids)
    diff = "pg_temp.gpa_diff"
    cursor.execute(f"DROP TABLE IF EXISTS {diff}")
    cursor.execute(
        f"""
        CREATE TEMPORARY TABLE gpa_diff AS
        WITH n AS ({source})
        SELECT s.id AS old_id, n.*
        FROM n
        FULL JOIN (SELECT o.* FROM {snap} o WHERE 1 = 1{where}) s ON {KEYS}
        WHERE s.id IS NULL OR n.student_id IS NULL OR {CHANGED}
        """,
        [*params, *id_params],
    )
    written = 0
    cursor.execute(
        f"""
        UPDATE {snap} t
        SET credits = d.credits, credits_earned = d.credits_earned, quality_points = d.qp / 100.0,
            gpa = d.gpa_h / 100.0, computed_at = %s
        FROM {diff} d WHERE t.id = d.old_id AND d.student_id IS NOT NULL
        """,
        [now],
    )
    written += cursor.rowcount
    cursor.execute(
        f"INSERT INTO {snap} ({COLUMNS}, computed_at) SELECT {_values('d')}, %s FROM {diff} d WHERE d.old_id IS NULL",
        [now],
    )
    written += cursor.rowcount
    cursor.execute(f"DELETE FROM {snap} t USING {diff} d WHERE t.id = d.old_id AND d.student_id IS NULL")
    written += cursor.rowcount
    cursor.execute(f"DROP TABLE {diff}")
    return written


def _write_differences(cursor, source: str, params: list, ids, now) -> int:
    """Portable (SQLite): the computed rows into a temporary table, then update, insert, delete, one
    statement each."""
    snap = _tables()["snapshot"]
    new = "pg_temp.gpa_new" if connection.vendor == "postgresql" else "temp.gpa_new"
    cursor.execute(f"DROP TABLE IF EXISTS {new}")
    cursor.execute(f"CREATE TEMPORARY TABLE {new} AS {source}", params)
    where, id_params = _student_filter("s.student_id", ids)
    cursor.execute(
        f"""
        UPDATE {snap} AS s
        SET credits = n.credits, credits_earned = n.credits_earned, quality_points = n.qp / 100.0,
            gpa = n.gpa_h / 100.0, computed_at = %s
        FROM {new} n
        WHERE {KEYS} AND {CHANGED}
        """,
        [now],
    )
    written = cursor.rowcount
    cursor.execute(
        f"""
        INSERT INTO {snap} ({COLUMNS}, computed_at)
        SELECT {_values("n")}, %s
        FROM {new} n
        WHERE NOT EXISTS (SELECT 1 FROM {snap} s WHERE {KEYS})
        """,
        [now],
    )
    written += cursor.rowcount
    cursor.execute(
        f"""
        DELETE FROM {snap}
        WHERE id IN (SELECT s.id FROM {snap} s WHERE 1 = 1{where}
                     AND NOT EXISTS (SELECT 1 FROM {new} n WHERE {KEYS}))
        """,
        id_params,
    )
    written += cursor.rowcount
    cursor.execute(f"DROP TABLE {new}")
    return written


class _Pending:
    def __init__(self):
        self.ids: set[int] = set()
        self.everyone = False


_BATCH: ContextVar[_Pending | None] = ContextVar("gpa_batch", default=None)


@contextmanager
def gpa_recompute_batch():
    """Within the block, `gpa_recompute` only notes the students; they are recomputed once when the
    block ends (one statement instead of one per call): for bulk work such as closing a whole
    session's sheets. Open it inside the transaction that writes the results, so the snapshots still
    commit with them. Nested blocks leave the work to the outermost; after an error nothing is
    recomputed (the transaction is rolled back anyway)."""
    if _BATCH.get() is not None:
        yield
        return
    pending = _Pending()
    token = _BATCH.set(pending)
    try:
        yield
    finally:
        _BATCH.reset(token)
    if pending.everyone:
        gpa_recompute()
    elif pending.ids:
        gpa_recompute(student_ids=pending.ids)


def gpa_recompute(student_ids=None) -> int:
    """Recompute the term, year and cumulative GPA snapshots of `student_ids` (None: every student)
    from the record, in one transaction; returns the number of snapshot rows written (0 inside
    `gpa_recompute_batch`, which recomputes when it ends).

    Call it after anything writes results: closing a sheet, an approved correction, academic
    mobility, recognition (RULES.md §4)."""
    ids = None if student_ids is None else sorted({int(i) for i in student_ids})
    if ids is not None and not ids:
        return 0
    pending = _BATCH.get()
    if pending is not None:
        if ids is None:
            pending.everyone = True
        else:
            pending.ids.update(ids)
        return 0
    rules = gpa_rules_in_force()
    shards = _shards() if ids is None else []
    if len(shards) > 1:
        return _recompute_sharded(rules, shards)
    written = 0
    with transaction.atomic():
        batch_settings()
        _lock_students(ids)
        if ids is None or connection.vendor == "postgresql":
            written = _recompute_chunk(rules, ids)
        else:
            for i in range(0, len(ids), SQLITE_CHUNK):
                written += _recompute_chunk(rules, ids[i : i + SQLITE_CHUNK])
    return written


def _shards() -> list[IdRange]:
    """Ranges of student ids with about as many students each, one per worker of a full recomputation
    (setting GPA_RECOMPUTE_WORKERS); [] when it must run as one transaction: on SQLite, inside a
    transaction (its uncommitted writes would be invisible to the workers' connections), or with one
    worker. The students are counted, not their results: results are spread evenly enough."""
    workers = getattr(settings, "GPA_RECOMPUTE_WORKERS", 1)
    if workers <= 1 or connection.vendor != "postgresql" or connection.in_atomic_block:
        return []
    fractions = [i / workers for i in range(1, workers)]
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT percentile_disc(%s::float8[]) WITHIN GROUP (ORDER BY id) FROM {Student._meta.db_table}",
            [fractions],
        )
        bounds = cursor.fetchone()[0]
    if not bounds:
        return []
    edges = [None, *sorted(set(bounds)), None]
    return [IdRange(edges[i], edges[i + 1]) for i in range(len(edges) - 1)]


def _recompute_shard(rules: GpaRules, shard: IdRange) -> int:
    try:
        with transaction.atomic():
            batch_settings()
            with connection.cursor() as cursor:
                # The shards are the parallelism: no parallel workers of their own competing for the cores.
                cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
            _lock_students(shard)
            return _recompute_chunk(rules, shard)
    finally:
        connection.close()  # this worker thread's own connection


def _recompute_sharded(rules: GpaRules, shards: list[IdRange]) -> int:
    """A full recomputation split by student id ranges over parallel connections (one thread each):
    the computation is CPU-bound in PostgreSQL, and one statement uses one core for most of its run
    (only its scans and the first aggregate have parallel workers). Each shard is its own transaction
    and locks its own students, in id order, as a recomputation of one student does, so shards never
    wait for each other; a student's snapshots are always written in one transaction."""
    with ThreadPoolExecutor(max_workers=len(shards), thread_name_prefix="gpa") as pool:
        return sum(pool.map(lambda shard: _recompute_shard(rules, shard), shards))


# --- honours ---------------------------------------------------------------------------------------


def honours_rules() -> HonoursRules:
    s = university_settings()
    return HonoursRules(
        allowed_letters=letters_at_or_above(grade_scale(), s.honours_lowest_letter),
        lowest_letter=s.honours_lowest_letter,
        min_gpa=s.honours_min_gpa,
        attestation_letters=tuple(split_letters(s.honours_attestation_letters)),
    )


def honours_check_many(student_ids) -> dict[int, HonoursVerdict]:
    """The honours verdict of each student (RULES.md §4), in four queries whatever their number: the
    settings, the scale, every result with its discipline, the cumulative GPAs."""
    from academics.choices import ControlForm, Cycle

    ids = sorted({int(i) for i in student_ids})
    rules = honours_rules()
    rows: dict[int, list[RecordRow]] = {i: [] for i in ids}
    results = Result.objects.filter(student_id__in=ids).values_list(
        "student_id",
        "discipline_id",
        "discipline__code",
        "attempt",
        "letter",
        "points",
        "passed",
        "source",
        "discipline__control_form",
        "discipline__cycle",
    )
    for student_id, discipline_id, code, attempt, letter, points, passed, source, form, cycle in results:
        rows[student_id].append(
            RecordRow(
                discipline_id=discipline_id,
                code=code,
                attempt=attempt,
                letter=letter,
                points=points,
                passed=passed,
                source=source,
                final_attestation=form == ControlForm.FINAL_ATTESTATION or cycle == Cycle.FINAL_ATTESTATION,
            )
        )
    gpas = dict(
        GpaSnapshot.objects.filter(student_id__in=ids, scope=GpaScope.CUMULATIVE).values_list("student_id", "gpa")
    )
    return {i: honours_verdict(rows[i], gpas.get(i), rules) for i in ids}


def honours_check(student) -> tuple[bool, list[str]]:
    """Whether `student` may graduate with honours, and every reason why not (RULES.md §4)."""
    verdict = honours_check_many([student.pk])[student.pk]
    return verdict.eligible, verdict.reasons
