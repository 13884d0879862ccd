"""Reads of the student file: the state of a student and of the student body on any date, movement
between two dates (RULES.md §8), and the bounded-query reads of the student card.

History queries rest on one idea: each `StatusChange` keeps the tracked fields *after* it, so the
state of a student on date D is the `after` of their latest change in force on D (largest
`effective_on`, then `id`). For the whole body that is one query, not a loop per student: a window
function numbers each student's changes up to D newest first; the filters on the state are window
values too, so the database applies them to row number 1 only, in one pass over the history
(PostgreSQL and SQLite alike; the figures at 30,000 students × 14 intakes are in the issue report).
"""

import datetime
from collections import Counter

from django.db.models import (
    Case,
    CharField,
    Count,
    F,
    IntegerField,
    JSONField,
    OuterRef,
    Q,
    Subquery,
    Value,
    When,
    Window,
)
from django.db.models.fields.json import KT
from django.db.models.functions import Cast, Coalesce, FirstValue, RowNumber

from .choices import Movement, StudentStatus
from .models import TRACKED_FIELDS, PersonalDocument, RequiredDocument, StatusChange, Student

# The student body (контингент): everyone not expelled and not graduated.
IN_BODY = (StudentStatus.ACTIVE, StudentStatus.ON_LEAVE)
ALL_STATUSES = tuple(StudentStatus.values)

# Snapshot keys the body can be filtered by: name of the filter -> key in StatusChange.after.
_SNAPSHOT_FILTERS = {
    "programme": "programme_id",
    "programme_id": "programme_id",
    "year_of_study": "year_of_study",
    "study_form": "study_form",
    "language": "language",
    "funding": "funding",
    "group": "group_id",
    "group_id": "group_id",
    "curriculum": "curriculum_id",
}


def student_state_on(student: Student | int, on: datetime.date) -> dict | None:
    """The tracked fields of the student in force on `on`; None if not yet enrolled then."""
    student_id = getattr(student, "pk", student)
    return (
        StatusChange.objects.filter(student_id=student_id, effective_on__lte=on)
        .order_by("-effective_on", "-id")
        .values_list("after", flat=True)
        .first()
    )


def _latest_first(expression):
    """`expression` as a window over each student's changes, newest first."""
    return Window(expression, partition_by=[F("student_id")], order_by=[F("effective_on").desc(), F("id").desc()])


# Snapshot keys holding ids or numbers: compared as integers (SQLite's JSON gives numbers, PostgreSQL text).
_INTEGER_KEYS = {"programme_id", "year_of_study", "group_id", "curriculum_id"}


def _state_value(key: str):
    """The value of `key` in the state of the row's student: on the latest row, the row's own value.

    A window expression on purpose: Django applies filters on window values after numbering the rows
    (QUALIFY), so they select among the latest rows instead of choosing which rows are numbered.
    """
    value = KT(f"after__{key}")
    if key in _INTEGER_KEYS:
        value = Cast(value, IntegerField())
    return _latest_first(FirstValue(value))


def _conditions(status, faculty_ids, filters) -> dict[str, list]:
    conditions = {}
    if status is not None:
        conditions["status"] = [status] if isinstance(status, str) else [str(s) for s in status]
    for name, value in filters.items():
        if name not in _SNAPSHOT_FILTERS:
            raise TypeError(f"unknown filter {name!r}")
        if value is None or value == "":
            continue
        values = list(value) if isinstance(value, list | tuple | set) else [value]
        key = _SNAPSHOT_FILTERS[name]
        conditions[key] = [int(getattr(v, "pk", v)) if key in _INTEGER_KEYS else str(v) for v in values]
    if faculty_ids is not None:
        from academics.models import Programme

        allowed = set(Programme.objects.filter(faculty_id__in=faculty_ids).values_list("id", flat=True))
        wanted = conditions.get("programme_id")
        conditions["programme_id"] = sorted(allowed if wanted is None else allowed.intersection(wanted))
    return conditions


def body_rows_as_of(on: datetime.date, *, status=IN_BODY, faculty_ids=None, **filters):
    """Each student's latest StatusChange in force on `on`, kept if its state passes the filters.

    `status`: one status, several, or None for any; other filters: programme, year_of_study,
    study_form, language, funding, group, curriculum (objects or ids; a list means any of them).
    `faculty_ids` keeps the programmes of those faculties (a dean's office). One query, rows in no
    particular order; read `student_id` and `after` (the state) from them, count them, or use
    `.values("student_id")` as a subquery.
    """
    rows = StatusChange.objects.filter(effective_on__lte=on).order_by().annotate(row=_latest_first(RowNumber()))
    lookups = {"row": 1}
    for key, values in _conditions(status, faculty_ids, filters).items():
        rows = rows.annotate(**{f"state_{key}": _state_value(key)})
        lookups[f"state_{key}__in"] = values
    return rows.filter(**lookups)


