"""Formation of sections after registration (RULES.md §5, §7): lecture streams across groups and
programmes, practice groups inside streams, lab subgroups inside groups, cancellation of electives
below the minimum, and teachers from the discipline's department.

`sections_form(term=..., actor=...)` is one transaction that first locks the term row, the term's
plans and its sections (SELECT ... FOR UPDATE), so two registrars pressing the button at once run one
after the other and the second finds everything formed: formation is idempotent, a second run changes
nothing. `formation_preview(term)` computes the same plan without writing anything.

The plan is computed in memory from three reads (plan items, sections, disciplines) plus the
teachers, by the pure rules of `enrollment.sections_rules`, and written with a bounded number of
bulk statements; `seats_taken` is recounted in SQL at the end, so it always equals the plan items in
each section.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db import connection, transaction
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from academics.choices import Language
from academics.models import Discipline, Teacher, Term
from registrar.errors import DomainError
from registrar.models import User
from registrar.notices import notify
from registrar.policy import require
from registrar.selectors import university_settings

from .. import sections_rules as rules
from ..choices import PlanItemKind, PlanStatus, SectionKind, SectionStatus
from ..models import PlanItem, Section, StudyPlan

COUNTED = (PlanStatus.APPROVED, PlanStatus.LOCKED)
BATCH = 1000
UPDATE_BATCH = 1000
SLOT = {"section": "section_id", "practice_section": "practice_section_id", "lab_section": "lab_section_id"}


def bounds(kind: str, settings=None) -> tuple[int, int]:
    """(minimum, maximum) students of a section of `kind` from the university settings."""
    s = settings or university_settings()
    return {
        SectionKind.LECTURE: (s.stream_min_size, s.stream_max_size),
        SectionKind.PRACTICE: (s.practice_group_min_size, s.practice_group_max_size),
        SectionKind.LAB: (s.lab_subgroup_min_size, s.lab_subgroup_max_size),
    }[kind]


def language_label(code: str) -> str:
    return str(Language(code).label) if code in Language.values else code


# --- the report ------------------------------------------------------------------------------------------


@dataclass
class DisciplineLine:
    """One discipline in one language of instruction: what formation finds and leaves."""

    discipline_id: int
    code: str
    name: str
    language: str
    students: int = 0
    streams: int = 0
    practice_groups: int = 0
    lab_subgroups: int = 0
    new_sections: int = 0
    placed: int = 0
    cancelled: bool = False
    no_classes: bool = False

    @property
    def language_label(self) -> str:
        return language_label(self.language)


@dataclass
class CancelledElective:
    discipline_id: int
    code: str
    name: str
    language: str
    students: int

    @property
    def language_label(self) -> str:
        return language_label(self.language)


@dataclass
class FormationReport:
    term: Term
    applied: bool = False
    lines: list[DisciplineLine] = field(default_factory=list)
    created: dict = field(default_factory=lambda: dict.fromkeys(SectionKind.values, 0))
    placed: dict = field(default_factory=lambda: dict.fromkeys(SectionKind.values, 0))
    cancelled_electives: list[CancelledElective] = field(default_factory=list)
    items_removed: int = 0
    plans_returned: int = 0
    sections_cancelled: int = 0
    capacities_raised: int = 0
    teachers_assigned: int = 0
    healed: int = 0  # seats in cancelled sections released
    warnings: list[str] = field(default_factory=list)

    @property
    def changed(self) -> bool:
        return bool(
            self.healed
            or sum(self.created.values())
            or sum(self.placed.values())
            or self.items_removed
            or self.sections_cancelled
            or self.capacities_raised
            or self.teachers_assigned
        )


# --- the in-memory model -------------------------------------------------------------------------------------


@dataclass
class _Section:
    key: object  # pk of an existing section, ("new", n) of a planned one
    discipline_id: int
    kind: str
    language: str
    parent: object
    number: int
    capacity: int
    teacher_id: int | None
    status: str
    pk: int | None = None
    dirty: set = field(default_factory=set)

    @property
    def is_open(self) -> bool:
        return self.status == SectionStatus.OPEN

    @property
    def slot(self) -> str:
        return rules.member_field(self.kind, self.parent is not None)


@dataclass
class _Item:
    pk: int
    plan_id: int
    plan_status: str
    student_id: int
    user_id: int | None
    group_id: int | None
    discipline_id: int
    kind: str
    student_language: str
    slots: dict  # member field -> section key or None
    dirty: bool = False

    @property
    def counted(self) -> bool:
        return self.plan_status in COUNTED


class _Plan:
    """The term's sections and items in memory, and what formation does to them."""

    def __init__(self, term: Term, settings):
        self.term = term
        self.settings = settings
        self.report = FormationReport(term=term)
        self.sections: dict = {}
        self.items: dict[int, _Item] = {}
        self.disciplines: dict[int, Discipline] = {}
        self.removed: list[_Item] = []
        self.numbers: dict = defaultdict(int)
        self._new = 0
        self._lines: dict = {}
        # (slot, section key) -> item pks, and parent key -> child sections: every lookup is a dict read
        self.index: dict = defaultdict(set)
        self.kids: dict = defaultdict(list)
        self.healed = 0

    # reading ------------------------------------------------------------------------------------

    def load(self) -> None:
        for s in Section.objects.filter(term=self.term).values(
            "pk", "discipline_id", "kind", "language", "parent_id", "number", "capacity", "teacher_id", "status"
        ):
            section = self.sections[s["pk"]] = _Section(
                key=s["pk"],
                pk=s["pk"],
                discipline_id=s["discipline_id"],
                kind=s["kind"],
                language=s["language"],
                parent=s["parent_id"],
                number=s["number"],
                capacity=s["capacity"],
                teacher_id=s["teacher_id"],
                status=s["status"],
            )
            self.kids[section.parent].append(section)
            key = (s["discipline_id"], s["kind"], s["language"])
            self.numbers[key] = max(self.numbers[key], s["number"])
        for row in PlanItem.objects.filter(plan__term=self.term).values_list(
            "pk",
            "plan_id",
            "plan__status",
            "plan__student_id",
            "plan__student__user_id",
            "plan__student__group_id",
            "discipline_id",
            "kind",
            "plan__student__language",
            "section_id",
            "practice_section_id",
            "lab_section_id",
        ):
            pk, plan_id, status, student_id, user_id, group_id, discipline_id, kind, lang, sec, prac, lab = row
            item = _Item(pk, plan_id, status, student_id, user_id, group_id, discipline_id, kind, lang, {})
            for name, key in (("section", sec), ("practice_section", prac), ("lab_section", lab)):
                # A seat in a cancelled section is no seat: formation places the student again.
                live = key is not None and self.sections[key].is_open
                item.slots[name] = key if live else None
                if live:
                    self.index[(name, key)].add(pk)
                elif key is not None:
                    item.dirty = True
                    self.healed += 1
            self.items[pk] = item
        self.base_numbers = dict(self.numbers)
        ids = {i.discipline_id for i in self.items.values()} | {s.discipline_id for s in self.sections.values()}
        self.disciplines = {d.pk: d for d in Discipline.objects.filter(pk__in=ids).select_related("department")}

    # helpers --------------------------------------------------------------------------------------

    def language_of(self, item: _Item) -> str:
        top = item.slots["section"]
        return self.sections[top].language if top is not None else item.student_language

    def hours(self, discipline_id: int) -> tuple[int, int, int]:
        d = self.disciplines[discipline_id]
        return d.hours_lecture, d.hours_practice, d.hours_lab

    def members(self, section: _Section) -> list[_Item]:
        return [self.items[pk] for pk in sorted(self.index[(section.slot, section.key)])]

    def size(self, section: _Section) -> int:
        return len(self.index[(section.slot, section.key)])

    def children(self, section: _Section, kind: str | None = None) -> list[_Section]:
        return [s for s in self.kids[section.key] if s.is_open and (kind is None or s.kind == kind)]

    def first_level_sections(self, discipline_id: int, language: str) -> list[_Section]:
        return [s for s in self.kids[None] if s.discipline_id == discipline_id and s.language == language and s.is_open]

    def new_section(self, *, discipline_id, kind, language, parent, capacity) -> _Section:
        self._new += 1
        key = ("new", self._new)
        number_key = (discipline_id, kind, language)
        self.numbers[number_key] += 1
        section = _Section(
            key=key,
            discipline_id=discipline_id,
            kind=kind,
            language=language,
            parent=parent,
            number=self.numbers[number_key],
            capacity=capacity,
            teacher_id=None,
            status=SectionStatus.OPEN,
        )
        self.sections[key] = section
        self.kids[parent].append(section)
        return section

    def line(self, discipline_id: int, language: str) -> DisciplineLine:
        key = (discipline_id, language)
        if key not in self._lines:
            d = self.disciplines[discipline_id]
            self._lines[key] = DisciplineLine(discipline_id, d.code, d.name, language)
        return self._lines[key]

    # 1. electives below the minimum -----------------------------------------------------------------------

    def cancel_small_electives(self) -> None:
        """An elective (discipline and language) chosen by fewer students than a stream's minimum is not
        opened (RULES.md §5): its items leave the plans, which go back to the students to re-choose.
        When the same discipline runs anyway in that language for compulsory items, retakes or academic
        difference, it is not cancelled: its stream exists and the elective students join it."""
        low = self.settings.stream_min_size
        counted: dict = defaultdict(list)
        for item in self.items.values():
            if item.counted:
                counted[(item.discipline_id, self.language_of(item))].append(item)
        for (discipline_id, language), items in sorted(counted.items(), key=lambda kv: self._sort_key(kv[0])):
            if len(items) >= low or any(i.kind != PlanItemKind.ELECTIVE for i in items):
                continue
            d = self.disciplines[discipline_id]
            self.report.cancelled_electives.append(
                CancelledElective(discipline_id, d.code, d.name, language, len(items))
            )
            gone = [
                i
                for i in self.items.values()
                if i.discipline_id == discipline_id
                and i.kind == PlanItemKind.ELECTIVE
                and self.language_of(i) == language
            ]
            for item in gone:
                del self.items[item.pk]
                for name, key in item.slots.items():
                    if key is not None:
                        self.index[(name, key)].discard(item.pk)
                self.removed.append(item)
            self.line(discipline_id, language).cancelled = True

    def _sort_key(self, key):
        discipline_id, language = key
        return (self.disciplines[discipline_id].code, language)

    # 2. streams (or the first-level groups of disciplines without lectures) -------------------------------

    def form_first_level(self) -> None:
        waiting: dict = defaultdict(list)
        for item in self.items.values():
            if item.counted and item.slots["section"] is None:
                waiting[(item.discipline_id, item.student_language)].append(item)
        keys = {(i.discipline_id, self.language_of(i)) for i in self.items.values() if i.counted}
        for discipline_id, language in sorted(keys | set(waiting), key=self._sort_key):
            line = self.line(discipline_id, language)
            kind = rules.first_level(*self.hours(discipline_id))
            if kind is None:
                line.no_classes = True
                continue
            siblings = [s for s in self.first_level_sections(discipline_id, language) if s.kind == kind]
            items = waiting.get((discipline_id, language), [])
            self._place(items, siblings, "section", kind, parent=None, discipline_id=discipline_id, language=language)
            self._merge_small(self.first_level_sections(discipline_id, language), "section")

    def _place(self, items, siblings, slot, kind, *, parent, discipline_id, language) -> None:
        """Seat `items` in `siblings` within their capacity, or in new sections of `kind`."""
        if not items:
            return
        low, high = bounds(kind, self.settings)
        units = _units(items)
        bins = [rules.Bin(s.key, self.size(s), s.capacity) for s in siblings]
        affinity = self._affinity(items, siblings, slot)
        result = rules.distribute(units, bins, low=low, high=high, affinity=affinity)
        created = {}
        for key in result.new_bins:
            created[key] = self.new_section(
                discipline_id=discipline_id, kind=kind, language=language, parent=parent, capacity=high
            )
        for item_pk, key in result.placed.items():
            section_key = created[key].key if key in created else key
            self._seat(self.items[item_pk], slot, section_key)
        self.report.placed[kind] += len(result.placed)
        self.line(discipline_id, language).placed += len(result.placed) if slot == "section" else 0

    def _affinity(self, items, siblings, slot) -> dict:
        """Unit key -> the section where most of that academic group already sits."""
        groups = {i.group_id for i in items if i.group_id is not None}
        if not groups or not siblings:
            return {}
        where: dict = defaultdict(lambda: defaultdict(int))
        for s in siblings:
            for item in self.members(s):
                if item.group_id in groups:
                    where[item.group_id][s.key] += 1
        return {("g", g): min(c, key=lambda k: (-c[k], _rank(k))) for g, c in where.items()}

    def _seat(self, item: _Item, slot: str, key) -> None:
        if item.slots[slot] == key:
            return
        self._set(item, slot, key)
        # A new stream means new practice groups and lab subgroups inside it.
        below = {"section": ("practice_section", "lab_section"), "practice_section": ("lab_section",)}
        for lower in below.get(slot, ()):
            if item.slots[lower] is not None:
                self._set(item, lower, None)

    def _set(self, item: _Item, slot: str, key) -> None:
        old = item.slots[slot]
        if old is not None:
            self.index[(slot, old)].discard(item.pk)
        if key is not None:
            self.index[(slot, key)].add(item.pk)
        item.slots[slot] = key
        item.dirty = True

    def _merge_small(self, siblings: list[_Section], slot: str) -> None:
        """A section below the minimum is merged into its siblings when they can take its students within
        the maximum; one that cannot be merged stays (reported as a warning)."""
        by_kind: dict = defaultdict(list)
        for s in siblings:
            by_kind[s.kind].append(s)
        for kind, same in sorted(by_kind.items()):
            self._merge_small_of_kind(same, slot, kind)

    def _merge_small_of_kind(self, siblings: list[_Section], slot: str, kind: str) -> None:
        low, high = bounds(kind, self.settings)
        while True:
            open_siblings = [s for s in siblings if s.is_open]
            sizes = {s.key: self.size(s) for s in open_siblings}
            if len(open_siblings) < 2:
                return
            small = sorted(
                (s for s in open_siblings if 0 < sizes[s.key] < low), key=lambda s: (sizes[s.key], _rank(s.key))
            )
            merged = False
            for victim in small:
                others = [s for s in open_siblings if s is not victim]
                room = sum(max(max(s.capacity, high) - sizes[s.key], 0) for s in others)
                if room < sizes[victim.key]:
                    continue
                members = self.members(victim)
                bins = [rules.Bin(s.key, sizes[s.key], max(s.capacity, high)) for s in others]
                result = rules.distribute(_units(members), bins, low=low, high=high)
                if result.new_bins:
                    continue
                for item_pk, key in result.placed.items():
                    self._seat(self.items[item_pk], slot, key)
                for s in others:
                    if result.sizes[s.key] > s.capacity:
                        s.capacity = result.sizes[s.key]
                        s.dirty.add("capacity")
                        self.report.capacities_raised += 1
                self._cancel(victim)
                merged = True
                break
            if not merged:
                return

    def _cancel(self, section: _Section) -> None:
        for child in self.children(section):
            self._cancel(child)
        section.status = SectionStatus.CANCELLED
        section.dirty.add("status")

    # 3. practice groups and lab subgroups ----------------------------------------------------------------

    def form_lower_levels(self) -> None:
        for top in sorted(
            (s for s in self.sections.values() if s.parent is None and s.is_open), key=lambda s: _rank(s.key)
        ):
            below = rules.levels_below(top.kind, *self.hours(top.discipline_id))
            self._form_inside(top, below)

    def _form_inside(self, parent: _Section, kinds: list[str]) -> None:
        if not kinds:
            return
        kind, rest = kinds[0], kinds[1:]
        slot = rules.member_field(kind, True)
        waiting = [i for i in self.members(parent) if i.counted and i.slots[slot] is None]
        siblings = self.children(parent, kind)
        self._place(
            waiting,
            siblings,
            slot,
            kind,
            parent=parent.key,
            discipline_id=parent.discipline_id,
            language=parent.language,
        )
        self._merge_small(self.children(parent, kind), slot)
        for child in self.children(parent, kind):
            self._form_inside(child, rest)

    # 4. empty sections, warnings, teachers -------------------------------------------------------------------

    def depth(self, section: _Section) -> int:
        d, up = 0, section.parent
        while up is not None:
            d, up = d + 1, self.sections[up].parent
        return d

    def cancel_empty(self) -> None:
        """A section nobody sits in has no use after registration (it would only take a teacher's hours)."""
        for section in sorted(self.sections.values(), key=lambda s: (-self.depth(s), _rank(s.key))):
            if section.is_open and not self.size(section) and not self.children(section):
                section.status = SectionStatus.CANCELLED
                section.dirty.add("status")

    def renumber(self) -> None:
        """New sections merged away left gaps: number the ones that stay after the existing ones."""
        numbers = defaultdict(int, self.base_numbers)
        for s in sorted(self.sections.values(), key=lambda s: _rank(s.key)):
            if s.pk is None and s.is_open:
                key = (s.discipline_id, s.kind, s.language)
                numbers[key] += 1
                s.number = numbers[key]

    def check_sizes(self) -> None:
        groups: dict = defaultdict(list)
        for s in self.sections.values():
            if s.is_open:
                groups[(s.discipline_id, s.language, s.kind, s.parent)].append(s)
        for (_discipline, _language, kind, _parent), siblings in sorted(
            groups.items(), key=lambda kv: (self._sort_key(kv[0][:2]), kv[0][2], _rank(kv[0][3]))
        ):
            low, high = bounds(kind, self.settings)
            for s in sorted(siblings, key=lambda s: s.number):
                n = self.size(s)
                name = self.label(s)
                if 0 < n < low:
                    if len(siblings) == 1:
                        message = _(
                            "%(section)s has %(n)d students, fewer than the minimum of %(low)d; it is the only "
                            "one, so it runs."
                        )
                    else:
                        message = _(
                            "%(section)s has %(n)d students, fewer than the minimum of %(low)d, and cannot be "
                            "merged with another within the maximum of %(high)d."
                        )
                    self.report.warnings.append(message % {"section": name, "n": n, "low": low, "high": high})
                elif n > high:
                    self.report.warnings.append(
                        _("%(section)s has %(n)d students, more than the maximum of %(high)d.")
                        % {"section": name, "n": n, "high": high}
                    )

    def label(self, s: _Section) -> str:
        d = self.disciplines[s.discipline_id]
        prefix = {SectionKind.LECTURE: "L", SectionKind.PRACTICE: "P", SectionKind.LAB: "Lab"}[s.kind]
        return f"{d.code}-{prefix}{s.number}-{s.language}"

    def assign_teachers(self) -> None:
        open_sections = [s for s in self.sections.values() if s.is_open]
        departments = {self.disciplines[s.discipline_id].department_id for s in open_sections if s.teacher_id is None}
        if not departments:
            return
        teachers = list(
            Teacher.objects.filter(department_id__in=departments, is_active=True).values_list(
                "pk", "department_id", "rate"
            )
        )
        held: dict = defaultdict(int)
        for s in open_sections:
            if s.teacher_id is not None:
                held[s.teacher_id] += self.section_hours(s)
        facts = [rules.TeacherFacts(pk, dept, held[pk], rate) for pk, dept, rate in teachers]
        needs = [
            rules.SectionNeed(s.key, self.disciplines[s.discipline_id].department_id, self.section_hours(s))
            for s in sorted(open_sections, key=lambda s: _rank(s.key))
            if s.teacher_id is None
        ]
        chosen, missing = rules.assign_teachers(needs, facts)
        for key, teacher_id in chosen.items():
            section = self.sections[key]
            section.teacher_id = teacher_id
            section.dirty.add("teacher")
        self.report.teachers_assigned = len(chosen)
        by_department: dict = defaultdict(list)
        for key in missing:
            s = self.sections[key]
            by_department[self.disciplines[s.discipline_id].department.code].append(self.label(s))
        for department, labels in sorted(by_department.items()):
            self.report.warnings.append(
                _("No active teacher in the department %(department)s for %(sections)s; assign teachers by hand.")
                % {"department": department, "sections": ", ".join(sorted(labels))}
            )

    def section_hours(self, s: _Section) -> int:
        return rules.section_hours(s.kind, *self.hours(s.discipline_id))

    # the whole plan ----------------------------------------------------------------------------------------

    def compute(self) -> FormationReport:
        self.load()
        self.cancel_small_electives()
        self.form_first_level()
        self.form_lower_levels()
        self.cancel_empty()
        self.renumber()
        self.check_sizes()
        self.assign_teachers()
        self.report.healed = self.healed
        self._summarise()
        return self.report

    def _summarise(self) -> None:
        report = self.report
        for s in self.sections.values():
            if s.pk is None and s.is_open:
                report.created[s.kind] += 1
            if s.pk is not None and "status" in s.dirty:
                report.sections_cancelled += 1
        report.items_removed = len(self.removed)
        report.plans_returned = len(
            {i.plan_id for i in self.removed if i.plan_status not in (PlanStatus.DRAFT, PlanStatus.RETURNED)}
        )
        students: dict = defaultdict(int)
        for i in self.items.values():
            if i.counted:
                students[(i.discipline_id, self.language_of(i))] += 1
        for key, line in self._lines.items():
            line.students = students[key]
        for s in self.sections.values():
            if not s.is_open:
                continue
            top = s
            while top.parent is not None:
                top = self.sections[top.parent]
            line = self._lines.get((s.discipline_id, top.language))
            if line is None:
                continue
            if s.parent is None and s.kind == SectionKind.LECTURE:
                line.streams += 1
            elif s.kind == SectionKind.PRACTICE:
                line.practice_groups += 1
            else:
                line.lab_subgroups += 1
            if s.pk is None:
                line.new_sections += 1
        for c in report.cancelled_electives:
            line = self._lines[(c.discipline_id, c.language)]
            line.students = c.students
        report.lines = sorted(self._lines.values(), key=lambda line: (line.code, line.language))

    # writing ---------------------------------------------------------------------------------------------------

    def apply(self, actor) -> None:
        self._return_plans(actor)
        changed = {
            s.pk: {"status": s.status, "teacher_id": s.teacher_id, "capacity": s.capacity}
            for s in self.sections.values()
            if s.pk is not None and s.dirty
        }
        self._create_sections(actor)
        _set_columns(Section, changed, actor)
        moved = {
            i.pk: {SLOT[name]: self.sections[key].pk if key is not None else None for name, key in i.slots.items()}
            for i in self.items.values()
            if i.dirty
        }
        _set_columns(PlanItem, moved, actor)
        recount_seats(self.term)

    def _create_sections(self, actor) -> None:
        new = [s for s in self.sections.values() if s.pk is None and s.is_open]
        depth = {}
        for s in new:
            d, up = 0, s.parent
            while up is not None:
                d, up = d + 1, self.sections[up].parent
            depth[s.key] = d
        for level in sorted(set(depth.values())):
            batch = [s for s in new if depth[s.key] == level]
            objs = [
                Section(
                    term=self.term,
                    discipline_id=s.discipline_id,
                    kind=s.kind,
                    language=s.language,
                    number=s.number,
                    parent_id=self.sections[s.parent].pk if s.parent is not None else None,
                    capacity=s.capacity,
                    teacher_id=s.teacher_id,
                    note=_("formed after registration"),
                )
                for s in batch
            ]
            created = bulk_create_with_history(objs, Section, default_user=actor)
            if any(o.pk is None for o in created):
                # Databases without RETURNING (SQLite before 3.35) do not hand the keys back.
                lookup = {
                    (o.discipline_id, o.kind, o.language, o.number): o.pk
                    for o in Section.objects.filter(term=self.term)
                }
                for o in created:
                    o.pk = lookup[(o.discipline_id, o.kind, o.language, o.number)]
            for s, obj in zip(batch, created, strict=True):
                s.pk = obj.pk

    def _return_plans(self, actor) -> None:
        if not self.removed:
            return
        by_plan: dict = defaultdict(list)
        for item in self.removed:
            by_plan[item.plan_id].append(item)
        codes = {c.discipline_id: c for c in self.report.cancelled_electives}
        statuses = dict(StudyPlan.objects.filter(pk__in=by_plan).values_list("pk", "status"))
        now = timezone.now()
        changes = {}
        for plan_id, status in statuses.items():
            names = ", ".join(
                sorted({f"{codes[i.discipline_id].code} {codes[i.discipline_id].name}" for i in by_plan[plan_id]})
            )
            change = {
                "adviser_comment": _(
                    "Not opened for too few students, choose another elective instead: %(disciplines)s."
                )
                % {"disciplines": names}
            }
            if status != PlanStatus.DRAFT:
                change.update(
                    status=PlanStatus.RETURNED,
                    approved_credits=None,
                    locked_at=None,
                    reviewed_at=now,
                    reviewed_by_id=actor.pk,
                )
            changes[plan_id] = change
        _bulk_update(
            StudyPlan,
            changes,
            ["status", "adviser_comment", "approved_credits", "locked_at", "reviewed_at", "reviewed_by"],
            actor,
        )
        PlanItem.objects.filter(pk__in=[i.pk for i in self.removed]).delete()
        for cancelled in self.report.cancelled_electives:
            users = {
                i.user_id for i in self.removed if i.discipline_id == cancelled.discipline_id and i.user_id is not None
            }
            if not users:
                continue
            notify(
                list(User.objects.filter(pk__in=users)),
                lambda c=cancelled: (
                    _("%(code)s %(name)s is not opened this term: choose another elective")
                    % {"code": c.code, "name": c.name}
                ),
                lambda c=cancelled: (
                    _(
                        "Too few students chose %(code)s %(name)s (%(language)s) for a lecture stream, so it is "
                        "cancelled for the %(term)s and removed from your study plan. Your plan is returned: choose "
                        "another elective and submit it again."
                    )
                    % {"code": c.code, "name": c.name, "language": c.language_label, "term": self.term}
                ),
                url="/registration/",
            )


