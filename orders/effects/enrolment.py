"""Effects that create a student: enrolment, and transfer from another university (RULES.md §8).

The applicant is checked completely before anything is written (IIN checksum and its agreement
with the birth date and sex, uniqueness in the order and in the database, the programme offering
the form and language, the group fitting, field lengths), so a signing refuses with every reason
instead of failing half-way.
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from enrollment.choices import Movement
from enrollment.iin import validate_iin
from enrollment.models import Student
from enrollment.services.status import student_enrol, student_snapshot
from registrar.dates import academic_year_of

from ..rules import cohort_intake_year, programme_years
from .base import Effect, ItemContext, d, group_mismatch, programme_offer_reasons

APPLICANT_FIELDS = (
    "last_name",
    "first_name",
    "patronymic",
    "last_name_latin",
    "first_name_latin",
    "sex",
    "citizenship",
    "phone",
    "email",
    "address",
)
NEW_REQUIRED = ("last_name", "first_name", "birth_date", "sex", "programme", "study_form", "language", "funding")
# Foreign keys and generated fields are checked by the effect itself, without a query per applicant.
CLEAN_EXCLUDE = ["programme", "curriculum", "group", "adviser", "user", "student_number", "status_since", "iin"]


def _placement(ctx: ItemContext):
    """(programme, year of study, intake year) of a new student from the item's parameters."""
    p = ctx.params
    programme = ctx.refs.programme(p.get("programme"))
    year = p.get("year_of_study") or 1
    intake = p.get("intake_year") or cohort_intake_year(academic_year_of(ctx.effective_on), year)
    return programme, year, intake


def student_number_for(item, intake_year: int) -> str:
    """A generated student ID number: two digits of the intake year and the order item's id.

    Item ids are unique, so numbers are too, without a counter to lock.
    """
    return f"{intake_year % 100:02d}{item.pk:06d}"


def check_applicant(ctx: ItemContext) -> list[str]:
    p = ctx.params
    reasons = []
    labels = {
        "last_name": _("surname"),
        "first_name": _("given name"),
        "birth_date": _("birth date"),
        "sex": _("sex"),
        "programme": _("educational programme"),
        "study_form": _("study form"),
        "language": _("language of instruction"),
        "funding": _("funding"),
    }
    missing = [str(labels[n]) for n in NEW_REQUIRED if not p.get(n)]
    if missing:
        return [_("Missing: %(fields)s.") % {"fields": ", ".join(missing)}]
    programme, year, intake = _placement(ctx)
    if programme is None:
        return [_("No educational programme “%(code)s”.") % {"code": p["programme"]}]
    reasons += programme_offer_reasons(programme, p["study_form"], p["language"])
    years = programme_years(programme.duration_years)
    if year > years:
        reasons.append(
            _("The programme %(code)s has %(years)d years of study; year %(year)d does not exist.")
            % {"code": programme.code, "years": years, "year": year}
        )
    if p.get("group"):
        reason = group_mismatch(ctx.refs.groups.get(p["group"]), programme, p["study_form"], p["language"])
        if reason:
            reasons.append(reason)
    if p.get("adviser"):
        teacher = ctx.refs.teachers.get(p["adviser"])
        if teacher is None or not teacher.is_active:
            reasons.append(_("The adviser does not exist or no longer works here."))
    if p.get("curriculum"):
        curriculum = ctx.refs.curricula.get(p["curriculum"])
        if curriculum is None or curriculum.programme_id != programme.pk:
            reasons.append(_("The curriculum is not one of the programme %(code)s.") % {"code": programme.code})
    birth_date = ctx.date("birth_date")
    if birth_date >= ctx.effective_on:
        reasons.append(_("The birth date %(date)s is not before the enrolment.") % {"date": d(birth_date)})
    iin = p.get("iin")
    if iin:
        reasons += validate_iin(iin, birth_date=birth_date, sex=p["sex"])
        if iin in ctx.batch.existing_iins:
            reasons.append(_("A student with the IIN %(iin)s already exists.") % {"iin": iin})
        elif ctx.batch.iin_counts.get(iin, 0) > 1:
            reasons.append(_("The IIN %(iin)s appears in more than one item of this order.") % {"iin": iin})
    number = p.get("student_number")
    if number:
        if number in ctx.batch.existing_numbers:
            reasons.append(_("The student ID number %(n)s is taken.") % {"n": number})
        elif ctx.batch.number_counts.get(number, 0) > 1:
            reasons.append(
                _("The student ID number %(n)s appears in more than one item of this order.") % {"n": number}
            )
    try:
        Student(**_data(ctx, programme, year, intake)).clean_fields(exclude=CLEAN_EXCLUDE)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            label = Student._meta.get_field(name).verbose_name
            reasons += [f"{label}: {m}" for m in messages]
    return reasons


def _data(ctx: ItemContext, programme, year, intake) -> dict:
    p = ctx.params
    data = {name: p.get(name, "") for name in APPLICANT_FIELDS}
    data["citizenship"] = (p.get("citizenship") or "KZ").upper()
    data.update(
        iin=p.get("iin") or None,
        birth_date=ctx.date("birth_date"),
        programme=programme,
        intake_year=intake,
        year_of_study=year,
        study_form=p["study_form"],
        language=p["language"],
        funding=p["funding"],
    )
    return data


def enrol_applicant(ctx: ItemContext, movement: str, **extra) -> dict:
    """Create the student (group and adviser chosen by the placement rules when the item names none)."""
    from enrollment.services.placement import adviser_for, group_for

    p = ctx.params
    programme, year, intake = _placement(ctx)
    data = _data(ctx, programme, year, intake)
    data["student_number"] = p.get("student_number") or student_number_for(ctx.item, intake)
    if p.get("group"):
        data["group"] = ctx.refs.groups[p["group"]]
    else:
        data["group"] = group_for(
            actor=ctx.actor, programme=programme, intake_year=intake, study_form=p["study_form"], language=p["language"]
        )
    data["adviser"] = ctx.refs.teachers[p["adviser"]] if p.get("adviser") else adviser_for(programme=programme)
    curriculum_id = p.get("curriculum") or ctx.refs.approved_curriculum_id(
        programme.pk, intake, p["study_form"], p["language"]
    )
    data["curriculum_id"] = curriculum_id
    student = student_enrol(
        actor=ctx.actor, data=data, effective_on=ctx.effective_on, order_ref=ctx.order_ref(), movement=movement
    )
    ctx.student = student
    return {
        "movement": movement,
        "effective_on": ctx.effective_on.isoformat(),
        "student_id": student.pk,
        "before": {},
        "after": student_snapshot(student),
        **extra,
    }


class Enrolment(Effect):
    movement = Movement.ENROLLED

    def needs_student(self, params):
        return False

    def check_new(self, ctx):
        return check_applicant(ctx)

    def apply(self, ctx):
        return enrol_applicant(ctx, self.movement)
