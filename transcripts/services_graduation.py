"""Graduation runs: the diplomas and supplements of every graduate of a signed graduation order,
issued in the background (transcripts/tasks.py) with a progress bar (RULES.md §9).

`graduation_start` freezes the graduates of the order (the students whose status change "graduated"
carries the order's number and one of its items) into a GraduationRun and refuses a second run of the
same order while one is queued or running. `graduation_run_shard(run_id, shard, shards)` is the work
of one worker: the graduates in a stable order (by student id) whose index modulo `shards` is `shard`.
For each one it issues the diploma, then the supplement, through transcripts.services (one transaction
per document: number, blank with SKIP LOCKED, PDF), skipping a document the graduate already holds;
so re-running a run, or the whole order, never issues twice. A refusal for one graduate (no blank in
stock, no Latin spelling of the name...) is recorded in the run's problems and the run goes on.

Counters are updated with F() expressions after each graduate, so several workers never lose an
increment; the run is done when `done` reaches `total` (whichever worker finishes the last graduate
marks it). An unexpected error stops the run as failed, with the message in its problems.

Memory stays flat over any number of graduates: a worker holds the ids of its graduates only, loads
one student at a time and keeps no PDF (each is written to storage by the issuing service).
"""

from __future__ import annotations

import logging

from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from enrollment.choices import Movement
from enrollment.models import StatusChange, Student
from registrar.errors import DomainError

from . import services
from .models import GRADUATE_KINDS, DocumentKind, DocumentLanguage, GraduationRun, IssuedDocument, RunStatus

logger = logging.getLogger(__name__)

ACTIVE_STATUSES = (RunStatus.QUEUED, RunStatus.RUNNING)
ISSUERS = {DocumentKind.DIPLOMA: services.issue_diploma, DocumentKind.SUPPLEMENT: services.issue_supplement}


# --- which orders and graduates --------------------------------------------------------------------


def graduation_orders():
    """Signed graduation orders that graduated at least one student, newest first."""
    from orders.choices import OrderStatus, OrderType
    from orders.models import Order

    graduated_items = StatusChange.objects.filter(movement=Movement.GRADUATED, order_item_id__isnull=False)
    return (
        Order.objects.filter(order_type=OrderType.GRADUATION, status=OrderStatus.SIGNED)
        .filter(items__id__in=graduated_items.values("order_item_id"))
        .distinct()
        .order_by("-order_date", "-id")
    )


def _resolve_order(order_number_or_order):
    from orders.choices import OrderStatus, OrderType
    from orders.models import Order

    if isinstance(order_number_or_order, Order):
        order = order_number_or_order
        if order.order_type != OrderType.GRADUATION or order.status != OrderStatus.SIGNED:
            raise DomainError(_("Order %(order)s is not a signed graduation order.") % {"order": order}, field="order")
        return order
    number = str(order_number_or_order or "").strip()
    if not number:
        raise DomainError(_("Choose the graduation order."), field="order")
    found = list(
        Order.objects.filter(order_type=OrderType.GRADUATION, status=OrderStatus.SIGNED, number=number).order_by(
            "-order_date", "-id"
        )[:2]
    )
    if not found:
        raise DomainError(
            _("There is no signed graduation order number %(number)s.") % {"number": number}, field="order"
        )
    if len(found) > 1:
        raise DomainError(
            _("Several signed graduation orders have number %(number)s: choose the order from the list.")
            % {"number": number},
            field="order",
        )
    return found[0]


def _graduate_changes(order_number: str, item_ids):
    return StatusChange.objects.filter(
        movement=Movement.GRADUATED, order_number=order_number, order_item_id__in=list(item_ids)
    )


def run_student_ids(run: GraduationRun) -> list[int]:
    """The graduates of a run, by student id (the stable order the shards split)."""
    return list(
        _graduate_changes(run.order_number, run.order_item_ids)
        .order_by("student_id")
        .values_list("student_id", flat=True)
        .distinct()
    )


def run_documents(run: GraduationRun):
    """The originals of the graduate kinds held by the run's graduates (issued by it or before)."""
    students = _graduate_changes(run.order_number, run.order_item_ids).values("student_id")
    return IssuedDocument.objects.filter(
        student_id__in=students, kind__in=list(GRADUATE_KINDS), original__isnull=True
    ).select_related("student")


# --- starting a run --------------------------------------------------------------------------------


def graduation_start(*, actor, order_number_or_order, language: str = DocumentLanguage.TRILINGUAL) -> GraduationRun:
    """A queued run over the graduates of a signed graduation order (an Order or its number). The
    caller dispatches its shards (transcripts.tasks.graduation_dispatch)."""
    from orders.models import Order

    if language not in DocumentLanguage.values:
        raise DomainError(_("Choose the documents' language."), field="language")
    order = _resolve_order(order_number_or_order)
    with transaction.atomic():
        # The order's row serialises two starts of the same order (two clicks, two office workers).
        Order.objects.select_for_update().filter(pk=order.pk).first()
        if GraduationRun.objects.filter(order_number=order.number, status__in=ACTIVE_STATUSES).exists():
            raise DomainError(
                _("Documents of order %(number)s are being generated already: wait until that run finishes.")
                % {"number": order.number},
                field="order",
            )
        rows = list(
            _graduate_changes(order.number, order.items.values_list("id", flat=True))
            .order_by("student_id", "order_item_id")
            .values_list("student_id", "order_item_id")
        )
        item_ids, students = [], set()
        for student_id, item_id in rows:
            if student_id not in students:
                students.add(student_id)
                item_ids.append(item_id)
        if not item_ids:
            raise DomainError(
                _("Order %(number)s has graduated nobody: there are no documents to issue.") % {"number": order.number},
                field="order",
            )
        return GraduationRun.objects.create(
            order_number=order.number,
            order_item_ids=item_ids,
            language=language,
            status=RunStatus.QUEUED,
            total=len(item_ids),
            started_by=actor,
        )


