"""Issued documents (the registry), their verification, certificate requests, strict-reporting blanks
and graduation runs (RULES.md §9).

An issued document is never edited or deleted: the stored PDF, its SHA-256 and its verification code
are written once; revocation adds a reason, an author and a time; a duplicate is a new document that
points to its original.
"""

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from enrollment.models import Student


class DocumentKind(models.TextChoices):
    TRANSCRIPT = "transcript", _("transcript")
    DIPLOMA = "diploma", _("diploma")
    SUPPLEMENT = "supplement", _("diploma supplement")
    ACADEMIC_CERTIFICATE = "academic_cert", _("academic certificate")
    STUDY_CERTIFICATE = "study_cert", _("certificate of study")


# The registry number's prefix per kind: "TR-2026-00017".
NUMBER_PREFIX = {
    DocumentKind.TRANSCRIPT: "TR",
    DocumentKind.DIPLOMA: "DP",
    DocumentKind.SUPPLEMENT: "DS",
    DocumentKind.ACADEMIC_CERTIFICATE: "AC",
    DocumentKind.STUDY_CERTIFICATE: "SC",
}

# Kinds printed on strict-reporting blanks (RULES.md §9): one valid original per graduate.
GRADUATE_KINDS = (DocumentKind.DIPLOMA, DocumentKind.SUPPLEMENT)


class DocumentLanguage(models.TextChoices):
    KK = "kk", _("Kazakh")
    RU = "ru", _("Russian")
    EN = "en", _("English")
    TRILINGUAL = "mul", _("Kazakh, Russian and English")


class DocumentStatus(models.TextChoices):
    VALID = "valid", _("valid")
    REVOKED = "revoked", _("revoked")


class StudyPurpose(models.TextChoices):
    MILITARY = "military", _("military registration office")
    SOCIAL = "social", _("social benefits")
    PLACE = "place", _("place of request")


def document_path(instance, filename):
    # Never under a public URL: issued PDFs are served only through a checked view.
    return f"private/documents/{instance.year}/{instance.kind}/{instance.verification_code}.pdf"


class DocumentCounter(models.Model):
    """The last registry number given for a kind in a calendar year (locked while numbering)."""

    kind = models.CharField(_("document"), max_length=16, choices=DocumentKind.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document number counter")
        verbose_name_plural = _("document number counters")
        constraints = [models.UniqueConstraint(fields=["kind", "year"], name="document_counter_unique")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.year}: {self.last_number}"


class IssuedDocument(models.Model):
    kind = models.CharField(_("document"), max_length=16, choices=DocumentKind.choices)
    number = models.CharField(_("number"), max_length=30, unique=True)
    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number within the year"))
    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="issued_documents", verbose_name=_("holder")
    )
    holder_name = models.CharField(_("holder's name"), max_length=320)
    language = models.CharField(_("language of the document"), max_length=3, choices=DocumentLanguage.choices)
    issued_at = models.DateTimeField(_("issued at"))
    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    original = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="duplicates",
        verbose_name=_("duplicate of"),
    )
    duplicate_reason = models.CharField(_("reason for the duplicate"), max_length=255, blank=True)
    purpose = models.CharField(_("purpose"), max_length=10, choices=StudyPurpose.choices, blank=True)
    addressee = models.CharField(_("to be presented to"), max_length=255, blank=True)
    # Everything the PDF printed beyond the record (graduation order, blank, honours...): a duplicate
    # prints the same facts.
    details = models.JSONField(_("details"), default=dict, blank=True)
    national_number = models.CharField(_("number on the national higher-education platform"), max_length=40, blank=True)
    pdf = models.FileField(_("PDF"), upload_to=document_path, max_length=200)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveIntegerField(_("size, bytes"))
    verification_code = models.CharField(_("verification code"), max_length=16, unique=True)
    status = models.CharField(_("status"), max_length=8, choices=DocumentStatus.choices, default=DocumentStatus.VALID)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.CharField(_("reason for revocation"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-issued_at", "-id"]
        indexes = [models.Index(fields=["student", "kind"], name="document_student_kind")]
        constraints = [
            models.UniqueConstraint(fields=["kind", "year", "sequence"], name="document_number_unique"),
            models.UniqueConstraint(
                fields=["student", "kind"],
                condition=Q(kind__in=list(GRADUATE_KINDS), original__isnull=True),
                name="document_one_original_per_graduate",
            ),
            models.CheckConstraint(
                condition=(
                    Q(status=DocumentStatus.VALID, revoked_at__isnull=True, revoke_reason="")
                    | (Q(status=DocumentStatus.REVOKED, revoked_at__isnull=False) & ~Q(revoke_reason=""))
                ),
                name="document_revocation_complete",
            ),
            models.CheckConstraint(
                condition=Q(original__isnull=True) | ~Q(duplicate_reason=""), name="document_duplicate_reason"
            ),
            models.CheckConstraint(
                condition=Q(kind=DocumentKind.STUDY_CERTIFICATE) | Q(purpose=""), name="document_purpose_kind"
            ),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.number}"

    @property
    def is_duplicate(self) -> bool:
        return self.original_id is not None

    @property
    def is_valid(self) -> bool:
        return self.status == DocumentStatus.VALID


class RequestStatus(models.TextChoices):
    QUEUED = "queued", _("waiting for the registrar's office")
    ISSUED = "issued", _("issued")
    REFUSED = "refused", _("refused")


class CertificateRequest(models.Model):
    """A student's request for a certificate of study: issued at once while the student is active,
    otherwise queued for the office with the reason."""

    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="certificate_requests", verbose_name=_("student")
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=StudyPurpose.choices)
    addressee = models.CharField(_("to be presented to"), max_length=255, blank=True)
    language = models.CharField(_("language of the document"), max_length=3, choices=DocumentLanguage.choices)
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    status = models.CharField(_("status"), max_length=8, choices=RequestStatus.choices)
    queue_reason = models.CharField(_("why it waits"), max_length=255, blank=True)
    document = models.OneToOneField(
        IssuedDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="request",
        verbose_name=_("document"),
    )
    handled_at = models.DateTimeField(_("handled at"), null=True, blank=True)
    handled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("handled by"),
    )
    refusal_reason = models.CharField(_("reason for refusal"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("certificate request")
        verbose_name_plural = _("certificate requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(status=RequestStatus.QUEUED, document__isnull=True)
                    | Q(status=RequestStatus.ISSUED, document__isnull=False)
                    | (Q(status=RequestStatus.REFUSED, document__isnull=True) & ~Q(refusal_reason=""))
                ),
                name="certificate_request_state",
            ),
        ]

    def __str__(self):
        return f"{self.student} · {self.get_purpose_display()} · {self.get_status_display()}"


