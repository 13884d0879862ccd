"""Sections of a term by the registrar's office (RULES.md §5, §7): offering before registration (so
students pick a section with seats), and manual adjustments after formation.

Each function is one transaction and refuses with a `DomainError` naming the rule. Structural changes
(create, open for a term, merge, split) lock the term row first, as formation does, so section
numbers never clash and nothing races a formation run; seats move only through the conditional
UPDATE of `registration.take_seat`, and `seats_taken` always equals the plan items in the section.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Count, Max
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from academics.choices import TermKind
from academics.models import CurriculumItem, Discipline, Teacher, Term
from registrar.errors import DomainError
from registrar.policy import require
from registrar.selectors import university_settings

from .. import sections_rules as rules
from ..choices import SectionKind, SectionStatus, StudentStatus
from ..models import PlanItem, Section, Student, StudyPlan
from .formation import bounds, language_label, recount_seats
from .registration import _release, plan_position, take_seat

KIND_ORDER = {SectionKind.LECTURE: 0, SectionKind.PRACTICE: 1, SectionKind.LAB: 2}


def _lock_term(term: Term) -> Term:
    locked = Term.objects.select_for_update().select_related("academic_year").filter(pk=term.pk).first()
    if locked is None:
        raise DomainError(_("This term no longer exists."))
    return locked


def _lock_section(section: Section | int) -> Section:
    pk = section.pk if isinstance(section, Section) else section
    return Section.objects.select_for_update(of=("self",)).select_related("discipline", "term", "parent").get(pk=pk)


def _next_number(term: Term, discipline: Discipline, kind: str, language: str) -> int:
    last = Section.objects.filter(term=term, discipline=discipline, kind=kind, language=language).aggregate(
        m=Max("number")
    )["m"]
    return (last or 0) + 1


def _hours(d: Discipline) -> tuple[int, int, int]:
    return d.hours_lecture, d.hours_practice, d.hours_lab


def _kind_label(kind: str) -> str:
    return str(SectionKind(kind).label)


def _check_teacher(teacher: Teacher | None) -> None:
    if teacher is not None and not teacher.is_active:
        raise DomainError(
            _("%(teacher)s is not an active teacher; choose another.") % {"teacher": teacher}, field="teacher"
        )


def _capacity_warnings(kind: str, capacity: int) -> list[str]:
    low, high = bounds(kind)
    if capacity > high:
        return [
            _("The capacity %(capacity)d is above the maximum of %(high)d students for a %(kind)s.")
            % {"capacity": capacity, "high": high, "kind": _kind_label(kind)}
        ]
    return []


def expected_languages(term: Term, discipline: Discipline) -> set[str] | None:
    """Languages in which `discipline` is needed in `term`: those of the approved curricula placing it
    in a term of this kind (autumn: odd curriculum terms, spring: even) and of students who have it in a
    plan for the term. None for a summer term (any discipline may be retaken there)."""
    if term.kind == TermKind.SUMMER:
        return None
    parity = 1 if term.kind == TermKind.AUTUMN else 0
    languages = set()
    for language, cterm in CurriculumItem.objects.filter(
        discipline=discipline, curriculum__status="approved"
    ).values_list("curriculum__language", "term"):
        if cterm % 2 == parity:
            languages.add(language)
    languages |= set(
        PlanItem.objects.filter(plan__term=term, discipline=discipline).values_list(
            "plan__student__language", flat=True
        )
    )
    return languages


def _check_placement(term, discipline, kind, language, parent) -> None:
    """The section fits its discipline: the kind has hours, a practice group sits in a stream, a lab
    subgroup in a group; the discipline is taught in that term and language."""
    if not discipline.is_active:
        raise DomainError(_("%(code)s is not an active discipline.") % {"code": discipline.code}, field="discipline")
    first = rules.first_level(*_hours(discipline))
    if first is None:
        raise DomainError(
            _("%(code)s has no lecture, practice or lab hours: it has no class groups.") % {"code": discipline.code},
            field="discipline",
        )
    if parent is None:
        if KIND_ORDER[kind] > KIND_ORDER[first]:
            raise DomainError(
                _(
                    "%(code)s has %(first)s hours: a %(kind)s belongs inside a section of it; choose the section "
                    "it is part of."
                )
                % {"code": discipline.code, "first": _kind_label(first), "kind": _kind_label(kind)},
                field="parent",
            )
        if kind != first and KIND_ORDER[kind] < KIND_ORDER[first]:
            raise DomainError(
                _("%(code)s has no %(kind)s hours.") % {"code": discipline.code, "kind": _kind_label(kind)},
                field="kind",
            )
    else:
        if parent.term_id != term.pk or parent.discipline_id != discipline.pk or parent.language != language:
            raise DomainError(
                _("The section it is part of must be of the same discipline, term and language."), field="parent"
            )
        if parent.status != SectionStatus.OPEN:
            raise DomainError(_("Section %(section)s is cancelled.") % {"section": parent.code}, field="parent")
        if kind not in rules.levels_below(parent.kind, *_hours(discipline)):
            raise DomainError(
                _("A %(kind)s cannot be part of %(parent)s (%(code)s has no such classes inside a %(parent_kind)s).")
                % {
                    "kind": _kind_label(kind),
                    "parent": parent.code,
                    "code": discipline.code,
                    "parent_kind": _kind_label(parent.kind),
                },
                field="kind",
            )
    languages = expected_languages(term, discipline)
    if languages is None:
        return
    if not languages:
        raise DomainError(
            _(
                "%(code)s is in no approved curriculum for a %(term_kind)s and no student has it in a plan for "
                "this term."
            )
            % {"code": discipline.code, "term_kind": term.get_kind_display()},
            field="discipline",
        )
    if language not in languages:
        raise DomainError(
            _("%(code)s is needed in this term in %(languages)s only, not in %(language)s.")
            % {
                "code": discipline.code,
                "languages": ", ".join(sorted(language_label(x) for x in languages)),
                "language": language_label(language),
            },
            field="language",
        )


# --- one section -----------------------------------------------------------------------------------------------


def section_create(
    *,
    actor,
    term: Term,
    discipline: Discipline,
    language: str,
    capacity: int,
    kind: str = SectionKind.LECTURE,
    teacher: Teacher | None = None,
    parent: Section | None = None,
    note: str = "",
) -> tuple[Section, list[str]]:
    """A new section (a stream by default) numbered after the discipline's others; returns it and the
    warnings (a capacity above the bound of the settings is allowed, and said)."""
    require(actor, "registration.manage")
    if capacity is None or capacity < 1:
        raise DomainError(_("A section has at least one seat."), field="capacity")
    with transaction.atomic():
        term = _lock_term(term)
        if parent is not None:
            parent = _lock_section(parent)
        _check_placement(term, discipline, kind, language, parent)
        _check_teacher(teacher)
        section = Section(
            term=term,
            discipline=discipline,
            kind=kind,
            language=language,
            number=_next_number(term, discipline, kind, language),
            parent=parent,
            teacher=teacher,
            capacity=capacity,
            note=(note or "").strip(),
        )
        section._history_user = actor
        section.save()
        return section, _capacity_warnings(kind, capacity)


def section_update(
    *, actor, section: Section, capacity: int, teacher: Teacher | None, note: str = ""
) -> tuple[Section, list[str]]:
    """Change the teacher, the capacity (never below the students in it) and the note."""
    require(actor, "registration.manage")
    with transaction.atomic():
        section = _lock_section(section)
        _check_open(section)
        if (teacher.pk if teacher else None) != section.teacher_id:
            _check_teacher(teacher)
        _check_capacity(section, capacity)
        section.capacity = capacity
        section.teacher = teacher
        section.note = (note or "").strip()
        section._history_user = actor
        section.save(update_fields=["capacity", "teacher", "note"])
        return section, _capacity_warnings(section.kind, capacity)


def _check_open(section: Section) -> None:
    if section.status != SectionStatus.OPEN:
        raise DomainError(_("Section %(section)s is cancelled.") % {"section": section.code})


def _check_capacity(section: Section, capacity: int) -> None:
    if capacity is None or capacity < 1:
        raise DomainError(_("A section has at least one seat."), field="capacity")
    if capacity < section.seats_taken:
        raise DomainError(
            _("%(section)s has %(n)d students: the capacity cannot be below that. Move students out first.")
            % {"section": section.code, "n": section.seats_taken},
            field="capacity",
        )


def section_set_teacher(*, actor, section: Section, teacher: Teacher | None) -> Section:
    require(actor, "registration.manage")
    with transaction.atomic():
        section = _lock_section(section)
        _check_open(section)
        _check_teacher(teacher)
        section.teacher = teacher
        section._history_user = actor
        section.save(update_fields=["teacher"])
        return section


def section_set_capacity(*, actor, section: Section, capacity: int) -> tuple[Section, list[str]]:
    require(actor, "registration.manage")
    with transaction.atomic():
        section = _lock_section(section)
        _check_open(section)
        _check_capacity(section, capacity)
        section.capacity = capacity
        section._history_user = actor
        section.save(update_fields=["capacity"])
        return section, _capacity_warnings(section.kind, capacity)


def _descendants(section: Section) -> list[Section]:
    found, frontier = [], [section.pk]
    while frontier:
        children = list(Section.objects.filter(parent_id__in=frontier))
        found += children
        frontier = [c.pk for c in children]
    return found


def section_cancel(*, actor, section: Section) -> Section:
    """Cancel an empty section (and the empty groups inside it); one with students is refused: move
    them to another section first."""
    require(actor, "registration.manage")
    with transaction.atomic():
        section = _lock_section(section)
        _check_open(section)
        inside = _descendants(section)
        taken = max((s.seats_taken for s in [section, *inside]), default=0)
        if taken:
            raise DomainError(
                _("%(section)s has students (%(n)d). Move them to another section before cancelling it.")
                % {"section": section.code, "n": taken}
            )
        for s in [section, *inside]:
            s.status = SectionStatus.CANCELLED
        bulk_update_with_history([section, *inside], Section, ["status"], default_user=actor)
        return section


# --- offering before registration -----------------------------------------------------------------------------


@dataclass
class OfferLine:
    discipline_id: int
    code: str
    name: str
    language: str
    kind: str
    expected: int
    capacities: list[int] = field(default_factory=list)
    existing: int = 0  # open first-level sections already there

    @property
    def language_label(self) -> str:
        return language_label(self.language)

    @property
    def kind_label(self) -> str:
        return _kind_label(self.kind)


@dataclass
class OfferingReport:
    term: Term
    lines: list[OfferLine] = field(default_factory=list)
    created: int = 0
    applied: bool = False
    note: str = ""

    @property
    def to_create(self) -> int:
        return sum(len(line.capacities) for line in self.lines if not line.existing)

    @property
    def skipped(self) -> int:
        return sum(1 for line in self.lines if line.existing)


def _expected_students(term: Term) -> dict[tuple[int, str], int]:
    """(discipline, language) -> active students whose approved curriculum has it (compulsory, or as an
    alternative of an elective block: any of them may choose it) in the curriculum term they reach in
    `term`. Two queries."""
    groups = (
        Student.objects.filter(status=StudentStatus.ACTIVE, curriculum__status="approved")
        .values_list("curriculum_id", "year_of_study", "language")
        .annotate(n=Count("pk"))
        .order_by()
    )
    by_curriculum_term: dict = defaultdict(list)
    for curriculum_id, year, language, n in groups:
        # Only the year of study matters to the position, so an unsaved Student carries it.
        _year, cterm = plan_position(Student(year_of_study=year), term)
        if cterm is not None:
            by_curriculum_term[(curriculum_id, cterm)].append((language, n))
    expected: dict = defaultdict(int)
    if not by_curriculum_term:
        return expected
    curricula = {c for c, _t in by_curriculum_term}
    cterms = {t for _c, t in by_curriculum_term}
    for curriculum_id, cterm, discipline_id in CurriculumItem.objects.filter(
        curriculum_id__in=curricula, term__in=cterms
    ).values_list("curriculum_id", "term", "discipline_id"):
        for language, n in by_curriculum_term.get((curriculum_id, cterm), ()):
            expected[(discipline_id, language)] += n
    return expected


def _offering(term: Term) -> OfferingReport:
    report = OfferingReport(term=term)
    if term.kind == TermKind.SUMMER:
        report.note = _(
            "The summer term follows no curriculum term: open its sections one by one for the retakes registered."
        )
        return report
    expected = _expected_students(term)
    disciplines = Discipline.objects.in_bulk({d for d, _l in expected})
    existing = defaultdict(int)
    for discipline_id, language in Section.objects.filter(
        term=term, parent__isnull=True, status=SectionStatus.OPEN
    ).values_list("discipline_id", "language"):
        existing[(discipline_id, language)] += 1
    s = university_settings()
    for (discipline_id, language), n in expected.items():
        d = disciplines[discipline_id]
        kind = rules.first_level(*_hours(d))
        if kind is None or not d.is_active:
            continue
        low, high = bounds(kind, s)
        capacities = [min(high, max(size, low)) for size in rules.split_sizes(n, low, high)]
        report.lines.append(
            OfferLine(discipline_id, d.code, d.name, language, kind, n, capacities, existing[(discipline_id, language)])
        )
    report.lines.sort(key=lambda line: (line.code, line.language))
    return report


def offering_preview(term: Term) -> OfferingReport:
    """What `sections_open_for_term` would create now."""
    return _offering(term)


def sections_open_for_term(*, term: Term, actor) -> OfferingReport:
    """Before registration: for every discipline of the approved curricula in the curriculum term the
    students reach in `term`, and every language with such students, first-level sections (lecture
    streams; practice groups of disciplines without lectures) sized to the expected students, at most
    the maximum each. A discipline and language that already has an open section is skipped, so a
    second run creates nothing."""
    require(actor, "registration.manage")
    with transaction.atomic():
        term = _lock_term(term)
        report = _offering(term)
        numbers = defaultdict(int)
        for discipline_id, kind, language, number in Section.objects.filter(term=term).values_list(
            "discipline_id", "kind", "language", "number"
        ):
            key = (discipline_id, kind, language)
            numbers[key] = max(numbers[key], number)
        new = []
        for line in report.lines:
            if line.existing:
                continue
            for capacity in line.capacities:
                key = (line.discipline_id, line.kind, line.language)
                numbers[key] += 1
                new.append(
                    Section(
                        term=term,
                        discipline_id=line.discipline_id,
                        kind=line.kind,
                        language=line.language,
                        number=numbers[key],
                        capacity=capacity,
                        note=_("offered before registration"),
                    )
                )
        if new:
            bulk_create_with_history(new, Section, default_user=actor)
        report.created = len(new)
        report.applied = True
        return report


# --- moving students, merging and splitting groups ---------------------------------------------------------------


def _lock_plans_in(sections: list[Section]) -> None:
    """Lock the plans of the students in `sections` before the section rows, in the order the
    registration services lock them (plan, then section), so a student's add/drop never deadlocks."""
    q = None
    for section in sections:
        slot = _slot(section)
        cond = StudyPlan.objects.filter(**{f"items__{slot}": section})
        q = cond if q is None else q | cond
    if q is not None:
        list(StudyPlan.objects.select_for_update().filter(pk__in=q.values("pk")).order_by("pk").values_list("pk"))


