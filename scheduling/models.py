"""The class timetable: rooms, the time grid (days x class periods per study form), teachers'
unavailable and undesired times, timetable versions of a term and their scheduled lessons.

The exam session: exam schedule versions of a term, their scheduled exams (one per lecture stream of
a discipline examined by an exam) and the rooms each exam uses with their invigilators.

Invariants held by the database: a room's number is unique in its building; one grid row per study
form, day and period; one unavailability row per teacher (and per room), day and period; at most one lesson per
room and time in a version; at most one published version per term and study form (timetable and
exam schedule each); one exam per room, date and start time in an exam schedule version.
"""

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from simple_history.models import HistoricalRecords

from academics.choices import StudyForm
from academics.models import Teacher, Term
from enrollment.models import Section


class RoomKind(models.TextChoices):
    LECTURE_HALL = "lecture_hall", _("lecture hall")
    CLASSROOM = "classroom", _("classroom")
    COMPUTER_LAB = "computer_lab", _("computer lab")
    LABORATORY = "laboratory", _("laboratory")
    GYM = "gym", _("gym")


class Weekday(models.IntegerChoices):
    MONDAY = 1, _("Monday")
    TUESDAY = 2, _("Tuesday")
    WEDNESDAY = 3, _("Wednesday")
    THURSDAY = 4, _("Thursday")
    FRIDAY = 5, _("Friday")
    SATURDAY = 6, _("Saturday")


class Room(models.Model):
    building = models.CharField(_("building"), max_length=100)
    number = models.CharField(_("room number"), max_length=20)
    capacity = models.PositiveSmallIntegerField(_("seats"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("room type"), max_length=20, choices=RoomKind.choices, default=RoomKind.CLASSROOM)
    features = models.JSONField(
        _("equipment"), default=list, blank=True, help_text=_("For example: projector, smart board, 20 computers.")
    )
    is_active = models.BooleanField(_("active"), default=True, help_text=_("Inactive rooms are not scheduled."))
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("room")
        verbose_name_plural = _("rooms")
        ordering = ["building", "number"]
        constraints = [
            models.UniqueConstraint(fields=["building", "number"], name="room_unique_number"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="room_capacity_positive"),
        ]

    def __str__(self):
        return f"{self.building} {self.number}"

    @property
    def features_text(self) -> str:
        return ", ".join(self.features or [])


class ClassPeriod(models.Model):
    """One cell of the time grid: a class period of a day of the week for a study form, with its clock times."""

    study_form = models.CharField(
        _("study form"), max_length=12, choices=StudyForm.choices, default=StudyForm.FULL_TIME
    )
    day = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    number = models.PositiveSmallIntegerField(_("class period"), validators=[MinValueValidator(1)])
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))

    class Meta:
        verbose_name = _("class period")
        verbose_name_plural = _("time grid")
        ordering = ["study_form", "day", "number"]
        constraints = [
            models.UniqueConstraint(fields=["study_form", "day", "number"], name="class_period_unique"),
            models.CheckConstraint(condition=Q(day__gte=1) & Q(day__lte=6), name="class_period_day_range"),
            models.CheckConstraint(condition=Q(number__gte=1), name="class_period_number_positive"),
            models.CheckConstraint(condition=Q(starts_at__lt=F("ends_at")), name="class_period_times_ordered"),
        ]

    def __str__(self):
        return f"{self.get_day_display()} {self.number} ({self.starts_at:%H:%M}–{self.ends_at:%H:%M})"


class Availability(models.TextChoices):
    UNAVAILABLE = "unavailable", _("unavailable")
    UNDESIRED = "undesired", _("undesired")