def _units(items: list[_Item]) -> list[rules.Unit]:
    """Students of one academic group stay together; students without a group are units of their own."""
    by_group: dict = defaultdict(list)
    for item in sorted(items, key=lambda i: i.pk):
        by_group[("g", item.group_id) if item.group_id is not None else ("i", item.pk)].append(item.pk)
    return [rules.Unit(key, tuple(members)) for key, members in by_group.items()]


def _rank(key) -> tuple:
    # Existing sections (integer keys) first by id, planned ones after in the order they were planned.
    if key is None:
        return (0, 0)
    return (1, key) if isinstance(key, int) else (2, key[1])


def _set_columns(model, changes: dict, actor) -> None:
    """Write {pk: {attname: value}} (the same attnames in every row) to `model` rows and add one history
    row each, in set-based statements: `UPDATE ... FROM (VALUES ...)` and `INSERT ... SELECT` into the
    history table. Django's bulk_update builds one CASE per row and field, which takes a minute for
    the 50,000 plan items of a large faculty; this takes a second (PostgreSQL, and SQLite ≥ 3.33)."""
    if not changes:
        return
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = list(next(iter(changes.values())))
    fields = {f.attname: f for f in model._meta.concrete_fields}
    casts = ", ".join(f"CAST(%s AS {fields[name].db_type(connection)})" for name in ["id", *names])
    columns = ", ".join(quote(c) for c in ["id", *names])
    assignments = ", ".join(f"{quote(fields[name].column)} = v.{quote(name)}" for name in names)
    pks = list(changes)
    with connection.cursor() as cursor:
        for start in range(0, len(pks), BATCH):
            batch = pks[start : start + BATCH]
            values = ", ".join([f"({casts})"] * len(batch))
            params = [x for pk in batch for x in (pk, *(changes[pk][name] for name in names))]
            cursor.execute(
                f"WITH v({columns}) AS (VALUES {values}) "
                f"UPDATE {table} SET {assignments} FROM v WHERE {table}.{quote('id')} = v.{quote('id')}",
                params,
            )
            _history_rows(cursor, model, batch, actor)