def body_students_as_of(on: datetime.date, *, status=IN_BODY, faculty_ids=None, **filters):
    """The students of the body on `on` as a Student queryset (for paginated lists), each annotated
    with `state` (the snapshot in force) and `state_since` (its date). The annotations are computed
    per row returned, so a page of 25 costs 25 index probes beyond the one selecting query."""
    latest = StatusChange.objects.filter(student_id=OuterRef("pk"), effective_on__lte=on).order_by(
        "-effective_on", "-id"
    )
    return Student.objects.filter(
        pk__in=body_rows_as_of(on, status=status, faculty_ids=faculty_ids, **filters).values("student_id")
    ).annotate(
        state=Subquery(latest.values("after")[:1], output_field=JSONField()),
        state_since=Subquery(latest.values("effective_on")[:1]),
    )


def students_as_of(on: datetime.date, **filters) -> list[tuple[Student, dict]]:
    """The student body on `on` as (student, snapshot) pairs, ordered by name, in one query.

    By default the body is active students and students on leave; `status=` narrows or widens it
    (see `body_rows_as_of`).
    """
    students = body_students_as_of(on, **filters).order_by("last_name", "first_name", "patronymic", "pk")
    return [(student, student.state) for student in students]


def body_counts(on: datetime.date, *, status=IN_BODY, faculty_ids=None, **filters) -> list[dict]:
    """Counts of the body on `on` by programme and year of study: [{programme_id, year, count}].

    Counted from (programme, year) pairs of one query: GROUP BY cannot take window values.
    """
    rows = body_rows_as_of(on, status=status, faculty_ids=faculty_ids, **filters).annotate(
        programme_key=_state_value("programme_id"), year_key=_state_value("year_of_study")
    )
    counts = Counter(rows.values_list("programme_key", "year_key"))
    return [
        {"programme_id": p, "year": y, "count": n}
        for (p, y), n in sorted(counts.items(), key=lambda i: (i[0][0] or 0, i[0][1] or 0))
    ]


def _side_in_body(side: str, programme_ids) -> Q:
    """The snapshot `side` ("before"/"after") is an active student (of those programmes, when given)."""
    status = Coalesce(KT(f"{side}__status"), Value(""), output_field=CharField())
    condition = Q(**{f"{side}_status": StudentStatus.ACTIVE.value})
    annotations = {f"{side}_status": status}
    if programme_ids is not None:
        annotations[f"{side}_programme"] = Coalesce(
            Cast(KT(f"{side}__programme_id"), IntegerField()), Value(0), output_field=IntegerField()
        )
        condition &= Q(**{f"{side}_programme__in": programme_ids})
    return annotations, condition


def movement_between(start: datetime.date, end: datetime.date, *, faculty_ids=None) -> dict:
    """Movement of the student body with `effective_on` in [start, end] (RULES.md §8).

    Returns {"start", "end", "opening", "closing", "came_in", "went_out", "by_movement":
    {movement: n}, "expelled_by_ground": {ground: n}}. `opening` is the active count at the end of
    the day before `start`, `closing` at the end of `end`; `came_in` / `went_out` count the changes
    that made a student active / ended being active, so opening + came_in − went_out = closing
    whatever the orders were (enrolment and expulsion in the same period, a cancelled order...).
    With `faculty_ids` everything counts students of those faculties' programmes only; a transfer
    between faculties then goes out of one and into the other, and the identity still holds.
    """
    if end < start:
        raise ValueError("end before start")
    programme_ids = None
    if faculty_ids is not None:
        from academics.models import Programme

        programme_ids = list(Programme.objects.filter(faculty_id__in=faculty_ids).values_list("id", flat=True))
    changes = StatusChange.objects.filter(effective_on__gte=start, effective_on__lte=end)
    was_annotations, was_in = _side_in_body("before", programme_ids)
    now_annotations, now_in = _side_in_body("after", programme_ids)
    changes = changes.alias(**was_annotations, **now_annotations)  # alias: usable in filters, never grouped by
    if programme_ids is not None:
        changes = changes.filter(Q(before_programme__in=programme_ids) | Q(after_programme__in=programme_ids))
    flows = changes.aggregate(
        came_in=Count("id", filter=now_in & ~was_in), went_out=Count("id", filter=was_in & ~now_in)
    )
    by_movement = Counter(dict(changes.values_list("movement").annotate(n=Count("id")).order_by()))
    grounds = Counter(
        dict(changes.filter(movement=Movement.EXPELLED).values_list("ground").annotate(n=Count("id")).order_by())
    )

    def active_on(day):
        return body_rows_as_of(day, status=StudentStatus.ACTIVE, faculty_ids=faculty_ids).count()

    return {
        "start": start,
        "end": end,
        "opening": active_on(start - datetime.timedelta(days=1)),
        "closing": active_on(end),
        "came_in": flows["came_in"],
        "went_out": flows["went_out"],
        "by_movement": {m: by_movement.get(m, 0) for m in Movement.values},
        "expelled_by_ground": dict(grounds),
    }