class BlankKind(models.TextChoices):
    DIPLOMA = "diploma", _("diploma")
    DIPLOMA_HONOURS = "diploma_honours", _("diploma with honours")
    SUPPLEMENT = "supplement", _("diploma supplement")


class BlankStatus(models.TextChoices):
    FREE = "free", _("in stock")
    ISSUED = "issued", _("issued")
    SPOILED = "spoiled", _("spoiled")


class BlankBatch(models.Model):
    """Strict-reporting blanks received under one act: a series and a continuous number range."""

    kind = models.CharField(_("blank"), max_length=16, choices=BlankKind.choices)
    series = models.CharField(_("series"), max_length=12)
    first_number = models.PositiveIntegerField(_("first number"))
    last_number = models.PositiveIntegerField(_("last number"))
    number_width = models.PositiveSmallIntegerField(_("digits in the number"), default=7)
    received_on = models.DateField(_("received on"))
    act_number = models.CharField(_("act of receipt"), max_length=40)
    note = models.CharField(_("note"), max_length=255, blank=True)
    received_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("received by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("batch of blanks")
        verbose_name_plural = _("batches of blanks")
        ordering = ["-received_on", "-id"]
        constraints = [
            models.CheckConstraint(condition=Q(first_number__lte=F("last_number")), name="blank_batch_range"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} {self.series} {self.first_number}–{self.last_number}"

    @property
    def size(self) -> int:
        return self.last_number - self.first_number + 1


class Blank(models.Model):
    batch = models.ForeignKey(BlankBatch, on_delete=models.PROTECT, related_name="blanks", verbose_name=_("batch"))
    kind = models.CharField(_("blank"), max_length=16, choices=BlankKind.choices)
    series = models.CharField(_("series"), max_length=12)
    number = models.PositiveIntegerField(_("number"))
    label = models.CharField(_("series and number"), max_length=30)
    status = models.CharField(_("status"), max_length=8, choices=BlankStatus.choices, default=BlankStatus.FREE)
    document = models.OneToOneField(
        IssuedDocument,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="blank",
        verbose_name=_("document"),
    )
    used_on = models.DateField(_("issued or spoiled on"), null=True, blank=True)
    used_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    spoil_reason = models.CharField(_("reason it was spoiled"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("blank")
        verbose_name_plural = _("blanks")
        ordering = ["kind", "series", "number"]
        constraints = [
            models.UniqueConstraint(fields=["kind", "series", "number"], name="blank_unique_number"),
            models.CheckConstraint(
                condition=(
                    Q(status=BlankStatus.FREE, document__isnull=True, used_on__isnull=True, spoil_reason="")
                    | Q(status=BlankStatus.ISSUED, document__isnull=False, used_on__isnull=False, spoil_reason="")
                    | (Q(status=BlankStatus.SPOILED, used_on__isnull=False) & ~Q(spoil_reason=""))
                ),
                name="blank_state_complete",
            ),
        ]
        indexes = [models.Index(fields=["kind", "status", "series", "number"], name="blank_free_lookup")]

    def __str__(self):
        return f"{self.get_kind_display()} {self.label}"


class RunStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class GraduationRun(models.Model):
    """Diplomas and supplements of a whole graduation order, generated in the background; its counters
    are the progress bar. Re-running skips graduates who already hold their documents."""

    order_number = models.CharField(_("graduation order"), max_length=40)
    order_item_ids = models.JSONField(_("order items"), default=list)
    language = models.CharField(_("language of the document"), max_length=3, choices=DocumentLanguage.choices)
    status = models.CharField(_("status"), max_length=8, choices=RunStatus.choices, default=RunStatus.QUEUED)
    total = models.PositiveIntegerField(_("graduates"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    issued = models.PositiveIntegerField(_("documents issued"), default=0)
    skipped = models.PositiveIntegerField(_("already held"), default=0)
    problems = models.JSONField(_("problems"), default=list, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("started by")
    )
    created_at = models.DateTimeField(_("started at"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("graduation run")
        verbose_name_plural = _("graduation runs")
        ordering = ["-created_at", "-id"]

    def __str__(self):
        return f"{self.order_number} · {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if not self.total else round(100 * self.done / self.total)
