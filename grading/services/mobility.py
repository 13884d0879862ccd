"""Academic mobility: the ECTS conversion setting, recording a discipline studied at a partner
university (one at a time or from an xlsx file, all or nothing), which writes a result with source
"academic mobility" into the record through `enrollment.services.record.results_record`.

The result counts for a discipline of the curriculum: it carries that discipline's credits (the
course there must have at least as many), the converted score, letter and points (the ECTS grade
through the conversion setting, then the university's scale), the original grade and the partner
university; the mobility record keeps the course as it was there.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from academics.choices import ControlForm, TermKind
from academics.models import Discipline, Term
from enrollment.choices import ResultSource, StudentStatus
from enrollment.models import Student
from enrollment.services.record import NewResult, results_record
from registrar.errors import DomainError
from registrar.policy import require
from registrar.selectors import grade_scale
from registrar.xlsx_import import Column, ImportFailed, read_sheet, template_workbook

from ..conversion import (
    DEFAULT_CONVERSION,
    ECTS_GRADES,
    Converted,
    convert_ects,
    grade_of_score,
    normalize_ects,
    validate_conversion,
)
from ..models import EctsConversion, MobilityRecord
from .gpa import gpa_recompute

COUNTRY = re.compile(r"^[A-Z]{2}$")


# --- the conversion setting -------------------------------------------------------------------------


def ects_conversion() -> dict[str, int]:
    """{ECTS grade: percent score}; the defaults are created on first use. One query when present."""
    rows = dict(EctsConversion.objects.values_list("ects_grade", "score"))
    if all(g in rows for g in ECTS_GRADES):
        return rows
    with transaction.atomic():
        for grade, score in DEFAULT_CONVERSION.items():
            EctsConversion.objects.get_or_create(ects_grade=grade, defaults={"score": score})
    return dict(EctsConversion.objects.values_list("ects_grade", "score"))


def ects_conversion_update(*, actor, mapping: dict) -> dict[str, int]:
    """Save the whole conversion at once, or nothing: every grade, whole scores 0–100, a better grade
    never below a worse one, passing ECTS grades on passing letters of the scale (audited)."""
    require(actor, "ects.change")
    errors = validate_conversion(mapping, grade_scale())
    if errors:
        raise DomainError(errors[0], errors=errors)
    with transaction.atomic():
        current = {c.ects_grade: c for c in EctsConversion.objects.select_for_update()}
        for grade in ECTS_GRADES:
            score = int(mapping[grade])
            row = current.get(grade)
            if row is None:
                EctsConversion.objects.create(ects_grade=grade, score=score)
            elif row.score != score:
                row.score = score
                row.save(update_fields=["score"])
    return ects_conversion()


def convert_for(discipline: Discipline, ects_grade: str, mapping=None, bands=None) -> Converted:
    """An ECTS grade as a result of `discipline` here (pass/fail disciplines get the pass mark)."""
    mapping = mapping if mapping is not None else ects_conversion()
    bands = bands if bands is not None else grade_scale()
    return convert_ects(ects_grade, mapping, bands, pass_fail=discipline.control_form == ControlForm.PASS_FAIL)


# --- recording ------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class MobilityEntry:
    student: Student
    term: Term
    institution: str
    country: str
    external_name: str
    credits: int
    original_grade: str
    ects_grade: str
    discipline: Discipline
    external_code: str = ""


def _entry_errors(entry: MobilityEntry) -> list[tuple[str, str]]:
    """(field, message) for everything wrong with one entry (no query)."""
    errors: list[tuple[str, str]] = []
    if entry.student.status == StudentStatus.GRADUATED:
        errors.append(("student", _("%(student)s has graduated; the record is closed.") % {"student": entry.student}))
    if not entry.institution.strip():
        errors.append(("institution", _("Name the partner university.")))
    if not COUNTRY.match(entry.country or ""):
        errors.append(("country", _("The country is a two-letter code such as DE or TR.")))
    if not entry.external_name.strip():
        errors.append(("external_name", _("Give the course name at the partner university.")))
    if not entry.original_grade.strip():
        errors.append(("original_grade", _("Give the grade as the partner university gave it.")))
    if normalize_ects(entry.ects_grade) is None:
        errors.append(
            ("ects_grade", _("%(grade)s is not an ECTS grade (A, B, C, D, E, FX, F).") % {"grade": entry.ects_grade})
        )
    if entry.credits is None or entry.credits < 1:
        errors.append(("credits", _("Credits must be a whole number of at least 1.")))
    elif entry.credits < entry.discipline.credits:
        errors.append(
            (
                "credits",
                _("The course has %(n)s credits, fewer than the %(m)s of %(code)s: it cannot count for it.")
                % {"n": entry.credits, "m": entry.discipline.credits, "code": entry.discipline.code},
            )
        )
    return errors


def _new_result(record: MobilityRecord, discipline: Discipline, converted: Converted) -> NewResult:
    return NewResult(
        student_id=record.student_id,
        discipline_id=discipline.pk,
        term_id=record.term_id,
        credits=discipline.credits,
        national_credits=discipline.national_credits,
        score=converted.score,
        letter=converted.letter,
        points=converted.points,
        passed=converted.passed,
        source=ResultSource.MOBILITY,
        original_grade=record.original_grade,
        institution=record.institution,
        source_ref=record.pk,
    )


def _records(entries: list[MobilityEntry], actor) -> list[MobilityRecord]:
    """Write the records and their results, and recompute the students' GPA: a bounded number of
    queries whatever the count. Runs inside the caller's transaction."""
    mapping, bands = ects_conversion(), grade_scale()
    records, converted = [], []
    for e in entries:
        grade = normalize_ects(e.ects_grade)
        c = convert_for(e.discipline, grade, mapping, bands)
        converted.append(c)
        records.append(
            MobilityRecord(
                student=e.student,
                term=e.term,
                institution=e.institution.strip(),
                country=e.country,
                external_code=e.external_code.strip(),
                external_name=e.external_name.strip(),
                discipline=e.discipline,
                credits=e.credits,
                original_grade=e.original_grade.strip(),
                ects_grade=grade,
                score=c.score,
                letter=c.letter,
                # A pass/fail discipline's result has no points; the record keeps the scale's for the score.
                points=c.points if c.points is not None else grade_of_score(c.score, bands).points,
                recorded_by=actor,
            )
        )
    records = MobilityRecord.objects.bulk_create(records)
    results = results_record(
        actor=actor,
        results=[_new_result(r, e.discipline, c) for r, e, c in zip(records, entries, converted, strict=True)],
    )
    for record, result in zip(records, results, strict=True):
        record.result = result
    MobilityRecord.objects.bulk_update(records, ["result"])
    # The new results count in GPA: the students' snapshots follow in the same transaction.
    gpa_recompute(student_ids=[r.student_id for r in records])
    return records


