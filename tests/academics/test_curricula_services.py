"""Curriculum services: drafts, items, elective blocks, approval, versions and immutability."""

import pytest
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from academics.models import Curriculum, CurriculumItem, ElectiveBlock
from academics.services import curricula as services
from registrar.errors import DomainError
from tests.conftest import uses_postgres

from .factories_curricula import (  # noqa: F401  (english: a fixture)
    CurriculumFactory,
    CurriculumItemFactory,
    DisciplineFactory,
    ElectiveBlockFactory,
    ProgrammeFactory,
    english,
    full_curriculum,
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]


@pytest.fixture
def registrar(users):
    return users["registrar"]


@pytest.fixture
def head(users):
    return users["registrar_head"]


@pytest.fixture
def draft():
    return CurriculumFactory()


def approved(curriculum, head):
    curriculum.status = "approved"
    curriculum.approved_by = head
    curriculum.approved_at = timezone.now()
    curriculum.save()
    return curriculum


# --- Drafts ---------------------------------------------------------------------------------------


def test_registrar_creates_an_empty_draft(registrar):
    programme = ProgrammeFactory()
    c = services.curriculum_create(
        actor=registrar, programme=programme, intake_year=2026, study_form="full_time", language="kk"
    )
    assert (c.status, c.version, c.items.count()) == ("draft", 1, 0)
    assert c.history.first().history_user == registrar


def test_second_draft_of_the_same_curriculum_is_refused_with_a_clear_message(registrar, draft):
    with pytest.raises(DomainError, match="already exists"):
        services.curriculum_create(
            actor=registrar,
            programme=draft.programme,
            intake_year=draft.intake_year,
            study_form=draft.study_form,
            language=draft.language,
        )


def test_draft_next_to_an_approved_version_takes_the_next_version_number(registrar, head, draft):
    approved(draft, head)
    c = services.curriculum_create(
        actor=registrar, programme=draft.programme, intake_year=2025, study_form="full_time", language="ru"
    )
    assert c.version == 2 and c.based_on is None


def test_study_form_the_programme_does_not_offer_is_refused(registrar):
    programme = ProgrammeFactory(distance=False)
    with pytest.raises(DomainError) as exc:
        services.curriculum_create(
            actor=registrar, programme=programme, intake_year=2026, study_form="distance", language="ru"
        )
    assert exc.value.field == "study_form"


def test_language_the_programme_is_not_taught_in_is_refused(registrar):
    programme = ProgrammeFactory(lang_en=False)
    with pytest.raises(DomainError) as exc:
        services.curriculum_create(
            actor=registrar, programme=programme, intake_year=2026, study_form="full_time", language="en"
        )
    assert exc.value.field == "language"


@pytest.mark.parametrize("role", ["teacher", "dean_office", "adviser", "student"])
def test_only_the_registrars_office_creates_curricula(users, role):
    with pytest.raises(PermissionDenied):
        services.curriculum_create(
            actor=users[role], programme=ProgrammeFactory(), intake_year=2026, study_form="full_time", language="ru"
        )


def test_draft_can_be_deleted(registrar, draft):
    CurriculumItemFactory(curriculum=draft)
    services.curriculum_delete(actor=registrar, curriculum=draft)
    assert not Curriculum.objects.filter(pk=draft.pk).exists()
    assert not CurriculumItem.objects.exists()


# --- Items ----------------------------------------------------------------------------------------


def test_registrar_places_a_discipline_in_a_term(registrar, draft):
    d = DisciplineFactory()
    item = services.curriculum_item_add(actor=registrar, curriculum=draft, discipline=d, term=2)
    assert (item.term, item.block) == (2, None)
    assert item.history.first().history_user == registrar


def test_discipline_already_in_the_curriculum_is_refused_naming_its_term(registrar, draft):
    d = DisciplineFactory(code="MAT1101")
    services.curriculum_item_add(actor=registrar, curriculum=draft, discipline=d, term=1)
    with pytest.raises(DomainError, match="MAT1101.*term 1"):
        services.curriculum_item_add(actor=registrar, curriculum=draft, discipline=d, term=3)


def test_two_registrars_adding_the_same_discipline_at_once_get_a_message_not_a_crash(registrar, draft, monkeypatch):
    d = DisciplineFactory()
    CurriculumItem.objects.create(curriculum=draft, discipline=d, term=1)
    # The other registrar's insert lands between our check and our insert: only the constraint sees it.
    monkeypatch.setattr(services, "_refuse_duplicate", lambda curriculum, discipline: None)
    with pytest.raises(DomainError, match="already in this curriculum"):
        services.curriculum_item_add(actor=registrar, curriculum=draft, discipline=d, term=2)
    assert CurriculumItem.objects.filter(curriculum=draft).count() == 1


@pytest.mark.skipif(not uses_postgres(), reason="row locks exist on PostgreSQL only")
def test_mutating_services_lock_the_curriculum_row(registrar, draft):
    with CaptureQueriesContext(connection) as queries:
        services.curriculum_item_add(actor=registrar, curriculum=draft, discipline=DisciplineFactory(), term=1)
    assert any("FOR UPDATE" in q["sql"] and "academics_curriculum" in q["sql"] for q in queries.captured_queries)


