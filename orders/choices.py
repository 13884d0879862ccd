"""Enumerations of orders on the student body (RULES.md §8)."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class OrderType(models.TextChoices):
    ENROLMENT = "enrolment", _("enrolment")
    PROMOTION = "promotion", _("promotion to the next year")
    REPEAT_YEAR = "repeat_year", _("repeat year")
    TRANSFER = "transfer", _("transfer")
    ACADEMIC_LEAVE = "academic_leave", _("academic leave")
    RETURN_FROM_LEAVE = "return_from_leave", _("return from leave")
    REINSTATEMENT = "reinstatement", _("reinstatement")
    EXPULSION = "expulsion", _("expulsion")
    FUNDING_CHANGE = "funding_change", _("change of funding")
    NAME_CHANGE = "name_change", _("change of name")
    GRADUATION = "graduation", _("graduation")
    CANCELLATION = "cancellation", _("cancellation of an order")


class OrderStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    SIGNED = "signed", _("signed")


class TransferKind(models.TextChoices):
    INTERNAL = "internal", _("within the university")
    INCOMING = "incoming", _("from another university")
    OUTGOING = "outgoing", _("to another university")


class LeaveGround(models.TextChoices):
    """Grounds of academic leave (order No. 506 of 04.12.2014)."""

    MEDICAL = "medical", _("illness (medical advisory commission)")
    TUBERCULOSIS = "tuberculosis", _("tuberculosis")
    MILITARY = "military", _("military service")
    CHILD_CARE = "child_care", _("child care until the age of three")


class ExpulsionGround(models.TextChoices):
    OWN_WISH = "own_wish", _("at own wish")
    ACADEMIC_FAILURE = "academic_failure", _("academic failure")
    ABSENCES = "absences", _("36 or more hours missed without a valid reason in a term")
    CONDUCT = "conduct", _("breach of conduct or academic integrity")
    NON_PAYMENT = "non_payment", _("non-payment of tuition")
    TRANSFER = "transfer", _("transfer to another university")
    DEATH = "death", _("death")
