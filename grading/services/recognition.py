"""Recognition of credits and the academic difference (перезачёт, академическая разница) of transferred,
reinstated and returning students (RULES.md §8).

`recognition_prepare` compares the student's earlier results (their own record and/or external results
the office enters) with the target curriculum up to a term, by the matching rule of `grading.conversion`,
and keeps the outcome as a draft: each discipline recognised or to be made up. The office reviews it and
may override any decision with a note; `recognition_approve` writes the recognised disciplines into the
record (source "recognition of credits", no term) and the make-up disciplines become required items of
the student's next study plans (`difference_items`, registered with registration at start-up): a plan of
the term of the same parity as the discipline's curriculum term (odd: autumn, even: spring), or a summer
plan (as many as the summer credit cap allows), unless the discipline is already passed, has a result
(a failed one comes back as a retake by the registration rules), or sits in another plan of a term that
has not ended yet.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.db.models import Prefetch
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from academics.choices import ControlForm, CurriculumStatus, TermKind
from academics.models import Curriculum, CurriculumItem, Discipline, ElectiveBlock
from enrollment.choices import PlanItemKind, PlanStatus, ResultSource, StudentStatus
from enrollment.models import PlanItem, Result, Student, StudyPlan
from enrollment.services.record import NewResult, results_record
from enrollment.services.registration import plan_sync_required, record_state
from registrar.errors import DomainError
from registrar.notices import notify
from registrar.numbers import round_score
from registrar.policy import require
from registrar.selectors import grade_scale, university_settings

from ..conversion import (
    BlockRule,
    Earlier,
    Reason,
    Target,
    convert_ects,
    grade_of_score,
    match_difference,
    normalize_ects,
)
from ..models import Recognition, RecognitionBasis, RecognitionDecision, RecognitionItem, RecognitionStatus
from .gpa import gpa_recompute
from .mobility import ects_conversion

MAX_TERM = 14


@dataclass(frozen=True)
class ExternalResult:
    """A result earned at another university (or under an old curriculum), entered by the office:
    the score as a percent, or an ECTS grade converted by the setting; `discipline`, when given, is the
    registrar's mapping to a discipline of the target curriculum."""

    name: str
    credits: int
    grade: str = ""
    score: int | Decimal | None = None
    ects_grade: str = ""
    code: str = ""
    discipline: Discipline | None = None


def _external_errors(n: int, ext: ExternalResult) -> list[str]:
    where = _("External result %(n)s") % {"n": n}
    errors = []
    if not ext.name.strip():
        errors.append(_("%(where)s: give the discipline's name.") % {"where": where})
    if ext.credits is None or ext.credits < 1:
        errors.append(_("%(where)s: credits must be at least 1.") % {"where": where})
    if ext.score is None and not ext.ects_grade:
        errors.append(_("%(where)s: give the score (0–100) or the ECTS grade.") % {"where": where})
    if ext.score is not None and not 0 <= ext.score <= 100:
        errors.append(_("%(where)s: the score must be from 0 to 100.") % {"where": where})
    if ext.ects_grade and normalize_ects(ext.ects_grade) is None:
        errors.append(_("%(where)s: %(grade)s is not an ECTS grade.") % {"where": where, "grade": ext.ects_grade})
    return errors


def earlier_from_record(student: Student) -> list[Result]:
    """The student's latest attempt of each discipline (the results a recognition may use). One query."""
    latest: dict[int, Result] = {}
    for result in Result.objects.filter(student=student).select_related("discipline", "term__academic_year"):
        if result.discipline_id not in latest or result.attempt > latest[result.discipline_id].attempt:
            latest[result.discipline_id] = result
    return sorted(latest.values(), key=lambda r: (r.term.starts_on if r.term else datetime.date.min, r.pk))


def _own(result: Result) -> Earlier:
    score = round_score(result.score) if result.score is not None else None
    grade = result.letter if score is None else f"{result.letter} ({score})"
    return Earlier(
        key=f"r{result.pk}",
        name=result.discipline.name,
        credits=result.credits,
        score=score,
        passed=result.passed,
        grade=grade[:20],
        code=result.discipline.code,
        discipline_id=result.discipline_id,
        result_id=result.pk,
        institution=result.institution,
    )