@pytest.mark.parametrize("term", [0, 9, "x", None])
def test_term_outside_the_programme_is_refused(registrar, draft, term):
    with pytest.raises(DomainError) as exc:
        services.curriculum_item_add(actor=registrar, curriculum=draft, discipline=DisciplineFactory(), term=term)
    assert exc.value.field == "term"


def test_inactive_discipline_is_refused(registrar, draft):
    with pytest.raises(DomainError, match="no longer active"):
        services.curriculum_item_add(
            actor=registrar, curriculum=draft, discipline=DisciplineFactory(is_active=False), term=1
        )


def test_alternative_takes_its_blocks_term(registrar, draft):
    block = ElectiveBlockFactory(curriculum=draft, term=5)
    item = services.elective_block_add_alternative(actor=registrar, block=block, discipline=DisciplineFactory())
    assert (item.term, item.block) == (5, block)


def test_block_of_another_curriculum_is_refused(registrar, draft):
    other = ElectiveBlockFactory()
    with pytest.raises(DomainError, match="another curriculum"):
        services.curriculum_item_add(actor=registrar, curriculum=draft, discipline=DisciplineFactory(), block=other)


def test_registrar_moves_a_discipline_to_another_term(registrar, draft):
    item = CurriculumItemFactory(curriculum=draft, term=1)
    services.curriculum_item_move(actor=registrar, item=item, term=4)
    item.refresh_from_db()
    assert item.term == 4


def test_alternative_moves_only_with_its_block(registrar, draft):
    block = ElectiveBlockFactory(curriculum=draft, term=3)
    item = CurriculumItemFactory(curriculum=draft, term=3, block=block)
    with pytest.raises(DomainError, match="block"):
        services.curriculum_item_move(actor=registrar, item=item, term=4)


def test_registrar_removes_a_discipline(registrar, draft):
    item = CurriculumItemFactory(curriculum=draft)
    services.curriculum_item_remove(actor=registrar, item=item)
    assert not CurriculumItem.objects.filter(pk=item.pk).exists()


# --- Elective blocks ------------------------------------------------------------------------------


def test_registrar_creates_a_block_choosing_disciplines_or_credits(registrar, draft):
    a = services.elective_block_create(actor=registrar, curriculum=draft, code="KV1", term=3, choose_count=2)
    b = services.elective_block_create(actor=registrar, curriculum=draft, code="KV2", term=4, choose_credits=10)
    assert (a.choose_count, a.choose_credits, b.choose_count, b.choose_credits) == (2, None, None, 10)


@pytest.mark.parametrize(("count", "credits"), [(None, None), (1, 5), (0, None), (None, 0)])
def test_block_rule_must_be_one_positive_number(registrar, draft, count, credits):
    with pytest.raises(DomainError):
        services.elective_block_create(
            actor=registrar, curriculum=draft, code="KV1", term=3, choose_count=count, choose_credits=credits
        )


def test_block_code_is_unique_in_a_curriculum(registrar, draft):
    services.elective_block_create(actor=registrar, curriculum=draft, code="KV1", term=3, choose_count=1)
    with pytest.raises(DomainError, match="KV1"):
        services.elective_block_create(actor=registrar, curriculum=draft, code="KV1", term=4, choose_count=1)


def test_changing_a_blocks_term_moves_its_alternatives(registrar, draft):
    block = ElectiveBlockFactory(curriculum=draft, term=3)
    item = CurriculumItemFactory(curriculum=draft, term=3, block=block)
    services.elective_block_update(
        actor=registrar, block=block, code="KV9", term=6, name="Data", description="d", choose_credits=5
    )
    block.refresh_from_db()
    item.refresh_from_db()
    assert (block.code, block.term, block.choose_count, block.choose_credits, item.term) == ("KV9", 6, None, 5, 6)


def test_deleting_a_block_removes_its_alternatives(registrar, draft):
    block = ElectiveBlockFactory(curriculum=draft)
    CurriculumItemFactory(curriculum=draft, term=block.term, block=block)
    kept = CurriculumItemFactory(curriculum=draft, term=1)
    services.elective_block_delete(actor=registrar, block=block)
    assert list(CurriculumItem.objects.filter(curriculum=draft)) == [kept]


# --- Approval -------------------------------------------------------------------------------------


def test_head_approves_a_curriculum_that_breaks_no_rule(head):
    c = full_curriculum()
    services.curriculum_approve(actor=head, curriculum=c)
    c.refresh_from_db()
    assert c.status == "approved" and c.approved_by == head and c.approved_at is not None


def test_registrar_cannot_approve(registrar):
    with pytest.raises(PermissionDenied):
        services.curriculum_approve(actor=registrar, curriculum=full_curriculum())


