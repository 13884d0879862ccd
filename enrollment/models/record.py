"""The academic record: final results from every source (sheets, retakes, summer term, academic
mobility, recognition). Grading writes them through `enrollment.services.record`; nothing edits a
result in place: a new attempt is a new row, and the transcript keeps them all (RULES.md §3)."""

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from academics.models import Discipline, Term

from ..choices import ResultSource
from .student import Student


class Result(models.Model):
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="results", verbose_name=_("student"))
    discipline = models.ForeignKey(
        Discipline, on_delete=models.PROTECT, related_name="results", verbose_name=_("discipline")
    )
    term = models.ForeignKey(
        Term,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="results",
        verbose_name=_("term"),
        help_text=_("Empty for results earned elsewhere and recognised here."),
    )
    attempt = models.PositiveSmallIntegerField(_("attempt"), default=1, validators=[MinValueValidator(1)])
    credits = models.PositiveSmallIntegerField(_("credits (ECTS)"))
    national_credits = models.PositiveSmallIntegerField(_("national credits"), null=True, blank=True)
    score = models.DecimalField(_("score"), max_digits=5, decimal_places=2, null=True, blank=True)
    letter = models.CharField(_("letter grade"), max_length=3)
    points = models.DecimalField(
        _("grade points"),
        max_digits=3,
        decimal_places=2,
        null=True,
        blank=True,
        help_text=_("Empty for pass/fail disciplines, which GPA leaves out."),
    )
    passed = models.BooleanField(_("passed"))
    source = models.CharField(_("source"), max_length=12, choices=ResultSource.choices, default=ResultSource.SHEET)
    original_grade = models.CharField(
        _("original grade"), max_length=20, blank=True, help_text=_("As earned at the partner university.")
    )
    institution = models.CharField(_("institution"), max_length=255, blank=True)
    # What produced it: the sheet row (source sheet/retake/summer) or the mobility or recognition
    # record (grading is a later app, so no foreign key).
    source_ref = models.PositiveBigIntegerField(_("source record"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("academic record")
        ordering = ["student", "term__academic_year__start_year", "term__kind", "discipline__code", "attempt"]
        constraints = [
            models.UniqueConstraint(fields=["student", "discipline", "attempt"], name="result_attempt_unique"),
            models.CheckConstraint(
                condition=Q(score__isnull=True) | (Q(score__gte=0) & Q(score__lte=100)), name="result_score_range"
            ),
            models.CheckConstraint(
                condition=Q(points__isnull=True) | (Q(points__gte=0) & Q(points__lte=4)), name="result_points_range"
            ),
        ]
        indexes = [models.Index(fields=["student", "discipline", "-attempt"], name="result_latest")]

    def __str__(self):
        return f"{self.student} · {self.discipline.code} · {self.letter}"
