"""Course registration: sections (lecture streams, practice groups, lab subgroups) of a term,
individual study plans (ИУП) and their items, and per-student rule overrides.

Seat caps are kept by the database: `Section.seats_taken` only moves through a conditional UPDATE
(`seats_taken < capacity`) in the same transaction as the plan item that takes the seat, and a
check constraint refuses a count above the capacity whatever code path writes it.
"""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from academics.choices import Language
from academics.models import Discipline, ElectiveBlock, Teacher, Term

from ..choices import PlanItemKind, PlanStatus, RegistrationRule, SectionKind, SectionStatus
from .student import Student


class Section(models.Model):
    """A class group of one discipline in one term: a lecture stream (across groups and programmes),
    a practice group within a stream, or a lab subgroup within a practice group."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="sections", verbose_name=_("term"))
    discipline = models.ForeignKey(
        Discipline, on_delete=models.PROTECT, related_name="sections", verbose_name=_("discipline")
    )
    kind = models.CharField(_("kind"), max_length=10, choices=SectionKind.choices, default=SectionKind.LECTURE)
    language = models.CharField(_("language of instruction"), max_length=2, choices=Language.choices)
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("part of"),
    )
    teacher = models.ForeignKey(
        Teacher,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sections",
        verbose_name=_("teacher"),
    )
    capacity = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])
    seats_taken = models.PositiveSmallIntegerField(_("seats taken"), default=0)
    status = models.CharField(_("status"), max_length=10, choices=SectionStatus.choices, default=SectionStatus.OPEN)
    note = models.CharField(_("note"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords(excluded_fields=["seats_taken"])

    class Meta:
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        ordering = ["term", "discipline__code", "language", "kind", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "discipline", "kind", "language", "number"], name="section_unique_number"
            ),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="section_capacity_positive"),
            # The backstop of the seat cap: no code path can confirm more seats than the section has.
            models.CheckConstraint(condition=Q(seats_taken__lte=F("capacity")), name="section_not_overbooked"),
            models.CheckConstraint(
                condition=Q(kind=SectionKind.LECTURE, parent__isnull=True) | ~Q(kind=SectionKind.LECTURE),
                name="section_stream_has_no_parent",
            ),
        ]
        indexes = [models.Index(fields=["term", "discipline", "status"], name="section_term_discipline")]

    def __str__(self):
        return f"{self.discipline.code} · {self.get_kind_display()} {self.number} · {self.language}"

    @property
    def code(self) -> str:
        prefix = {SectionKind.LECTURE: "L", SectionKind.PRACTICE: "P", SectionKind.LAB: "Lab"}[self.kind]
        return f"{self.discipline.code}-{prefix}{self.number}-{self.language}"

    @property
    def seats_free(self) -> int:
        return max(self.capacity - self.seats_taken, 0)


class StudyPlan(models.Model):
    """A student's individual study plan (ИУП) for one term: draft → submitted → approved
    (or returned with the adviser's comment) → locked by the registrar after the window."""

    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="plans", verbose_name=_("student"))
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="plans", verbose_name=_("term"))
    status = models.CharField(_("status"), max_length=10, choices=PlanStatus.choices, default=PlanStatus.DRAFT)
    year_of_study = models.PositiveSmallIntegerField(_("year of study"))
    curriculum_term = models.PositiveSmallIntegerField(
        _("term of the curriculum"), null=True, blank=True, help_text=_("Empty for the summer term.")
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("reviewed by"),
    )
    adviser_comment = models.TextField(_("adviser's comment"), blank=True)
    approved_credits = models.PositiveSmallIntegerField(_("credits at approval"), null=True, blank=True)
    add_drop_credits = models.PositiveSmallIntegerField(_("credits added or dropped after approval"), default=0)
    locked_at = models.DateTimeField(_("locked at"), null=True, blank=True)
    # The summer term is paid (RULES.md §3): its sheets list a student once the payment is confirmed.
    payment_confirmed_at = models.DateTimeField(_("payment confirmed at"), null=True, blank=True)
    payment_reference = models.CharField(_("payment reference"), max_length=60, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study plan")
        verbose_name_plural = _("study plans")
        ordering = ["-term__academic_year__start_year", "term__kind", "student__last_name", "student__first_name"]
        constraints = [
            models.UniqueConstraint(fields=["student", "term"], name="study_plan_one_per_term"),
            models.CheckConstraint(
                condition=~Q(status__in=[PlanStatus.APPROVED, PlanStatus.LOCKED]) | Q(approved_credits__isnull=False),
                name="study_plan_approval_recorded",
            ),
        ]
        indexes = [models.Index(fields=["term", "status"], name="study_plan_term_status")]

    def __str__(self):
        return f"{self.student} · {self.term}"


class PlanItem(models.Model):
    """One discipline in a study plan, with the sections the student sits in."""

    plan = models.ForeignKey(StudyPlan, on_delete=models.CASCADE, related_name="items", verbose_name=_("study plan"))
    discipline = models.ForeignKey(
        Discipline, on_delete=models.PROTECT, related_name="plan_items", verbose_name=_("discipline")
    )
    kind = models.CharField(_("kind"), max_length=12, choices=PlanItemKind.choices)
    block = models.ForeignKey(
        ElectiveBlock,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="plan_items",
        verbose_name=_("elective block"),
    )
    credits = models.PositiveSmallIntegerField(_("credits (ECTS)"))
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("section"),
        help_text=_("The lecture stream, or the practice group of a discipline without lectures."),
    )
    practice_section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="practice_items",
        verbose_name=_("practice group"),
    )
    lab_section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="lab_items",
        verbose_name=_("lab subgroup"),
    )
    added_at = models.DateTimeField(_("added at"), auto_now_add=True)
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("added by")
    )
    added_in_add_drop = models.BooleanField(_("added in add/drop"), default=False)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("study plan item")
        verbose_name_plural = _("study plan items")
        ordering = ["plan", "kind", "discipline__code"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "discipline"], name="plan_item_unique_discipline"),
        ]

    def __str__(self):
        return f"{self.plan} · {self.discipline.code}"


class RuleOverride(models.Model):
    """The registrar lifts one registration rule for one student in one term, with a recorded reason."""

    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="rule_overrides", verbose_name=_("student")
    )
    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="rule_overrides", verbose_name=_("term"))
    rule = models.CharField(_("rule"), max_length=20, choices=RegistrationRule.choices)
    discipline = models.ForeignKey(
        Discipline,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("discipline"),
        help_text=_("Empty: the rule is lifted for every discipline."),
    )
    reason = models.TextField(_("reason"))
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("granted by")
    )
    granted_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("rule override")
        verbose_name_plural = _("rule overrides")
        ordering = ["-granted_at"]
        constraints = [models.CheckConstraint(condition=~Q(reason=""), name="rule_override_reason_given")]

    def __str__(self):
        return f"{self.student} · {self.get_rule_display()}"


__all__ = ["PlanItem", "RuleOverride", "Section", "StudyPlan"]