def test_approval_is_refused_listing_every_blocking_violation(head):
    c = full_curriculum()
    small = DisciplineFactory(code="SMALL", credits=3)
    CurriculumItemFactory(curriculum=c, term=8, discipline=small)
    needs = DisciplineFactory(code="NEEDS", prerequisites=[small])
    CurriculumItemFactory(curriculum=c, term=8, discipline=needs)
    with pytest.raises(DomainError) as exc:
        services.curriculum_approve(actor=head, curriculum=c)
    text = " ".join(exc.value.errors)
    assert "SMALL" in text and "NEEDS" in text and len(exc.value.errors) == 2
    c.refresh_from_db()
    assert c.status == "draft"


def test_term_load_far_from_thirty_does_not_block_approval(head):
    c = full_curriculum()
    CurriculumItemFactory(curriculum=c, term=1, discipline=DisciplineFactory(credits=6))  # term 1: 36
    services.curriculum_approve(actor=head, curriculum=c)
    c.refresh_from_db()
    assert c.status == "approved"


def test_approving_a_new_version_supersedes_the_previous_one(registrar, head):
    old = full_curriculum()
    services.curriculum_approve(actor=head, curriculum=old)
    new = services.curriculum_new_version(actor=registrar, curriculum=old)
    services.curriculum_approve(actor=head, curriculum=new)
    old.refresh_from_db()
    new.refresh_from_db()
    assert (old.status, new.status) == ("superseded", "approved")


# --- Versions -------------------------------------------------------------------------------------


def test_new_version_copies_items_and_blocks_into_a_draft(registrar, head):
    old = full_curriculum()
    services.curriculum_approve(actor=head, curriculum=old)
    new = services.curriculum_new_version(actor=registrar, curriculum=old)
    assert (new.status, new.version, new.based_on) == ("draft", 2, old)

    def shape(c):
        return sorted(
            (i.discipline_id, i.term, i.block.code if i.block else None) for i in c.items.select_related("block")
        )

    assert shape(new) == shape(old)
    assert [(b.code, b.term, b.choose_count) for b in new.blocks.all()] == [
        (b.code, b.term, b.choose_count) for b in old.blocks.all()
    ]
    assert new.items.filter(block__curriculum=old).count() == 0  # alternatives point at the copies
    assert CurriculumItem.history.filter(curriculum_id=new.pk, history_user=registrar).count() == new.items.count()


def test_new_version_is_made_from_the_approved_version_only(registrar, draft):
    with pytest.raises(DomainError, match="approved"):
        services.curriculum_new_version(actor=registrar, curriculum=draft)


def test_new_version_is_refused_while_a_draft_exists(registrar, head):
    old = full_curriculum()
    services.curriculum_approve(actor=head, curriculum=old)
    services.curriculum_new_version(actor=registrar, curriculum=old)
    with pytest.raises(DomainError, match="already exists"):
        services.curriculum_new_version(actor=registrar, curriculum=old)


# --- Immutability ---------------------------------------------------------------------------------


def _mutations():
    return {
        "item_add": lambda a, c: services.curriculum_item_add(
            actor=a, curriculum=c, discipline=DisciplineFactory(), term=1
        ),
        "item_move": lambda a, c: services.curriculum_item_move(actor=a, item=c.items.filter(block=None)[0], term=2),
        "item_remove": lambda a, c: services.curriculum_item_remove(actor=a, item=c.items.all()[0]),
        "block_create": lambda a, c: services.elective_block_create(
            actor=a, curriculum=c, code="NEW", term=2, choose_count=1
        ),
        "block_update": lambda a, c: services.elective_block_update(
            actor=a, block=c.blocks.all()[0], code="X", term=2, choose_count=1
        ),
        "block_delete": lambda a, c: services.elective_block_delete(actor=a, block=c.blocks.all()[0]),
        "block_add_alternative": lambda a, c: services.elective_block_add_alternative(
            actor=a, block=c.blocks.all()[0], discipline=DisciplineFactory()
        ),
        "approve": lambda a, c: services.curriculum_approve(actor=a, curriculum=c),
        "delete": lambda a, c: services.curriculum_delete(actor=a, curriculum=c),
    }


@pytest.mark.parametrize("status", ["approved", "superseded"])
@pytest.mark.parametrize("mutation", sorted(_mutations()))
def test_every_change_of_an_approved_curriculum_is_refused(users, status, mutation):
    head = users["administrator"]  # may both manage and approve: only immutability can refuse
    c = full_curriculum()
    c.status, c.approved_by, c.approved_at = status, head, timezone.now()
    c.save()
    items_before = sorted(c.items.values_list("discipline_id", "term", "block_id"))
    blocks_before = sorted(c.blocks.values_list("code", "term", "choose_count", "choose_credits"))
    with pytest.raises(DomainError, match="cannot be changed"):
        _mutations()[mutation](head, c)
    c.refresh_from_db()
    assert c.status == status
    assert sorted(c.items.values_list("discipline_id", "term", "block_id")) == items_before
    assert (
        sorted(ElectiveBlock.objects.filter(curriculum=c).values_list("code", "term", "choose_count", "choose_credits"))
        == blocks_before
    )
