"""Exam-rating sheets (экзаменационно-рейтинговые ведомости), their rows, and corrections.

A sheet lists the students of one section for one term: open → submitted by the teacher → closed by
the registrar. Closing writes final results into the student's record (enrollment). A closed sheet
never changes; a correction is a request (old value, new value, reason) that the registrar head
approves, kept for ever and shown on the sheet. Each row carries a version number: a save that
started from an older version is refused, so two people never silently overwrite each other.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from academics.models import AcademicYear, Discipline, Teacher, Term
from enrollment.models import PlanItem, Result, Section, Student

SCORE = {"max_digits": 5, "decimal_places": 2, "null": True, "blank": True,
         "validators": [MinValueValidator(0), MaxValueValidator(100)]}  # fmt: skip


class SheetKind(models.TextChoices):
    REGULAR = "regular", _("regular session")
    FX_RETAKE = "fx_retake", _("FX retake")
    SUMMER = "summer", _("summer term")
    DEFERRED = "deferred", _("deferred exam")


class SheetStatus(models.TextChoices):
    OPEN = "open", _("open")
    SUBMITTED = "submitted", _("submitted")
    CLOSED = "closed", _("closed")


class RowMark(models.TextChoices):
    NONE = "", _("—")
    NO_SHOW = "no_show", _("no-show")
    VALID_REASON = "valid_reason", _("valid reason (deferred)")


class CorrectionStatus(models.TextChoices):
    PENDING = "pending", _("awaiting approval")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class Sheet(models.Model):
    number = models.CharField(_("number"), max_length=30, unique=True)
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.PROTECT, related_name="sheets", verbose_name=_("academic year")
    )
    sequence = models.PositiveIntegerField(_("number within the year"))
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sheets", verbose_name=_("term"))
    section = models.ForeignKey(Section, on_delete=models.PROTECT, related_name="sheets", verbose_name=_("section"))
    discipline = models.ForeignKey(
        Discipline, on_delete=models.PROTECT, related_name="sheets", verbose_name=_("discipline")
    )
    teacher = models.ForeignKey(
        Teacher, on_delete=models.PROTECT, null=True, blank=True, related_name="sheets", verbose_name=_("teacher")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=SheetKind.choices, default=SheetKind.REGULAR)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="retakes",
        verbose_name=_("retake of"),
    )
    control_form = models.CharField(_("control form"), max_length=20)
    status = models.CharField(_("status"), max_length=10, choices=SheetStatus.choices, default=SheetStatus.OPEN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("submitted by"),
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    closed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("closed by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("exam-rating sheet")
        verbose_name_plural = _("exam-rating sheets")
        ordering = ["-academic_year__start_year", "sequence"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "sequence"], name="sheet_sequence_unique"),
            models.UniqueConstraint(
                fields=["section"], condition=Q(kind="regular"), name="sheet_one_regular_per_section"
            ),
            models.UniqueConstraint(
                fields=["section"], condition=Q(kind="summer"), name="sheet_one_summer_per_section"
            ),
            models.CheckConstraint(
                condition=~Q(status="closed") | (Q(closed_at__isnull=False) & Q(closed_by__isnull=False)),
                name="sheet_closing_recorded",
            ),
        ]
        indexes = [models.Index(fields=["term", "status"], name="sheet_term_status")]

    def __str__(self):
        return f"{self.number} · {self.discipline.code}"


class SheetRow(models.Model):
    sheet = models.ForeignKey(Sheet, on_delete=models.PROTECT, related_name="rows", verbose_name=_("sheet"))
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="sheet_rows", verbose_name=_("student"))
    plan_item = models.ForeignKey(
        PlanItem, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("study plan item")
    )
    current1 = models.DecimalField(_("current control 1"), **SCORE)
    midterm1 = models.DecimalField(_("midterm control 1"), **SCORE)
    current2 = models.DecimalField(_("current control 2"), **SCORE)
    midterm2 = models.DecimalField(_("midterm control 2"), **SCORE)
    exam = models.DecimalField(_("exam"), **SCORE)
    mark = models.CharField(_("mark"), max_length=12, choices=RowMark.choices, blank=True, default="")
    prerequisites_passed = models.BooleanField(_("prerequisites passed"), default=True)
    # Derived by grading.final_score on every save; stored for sheets, reports and the PDF.
    r1 = models.DecimalField(_("R1"), max_digits=5, decimal_places=2, null=True, blank=True)
    r2 = models.DecimalField(_("R2"), max_digits=5, decimal_places=2, null=True, blank=True)
    admission = models.DecimalField(_("admission rating"), max_digits=5, decimal_places=2, null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=14, default="incomplete")
    score = models.PositiveSmallIntegerField(_("final score"), null=True, blank=True)
    letter = models.CharField(_("letter grade"), max_length=3, blank=True)
    points = models.DecimalField(_("grade points"), max_digits=3, decimal_places=2, null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("updated by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("sheet row")
        verbose_name_plural = _("sheet rows")
        ordering = ["sheet", "student__last_name", "student__first_name", "student__patronymic"]
        constraints = [
            models.UniqueConstraint(fields=["sheet", "student"], name="sheet_row_unique_student"),
            *[
                models.CheckConstraint(
                    condition=Q(**{f"{f}__isnull": True}) | (Q(**{f"{f}__gte": 0}) & Q(**{f"{f}__lte": 100})),
                    name=f"sheet_row_{f}_range",
                )
                for f in ("current1", "midterm1", "current2", "midterm2", "exam")
            ],
        ]

    def __str__(self):
        return f"{self.sheet.number} · {self.student}"


class Correction(models.Model):
    """A change to a closed sheet: requested with the old value, the new one and the reason;
    approved or rejected by the registrar head. Never deleted."""

    row = models.ForeignKey(SheetRow, on_delete=models.PROTECT, related_name="corrections", verbose_name=_("row"))
    field = models.CharField(_("field"), max_length=20)
    old_value = models.CharField(_("old value"), max_length=20, blank=True)
    new_value = models.CharField(_("new value"), max_length=20, blank=True)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"), max_length=10, choices=CorrectionStatus.choices, default=CorrectionStatus.PENDING
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    class Meta:
        verbose_name = _("correction")
        verbose_name_plural = _("corrections")
        ordering = ["-requested_at"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="correction_reason_given"),
            models.CheckConstraint(
                condition=Q(status="pending") | (Q(decided_by__isnull=False) & Q(decided_at__isnull=False)),
                name="correction_decision_recorded",
            ),
        ]

    def __str__(self):
        return f"{self.row} · {self.field}: {self.old_value} → {self.new_value}"


# --- GPA and academic rating ----------------------------------------------------------------------------


class GpaScope(models.TextChoices):
    TERM = "term", _("term")
    YEAR = "year", _("academic year")
    CUMULATIVE = "cumulative", _("cumulative")


class GpaSnapshot(models.Model):
    """A student's GPA for a term, an academic year or cumulatively, recomputed in SQL from the record
    whenever results change (RULES.md §4). Rating lists and promotion lists read these rows."""

    student = models.ForeignKey(Student, on_delete=models.CASCADE, related_name="gpas", verbose_name=_("student"))
    scope = models.CharField(_("scope"), max_length=10, choices=GpaScope.choices)
    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("term")
    )
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.CASCADE, null=True, blank=True, related_name="+", verbose_name=_("academic year")
    )
    credits = models.PositiveIntegerField(_("credits counted in GPA"))
    credits_earned = models.PositiveIntegerField(_("credits earned"))
    quality_points = models.DecimalField(_("credits × points"), max_digits=9, decimal_places=2)
    gpa = models.DecimalField(_("GPA"), max_digits=3, decimal_places=2, null=True, blank=True)
    computed_at = models.DateTimeField(_("computed at"), auto_now=True)

    class Meta:
        verbose_name = _("GPA")
        verbose_name_plural = _("GPAs")
        constraints = [
            models.UniqueConstraint(
                fields=["student", "term"], condition=Q(scope="term"), name="gpa_one_per_student_term"
            ),
            models.UniqueConstraint(
                fields=["student", "academic_year"], condition=Q(scope="year"), name="gpa_one_per_student_year"
            ),
            models.UniqueConstraint(
                fields=["student"], condition=Q(scope="cumulative"), name="gpa_one_cumulative_per_student"
            ),
            models.CheckConstraint(
                condition=(Q(scope="term") & Q(term__isnull=False) & Q(academic_year__isnull=True))
                | (Q(scope="year") & Q(term__isnull=True) & Q(academic_year__isnull=False))
                | (Q(scope="cumulative") & Q(term__isnull=True) & Q(academic_year__isnull=True)),
                name="gpa_scope_matches_keys",
            ),
        ]
        indexes = [models.Index(fields=["scope", "term", "gpa"], name="gpa_scope_term")]

    def __str__(self):
        return f"{self.student} · {self.get_scope_display()} · {self.gpa}"


# --- academic mobility and recognition ----------------------------------------------------------------------


class EctsConversion(models.Model):
    """The university's conversion of ECTS grades earned elsewhere into its own scale (a setting)."""

    ects_grade = models.CharField(_("ECTS grade"), max_length=3, unique=True)
    score = models.PositiveSmallIntegerField(
        _("percent score"),
        validators=[MaxValueValidator(100)],
        help_text=_("Its letter and points come from the scale."),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("ECTS grade conversion")
        verbose_name_plural = _("ECTS grade conversions")
        ordering = ["ects_grade"]

    def __str__(self):
        return f"{self.ects_grade} → {self.score}"


class MobilityRecord(models.Model):
    """A discipline studied at a partner university (academic mobility), with the original grade and
    its conversion; recording it writes a result with source "mobility" into the record."""

    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="mobility_records", verbose_name=_("student")
    )
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="+", verbose_name=_("term"))
    institution = models.CharField(_("partner university"), max_length=255)
    country = models.CharField(_("country"), max_length=2, help_text=_("Two-letter country code (ISO 3166-1)."))
    external_code = models.CharField(_("course code there"), max_length=40, blank=True)
    external_name = models.CharField(_("course name there"), max_length=255)
    discipline = models.ForeignKey(
        Discipline,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("recognised as"),
        help_text=_("The discipline of the curriculum it counts for."),
    )
    credits = models.PositiveSmallIntegerField(_("credits (ECTS)"))
    original_grade = models.CharField(_("original grade"), max_length=20)
    ects_grade = models.CharField(_("ECTS grade"), max_length=3)
    score = models.PositiveSmallIntegerField(_("converted score"))
    letter = models.CharField(_("converted letter"), max_length=3)
    points = models.DecimalField(_("converted points"), max_digits=3, decimal_places=2)
    result = models.OneToOneField(
        Result, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("result")
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("academic mobility result")
        verbose_name_plural = _("academic mobility results")
        ordering = ["-recorded_at"]

    def __str__(self):
        return f"{self.student} · {self.institution} · {self.external_name}"


class RecognitionBasis(models.TextChoices):
    TRANSFER = "transfer", _("transfer")
    REINSTATEMENT = "reinstatement", _("reinstatement")
    RETURN = "return", _("return from academic leave")


class RecognitionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    APPROVED = "approved", _("approved")


class Recognition(models.Model):
    """The academic difference of a transferred, reinstated or returning student: their earlier
    results compared with the target curriculum (RULES.md: academic difference, перезачёт)."""

    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="recognitions", verbose_name=_("student")
    )
    basis = models.CharField(_("basis"), max_length=14, choices=RecognitionBasis.choices)
    curriculum = models.ForeignKey(
        "academics.Curriculum", on_delete=models.PROTECT, related_name="+", verbose_name=_("target curriculum")
    )
    up_to_term = models.PositiveSmallIntegerField(
        _("up to term of the curriculum"), help_text=_("The last curriculum term the student is expected to have done.")
    )
    previous_institution = models.CharField(_("previous institution"), max_length=255, blank=True)
    status = models.CharField(
        _("status"), max_length=10, choices=RecognitionStatus.choices, default=RecognitionStatus.DRAFT
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("recognition (academic difference)")
        verbose_name_plural = _("recognitions (academic difference)")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.student} · {self.get_basis_display()}"