def status_counts() -> dict[str, int]:
    """Current students by status, one query: {status: n} for every status."""
    counts = dict(Student.objects.values_list("status").annotate(n=Count("id")).order_by())
    return {s: counts.get(s, 0) for s in StudentStatus.values}


# --- the student card -------------------------------------------------------------------------

# Labels of the grounds recorded with changes. Grounds belong to the order types (a later app), so
# that app registers its labels here at start-up: register_ground_labels(ExpulsionGround.choices).
_GROUND_LABELS: dict[str, object] = {}


def register_ground_labels(choices) -> None:
    """Add (value, label) pairs shown for `StatusChange.ground` on the card and in movement reports."""
    _GROUND_LABELS.update(dict(choices))


def ground_label(ground: str) -> str:
    return str(_GROUND_LABELS.get(ground, ground))


# Labels of the tracked fields, for the status history table.
def _field_labels() -> dict[str, str]:
    labels = {}
    for name in TRACKED_FIELDS:
        field = Student._meta.get_field(name.removesuffix("_id"))
        labels[name] = str(field.verbose_name)
    return labels


def status_history(student: Student) -> list[dict]:
    """The student's status history, oldest first, with the fields each change moved.

    Ids in the snapshots (programme, group, curriculum) are shown as names: one query per kind
    for the whole history.
    """
    from academics.models import Curriculum, Programme

    from .models import AcademicGroup

    changes = list(student.status_changes.select_related("recorded_by").order_by("effective_on", "id"))
    ids = {"programme_id": set(), "group_id": set(), "curriculum_id": set()}
    for c in changes:
        for key, bucket in ids.items():
            bucket.update(v for v in (c.before.get(key), c.after.get(key)) if v)
    names = {
        "programme_id": {p.pk: p.code for p in Programme.objects.filter(pk__in=ids["programme_id"])}
        if ids["programme_id"]
        else {},
        "group_id": dict(AcademicGroup.objects.filter(pk__in=ids["group_id"]).values_list("pk", "name"))
        if ids["group_id"]
        else {},
        "curriculum_id": {
            c.pk: f"v{c.version} · {c.intake_year}" for c in Curriculum.objects.filter(pk__in=ids["curriculum_id"])
        }
        if ids["curriculum_id"]
        else {},
    }
    labels = _field_labels()
    displays = _display_maps()
    rows = []
    for c in changes:
        moved = []
        for key in TRACKED_FIELDS:
            old, new = c.before.get(key), c.after.get(key)
            if c.before and old == new:
                continue
            if not c.before and new in (None, ""):
                continue
            moved.append(
                {"field": labels[key], "old": _show(key, old, names, displays), "new": _show(key, new, names, displays)}
            )
        rows.append({"change": c, "moved": moved, "is_enrolment": not c.before, "ground": ground_label(c.ground)})
    return rows


def _display_maps() -> dict[str, dict]:
    maps = {}
    for name in ("status", "study_form", "language", "funding"):
        maps[name] = {k: str(v) for k, v in Student._meta.get_field(name).flatchoices}
    return maps


def _show(key, value, names, displays):
    if value in (None, ""):
        return None
    if key in names:
        return names[key].get(value, f"#{value}")
    if key in displays:
        return displays[key].get(value, value)
    if key == "leave_until":
        try:
            return datetime.date.fromisoformat(value).strftime("%d.%m.%Y")
        except (TypeError, ValueError):
            return value
    return value


def checklist(student: Student, documents=None) -> list[dict]:
    """The personal-file checklist of the student's programme: each required type, present or missing."""
    required = (
        RequiredDocument.objects.filter(Q(programme__isnull=True) | Q(programme_id=student.programme_id))
        .values_list("doc_type", flat=True)
        .distinct()
    )
    docs = documents if documents is not None else list(student.documents.all())
    have = Counter(d.doc_type for d in docs)
    labels = dict(PersonalDocument._meta.get_field("doc_type").flatchoices)
    order = {value: i for i, value in enumerate(labels)}
    return [
        {"doc_type": t, "label": labels.get(t, t), "count": have.get(t, 0), "present": have.get(t, 0) > 0}
        for t in sorted(set(required), key=lambda t: order.get(t, 99))
    ]


def missing_documents(student: Student) -> list[str]:
    return [row["label"] for row in checklist(student) if not row["present"]]


def group_members(group) -> list[Student]:
    """Current members of a group, with what the member list shows (one query)."""
    return list(
        group.students.select_related("adviser__user")
        .annotate(active_first=Case(When(status=StudentStatus.ACTIVE, then=0), default=1))
        .order_by("active_first", "last_name", "first_name", "patronymic")
    )