def _external(n: int, ext: ExternalResult, mapping, bands) -> Earlier:
    if ext.score is not None:
        converted = grade_of_score(ext.score, bands)
    else:
        converted = convert_ects(ext.ects_grade, mapping, bands)
    shown = ext.grade.strip() or normalize_ects(ext.ects_grade) or str(converted.score)
    return Earlier(
        key=f"x{n}",
        name=ext.name.strip(),
        credits=ext.credits,
        score=converted.score,
        passed=converted.passed,
        grade=shown[:20],
        code=ext.code.strip(),
        discipline_id=ext.discipline.pk if ext.discipline is not None else None,
    )


def _note(reason: str, earlier: Earlier | None, target: Target, blocks: dict[int, ElectiveBlock]) -> str:
    if reason == Reason.SAME:
        return _("the same discipline in the record") if earlier.result_id else _("mapped by the registrar's office")
    if reason == Reason.CODE:
        return _("the same code")
    if reason == Reason.FEWER_CREDITS:
        return _("fewer credits earlier (%(n)s < %(m)s)") % {"n": earlier.credits, "m": target.credits}
    if reason == Reason.NO_SCORE:
        return _("the earlier result has no score (pass/fail)")
    if reason == Reason.BLOCK_MAKE_UP:
        block = blocks.get(target.block_id)
        return _("chosen to complete elective block %(code)s") % {"code": block.code if block else ""}
    return ""


def _targets(curriculum: Curriculum, up_to_term: int) -> tuple[list[Target], list[BlockRule], dict]:
    items = CurriculumItem.objects.filter(curriculum=curriculum, term__lte=up_to_term).select_related("discipline")
    targets = [
        Target(
            discipline_id=i.discipline_id,
            code=i.discipline.code,
            credits=i.discipline.credits,
            term=i.term,
            pass_fail=i.discipline.control_form == ControlForm.PASS_FAIL,
            block_id=i.block_id,
        )
        for i in items
    ]
    blocks = {b.pk: b for b in ElectiveBlock.objects.filter(curriculum=curriculum, term__lte=up_to_term)}
    rules = [BlockRule(b.pk, b.term, b.choose_count, b.choose_credits) for b in blocks.values()]
    return targets, rules, blocks


def recognition_prepare(
    *,
    actor,
    student: Student,
    curriculum: Curriculum,
    up_to_term: int,
    basis: str,
    earlier: list,
    previous_institution: str = "",
) -> Recognition:
    """Compare `earlier` (the student's own Result rows and/or ExternalResult entries) with the target
    curriculum's disciplines in terms 1..up_to_term and keep the outcome as a draft recognition."""
    require(actor, "recognition.manage")
    errors = []
    if basis not in RecognitionBasis.values:
        errors.append(_("Choose the basis: transfer, reinstatement or return from academic leave."))
    if curriculum.status == CurriculumStatus.DRAFT:
        errors.append(_("The target curriculum is a draft; choose an approved one."))
    if not 1 <= (up_to_term or 0) <= MAX_TERM:
        errors.append(_("The term of the curriculum must be from 1 to %(n)s.") % {"n": MAX_TERM})
    if student.status == StudentStatus.GRADUATED:
        errors.append(_("%(student)s has graduated.") % {"student": student})
    own = [e for e in earlier if isinstance(e, Result)]
    external = [e for e in earlier if isinstance(e, ExternalResult)]
    if len(own) + len(external) != len(earlier):
        raise TypeError("earlier results are Result rows or ExternalResult entries")
    if any(r.student_id != student.pk for r in own):
        errors.append(_("An earlier result belongs to another student."))
    for n, ext in enumerate(external, start=1):
        errors += _external_errors(n, ext)
    if errors:
        raise DomainError(errors[0], errors=errors)
    mapping, bands = ects_conversion(), grade_scale()
    entries = [_own(r) for r in own] + [_external(n, x, mapping, bands) for n, x in enumerate(external, start=1)]
    targets, rules, blocks = _targets(curriculum, up_to_term)
    if not targets:
        raise DomainError(
            _("The curriculum has no disciplines in terms 1–%(n)s: nothing to compare.") % {"n": up_to_term}
        )
    outcome = match_difference(targets, rules, entries)
    with transaction.atomic():
        recognition = Recognition.objects.create(
            student=student,
            basis=basis,
            curriculum=curriculum,
            up_to_term=up_to_term,
            previous_institution=previous_institution.strip(),
            created_by=actor,
        )
        items = []
        for d in outcome.decisions:
            e, t = d.earlier, d.target
            item = RecognitionItem(
                recognition=recognition,
                discipline_id=t.discipline_id,
                curriculum_term=t.term,
                decision=RecognitionDecision.RECOGNISED if d.recognised else RecognitionDecision.MAKE_UP,
                note=_note(d.reason, e, t, blocks)[:255],
            )
            if e is not None:
                item.earlier_name = e.name[:255]
                item.earlier_credits = e.credits
                item.earlier_grade = e.grade
                item.source_result_id = e.result_id
                item.score = e.score
            if d.recognised:
                _grade(item, item.score, t.pass_fail, bands)
            items.append(item)
        RecognitionItem.objects.bulk_create(items)
    return recognition


