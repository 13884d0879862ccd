"""Where a newly enrolled (transferred, returning, reinstated) student goes: academic group and adviser.

Orders call these while they are signed (issue 4: "signing places them in groups by programme,
language and form, group size bounds from settings, and assigns advisers round-robin within the
department"). Both answers stay editable afterwards: they are defaults, not rules.

An enrolment order places thousands of applicants in one signing, one call per applicant. So within
one transaction (one signing) the programme is locked once, and the sizes of its groups and the loads
of its department's advisers are read once and then counted on: every answer is assumed taken (the
caller puts the student there), which is how orders use it. Outside a transaction nothing is cached.
"""

from dataclasses import dataclass, field

from django.contrib.auth.models import Group
from django.db import transaction
from django.db.models import Count, Max, Q

from academics.models import Programme, Teacher
from registrar.roles import Role
from registrar.selectors import university_settings

from ..choices import StudentStatus
from ..models import AcademicGroup, Student

DEFAULT_GROUP_NAME_PATTERN = "{code}-{yy}-{n}"
NAME_MAX_LENGTH = AcademicGroup._meta.get_field("name").max_length


class _Missing(dict):
    """Unknown placeholders of a mistyped pattern stay as written instead of failing a signing."""

    def __missing__(self, key):
        return "{" + key + "}"


def group_name(pattern: str, *, code: str, intake_year: int, number: int, language: str, study_form: str = "") -> str:
    """The name of group `number` by the settings' pattern: {code}, {yy}, {n}, {lang}, {form}, {year}."""
    values = _Missing(
        code=code,
        yy=f"{intake_year % 100:02d}",
        year=str(intake_year),
        n=str(number),
        lang=language,
        form=study_form,
    )
    try:
        name = (pattern or DEFAULT_GROUP_NAME_PATTERN).format_map(values)
    except (ValueError, IndexError):  # a stray brace or positional field: use the default pattern
        name = DEFAULT_GROUP_NAME_PATTERN.format_map(values)
    return name[:NAME_MAX_LENGTH]


@dataclass
class _Scope:
    """What one transaction has learnt: locked programmes, group sizes, advisers' loads."""

    marker: list  # the connection's pending on-commit list: replaced on every commit and rollback
    savepoints: tuple
    locked: set = field(default_factory=set)
    groups: dict = field(default_factory=dict)  # (programme, intake, form, language) -> [[group, size], ...]
    loads: dict = field(default_factory=dict)  # department id -> [[teacher, active advisees], ...]


def _scope() -> _Scope | None:
    """This transaction's scope, or None outside one.

    Django replaces `connection.run_on_commit` with a new list whenever a transaction commits or
    rolls back (also to a savepoint), and savepoint ids name the nesting level; a scope is valid while
    both are unchanged, so a signing never sees what an earlier (or rolled back) one counted.
    """
    connection = transaction.get_connection()
    if not connection.in_atomic_block:
        return None
    current = getattr(connection, "_placement_scope", None)
    savepoints = tuple(connection.savepoint_ids)
    if current is None or current.marker is not connection.run_on_commit or current.savepoints != savepoints:
        current = _Scope(connection.run_on_commit, savepoints)
        connection._placement_scope = current
    return current


def group_for(*, actor, programme, intake_year: int, study_form: str, language: str) -> AcademicGroup:
    """An active group of the programme, intake year, form and language with a free place, else a new one.

    Groups fill in number order up to `academic_group_max_size` active students. Must run inside
    the signing transaction: the programme row is locked until it commits, so two orders signed at
    the same time neither create the same group twice nor both take a group's last place.
    """
    programme_id = programme.pk if isinstance(programme, Programme) else programme
    scope = _scope()
    if scope is None or programme_id not in scope.locked:
        programme = Programme.objects.select_for_update().get(pk=programme_id)
        if scope is not None:
            scope.locked.add(programme_id)
    key = (programme_id, intake_year, study_form, language)
    limit = university_settings().academic_group_max_size
    sizes = scope.groups.get(key) if scope is not None else None
    if sizes is None:
        sizes = [
            [g, g.size]
            for g in AcademicGroup.objects.filter(
                programme_id=programme_id,
                intake_year=intake_year,
                study_form=study_form,
                language=language,
                is_active=True,
            )
            .annotate(size=Count("students", filter=Q(students__status=StudentStatus.ACTIVE)))
            .order_by("number", "pk")
        ]
        if scope is not None:
            scope.groups[key] = sizes
    for entry in sizes:
        if entry[1] < limit:
            entry[1] += 1
            return entry[0]
    if not isinstance(programme, Programme):
        programme = Programme.objects.get(pk=programme_id)
    group = _open_group(actor, programme, intake_year, study_form, language)
    sizes.append([group, 1])
    return group


def _open_group(actor, programme, intake_year, study_form, language) -> AcademicGroup:
    # Numbers run across the programme's intake (all forms and languages), so the default pattern,
    # which has no language in it, still gives every group its own name.
    taken = AcademicGroup.objects.filter(programme=programme, intake_year=intake_year).aggregate(m=Max("number"))["m"]
    number = (taken or 0) + 1
    pattern = university_settings().group_name_pattern
    code = programme.short_code or programme.code
    while True:
        name = group_name(
            pattern, code=code, intake_year=intake_year, number=number, language=language, study_form=study_form
        )
        if not AcademicGroup.objects.filter(name=name).exists():
            break
        number += 1  # another programme with the same short code already has this name
    group = AcademicGroup(
        name=name,
        programme=programme,
        intake_year=intake_year,
        study_form=study_form,
        language=language,
        number=number,
    )
    group._history_user = actor
    group.save()
    return group


def adviser_for(*, programme) -> Teacher | None:
    """Round-robin within the programme's department: the active adviser with the fewest active advisees.

    Ties go to the teacher created first, so the order of assignment is reproducible.
    None when the department has no active teacher holding the adviser role.
    """
    if isinstance(programme, Programme):
        department_id = programme.department_id
    else:
        department_id = Programme.objects.values_list("department_id", flat=True).get(pk=programme)
    scope = _scope()
    loads = scope.loads.get(department_id) if scope is not None else None
    if loads is None:
        loads = [
            [t, t.load]
            for t in Teacher.objects.filter(
                department_id=department_id,
                is_active=True,
                user__is_active=True,
                user__groups__in=Group.objects.filter(name=Role.ADVISER),
            )
            .annotate(load=Count("advisees", filter=Q(advisees__status=StudentStatus.ACTIVE), distinct=True))
            .order_by("pk")
            .select_related("user")
        ]
        if scope is not None:
            scope.loads[department_id] = loads
    if not loads:
        return None
    entry = min(loads, key=lambda e: e[1])  # the first of the least loaded: the oldest teacher wins ties
    entry[1] += 1
    return entry[0]


def group_sizes(group_ids) -> dict[int, int]:
    """Active students per group (for pages that show how full groups are)."""
    rows = (
        Student.objects.filter(group_id__in=group_ids, status=StudentStatus.ACTIVE)
        .values("group_id")
        .annotate(n=Count("pk"))
    )
    return {r["group_id"]: r["n"] for r in rows}
