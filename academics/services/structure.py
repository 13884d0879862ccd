"""State changes of the academic structure and the discipline catalogue (RULES.md §5).

Every function takes the acting user, checks the policy, runs in one transaction and raises
DomainError with a translated message naming the field when a rule refuses. Views, the admin,
the catalogue import and the demo seeder all come through here.
"""

from dataclasses import dataclass, field

from django.apps import apps
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import ProtectedError
from django.utils.translation import gettext as _

from registrar.errors import DomainError
from registrar.policy import require
from registrar.roles import Role
from registrar.selectors import university_settings

from .. import structure_rules as rules
from ..models import Department, Discipline, Faculty, Programme, Teacher

MANAGE = "academics.manage"


@dataclass
class Saved:
    """The saved object and the warnings the registrar should read (saving went through)."""

    obj: object
    warnings: list[str] = field(default_factory=list)


def settings_limits() -> dict[str, int]:
    """The numbers of RULES.md §5 the structure rules need, read from the university settings."""
    s = university_settings()
    return {
        name: getattr(s, name)
        for name in (
            "hours_per_credit",
            "discipline_min_credits",
            "bachelor_min_credits",
            "bachelor_extended_min_credits",
            "master_scientific_credits",
            "master_profile_min_credits",
            "doctorate_min_credits",
        )
    }


def programme_minimum(programme: Programme) -> int:
    """The legal minimum of credits for the programme's level (RULES.md §5)."""
    return rules.programme_min_credits(programme.level, programme.master_track, programme.extended, settings_limits())


def _raise_validation(exc: ValidationError):
    """A model validation error as a DomainError: the first field named, every message listed."""
    if hasattr(exc, "error_dict"):
        errors = [(name, m) for name, msgs in exc.message_dict.items() for m in msgs]
    else:
        errors = [(None, m) for m in exc.messages]
    name, message = errors[0]
    raise DomainError(message, field=None if name == "__all__" else name, errors=[m for _n, m in errors]) from exc


def _check_code_unique(model, obj, code: str, message: str) -> None:
    if model.objects.filter(code=code).exclude(pk=obj.pk).exists():
        raise DomainError(message % {"code": code}, field="code")


def _save(obj, actor, data: dict, *, unique_message: str):
    """Apply `data`, validate (model validators and constraints), save with the actor in the history."""
    for name, value in data.items():
        setattr(obj, name, value)
    if "code" in data:
        obj.code = (obj.code or "").strip()
        _check_code_unique(type(obj), obj, obj.code, unique_message)
    try:
        obj.full_clean(validate_unique=False)
    except ValidationError as exc:
        _raise_validation(exc)
    obj._history_user = actor
    try:
        with transaction.atomic():
            obj.save()
    except IntegrityError as exc:  # a concurrent save took the code between the check and the insert
        raise DomainError(unique_message % {"code": obj.code}, field="code") from exc
    return obj


def faculty_save(*, actor, data: dict, faculty: Faculty | None = None) -> Saved:
    require(actor, MANAGE)
    obj = faculty or Faculty()
    _unit_code(data)
    with transaction.atomic():
        _save(obj, actor, data, unique_message=_("A faculty with the code “%(code)s” already exists."))
    return Saved(obj)


def department_save(*, actor, data: dict, department: Department | None = None) -> Saved:
    require(actor, MANAGE)
    obj = department or Department()
    _unit_code(data)
    with transaction.atomic():
        _save(obj, actor, data, unique_message=_("A department with the code “%(code)s” already exists."))
    return Saved(obj)


def _unit_code(data: dict) -> None:
    if "code" in data:
        error = rules.discipline_code_error((data["code"] or "").strip())
        if error:
            raise DomainError(error, field="code")


def teacher_save(*, actor, data: dict, teacher: Teacher | None = None) -> Saved:
    """Make a user account a teacher of a department (or edit the teacher's card).

    The account joins the "teacher" role group, so it sees what teachers see; an account can be
    the teacher of one card only (one-to-one).
    """
    require(actor, MANAGE)
    obj = teacher or Teacher()
    user = data.get("user", obj.user if obj.pk else None)
    if user is None:
        raise DomainError(_("Choose the user account of the teacher."), field="user")
    if Teacher.objects.filter(user=user).exclude(pk=obj.pk).exists():
        raise DomainError(_("%(user)s is already a teacher.") % {"user": user}, field="user")
    with transaction.atomic():
        for name, value in data.items():
            setattr(obj, name, value)
        try:
            obj.full_clean(validate_unique=False)
        except ValidationError as exc:
            _raise_validation(exc)
        obj._history_user = actor
        obj.save()
        group, _created = Group.objects.get_or_create(name=Role.TEACHER)
        user.groups.add(group)
    return Saved(obj)