def _duplicates(entries: list[MobilityEntry]) -> set[int]:
    """Indexes of entries already recorded (same student, term, partner course and discipline)."""
    keys = {(e.student.pk, e.term.pk, e.discipline.pk) for e in entries}
    if not keys:
        return set()
    existing = set(
        MobilityRecord.objects.filter(
            student_id__in={k[0] for k in keys},
            term_id__in={k[1] for k in keys},
            discipline_id__in={k[2] for k in keys},
        ).values_list("student_id", "term_id", "discipline_id", "institution", "external_name")
    )
    found = set()
    for i, e in enumerate(entries):
        key = (e.student.pk, e.term.pk, e.discipline.pk, e.institution.strip(), e.external_name.strip())
        if key in existing:
            found.add(i)
    return found


def mobility_record(*, actor, entry: MobilityEntry) -> MobilityRecord:
    """Record one course studied at a partner university; refused with every reason at once."""
    require(actor, "mobility.manage")
    entry = replace(entry, country=(entry.country or "").strip().upper())
    errors = _entry_errors(entry)
    if not errors and _duplicates([entry]):
        errors.append((None, _("This course is already recorded for the student in that term.")))
    if errors:
        raise DomainError(errors[0][1], field=errors[0][0], errors=[m for _f, m in errors])
    with transaction.atomic():
        return _records([entry], actor)[0]


# --- import from xlsx ---------------------------------------------------------------------------------------

IMPORT_COLUMNS = [
    Column("student_number", gettext_lazy("Student ID number")),
    Column("academic_year", gettext_lazy("Academic year"), aliases=("year",)),
    Column("term", gettext_lazy("Term")),
    Column("institution", gettext_lazy("Partner university")),
    Column("country", gettext_lazy("Country")),
    Column("external_code", gettext_lazy("Course code there"), required=False),
    Column("external_name", gettext_lazy("Course name there")),
    Column("credits", gettext_lazy("Credits (ECTS)"), kind="int", aliases=("credits",)),
    Column("original_grade", gettext_lazy("Original grade")),
    Column("ects_grade", gettext_lazy("ECTS grade")),
    Column("discipline", gettext_lazy("Counts for discipline (code)"), aliases=("discipline code", "discipline")),
]

