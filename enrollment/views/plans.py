"""The student's study plan ("My study plan") and the POSTs that change a plan.

Every change answers three ways. With `Accept: application/json` (the registration-day client and
the load benchmark): 200 `{"ok": true, "item": id or null, "status": plan status}`, or 409
`{"ok": false, "errors": [...]}` when a rule refuses. From htmx: the re-rendered plan fragment, with a
refusal shown inline. Otherwise: messages and a 303 redirect back to the plan, so the page works
without JavaScript. The rules are the service's (enrollment.services.registration); these views
parse, call and answer, and read the page in a number of queries that does not grow with the plan.
"""

from collections import defaultdict

from django.contrib import messages
from django.http import Http404, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from academics.calendar_rules import PeriodScope
from academics.choices import PeriodKind, TermKind
from academics.models import Discipline, Term
from academics.services.calendar import period_next, period_open
from registrar.errors import DomainError
from registrar.policy import may, policy, require
from registrar.selectors import university_settings

from .. import registration_rules as rules
from ..choices import PlanItemKind, PlanStatus, RegistrationRule, SectionStatus, StudentStatus
from ..forms_registration import ItemAddForm, SectionChoiceForm
from ..models import PlanItem, Section, StudyPlan
from ..policies import own_student
from ..services import registration as reg

FRAGMENT = "enrollment/plans/_plan.html"
WINDOW_KINDS = (PeriodKind.REGISTRATION, PeriodKind.ADD_DROP)
ITEM_RELATED = (
    "discipline",
    "block",
    "section__discipline",
    "practice_section__discipline",
    "lab_section__discipline",
)
PLAN_RELATED = ("student__programme", "term__academic_year", "reviewed_by")


# --- which term, which window ---------------------------------------------------------------------


def window_for(student, term: Term):
    """The registration (or add/drop) window open today for `student` and `term`, or None. The year of
    study in that term comes from the plan's position (registration in April is for next year)."""
    year, _term = reg.plan_position(student, term)
    scope = PeriodScope(study_form=student.study_form, year_of_study=year, term=term.pk)
    return period_open(PeriodKind.REGISTRATION, scope) or period_open(PeriodKind.ADD_DROP, scope)


def open_term(student) -> Term | None:
    """The first term whose registration or add/drop window is open for `student` today."""
    today = timezone.localdate()
    terms = (
        Term.objects.filter(periods__kind__in=WINDOW_KINDS, periods__starts_on__lte=today, periods__ends_on__gte=today)
        .select_related("academic_year")
        .distinct()
        .order_by("starts_on")
    )
    return next((term for term in terms if window_for(student, term)), None)


def next_window(student):
    """The next registration window to open for `student` (a CalendarPeriod with its term), or None."""
    today = timezone.localdate()
    terms = (
        Term.objects.filter(periods__kind=PeriodKind.REGISTRATION, periods__starts_on__gt=today)
        .distinct()
        .order_by("starts_on")[:3]
    )
    found = []
    for term in terms:
        year, _term = reg.plan_position(student, term)
        scope = PeriodScope(study_form=student.study_form, year_of_study=year, term=term.pk)
        period = period_next(PeriodKind.REGISTRATION, scope)
        if period is not None:
            found.append(period)
    return min(found, key=lambda p: (p.starts_on, p.pk)) if found else None


# --- what the plan fragment shows ----------------------------------------------------------------


def _sfacts(section: Section) -> rules.SectionFacts:
    return rules.SectionFacts(
        section.pk,
        section.code,
        section.language,
        section.capacity,
        section.seats_taken,
        section.status == SectionStatus.OPEN,
    )


def _dfacts(discipline) -> rules.DisciplineFacts:
    return rules.DisciplineFacts(discipline.pk, discipline.code, discipline.name, discipline.credits)


def _block_rule(block) -> str:
    if block.choose_count is not None:
        return ngettext("choose %(n)s discipline", "choose %(n)s disciplines", block.choose_count) % {
            "n": block.choose_count
        }
    return _("choose %(n)s credits") % {"n": block.choose_credits}