class RecognitionDecision(models.TextChoices):
    RECOGNISED = "recognised", _("recognised")
    MAKE_UP = "make_up", _("to make up")


class RecognitionItem(models.Model):
    recognition = models.ForeignKey(
        Recognition, on_delete=models.CASCADE, related_name="items", verbose_name=_("recognition")
    )
    discipline = models.ForeignKey(
        Discipline, on_delete=models.PROTECT, related_name="+", verbose_name=_("discipline of the curriculum")
    )
    curriculum_term = models.PositiveSmallIntegerField(_("term of the curriculum"))
    decision = models.CharField(_("decision"), max_length=10, choices=RecognitionDecision.choices)
    earlier_name = models.CharField(_("studied earlier as"), max_length=255, blank=True)
    earlier_credits = models.PositiveSmallIntegerField(_("earlier credits"), null=True, blank=True)
    earlier_grade = models.CharField(_("earlier grade"), max_length=20, blank=True)
    score = models.PositiveSmallIntegerField(_("recognised score"), null=True, blank=True)
    letter = models.CharField(_("recognised letter"), max_length=3, blank=True)
    points = models.DecimalField(_("recognised points"), max_digits=3, decimal_places=2, null=True, blank=True)
    source_result = models.ForeignKey(
        Result, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("earlier result")
    )
    result = models.OneToOneField(
        Result, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("result")
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("recognition item")
        verbose_name_plural = _("recognition items")
        ordering = ["recognition", "curriculum_term", "discipline__code"]
        constraints = [
            models.UniqueConstraint(fields=["recognition", "discipline"], name="recognition_item_unique"),
        ]

    def __str__(self):
        return f"{self.discipline.code}: {self.get_decision_display()}"