TERM_WORDS = {
    TermKind.AUTUMN: {"autumn", "fall", "1", "осенний", "осень", "күзгі", "күз"},
    TermKind.SPRING: {"spring", "2", "весенний", "весна", "көктемгі", "көктем"},
    TermKind.SUMMER: {"summer", "3", "летний", "лето", "жазғы", "жаз"},
}


def parse_term_kind(text) -> str | None:
    word = str(text or "").strip().lower().replace(" term", "").replace(" семестр", "").replace(" семестрі", "")
    for kind, words in TERM_WORDS.items():
        if word in words or word == str(TermKind(kind).label).lower():
            return kind
    return None


def parse_start_year(text) -> int | None:
    match = re.match(r"^\s*(\d{4})(\s*[-–/]\s*(\d{2}|\d{4}))?\s*$", str(text or ""))
    return int(match.group(1)) if match else None


def mobility_template() -> bytes:
    return template_workbook(
        IMPORT_COLUMNS,
        [["2024-00001", "2025-2026", "autumn", "Technische Universität München", "DE", "IN0008",
          "Grundlagen: Datenbanken", 6, "1.3", "A", "DB1001"]],
    )  # fmt: skip


def mobility_import(*, actor, upload) -> list[MobilityRecord]:
    """Every row checked first (columns, student, term, discipline, grade, credits, duplicates in the
    file and in the record); any bad row refuses the whole file with every error by row number;
    a good file is written in one transaction."""
    require(actor, "mobility.manage")
    sheet = read_sheet(upload, IMPORT_COLUMNS)
    rows = sheet.rows
    numbers = {str(r.values["student_number"]) for r in rows if r.values.get("student_number")}
    codes = {str(r.values["discipline"]).strip() for r in rows if r.values.get("discipline")}
    students = {s.student_number: s for s in Student.objects.filter(student_number__in=numbers)}
    disciplines = {d.code: d for d in Discipline.objects.filter(code__in=codes)}
    terms = {(t.academic_year.start_year, t.kind): t for t in Term.objects.select_related("academic_year")}
    col = {c.key: c for c in IMPORT_COLUMNS}
    entries: list[tuple[int, MobilityEntry]] = []
    seen: dict[tuple, int] = {}
    for row in rows:
        v = row.values
        bad = len(sheet.errors)
        student = students.get(str(v.get("student_number") or ""))
        if v.get("student_number") and student is None:
            sheet.error(row, col["student_number"], _("no student with this ID number"))
        year, kind = parse_start_year(v.get("academic_year")), parse_term_kind(v.get("term"))
        if v.get("academic_year") and year is None:
            sheet.error(row, col["academic_year"], _("write the academic year as 2025 or 2025-2026"))
        if v.get("term") and kind is None:
            sheet.error(row, col["term"], _("the term is autumn, spring or summer"))
        term = terms.get((year, kind))
        if year is not None and kind is not None and term is None:
            sheet.error(row, col["term"], _("this term is not in the academic calendar"))
        discipline = disciplines.get(str(v.get("discipline") or "").strip())
        if v.get("discipline") and discipline is None:
            sheet.error(row, col["discipline"], _("no discipline with this code"))
        if len(sheet.errors) > bad or any(v.get(c.key) is None for c in IMPORT_COLUMNS if c.required):
            continue
        entry = MobilityEntry(
            student=student,
            term=term,
            institution=str(v["institution"]),
            country=str(v["country"]).strip().upper(),
            external_code=str(v.get("external_code") or ""),
            external_name=str(v["external_name"]),
            credits=v["credits"],
            original_grade=str(v["original_grade"]),
            ects_grade=str(v["ects_grade"]),
            discipline=discipline,
        )
        for field, message in _entry_errors(entry):
            sheet.error(row, col.get(field), message)
        key = (student.pk, term.pk, discipline.pk, entry.institution.strip(), entry.external_name.strip())
        if key in seen:
            sheet.error(row, None, _("the same course as row %(n)s") % {"n": seen[key]})
        seen.setdefault(key, row.number)
        if len(sheet.errors) == bad:
            entries.append((row.number, entry))
    for i in sorted(_duplicates([e for _n, e in entries])):
        sheet.error(entries[i][0], None, _("this course is already recorded for the student in that term"))
    if sheet.errors:
        raise ImportFailed(sorted(sheet.errors, key=lambda e: e.row or 0))
    with transaction.atomic():
        return _records([e for _n, e in entries], actor)
