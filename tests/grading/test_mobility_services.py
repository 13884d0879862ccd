"""Academic mobility through the services: the conversion setting (defaults on first use, validated,
audited, the head changes it), recording a result (in the record with its source, original grade and
partner university), refusals, and the xlsx import (every bad row reported, all or nothing, bounded
queries)."""

from decimal import Decimal
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied
from openpyxl import Workbook

from academics.choices import ControlForm
from enrollment.choices import ResultSource
from enrollment.models import Result
from enrollment.views.advising import record_by_term
from grading.models import EctsConversion, MobilityRecord
from grading.services import mobility as svc
from registrar.errors import DomainError
from registrar.selectors import grade_scale
from registrar.xlsx_import import ImportFailed
from tests.factories import DisciplineFactory
from tests.registration.world import build_world

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(users):
    return build_world(users)


def entry(world, **kw) -> svc.MobilityEntry:
    values = {
        "student": world.student,
        "term": world.autumn,
        "institution": "Technische Universität München",
        "country": "de",
        "external_code": "IN0008",
        "external_name": "Grundlagen: Datenbanken",
        "credits": 6,
        "original_grade": "1.3",
        "ects_grade": "A",
        "discipline": world.compulsory[0],
    }
    values.update(kw)
    return svc.MobilityEntry(**values)


def test_the_default_conversion_is_created_on_first_use(users):
    assert not EctsConversion.objects.exists()
    assert svc.ects_conversion() == {"A": 95, "B": 85, "C": 75, "D": 65, "E": 55, "FX": 40, "F": 20}
    assert EctsConversion.objects.count() == 7
    assert svc.ects_conversion()["B"] == 85


def test_only_the_head_changes_the_conversion_and_it_is_validated_and_audited(users):
    new = {**svc.ects_conversion(), "B": 87}
    with pytest.raises(PermissionDenied):
        svc.ects_conversion_update(actor=users["registrar"], mapping=new)
    with pytest.raises(DomainError) as exc:
        svc.ects_conversion_update(actor=users["registrar_head"], mapping={**new, "C": 90})
    assert any("B converts lower than C" in e for e in exc.value.errors)
    assert svc.ects_conversion()["B"] == 85  # nothing saved
    assert svc.ects_conversion_update(actor=users["registrar_head"], mapping=new)["B"] == 87
    assert EctsConversion.objects.get(ects_grade="B").history.count() == 2


def test_a_mobility_result_appears_in_the_record_with_its_source(world, users):
    record = svc.mobility_record(actor=users["registrar"], entry=entry(world))
    result = Result.objects.get(pk=record.result_id)
    assert (result.source, result.original_grade, result.institution) == (
        ResultSource.MOBILITY, "1.3", "Technische Universität München")  # fmt: skip
    assert (result.score, result.letter, result.points, result.passed) == (Decimal(95), "A", Decimal("4.00"), True)
    assert result.term == world.autumn and result.credits == world.compulsory[0].credits and result.attempt == 1
    assert result.source_ref == record.pk and record.country == "DE" and record.credits == 6
    rows = [r for group in record_by_term(world.student) for r in group["rows"]]
    assert [(r.discipline.code, r.get_source_display()) for r in rows] == [("CMP1", "academic mobility")]


def test_the_conversion_in_force_is_used(world, users):
    svc.ects_conversion_update(actor=users["registrar_head"], mapping={**svc.ects_conversion(), "C": 70})
    record = svc.mobility_record(actor=users["registrar"], entry=entry(world, ects_grade="c"))
    assert (record.ects_grade, record.score, record.letter, record.points) == ("C", 70, "C+", Decimal("2.33"))


def test_a_failing_ects_grade_is_a_failed_result(world, users):
    record = svc.mobility_record(actor=users["registrar"], entry=entry(world, ects_grade="FX", original_grade="5,0"))
    assert Result.objects.get(pk=record.result_id).passed is False
    assert record.letter == "FX"


def test_pass_fail_disciplines_get_the_pass_mark(world, users):
    pe = DisciplineFactory(code="PE1", control_form=ControlForm.PASS_FAIL)
    record = svc.mobility_record(actor=users["registrar"], entry=entry(world, discipline=pe, ects_grade="D"))
    result = Result.objects.get(pk=record.result_id)
    assert (result.letter, result.points, result.passed) == ("P", None, True)


def test_refusals_name_every_reason(world, users):
    with pytest.raises(DomainError) as exc:
        svc.mobility_record(
            actor=users["registrar"], entry=entry(world, country="Germany", credits=4, ects_grade="B+", institution="")
        )
    text = " ".join(exc.value.errors)
    for part in ("two-letter code", "fewer than the 5 of CMP1", "not an ECTS grade", "partner university"):
        assert part in text
    assert not MobilityRecord.objects.exists() and not Result.objects.exists()


def test_the_same_course_is_not_recorded_twice(world, users):
    svc.mobility_record(actor=users["registrar"], entry=entry(world))
    with pytest.raises(DomainError, match="already recorded"):
        svc.mobility_record(actor=users["registrar"], entry=entry(world))


def test_only_the_office_records(world, users):
    for role in ("adviser", "dean_office", "teacher", "student"):
        with pytest.raises(PermissionDenied):
            svc.mobility_record(actor=users[role], entry=entry(world))


# --- import ----------------------------------------------------------------------------------------------

HEADER = [
    "Student ID number",
    "Academic year",
    "Term",
    "Partner university",
    "Country",
    "Course code there",
    "Course name there",
    "Credits (ECTS)",
    "Original grade",
    "ECTS grade",
    "Counts for discipline (code)",
]