def _edit_refusal(plan: StudyPlan, problems) -> str | None:
    """Why the plan cannot change now (the same reasons the service gives), or None."""
    if plan.status == PlanStatus.LOCKED:
        return _("This study plan is locked by the registrar's office.")
    if plan.status == PlanStatus.SUBMITTED:
        return _("The plan is with your adviser. Withdraw the submission to change it.")
    blocking = [p for p in problems if p.rule in (RegistrationRule.STATUS, RegistrationRule.WINDOW)]
    return blocking[0].message if blocking else None


def plan_display(request, plan: StudyPlan, *, errors=(), notice: str | None = None) -> dict:
    """The context of the plan fragment: items by group with their sections, the elective blocks with
    what may be added (and why not), credits against the limits, the problems, the actions.

    `plan` comes with its student (and programme), term and reviewer. A fixed number of queries:
    the service's facts, the offered electives, their prerequisites, and every section involved."""
    actor = request.user
    student = plan.student
    items = list(plan.items.select_related(*ITEM_RELATED).order_by("kind", "discipline__code"))
    facts = reg.plan_facts(plan, items)
    problems = reg.plan_problems(plan, facts)
    offered = reg.electives_offered(plan, facts)
    s = university_settings()
    summer = plan.term.kind == TermKind.SUMMER
    maximum = s.summer_max_credits if summer else s.registration_max_credits
    minimum = None if summer else s.registration_min_credits
    total = facts.total_credits

    may_edit = may(actor, "plan.edit", student)
    refusal = _edit_refusal(plan, problems)
    can_edit = may_edit and refusal is None

    in_plan = {i.discipline_id for i in items}
    offered_ids = {d.pk for _block, disciplines in offered for d in disciplines}
    sections = defaultdict(list)
    by_id = {}
    for section in (
        Section.objects.filter(term_id=plan.term_id, discipline_id__in=in_plan | offered_ids, parent__isnull=True)
        .select_related("discipline", "teacher__user")
        .order_by("language", "number")
    ):
        sections[section.discipline_id].append(section)
        by_id[section.pk] = section

    def choosable(discipline_id):
        lifted = facts.lifted.covers(RegistrationRule.LANGUAGE, discipline_id)
        return [
            x
            for x in sections[discipline_id]
            if x.status == SectionStatus.OPEN and (x.language == student.language or lifted)
        ]

    def row(item):
        options = choosable(item.discipline_id)
        return {
            "item": item,
            "section": by_id.get(item.section_id),
            "options": options,
            "choose": can_edit and (len(options) > 1 or (item.section_id is None and bool(options))),
            "can_remove": can_edit and (item.kind not in reg.REQUIRED_KINDS or actor.is_office),
            "problems": [p.message for p in problems if p.discipline_id == item.discipline_id],
        }

    groups = [
        {
            "key": "compulsory",
            "title": _("Compulsory disciplines"),
            "rows": [row(i) for i in items if i.kind == PlanItemKind.COMPULSORY],
        }
    ]
    block_ids = set()
    for block in facts.blocks:
        block_ids.add(block.pk)
        groups.append(
            {
                "key": f"block-{block.code}",
                "title": _("Elective block %(code)s: %(rule)s") % {"code": block.code, "rule": _block_rule(block)},
                "rows": [row(i) for i in items if i.block_id == block.pk],
            }
        )
    groups.append(
        {
            "key": "other",
            "title": _("Retakes, academic difference and other disciplines"),
            "rows": [row(i) for i in items if i.kind != PlanItemKind.COMPULSORY and (i.block_id not in block_ids)],
        }
    )
    groups = [g for g in groups if g["rows"] or g["key"].startswith("block-")]

    prerequisites = defaultdict(list)
    if offered_ids and can_edit:
        through = Discipline.prerequisites.through
        for link in through.objects.filter(from_discipline_id__in=offered_ids).select_related("to_discipline"):
            prerequisites[link.from_discipline_id].append(_dfacts(link.to_discipline))
    blocks = []
    for block, disciplines in offered:
        chosen = [i for i in items if i.block_id == block.pk]
        bfacts = rules.BlockFacts(
            block.pk,
            block.code,
            block.name,
            block.choose_count,
            block.choose_credits,
            len(chosen),
            sum(i.credits for i in chosen),
        )
        entries = []
        for d in disciplines:
            reasons = []
            if can_edit and d.pk not in in_plan:
                df = _dfacts(d)
                found = rules.block_over_problem(bfacts, d.credits)
                found += rules.credits_max_problem(total, d.credits, maximum)
                found += rules.prerequisite_problems(
                    df, prerequisites[d.pk], facts.passed, facts.failed, facts.planned_earlier
                )
                if plan.status == PlanStatus.APPROVED:
                    found += rules.add_drop_problem(
                        plan.add_drop_credits, d.credits, plan.approved_credits or 0, s.add_drop_max_percent
                    )
                candidates = choosable(d.pk)
                if candidates and not any(x.seats_free > 0 for x in candidates):
                    found += rules.section_full_problem(df, _sfacts(candidates[0]), [])
                reasons = [p.message for p in rules.lift(found, facts.lifted)]
            entries.append(
                {"discipline": d, "in_plan": d.pk in in_plan, "reasons": reasons, "sections": choosable(d.pk)}
            )
        blocks.append({"block": block, "rule": _block_rule(block), "chosen": len(chosen), "entries": entries})

    return {
        "plan": plan,
        "student": student,
        "groups": groups,
        "blocks": blocks,
        # Shown as the read-only notice to whoever edits the plan; the checks list the rest.
        "problems": [p for p in problems if p.rule not in (RegistrationRule.WINDOW, RegistrationRule.STATUS)]
        if refusal and may_edit
        else problems,
        "total": total,
        "minimum": minimum,
        "maximum": maximum,
        "over": total > maximum,
        "under": minimum is not None and total < minimum,
        "may_edit": may_edit,
        "can_edit": can_edit,
        "refusal": refusal if may_edit else None,
        "can_submit": may_edit and plan.status in reg.EDITABLE and not problems,
        "show_submit": may_edit and plan.status in reg.EDITABLE,
        "can_withdraw": may_edit and plan.status == PlanStatus.SUBMITTED,
        "errors": list(errors),
        "notice": notice,
    }


