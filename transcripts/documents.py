"""What each document prints, and its PDF (RULES.md §9; templates under templates/documents/).

`build(kind, student, ...)` gathers the facts of a document into a template context; `render(...)`
turns a context into PDF bytes with WeasyPrint. Services (transcripts/services.py) number, store and
register what these produce; the unofficial transcript is rendered here and never registered.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass, field

import segno
from django.conf import settings
from django.urls import reverse
from django.utils import timezone, translation

from enrollment.choices import Movement, ResultSource
from enrollment.models import StatusChange, Student
from registrar.models import GradeScaleRow
from registrar.pdf import render_pdf
from registrar.selectors import grade_scale, university_settings

from .labels import LABELS, TRILINGUAL
from .models import DocumentKind, DocumentLanguage

TEMPLATES = {
    DocumentKind.TRANSCRIPT: "documents/transcript.html",
    DocumentKind.ACADEMIC_CERTIFICATE: "documents/transcript.html",
    DocumentKind.DIPLOMA: "documents/diploma.html",
    DocumentKind.SUPPLEMENT: "documents/supplement.html",
    DocumentKind.STUDY_CERTIFICATE: "documents/study_certificate.html",
}

# PDF/A for the registered copy (DESIGN.md: archival copies); the unofficial transcript is plain PDF.
ARCHIVAL_VARIANT = "pdf/a-3b"


def languages_of(language: str) -> list[str]:
    return list(TRILINGUAL) if language == DocumentLanguage.TRILINGUAL else [language]


def base_language(language: str) -> str:
    """The language the template itself (page numbers, fixed words outside labels) renders in."""
    return "ru" if language == DocumentLanguage.TRILINGUAL else language


def format_code(code: str) -> str:
    """ABCD2345EFGH → ABCD-2345-EFGH: easier to read out and type."""
    return "-".join(code[i : i + 4] for i in range(0, len(code), 4))


def verification_url(code: str) -> str:
    return settings.SITE_URL + reverse("verify_document", args=[code])


def qr_data_uri(url: str) -> str:
    """The QR code of `url` as an SVG data URI (WeasyPrint draws it as vector graphics)."""
    return segno.make(url, error="m").svg_data_uri(scale=4, border=1)


@dataclass
class Stamp:
    """The registry facts a PDF prints: number, date, verification code and its QR code."""

    number: str = ""
    issued_on: datetime.date | None = None
    code: str = ""
    duplicate_of: str = ""
    official: bool = True

    @property
    def url(self) -> str:
        return verification_url(self.code) if self.code else ""

    def context(self) -> dict:
        return {
            "number": self.number,
            "issued_on": self.issued_on,
            "code": format_code(self.code) if self.code else "",
            "url": self.url,
            "qr": qr_data_uri(self.url) if self.code else "",
            "duplicate_of": self.duplicate_of,
            "official": self.official,
        }


@dataclass
class Facts:
    """Everything a document prints beyond the registry stamp; `details` is what the registry keeps
    (IssuedDocument.details) so that a duplicate prints the same."""

    context: dict
    details: dict = field(default_factory=dict)


# --- the academic record ---------------------------------------------------------------------------


def _traditional_labels() -> dict[str, str]:
    return dict(GradeScaleRow.TRADITIONAL_CHOICES)


def record_context(student: Student) -> dict:
    """The student's results by term with GPAs (grades_by_term), each row with its traditional grade
    and a note for results from elsewhere. Three queries."""
    from grading.selectors_gpa import grades_by_term

    groups, summary = grades_by_term(student)
    bands = {band.letter: band for band in grade_scale()}
    traditional = _traditional_labels()
    total_credits = 0
    for group in groups:
        group.credits = 0
        for row in group.rows:
            band = bands.get(row.letter)
            row.traditional_label = traditional.get(band.traditional, "") if band else ""
            row.note = {
                ResultSource.MOBILITY: "mobility",
                ResultSource.RECOGNITION: "recognised",
            }.get(row.source, "")
            counted = row.passed and not row.superseded and not row.restudied
            if counted:
                group.credits += row.credits
                total_credits += row.credits
    return {
        "terms": groups,
        "summary": summary,
        "credits_earned": summary.credits_earned or total_credits,
        "scale": grade_scale(),
        "traditional": traditional,
    }


def _student_context(student: Student) -> dict:
    programme = student.programme
    return {"student": student, "programme": programme, "faculty": programme.faculty}


def _latest_change(student: Student, movements) -> StatusChange | None:
    return (
        StatusChange.objects.filter(student=student, movement__in=list(movements))
        .order_by("-effective_on", "-id")
        .first()
    )


def graduation_facts(student: Student) -> dict | None:
    """The graduation order of `student` and the attestation commission's decision it carries."""
    from orders.models import OrderItem

    change = _latest_change(student, [Movement.GRADUATED])
    if change is None:
        return None
    params = {}
    if change.order_item_id:
        item = OrderItem.objects.select_related("order").filter(pk=change.order_item_id).first()
        if item is not None:
            params = item.order.item_params(item)
    return {
        "order_number": change.order_number,
        "order_date": change.order_date.isoformat() if change.order_date else "",
        "graduated_on": change.effective_on.isoformat(),
        "attestation_date": str(params.get("attestation_date") or change.effective_on.isoformat()),
        "minutes_number": str(params.get("minutes_number") or ""),
    }


