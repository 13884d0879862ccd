"""What every order effect shares: the item it works on, the references it may name, and the
checks common to all types. An effect has two halves: `check` (why it is impossible, nothing
written) and `apply` (the change, through `enrollment.services.status`, never Student directly).
"""

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from academics.choices import CurriculumStatus, Language, StudyForm
from academics.models import Curriculum, Programme, Teacher
from enrollment.choices import StudentStatus
from enrollment.models import AcademicGroup, Student
from enrollment.services.status import OrderRef, student_apply_change

from ..params import parse_date


@dataclass
class Refs:
    """Programmes, groups, teachers and curricula named by the items, read once per signing."""

    programmes: dict = field(default_factory=dict)  # id -> Programme and CODE -> Programme
    groups: dict = field(default_factory=dict)
    teachers: dict = field(default_factory=dict)
    curricula: dict = field(default_factory=dict)
    approved_curricula: dict = field(default_factory=dict)  # (programme, intake, form, language) -> id

    def programme(self, value) -> Programme | None:
        if value is None:
            return None
        return self.programmes.get(value if isinstance(value, int) else str(value).upper())

    def approved_curriculum_id(self, programme_id, intake_year, study_form, language) -> int | None:
        key = (programme_id, intake_year, study_form, language)
        if key not in self.approved_curricula:
            self.approved_curricula[key] = (
                Curriculum.objects.filter(
                    programme_id=programme_id,
                    intake_year=intake_year,
                    study_form=study_form,
                    language=language,
                    status=CurriculumStatus.APPROVED,
                )
                .values_list("pk", flat=True)
                .first()
            )
        return self.approved_curricula[key]


def load_refs(param_dicts, students=()) -> Refs:
    """Everything the items (and the students' current programmes) refer to: at most four queries."""
    prog_ids, prog_codes, group_ids, teacher_ids, curriculum_ids = set(), set(), set(), set(), set()
    for p in param_dicts:
        value = p.get("programme")
        if isinstance(value, int):
            prog_ids.add(value)
        elif value:
            prog_codes.add(str(value).upper())
        if p.get("group"):
            group_ids.add(p["group"])
        if p.get("adviser"):
            teacher_ids.add(p["adviser"])
        if p.get("curriculum"):
            curriculum_ids.add(p["curriculum"])
    prog_ids |= {s.programme_id for s in students}
    refs = Refs()
    if prog_ids or prog_codes:
        for prog in Programme.objects.filter(pk__in=prog_ids) | Programme.objects.filter(code__in=prog_codes):
            refs.programmes[prog.pk] = prog
            refs.programmes[prog.code.upper()] = prog
    if group_ids:
        refs.groups = AcademicGroup.objects.in_bulk(group_ids)
    if teacher_ids:
        refs.teachers = Teacher.objects.select_related("user").in_bulk(teacher_ids)
    if curriculum_ids:
        refs.curricula = Curriculum.objects.in_bulk(curriculum_ids)
    return refs


@dataclass
class Batch:
    """Facts about the whole order, gathered once: duplicates inside it and rows already in the database."""

    existing_iins: set = field(default_factory=set)
    iin_counts: dict = field(default_factory=dict)
    existing_numbers: set = field(default_factory=set)
    number_counts: dict = field(default_factory=dict)
    last_changes: dict = field(default_factory=dict)  # student id -> latest StatusChange (or None)
    changes_by_item: dict = field(default_factory=dict)  # cancelled item id -> its StatusChange


@dataclass
class ItemContext:
    order: object
    item: object
    params: dict
    student: Student | None
    refs: Refs
    batch: Batch
    actor: object = None
    number: str = ""

    @property
    def effective_on(self) -> datetime.date:
        # An academic leave takes effect on its first day.
        value = self.params.get("effective_on") or self.params.get("leave_from")
        return parse_date(value) if value else self.order.effective_on

    def order_ref(self) -> OrderRef:
        return OrderRef(item_id=self.item.pk, number=self.number, date=self.order.order_date)

    def date(self, name) -> datetime.date | None:
        value = self.params.get(name)
        return parse_date(value) if value else None


