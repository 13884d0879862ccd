"""Helpers of the strict-reporting blanks tests: receive a batch, and mark a blank issued on a given day
with a registry entry of its own (no PDF rendered), so a report period can hold many movements."""

from __future__ import annotations

import datetime
import itertools

from django.utils import timezone

from tests.enrollment.factories_students import StudentFactory
from transcripts import services
from transcripts.models import Blank, BlankKind, BlankStatus, DocumentKind, IssuedDocument

_sequence = itertools.count(1)


def receive(actor, kind=BlankKind.DIPLOMA, series="BD", first=1, last=10, on=datetime.date(2024, 1, 10), act=None):
    return services.receive_blanks(
        actor=actor, kind=kind, series=series, first_number=first, last_number=last, received_on=on,
        act_number=act or f"ACT-{series}-{first}",
    )  # fmt: skip


def blank(series: str, number: int) -> Blank:
    return Blank.objects.get(series=series, number=number)


def registry_entry(actor, *, holder="Әбілқайырұлы Іңкәр Үмбетқызы", kind=DocumentKind.DIPLOMA) -> IssuedDocument:
    """A registry entry as issuing writes it (no PDF file behind it: the blanks pages never open it)."""
    n = next(_sequence)
    student = StudentFactory()
    return IssuedDocument.objects.create(
        kind=kind,
        number=f"T-2024-{n:05d}",
        year=2024,
        sequence=n,
        student=student,
        holder_name=holder,
        language="kk",
        issued_at=timezone.now(),
        issued_by=actor,
        pdf=f"private/documents/test/{n}.pdf",
        sha256="0" * 64,
        size=1,
        verification_code=f"TEST{n:08d}",
    )


def issue_on(actor, series: str, number: int, on: datetime.date, **kw) -> Blank:
    """Blank `series number` issued on `on` with a new registry entry."""
    document = registry_entry(actor, **kw)
    Blank.objects.filter(series=series, number=number, status=BlankStatus.FREE).update(
        status=BlankStatus.ISSUED, document=document, used_on=on, used_by=actor
    )
    return blank(series, number)


def spoil_on(actor, series: str, number: int, on: datetime.date, reason="misprint") -> Blank:
    return services.spoil_blank(actor=actor, blank=blank(series, number), reason=reason, on=on)