def _keep_inner_groups_whole(placed: dict, units: list[rules.Unit]) -> dict:
    """A practice group or lab subgroup inside the split section has one parent: all its students go
    to the part holding most of them."""
    placed = dict(placed)
    for unit in units:
        if unit.key[0] != "child":
            continue
        counts = defaultdict(int)
        for m in unit.members:
            counts[placed[m]] += 1
        if len(counts) > 1:
            home = max(counts, key=lambda k: (counts[k], -k[1]))
            for m in unit.members:
                placed[m] = home
    return placed


def _slot(section: Section) -> str:
    return rules.member_field(section.kind, section.parent_id is not None)


def item_move(*, actor, item: PlanItem, target: Section) -> PlanItem:
    """Move a student between practice groups of their stream, or lab subgroups of their group (or,
    for a discipline without lectures, between its first-level groups). The target must have a free
    seat (the conditional UPDATE); a lab subgroup inside the old group moves along to one of the new
    group's subgroups with a free seat."""
    require(actor, "registration.manage")
    with transaction.atomic():
        # The plan row first, as the registration services do: the student's own edits wait.
        StudyPlan.objects.select_for_update().filter(pk=item.plan_id).values_list("pk").first()
        item = PlanItem.objects.select_related("discipline", "plan__student").get(pk=item.pk)
        target = _lock_section(target)
        _check_open(target)
        if target.term_id != item.plan.term_id or target.discipline_id != item.discipline_id:
            raise DomainError(
                _("%(section)s is not a section of %(code)s in the term of this plan.")
                % {"section": target.code, "code": item.discipline.code}
            )
        slot = _slot(target)
        attribute = f"{slot}_id"
        current_id = getattr(item, attribute)
        if target.kind == SectionKind.LECTURE:
            raise DomainError(
                _(
                    "Students change lecture streams through their study plan, not here; move them between "
                    "practice groups or lab subgroups."
                )
            )
        if current_id == target.pk:
            raise DomainError(_("The student is already in %(section)s.") % {"section": target.code})
        if target.parent_id is None:
            current = Section.objects.filter(pk=current_id).first()
            if current is None or current.language != target.language:
                raise DomainError(
                    _("%(section)s is not a group the student can move to from their current one.")
                    % {"section": target.code}
                )
        else:
            home = item.section_id if slot == "practice_section" else (item.practice_section_id or item.section_id)
            if target.parent_id != home:
                parent = target.parent
                raise DomainError(
                    _(
                        "%(section)s is part of %(parent)s, and the student is not in it. Move the student to "
                        "%(parent)s first."
                    )
                    % {"section": target.code, "parent": parent.code}
                )
        lab_target = None
        lab_children = []
        if slot != "lab_section" and item.lab_section_id:
            lab_children = list(
                Section.objects.filter(parent=target, kind=SectionKind.LAB, status=SectionStatus.OPEN).order_by(
                    "seats_taken", "number"
                )
            )
        if not take_seat(target.pk):
            raise DomainError(
                _("%(section)s is full (%(taken)d of %(capacity)d seats). Raise its capacity or choose another group.")
                % {"section": target.code, "taken": target.seats_taken, "capacity": target.capacity},
                field="target",
            )
        if lab_children:
            lab_target = next((lab for lab in lab_children if take_seat(lab.pk)), None)
            if lab_target is None:
                # The caller's transaction rolls back the seat taken above: nothing changes.
                raise DomainError(
                    _("No lab subgroup of %(section)s has a free seat for the student's labs.")
                    % {"section": target.code},
                    field="target",
                )
        _release(current_id)
        setattr(item, attribute, target.pk)
        fields = [slot]
        if slot != "lab_section" and item.lab_section_id:
            _release(item.lab_section_id)
            item.lab_section_id = lab_target.pk if lab_target else None
            fields.append("lab_section")
        item._history_user = actor
        item.save(update_fields=fields)
        return item