# --- the page ----------------------------------------------------------------------------------


def _plan_of(student, term):
    plan = StudyPlan.objects.select_related("term__academic_year", "reviewed_by").filter(student=student, term=term)
    plan = plan.first()
    if plan is not None:
        plan.student = student
    return plan


@policy("plan.own")
def my_plan(request):
    """The student's plan for the term whose registration window is open for them (created on first
    visit); `?term=` shows another term's plan; with no window open, the plans so far and the next
    window's dates."""
    student = own_student(request.user)
    if student is None:
        raise Http404(_("Your account is not linked to a student record."))
    term = None
    if request.GET.get("term"):
        term_id = request.GET["term"]
        if not term_id.isdigit():
            raise Http404
        term = get_object_or_404(Term.objects.select_related("academic_year"), pk=term_id)
        window = window_for(student, term)
    else:
        term = open_term(student)
        window = term is not None
    plan = _plan_of(student, term) if term is not None else None
    active = student.status == StudentStatus.ACTIVE
    if plan is None and window and active:
        opened = reg.plan_open(student=student, term=term, actor=request.user)
        plan = _plan_of(student, opened.term)
    plans = list(
        StudyPlan.objects.filter(student=student).select_related("term__academic_year").order_by("-term__starts_on")
    )
    context = {
        "student": student,
        "term": term,
        "plans": plans,
        "window": window,
        "inactive": None if active else rules.status_problem(False, student.get_status_display())[0].message,
        "next_window": None if window else next_window(student),
    }
    if plan is not None:
        context.update(plan_display(request, plan))
    return render(request, "enrollment/plans/my_plan.html", context)


# --- the POSTs ---------------------------------------------------------------------------------


def _wants_json(request) -> bool:
    return "application/json" in request.headers.get("Accept", "")


def _see_other(url: str) -> HttpResponseRedirect:
    response = HttpResponseRedirect(url)
    response.status_code = 303
    return response


def _back_url(request, plan: StudyPlan) -> str:
    """The student returns to their plan page; the office to the plan's review page."""
    if plan.student.user_id == request.user.pk:
        return f"{reverse('my_plan')}?term={plan.term_id}"
    return reverse("plan_review", args=[plan.pk])


