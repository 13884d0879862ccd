"""Curricula: disciplines placed in terms, and elective blocks (the elective catalogue, КЭД)."""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from ..choices import CurriculumStatus, Language, StudyForm
from .structure import Discipline, Programme


class Curriculum(models.Model):
    """One programme's plan for one intake year, study form and language.

    An approved curriculum is immutable; a change is a new version (`based_on` the old one)
    which, once approved, supersedes it. At most one draft and one approved version exist
    for the same programme, intake year, form and language (database constraints).
    """

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="curricula", verbose_name=_("educational programme")
    )
    intake_year = models.PositiveSmallIntegerField(
        _("intake year"), validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    study_form = models.CharField(
        _("study form"), max_length=12, choices=StudyForm.choices, default=StudyForm.FULL_TIME
    )
    language = models.CharField(_("language of instruction"), max_length=2, choices=Language.choices)
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    status = models.CharField(
        _("status"), max_length=12, choices=CurriculumStatus.choices, default=CurriculumStatus.DRAFT
    )
    based_on = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="versions", verbose_name=_("based on")
    )
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("curriculum")
        verbose_name_plural = _("curricula")
        ordering = ["programme__code", "-intake_year", "study_form", "language", "-version"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "intake_year", "study_form", "language", "version"],
                name="curriculum_version_unique",
            ),
            models.UniqueConstraint(
                fields=["programme", "intake_year", "study_form", "language"],
                condition=Q(status="approved"),
                name="curriculum_one_approved",
            ),
            models.UniqueConstraint(
                fields=["programme", "intake_year", "study_form", "language"],
                condition=Q(status="draft"),
                name="curriculum_one_draft",
            ),
            models.CheckConstraint(
                condition=Q(status="draft") | (Q(approved_by__isnull=False) & Q(approved_at__isnull=False)),
                name="curriculum_approval_recorded",
            ),
        ]

    def __str__(self):
        return (
            f"{self.programme.code} · {self.intake_year} · {self.get_study_form_display()} · "
            f"{self.get_language_display()} · v{self.version}"
        )

    @property
    def is_editable(self) -> bool:
        return self.status == CurriculumStatus.DRAFT


class ElectiveBlock(models.Model):
    """'Choose k disciplines' or 'choose c credits' from the items placed in this block."""

    curriculum = models.ForeignKey(
        Curriculum, on_delete=models.CASCADE, related_name="blocks", verbose_name=_("curriculum")
    )
    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=255, blank=True)
    # Shown in the elective catalogue (КЭД) to help students choose: the block's aim and what its options lead to.
    description = models.TextField(_("description"), blank=True)
    term = models.PositiveSmallIntegerField(_("term"), validators=[MinValueValidator(1), MaxValueValidator(14)])
    choose_count = models.PositiveSmallIntegerField(_("disciplines to choose"), null=True, blank=True)
    choose_credits = models.PositiveSmallIntegerField(_("credits to choose"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("elective block")
        verbose_name_plural = _("elective blocks")
        ordering = ["term", "code"]
        constraints = [
            models.UniqueConstraint(fields=["curriculum", "code"], name="elective_block_code_unique"),
            models.CheckConstraint(
                condition=(Q(choose_count__isnull=False, choose_count__gte=1) & Q(choose_credits__isnull=True))
                | (Q(choose_credits__isnull=False, choose_credits__gte=1) & Q(choose_count__isnull=True)),
                name="elective_block_one_rule",
            ),
            models.CheckConstraint(condition=Q(term__gte=1), name="elective_block_term_positive"),
        ]

    def __str__(self):
        return f"{self.code} ({self.term})"


class CurriculumItem(models.Model):
    """A discipline placed in a term of a curriculum; inside an elective block it is one alternative."""

    curriculum = models.ForeignKey(
        Curriculum, on_delete=models.CASCADE, related_name="items", verbose_name=_("curriculum")
    )
    discipline = models.ForeignKey(
        Discipline, on_delete=models.PROTECT, related_name="curriculum_items", verbose_name=_("discipline")
    )
    term = models.PositiveSmallIntegerField(_("term"), validators=[MinValueValidator(1), MaxValueValidator(14)])
    block = models.ForeignKey(
        ElectiveBlock,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="items",
        verbose_name=_("elective block"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("curriculum item")
        verbose_name_plural = _("curriculum items")
        ordering = ["term", "block__code", "discipline__code"]
        constraints = [
            models.UniqueConstraint(fields=["curriculum", "discipline"], name="curriculum_item_unique_discipline"),
            models.CheckConstraint(condition=Q(term__gte=1), name="curriculum_item_term_positive"),
        ]

    def __str__(self):
        return f"{self.discipline.code} ({self.term})"