def xlsx(rows, header=HEADER) -> BytesIO:
    wb = Workbook()
    ws = wb.active
    ws.append(header)
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    buffer.seek(0)
    buffer.name = "mobility.xlsx"
    return buffer


def good_row(world, student=None, course="Databases", discipline="CMP1", grade="B"):
    year = world.autumn.academic_year.start_year
    return [(student or world.student).student_number, f"{year}-{year + 1}", "autumn", "Universidad de Granada", "ES",
            "", course, 6, "8,5", grade, discipline]  # fmt: skip


def test_import_writes_every_row_into_the_record(world, users):
    other = world.student_like()
    rows = [good_row(world), good_row(world, course="Algorithms", discipline="CMP2", grade="A"),
            good_row(world, student=other), [*good_row(world, course="Ética")[:2], "осенний", *good_row(world)[3:6],
                                              "Ética", 5, "7", "C", "ELC1"]]  # fmt: skip
    records = svc.mobility_import(actor=users["registrar"], upload=xlsx(rows))
    assert len(records) == 4
    results = Result.objects.filter(source=ResultSource.MOBILITY)
    assert results.count() == 4 and all(r.institution == "Universidad de Granada" for r in results)
    assert {(r.student_id, r.discipline.code, r.letter) for r in results} == {
        (world.student.pk, "CMP1", "B+"), (world.student.pk, "CMP2", "A"), (other.pk, "CMP1", "B+"),
        (world.student.pk, "ELC1", "B-")}  # fmt: skip
    assert all(m.result_id for m in MobilityRecord.objects.all())


def test_import_is_all_or_nothing_with_every_bad_row_named(world, users):
    year = world.autumn.academic_year.start_year
    rows = [
        good_row(world),  # row 2: good
        ["NOPE", f"{year}", "autumn", "X", "ES", "", "A", 6, "1", "A", "CMP1"],  # 3: unknown student
        [world.student.student_number, "last year", "autumn", "X", "ES", "", "B", 6, "1", "A", "CMP1"],  # 4
        [world.student.student_number, f"{year}", "winter", "X", "ES", "", "C", 6, "1", "A", "CMP1"],  # 5
        [world.student.student_number, "1999", "autumn", "X", "ES", "", "D", 6, "1", "A", "CMP1"],  # 6
        [world.student.student_number, f"{year}", "spring", "X", "Spain", "", "E", 3, "1", "B+", "NOCODE"],  # 7
        [world.student.student_number, f"{year}", "spring", "X", "ES", "", "F", 6, "1", "A", "CMP2"],  # 8: good
        [world.student.student_number, f"{year}", "spring", "X", "ES", "", "F", 6, "1", "A", "CMP2"],  # 9: dup of 8
        [world.student.student_number, f"{year}", "spring", "X", "ES", "", "G", "six", "1", "A", "CMP2"],  # 10
    ]
    with pytest.raises(ImportFailed) as exc:
        svc.mobility_import(actor=users["registrar"], upload=xlsx(rows))
    errors = [str(e) for e in exc.value.errors]
    expected = {3: "no student", 4: "academic year", 5: "autumn, spring or summer", 6: "not in the academic calendar",
                7: "no discipline", 9: "the same course as row 8", 10: "whole number"}  # fmt: skip
    for row, text in expected.items():
        assert any(e.startswith(f"row {row}") and text in e for e in errors), (row, errors)
    assert not any(e.startswith(("row 2", "row 8,")) for e in errors)
    assert not MobilityRecord.objects.exists() and not Result.objects.exists()


def test_import_checks_rows_against_the_discipline_and_the_record(world, users):
    svc.mobility_import(actor=users["registrar"], upload=xlsx([good_row(world)]))
    rows = [good_row(world), [*good_row(world, course="Short")[:7], 3, "1", "A", "CMP2"]]
    with pytest.raises(ImportFailed) as exc:
        svc.mobility_import(actor=users["registrar"], upload=xlsx(rows))
    errors = [str(e) for e in exc.value.errors]
    assert any(e.startswith("row 2") and "already recorded" in e for e in errors)
    assert any(e.startswith("row 3") and "fewer than the 5 of CMP2" in e for e in errors)
    assert MobilityRecord.objects.count() == 1


def test_import_refuses_unusable_files(world, users):
    with pytest.raises(ImportFailed, match="not an xlsx"):
        svc.mobility_import(actor=users["registrar"], upload=BytesIO(b"student;term\n1;2"))
    with pytest.raises(ImportFailed, match="missing"):
        svc.mobility_import(actor=users["registrar"], upload=xlsx([good_row(world)], header=HEADER[:5]))
    with pytest.raises(PermissionDenied):
        svc.mobility_import(actor=users["teacher"], upload=xlsx([good_row(world)]))


def test_import_takes_a_bounded_number_of_queries(world, users, django_assert_max_num_queries):
    students = [world.student_like() for _ in range(12)]
    disciplines = [DisciplineFactory(code=f"MOB{i}") for i in range(5)]
    rows = [good_row(world, student=s, discipline=d.code, course=f"C{d.code}") for s in students for d in disciplines]
    svc.ects_conversion(), grade_scale()
    # 16 for the import, and a constant number (whatever the students) for recomputing their GPA.
    with django_assert_max_num_queries(30):
        records = svc.mobility_import(actor=users["registrar"], upload=xlsx(rows))
    assert len(records) == 60 and Result.objects.count() == 60


def test_the_template_reads_back_as_an_import_file(world, users):
    with pytest.raises(ImportFailed) as exc:
        svc.mobility_import(actor=users["registrar"], upload=BytesIO(svc.mobility_template()))
    # The example row names a student and discipline that do not exist here: row errors, not column errors.
    assert all(e.row == 2 for e in exc.value.errors)
