"""Academic mobility, recognition (academic difference) and summer-term payments: access rules, menu
entries, the registration provider of academic-difference items and the demo seeder (called from
GradingConfig.ready())."""

from django.utils.translation import gettext_lazy as _

from registrar import navigation
from registrar.demo import register_seeder
from registrar.policy import may, rule
from registrar.roles import Role

GRADING = _("Grading")


@rule("mobility.manage")
def _mobility_manage(user, obj):
    """Record and import mobility results, their list, the ECTS conversion page: the registrar's office."""
    return user.is_office


@rule("ects.change")
def _ects_change(user, obj):
    """Change the ECTS conversion: like the other university settings, the head of the office."""
    return user.has_role(Role.REGISTRAR_HEAD, Role.ADMINISTRATOR)


@rule("recognition.manage")
def _recognition_manage(user, obj):
    """Prepare, review, override and approve recognitions (academic difference): the registrar's office."""
    return user.is_office


@rule("recognition.view")
def _recognition_view(user, recognition):
    """A recognition and its PDF: the office; once approved, whoever may see the student (the student
    themself, their adviser, their dean's office)."""
    if user.is_office:
        return True
    if recognition is None:
        return user.has_role(Role.DEAN_OFFICE, Role.ADVISER, Role.STUDENT)
    return recognition.status == "approved" and may(user, "student.view", recognition.student)


@rule("summer.payment")
def _summer_payment(user, obj):
    """Summer-term plans and their payments: the registrar's office."""
    return user.is_office


def _difference_items(plan):
    from .services.recognition import difference_items

    return difference_items(plan)


def _seed(ctx):
    """The default ECTS conversion; one mobility result of the demo `student`; the approved academic
    difference of the first transferred-in or reinstated student. Idempotent: what exists is kept."""
    from .services.mobility import ects_conversion

    conversion = ects_conversion()
    ctx.log("ECTS conversion: " + ", ".join(f"{g}→{conversion[g]}" for g in ("A", "B", "C", "D", "E", "FX", "F")))
    from registrar.models import User

    registrar = User.objects.filter(username="registrar").first()
    if registrar is None:
        ctx.log("mobility: no demo registrar to act as; skipped")
        return
    _seed_mobility(ctx, registrar)
    _seed_recognition(ctx, registrar)


DEMO_PARTNER = "Technische Universität München"


def _seed_mobility(ctx, registrar):
    from academics.choices import TermKind
    from academics.models import CurriculumItem, Term
    from enrollment.models import Student

    from .models import MobilityRecord
    from .services.mobility import MobilityEntry, mobility_record

    student = Student.objects.filter(user__username="student", curriculum__isnull=False).first()
    if student is None or MobilityRecord.objects.filter(student=student, institution=DEMO_PARTNER).exists():
        return
    item = (
        CurriculumItem.objects.filter(curriculum_id=student.curriculum_id, term=1, block__isnull=True)
        .exclude(discipline__results__student=student)
        .select_related("discipline")
        .order_by("discipline__code")
        .first()
    )
    term = Term.objects.filter(kind=TermKind.AUTUMN, academic_year__start_year=student.intake_year).first()
    if item is None or term is None:
        ctx.log("mobility: no first-term discipline or term for the demo student; skipped")
        return
    d = item.discipline
    entry = MobilityEntry(student=student, term=term, institution=DEMO_PARTNER, country="DE", external_code="IN0008",
                          external_name="Grundlagen: Datenbanken", credits=max(d.credits, 6), original_grade="1.3",
                          ects_grade="A", discipline=d)  # fmt: skip
    record = mobility_record(actor=registrar, entry=entry)
    ctx.log(f"mobility: {student} — {record.external_name} → {d.code} {record.letter}")