def _grade(item: RecognitionItem, score, pass_fail: bool, bands) -> None:
    if score is None and pass_fail:
        item.score, item.letter, item.points = None, "P", None
        return
    converted = grade_of_score(score, bands, pass_fail=pass_fail)
    item.score, item.letter, item.points = converted.score, converted.letter, converted.points


def _locked_draft(recognition: Recognition) -> Recognition:
    recognition = Recognition.objects.select_for_update().get(pk=recognition.pk)
    if recognition.status != RecognitionStatus.DRAFT:
        raise DomainError(_("The recognition is approved; it cannot be changed."))
    return recognition


def _block_of(curriculum_id: int, discipline_id: int):
    return (
        CurriculumItem.objects.filter(curriculum_id=curriculum_id, discipline_id=discipline_id)
        .values_list("block_id", "term")
        .first()
    )


def recognition_item_update(
    *,
    actor,
    item: RecognitionItem,
    decision: str,
    note: str = "",
    score=None,
    discipline: Discipline | None = None,
    earlier_name: str | None = None,
    earlier_grade: str | None = None,
    earlier_credits: int | None = None,
) -> RecognitionItem:
    """Override one item of a draft: the decision (with a note saying why), the recognised score, what
    was studied earlier, or (to make up) another alternative of the same elective block."""
    require(actor, "recognition.manage")
    note = (note or "").strip()
    with transaction.atomic():
        recognition = _locked_draft(item.recognition)
        item = RecognitionItem.objects.select_related("discipline").get(pk=item.pk, recognition=recognition)
        if decision not in RecognitionDecision.values:
            raise DomainError(_("Choose recognised or to make up."), field="decision")
        if decision != item.decision and not note:
            raise DomainError(_("Say why the decision is changed: a note is required."), field="note")
        if discipline is not None and discipline.pk != item.discipline_id:
            if decision != RecognitionDecision.MAKE_UP:
                raise DomainError(_("Only a discipline to make up can be swapped."), field="discipline")
            here, there = (_block_of(recognition.curriculum_id, d) for d in (item.discipline_id, discipline.pk))
            if here is None or here[0] is None or there is None or there[0] != here[0]:
                raise DomainError(
                    _("%(code)s is not another alternative of the same elective block.") % {"code": discipline.code},
                    field="discipline",
                )
            if recognition.items.filter(discipline=discipline).exists():
                raise DomainError(_("%(code)s is already in this recognition.") % {"code": discipline.code})
            item.discipline = discipline
            item.curriculum_term = there[1]
        if earlier_name is not None:
            item.earlier_name = earlier_name.strip()[:255]
        if earlier_grade is not None:
            item.earlier_grade = earlier_grade.strip()[:20]
        if earlier_credits is not None:
            item.earlier_credits = earlier_credits
        if score is not None and not 0 <= score <= 100:
            raise DomainError(_("The score must be from 0 to 100."), field="score")
        value = score if score is not None else item.score
        item.decision = decision
        if decision == RecognitionDecision.RECOGNISED:
            pass_fail = item.discipline.control_form == ControlForm.PASS_FAIL
            if value is None and not pass_fail:
                raise DomainError(
                    _("Give the score of %(code)s to recognise it.") % {"code": item.discipline.code}, field="score"
                )
            converted_score = round_score(value) if value is not None else None
            if converted_score is not None and not grade_of_score(converted_score, grade_scale()).passed:
                raise DomainError(_("A failing score cannot be recognised."), field="score")
            _grade(item, converted_score, pass_fail, grade_scale())
        else:
            item.score = round_score(value) if value is not None else None
            item.letter, item.points = "", None
        if note:
            item.note = note[:255]
        item.save()
        return item


