"""Recognition (academic difference) through the services: the decisions of a prepared recognition
(same discipline, code, mapping, credits, elective blocks), overrides with a note, approval writing
recognition results, the make-up disciplines arriving as DIFFERENCE items in the next study plans,
refusals, access, and the printable document read back in Kazakh and Russian."""

import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.utils import timezone

from academics.choices import ControlForm
from academics.models import CurriculumItem, ElectiveBlock
from enrollment.choices import PlanItemKind, ResultSource
from enrollment.models import Result, Student
from enrollment.services import registration as reg
from enrollment.services.record import NewResult, results_record
from grading.models import RecognitionDecision, RecognitionItem, RecognitionStatus
from grading.services import recognition as svc
from registrar.errors import DomainError
from tests.enrollment.factories_students import CurriculumFactory
from tests.factories import DisciplineFactory
from tests.registration.world import build_world

pytestmark = pytest.mark.django_db

ExternalResult = svc.ExternalResult


def add(curriculum, term, code, kk, ru, block=None, **kw):
    d = DisciplineFactory(code=code, name_kk=kk, name_ru=ru, name_en=code, **kw)
    CurriculumItem.objects.create(curriculum=curriculum, discipline=d, term=term, block=block)
    return d


def recognition_world(users):
    """build_world's curriculum (term 2: CMP1, CMP2, block E2 choose 1 of ELC1–3) plus term 1 (T1A, T1B)
    and term 3 (T3A and block E3 "choose 10 credits" of ALT1–3); the student is in year 2 now."""
    world = build_world(users)
    c = world.curriculum
    t1a = add(c, 1, "T1A", "Қазақ тілі", "Казахский язык")
    t1b = add(c, 1, "T1B", "Математика негіздері", "Основы математики")
    t3a = add(c, 3, "T3A", "Өңдеу әдістері", "Методы обработки")
    block = ElectiveBlock.objects.create(curriculum=c, code="E3", name="Elective 3", term=3, choose_credits=10)
    alts = [add(c, 3, f"ALT{i}", f"Таңдау пәні {i}", f"Элективная дисциплина {i}", block=block) for i in (1, 2, 3)]
    Student.objects.filter(pk=world.student.pk).update(year_of_study=2)
    world.student.refresh_from_db()
    own = results_record(
        actor=users["registrar"],
        results=[
            NewResult(
                student_id=world.student.pk,
                discipline_id=t1a.pk,
                term_id=world.autumn.pk,
                credits=5,
                score=Decimal(88),
                letter="B+",
                points=Decimal("3.33"),
                passed=True,
            )
        ],  # fmt: skip
    )[0]
    world.extra.update(t1a=t1a, t1b=t1b, t3a=t3a, block3=block, alts=alts, own=own)
    return world


@pytest.fixture
def world(users):
    return recognition_world(users)


def externals(world):
    return [
        ExternalResult(name="Математика", code="t1b", credits=5, grade="90", score=90),
        ExternalResult(name="Физика", credits=6, ects_grade="B", grade="1.7", discipline=world.compulsory[0]),
        ExternalResult(name="Химия", credits=3, score=80, grade="80", discipline=world.compulsory[1]),
        ExternalResult(name="Өнер тарихы", credits=5, score=77, discipline=world.electives[1]),
    ]


def prepare(world, users, **kw):
    values = {
        "actor": users["registrar"],
        "student": world.student,
        "curriculum": world.curriculum,
        "up_to_term": 3,
        "basis": "transfer",
        "earlier": [world.extra["own"], *externals(world)],
        "previous_institution": "Әл-Фараби атындағы Қазақ ұлттық университеті",
    }
    values.update(kw)
    return svc.recognition_prepare(**values)


def decisions(recognition):
    return {
        i.discipline.code: (i.decision, i.letter, i.earlier_name)
        for i in recognition.items.select_related("discipline")
    }


R, M = RecognitionDecision.RECOGNISED, RecognitionDecision.MAKE_UP


