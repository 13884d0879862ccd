"""Curriculum pages: list, create, the htmx editor, approval and versions, the elective catalogue."""

from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from academics.models import Curriculum, CurriculumItem, ElectiveBlock

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
HTMX = {"HTTP_HX_REQUEST": "true"}


def approve(curriculum, user):
    curriculum.status, curriculum.approved_by, curriculum.approved_at = "approved", user, timezone.now()
    curriculum.save()
    return curriculum


# --- List -----------------------------------------------------------------------------------------


def test_list_searches_filters_and_exports(client_for, users):
    a = CurriculumFactory(programme=ProgrammeFactory(code="6B06101", name_ru="Информационные системы"))
    b = CurriculumFactory(programme=ProgrammeFactory(code="6B04101", name_ru="Экономика"), language="kk")
    approve(b, users["registrar_head"])
    client = client_for("registrar")
    url = reverse("curriculum_list")

    def table(params):
        return client.get(url, params).content.decode().split('id="curriculum-table"')[1]

    page = table({"q": "информац"})
    assert "6B06101" in page and "6B04101" not in page
    page = table({"status": "approved"})
    assert "6B04101" in page and "6B06101" not in page
    assert client.get(url, {"sort": "-intake_year"}).status_code == 200
    response = client.get(url, {"language": "kk", "export": "xlsx"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert len(rows) == 2 and "6B04101" in rows[1][0]
    assert a.pk != b.pk


def test_list_query_count_does_not_grow_with_rows(client_for, django_assert_max_num_queries):
    for _ in range(12):
        CurriculumFactory(programme=ProgrammeFactory())
    client = client_for("dean_office")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("curriculum_list")).status_code == 200


# --- Create ---------------------------------------------------------------------------------------


def test_registrar_creates_a_draft_and_lands_in_its_editor(client_for):
    programme = ProgrammeFactory()
    response = client_for("registrar").post(
        reverse("curriculum_create"),
        {"programme": programme.pk, "intake_year": 2026, "study_form": "full_time", "language": "kk"},
    )
    c = Curriculum.objects.get(programme=programme)
    assert response.status_code == 302 and response["Location"] == reverse("curriculum_detail", args=[c.pk])


def test_create_page_shows_the_refusal_of_a_second_draft(client_for):
    c = CurriculumFactory()
    response = client_for("registrar").post(
        reverse("curriculum_create"),
        {"programme": c.programme.pk, "intake_year": c.intake_year, "study_form": "full_time", "language": "ru"},
    )
    assert response.status_code == 200 and "already exists" in response.content.decode()


# --- Editor ---------------------------------------------------------------------------------------


def test_editor_shows_terms_totals_blocks_and_violations(client_for):
    c = full_curriculum()
    CurriculumItemFactory(curriculum=c, term=1, discipline=DisciplineFactory(code="SMALL1", credits=3))
    page = client_for("registrar").get(reverse("curriculum_detail", args=[c.pk])).content.decode()
    assert 'id="term-1-total" data-credits="33"' in page
    assert 'id="programme-total">243<' in page
    assert 'id="year-1-total">63<' in page
    assert "SMALL1" in page and 'data-code="below_min_credits"' in page
    assert c.blocks.get().code in page
    assert 'id="add-form"' in page and "curriculum-approve" not in page  # the registrar edits, the head approves


def test_editor_query_count_does_not_grow_with_the_curriculum(client_for, django_assert_max_num_queries):
    small = full_curriculum(per_term=2)
    big = full_curriculum(per_term=8)
    client = client_for("registrar")
    with django_assert_max_num_queries(25) as small_queries:
        client.get(reverse("curriculum_detail", args=[small.pk]))
    with django_assert_max_num_queries(len(small_queries.captured_queries)):
        assert client.get(reverse("curriculum_detail", args=[big.pk])).status_code == 200


def test_adding_a_discipline_answers_htmx_with_new_totals(client_for):
    c = full_curriculum()
    d = DisciplineFactory(code="NEW0001", credits=6)
    response = client_for("registrar").post(
        reverse("curriculum_item_add", args=[c.pk]), {"discipline": d.pk, "target": "term:2", "q": "NEW"}, **HTMX
    )
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page
    assert 'id="term-2-total" data-credits="36"' in page
    assert 'id="programme-total">246<' in page
    assert 'hx-swap-oob="true"' in page and 'value="term:2" selected' in page
    assert CurriculumItem.objects.filter(curriculum=c, discipline=d, term=2).exists()


def test_adding_without_htmx_redirects_to_the_editor(client_for):
    c = CurriculumFactory()
    d = DisciplineFactory()
    response = client_for("registrar").post(
        reverse("curriculum_item_add", args=[c.pk]), {"discipline": d.pk, "target": "term:1"}
    )
    assert response.status_code == 302 and CurriculumItem.objects.filter(curriculum=c).count() == 1


def test_adding_an_alternative_to_a_block(client_for):
    c = CurriculumFactory()
    block = ElectiveBlockFactory(curriculum=c, term=4)
    d = DisciplineFactory()
    client_for("registrar").post(
        reverse("curriculum_item_add", args=[c.pk]), {"discipline": d.pk, "target": f"block:{block.pk}"}, **HTMX
    )
    assert CurriculumItem.objects.get(curriculum=c, discipline=d).block == block


def test_a_refused_addition_is_shown_in_the_editor(client_for):
    c = CurriculumFactory()
    item = CurriculumItemFactory(curriculum=c, term=1)
    response = client_for("registrar").post(
        reverse("curriculum_item_add", args=[c.pk]), {"discipline": item.discipline.pk, "target": "term:3"}, **HTMX
    )
    assert response.status_code == 200 and "already in this curriculum" in response.content.decode()


def test_discipline_search_finds_by_code_or_name_and_skips_those_placed(client_for):
    c = CurriculumFactory()
    placed = DisciplineFactory(code="ALG1001", name_ru="Алгебра")
    DisciplineFactory(code="ALG2002", name_ru="Алгебра 2")
    DisciplineFactory(code="GEO1001", name_ru="Геометрия")
    CurriculumItemFactory(curriculum=c, discipline=placed)
    client = client_for("registrar")
    page = client.get(reverse("curriculum_discipline_search", args=[c.pk]), {"q": "алгеб"}, **HTMX).content.decode()
    assert "ALG2002" in page and "ALG1001" not in page and "GEO1001" not in page
    page = client.get(reverse("curriculum_discipline_search", args=[c.pk]), {"q": "geo1"}, **HTMX).content.decode()
    assert "GEO1001" in page


def test_moving_a_discipline_updates_both_terms(client_for):
    c = full_curriculum()
    item = c.items.filter(term=1, block=None).first()
    page = client_for("registrar").post(reverse("curriculum_item_move", args=[item.pk]), {"term": 2}, **HTMX)
    page = page.content.decode()
    assert 'id="term-1-total" data-credits="25"' in page and 'id="term-2-total" data-credits="35"' in page


def test_removing_needs_a_confirmation(client_for):
    item = CurriculumItemFactory()
    client = client_for("registrar")
    assert client.post(reverse("curriculum_item_remove", args=[item.pk])).status_code == 400
    assert CurriculumItem.objects.filter(pk=item.pk).exists()
    response = client.post(reverse("curriculum_item_remove", args=[item.pk]), {"confirm": "1"}, **HTMX)
    assert response.status_code == 200 and not CurriculumItem.objects.filter(pk=item.pk).exists()


def test_blocks_are_created_edited_and_deleted(client_for):
    c = CurriculumFactory()
    client = client_for("registrar")
    response = client.post(
        reverse("curriculum_block_create", args=[c.pk]),
        {"code": "KV1", "name": "Data", "term": 3, "rule": "credits", "amount": 10, "description": ""},
        **HTMX,
    )
    block = ElectiveBlock.objects.get(curriculum=c)
    assert response.status_code == 200 and "KV1" in response.content.decode()
    assert (block.choose_count, block.choose_credits) == (None, 10)
    assert client.get(reverse("curriculum_block_edit", args=[block.pk])).status_code == 200
    response = client.post(
        reverse("curriculum_block_edit", args=[block.pk]),
        {"code": "KV2", "name": "Data", "term": 4, "rule": "count", "amount": 2, "description": "Pick two"},
    )
    block.refresh_from_db()
    assert response.status_code == 302 and (block.code, block.term, block.choose_count) == ("KV2", 4, 2)
    client.post(reverse("curriculum_block_delete", args=[block.pk]), {"confirm": "1"}, **HTMX)
    assert not ElectiveBlock.objects.filter(pk=block.pk).exists()


def test_approved_curriculum_is_read_only_with_a_new_version_button(client_for, users):
    c = approve(full_curriculum(), users["registrar_head"])
    page = client_for("registrar").get(reverse("curriculum_detail", args=[c.pk])).content.decode()
    assert 'id="add-form"' not in page and "hx-post" not in page
    assert "curriculum-new-version" in page
    page = client_for("dean_office").get(reverse("curriculum_detail", args=[c.pk])).content.decode()
    assert "curriculum-new-version" not in page and "hx-post" not in page


def test_changing_an_approved_curriculum_through_the_editor_is_refused(client_for, users):
    c = approve(full_curriculum(), users["registrar_head"])
    d = DisciplineFactory()
    response = client_for("registrar").post(
        reverse("curriculum_item_add", args=[c.pk]), {"discipline": d.pk, "target": "term:1"}, **HTMX
    )
    assert "cannot be changed" in response.content.decode()
    assert not c.items.filter(discipline=d).exists()


def test_head_approves_from_the_editor(client_for):
    c = full_curriculum()
    client = client_for("registrar_head")
    assert "curriculum-approve" in client.get(reverse("curriculum_detail", args=[c.pk])).content.decode()
    response = client.post(reverse("curriculum_approve", args=[c.pk]), follow=True)
    c.refresh_from_db()
    assert c.status == "approved" and "approved" in response.content.decode()


def test_refused_approval_lists_the_violations(client_for):
    c = CurriculumFactory()
    response = client_for("registrar_head").post(reverse("curriculum_approve", args=[c.pk]), follow=True)
    c.refresh_from_db()
    assert c.status == "draft"
    assert "cannot be approved" in response.content.decode() and "below the minimum" in response.content.decode()


def test_new_version_opens_the_new_draft(client_for, users):
    c = approve(full_curriculum(), users["registrar_head"])
    response = client_for("registrar").post(reverse("curriculum_new_version", args=[c.pk]))
    new = Curriculum.objects.get(based_on=c)
    assert response["Location"] == reverse("curriculum_detail", args=[new.pk])
    assert new.items.count() == c.items.count()


def test_draft_is_deleted_with_confirmation(client_for):
    c = CurriculumFactory()
    client = client_for("registrar")
    assert client.post(reverse("curriculum_delete", args=[c.pk])).status_code == 400
    assert client.post(reverse("curriculum_delete", args=[c.pk]), {"confirm": "1"}).status_code == 302
    assert not Curriculum.objects.filter(pk=c.pk).exists()


# --- Elective catalogue ---------------------------------------------------------------------------


def test_elective_catalogue_lists_blocks_of_approved_curricula(client_for, users):
    shown = approve(full_curriculum(), users["registrar_head"])
    hidden = full_curriculum()  # a draft: not in the catalogue yet
    block = shown.blocks.get()
    block.description = "Choose one of two data courses"
    block.save()
    page = client_for("teacher").get(reverse("elective_catalogue")).content.decode()
    for item in shown.items.filter(block__isnull=False):
        assert item.discipline.code in page
    for item in hidden.items.filter(block__isnull=False):
        assert item.discipline.code not in page
    assert "Choose one of two data courses" in page


def test_elective_catalogue_filters_and_exports(client_for, users):
    a = approve(full_curriculum(), users["registrar_head"])
    b = approve(full_curriculum(intake_year=2024), users["registrar_head"])
    client = client_for("dean_office")
    url = reverse("elective_catalogue")
    response = client.get(url, {"programme": a.programme.pk, "intake_year": 2025, "export": "xlsx"})
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][4:] == ("Elective block", "Rule", "Credits", "Disciplines to choose from", "Description")
    assert len(rows) == 2  # one row per block
    block = a.blocks.get()
    assert rows[1][3] == 3 and rows[1][4].startswith(block.code) and rows[1][6] == 5
    for code in a.items.filter(block__isnull=False).values_list("discipline__code", flat=True):
        assert code in rows[1][7]
    for code in b.items.values_list("discipline__code", flat=True):
        assert code not in rows[1][7]


def test_elective_catalogue_is_searched_by_an_alternatives_name(client_for, users):
    c = approve(full_curriculum(), users["registrar_head"])
    alternative = c.items.filter(block__isnull=False).first().discipline
    alternative.name_ru = "Машинное обучение"
    alternative.save()
    other = approve(full_curriculum(intake_year=2023), users["registrar_head"])
    page = client_for("registrar").get(reverse("elective_catalogue"), {"q": "машинн"}).content.decode()
    table = page.split('id="elective-catalogue"')[1]
    assert alternative.code in table
    assert other.blocks.get().items.first().discipline.code not in table


def test_elective_catalogue_query_count_does_not_grow(client_for, users, django_assert_max_num_queries):
    for _ in range(4):
        approve(full_curriculum(per_term=2), users["registrar_head"])
    client = client_for("adviser")
    with django_assert_max_num_queries(12):
        assert client.get(reverse("elective_catalogue")).status_code == 200


def test_students_do_not_see_the_catalogue_yet(client_for):
    assert client_for("student").get(reverse("elective_catalogue")).status_code == 403