def recognition_discard(*, actor, recognition: Recognition) -> None:
    """Delete a draft (nothing of it reached the record)."""
    require(actor, "recognition.manage")
    with transaction.atomic():
        recognition = _locked_draft(recognition)
        recognition.delete()


@dataclass
class Approved:
    recognition: Recognition
    written: int
    already_passed: int
    plans_updated: int


def recognition_approve(*, actor, recognition: Recognition) -> Approved:
    """Approve a draft: each recognised discipline is written into the record (source recognition,
    without a term) unless the record already holds a pass of it; the make-up disciplines become
    required items of the student's next study plans, including draft plans already opened."""
    require(actor, "recognition.manage")
    with transaction.atomic():
        recognition = _locked_draft(recognition)
        student = Student.objects.get(pk=recognition.student_id)
        items = list(recognition.items.select_related("discipline"))
        recognised = [i for i in items if i.decision == RecognitionDecision.RECOGNISED]
        missing = [i.discipline.code for i in recognised if not i.letter]
        if missing:
            raise DomainError(
                _("Give the recognised grade of %(codes)s before approving.") % {"codes": ", ".join(missing)}
            )
        passed = record_state(student.pk)[0]
        to_write = [i for i in recognised if i.discipline_id not in passed]
        results = results_record(
            actor=actor,
            results=[
                NewResult(
                    student_id=student.pk,
                    discipline_id=i.discipline_id,
                    term_id=None,
                    credits=i.discipline.credits,
                    national_credits=i.discipline.national_credits,
                    score=i.score,
                    letter=i.letter,
                    points=i.points,
                    passed=True,
                    source=ResultSource.RECOGNITION,
                    original_grade=i.earlier_grade,
                    institution=recognition.previous_institution,
                    source_ref=i.pk,
                )
                for i in to_write
            ],
        )
        for item, result in zip(to_write, results, strict=True):
            item.result = result
        RecognitionItem.objects.bulk_update(to_write, ["result"])
        if results:
            # The recognised results count in GPA: the snapshots follow in the same transaction.
            gpa_recompute(student_ids=[student.pk])
        recognition.status = RecognitionStatus.APPROVED
        recognition.approved_by = actor
        recognition.approved_at = timezone.now()
        recognition.save(update_fields=["status", "approved_by", "approved_at"])
        updated = 0
        today = timezone.localdate()
        for plan in StudyPlan.objects.filter(
            student=student, status__in=[PlanStatus.DRAFT, PlanStatus.RETURNED], term__ends_on__gte=today
        ).order_by("term__starts_on"):
            updated += 1 if plan_sync_required(plan=plan, actor=actor) else 0
        if student.user_id:
            notify(
                [student.user],
                lambda: _("Your recognition of credits (academic difference) is approved"),
                lambda: _("Disciplines to make up are added to your next study plans."),
                url=f"/grading/mobility/student/{student.pk}/",
            )
        return Approved(recognition, len(results), len(recognised) - len(to_write), updated)


# --- the academic difference in registration ---------------------------------------------------------------


