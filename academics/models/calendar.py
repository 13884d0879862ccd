"""Academic years, terms and the calendar periods that open and close the system's windows."""

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registrar.dates import academic_year_label

from ..choices import PeriodKind, StudyForm, TermKind


class AcademicYear(models.Model):
    start_year = models.PositiveSmallIntegerField(
        _("starting year"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("academic year")
        verbose_name_plural = _("academic years")
        ordering = ["-start_year"]
        constraints = [
            models.CheckConstraint(condition=Q(starts_on__lt=F("ends_on")), name="academic_year_dates_ordered"),
        ]

    def __str__(self):
        return academic_year_label(self.start_year)


class Term(models.Model):
    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.CASCADE, related_name="terms", verbose_name=_("academic year")
    )
    kind = models.CharField(_("term"), max_length=10, choices=TermKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["academic_year__start_year", "starts_on"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "kind"], name="term_unique_kind"),
            models.CheckConstraint(condition=Q(starts_on__lt=F("ends_on")), name="term_dates_ordered"),
        ]

    def __str__(self):
        return f"{self.academic_year} · {self.get_kind_display()}"


class CalendarPeriod(models.Model):
    """A dated window of one kind, for everyone or scoped to a study form and/or a year of study.

    Term windows (classes, controls, grade entry, session, FX retakes, summer term) lie within
    their term; registration and add/drop belong to the term they prepare and end before it ends;
    year-wide periods (vacations, holidays, practice, final attestation) lie within the year.
    """

    academic_year = models.ForeignKey(
        AcademicYear, on_delete=models.CASCADE, related_name="periods", verbose_name=_("academic year")
    )
    term = models.ForeignKey(
        Term, on_delete=models.CASCADE, null=True, blank=True, related_name="periods", verbose_name=_("term")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=PeriodKind.choices)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    study_form = models.CharField(
        _("study form"),
        max_length=12,
        choices=StudyForm.choices,
        blank=True,
        default="",
        help_text=_("Empty: every study form."),
    )
    year_of_study = models.PositiveSmallIntegerField(
        _("year of study"),
        null=True,
        blank=True,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text=_("Empty: every year of study."),
    )
    name = models.CharField(_("name"), max_length=255, blank=True, help_text=_("For holidays and practices."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("calendar period")
        verbose_name_plural = _("calendar periods")
        ordering = ["starts_on", "kind"]
        indexes = [models.Index(fields=["kind", "starts_on", "ends_on"], name="period_kind_dates")]
        constraints = [
            models.CheckConstraint(condition=Q(starts_on__lte=F("ends_on")), name="period_dates_ordered"),
        ]

    def __str__(self):
        label = self.name or self.get_kind_display()
        return f"{label} {self.starts_on:%d.%m.%Y}–{self.ends_on:%d.%m.%Y}"

    @property
    def scope_label(self) -> str:
        parts = []
        if self.study_form:
            parts.append(str(self.get_study_form_display()))
        if self.year_of_study:
            parts.append(str(_("year %(n)s") % {"n": self.year_of_study}))
        return ", ".join(parts) or str(_("everyone"))
