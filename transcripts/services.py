"""Issuing, duplicating and revoking documents; certificate requests; verification; strict-reporting
blanks (RULES.md §9). Each public function is one transaction and raises DomainError with a
translated message when a rule refuses.

Issuing locks the kind's number counter of the year, takes a blank when the kind is printed on one
(diploma, supplement; the next free one with SKIP LOCKED, so concurrent issues never share a
blank), renders the PDF with the number, the verification code and its QR code, stores it with its
SHA-256, and records it. Anything failing rolls back the number, the blank and the stored file.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from enrollment.choices import StudentStatus
from enrollment.models import Student
from registrar.errors import DomainError

from . import documents
from .models import (
    GRADUATE_KINDS,
    NUMBER_PREFIX,
    Blank,
    BlankBatch,
    BlankKind,
    BlankStatus,
    CertificateRequest,
    DocumentCounter,
    DocumentKind,
    DocumentStatus,
    IssuedDocument,
    RequestStatus,
    StudyPurpose,
)

# Verification codes: 12 characters without look-alikes (no 0/O, 1/I/L, U): about 58 bits.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTVWXYZ23456789"
CODE_LENGTH = 12
MAX_BATCH_BLANKS = 100_000


def new_verification_code() -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))


def normalise_code(raw: str) -> str:
    """What a person typed (spaces, dashes, lower case) as a stored code."""
    return "".join(ch for ch in (raw or "").upper() if ch.isalnum())


def _next_number(kind: str, year: int) -> tuple[int, str]:
    counter, _created = DocumentCounter.objects.select_for_update().get_or_create(kind=kind, year=year)
    taken = (
        IssuedDocument.objects.filter(kind=kind, year=year).order_by("-sequence").values_list("sequence", flat=True)
    ).first()
    sequence = max(counter.last_number, taken or 0) + 1
    counter.last_number = sequence
    counter.save(update_fields=["last_number"])
    return sequence, f"{NUMBER_PREFIX[kind]}-{year}-{sequence:05d}"


def _holder_name(student: Student, language: str) -> str:
    if language == "en" and student.full_name_latin:
        return student.full_name_latin
    if language == "mul" and student.full_name_latin:
        return f"{student.full_name} / {student.full_name_latin}"
    return student.full_name


def blank_kind_for(kind: str, honours: bool) -> str:
    if kind == DocumentKind.SUPPLEMENT:
        return BlankKind.SUPPLEMENT
    return BlankKind.DIPLOMA_HONOURS if honours else BlankKind.DIPLOMA


def _take_blank(kind: str, chosen: Blank | None) -> Blank:
    """Lock the chosen blank, or the next free one of `kind` that no concurrent issue holds."""
    if chosen is not None:
        blank = Blank.objects.select_for_update().get(pk=chosen.pk)
        if blank.kind != kind:
            raise DomainError(
                _("Blank %(blank)s is a %(kind)s blank; this document needs a %(needed)s blank.")
                % {"blank": blank.label, "kind": blank.get_kind_display(), "needed": BlankKind(kind).label},
                field="blank",
            )
        if blank.status != BlankStatus.FREE:
            raise DomainError(
                _("Blank %(blank)s is already %(status)s.")
                % {"blank": blank.label, "status": blank.get_status_display()},
                field="blank",
            )
        return blank
    blank = (
        Blank.objects.select_for_update(skip_locked=True)
        .filter(kind=kind, status=BlankStatus.FREE)
        .order_by("series", "number")
        .first()
    )
    if blank is None:
        raise DomainError(
            _("No %(kind)s blanks are in stock: receive a batch of blanks first.") % {"kind": BlankKind(kind).label},
            field="blank",
        )
    return blank


@dataclass
class IssueRequest:
    kind: str
    student: Student
    language: str
    purpose: str = ""
    addressee: str = ""
    blank: Blank | None = None
    original: IssuedDocument | None = None
    duplicate_reason: str = ""
    honours: bool | None = None


def _issue(actor, request: IssueRequest) -> IssuedDocument:
    """Number, render, store and record one document. The caller holds a transaction."""
    now = timezone.now()
    today = timezone.localdate(now)
    kind, student = request.kind, request.student
    original = request.original
    facts = documents.facts_for(kind, student, details=original.details if original else None, honours=request.honours)
    sequence, number = _next_number(kind, today.year)
    blank = None
    details = dict(facts.details)
    if kind in GRADUATE_KINDS:
        blank = _take_blank(blank_kind_for(kind, bool(details.get("honours"))), request.blank)
        details["blank"] = blank.label
        facts.context["blank"] = blank.label
    if original is not None:
        details["duplicate_of"] = original.number
    if request.purpose:
        details["purpose"] = request.purpose
        details["addressee"] = request.addressee
        facts.context["purpose"] = {"value": StudyPurpose(request.purpose).label, "addressee": request.addressee}
    facts.details = details
    code = new_verification_code()
    stamp = documents.Stamp(number=number, issued_on=today, code=code, duplicate_of=original.number if original else "")
    pdf = documents.render(kind, facts, request.language, stamp)
    document = IssuedDocument(
        kind=kind,
        number=number,
        year=today.year,
        sequence=sequence,
        student=student,
        holder_name=_holder_name(student, request.language),
        language=request.language,
        issued_at=now,
        issued_by=actor,
        original=original,
        duplicate_reason=request.duplicate_reason,
        purpose=request.purpose,
        addressee=request.addressee,
        details=details,
        sha256=hashlib.sha256(pdf).hexdigest(),
        size=len(pdf),
        verification_code=code,
    )
    document.pdf.save(f"{code}.pdf", ContentFile(pdf), save=False)
    try:
        with transaction.atomic():
            document.save()
            if blank is not None:
                blank.status = BlankStatus.ISSUED
                blank.document = document
                blank.used_on = today
                blank.used_by = actor
                blank.save(update_fields=["status", "document", "used_on", "used_by"])
    except IntegrityError:
        document.pdf.storage.delete(document.pdf.name)
        if kind in GRADUATE_KINDS and original is None:
            raise DomainError(
                _("%(student)s already holds a %(kind)s; issue a duplicate instead.")
                % {"student": student.full_name, "kind": DocumentKind(kind).label}
            ) from None
        raise
    except BaseException:
        document.pdf.storage.delete(document.pdf.name)
        raise
    return document


def _issue_atomic(actor, request: IssueRequest) -> IssuedDocument:
    with transaction.atomic():
        return _issue(actor, request)


def _check_language(student: Student, language: str) -> None:
    if language not in ("kk", "ru", "en", "mul"):
        raise DomainError(_("Choose the document's language."), field="language")
    if language in ("en", "mul") and not student.full_name_latin:
        raise DomainError(
            _("%(student)s has no Latin spelling of the name: add it to the student's card first.")
            % {"student": student.full_name},
            field="language",
        )


def issue_transcript(*, actor, student: Student, language: str) -> IssuedDocument:
    """An official transcript: every result so far, numbered and registered."""
    _check_language(student, language)
    if not student.results.exists():
        raise DomainError(_("%(student)s has no results yet.") % {"student": student.full_name})
    return _issue_atomic(actor, IssueRequest(DocumentKind.TRANSCRIPT, student, language))


def issue_academic_certificate(*, actor, student: Student, language: str) -> IssuedDocument:
    """The academic certificate of a student who left before finishing: everything studied."""
    _check_language(student, language)
    if student.status != StudentStatus.EXPELLED or documents.leaving_facts(student) is None:
        raise DomainError(
            _(
                "An academic certificate is issued to students who left the university by an order; "
                "%(student)s is %(status)s."
            )
            % {"student": student.full_name, "status": student.get_status_display()}
        )
    return _issue_atomic(actor, IssueRequest(DocumentKind.ACADEMIC_CERTIFICATE, student, language))


def _check_graduate(student: Student) -> None:
    if student.status != StudentStatus.GRADUATED or documents.graduation_facts(student) is None:
        raise DomainError(
            _("%(student)s has not graduated by an order: diplomas are issued to graduates only.")
            % {"student": student.full_name}
        )


def issue_diploma(*, actor, student: Student, language: str = "mul", blank: Blank | None = None) -> IssuedDocument:
    """The diploma of a graduate on the next free blank (an honours blank when earned), or on `blank`."""
    _check_language(student, language)
    _check_graduate(student)
    return _issue_atomic(actor, IssueRequest(DocumentKind.DIPLOMA, student, language, blank=blank))


def issue_supplement(*, actor, student: Student, language: str = "mul", blank: Blank | None = None) -> IssuedDocument:
    """The diploma supplement of a graduate (8 sections, results in ECTS) on a supplement blank."""
    _check_language(student, language)
    _check_graduate(student)
    return _issue_atomic(actor, IssueRequest(DocumentKind.SUPPLEMENT, student, language, blank=blank))


def issue_duplicate(
    *, actor, original: IssuedDocument, reason: str, blank: Blank | None = None, revoke_original: bool = False
) -> IssuedDocument:
    """A duplicate of an issued document: a new number and code, the same facts as the original, marked
    as a duplicate and linked to it; on a new blank for a diploma or supplement. `revoke_original`
    (a lost diploma) revokes the original in the same transaction."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for the duplicate."), field="reason")
    root = original
    while root.original_id is not None:
        root = root.original
    with transaction.atomic():
        locked = IssuedDocument.objects.select_for_update().get(pk=root.pk)
        document = _issue_atomic(
            actor,
            IssueRequest(
                locked.kind,
                locked.student,
                locked.language,
                purpose=locked.purpose,
                addressee=locked.addressee,
                blank=blank,
                original=locked,
                duplicate_reason=reason,
                honours=bool(locked.details.get("honours")),
            ),
        )
        if revoke_original and locked.status == DocumentStatus.VALID:
            _revoke(
                actor,
                locked,
                _("Replaced by duplicate %(number)s: %(reason)s") % {"number": document.number, "reason": reason},
            )
    return document