def test_prepare_compares_the_earlier_results_with_the_curriculum(world, users):
    recognition = prepare(world, users)
    assert recognition.status == RecognitionStatus.DRAFT
    assert decisions(recognition) == {
        "T1A": (R, "B+", "T1A"),  # own result of the same discipline (its name in the active language)
        "T1B": (R, "A-", "Математика"),  # external, same code
        "CMP1": (R, "B+", "Физика"),  # mapped; ECTS B → 85
        "CMP2": (M, "", "Химия"),  # mapped but 3 credits < 5
        "ELC2": (R, "B-", "Өнер тарихы"),  # block E2 (choose 1) covered
        "T3A": (M, "", ""),
        "ALT1": (M, "", ""),  # block E3 (10 credits): two alternatives to make up by default
        "ALT2": (M, "", ""),
    }
    items = {i.discipline.code: i for i in recognition.items.select_related("discipline")}
    assert items["T1A"].source_result == world.extra["own"] and items["T1A"].note == "the same discipline in the record"
    assert items["CMP2"].note == "fewer credits earlier (3 < 5)" and items["CMP2"].earlier_credits == 3
    assert items["ALT1"].note == "chosen to complete elective block E3" and items["ALT1"].curriculum_term == 3


def test_prepare_refuses_with_every_reason(world, users):
    draft = CurriculumFactory(programme=world.programme, intake_year=world.curriculum.intake_year, language="kk")
    other = world.student_like()
    foreign = results_record(actor=users["registrar"], results=[NewResult(
        student_id=other.pk, discipline_id=world.compulsory[0].pk, term_id=None, credits=5, score=Decimal(70),
        letter="C+", points=Decimal("2.33"), passed=True)])[0]  # fmt: skip
    with pytest.raises(DomainError) as exc:
        prepare(world, users, curriculum=draft, up_to_term=0, basis="nonsense",
                earlier=[foreign, ExternalResult(name="", credits=0, ects_grade="Q")])  # fmt: skip
    text = " ".join(exc.value.errors)
    for part in ("basis", "draft", "from 1 to 14", "another student", "name", "credits must be", "not an ECTS grade"):
        assert part in text, part


def test_only_the_office_prepares_and_approves(world, users):
    for role in ("student", "adviser", "dean_office", "teacher"):
        with pytest.raises(PermissionDenied):
            prepare(world, users, actor=users[role])
    recognition = prepare(world, users)
    with pytest.raises(PermissionDenied):
        svc.recognition_approve(actor=users["adviser"], recognition=recognition)


def item(recognition, code) -> RecognitionItem:
    return recognition.items.select_related("discipline", "recognition").get(discipline__code=code)


def test_an_override_needs_a_note_and_takes_the_earlier_score(world, users):
    recognition = prepare(world, users)
    with pytest.raises(DomainError, match="a note is required"):
        svc.recognition_item_update(actor=users["registrar"], item=item(recognition, "CMP2"), decision=R)
    updated = svc.recognition_item_update(
        actor=users["registrar"], item=item(recognition, "CMP2"), decision=R, note="курс 3 кредита + практика"
    )
    assert (updated.decision, updated.score, updated.letter, updated.points) == (R, 80, "B", Decimal("3.00"))
    with pytest.raises(DomainError, match="Give the score of T3A"):
        svc.recognition_item_update(actor=users["registrar"], item=item(recognition, "T3A"), decision=R, note="x")
    with pytest.raises(DomainError, match="failing score"):
        svc.recognition_item_update(
            actor=users["registrar"], item=item(recognition, "T3A"), decision=R, note="x", score=30
        )
    back = svc.recognition_item_update(
        actor=users["registrar"], item=item(recognition, "T1B"), decision=M, note="программа не совпадает"
    )
    assert (back.decision, back.letter, back.points, back.note) == (M, "", None, "программа не совпадает")


def test_a_make_up_alternative_can_be_swapped_within_its_block(world, users):
    recognition = prepare(world, users)
    alt3 = world.extra["alts"][2]
    swapped = svc.recognition_item_update(
        actor=users["registrar"], item=item(recognition, "ALT2"), decision=M, discipline=alt3
    )
    assert swapped.discipline == alt3
    with pytest.raises(DomainError, match="not another alternative of the same elective block"):
        svc.recognition_item_update(
            actor=users["registrar"], item=item(recognition, "ALT1"), decision=M, discipline=world.compulsory[0]
        )
    with pytest.raises(DomainError, match="already in this recognition"):
        svc.recognition_item_update(actor=users["registrar"], item=item(recognition, "ALT1"), decision=M,
                                    discipline=alt3)  # fmt: skip


