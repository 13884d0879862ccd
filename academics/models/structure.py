"""Faculties, departments, teachers, educational programmes and the discipline catalogue."""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from registrar.models import StudyLevel, TranslatedNameMixin

from ..choices import AcademicDegree, Component, ControlForm, Cycle, Employment, MasterTrack, Position, RoomNeed


class NamedModel(TranslatedNameMixin, models.Model):
    """A code and a name in the three languages; `name` follows the active language."""

    code = models.CharField(_("code"), max_length=20, unique=True)
    name_kk = models.CharField(_("name (Kazakh)"), max_length=255)
    name_ru = models.CharField(_("name (Russian)"), max_length=255)
    name_en = models.CharField(_("name (English)"), max_length=255)

    class Meta:
        abstract = True
        ordering = ["code"]

    def __str__(self):
        return f"{self.code} {self.name}"

    @property
    def name(self) -> str:
        return self.translated("name")


class Faculty(NamedModel):
    history = HistoricalRecords()

    class Meta(NamedModel.Meta):
        verbose_name = _("faculty")
        verbose_name_plural = _("faculties")


class Department(NamedModel):
    faculty = models.ForeignKey(
        Faculty, on_delete=models.PROTECT, related_name="departments", verbose_name=_("faculty")
    )
    history = HistoricalRecords()

    class Meta(NamedModel.Meta):
        verbose_name = _("department")
        verbose_name_plural = _("departments")


class Teacher(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="teacher", verbose_name=_("user account")
    )
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="teachers", verbose_name=_("department")
    )
    position = models.CharField(_("position"), max_length=30, choices=Position.choices, default=Position.LECTURER)
    academic_degree = models.CharField(
        _("academic degree"), max_length=20, choices=AcademicDegree.choices, blank=True, default=""
    )
    employment = models.CharField(
        _("employment"), max_length=20, choices=Employment.choices, default=Employment.FULL_TIME
    )
    rate = models.DecimalField(
        _("rate"),
        max_digits=3,
        decimal_places=2,
        default=Decimal("1.00"),
        validators=[MinValueValidator(Decimal("0.10")), MaxValueValidator(Decimal("1.50"))],
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("teacher")
        verbose_name_plural = _("teachers")
        ordering = ["user__last_name", "user__first_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(rate__gte=Decimal("0.10")) & Q(rate__lte=Decimal("1.50")), name="teacher_rate_range"
            ),
        ]

    def __str__(self):
        return str(self.user)


programme_code_validator = RegexValidator(
    r"^[678][BMD]\d{5}$", _("A programme code looks like 6B06101: level digit, B/M/D, five digits.")
)


class Programme(NamedModel):
    code = models.CharField(_("code"), max_length=20, unique=True, validators=[programme_code_validator])
    short_code = models.CharField(
        _("short code"), max_length=12, blank=True, help_text=_("Used in academic group names, e.g. ИС for 6B06101.")
    )
    level = models.CharField(_("level"), max_length=10, choices=StudyLevel.choices, default=StudyLevel.BACHELOR)
    master_track = models.CharField(
        _("master track"), max_length=12, choices=MasterTrack.choices, blank=True, default=""
    )
    extended = models.BooleanField(_("extended bachelor (medicine, veterinary, architecture/design)"), default=False)
    degree_kk = models.CharField(_("degree awarded (Kazakh)"), max_length=255)
    degree_ru = models.CharField(_("degree awarded (Russian)"), max_length=255)
    degree_en = models.CharField(_("degree awarded (English)"), max_length=255)
    duration_years = models.DecimalField(
        _("duration, years"),
        max_digits=3,
        decimal_places=1,
        default=Decimal("4"),
        validators=[MinValueValidator(Decimal("1")), MaxValueValidator(Decimal("7"))],
    )
    total_credits = models.PositiveSmallIntegerField(_("total credits"), default=240)
    full_time = models.BooleanField(_("full-time form"), default=True)
    distance = models.BooleanField(_("distance form"), default=False)
    lang_kk = models.BooleanField(_("taught in Kazakh"), default=True)
    lang_ru = models.BooleanField(_("taught in Russian"), default=True)
    lang_en = models.BooleanField(_("taught in English"), default=False)
    faculty = models.ForeignKey(Faculty, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("faculty"))
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("department")
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta(NamedModel.Meta):
        verbose_name = _("educational programme")
        verbose_name_plural = _("educational programmes")
        constraints = [
            models.CheckConstraint(condition=Q(full_time=True) | Q(distance=True), name="programme_has_study_form"),
            models.CheckConstraint(
                condition=Q(lang_kk=True) | Q(lang_ru=True) | Q(lang_en=True), name="programme_has_language"
            ),
        ]

    @property
    def degree(self) -> str:
        return self.translated("degree")

    @property
    def study_forms(self) -> list[str]:
        return [f for f, on in (("full_time", self.full_time), ("distance", self.distance)) if on]

    @property
    def languages(self) -> list[str]:
        return [code for code in ("kk", "ru", "en") if getattr(self, f"lang_{code}")]

    @property
    def terms_count(self) -> int:
        return int(self.duration_years * 2)


