"""Curriculum import from xlsx: every row checked first, every error with its row, then all or nothing."""

import time
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from openpyxl import Workbook, load_workbook

from academics.imports_curricula import ImportFailed, curriculum_import
from academics.models import Curriculum, CurriculumItem, ElectiveBlock

from .factories_curricula import (
    CurriculumFactory,
    CurriculumItemFactory,
    DisciplineFactory,
    ProgrammeFactory,
    english,  # noqa: F401  (a fixture)
)

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english")]

HEADER = [
    "Discipline code",
    "Term",
    "Elective block code",
    "Elective block name",
    "Disciplines to choose",
    "Credits to choose",
]


def xlsx(rows, header=HEADER, name="curriculum.xlsx"):
    wb = Workbook()
    ws = wb.active
    if header is not None:
        ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


@pytest.fixture
def programme():
    return ProgrammeFactory()


@pytest.fixture
def catalogue():
    return {code: DisciplineFactory(code=code) for code in ["A1", "A2", "B1", "B2", "B3", "C1", "C2"]}


def run(users, programme, upload, **kwargs):
    return curriculum_import(
        actor=users["registrar"],
        programme=programme,
        intake_year=kwargs.get("intake_year", 2026),
        study_form="full_time",
        language=kwargs.get("language", "ru"),
        upload=upload,
    )


def errors_of(users, programme, upload):
    with pytest.raises(ImportFailed) as exc:
        run(users, programme, upload)
    assert not Curriculum.objects.filter(programme=programme).exists()  # all or nothing
    return [(e.row, e.message) for e in exc.value.errors]


GOOD_ROWS = [
    ["A1", 1, None, None, None, None],
    ["A2", 2, None, None, None, None],
    ["B1", 3, "KV1", "Web", 1, None],
    ["B2", 3, "KV1", None, None, None],
    ["C1", 5, "KV2", "Data", None, 5],
    ["C2", 5, "KV2", None, None, None],
]


def test_a_good_file_creates_a_draft_with_its_blocks(users, programme, catalogue):
    result = run(users, programme, xlsx(GOOD_ROWS))
    c = result.curriculum
    assert (result.created, result.items, result.blocks, c.status) == (True, 6, 2, "draft")
    kv1 = c.blocks.get(code="KV1")
    assert (kv1.name, kv1.term, kv1.choose_count, kv1.choose_credits) == ("Web", 3, 1, None)
    assert c.blocks.get(code="KV2").choose_credits == 5
    assert sorted(c.items.filter(block=kv1).values_list("discipline__code", flat=True)) == ["B1", "B2"]
    assert c.items.get(discipline__code="A2").term == 2


def test_importing_again_replaces_the_items_of_the_draft(users, programme, catalogue):
    first = run(users, programme, xlsx(GOOD_ROWS)).curriculum
    second = run(users, programme, xlsx([["A1", 4, None, None, None, None]]))
    assert second.curriculum.pk == first.pk and not second.created
    assert list(first.items.values_list("discipline__code", "term")) == [("A1", 4)]
    assert not ElectiveBlock.objects.filter(curriculum=first).exists()


def test_an_approved_version_is_never_touched_a_new_draft_is_made(users, programme, catalogue):
    approved = CurriculumFactory(
        programme=programme,
        intake_year=2026,
        status="approved",
        approved_by=users["registrar_head"],
        approved_at=timezone.now(),
    )
    CurriculumItemFactory(curriculum=approved, discipline=catalogue["A1"])
    result = run(users, programme, xlsx(GOOD_ROWS))
    assert result.curriculum.version == 2 and result.curriculum.status == "draft"
    assert list(approved.items.values_list("discipline__code", flat=True)) == ["A1"]


def test_headers_in_another_interface_language_are_accepted(users, programme, catalogue):
    from django.utils import translation

    from academics.imports_curricula import columns

    with translation.override("kk"):
        header = [str(c.header) for c in columns()]
    assert run(users, programme, xlsx(GOOD_ROWS, header=header)).items == 6


def test_missing_column_is_reported(users, programme, catalogue):
    errors = errors_of(users, programme, xlsx([["A1", None]], header=["Discipline code", "Block"]))
    assert errors == [(1, "the column is missing from the header row")]


def test_unknown_discipline_code_is_reported_with_its_row(users, programme, catalogue):
    errors = errors_of(users, programme, xlsx([["A1", 1], ["ZZ9", 2], ["A2", 2]]))
    assert len(errors) == 1 and errors[0][0] == 3 and "ZZ9" in errors[0][1]


def test_duplicate_discipline_is_reported_naming_the_first_row(users, programme, catalogue):
    errors = errors_of(users, programme, xlsx([["A1", 1], ["A2", 2], ["A1", 3]]))
    assert len(errors) == 1 and errors[0][0] == 4 and "row 2" in errors[0][1]