def _history_rows(cursor, model, pks, actor) -> None:
    """The rows as they are now, copied into their django-simple-history table as changes by `actor`."""
    quote = connection.ops.quote_name
    history = model.history.model
    kept = {f.column for f in history._meta.concrete_fields}
    own = [f.column for f in model._meta.concrete_fields if f.column in kept]  # minus excluded_fields
    columns = ", ".join(quote(c) for c in own)
    marks = ", ".join(["%s"] * len(pks))
    cursor.execute(
        f"INSERT INTO {quote(history._meta.db_table)} ({columns}, {quote('history_date')}, "
        f"{quote('history_change_reason')}, {quote('history_type')}, {quote('history_user_id')}) "
        f"SELECT {columns}, %s, %s, %s, %s FROM {quote(model._meta.db_table)} WHERE {quote('id')} IN ({marks})",
        [timezone.now(), _("formation of sections"), "~", actor.pk if actor else None, *pks],
    )


def _bulk_update(model, changes: dict, fields: list[str], actor) -> None:
    """Write {pk: {attribute: value}} to `model` rows, with one history row each (who and when)."""
    pks = list(changes)
    for start in range(0, len(pks), BATCH):
        objs = list(model.objects.filter(pk__in=pks[start : start + BATCH]))
        for obj in objs:
            for attribute, value in changes[obj.pk].items():
                setattr(obj, attribute, value)
        bulk_update_with_history(objs, model, fields, batch_size=UPDATE_BATCH, default_user=actor)


