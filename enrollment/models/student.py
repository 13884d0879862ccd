"""The student's file: identity, status and its history, academic groups, personal documents.

`enrollment.services` is the only writer of a student's status: orders (and later grading)
call it, and every change leaves a `StatusChange` row from which any past date is reproducible.
"""

import uuid

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from academics.choices import Language, StudyForm
from academics.models import Curriculum, Programme, Teacher

from ..choices import DocumentType, Funding, Movement, Sex, StudentStatus


class AcademicGroup(models.Model):
    name = models.CharField(_("name"), max_length=40, unique=True)
    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="groups", verbose_name=_("educational programme")
    )
    intake_year = models.PositiveSmallIntegerField(_("intake year"))
    study_form = models.CharField(_("study form"), max_length=12, choices=StudyForm.choices)
    language = models.CharField(_("language of instruction"), max_length=2, choices=Language.choices)
    number = models.PositiveSmallIntegerField(_("number"), validators=[MinValueValidator(1)])
    curator = models.ForeignKey(
        Teacher,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="curated_groups",
        verbose_name=_("curator"),
    )
    is_active = models.BooleanField(_("active"), default=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("academic group")
        verbose_name_plural = _("academic groups")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "intake_year", "study_form", "language", "number"],
                name="academic_group_unique_number",
            ),
        ]

    def __str__(self):
        return self.name


class Student(models.Model):
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="student",
        verbose_name=_("user account"),
    )
    student_number = models.CharField(_("student ID number"), max_length=20, unique=True)
    iin = models.CharField(
        _("IIN"),
        max_length=12,
        null=True,
        blank=True,
        unique=True,
        help_text=_("12 digits; foreign students may have none."),
    )
    last_name = models.CharField(_("surname"), max_length=100)
    first_name = models.CharField(_("given name"), max_length=100)
    patronymic = models.CharField(_("patronymic"), max_length=100, blank=True)
    last_name_latin = models.CharField(_("surname (Latin)"), max_length=100, blank=True)
    first_name_latin = models.CharField(_("given name (Latin)"), max_length=100, blank=True)
    birth_date = models.DateField(_("birth date"))
    sex = models.CharField(_("sex"), max_length=1, choices=Sex.choices)
    citizenship = models.CharField(
        _("citizenship"), max_length=2, default="KZ", help_text=_("Two-letter country code (ISO 3166-1).")
    )
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    email = models.EmailField(_("email"), blank=True)
    address = models.CharField(_("address"), max_length=255, blank=True)

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="students", verbose_name=_("educational programme")
    )
    curriculum = models.ForeignKey(
        Curriculum,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="students",
        verbose_name=_("curriculum"),
    )
    intake_year = models.PositiveSmallIntegerField(_("intake year"))
    year_of_study = models.PositiveSmallIntegerField(
        _("year of study"), validators=[MinValueValidator(1), MaxValueValidator(7)]
    )
    study_form = models.CharField(_("study form"), max_length=12, choices=StudyForm.choices)
    language = models.CharField(_("language of instruction"), max_length=2, choices=Language.choices)
    funding = models.CharField(_("funding"), max_length=10, choices=Funding.choices)
    group = models.ForeignKey(
        AcademicGroup,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="students",
        verbose_name=_("academic group"),
    )
    adviser = models.ForeignKey(
        Teacher, on_delete=models.SET_NULL, null=True, blank=True, related_name="advisees", verbose_name=_("adviser")
    )
    status = models.CharField(_("status"), max_length=12, choices=StudentStatus.choices, default=StudentStatus.ACTIVE)
    status_since = models.DateField(_("status since"))
    leave_until = models.DateField(_("on leave until"), null=True, blank=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("student")
        verbose_name_plural = _("students")
        ordering = ["last_name", "first_name", "patronymic"]
        indexes = [
            models.Index(fields=["programme", "year_of_study", "status"], name="student_programme_year"),
            models.Index(fields=["status"], name="student_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_of_study__gte=1) & Q(year_of_study__lte=7), name="student_year_of_study_range"
            ),
            models.CheckConstraint(
                condition=Q(iin__isnull=True) | Q(iin__regex=r"^[0-9]{12}$"), name="student_iin_12_digits"
            ),
        ]

    def __str__(self):
        return self.full_name

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.last_name, self.first_name, self.patronymic) if p)

    @property
    def full_name_latin(self) -> str:
        return " ".join(p for p in (self.last_name_latin, self.first_name_latin) if p)