def leaving_facts(student: Student) -> dict | None:
    """The order by which a student left before finishing (expelled, transferred out)."""
    change = _latest_change(student, [Movement.EXPELLED, Movement.TRANSFERRED_OUT])
    if change is None:
        return None
    from enrollment.selectors import ground_label

    return {
        "order_number": change.order_number,
        "order_date": change.order_date.isoformat() if change.order_date else "",
        "left_on": change.effective_on.isoformat(),
        "movement": change.movement,
        "ground": ground_label(change.ground) if change.ground else "",
    }


def expected_end(student: Student, today: datetime.date | None = None) -> datetime.date:
    """30 June of the year the student finishes if promoted every year from now on."""
    today = today or timezone.localdate()
    start = today.year if today.month >= 9 else today.year - 1
    years = math.ceil(student.programme.duration_years)
    remaining = max(1, years - (student.year_of_study or 1) + 1)
    return datetime.date(start + remaining, 6, 30)


def _dates(details: dict, *keys) -> dict:
    return {k: datetime.date.fromisoformat(details[k]) if details.get(k) else None for k in keys}


def facts_for(kind: str, student: Student, *, details: dict | None = None, honours: bool | None = None) -> Facts:
    """The context of a document of `kind` for `student`. `details` from an earlier issue (a duplicate)
    are printed as they were; otherwise they are gathered now."""
    details = dict(details or {})
    context = _student_context(student)
    if kind in (DocumentKind.TRANSCRIPT, DocumentKind.ACADEMIC_CERTIFICATE, DocumentKind.SUPPLEMENT):
        context.update(record_context(student))
    if kind == DocumentKind.ACADEMIC_CERTIFICATE:
        if not details:
            details = leaving_facts(student) or {}
        context["left"] = {**details, **_dates(details, "order_date", "left_on")}
    if kind in (DocumentKind.DIPLOMA, DocumentKind.SUPPLEMENT):
        if not details:
            details = graduation_facts(student) or {}
            if honours is None:
                from grading.services.gpa import honours_check

                honours = honours_check(student)[0]
            details["honours"] = bool(honours)
        context["graduation"] = {**details, **_dates(details, "order_date", "graduated_on", "attestation_date")}
        level = student.programme.level
        context["level_label"] = f"level_{level}" if f"level_{level}" in LABELS else "level_bachelor"
    if kind == DocumentKind.STUDY_CERTIFICATE:
        if not details:
            details = {
                "year_of_study": student.year_of_study,
                "study_form": student.study_form,
                "funding": student.funding,
                "expected_end": expected_end(student).isoformat(),
            }
        from academics.choices import StudyForm
        from enrollment.choices import Funding

        context["certificate"] = {
            **details,
            **_dates(details, "expected_end"),
            "study_form_label": StudyForm(details["study_form"]).label,
            "funding_label": Funding(details["funding"]).label,
        }
    context["kind"] = kind
    return Facts(context=context, details=details)


def render(kind: str, facts: Facts, language: str, stamp: Stamp, *, archival: bool = True) -> bytes:
    """The PDF of a document: the facts, the registry stamp, in `language` (kk, ru, en or mul)."""
    langs = languages_of(language)
    settings_row = university_settings()
    context = {
        **facts.context,
        "langs": langs,
        "language": language,
        "latin": langs == ["en"],
        "stamp": stamp.context(),
        "university_names": [settings_row.translated("name", lang) for lang in langs],
        "city_names": [settings_row.translated("city", lang) for lang in langs],
        # One block per language for documents that repeat their whole text in each (the diploma).
        "blocks": [
            {
                "lang": lang,
                "langs": [lang],
                "latin": lang == "en",
                "university": settings_row.translated("name", lang),
                "city": settings_row.translated("city", lang),
            }
            for lang in langs
        ],
    }
    with translation.override(base_language(language)):
        return render_pdf(TEMPLATES[kind], context, pdf_variant=ARCHIVAL_VARIANT if archival else None)


def unofficial_transcript(student: Student, language: str) -> bytes:
    """The transcript a student downloads any time: marked unofficial, no number, not registered."""
    facts = facts_for(DocumentKind.TRANSCRIPT, student)
    stamp = Stamp(issued_on=timezone.localdate(), official=False)
    return render(DocumentKind.TRANSCRIPT, facts, language, stamp, archival=False)