def _revoke(actor, document: IssuedDocument, reason: str) -> None:
    document.status = DocumentStatus.REVOKED
    document.revoked_at = timezone.now()
    document.revoked_by = actor
    document.revoke_reason = reason[:255]
    document.save(update_fields=["status", "revoked_at", "revoked_by", "revoke_reason"])


def revoke_document(*, actor, document: IssuedDocument, reason: str) -> IssuedDocument:
    """Revoke an issued document: its verification page then says so. The PDF stays in the registry."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for revoking the document."), field="reason")
    with transaction.atomic():
        locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        if locked.status == DocumentStatus.REVOKED:
            raise DomainError(_("Document %(number)s is already revoked.") % {"number": locked.number})
        _revoke(actor, locked, reason)
    return locked


def issue_study_certificate(*, actor, student: Student, purpose: str, addressee: str, language: str) -> IssuedDocument:
    """The office issues a certificate of study directly (a student on leave included)."""
    _check_purpose(purpose, addressee, language, student)
    if student.status not in (StudentStatus.ACTIVE, StudentStatus.ON_LEAVE):
        raise DomainError(
            _("%(student)s is %(status)s and no longer studies here: a certificate of study cannot be issued.")
            % {"student": student.full_name, "status": student.get_status_display()}
        )
    return _issue_atomic(
        actor, IssueRequest(DocumentKind.STUDY_CERTIFICATE, student, language, purpose, (addressee or "").strip())
    )


def issue_document(
    *, actor, student: Student, kind: str, language: str, purpose: str = "", addressee: str = "", blank=None
) -> IssuedDocument:
    """Issue a document of `kind` from the office's issue form."""
    if kind == DocumentKind.TRANSCRIPT:
        return issue_transcript(actor=actor, student=student, language=language)
    if kind == DocumentKind.ACADEMIC_CERTIFICATE:
        return issue_academic_certificate(actor=actor, student=student, language=language)
    if kind == DocumentKind.DIPLOMA:
        return issue_diploma(actor=actor, student=student, language=language, blank=blank)
    if kind == DocumentKind.SUPPLEMENT:
        return issue_supplement(actor=actor, student=student, language=language, blank=blank)
    if kind == DocumentKind.STUDY_CERTIFICATE:
        return issue_study_certificate(
            actor=actor, student=student, purpose=purpose, addressee=addressee, language=language
        )
    raise DomainError(_("Choose the document to issue."), field="kind")


