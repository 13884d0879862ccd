"""Effects on students already in the record (RULES.md §8): promotion, repeat year, transfer,
academic leave, return, reinstatement, expulsion, change of funding, change of name, graduation."""

from django.utils.translation import gettext as _

from enrollment.choices import Funding, Movement, StudentStatus
from registrar.dates import academic_year_of
from registrar.selectors import university_settings

from ..choices import ExpulsionGround, LeaveGround, TransferKind
from ..rules import cohort_intake_year, leave_errors, leave_limits_from, programme_years
from .base import Effect, ItemContext, d, group_mismatch, programme_offer_reasons
from .enrolment import check_applicant, enrol_applicant

ACTIVE = StudentStatus.ACTIVE
ON_LEAVE = StudentStatus.ON_LEAVE


def _year_reason(programme, year: int) -> str | None:
    years = programme_years(programme.duration_years)
    if year > years:
        return _("The programme %(code)s has %(years)d years of study; year %(year)d does not exist.") % {
            "code": programme.code,
            "years": years,
            "year": year,
        }
    return None


def _place(ctx: ItemContext, student, programme, year: int, study_form: str, language: str):
    """The group a (returning, reinstated, transferred) student joins: the item's, else the current
    one if it is the cohort now in that year of study, else one chosen by the placement rules."""
    from enrollment.services.placement import group_for

    if ctx.params.get("group"):
        return ctx.refs.groups[ctx.params["group"]]
    cohort = cohort_intake_year(academic_year_of(ctx.effective_on), year)
    current = student.group
    if (
        current is not None
        and current.is_active
        and current.programme_id == programme.pk
        and current.study_form == study_form
        and current.language == language
        and current.intake_year == cohort
    ):
        return current
    return group_for(actor=ctx.actor, programme=programme, intake_year=cohort, study_form=study_form, language=language)


def _group_reason(ctx: ItemContext, programme, study_form, language) -> list[str]:
    if not ctx.params.get("group"):
        return []
    reason = group_mismatch(ctx.refs.groups.get(ctx.params["group"]), programme, study_form, language)
    return [reason] if reason else []


class Promotion(Effect):
    movement = Movement.PROMOTED

    def check_student(self, ctx, student):
        reason = _year_reason(student.programme, student.year_of_study + 1)
        if reason:
            return [
                _("Year %(year)d is the last of the programme %(code)s: promotion is impossible.")
                % {"year": student.year_of_study, "code": student.programme.code}
            ]
        return []

    def apply(self, ctx):
        return self.change(ctx, {"year_of_study": ctx.student.year_of_study + 1})


class RepeatYear(Effect):
    """Stays on the year and studies for a fee: a state grant is lost (RULES.md §4, §8)."""

    movement = Movement.REPEAT_YEAR

    def apply(self, ctx):
        lost = ctx.student.funding == Funding.STATE_GRANT
        return self.change(ctx, {"funding": Funding.PAID}, grant_lost=lost)


class Transfer(Effect):
    """Within the university (programme, form, language, group, year), in from or out to another one."""

    movement = Movement.TRANSFERRED

    def needs_student(self, params):
        return params.get("kind") != TransferKind.INCOMING

    def allowed_statuses(self, params):
        return (ACTIVE, ON_LEAVE) if params.get("kind") == TransferKind.OUTGOING else (ACTIVE,)

    def check_new(self, ctx):
        reasons = check_applicant(ctx)
        if not ctx.params.get("previous_university"):
            reasons.append(_("Name the university the student transfers from."))
        return reasons

    def _target(self, ctx, student):
        p = ctx.params
        programme = ctx.refs.programme(p.get("programme")) if p.get("programme") else student.programme
        return (
            programme,
            p.get("year_of_study") or student.year_of_study,
            p.get("study_form") or student.study_form,
            p.get("language") or student.language,
        )

    def check_student(self, ctx, student):
        if ctx.params.get("kind") == TransferKind.OUTGOING:
            return []
        programme, year, form, language = self._target(ctx, student)
        if programme is None:
            return [_("No educational programme “%(code)s”.") % {"code": ctx.params["programme"]}]
        reasons = programme_offer_reasons(programme, form, language)
        reasons += filter(None, [_year_reason(programme, year)])
        reasons += _group_reason(ctx, programme, form, language)
        same = (
            programme.pk == student.programme_id
            and year == student.year_of_study
            and form == student.study_form
            and language == student.language
            and (not ctx.params.get("group") or ctx.params["group"] == student.group_id)
        )
        if same:
            reasons.append(_("The transfer changes nothing: name another programme, form, language, group or year."))
        return reasons

    def apply(self, ctx):
        p = ctx.params
        kind = p.get("kind")
        if kind == TransferKind.INCOMING:
            return enrol_applicant(
                ctx, Movement.TRANSFERRED_IN, kind=kind, previous_university=p.get("previous_university", "")
            )
        if kind == TransferKind.OUTGOING:
            # Leaving for another university keeps the grant (it follows the student).
            return self.change(
                ctx,
                {"status": StudentStatus.EXPELLED, "leave_until": None},
                movement=Movement.TRANSFERRED_OUT,
                ground=ExpulsionGround.TRANSFER,
                kind=kind,
                destination_university=p.get("destination_university", ""),
            )
        student = ctx.student
        programme, year, form, language = self._target(ctx, student)
        group = _place(ctx, student, programme, year, form, language)
        changes = {
            "programme_id": programme.pk,
            "year_of_study": year,
            "study_form": form,
            "language": language,
            "group_id": group.pk if group else None,
        }
        if programme.pk != student.programme_id or form != student.study_form or language != student.language:
            changes["curriculum_id"] = p.get("curriculum") or ctx.refs.approved_curriculum_id(
                programme.pk, group.intake_year if group else student.intake_year, form, language
            )
        return self.change(ctx, changes, kind=kind)