class TeacherUnavailability(models.Model):
    """A time a teacher cannot teach (hard) or would rather not (soft)."""

    teacher = models.ForeignKey(
        Teacher, on_delete=models.CASCADE, related_name="unavailability", verbose_name=_("teacher")
    )
    day = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    period = models.PositiveSmallIntegerField(_("class period"), validators=[MinValueValidator(1)])
    kind = models.CharField(_("kind"), max_length=12, choices=Availability.choices, default=Availability.UNAVAILABLE)
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("teacher's unavailable time")
        verbose_name_plural = _("teachers' unavailable times")
        ordering = ["teacher", "day", "period"]
        constraints = [
            models.UniqueConstraint(fields=["teacher", "day", "period"], name="teacher_unavailability_unique"),
            models.CheckConstraint(condition=Q(day__gte=1) & Q(day__lte=6), name="teacher_unavailability_day"),
        ]

    def __str__(self):
        return f"{self.teacher} · {self.get_day_display()} {self.period} · {self.get_kind_display()}"

    @property
    def hard(self) -> bool:
        return self.kind == Availability.UNAVAILABLE


class RoomUnavailability(models.Model):
    """A weekly time a room cannot be used (another faculty's classes, maintenance): never scheduled."""

    room = models.ForeignKey(Room, on_delete=models.CASCADE, related_name="unavailability", verbose_name=_("room"))
    day = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    period = models.PositiveSmallIntegerField(_("class period"), validators=[MinValueValidator(1)])
    note = models.CharField(_("note"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("room's unavailable time")
        verbose_name_plural = _("rooms' unavailable times")
        ordering = ["room", "day", "period"]
        constraints = [
            models.UniqueConstraint(fields=["room", "day", "period"], name="room_unavailability_unique"),
            models.CheckConstraint(condition=Q(day__gte=1) & Q(day__lte=6), name="room_unavailability_day"),
        ]

    def __str__(self):
        return f"{self.room} · {self.get_day_display()} {self.period}"


class VersionStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")
    ARCHIVED = "archived", _("archived")


class SolveStatus(models.TextChoices):
    QUEUED = "queued", _("queued")
    RUNNING = "running", _("running")
    DONE = "done", _("done")
    FAILED = "failed", _("failed")


class SolvedVersion(models.Model):
    """What a computed schedule version has whatever it schedules (the class timetable, the exam
    session): study form, draft / published / archived, the solver's status and progress, its cost."""

    study_form = models.CharField(
        _("study form"), max_length=12, choices=StudyForm.choices, default=StudyForm.FULL_TIME
    )
    status = models.CharField(_("status"), max_length=10, choices=VersionStatus.choices, default=VersionStatus.DRAFT)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("created by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    time_limit = models.PositiveIntegerField(
        _("time limit, seconds"), default=60, validators=[MinValueValidator(1), MaxValueValidator(3600)]
    )
    solve_status = models.CharField(
        _("computation"), max_length=10, choices=SolveStatus.choices, default=SolveStatus.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress, %"), default=0, validators=[MaxValueValidator(100)])
    best_cost = models.IntegerField(_("best cost so far"), null=True, blank=True)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    message = models.TextField(_("message"), blank=True)
    cost_breakdown = models.JSONField(_("cost breakdown"), default=dict, blank=True)
    soft_cost = models.IntegerField(_("cost"), null=True, blank=True)
    hard_violations = models.PositiveIntegerField(_("hard violations"), default=0)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )

    class Meta:
        abstract = True

    @property
    def is_solving(self) -> bool:
        return self.solve_status in (SolveStatus.QUEUED, SolveStatus.RUNNING)

    @property
    def is_editable(self) -> bool:
        return self.solve_status == SolveStatus.DONE and self.status != VersionStatus.ARCHIVED


class TimetableVersion(SolvedVersion):
    """One timetable of a term for one study form: computed by the solver as a draft, edited by hand,
    published (visible to students and teachers), archived when another one is published."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="timetables", verbose_name=_("term"))

    class Meta:
        verbose_name = _("timetable version")
        verbose_name_plural = _("timetable versions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "study_form"],
                condition=Q(status="published"),
                name="timetable_one_published_per_term",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="timetable_progress_range"),
            models.CheckConstraint(
                condition=Q(time_limit__gte=1) & Q(time_limit__lte=3600), name="timetable_time_limit_range"
            ),
        ]
        indexes = [models.Index(fields=["term", "status"], name="timetable_term_status")]

    def __str__(self):
        return f"{self.term} · {self.get_study_form_display()} · #{self.pk}"


class ScheduledLesson(models.Model):
    """One weekly lesson of a section in a version: a day, a class period and a room."""

    version = models.ForeignKey(
        TimetableVersion, on_delete=models.CASCADE, related_name="lessons", verbose_name=_("timetable version")
    )
    section = models.ForeignKey(
        Section, on_delete=models.PROTECT, related_name="scheduled_lessons", verbose_name=_("section")
    )
    index = models.PositiveSmallIntegerField(_("lesson of the week"))
    day = models.PositiveSmallIntegerField(_("day of the week"), choices=Weekday.choices)
    period = models.PositiveSmallIntegerField(_("class period"), validators=[MinValueValidator(1)])
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="lessons", verbose_name=_("room"))
    conflicts = models.JSONField(
        _("conflicts accepted"), default=list, blank=True, help_text=_("Conflicts confirmed at a manual move.")
    )
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved by"),
    )
    moved_at = models.DateTimeField(_("moved at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scheduled lesson")
        verbose_name_plural = _("scheduled lessons")
        ordering = ["version", "day", "period", "room"]
        constraints = [
            models.UniqueConstraint(fields=["version", "room", "day", "period"], name="lesson_room_free"),
            models.UniqueConstraint(fields=["version", "section", "index"], name="lesson_unique_index"),
            models.CheckConstraint(condition=Q(day__gte=1) & Q(day__lte=6), name="lesson_day_range"),
        ]
        indexes = [models.Index(fields=["version", "section"], name="lesson_version_section")]

    def __str__(self):
        return f"{self.section_id} · {self.get_day_display()} {self.period} · {self.room}"


class ExamScheduleVersion(SolvedVersion):
    """One exam-session schedule of a term for one study form: computed as a draft, edited by hand,
    published (students and teachers see it), archived when another one is published."""

    term = models.ForeignKey(Term, on_delete=models.PROTECT, related_name="exam_schedules", verbose_name=_("term"))

    class Meta:
        verbose_name = _("exam schedule version")
        verbose_name_plural = _("exam schedule versions")
        ordering = ["-created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["term", "study_form"],
                condition=Q(status="published"),
                name="exam_schedule_one_published_per_term",
            ),
            models.CheckConstraint(condition=Q(progress__lte=100), name="exam_schedule_progress_range"),
            models.CheckConstraint(
                condition=Q(time_limit__gte=1) & Q(time_limit__lte=3600), name="exam_schedule_time_limit_range"
            ),
        ]
        indexes = [models.Index(fields=["term", "status"], name="exam_schedule_term_status")]

    def __str__(self):
        return f"{self.term} · {self.get_study_form_display()} · #{self.pk}"


class ScheduledExam(models.Model):
    """The exam of a discipline for a lecture stream and its practice groups and lab subgroups (the
    sections whose students sit it together), on a day of the session at an exam start time."""

    version = models.ForeignKey(
        ExamScheduleVersion, on_delete=models.CASCADE, related_name="exams", verbose_name=_("exam schedule version")
    )
    section = models.ForeignKey(
        Section,
        on_delete=models.PROTECT,
        related_name="scheduled_exams",
        verbose_name=_("section"),
        help_text=_("The lecture stream (or the section without a stream) whose students sit the exam."),
    )
    sections = models.ManyToManyField(Section, related_name="+", verbose_name=_("sections"))
    students = models.PositiveIntegerField(_("students"), default=0)
    date = models.DateField(pgettext_lazy("exam", "date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    conflicts = models.JSONField(
        _("conflicts accepted"), default=list, blank=True, help_text=_("Conflicts confirmed at a manual move.")
    )
    moved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("moved by"),
    )
    moved_at = models.DateTimeField(_("moved at"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("scheduled exam")
        verbose_name_plural = _("scheduled exams")
        ordering = ["version", "date", "starts_at", "section"]
        constraints = [
            models.UniqueConstraint(fields=["version", "section"], name="exam_unique_section"),
            models.CheckConstraint(condition=Q(starts_at__lt=F("ends_at")), name="exam_times_ordered"),
        ]
        indexes = [models.Index(fields=["version", "date"], name="exam_version_date")]

    def __str__(self):
        return f"{self.section_id} · {self.date:%d.%m.%Y} {self.starts_at:%H:%M}"


class ExamRoom(models.Model):
    """A room of a scheduled exam with the students it seats there and its invigilators. The date and
    time are the exam's, repeated so that the database keeps a room to one exam at a time."""

    exam = models.ForeignKey(ScheduledExam, on_delete=models.CASCADE, related_name="rooms", verbose_name=_("exam"))
    version = models.ForeignKey(
        ExamScheduleVersion, on_delete=models.CASCADE, related_name="+", verbose_name=_("exam schedule version")
    )
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="exams", verbose_name=_("room"))
    date = models.DateField(pgettext_lazy("exam", "date"))
    starts_at = models.TimeField(_("starts at"))
    seats = models.PositiveSmallIntegerField(_("students seated"), default=0)
    invigilators = models.ManyToManyField(
        Teacher, related_name="invigilations", blank=True, verbose_name=_("invigilators")
    )

    class Meta:
        verbose_name = _("exam room")
        verbose_name_plural = _("exam rooms")
        ordering = ["exam", "room"]
        constraints = [
            models.UniqueConstraint(fields=["version", "room", "date", "starts_at"], name="exam_room_free"),
        ]

    def __str__(self):
        return f"{self.room} · {self.seats}"


def new_calendar_token() -> str:
    """32 URL-safe random characters (24 bytes from `secrets`)."""
    import secrets

    return secrets.token_urlsafe(24)


class CalendarToken(models.Model):
    """The secret of a user's iCalendar feed URL (calendar apps cannot log in): whoever has the URL reads
    the user's timetable, so it can be reset, and the old URL stops working."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="calendar_token", verbose_name=_("user")
    )
    token = models.CharField(_("token"), max_length=32, unique=True, default=new_calendar_token)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar link")
        verbose_name_plural = _("calendar links")

    def __str__(self):
        return f"{self.user} · {self.created_at:%Y-%m-%d}"


# --- final attestation (итоговая аттестация) ---------------------------------------------------------------------


class AttestationForm(models.TextChoices):
    """Forms of the final attestation (RULES.md §4: thesis/project or comprehensive exam)."""

    COMPREHENSIVE_EXAM = "exam", _("comprehensive exam")
    THESIS_DEFENCE = "thesis", _("defence of the thesis")
    PROJECT_DEFENCE = "project", _("defence of the project")


DEFENCE_FORMS = frozenset({AttestationForm.THESIS_DEFENCE, AttestationForm.PROJECT_DEFENCE})


class AttestationStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PUBLISHED = "published", _("published")


class AttestationCommission(models.Model):
    """An attestation commission of an academic year for one or more programmes: its chair (usually from
    outside the university: a name and a position), its members and secretary (teachers or outside names),
    and its schedule of events (draft, then published to the students concerned and its teachers)."""

    academic_year = models.ForeignKey(
        "academics.AcademicYear",
        on_delete=models.PROTECT,
        related_name="attestation_commissions",
        verbose_name=_("academic year"),
    )
    name = models.CharField(_("name"), max_length=100, help_text=_("For example: SAC No. 1."))
    programmes = models.ManyToManyField(
        "academics.Programme", related_name="attestation_commissions", verbose_name=_("educational programmes")
    )
    chair_name = models.CharField(_("chair"), max_length=255, help_text=_("Full name of the chair."))
    chair_position = models.CharField(
        _("chair's position"), max_length=255, help_text=_("Position and place of work, academic degree.")
    )
    secretary = models.ForeignKey(
        Teacher,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attestation_secretary_of",
        verbose_name=_("secretary (a teacher)"),
    )
    secretary_name = models.CharField(
        _("secretary (from outside)"), max_length=255, blank=True, help_text=_("When the secretary is not a teacher.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=AttestationStatus.choices, default=AttestationStatus.DRAFT
    )
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("published by"),
    )
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("attestation commission")
        verbose_name_plural = _("attestation commissions")
        ordering = ["-academic_year__start_year", "name"]
        constraints = [
            models.UniqueConstraint(fields=["academic_year", "name"], name="attestation_commission_unique_name"),
        ]

    def __str__(self):
        return f"{self.name} · {self.academic_year}"

    @property
    def secretary_label(self) -> str:
        return str(self.secretary) if self.secretary_id else self.secretary_name

    @property
    def is_published(self) -> bool:
        return self.status == AttestationStatus.PUBLISHED


class AttestationMember(models.Model):
    """A member of a commission: a teacher of the university or a person from outside (name, position)."""

    commission = models.ForeignKey(
        AttestationCommission, on_delete=models.CASCADE, related_name="members", verbose_name=_("commission")
    )
    teacher = models.ForeignKey(
        Teacher,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="attestation_memberships",
        verbose_name=_("teacher"),
    )
    name = models.CharField(_("full name (from outside)"), max_length=255, blank=True)
    position = models.CharField(_("position"), max_length=255, blank=True)

    class Meta:
        verbose_name = _("commission member")
        verbose_name_plural = _("commission members")
        ordering = ["commission", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["commission", "teacher"],
                condition=Q(teacher__isnull=False),
                name="attestation_member_unique_teacher",
            ),
            models.CheckConstraint(
                condition=Q(teacher__isnull=False) | ~Q(name=""), name="attestation_member_teacher_or_name"
            ),
        ]

    def __str__(self):
        return str(self.teacher) if self.teacher_id else self.name


class AttestationEvent(models.Model):
    """One sitting of a commission: a form of attestation for one of its programmes, on a date from a
    time to a time in a room, with the students assigned to it."""

    commission = models.ForeignKey(
        AttestationCommission, on_delete=models.CASCADE, related_name="events", verbose_name=_("commission")
    )
    programme = models.ForeignKey(
        "academics.Programme",
        on_delete=models.PROTECT,
        related_name="attestation_events",
        verbose_name=_("educational programme"),
    )
    form = models.CharField(_("form of attestation"), max_length=10, choices=AttestationForm.choices)
    date = models.DateField(_("date"))
    starts_at = models.TimeField(_("starts at"))
    ends_at = models.TimeField(_("ends at"))
    room = models.ForeignKey(Room, on_delete=models.PROTECT, related_name="attestation_events", verbose_name=_("room"))
    students = models.ManyToManyField(
        "enrollment.Student",
        through="AttestationAssignment",
        related_name="attestation_events",
        verbose_name=_("students"),
    )

    class Meta:
        verbose_name = _("attestation event")
        verbose_name_plural = _("attestation events")
        ordering = ["date", "starts_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(starts_at__lt=F("ends_at")), name="attestation_event_times_ordered"),
        ]
        indexes = [models.Index(fields=["date", "room"], name="attestation_event_date_room")]

    def __str__(self):
        return f"{self.get_form_display()} · {self.date:%d.%m.%Y} {self.starts_at:%H:%M} · {self.room}"


class AttestationAssignment(models.Model):
    """A student assigned to an attestation event, in the order they are heard."""

    event = models.ForeignKey(
        AttestationEvent, on_delete=models.CASCADE, related_name="assignments", verbose_name=_("attestation event")
    )
    student = models.ForeignKey(
        "enrollment.Student",
        on_delete=models.PROTECT,
        related_name="attestation_assignments",
        verbose_name=_("student"),
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)

    class Meta:
        verbose_name = _("student at an attestation event")
        verbose_name_plural = _("students at attestation events")
        ordering = ["event", "position", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["event", "student"], name="attestation_assignment_unique"),
        ]

    def __str__(self):
        return f"{self.student} · {self.event}"