# The fields of a student that an order may change; their values before and after each
# change are kept in StatusChange, so the student's state on any date can be rebuilt.
TRACKED_FIELDS = (
    "status",
    "programme_id",
    "curriculum_id",
    "year_of_study",
    "study_form",
    "language",
    "funding",
    "group_id",
    "last_name",
    "first_name",
    "patronymic",
    "last_name_latin",
    "first_name_latin",
    "leave_until",
)


class StatusChange(models.Model):
    """One applied effect on one student: when it takes effect, what moved, before and after.

    `order_item_id` / `order_number` point back to the order (orders is a later app, so no FK).
    Rows are never edited or deleted; a cancelled order adds a new change restoring the old state.
    """

    student = models.ForeignKey(
        Student, on_delete=models.PROTECT, related_name="status_changes", verbose_name=_("student")
    )
    effective_on = models.DateField(_("in force from"))
    movement = models.CharField(_("movement"), max_length=20, choices=Movement.choices)
    ground = models.CharField(_("ground"), max_length=40, blank=True)
    before = models.JSONField(_("before"), default=dict, blank=True)
    after = models.JSONField(_("after"), default=dict)
    order_item_id = models.PositiveBigIntegerField(_("order item"), null=True, blank=True)
    order_number = models.CharField(_("order number"), max_length=40, blank=True)
    order_date = models.DateField(_("order date"), null=True, blank=True)
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("status change")
        verbose_name_plural = _("status history")
        ordering = ["student", "effective_on", "id"]
        indexes = [
            models.Index(fields=["student", "effective_on", "id"], name="status_change_student_date"),
            models.Index(fields=["effective_on", "movement"], name="status_change_date_movement"),
        ]

    def __str__(self):
        return f"{self.student} · {self.get_movement_display()} · {self.effective_on:%d.%m.%Y}"


def personal_document_path(instance, filename):
    # Random names outside any public URL: files are served only through a checked view.
    ext = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"private/students/{instance.student_id}/{uuid.uuid4().hex}.{ext}"


class PersonalDocument(models.Model):
    student = models.ForeignKey(Student, on_delete=models.PROTECT, related_name="documents", verbose_name=_("student"))
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    file = models.FileField(_("file"), upload_to=personal_document_path, max_length=255)
    original_name = models.CharField(_("file name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveIntegerField(_("size, bytes"))
    note = models.CharField(_("note"), max_length=255, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("personal document")
        verbose_name_plural = _("personal file")
        ordering = ["student", "doc_type", "-uploaded_at"]

    def __str__(self):
        return f"{self.get_doc_type_display()}: {self.original_name}"


class RequiredDocument(models.Model):
    """The personal-file checklist: documents every student of a programme (or of all) must have."""

    programme = models.ForeignKey(
        Programme,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="required_documents",
        verbose_name=_("educational programme"),
        help_text=_("Empty: every programme."),
    )
    doc_type = models.CharField(_("document type"), max_length=20, choices=DocumentType.choices)
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("required document")
        verbose_name_plural = _("required documents")
        constraints = [
            models.UniqueConstraint(fields=["programme", "doc_type"], name="required_document_unique"),
            models.UniqueConstraint(
                fields=["doc_type"], condition=Q(programme__isnull=True), name="required_document_unique_all"
            ),
        ]

    def __str__(self):
        return self.get_doc_type_display()


class DeanOfficeMember(models.Model):
    """A dean's-office account and the faculty it reads (DESIGN.md: dean's office reads its faculty)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="dean_offices", verbose_name=_("user account")
    )
    faculty = models.ForeignKey(
        "academics.Faculty", on_delete=models.CASCADE, related_name="dean_office_members", verbose_name=_("faculty")
    )

    class Meta:
        verbose_name = _("dean's office member")
        verbose_name_plural = _("dean's office members")
        constraints = [models.UniqueConstraint(fields=["user", "faculty"], name="dean_office_member_unique")]

    def __str__(self):
        return f"{self.user} · {self.faculty}"