def programme_save(*, actor, data: dict, programme: Programme | None = None) -> Saved:
    """Create or edit an educational programme (rules in `programme_check`)."""
    require(actor, MANAGE)
    obj = programme or Programme()
    programme_check(data, obj)
    with transaction.atomic():
        _save(obj, actor, data, unique_message=_("A programme with the code “%(code)s” already exists."))
    return Saved(obj)


def programme_check(data: dict, programme: Programme) -> None:
    """The rules of a programme card, for the service and for the form (before the database
    constraints would answer with a technical message).

    The code format is the model's validator (6B06101); the total credits must reach the legal
    minimum of the level (§5, numbers from the settings); a master track only for masters, an
    extended bachelor only for bachelors; at least one study form and one language; the
    department belongs to the programme's faculty.
    """
    obj = programme

    def value(name):
        return data[name] if name in data else getattr(obj, name)

    def related(name):
        if name in data:
            return data[name]
        return getattr(obj, name) if getattr(obj, f"{name}_id") else None

    level, track, extended, total = (value(f) for f in ("level", "master_track", "extended", "total_credits"))
    if level != "master" and track:
        raise DomainError(_("A master track is only for master's programmes."), field="master_track")
    if level == "master" and not track:
        raise DomainError(_("Choose the master track: scientific-pedagogical or profile."), field="master_track")
    if level != "bachelor" and extended:
        raise DomainError(_("Only a bachelor's programme can be extended."), field="extended")
    minimum = rules.programme_min_credits(level, track, extended, settings_limits())
    if total is not None and total < minimum:
        raise DomainError(
            _("The programme totals %(total)s credits; its level needs at least %(minimum)s.")
            % {"total": total, "minimum": minimum},
            field="total_credits",
        )
    if not (value("full_time") or value("distance")):
        raise DomainError(_("Choose at least one study form."), field="full_time")
    if not any(value(f"lang_{c}") for c in ("kk", "ru", "en")):
        raise DomainError(_("Choose at least one language of instruction."), field="lang_kk")
    department, faculty = related("department"), related("faculty")
    if department is not None and faculty is not None and department.faculty_id != faculty.pk:
        raise DomainError(
            _("The department %(department)s belongs to another faculty.") % {"department": department.code},
            field="department",
        )


def discipline_save(
    *, actor, data: dict, prerequisites: list[Discipline] | None = None, discipline: Discipline | None = None
) -> Saved:
    """Create or edit a discipline of the catalogue.

    Rules (§5): a valid and unique code; the hours add up to credits × hours per credit; no
    discipline is its own prerequisite and prerequisites never form a cycle (the message names
    it). Credits below the minimum only warn: the curriculum rules refuse such a discipline.
    `prerequisites=None` leaves them as they are.
    """
    require(actor, MANAGE)
    limits = settings_limits()
    obj = discipline or Discipline()
    code = (data.get("code", obj.code) or "").strip()
    error = rules.discipline_code_error(code)
    if error:
        raise DomainError(error, field="code")
    credits = data.get("credits", obj.credits)
    hours = {name: data.get(name, getattr(obj, name)) for name in rules.HOURS_FIELDS}
    if credits:
        error = rules.hours_error(credits, hours, limits["hours_per_credit"])
        if error:
            raise DomainError(error, field=None)
    if prerequisites is not None:
        _check_prerequisites(obj, code, prerequisites)
    _check_room_needs(obj, data, hours)
    warnings = []
    if credits:
        warning = rules.credits_warning(credits, limits["discipline_min_credits"])
        if warning:
            warnings.append(warning)
    created = obj.pk is None
    with transaction.atomic():
        # One history entry for the whole edit (fields and prerequisites), written after both.
        obj.skip_history_when_saving = True
        try:
            _save(obj, actor, data, unique_message=_("A discipline with the code “%(code)s” already exists."))
            if prerequisites is not None:
                obj.prerequisites.set(prerequisites)
        finally:
            del obj.skip_history_when_saving
        records = Discipline.history.bulk_history_create([obj], update=not created, default_user=actor)
        prerequisite_history_snapshot(records)
    return Saved(obj, warnings)