def difference_items(plan: StudyPlan) -> list[tuple[Discipline, str]]:
    """Required items of a new plan from the student's approved academic difference (a registration
    provider, see the module docstring). A bounded number of queries."""
    term = plan.term
    rows = list(
        RecognitionItem.objects.filter(
            recognition__student_id=plan.student_id,
            recognition__status=RecognitionStatus.APPROVED,
            decision=RecognitionDecision.MAKE_UP,
        )
        .select_related("discipline")
        .order_by("curriculum_term", "discipline__code")
    )
    if not rows:
        return []
    ids = {r.discipline_id for r in rows}
    with_result = set(
        Result.objects.filter(student_id=plan.student_id, discipline_id__in=ids).values_list("discipline_id", flat=True)
    )
    elsewhere = set(
        PlanItem.objects.filter(
            plan__student_id=plan.student_id, discipline_id__in=ids, plan__term__ends_on__gte=timezone.localdate()
        )
        .exclude(plan_id=plan.pk)
        .values_list("discipline_id", flat=True)
    )
    summer = term.kind == TermKind.SUMMER
    parity = 1 if term.kind == TermKind.AUTUMN else 0
    cap = university_settings().summer_max_credits if summer else None
    # What the plan holds already counts towards the summer cap (a plan synced after approval).
    have = dict(plan.items.values_list("discipline_id", "credits")) if plan.pk else {}
    total, seen, wanted = sum(have.values()), set(have), []
    for row in rows:
        d = row.discipline
        if d.pk in seen or d.pk in with_result or d.pk in elsewhere:
            continue
        if not summer and row.curriculum_term % 2 != parity:
            continue
        if cap is not None and total + d.credits > cap:
            continue
        seen.add(d.pk)
        total += d.credits
        wanted.append((d, PlanItemKind.DIFFERENCE))
    return wanted


# --- the printable academic difference -------------------------------------------------------------------------

DOCUMENT_LANGUAGES = ("kk", "ru")

LABELS = {
    "kk": {
        "title": "АКАДЕМИЯЛЫҚ АЙЫРМА ЖӘНЕ КРЕДИТТЕРДІ ҚАЙТА ЕСЕПТЕУ ТУРАЛЫ АНЫҚТАМА",
        "draft": "ЖОБА",
        "student": "Білім алушы",
        "student_number": "Студенттік билет №",
        "basis": "Негіздеме",
        "programme": "Білім беру бағдарламасы",
        "curriculum": "Оқу жоспары",
        "up_to_term": "Салыстырылған академиялық кезеңдер",
        "terms": "1–{n} семестр",
        "previous": "Бұрынғы оқу орны",
        "recognised": "Қайта есептелген пәндер",
        "make_up": "Академиялық айырма (тапсырылуы тиіс пәндер)",
        "no": "№",
        "code": "Коды",
        "discipline": "Пән",
        "term": "Семестр",
        "credits": "Кредит",
        "earlier": "Бұрын оқылған пән",
        "earlier_grade": "Бұрынғы баға",
        "letter": "Әріптік баға",
        "score": "Балл",
        "none": "Жоқ",
        "total": "Барлығы",
        "totals": "Қайта есептелді: {n} пән, {c} кредит. Академиялық айырма: {m} пән, {d} кредит.",
        "approved": "Бекітілген күні: {date}",
        "registrar": "Тіркеу офисінің тіркеушісі",
        "head": "Тіркеу офисінің басшысы",
        "dean": "Факультет деканы",
        "acquainted": "Танысты (білім алушы)",
        "legal": "ҚР БҒМ 20.01.2015 ж. № 19 бұйрығымен бекітілген ауыстыру және қайта қабылдау қағидаларына сәйкес.",
        "basis_transfer": "ауыстыру",
        "basis_reinstatement": "қайта қабылдау",
        "basis_return": "академиялық демалыстан оралу",
    },
    "ru": {
        "title": "СПРАВКА ОБ АКАДЕМИЧЕСКОЙ РАЗНИЦЕ И ПЕРЕЗАЧЁТЕ КРЕДИТОВ",
        "draft": "ПРОЕКТ",
        "student": "Обучающийся",
        "student_number": "Студенческий билет №",
        "basis": "Основание",
        "programme": "Образовательная программа",
        "curriculum": "Учебный план",
        "up_to_term": "Сравниваемые академические периоды",
        "terms": "семестры 1–{n}",
        "previous": "Прежнее место учёбы",
        "recognised": "Перезачтённые дисциплины",
        "make_up": "Академическая разница (дисциплины к сдаче)",
        "no": "№",
        "code": "Код",
        "discipline": "Дисциплина",
        "term": "Семестр",
        "credits": "Кредиты",
        "earlier": "Изученная ранее дисциплина",
        "earlier_grade": "Прежняя оценка",
        "letter": "Буквенная оценка",
        "score": "Балл",
        "none": "Нет",
        "total": "Итого",
        "totals": "Перезачтено: {n} дисциплин, {c} кредитов. Академическая разница: {m} дисциплин, {d} кредитов.",
        "approved": "Дата утверждения: {date}",
        "registrar": "Регистратор офиса регистратора",
        "head": "Руководитель офиса регистратора",
        "dean": "Декан факультета",
        "acquainted": "Ознакомлен(а) (обучающийся)",
        "legal": "В соответствии с Правилами перевода и восстановления (приказ МОН РК от 20.01.2015 № 19).",
        "basis_transfer": "перевод",
        "basis_reinstatement": "восстановление",
        "basis_return": "выход из академического отпуска",
    },
}