def test_approval_writes_recognition_results_once(world, users):
    recognition = prepare(world, users)
    done = svc.recognition_approve(actor=users["registrar"], recognition=recognition)
    assert (done.written, done.already_passed) == (3, 1)  # T1A is already passed in the record
    recognised = Result.objects.filter(source=ResultSource.RECOGNITION).select_related("discipline")
    assert {(r.discipline.code, r.letter, r.original_grade, r.term_id, r.attempt) for r in recognised} == {
        ("T1B", "A-", "90", None, 1), ("CMP1", "B+", "1.7", None, 1), ("ELC2", "B-", "77", None, 1)}  # fmt: skip
    assert all(r.institution == recognition.previous_institution and r.passed for r in recognised)
    assert Result.objects.filter(discipline=world.extra["t1a"]).count() == 1
    items = {i.discipline.code: i for i in recognition.items.select_related("discipline")}
    assert items["T1B"].result.source_ref == items["T1B"].pk and items["T1A"].result is None
    recognition.refresh_from_db()
    assert recognition.status == RecognitionStatus.APPROVED and recognition.approved_by == users["registrar"]
    with pytest.raises(DomainError, match="approved"):
        svc.recognition_approve(actor=users["registrar"], recognition=recognition)
    with pytest.raises(DomainError, match="approved"):
        svc.recognition_item_update(actor=users["registrar"], item=items["T3A"], decision=R, note="x", score=90)


def _keep_open(term):
    """The term has not ended yet (so a plan of it still holds its items), whatever today is."""
    later = timezone.localdate() + datetime.timedelta(days=30)
    if term.ends_on < later:
        type(term).objects.filter(pk=term.pk).update(ends_on=later)
        term.refresh_from_db()


def difference(plan):
    return sorted(
        i.discipline.code for i in plan.items.select_related("discipline") if i.kind == PlanItemKind.DIFFERENCE
    )


def test_make_up_disciplines_are_difference_items_of_the_next_plans(world, users):
    recognition = prepare(world, users)
    svc.recognition_approve(actor=users["registrar"], recognition=recognition)
    _keep_open(world.term)
    spring = reg.plan_open(student=world.student, term=world.term, actor=users["student"])
    assert spring.curriculum_term == 4
    assert difference(spring) == ["CMP2"]  # even curriculum term: spring
    summer = reg.plan_open(student=world.student, term=world.summer, actor=users["student"])
    assert difference(summer) == ["ALT1", "ALT2", "T3A"]  # the rest, within the summer cap (15 ≤ 20)
    assert not [p for p in reg.plan_problems(summer) if p.rule == "credits_max"]


def test_the_summer_plan_takes_only_what_the_cap_allows(world, users):
    from registrar.models import UniversitySettings
    from registrar.selectors import forget_university_settings, university_settings

    university_settings()
    UniversitySettings.objects.filter(pk=1).update(summer_max_credits=10)
    forget_university_settings()
    svc.recognition_approve(actor=users["registrar"], recognition=prepare(world, users))
    summer = reg.plan_open(student=world.student, term=world.summer, actor=users["student"])
    assert sum(i.credits for i in summer.items.all()) <= 10 and len(difference(summer)) == 2


def test_approval_adds_the_difference_to_an_open_draft_plan(world, users):
    _keep_open(world.term)
    spring = reg.plan_open(student=world.student, term=world.term, actor=users["student"])
    assert difference(spring) == []
    done = svc.recognition_approve(actor=users["registrar"], recognition=prepare(world, users))
    assert done.plans_updated == 1 and difference(spring) == ["CMP2"]
    cmp2 = spring.items.get(discipline__code="CMP2")
    with pytest.raises(DomainError, match="only the registrar's office can remove it"):
        reg.plan_item_remove(item=cmp2, actor=users["student"])