def _check_room_needs(obj: Discipline, data: dict, hours: dict) -> None:
    """Normalise the equipment tags in `data` and refuse room needs that cannot hold (the field named)."""
    for name in rules.ROOM_NEED_FIELDS:
        if name.startswith("equipment_") and name in data:
            data[name] = rules.equipment_tags(data[name])
    merged = {**{name: data.get(name, getattr(obj, name)) for name in rules.ROOM_NEED_FIELDS}, **hours}
    errors = rules.room_need_errors(merged)
    if errors:
        field, message = errors[0]
        raise DomainError(message, field=field, errors=[m for _f, m in errors])


def _check_prerequisites(obj: Discipline, code: str, prerequisites: list[Discipline]) -> None:
    if obj.pk and any(p.pk == obj.pk for p in prerequisites):
        raise DomainError(
            _("A discipline cannot be its own prerequisite: %(code)s.") % {"code": code}, field="prerequisites"
        )
    if not obj.pk:
        return  # a new discipline has no postrequisites yet, so it cannot close a cycle
    # By primary key: the code itself may be changing in this very edit.
    codes, graph = prerequisite_graph()
    codes[obj.pk] = code
    graph[obj.pk] = {p.pk for p in prerequisites}
    cycle = rules.find_prerequisite_cycle(graph)
    if cycle:
        raise DomainError(rules.cycle_message([codes[pk] for pk in cycle]), field="prerequisites")


def prerequisite_graph() -> tuple[dict[int, str], dict[int, set[int]]]:
    """The catalogue's codes {pk: code} and prerequisite edges {pk: {prerequisite pks}}: two queries."""
    codes = dict(Discipline.objects.values_list("pk", "code"))
    graph: dict[int, set[int]] = {pk: set() for pk in codes}
    through = Discipline.prerequisites.through.objects.values_list("from_discipline_id", "to_discipline_id")
    for src, dst in through:
        graph[src].add(dst)
    return codes, graph


def prerequisite_history_snapshot(records) -> None:
    """Copy the current prerequisites of each discipline into its historical record, in bulk.

    For history written with `bulk_history_create` (the import, the demo), which records the
    fields but not the many-to-many rows that a single save would snapshot.
    """
    if not records:
        return
    m2m_history = apps.get_model("academics", "HistoricalDiscipline_prerequisites")
    through = Discipline.prerequisites.through
    rows: dict[int, list] = {}
    for row in through.objects.filter(from_discipline_id__in={r.id for r in records}).values_list(
        "id", "from_discipline_id", "to_discipline_id"
    ):
        rows.setdefault(row[1], []).append(row)
    m2m_history.objects.bulk_create(
        [
            m2m_history(history_id=r.history_id, id=pk, from_discipline_id=src, to_discipline_id=dst)
            for r in records
            for pk, src, dst in rows.get(r.id, [])
        ],
        batch_size=1000,
    )


def structure_delete(*, actor, obj) -> None:
    """Delete a faculty, department, teacher, programme or discipline that nothing refers to.

    Anything a curriculum, a student or a document refers to stays (PROTECT); the message says
    what refers to it, so the registrar can deactivate it instead. A discipline that is the
    prerequisite of another is kept too: deleting it would silently drop that rule.
    """
    require(actor, MANAGE)
    if isinstance(obj, Discipline):
        later = list(obj.postrequisites.values_list("code", flat=True)[:5])
        if later:
            raise DomainError(
                _("“%(obj)s” cannot be deleted: it is a prerequisite of %(codes)s.")
                % {"obj": obj.code, "codes": ", ".join(later)}
            )
    try:
        with transaction.atomic():
            obj._history_user = actor
            obj.delete()
    except ProtectedError as exc:
        raise DomainError(
            _("“%(obj)s” cannot be deleted: %(refs)s refer to it. Deactivate it or change those first.")
            % {"obj": getattr(obj, "code", obj), "refs": describe_references(exc.protected_objects)}
        ) from exc


def describe_references(objects) -> str:
    """'3 departments (IS, CE, AU), 1 programme (6B06101)': counts per kind with a few examples."""
    by_kind: dict[str, list] = {}
    for o in objects:
        by_kind.setdefault(str(o._meta.verbose_name_plural), []).append(o)
    parts = []
    for kind, items in by_kind.items():
        names = sorted(str(getattr(i, "code", i)) for i in items)  # the same examples on every database
        sample = ", ".join(names[:3])
        more = "…" if len(items) > 3 else ""
        parts.append(f"{len(items)} {kind} ({sample}{more})")
    return "; ".join(parts)