def set_national_number(*, actor, document: IssuedDocument, number: str) -> IssuedDocument:
    """Record the number the national higher-education platform gave a diploma or supplement (RULES.md
    §9). It is registry data, not printed: the PDF and its SHA-256 stay as issued."""
    number = (number or "").strip()
    if document.kind not in GRADUATE_KINDS:
        raise DomainError(_("Only diplomas and supplements have a number on the national platform."))
    with transaction.atomic():
        locked = IssuedDocument.objects.select_for_update().get(pk=document.pk)
        clash = (
            IssuedDocument.objects.filter(kind=locked.kind, national_number=number)
            .exclude(pk=locked.pk)
            .exclude(national_number="")
            .first()
        )
        if clash is not None:
            raise DomainError(
                _("Number %(number)s is already recorded for %(document)s.") % {"number": number, "document": clash},
                field="national_number",
            )
        locked.national_number = number
        locked.save(update_fields=["national_number"])
    return locked


# --- certificates of study -------------------------------------------------------------------------


def _check_purpose(purpose: str, addressee: str, language: str, student: Student) -> None:
    if purpose not in StudyPurpose.values:
        raise DomainError(_("Choose what the certificate is for."), field="purpose")
    if purpose == StudyPurpose.PLACE and not (addressee or "").strip():
        raise DomainError(_("Name the place that requested the certificate."), field="addressee")
    if language not in ("kk", "ru", "en"):
        raise DomainError(_("Choose the certificate's language."), field="language")
    if language == "en" and not student.full_name_latin:
        raise DomainError(
            _("The name has no Latin spelling on file: choose Kazakh or Russian, or add it to the student's card."),
            field="language",
        )