def test_a_passed_or_attempted_make_up_is_not_required_again(world, users):
    svc.recognition_approve(actor=users["registrar"], recognition=prepare(world, users))
    results_record(actor=users["registrar"], results=[NewResult(
        student_id=world.student.pk, discipline_id=world.compulsory[1].pk, term_id=world.autumn.pk, credits=5,
        score=Decimal(75), letter="B-", points=Decimal("2.67"), passed=True)])  # fmt: skip
    spring = reg.plan_open(student=world.student, term=world.term, actor=users["student"])
    assert difference(spring) == []


def test_a_pass_fail_discipline_is_recognised_with_the_pass_mark(world, users):
    pe = add(world.curriculum, 1, "PE1", "Дене шынықтыру", "Физическая культура", control_form=ControlForm.PASS_FAIL)
    recognition = prepare(world, users, earlier=[ExternalResult(name="Sport", code="PE1", credits=5, score=70)])
    row = item(recognition, "PE1")
    assert (row.discipline, row.decision, row.letter, row.points) == (pe, R, "P", None)


# --- the printable academic difference ------------------------------------------------------------------------


def pdf_text(content: bytes) -> str:
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    assert content.startswith(b"%PDF")
    result = subprocess.run(["pdftotext", "-layout", "-", "-"], input=content, capture_output=True, check=True)
    return result.stdout.decode()


def has_words(text: str, phrase: str) -> bool:
    words = set(text.split())
    return all(word in words for word in phrase.split())


def test_the_academic_difference_reads_back_in_kazakh_and_russian(world, users):
    recognition = prepare(world, users)
    svc.recognition_approve(actor=users["registrar"], recognition=recognition)
    recognition = svc.recognition_for_display(recognition.pk)
    kk = pdf_text(svc.recognition_pdf(recognition, "kk"))
    assert "АКАДЕМИЯЛЫҚ АЙЫРМА" in kk and "Қайта есептелген пәндер" in kk
    assert has_words(kk, world.student.full_name) and has_words(kk, "Әл-Фараби атындағы Қазақ ұлттық университеті")
    assert has_words(kk, "Математика негіздері") and has_words(kk, "Өңдеу әдістері") and has_words(kk, "Таңдау пәні 1")
    assert has_words(kk, "Қазақ тілі")  # the own earlier result, named in Kazakh
    assert all(ch in kk for ch in "ӘҚқңӨұі")
    assert "A-" in kk and "Қайта есептелді: 4 пән, 20 кредит. Академиялық айырма: 4 пән, 20 кредит." in kk
    assert "ауыстыру" in kk and "Танысты" in kk and "ЖОБА" not in kk
    ru = pdf_text(svc.recognition_pdf(recognition, "ru"))
    assert "АКАДЕМИЧЕСКОЙ РАЗНИЦЕ" in ru and "Перезачтённые дисциплины" in ru
    assert has_words(ru, "Основы математики") and has_words(ru, "Методы обработки") and "перевод" in ru
    assert "Академическая разница: 4 дисциплин, 20 кредитов." in ru


def test_a_draft_is_marked_as_such(world, users):
    recognition = svc.recognition_for_display(prepare(world, users).pk)
    assert "ЖОБА" in pdf_text(svc.recognition_pdf(recognition, "kk"))


def test_a_synced_summer_plan_stays_within_the_cap(world, users):
    from enrollment.models import PlanItem
    from registrar.models import UniversitySettings
    from registrar.selectors import forget_university_settings, university_settings

    university_settings()
    UniversitySettings.objects.filter(pk=1).update(summer_max_credits=10)
    forget_university_settings()
    _keep_open(world.summer)
    summer = reg.plan_open(student=world.student, term=world.summer, actor=users["student"])
    PlanItem.objects.create(plan=summer, discipline=world.extra["t1a"], kind=PlanItemKind.RESTUDY, credits=5,
                            added_by=users["student"])  # fmt: skip
    done = svc.recognition_approve(actor=users["registrar"], recognition=prepare(world, users))
    assert done.plans_updated == 1
    assert sum(i.credits for i in summer.items.all()) == 10 and len(difference(summer)) == 1