def _seed_recognition(ctx, registrar):
    from academics.models import CurriculumItem
    from enrollment.choices import Movement, StudentStatus
    from enrollment.models import Student

    from .models import Recognition
    from .services.recognition import ExternalResult, recognition_approve, recognition_prepare

    student = (
        Student.objects.filter(
            status=StudentStatus.ACTIVE,
            curriculum__isnull=False,
            status_changes__movement__in=[Movement.TRANSFERRED_IN, Movement.REINSTATED],
        )
        .order_by("student_number")
        .first()
    )
    if student is None or Recognition.objects.filter(student=student).exists():
        return
    basis = "reinstatement" if student.status_changes.filter(movement=Movement.REINSTATED).exists() else "transfer"
    up_to = max(1, 2 * (student.year_of_study - 1))
    items = CurriculumItem.objects.filter(curriculum_id=student.curriculum_id, term__lte=up_to, block__isnull=True)
    external = [
        ExternalResult(name=i.discipline.name_ru, code=i.discipline.code, credits=i.discipline.credits,
                       score=60 + (i.discipline_id * 7) % 36, grade=str(60 + (i.discipline_id * 7) % 36))
        for n, i in enumerate(items.select_related("discipline").order_by("term", "discipline__code"))
        if n % 4 != 3
    ]  # fmt: skip
    recognition = recognition_prepare(
        actor=registrar,
        student=student,
        curriculum=student.curriculum,
        up_to_term=up_to,
        basis=basis,
        earlier=external,
        previous_institution="Қарағанды университеті" if basis == "transfer" else "",
    )
    _fit_make_up(registrar, student, recognition)
    done = recognition_approve(actor=registrar, recognition=recognition)
    ctx.log(f"recognition: {student} ({basis}), {done.written} disciplines recognised, the rest to make up")


FIT_NOTE = (
    "Перезачтено по транскрипту: досдача не помещается в открытый ИУП (максимум кредитов за семестр). / "
    "Транскрипт бойынша қайта есептелді: қайта тапсыру ашық ЖОЖ-ға сыймайды (семестрдегі кредит шегі)."
)


def _fit_make_up(registrar, student, recognition):
    """Approval adds the disciplines to make up to the student's open plans (draft or returned; see
    `difference_items`): one the first plan it goes to has no room for within the university's credit
    maximum is recognised after all (from the transcript), so every demo plan keeps the credit rules
    whichever student the demo picks. Plans are filled as `difference_items` fills them."""
    from django.utils import timezone

    from academics.choices import TermKind
    from enrollment.choices import PlanStatus
    from enrollment.models import StudyPlan
    from registrar.selectors import university_settings

    from .models import RecognitionDecision
    from .services.recognition import recognition_item_update

    s = university_settings()
    plans = []  # [term kind, credits left]
    for plan in (
        StudyPlan.objects.filter(
            student=student, status__in=[PlanStatus.DRAFT, PlanStatus.RETURNED], term__ends_on__gte=timezone.localdate()
        )
        .select_related("term")
        .order_by("term__starts_on")
    ):
        held = dict(plan.items.values_list("discipline_id", "credits"))
        summer = plan.term.kind == TermKind.SUMMER
        plans.append(
            [
                plan.term.kind,
                (s.summer_max_credits if summer else s.registration_max_credits) - sum(held.values()),
                set(held),
            ]
        )
    for item in (
        recognition.items.filter(decision=RecognitionDecision.MAKE_UP)
        .select_related("discipline")
        .order_by("curriculum_term", "discipline__code")
    ):
        credits = item.discipline.credits
        for entry in plans:
            kind, room, held = entry
            if item.discipline_id in held:
                break
            if kind == TermKind.SUMMER:
                if credits > room:
                    continue
            elif item.curriculum_term % 2 != (1 if kind == TermKind.AUTUMN else 0):
                continue
            elif credits > room:
                recognition_item_update(
                    actor=registrar,
                    item=item,
                    decision=RecognitionDecision.RECOGNISED,
                    note=FIT_NOTE,
                    score=60 + (item.discipline_id * 7) % 36,
                )
                break
            entry[1] -= credits
            held.add(item.discipline_id)
            break


def setup():
    from enrollment.registration_checks import register_required_items

    register_required_items(_difference_items)
    navigation.add(
        navigation.NavItem(_("Academic mobility"), "mobility_list", "mobility.manage", section=GRADING, order=520),
        navigation.NavItem(
            _("Recognition (academic difference)"), "recognition_list", "recognition.manage", section=GRADING, order=530
        ),
        navigation.NavItem(_("Summer term payments"), "summer_plans", "summer.payment", section=GRADING, order=540),
        navigation.NavItem(
            _("ECTS grade conversion"), "ects_conversion", "mobility.manage", section=GRADING, order=550
        ),
        navigation.NavItem(_("My mobility and recognition"), "my_mobility", "student.own_card", section="", order=118),
    )
    register_seeder(75, "mobility", _seed)