def test_text_in_a_number_cell_is_reported(users, programme, catalogue):
    errors = errors_of(users, programme, xlsx([["A1", "first"], ["A2", "2"]]))
    assert len(errors) == 1 and errors[0][0] == 2 and "whole number" in errors[0][1]


def test_term_out_of_range_is_reported(users, programme, catalogue):
    errors = errors_of(users, programme, xlsx([["A1", 0], ["A2", 9]]))
    assert [row for row, _m in errors] == [2, 3] and "from 1 to 8" in errors[1][1]


def test_every_bad_row_is_reported_at_once(users, programme, catalogue):
    errors = errors_of(users, programme, xlsx([["ZZ1", 1], ["A1", "x"], ["A2", 99], [None, 2]]))
    assert [row for row, _m in errors] == [2, 3, 4, 5]


def test_block_rule_with_both_count_and_credits_is_reported(users, programme, catalogue):
    errors = errors_of(users, programme, xlsx([["B1", 3, "KV1", None, 1, 5], ["B2", 3, "KV1", None, None, None]]))
    assert errors[0][0] == 2 and "not both" in errors[0][1]


def test_block_rule_differing_on_a_later_row_is_reported(users, programme, catalogue):
    errors = errors_of(users, programme, xlsx([["B1", 3, "KV1", None, 1, None], ["B2", 3, "KV1", None, 2, None]]))
    assert errors == [(3, errors[0][1])] and "row 2" in errors[0][1]


def test_block_without_a_rule_is_reported_on_its_first_row(users, programme, catalogue):
    errors = errors_of(users, programme, xlsx([["B1", 3, "KV1"], ["B2", 3, "KV1"]]))
    assert errors[0][0] == 2 and "no rule" in errors[0][1]


def test_block_rows_in_different_terms_are_reported(users, programme, catalogue):
    errors = errors_of(users, programme, xlsx([["B1", 3, "KV1", None, 1, None], ["B2", 4, "KV1"]]))
    assert errors[0][0] == 3 and "term 3" in errors[0][1]


def test_block_rule_without_a_block_code_is_reported(users, programme, catalogue):
    errors = errors_of(users, programme, xlsx([["A1", 1, None, None, 2, None]]))
    assert errors[0][0] == 2 and "no elective block code" in errors[0][1]


def test_empty_file_is_reported(users, programme):
    errors = errors_of(users, programme, xlsx([], header=None))
    assert errors[0][0] is None and "empty" in errors[0][1]


def test_header_only_file_is_reported(users, programme):
    errors = errors_of(users, programme, xlsx([]))
    assert "no data rows" in errors[0][1]


def test_non_xlsx_file_is_reported(users, programme):
    upload = SimpleUploadedFile("curriculum.xlsx", b"code;term\nA1;1\n")
    with pytest.raises(ImportFailed) as exc:
        run(users, programme, upload)
    assert exc.value.errors[0].row is None
    assert not Curriculum.objects.exists()


def test_import_page_lists_every_error_and_changes_nothing(client_for, programme, catalogue):
    response = client_for("registrar").post(
        reverse("curriculum_import"),
        {
            "programme": programme.pk,
            "intake_year": 2026,
            "study_form": "full_time",
            "language": "ru",
            "file": xlsx([["ZZ1", 1], ["A1", "x"]]),
        },
    )
    page = response.content.decode()
    assert response.status_code == 400 and "row 2" in page and "row 3" in page
    assert not Curriculum.objects.exists()


def test_import_page_imports_and_opens_the_draft(client_for, programme, catalogue):
    response = client_for("registrar").post(
        reverse("curriculum_import"),
        {
            "programme": programme.pk,
            "intake_year": 2026,
            "study_form": "full_time",
            "language": "ru",
            "file": xlsx(GOOD_ROWS),
        },
    )
    c = Curriculum.objects.get(programme=programme)
    assert response.status_code == 302 and response["Location"] == reverse("curriculum_detail", args=[c.pk])


def test_template_downloads_with_every_column_and_examples(client_for):
    response = client_for("registrar").get(reverse("curriculum_import_template"))
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[0][0] == "Discipline code *" and rows[0][1] == "Term *" and rows[0][2] == "Elective block code"
    assert len(rows) > 3


def test_a_full_curriculum_file_imports_quickly(users, programme):
    """About 60 rows, the size of a bachelor curriculum with its alternatives."""
    codes = [DisciplineFactory(code=f"Q{n:03d}").code for n in range(60)]
    rows = [[code, n // 8 + 1 if n < 56 else 8, None, None, None, None] for n, code in enumerate(codes)]
    started = time.monotonic()
    result = run(users, programme, xlsx(rows))
    elapsed = time.monotonic() - started
    assert result.items == 60 and CurriculumItem.objects.count() == 60
    assert elapsed < 5, f"import took {elapsed:.2f} s"