def _check_siblings(a: Section, b: Section) -> None:
    if a.pk == b.pk:
        raise DomainError(_("Choose two different sections."))
    same = (
        a.term_id == b.term_id
        and a.discipline_id == b.discipline_id
        and a.language == b.language
        and a.kind == b.kind
        and a.parent_id == b.parent_id
    )
    if not same:
        raise DomainError(
            _(
                "%(a)s and %(b)s are not groups of the same kind in the same stream (same discipline, term and "
                "language)."
            )
            % {"a": a.code, "b": b.code}
        )
    _check_open(a)
    _check_open(b)


def _move_members(section_from: Section, section_to: Section, item_ids, actor) -> None:
    """Move plan items (and whole groups inside) from one section to a sibling; seats are recounted after."""
    slot = _slot(section_from)
    items = list(PlanItem.objects.filter(pk__in=list(item_ids)))
    for item in items:
        setattr(item, f"{slot}_id", section_to.pk)
    if items:
        bulk_update_with_history(items, PlanItem, [slot], default_user=actor)


def sections_merge(*, actor, target: Section, other: Section) -> Section:
    """Merge `other` into `target`: two groups of one stream (or two streams, or two first-level
    groups) of the same discipline, term and language; refused above the maximum of the settings.
    The groups inside `other` move with their students; `other` is cancelled."""
    require(actor, "registration.manage")
    with transaction.atomic():
        _lock_term(target.term)
        _lock_plans_in([target, other])
        first, second = sorted([target.pk, other.pk])
        locked = {first: _lock_section(first), second: _lock_section(second)}
        target, other = locked[target.pk], locked[other.pk]
        _check_siblings(target, other)
        low, high = bounds(target.kind)
        total = target.seats_taken + other.seats_taken
        if total > high:
            raise DomainError(
                _(
                    "%(a)s (%(n_a)d) and %(b)s (%(n_b)d) together have %(total)d students, more than the maximum "
                    "of %(high)d for a %(kind)s."
                )
                % {
                    "a": target.code,
                    "n_a": target.seats_taken,
                    "b": other.code,
                    "n_b": other.seats_taken,
                    "total": total,
                    "high": high,
                    "kind": _kind_label(target.kind),
                }
            )
        slot = _slot(other)
        _move_members(other, target, PlanItem.objects.filter(**{slot: other}).values_list("pk", flat=True), actor)
        children = list(Section.objects.filter(parent=other))
        for child in children:
            child.parent = target
        if children:
            bulk_update_with_history(children, Section, ["parent"], default_user=actor)
        target.capacity = max(target.capacity, total)
        other.status = SectionStatus.CANCELLED
        bulk_update_with_history([target, other], Section, ["capacity", "status"], default_user=actor)
        recount_seats(target.term, [target, other])
        target.refresh_from_db()
        return target