def request_study_certificate(
    *, actor, student: Student, purpose: str, addressee: str, language: str
) -> CertificateRequest:
    """A student's request: issued at once while the student is active; otherwise queued for the
    office with the reason (on leave, expelled, graduated)."""
    addressee = (addressee or "").strip()
    _check_purpose(purpose, addressee, language, student)
    with transaction.atomic():
        request = CertificateRequest(student=student, purpose=purpose, addressee=addressee, language=language)
        if student.status == StudentStatus.ACTIVE:
            request.document = _issue(
                actor, IssueRequest(DocumentKind.STUDY_CERTIFICATE, student, language, purpose, addressee)
            )
            request.status = RequestStatus.ISSUED
            request.handled_at = timezone.now()
        else:
            request.status = RequestStatus.QUEUED
            request.queue_reason = _("The student is %(status)s: the registrar's office checks the request.") % {
                "status": student.get_status_display()
            }
        request.save()
    return request


def issue_requested(*, actor, request: CertificateRequest) -> CertificateRequest:
    """The office issues a queued request (e.g. a student on academic leave)."""
    with transaction.atomic():
        locked = CertificateRequest.objects.select_for_update().select_related("student").get(pk=request.pk)
        if locked.status != RequestStatus.QUEUED:
            raise DomainError(_("This request is already %(status)s.") % {"status": locked.get_status_display()})
        if locked.student.status not in (StudentStatus.ACTIVE, StudentStatus.ON_LEAVE):
            raise DomainError(
                _("%(student)s is %(status)s and no longer studies here: refuse the request instead.")
                % {"student": locked.student.full_name, "status": locked.student.get_status_display()}
            )
        locked.document = _issue(
            actor,
            IssueRequest(
                DocumentKind.STUDY_CERTIFICATE, locked.student, locked.language, locked.purpose, locked.addressee
            ),
        )
        locked.status = RequestStatus.ISSUED
        locked.handled_at = timezone.now()
        locked.handled_by = actor
        locked.save()
    _notify_student(locked)
    return locked


def refuse_request(*, actor, request: CertificateRequest, reason: str) -> CertificateRequest:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason for refusing."), field="reason")
    with transaction.atomic():
        locked = CertificateRequest.objects.select_for_update().get(pk=request.pk)
        if locked.status != RequestStatus.QUEUED:
            raise DomainError(_("This request is already %(status)s.") % {"status": locked.get_status_display()})
        locked.status = RequestStatus.REFUSED
        locked.refusal_reason = reason[:255]
        locked.handled_at = timezone.now()
        locked.handled_by = actor
        locked.save()
    _notify_student(locked)
    return locked


def _notify_student(request: CertificateRequest) -> None:
    from django.urls import reverse

    from registrar.notices import notify

    user = request.student.user
    if user is None:
        return
    if request.status == RequestStatus.ISSUED:
        number = request.document.number

        def subject():
            return _("Your certificate of study is ready")

        def body():
            return _("Certificate %(number)s can be downloaded from your documents page.") % {"number": number}
    else:
        reason = request.refusal_reason

        def subject():
            return _("Your request for a certificate of study was refused")

        def body():
            return reason

    notify([user], subject, body, url=reverse("my_documents"))


# --- verification ----------------------------------------------------------------------------------


class Verdict:
    VALID = "valid"
    REVOKED = "revoked"
    UNKNOWN = "unknown"
    IDENTICAL = "identical"
    ALTERED = "altered"


def find_by_code(raw_code: str) -> IssuedDocument | None:
    code = normalise_code(raw_code)
    if len(code) != CODE_LENGTH:
        return None
    return IssuedDocument.objects.filter(verification_code=code).first()


def status_verdict(document: IssuedDocument | None) -> str:
    if document is None:
        return Verdict.UNKNOWN
    return Verdict.VALID if document.status == DocumentStatus.VALID else Verdict.REVOKED