def _fragment(request, plan_id: int, **kwargs):
    plan = StudyPlan.objects.select_related(*PLAN_RELATED).get(pk=plan_id)
    return render(request, FRAGMENT, plan_display(request, plan, **kwargs))


def answer_done(request, plan: StudyPlan, message: str, item_id: int | None = None, status: str | None = None):
    if _wants_json(request):
        if status is None:
            status = StudyPlan.objects.values_list("status", flat=True).get(pk=plan.pk)
        return JsonResponse({"ok": True, "item": item_id, "status": status})
    if request.htmx:
        return _fragment(request, plan.pk, notice=message)
    messages.success(request, message)
    return _see_other(_back_url(request, plan))


def answer_refused(request, plan: StudyPlan, errors, *, status: int = 409):
    errors = [str(e) for e in errors]
    if _wants_json(request):
        return JsonResponse({"ok": False, "errors": errors}, status=status)
    if request.htmx:
        return _fragment(request, plan.pk, errors=errors)
    for error in errors:
        messages.error(request, error)
    return _see_other(_back_url(request, plan))


def _form_errors(form) -> list[str]:
    return [str(e) for field_errors in form.errors.values() for e in field_errors]


def _plan_for(request, plan_id) -> StudyPlan:
    """The plan, if this user may change it: 404 when absent, 403 when it is someone else's."""
    plan = get_object_or_404(StudyPlan.objects.select_related("student", "term"), pk=plan_id)
    require(request.user, "plan.edit", plan.student)
    return plan


def _item_for(request, item_id) -> PlanItem:
    item = get_object_or_404(PlanItem.objects.select_related("plan__student", "plan__term", "discipline"), pk=item_id)
    require(request.user, "plan.edit", item.plan.student)
    return item


@policy("plan.edit")
@require_POST
def plan_item_add(request, plan_id):
    plan = _plan_for(request, plan_id)
    form = ItemAddForm(request.POST)
    if not form.is_valid():
        return answer_refused(request, plan, _form_errors(form), status=400)
    discipline = form.cleaned_data["discipline"]
    try:
        item = reg.plan_item_add(
            plan=plan, discipline=discipline, section=form.cleaned_data["section"], actor=request.user
        )
    except DomainError as exc:
        return answer_refused(request, plan, exc.errors)
    return answer_done(
        request, plan, _("%(code)s is added to the plan.") % {"code": discipline.code}, item.pk, item.plan.status
    )


@policy("plan.edit")
@require_POST
def plan_item_section(request, item_id):
    item = _item_for(request, item_id)
    form = SectionChoiceForm(request.POST)
    if not form.is_valid():
        return answer_refused(request, item.plan, _form_errors(form), status=400)
    section = form.cleaned_data["section"]
    try:
        moved = reg.plan_item_choose_section(item=item, section=section, actor=request.user)
    except DomainError as exc:
        return answer_refused(request, item.plan, exc.errors)
    return answer_done(
        request,
        item.plan,
        _("Section %(section)s is chosen for %(code)s.") % {"section": section.code, "code": item.discipline.code},
        item.pk,
        moved.plan.status,
    )


@policy("plan.edit")
@require_POST
def plan_item_remove(request, item_id):
    item = _item_for(request, item_id)
    try:
        plan = reg.plan_item_remove(item=item, actor=request.user)
    except DomainError as exc:
        return answer_refused(request, item.plan, exc.errors)
    return answer_done(
        request, plan, _("%(code)s is removed from the plan.") % {"code": item.discipline.code}, status=plan.status
    )


@policy("plan.edit")
@require_POST
def plan_submit(request, plan_id):
    plan = _plan_for(request, plan_id)
    try:
        reg.plan_submit(plan=plan, actor=request.user)
    except DomainError as exc:
        return answer_refused(request, plan, exc.errors)
    return answer_done(request, plan, _("The plan is submitted to the adviser for review."))


@policy("plan.edit")
@require_POST
def plan_withdraw(request, plan_id):
    plan = _plan_for(request, plan_id)
    try:
        reg.plan_withdraw(plan=plan, actor=request.user)
    except DomainError as exc:
        return answer_refused(request, plan, exc.errors)
    return answer_done(request, plan, _("The submission is withdrawn: the plan can be changed again."))