def status_label(status: str) -> str:
    return str(StudentStatus(status).label)


def d(day: datetime.date | None) -> str:
    return f"{day:%d.%m.%Y}" if day else "—"


class Effect:
    """One order type's effect. Subclasses set `movement` and `statuses` and write the two halves."""

    movement = ""
    statuses: tuple = (StudentStatus.ACTIVE,)  # the statuses a student may have for the effect
    # History stays in date order: an item may not take effect before the student's latest change.
    refuses_backdating = True

    def needs_student(self, params: dict) -> bool:
        return True

    def prepare(self, ctx: "ItemContext") -> None:
        """Derive what the checks need (called once before `check`)."""

    def allowed_statuses(self, params: dict) -> tuple:
        return self.statuses

    def check(self, ctx: ItemContext) -> list[str]:
        if not self.needs_student(ctx.params):
            return self.check_new(ctx)
        student = ctx.student
        if student is None:
            return [_("The item names no student.")]
        reasons = []
        statuses = self.allowed_statuses(ctx.params)
        if student.status not in statuses:
            reasons.append(self.status_reason(student, statuses))
        last = ctx.batch.last_changes.get(student.pk)
        if self.refuses_backdating and last is not None and last.effective_on > ctx.effective_on:
            reasons.append(
                _(
                    "The student's record already has a change in force from %(date)s (order %(number)s); "
                    "this item cannot take effect earlier, on %(effective)s."
                )
                % {"date": d(last.effective_on), "number": last.order_number or "—", "effective": d(ctx.effective_on)}
            )
        if not reasons:
            reasons += self.check_student(ctx, student)
        return reasons

    def status_reason(self, student, statuses) -> str:
        allowed = ", ".join(status_label(s) for s in statuses)
        return _("The student is %(status)s; this order needs a student who is %(allowed)s.") % {
            "status": status_label(student.status),
            "allowed": allowed,
        }

    def check_student(self, ctx: ItemContext, student: Student) -> list[str]:
        return []

    def check_new(self, ctx: ItemContext) -> list[str]:
        return []

    def apply(self, ctx: ItemContext) -> dict:
        raise NotImplementedError

    def change(self, ctx: ItemContext, changes: dict, *, movement: str | None = None, ground: str = "", **extra):
        """Apply `changes` to the item's student through the one status writer; the item's result."""
        record = student_apply_change(
            actor=ctx.actor,
            student=ctx.student,
            movement=movement or self.movement,
            changes=changes,
            effective_on=ctx.effective_on,
            ground=ground,
            order_ref=ctx.order_ref(),
        )
        return {
            "movement": record.movement,
            "ground": ground,
            "effective_on": record.effective_on.isoformat(),
            "status_change": record.pk,
            "before": record.before,
            "after": record.after,
            **extra,
        }


def group_mismatch(group: AcademicGroup | None, programme, study_form: str, language: str) -> str | None:
    """Why `group` cannot take a student of that programme, form and language (None: it can)."""
    if group is None:
        return _("The academic group does not exist.")
    if not group.is_active:
        return _("The academic group %(group)s is closed.") % {"group": group.name}
    if group.programme_id != programme.pk or group.study_form != study_form or group.language != language:
        return _("The academic group %(group)s is not of this programme, study form and language.") % {
            "group": group.name
        }
    return None


def programme_offer_reasons(programme, study_form: str | None, language: str | None) -> list[str]:
    """Why a programme cannot take a student in that form and language."""
    reasons = []
    if not programme.is_active:
        reasons.append(_("The programme %(code)s is closed.") % {"code": programme.code})
    if study_form and study_form not in programme.study_forms:
        reasons.append(
            _("The programme %(code)s is not offered in the study form “%(form)s”.")
            % {"code": programme.code, "form": StudyForm(study_form).label}
        )
    if language and language not in programme.languages:
        reasons.append(
            _("The programme %(code)s is not taught in the language “%(language)s”.")
            % {"code": programme.code, "language": Language(language).label}
        )
    return reasons