def compare_upload(content: bytes, document: IssuedDocument | None) -> tuple[str, IssuedDocument | None]:
    """Whether uploaded bytes are the PDF issued: with a document (from its code), identical or
    altered; without one, the registered document with exactly these bytes, or unknown."""
    digest = hashlib.sha256(content).hexdigest()
    if document is not None:
        return (Verdict.IDENTICAL if digest == document.sha256 else Verdict.ALTERED), document
    found = IssuedDocument.objects.filter(sha256=digest).first()
    return (Verdict.IDENTICAL, found) if found is not None else (Verdict.UNKNOWN, None)


# --- strict-reporting blanks -----------------------------------------------------------------------


def receive_blanks(
    *,
    actor,
    kind: str,
    series: str,
    first_number: int,
    last_number: int,
    received_on: datetime.date,
    act_number: str,
    number_width: int = 7,
    note: str = "",
) -> BlankBatch:
    """Receive a batch of blanks under an act: one Blank per number, all or nothing. A number already
    received in the series is refused, naming the overlap."""
    series = (series or "").strip().upper()
    act_number = (act_number or "").strip()
    if kind not in BlankKind.values:
        raise DomainError(_("Choose the kind of blank."), field="kind")
    if not series:
        raise DomainError(_("Give the series printed on the blanks."), field="series")
    if not act_number:
        raise DomainError(_("Give the number of the act of receipt."), field="act_number")
    if first_number < 1 or last_number < first_number:
        raise DomainError(_("The last number must not be below the first."), field="last_number")
    if last_number - first_number + 1 > MAX_BATCH_BLANKS:
        raise DomainError(
            _("At most %(n)s blanks can be received in one batch.") % {"n": MAX_BATCH_BLANKS}, field="last_number"
        )
    if received_on > timezone.localdate():
        raise DomainError(_("The date of receipt cannot be in the future."), field="received_on")
    if len(str(last_number)) > number_width:
        raise DomainError(
            _("Number %(number)s has more than %(width)s digits.") % {"number": last_number, "width": number_width},
            field="number_width",
        )
    with transaction.atomic():
        overlap = Blank.objects.filter(
            kind=kind, series=series, number__gte=first_number, number__lte=last_number
        ).order_by("number")
        first_taken = overlap.first()
        if first_taken is not None:
            raise DomainError(
                _("Blank %(blank)s was already received (batch of %(date)s, act %(act)s): check the range.")
                % {
                    "blank": first_taken.label,
                    "date": first_taken.batch.received_on.strftime("%d.%m.%Y"),
                    "act": first_taken.batch.act_number,
                },
                field="first_number",
            )
        batch = BlankBatch.objects.create(
            kind=kind,
            series=series,
            first_number=first_number,
            last_number=last_number,
            number_width=number_width,
            received_on=received_on,
            act_number=act_number,
            note=(note or "").strip(),
            received_by=actor,
        )
        try:
            with transaction.atomic():
                Blank.objects.bulk_create(
                    [
                        Blank(batch=batch, kind=kind, series=series, number=n, label=f"{series} {n:0{number_width}d}")
                        for n in range(first_number, last_number + 1)
                    ],
                    batch_size=2000,
                )
        except IntegrityError:
            raise DomainError(
                _("Some of these blanks were received at the same time by someone else: check the range."),
                field="first_number",
            ) from None
    return batch


def spoil_blank(*, actor, blank: Blank, reason: str, on: datetime.date | None = None) -> Blank:
    """Write off a blank in stock as spoiled (a misprint, damage), with the reason."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Give the reason the blank is spoiled."), field="reason")
    with transaction.atomic():
        locked = Blank.objects.select_for_update().select_related("batch").get(pk=blank.pk)
        if locked.status != BlankStatus.FREE:
            raise DomainError(
                _("Blank %(blank)s is already %(status)s.")
                % {"blank": locked.label, "status": locked.get_status_display()}
            )
        on = on or timezone.localdate()
        if on > timezone.localdate() or on < locked.batch.received_on:
            raise DomainError(
                _("The blank can be written off between the day it was received (%(date)s) and today.")
                % {"date": locked.batch.received_on.strftime("%d.%m.%Y")},
                field="on",
            )
        locked.status = BlankStatus.SPOILED
        locked.spoil_reason = reason[:255]
        locked.used_on = on
        locked.used_by = actor
        locked.save(update_fields=["status", "spoil_reason", "used_on", "used_by"])
    return locked
