"""Issued documents read back from their PDFs: the transcript (grades, GPA, Kazakh letters), the
diploma and supplement of a graduate in three languages, the academic certificate, numbering,
duplicates and revocation (RULES.md §9)."""

import datetime
import re

import pytest
from django.utils import translation

from registrar.errors import DomainError
from tests.transcripts.world import active, expelled, graduate, make_world
from transcripts import documents, services
from transcripts.models import Blank, BlankKind, BlankStatus, DocumentKind, DocumentStatus, IssuedDocument

pytestmark = pytest.mark.django_db

KAZAKH = ["Әбілқайырұлы", "Іңкәр", "Үмбетқызы"]


def stock(actor, kind=BlankKind.DIPLOMA, series="BD", first=1, last=5):
    return services.receive_blanks(
        actor=actor, kind=kind, series=series, first_number=first, last_number=last,
        received_on=datetime.date(2025, 6, 1), act_number=f"A-{series}-{first}",
    )  # fmt: skip


def all_blanks(actor):
    stock(actor, BlankKind.DIPLOMA, "BD")
    stock(actor, BlankKind.DIPLOMA_HONOURS, "BDH")
    stock(actor, BlankKind.SUPPLEMENT, "BDS")


def compact(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture
def world(users):
    return make_world(users)


def test_transcript_prints_every_grade_gpa_and_kazakh_letters_exactly(users, world, pdf_text):
    student = active(world)
    document = services.issue_transcript(actor=users["registrar"], student=student, language="ru")
    text = pdf_text(document.pdf.read())
    for name in KAZAKH:
        assert name in text
    # І/і are U+0406/U+0456 and Ү/Ұ are not swapped with look-alikes (Latin I, Cyrillic У).
    assert "\u0406ңкәр" in text and "I\u04a3кәр" not in text
    assert "\u04aeмбетқызы" in text and "\u04b1лы" in text
    flat = compact(text)
    assert "Транскрипт" in flat
    for code, letter in [("GD1", "A"), ("GD2", "A-"), ("GD3", "B+"), ("GD6", "B-"), ("GD7", "C+")]:
        assert re.search(rf"{code} .*? 5 {re.escape(letter)} ", flat), code
    # Term GPAs: (4+3.67)/2 = 3.835 -> 3.84 (half up); cumulative over 8 × 5 credits.
    assert "3,84" in flat
    # Cumulative, computed here: (4 + 3.67 + 3.33 + 3 + 4 + 2.67 + 2.33 + 4) × 5 / 40 = 3.375 -> 3.38.
    assert re.search(r"Накопительный GPA\s+3,38", flat)
    assert document.number in text and documents.format_code(document.verification_code) in text


def test_unofficial_transcript_is_marked_and_not_registered(users, world, pdf_text):
    student = active(world)
    with translation.override("kk"):
        text = pdf_text(documents.unofficial_transcript(student, "kk"))
    assert IssuedDocument.objects.count() == 0
    assert "ресми емес" in text.lower()
    assert "Іңкәр" in text


def test_trilingual_diploma_and_supplement_of_a_graduate_with_honours(users, world, pdf_text):
    student = graduate(world)
    all_blanks(users["registrar"])
    diploma = services.issue_diploma(actor=users["registrar"], student=student, language="mul")
    supplement = services.issue_supplement(actor=users["registrar"], student=student, language="mul")
    assert diploma.details["honours"] is True and diploma.blank.label == "BDH 0000001"
    assert supplement.blank.label == "BDS 0000001" and supplement.blank.status == BlankStatus.ISSUED
    text = compact(pdf_text(diploma.pdf.read()))
    # The whole text in Kazakh, Russian and English: three blocks, the Latin name in the English one.
    assert text.count("BDH 0000001") == 3 and "Abilkaiyruly Inkar" in text
    assert all(name in text for name in KAZAKH)
    programme = student.programme
    for lang in ("kk", "ru", "en"):
        assert programme.translated("name", lang) in text and programme.translated("degree", lang) in text
    assert "ДИПЛОМ" in text.upper() and "Diploma" in text and "with honours" in text
    assert "20.06.2032" in text and diploma.number in text
    text = compact(pdf_text(supplement.pdf.read()))
    for section in range(1, 9):
        assert f"{section}. " in text
    assert "GD8" in text and "IA1" in text


def test_diploma_without_honours_takes_an_ordinary_blank_and_only_once(users, world):
    student = graduate(world, letters=["A", "A", "B", "C", "A", "A", "A", "A"])
    all_blanks(users["registrar"])
    diploma = services.issue_diploma(actor=users["registrar"], student=student, language="ru")
    assert diploma.details["honours"] is False and diploma.blank.kind == BlankKind.DIPLOMA
    with pytest.raises(DomainError, match="already holds"):
        services.issue_diploma(actor=users["registrar"], student=student, language="ru")
    assert Blank.objects.filter(status=BlankStatus.ISSUED).count() == 1  # the refused issue took none


def test_diploma_needs_a_graduate_and_a_blank(users, world):
    student = active(world)
    with pytest.raises(DomainError, match="graduated"):
        services.issue_diploma(actor=users["registrar"], student=student)
    student = graduate(world)
    with pytest.raises(DomainError, match="No diploma with honours blanks"):
        services.issue_diploma(actor=users["registrar"], student=student)
    assert IssuedDocument.objects.count() == 0


def test_english_documents_need_the_latin_name(users, world):
    student = active(world, last_name_latin="", first_name_latin="")
    with pytest.raises(DomainError, match="Latin") as info:
        services.issue_transcript(actor=users["registrar"], student=student, language="en")
    assert info.value.field == "language"


def test_academic_certificate_only_for_a_student_who_left(users, world, pdf_text):
    with pytest.raises(DomainError, match="left the university"):
        services.issue_academic_certificate(actor=users["registrar"], student=active(world), language="ru")
    student = expelled(world)
    document = services.issue_academic_certificate(actor=users["registrar"], student=student, language="ru")
    text = compact(pdf_text(document.pdf.read()))
    assert document.kind == DocumentKind.ACADEMIC_CERTIFICATE and "GD8" in text
    assert document.details["order_number"] in text


def test_numbers_run_per_kind_and_year(users, world):
    student = active(world)
    first = services.issue_transcript(actor=users["registrar"], student=student, language="ru")
    second = services.issue_transcript(actor=users["registrar"], student=student, language="kk")
    year = first.year
    assert (first.number, second.number) == (f"TR-{year}-00001", f"TR-{year}-00002")
    assert first.verification_code != second.verification_code and len(first.verification_code) == 12
    assert first.pdf.name != second.pdf.name and first.sha256 != second.sha256


def test_archival_copy_is_pdf_a(users, world):
    import shutil
    import subprocess

    if not shutil.which("pdfinfo"):
        pytest.skip("pdfinfo (poppler-utils) is not installed")
    document = services.issue_transcript(actor=users["registrar"], student=active(world), language="en")
    metadata = subprocess.run(["pdfinfo", "-meta", document.pdf.path], capture_output=True, text=True, check=True)
    assert "pdfaid:part" in metadata.stdout and "3" in metadata.stdout.split("pdfaid:part")[1][:8]


def test_duplicate_prints_the_same_facts_marked_and_linked(users, world, pdf_text):
    student = graduate(world)
    all_blanks(users["registrar"])
    original = services.issue_diploma(actor=users["registrar"], student=student, language="ru")
    with pytest.raises(DomainError, match="reason"):
        services.issue_duplicate(actor=users["registrar"], original=original, reason=" ")
    duplicate = services.issue_duplicate(
        actor=users["registrar_head"], original=original, reason="Утерян", revoke_original=True
    )
    original.refresh_from_db()
    assert duplicate.original == original and duplicate.number != original.number
    assert duplicate.blank.label == "BDH 0000002" and original.status == DocumentStatus.REVOKED
    assert duplicate.number in original.revoke_reason
    text = compact(pdf_text(duplicate.pdf.read()))
    assert "ДУБЛИКАТ" in text.upper() and original.number in text
    # A duplicate of the duplicate still points to the first original.
    again = services.issue_duplicate(actor=users["registrar"], original=duplicate, reason="Повреждён")
    assert again.original_id == original.pk


def test_revocation_needs_a_reason_and_happens_once(users, world):
    document = services.issue_transcript(actor=users["registrar"], student=active(world), language="ru")
    with pytest.raises(DomainError, match="reason"):
        services.revoke_document(actor=users["registrar_head"], document=document, reason="")
    services.revoke_document(actor=users["registrar_head"], document=document, reason="Ошибка в оценке")
    with pytest.raises(DomainError, match="already revoked"):
        services.revoke_document(actor=users["registrar_head"], document=document, reason="again")
    document.refresh_from_db()
    assert document.status == DocumentStatus.REVOKED and document.revoked_by == users["registrar_head"]


def test_database_refuses_a_revocation_without_reason(users, world):
    from django.db import IntegrityError, transaction

    document = services.issue_transcript(actor=users["registrar"], student=active(world), language="ru")
    with pytest.raises(IntegrityError), transaction.atomic():
        IssuedDocument.objects.filter(pk=document.pk).update(status=DocumentStatus.REVOKED)


def test_national_platform_number_is_registry_data_unique_per_kind(users, world):
    first, second = graduate(world), graduate(world)
    all_blanks(users["registrar"])
    one = services.issue_diploma(actor=users["registrar"], student=first, language="ru")
    two = services.issue_diploma(actor=users["registrar"], student=second, language="ru")
    sha = one.sha256
    services.set_national_number(actor=users["registrar"], document=one, number="KZ-2032-000123")
    with pytest.raises(DomainError, match="already recorded") as info:
        services.set_national_number(actor=users["registrar"], document=two, number="KZ-2032-000123")
    assert info.value.field == "national_number"
    one.refresh_from_db()
    assert one.national_number == "KZ-2032-000123" and one.sha256 == sha
    transcript = services.issue_transcript(actor=users["registrar"], student=first, language="ru")
    with pytest.raises(DomainError, match="Only diplomas"):
        services.set_national_number(actor=users["registrar"], document=transcript, number="X")
