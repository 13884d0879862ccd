import datetime
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import get_language, pgettext_lazy
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from .roles import OFFICE_ROLES, Role
from .scale import GradeBand, Traditional


class User(AbstractUser):
    """An account. Roles are groups (registrar.roles); the person's study record lives elsewhere."""

    patronymic = models.CharField(_("patronymic"), max_length=150, blank=True)
    language = models.CharField(_("interface language"), max_length=2, choices=settings.LANGUAGES, default="ru")
    must_change_password = models.BooleanField(
        _("must change password at next login"),
        default=False,
        help_text=_("Set for generated and reset passwords; cleared when the user chooses a new one."),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["last_name", "first_name", "patronymic", "username"]

    def __str__(self):
        return self.full_name or self.username

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def roles(self) -> frozenset[str]:
        """Role names of this user, read once per object (prefetch `groups` for lists)."""
        if not self.is_authenticated or not self.is_active:
            return frozenset()
        cached = getattr(self, "_roles_cache", None)
        if cached is None:
            cached = frozenset(g.name for g in self.groups.all())
            if self.is_superuser:
                cached |= {Role.ADMINISTRATOR}
            self._roles_cache = cached
        return cached

    def has_role(self, *roles) -> bool:
        return bool(self.roles.intersection(roles))

    @property
    def is_office(self) -> bool:
        return self.has_role(*OFFICE_ROLES)

    def role_labels(self) -> list[str]:
        return [str(Role(r).label) for r in Role.values if r in self.roles]


class TranslatedNameMixin:
    """`name` picks name_kk / name_ru / name_en by the active language, falling back to Russian."""

    def translated(self, field: str, language: str | None = None) -> str:
        lang = (language or get_language() or "ru")[:2]
        return getattr(self, f"{field}_{lang}", "") or getattr(self, f"{field}_ru", "")


def parse_exam_start_times(value: str) -> list[datetime.time]:
    """ "09:00, 14:00" -> [09:00, 14:00], sorted, without repeats; ValueError on a bad time."""
    out = set()
    for part in (value or "").split(","):
        part = part.strip()
        if part:
            out.add(datetime.datetime.strptime(part, "%H:%M").time())
    if not out:
        raise ValueError(value)
    return sorted(out)


def validate_exam_start_times(value: str) -> None:
    try:
        parse_exam_start_times(value)
    except ValueError:
        raise ValidationError(
            _("Enter the exam start times as HH:MM separated by commas, for example 09:00,14:00.")
        ) from None


class UniversitySettings(TranslatedNameMixin, models.Model):
    """The numbers of RULES.md, one row per university (singleton, pk=1), every change audited.

    Defaults are the values RULES.md gives; services read them through `university_settings()`.
    """

    name_kk = models.CharField(_("name (Kazakh)"), max_length=255, default="Университет")
    name_ru = models.CharField(_("name (Russian)"), max_length=255, default="Университет")
    name_en = models.CharField(_("name (English)"), max_length=255, default="University")
    city_kk = models.CharField(_("city (Kazakh)"), max_length=100, default="Алматы")
    city_ru = models.CharField(_("city (Russian)"), max_length=100, default="Алматы")
    city_en = models.CharField(_("city (English)"), max_length=100, default="Almaty")

    # §2 One discipline's final grade.
    current_control_weight = models.DecimalField(
        _("weight of current control in a half-term rating"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.50"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
        help_text=_("R = w × current control + (1 − w) × midterm control."),
    )
    admission_weight = models.DecimalField(
        _("weight of the admission rating in the final score"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.60"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    exam_weight = models.DecimalField(
        _("weight of the exam in the final score"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("0.40"),
        validators=[MinValueValidator(0), MaxValueValidator(1)],
    )
    admission_threshold = models.PositiveSmallIntegerField(
        _("minimum admission rating"), default=50, validators=[MaxValueValidator(100)]
    )
    exam_pass_threshold = models.PositiveSmallIntegerField(
        _("minimum exam score"), default=50, validators=[MaxValueValidator(100)]
    )
    failing_score_cap = models.PositiveSmallIntegerField(
        _("highest recorded score of a failing outcome"), default=49, validators=[MaxValueValidator(100)]
    )
    fx_counts_in_gpa = models.BooleanField(
        _("FX counts its points in GPA"),
        default=True,
        help_text=_("When off, FX counts as 0 points in GPA."),
    )
    # §3 Retakes.
    max_exam_retakes = models.PositiveSmallIntegerField(_("exam retakes allowed per session"), default=2)
    # §4 GPA.
    gpa_latest_attempt_only = models.BooleanField(_("GPA uses the latest attempt only"), default=True)
    gpa_excludes_physical_education = models.BooleanField(_("GPA excludes physical education"), default=False)
    honours_min_gpa = models.DecimalField(
        _("minimum cumulative GPA for honours"), max_digits=3, decimal_places=2, default=Decimal("3.50")
    )
    honours_lowest_letter = models.CharField(_("lowest letter allowed for honours"), max_length=2, default="C+")
    honours_attestation_letters = models.CharField(
        _("final attestation letters allowed for honours"),
        max_length=20,
        default="A,A-",
        help_text=_("Comma-separated letters."),
    )
    # §5 Credits and curricula.
    hours_per_credit = models.PositiveSmallIntegerField(_("academic hours per credit"), default=30)
    discipline_min_credits = models.PositiveSmallIntegerField(_("minimum credits of a discipline"), default=5)
    term_typical_credits = models.PositiveSmallIntegerField(_("typical credits per term"), default=30)
    registration_min_credits = models.PositiveSmallIntegerField(_("minimum credits per term"), default=15)
    registration_max_credits = models.PositiveSmallIntegerField(_("maximum credits per term"), default=39)
    summer_max_credits = models.PositiveSmallIntegerField(_("maximum credits in the summer term"), default=20)
    add_drop_max_percent = models.PositiveSmallIntegerField(
        _("add/drop: maximum share of credits, %"), default=10, validators=[MaxValueValidator(100)]
    )
    summer_term_min_weeks = models.PositiveSmallIntegerField(_("minimum weeks of the summer term"), default=6)
    bachelor_min_credits = models.PositiveSmallIntegerField(_("bachelor programme: minimum credits"), default=240)
    bachelor_extended_min_credits = models.PositiveSmallIntegerField(
        _("bachelor (medicine, veterinary, architecture/design): minimum credits"), default=300
    )
    master_scientific_credits = models.PositiveSmallIntegerField(
        _("scientific-pedagogical master: credits"), default=120
    )
    master_profile_min_credits = models.PositiveSmallIntegerField(_("profile master: minimum credits"), default=60)
    doctorate_min_credits = models.PositiveSmallIntegerField(_("doctorate: minimum credits"), default=180)
    # Group size bounds (§5: opening a discipline).
    stream_min_size = models.PositiveSmallIntegerField(_("lecture stream: minimum students"), default=30)
    stream_max_size = models.PositiveSmallIntegerField(_("lecture stream: maximum students"), default=120)
    practice_group_min_size = models.PositiveSmallIntegerField(_("practice group: minimum students"), default=10)
    practice_group_max_size = models.PositiveSmallIntegerField(_("practice group: maximum students"), default=30)
    lab_subgroup_min_size = models.PositiveSmallIntegerField(_("lab subgroup: minimum students"), default=10)
    lab_subgroup_max_size = models.PositiveSmallIntegerField(_("lab subgroup: maximum students"), default=12)
    academic_group_max_size = models.PositiveSmallIntegerField(_("academic group: maximum students"), default=25)
    # Academic leave (order No. 506 of 04.12.2014), read by orders.
    leave_medical_min_months = models.PositiveSmallIntegerField(_("medical leave: minimum months"), default=6)
    leave_medical_max_months = models.PositiveSmallIntegerField(_("medical leave: maximum months"), default=12)
    leave_tuberculosis_max_months = models.PositiveSmallIntegerField(
        _("leave for tuberculosis treatment: maximum months"), default=36
    )
    leave_child_care_until_age = models.PositiveSmallIntegerField(
        _("child care leave: until the child's age, years"), default=3
    )
    # Final attestation: students per sitting of an attestation commission (scheduling).
    attestation_max_per_defence = models.PositiveSmallIntegerField(
        _("final attestation: maximum students per defence sitting"),
        default=10,
        validators=[MinValueValidator(1), MaxValueValidator(100)],
    )
    attestation_max_per_exam = models.PositiveSmallIntegerField(
        _("final attestation: maximum students per exam sitting"),
        default=25,
        validators=[MinValueValidator(1), MaxValueValidator(200)],
    )
    # Exam session (scheduling): start times of the day, duration, gap between a group's exams.
    exam_start_times = models.CharField(
        _("exam start times"),
        max_length=60,
        default="09:00,14:00",
        validators=[validate_exam_start_times],
        help_text=_("Comma-separated times of day, for example 09:00,14:00."),
    )
    exam_duration_minutes = models.PositiveSmallIntegerField(
        _("exam duration, minutes"), default=120, validators=[MinValueValidator(30), MaxValueValidator(480)]
    )
    exam_min_gap_days = models.PositiveSmallIntegerField(
        _("minimum days between a group's exams"),
        default=2,
        validators=[MinValueValidator(1), MaxValueValidator(10)],
        help_text=_("1: exams on consecutive days are allowed; 2: at least one free day between them."),
    )
    # Naming and numbering (issue 4).
    group_name_pattern = models.CharField(
        _("academic group name pattern"),
        max_length=60,
        default="{code}-{yy}-{n}",
        help_text=_("{code}: programme short code, {yy}: intake year (two digits), {n}: number, {lang}: language."),
    )
    order_number_pattern = models.CharField(
        _("order number pattern"),
        max_length=60,
        default="{n}-{type}",
        help_text=_("{n}: number within the year and type, {type}: code of the order type, {year}: year."),
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("university settings")
        verbose_name_plural = _("university settings")
        constraints = [
            models.CheckConstraint(condition=Q(pk=1), name="university_settings_singleton"),
            models.CheckConstraint(
                condition=Q(admission_weight__gte=0) & Q(exam_weight__gte=0),
                name="university_settings_weights_nonnegative",
            ),
            models.CheckConstraint(
                condition=Q(attestation_max_per_defence__gte=1) & Q(attestation_max_per_exam__gte=1),
                name="university_settings_attestation_caps_positive",
            ),
            models.CheckConstraint(
                condition=Q(registration_min_credits__lte=models.F("registration_max_credits")),
                name="university_settings_credit_limits_ordered",
            ),
            models.CheckConstraint(
                condition=Q(practice_group_min_size__lte=models.F("practice_group_max_size"))
                & Q(lab_subgroup_min_size__lte=models.F("lab_subgroup_max_size"))
                & Q(stream_min_size__lte=models.F("stream_max_size")),
                name="university_settings_group_bounds_ordered",
            ),
        ]

    def __str__(self):
        return self.name

    @property
    def name(self) -> str:
        return self.translated("name")

    @property
    def city(self) -> str:
        return self.translated("city")


class GradeScaleRow(models.Model):
    """One letter of the university's grade scale (RULES.md §1)."""

    TRADITIONAL_CHOICES = [
        (Traditional.EXCELLENT, _("excellent")),
        (Traditional.GOOD, _("good")),
        (Traditional.SATISFACTORY, _("satisfactory")),
        (Traditional.UNSATISFACTORY, _("unsatisfactory")),
    ]

    letter = models.CharField(_("letter"), max_length=2, unique=True)
    points = models.DecimalField(
        _("points"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(4)],
    )
    min_percent = models.PositiveSmallIntegerField(_("from, %"), validators=[MaxValueValidator(100)])
    max_percent = models.PositiveSmallIntegerField(_("to, %"), validators=[MaxValueValidator(100)])
    traditional = models.CharField(_("traditional grade"), max_length=20, choices=TRADITIONAL_CHOICES)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("grade scale row")
        verbose_name_plural = _("grade scale")
        ordering = ["-min_percent"]
        constraints = [
            models.CheckConstraint(
                condition=Q(min_percent__lte=models.F("max_percent")) & Q(max_percent__lte=100),
                name="grade_scale_range_valid",
            ),
            models.CheckConstraint(condition=Q(points__gte=0) & Q(points__lte=4), name="grade_scale_points_0_4"),
        ]

    def __str__(self):
        return f"{self.letter} ({self.min_percent}–{self.max_percent}%, {self.points})"

    def as_band(self) -> GradeBand:
        return GradeBand(self.letter, self.points, self.min_percent, self.max_percent, self.traditional)


class StudyLevel(models.TextChoices):
    # Context: the level of a programme (бакалавриат), not the degree of a person (бакалавр).
    BACHELOR = "bachelor", pgettext_lazy("study level", "bachelor")
    MASTER = "master", pgettext_lazy("study level", "master")
    DOCTORATE = "doctorate", pgettext_lazy("study level", "doctorate")


class PromotionThreshold(models.Model):
    """Minimum GPA to be promoted from a year of study, per academic year (RULES.md §4)."""

    academic_year = models.PositiveSmallIntegerField(
        _("academic year (starting year)"), help_text=_("2026 means 2026/2027.")
    )
    level = models.CharField(_("level"), max_length=10, choices=StudyLevel.choices, default=StudyLevel.BACHELOR)
    year_of_study = models.PositiveSmallIntegerField(
        _("from year of study"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    min_gpa = models.DecimalField(
        _("minimum GPA"),
        max_digits=3,
        decimal_places=2,
        validators=[MinValueValidator(0), MaxValueValidator(4)],
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("promotion threshold")
        verbose_name_plural = _("promotion thresholds")
        ordering = ["-academic_year", "level", "year_of_study"]
        constraints = [
            models.UniqueConstraint(
                fields=["academic_year", "level", "year_of_study"], name="promotion_threshold_unique"
            ),
            models.CheckConstraint(condition=Q(min_gpa__gte=0) & Q(min_gpa__lte=4), name="promotion_threshold_gpa_0_4"),
        ]

    def __str__(self):
        return f"{self.academic_year}/{self.academic_year + 1} {self.get_level_display()} {self.year_of_study}→"

    @property
    def academic_year_label(self) -> str:
        return f"{self.academic_year}/{self.academic_year + 1}"


class Notice(models.Model):
    """An in-app notice to one user (a returned study plan, a cancelled elective...); the same text
    also goes by email when the user has an address (`registrar.services.notify`)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notices", verbose_name=_("user")
    )
    subject = models.CharField(_("subject"), max_length=255)
    body = models.TextField(_("text"), blank=True)
    url = models.CharField(_("link"), max_length=255, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notice")
        verbose_name_plural = _("notices")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="notice_user_unread")]

    def __str__(self):
        return self.subject