def section_split(*, actor, section: Section, parts: int = 2) -> list[Section]:
    """Split a section in `parts` balanced sections (the first keeps its number and teacher), keeping
    academic groups and the groups inside it whole where possible; refused when a part would fall
    below the minimum of the settings."""
    require(actor, "registration.manage")
    if parts is None or parts < 2:
        raise DomainError(_("Split into at least two parts."), field="parts")
    with transaction.atomic():
        term = _lock_term(section.term)
        _lock_plans_in([section])
        section = _lock_section(section)
        _check_open(section)
        slot = _slot(section)
        low, high = bounds(section.kind)
        items = list(
            PlanItem.objects.filter(**{slot: section}).values_list(
                "pk", "plan__student__group_id", "practice_section_id", "lab_section_id"
            )
        )
        n = len(items)
        if n < parts * max(low, 1):
            raise DomainError(
                _(
                    "%(section)s has %(n)d students: split in %(parts)d, a part would have fewer than the minimum "
                    "of %(low)d."
                )
                % {"section": section.code, "n": n, "parts": parts, "low": low},
                field="parts",
            )
        children = {c.pk: c for c in Section.objects.filter(parent=section, status=SectionStatus.OPEN)}
        by_unit: dict = defaultdict(list)
        for pk, group_id, practice_id, lab_id in items:
            child = next((c for c in (practice_id, lab_id) if c in children), None)
            if child is not None:
                by_unit[("child", child)].append(pk)
            else:
                by_unit[("g", group_id) if group_id else ("i", pk)].append(pk)
        units = [rules.Unit(k, tuple(v)) for k, v in by_unit.items()]
        result = rules.distribute(units, low=low, high=max(high, -(-n // parts)), parts=parts)
        keys = result.new_bins
        placed = _keep_inner_groups_whole(result.placed, units)
        sizes = defaultdict(int)
        for key in placed.values():
            sizes[key] += 1
        if any(sizes[key] < low for key in keys):
            raise DomainError(
                _(
                    "%(section)s cannot be split in %(parts)d without a part below the minimum of %(low)d while "
                    "keeping the groups inside it whole."
                )
                % {"section": section.code, "parts": parts, "low": low},
                field="parts",
            )
        new_sections = []
        number = _next_number(term, section.discipline, section.kind, section.language)
        for i, key in enumerate(keys[1:]):
            new_sections.append(
                Section(
                    term=term,
                    discipline=section.discipline,
                    kind=section.kind,
                    language=section.language,
                    number=number + i,
                    parent=section.parent,
                    capacity=max(section.capacity, sizes[key]),
                    note=_("split from %(section)s") % {"section": section.code},
                )
            )
        created = bulk_create_with_history(new_sections, Section, default_user=actor)
        target_of = dict(zip(keys[1:], created, strict=True))
        unit_of = {m: u.key for u in units for m in u.members}
        moved_children = {}
        by_target: dict = defaultdict(list)
        for member, key in placed.items():
            if key in target_of:
                by_target[key].append(member)
                unit = unit_of[member]
                if unit[0] == "child":
                    moved_children[unit[1]] = target_of[key]
        for key, members in by_target.items():
            _move_members(section, target_of[key], members, actor)
        if moved_children:
            changed = []
            for child_pk, new_parent in moved_children.items():
                child = children[child_pk]
                child.parent = new_parent
                changed.append(child)
            bulk_update_with_history(changed, Section, ["parent"], default_user=actor)
        recount_seats(term, [section, *created])
        return list(Section.objects.filter(pk__in=[section.pk, *(c.pk for c in created)]).order_by("number"))