class Discipline(NamedModel):
    credits = models.PositiveSmallIntegerField(_("credits (ECTS)"), validators=[MinValueValidator(1)])
    national_credits = models.PositiveSmallIntegerField(_("national credits"), null=True, blank=True)
    hours_lecture = models.PositiveSmallIntegerField(_("lecture hours"), default=0)
    hours_practice = models.PositiveSmallIntegerField(_("practice hours"), default=0)
    hours_lab = models.PositiveSmallIntegerField(_("lab hours"), default=0)
    hours_self_with_teacher = models.PositiveSmallIntegerField(_("self-study with teacher, hours"), default=0)
    hours_self = models.PositiveSmallIntegerField(_("self-study, hours"), default=0)
    control_form = models.CharField(
        _("control form"), max_length=20, choices=ControlForm.choices, default=ControlForm.EXAM
    )
    cycle = models.CharField(_("cycle"), max_length=4, choices=Cycle.choices)
    component = models.CharField(_("component"), max_length=4, choices=Component.choices)
    department = models.ForeignKey(
        Department, on_delete=models.PROTECT, related_name="disciplines", verbose_name=_("department")
    )
    is_physical_education = models.BooleanField(_("physical education"), default=False)
    prerequisites = models.ManyToManyField(
        "self", symmetrical=False, blank=True, related_name="postrequisites", verbose_name=_("prerequisites")
    )
    is_active = models.BooleanField(_("active"), default=True)
    # What rooms its lessons need, per lesson type: a room type (blank: by the lesson type) and
    # equipment tags matched against a room's equipment, case-insensitively.
    room_kind_lecture = models.CharField(
        _("room type for lectures"), max_length=20, choices=RoomNeed.choices, blank=True, default=""
    )
    room_kind_practice = models.CharField(
        _("room type for practice"), max_length=20, choices=RoomNeed.choices, blank=True, default=""
    )
    room_kind_lab = models.CharField(
        _("room type for labs"), max_length=20, choices=RoomNeed.choices, blank=True, default=""
    )
    equipment_lecture = models.JSONField(_("equipment for lectures"), default=list, blank=True)
    equipment_practice = models.JSONField(_("equipment for practice"), default=list, blank=True)
    equipment_lab = models.JSONField(_("equipment for labs"), default=list, blank=True)
    history = HistoricalRecords(m2m_fields=[prerequisites])

    class Meta(NamedModel.Meta):
        verbose_name = _("discipline")
        verbose_name_plural = _("disciplines")
        constraints = [
            models.CheckConstraint(condition=Q(credits__gte=1), name="discipline_credits_positive"),
        ]

    @property
    def total_hours(self) -> int:
        return (
            self.hours_lecture + self.hours_practice + self.hours_lab + self.hours_self_with_teacher + self.hours_self
        )

    def room_need(self, lesson_type: str) -> tuple[str, list[str]]:
        """(room type or "" for the default, equipment tags) its `lesson_type` lessons need."""
        return getattr(self, f"room_kind_{lesson_type}", ""), list(
            getattr(self, f"equipment_{lesson_type}", None) or []
        )

    @property
    def contact_hours(self) -> int:
        return self.hours_lecture + self.hours_practice + self.hours_lab
