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
