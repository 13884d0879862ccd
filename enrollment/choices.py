from django.db import models
from django.utils.translation import gettext_lazy as _


class Sex(models.TextChoices):
    MALE = "M", _("male")
    FEMALE = "F", _("female")


class Funding(models.TextChoices):
    STATE_GRANT = "grant", _("state grant")
    PAID = "paid", _("fee-paying")
    OTHER = "other", _("other")


class StudentStatus(models.TextChoices):
    ACTIVE = "active", _("active")
    ON_LEAVE = "on_leave", _("on academic leave")
    EXPELLED = "expelled", _("expelled")
    GRADUATED = "graduated", _("graduated")


class Movement(models.TextChoices):
    """What an applied order effect did to a student (RULES.md §8: movement of the student body)."""

    ENROLLED = "enrolled", _("enrolled")
    PROMOTED = "promoted", _("promoted to the next year")
    REPEAT_YEAR = "repeat_year", _("repeat year")
    TRANSFERRED_IN = "transferred_in", _("transferred in")
    TRANSFERRED_OUT = "transferred_out", _("transferred out")
    TRANSFERRED = "transferred", _("transferred within the university")
    LEAVE = "leave", _("academic leave")
    RETURNED = "returned", _("returned from leave")
    REINSTATED = "reinstated", _("reinstated")
    EXPELLED = "expelled", _("expelled")
    FUNDING_CHANGED = "funding_changed", _("funding changed")
    NAME_CHANGED = "name_changed", _("name changed")
    GRADUATED = "graduated", _("graduated")
    CANCELLED = "cancelled", _("order cancelled")


class DocumentType(models.TextChoices):
    ID_COPY = "id_copy", _("copy of the identity document")
    EDUCATION = "education", _("previous-education certificate")
    TEST = "test", _("test certificate")
    PHOTO = "photo", _("photo")
    CONTRACT = "contract", _("contract")
    MEDICAL = "medical", _("medical certificate")
    OTHER = "other", _("other")


class ResultSource(models.TextChoices):
    """Where a final result in the academic record came from."""

    SHEET = "sheet", _("exam-rating sheet")
    RETAKE = "retake", _("FX retake")
    SUMMER = "summer", _("summer term")
    MOBILITY = "mobility", _("academic mobility")
    RECOGNITION = "recognition", _("recognition of credits")


class SectionKind(models.TextChoices):
    LECTURE = "lecture", _("lecture stream")
    PRACTICE = "practice", _("practice group")
    LAB = "lab", _("lab subgroup")


class SectionStatus(models.TextChoices):
    OPEN = "open", _("open")
    CANCELLED = "cancelled", _("cancelled")


class PlanStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned")
    APPROVED = "approved", _("approved")
    LOCKED = "locked", _("locked")


class PlanItemKind(models.TextChoices):
    COMPULSORY = "compulsory", _("compulsory")
    ELECTIVE = "elective", _("elective")
    RETAKE = "retake", _("retake")
    DIFFERENCE = "difference", _("academic difference")
    RESTUDY = "restudy", _("re-study to raise GPA")


class RegistrationRule(models.TextChoices):
    """The checks of RULES.md §7; an override lifts one of them for one student."""

    WINDOW = "window", _("registration window")
    STATUS = "status", _("student status")
    CREDITS_MAX = "credits_max", _("maximum credits")
    CREDITS_MIN = "credits_min", _("minimum credits")
    PREREQUISITE = "prerequisite", _("prerequisites")
    SECTION_FULL = "section_full", _("seat cap of a section")
    LANGUAGE = "language", _("language of instruction")
    BLOCK = "block", _("elective block choice")
    CLASH = "clash", _("timetable clash")
    ADD_DROP = "add_drop", _("add/drop share of credits")
    SUMMER = "summer", _("summer term eligibility")