# --- the work of one worker ------------------------------------------------------------------------


def _held_kinds(student_id: int) -> set[str]:
    return set(
        IssuedDocument.objects.filter(
            student_id=student_id, kind__in=list(GRADUATE_KINDS), original__isnull=True
        ).values_list("kind", flat=True)
    )


def _problem(student: Student, message: str) -> dict:
    return {
        "student": student.full_name,
        "student_number": student.student_number,
        "student_id": student.pk,
        "message": str(message),
    }


def _record(run_id: int, *, issued: int, skipped: int, problems: list[dict]) -> None:
    """Count one graduate as done (atomically, whatever the other workers do) and finish the run when
    it was the last one."""
    with transaction.atomic():
        GraduationRun.objects.filter(pk=run_id).update(
            done=F("done") + 1, issued=F("issued") + issued, skipped=F("skipped") + skipped
        )
        if problems:
            # The UPDATE above holds the row's lock: this read sees every other worker's problems.
            run = GraduationRun.objects.select_for_update().only("problems").get(pk=run_id)
            run.problems = [*(run.problems or []), *problems]
            run.save(update_fields=["problems"])
        GraduationRun.objects.filter(pk=run_id, status__in=ACTIVE_STATUSES, done__gte=F("total")).update(
            status=RunStatus.DONE, finished_at=timezone.now()
        )


def _fail(run_id: int, message: str) -> None:
    with transaction.atomic():
        run = GraduationRun.objects.select_for_update().get(pk=run_id)
        if run.status not in ACTIVE_STATUSES:
            return
        run.status = RunStatus.FAILED
        run.finished_at = timezone.now()
        run.problems = [
            *(run.problems or []),
            {"student": "", "student_number": "", "student_id": None, "message": message, "fatal": True},
        ]
        run.save(update_fields=["status", "finished_at", "problems"])


def _issue_for(run: GraduationRun, student_id: int) -> tuple[int, int, list[dict]]:
    """Issue what one graduate still lacks: (documents issued, 1 if everything was held, problems)."""
    held = _held_kinds(student_id)
    missing = [kind for kind in GRADUATE_KINDS if kind not in held]
    if not missing:
        return 0, 1, []
    student = Student.objects.select_related("programme__faculty", "group").get(pk=student_id)
    issued, problems, seen = 0, [], set()
    for kind in missing:
        try:
            ISSUERS[kind](actor=run.started_by, student=student, language=run.language)
        except DomainError as exc:
            for message in exc.errors:
                if str(message) not in seen:
                    seen.add(str(message))
                    problems.append(_problem(student, message))
        else:
            issued += 1
    return issued, 0, problems


def _messages_language(run: GraduationRun):
    """Problems are stored as text in the language of the person who started the run (a worker has
    no request to take it from)."""
    from django.conf import settings
    from django.utils import translation

    return translation.override(getattr(run.started_by, "language", "") or settings.LANGUAGE_CODE)


def graduation_run_shard(run_id: int, shard: int = 0, shards: int = 1) -> dict:
    """Issue the documents of the run's graduates number shard, shard + shards, ... (by student id).
    Returns what this worker did: {"students", "issued", "skipped", "problems", "failed"}. An
    unexpected error is logged and fails the run (with its message); it is not raised further."""
    if shards < 1 or not 0 <= shard < shards:
        raise ValueError(f"shard {shard} of {shards}")
    GraduationRun.objects.filter(pk=run_id, status=RunStatus.QUEUED).update(status=RunStatus.RUNNING)
    run = GraduationRun.objects.select_related("started_by").get(pk=run_id)
    mine = {"students": 0, "issued": 0, "skipped": 0, "problems": 0, "failed": ""}
    if run.status not in ACTIVE_STATUSES:
        return mine  # finished or failed already: a repeated task does nothing
    with _messages_language(run):
        try:
            for student_id in run_student_ids(run)[shard::shards]:
                if GraduationRun.objects.filter(pk=run_id, status=RunStatus.FAILED).exists():
                    break  # another worker failed: stop as well
                issued, skipped, problems = _issue_for(run, student_id)
                _record(run_id, issued=issued, skipped=skipped, problems=problems)
                mine["students"] += 1
                mine["issued"] += issued
                mine["skipped"] += skipped
                mine["problems"] += len(problems)
        except Exception as exc:
            logger.exception("graduation run %s (shard %s of %s) failed", run_id, shard, shards)
            mine["failed"] = f"{type(exc).__name__}: {exc}"
            _fail(run_id, _("Stopped by an unexpected error: %(error)s") % {"error": mine["failed"]})
    return mine