class AcademicLeave(Effect):
    movement = Movement.LEAVE

    def status_reason(self, student, statuses):
        if student.status == ON_LEAVE:
            return _("The student is already on academic leave until %(date)s.") % {"date": d(student.leave_until)}
        return super().status_reason(student, statuses)

    def _dates(self, ctx):
        return ctx.effective_on, ctx.date("leave_until")

    def check_student(self, ctx, student):
        start, until = self._dates(ctx)
        if until is None:
            return [_("Give the last day of the leave.")]
        months, child_age = leave_limits_from(university_settings())
        errors = leave_errors(
            ctx.params.get("leave_ground"),
            start,
            until,
            ctx.date("child_birth_date"),
            months=months,
            child_care_until_age=child_age,
        )
        return [message for _field, message in errors]

    def apply(self, ctx):
        _start, until = self._dates(ctx)
        return self.change(
            ctx, {"status": ON_LEAVE, "leave_until": until}, ground=ctx.params.get("leave_ground", LeaveGround.MEDICAL)
        )


class ReturnFromLeave(Effect):
    movement = Movement.RETURNED
    statuses = (ON_LEAVE,)

    def check_student(self, ctx, student):
        year = ctx.params.get("year_of_study") or student.year_of_study
        reasons = list(filter(None, [_year_reason(student.programme, year)]))
        return reasons + _group_reason(ctx, student.programme, student.study_form, student.language)

    def apply(self, ctx):
        student = ctx.student
        year = ctx.params.get("year_of_study") or student.year_of_study
        group = _place(ctx, student, student.programme, year, student.study_form, student.language)
        changes = {"status": ACTIVE, "leave_until": None, "year_of_study": year, "group_id": group.pk}
        return self.change(ctx, changes)


class Reinstatement(Effect):
    """A former student (expelled, not graduated) studies again (transfer and reinstatement rules, No. 19)."""

    movement = Movement.REINSTATED
    statuses = (StudentStatus.EXPELLED,)

    def check_student(self, ctx, student):
        year = ctx.params.get("year_of_study") or student.year_of_study
        reasons = list(filter(None, [_year_reason(student.programme, year)]))
        reasons += programme_offer_reasons(student.programme, None, None)
        return reasons + _group_reason(ctx, student.programme, student.study_form, student.language)

    def apply(self, ctx):
        student = ctx.student
        year = ctx.params.get("year_of_study") or student.year_of_study
        group = _place(ctx, student, student.programme, year, student.study_form, student.language)
        changes = {
            "status": ACTIVE,
            "leave_until": None,
            "year_of_study": year,
            "group_id": group.pk,
            "funding": ctx.params.get("funding") or student.funding,
        }
        return self.change(ctx, changes)


class Expulsion(Effect):
    """Leaves the student body; a state grant is lost except on transfer to another university."""

    movement = Movement.EXPELLED
    statuses = (ACTIVE, ON_LEAVE)

    def apply(self, ctx):
        ground = ctx.params["expulsion_ground"]
        changes = {"status": StudentStatus.EXPELLED, "leave_until": None}
        movement = self.movement
        if ground == ExpulsionGround.TRANSFER:
            movement = Movement.TRANSFERRED_OUT
        else:
            changes["funding"] = Funding.PAID
        lost = ground != ExpulsionGround.TRANSFER and ctx.student.funding == Funding.STATE_GRANT
        return self.change(ctx, changes, movement=movement, ground=ground, grant_lost=lost)


class FundingChange(Effect):
    movement = Movement.FUNDING_CHANGED
    statuses = (ACTIVE, ON_LEAVE)

    def check_student(self, ctx, student):
        if student.funding == ctx.params.get("funding"):
            return [
                _("The student already studies on this funding (%(funding)s).")
                % {"funding": Funding(student.funding).label}
            ]
        return []

    def apply(self, ctx):
        return self.change(ctx, {"funding": ctx.params["funding"]})


NAME_FIELDS = ("last_name", "first_name", "patronymic", "last_name_latin", "first_name_latin")


class NameChange(Effect):
    movement = Movement.NAME_CHANGED
    statuses = tuple(StudentStatus)  # the record of a former student is corrected too

    def _changes(self, ctx, student) -> dict:
        p = ctx.params
        return {n: p[n] for n in NAME_FIELDS if n in p and p[n] != getattr(student, n)}

    def check_student(self, ctx, student):
        if not self._changes(ctx, student):
            return [_("The new name is the same as the current one.")]
        return []

    def apply(self, ctx):
        return self.change(ctx, self._changes(ctx, ctx.student), document=ctx.params.get("document", ""))


class Graduation(Effect):
    """Degree awarded on the final attestation (RULES.md §8, §9): from the programme's last year."""

    movement = Movement.GRADUATED

    def check_student(self, ctx, student):
        reasons = []
        years = programme_years(student.programme.duration_years)
        if student.year_of_study != years:
            reasons.append(
                _("The student is in year %(year)d of %(years)d; only final-year students graduate.")
                % {"year": student.year_of_study, "years": years}
            )
        attestation = ctx.date("attestation_date")
        if attestation and attestation > ctx.effective_on:
            reasons.append(
                _("The attestation commission's decision (%(date)s) comes after the graduation date.")
                % {"date": d(attestation)}
            )
        return reasons

    def apply(self, ctx):
        p = ctx.params
        return self.change(
            ctx,
            {"status": StudentStatus.GRADUATED, "leave_until": None},
            degree=p.get("degree", ""),
            attestation_date=p.get("attestation_date"),
            minutes_number=p.get("minutes_number"),
            honours=bool(p.get("honours")),
        )