def recount_seats(term: Term, sections=None) -> None:
    """Set `seats_taken` of the term's sections (or of `sections`) to the plan items in them. Three UPDATEs."""
    base = Section.objects.filter(term=term)
    if sections is not None:
        base = base.filter(pk__in=[s.pk if isinstance(s, Section) else s for s in sections])
    for slot, condition in (
        ("section", {"parent__isnull": True}),
        ("practice_section", {"parent__isnull": False, "kind": SectionKind.PRACTICE}),
        ("lab_section", {"parent__isnull": False, "kind": SectionKind.LAB}),
    ):
        count = (
            PlanItem.objects.filter(**{slot: OuterRef("pk")})
            .order_by()
            .values(slot)
            .annotate(n=Count("pk"))
            .values("n")
        )
        base.filter(**condition).update(seats_taken=Coalesce(Subquery(count), 0))


# --- the services ------------------------------------------------------------------------------------------------


def formation_preview(term: Term) -> FormationReport:
    """What `sections_form` would do now, without writing anything."""
    return _Plan(term, university_settings()).compute()


def sections_form(*, term: Term, actor) -> FormationReport:
    """Form the term's sections after registration (RULES.md §5, §7), all or nothing:

    - electives chosen by fewer students than a stream's minimum (per language of instruction) are
      cancelled: removed from the plans, which are returned to the students with a comment, and the
      students are notified to re-choose; compulsory disciplines, retakes and academic difference never are;
    - students of approved or locked plans without a stream go into open streams with free seats, else
      into new streams of at most the maximum, balanced, keeping academic groups together;
    - each stream is split into practice groups, each practice group into lab subgroups, within the
      bounds of the settings; a group below the minimum is merged into a sibling when that stays within
      the maximum, else it runs (a warning);
    - sections without a teacher get an active teacher of the discipline's department, balancing
      planned hours.
    """
    require(actor, "registration.manage")
    with transaction.atomic():
        # The term row is the lock of formation: a second registrar waits here, then sees the result.
        locked = Term.objects.select_for_update().select_related("academic_year").filter(pk=term.pk).first()
        if locked is None:
            raise DomainError(_("This term no longer exists."))
        list(StudyPlan.objects.select_for_update().filter(term=locked).values_list("pk", flat=True))
        list(Section.objects.select_for_update().filter(term=locked).values_list("pk", flat=True))
        plan = _Plan(locked, university_settings())
        report = plan.compute()
        if report.changed:
            plan.apply(actor)
        report.applied = True
        return report