def recognition_for_display(pk: int):
    """A recognition with its student, curriculum and items (discipline, earlier result) in four queries."""
    return (
        Recognition.objects.select_related(
            "student__programme", "student__group", "curriculum__programme", "created_by", "approved_by"
        )
        .prefetch_related(
            Prefetch(
                "items",
                queryset=RecognitionItem.objects.select_related(
                    "discipline", "result", "source_result__discipline"
                ).order_by("curriculum_term", "discipline__code"),
            )
        )
        .get(pk=pk)
    )


def recognition_document(recognition: Recognition, lang: str) -> dict:
    """The context of templates/documents/academic_difference.html in Kazakh or Russian."""
    if lang not in DOCUMENT_LANGUAGES:
        raise ValueError(lang)
    labels = LABELS[lang]
    items = list(recognition.items.all())

    def row(n, i):
        return {
            "n": n,
            "code": i.discipline.code,
            "name": i.discipline.translated("name", lang),
            "term": i.curriculum_term,
            "credits": i.discipline.credits,
            # A result of this university's catalogue is named in the document's language.
            "earlier": i.source_result.discipline.translated("name", lang) if i.source_result_id else i.earlier_name,
            "earlier_credits": i.earlier_credits,
            "earlier_grade": i.earlier_grade,
            "letter": i.letter,
            "score": i.score,
        }

    recognised = [
        row(n, i) for n, i in enumerate((i for i in items if i.decision == RecognitionDecision.RECOGNISED), start=1)
    ]
    make_up = [row(n, i) for n, i in enumerate((i for i in items if i.decision == RecognitionDecision.MAKE_UP), 1)]
    rc, mc = sum(r["credits"] for r in recognised), sum(r["credits"] for r in make_up)
    with translation.override(lang):
        curriculum = str(recognition.curriculum)
    return {
        "L": labels,
        "lang": lang,
        "recognition": recognition,
        "student": recognition.student,
        "programme": recognition.curriculum.programme.translated("name", lang),
        "programme_code": recognition.curriculum.programme.code,
        "curriculum": curriculum,
        "basis": labels[f"basis_{recognition.basis}"],
        "terms": labels["terms"].format(n=recognition.up_to_term),
        "recognised": recognised,
        "make_up": make_up,
        "recognised_credits": rc,
        "make_up_credits": mc,
        "totals": labels["totals"].format(n=len(recognised), c=rc, m=len(make_up), d=mc),
        "approved": labels["approved"].format(date=f"{timezone.localtime(recognition.approved_at):%d.%m.%Y}")
        if recognition.approved_at
        else "",
        "is_draft": recognition.status == RecognitionStatus.DRAFT,
        "signatures": [
            {"role": labels["registrar"]},
            {"role": labels["dean"]},
            {"role": labels["head"]},
            {"role": labels["acquainted"], "name": recognition.student.full_name},
        ],
    }


def recognition_pdf(recognition: Recognition, lang: str) -> bytes:
    from registrar.pdf import render_pdf

    context = recognition_document(recognition, lang)
    with translation.override(lang):
        return render_pdf("documents/academic_difference.html", context)
