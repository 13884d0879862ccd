"""Personal data of a student that the registrar's office corrects directly (RULES.md §10).

Status, programme, year of study, group, funding and the Cyrillic names change only by orders
(RULES.md §8) through `services.status`; this module refuses them. The Latin spelling is a tracked
field (English documents print it), so its correction goes through the status writer too and the
history shows it; everything else is saved here with the audit trail of django-simple-history.
"""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from registrar.errors import DomainError
from registrar.policy import require
from registrar.roles import Role

from ..choices import Movement
from ..iin import validate_iin
from ..models import Student
from .status import student_apply_change

PERSONAL_FIELDS = ("iin", "birth_date", "sex", "citizenship", "phone", "email", "address", "adviser")
LATIN_FIELDS = ("last_name_latin", "first_name_latin")
EDITABLE_FIELDS = PERSONAL_FIELDS + LATIN_FIELDS
# The ground recorded with a Latin-spelling correction (not a change of name by order).
LATIN_SPELLING_GROUND = "latin_spelling"


def _clean_iin(value) -> str | None:
    value = (value or "").strip()
    return value or None


def student_update_personal(*, actor, student: Student, data: dict, effective_on=None) -> Student:
    """Correct contacts, citizenship, birth date, sex, IIN and Latin spelling of `student`, or
    change the adviser (placement assigns one at enrolment; the office may reassign).

    The IIN, when present, must pass every check of RULES.md §10 against the birth date and sex
    being saved, and belong to nobody else. Refuses any other field with a DomainError naming it.
    """
    require(actor, "student.manage", student)
    refused = sorted(set(data) - set(EDITABLE_FIELDS))
    if refused:
        raise DomainError(
            _("These fields change only by an order: %(fields)s.") % {"fields": ", ".join(refused)},
            field=refused[0],
        )
    values = {name: data.get(name, getattr(student, name)) for name in EDITABLE_FIELDS}
    values["iin"] = _clean_iin(values["iin"])
    values["citizenship"] = (values["citizenship"] or "").strip().upper()

    if len(values["citizenship"]) != 2 or not values["citizenship"].isalpha():
        raise DomainError(_("Citizenship is a two-letter country code, e.g. KZ."), field="citizenship")
    adviser = values["adviser"]
    changed_adviser = adviser is not None and adviser.pk != student.adviser_id
    if changed_adviser and (not adviser.is_active or not adviser.user.has_role(Role.ADVISER)):
        raise DomainError(
            _("%(teacher)s is not an active teacher holding the adviser role.") % {"teacher": adviser},
            field="adviser",
        )
    if values["iin"]:
        errors = validate_iin(values["iin"], birth_date=values["birth_date"], sex=values["sex"])
        if Student.objects.filter(iin=values["iin"]).exclude(pk=student.pk).exists():
            errors.append(_("Another student already has the IIN %(iin)s.") % {"iin": values["iin"]})
        if errors:
            raise DomainError(errors[0], field="iin", errors=errors)

    with transaction.atomic():
        locked = Student.objects.select_for_update().get(pk=student.pk)
        latin = {n: values[n] for n in LATIN_FIELDS if values[n] != getattr(locked, n)}
        personal = {n: values[n] for n in PERSONAL_FIELDS if values[n] != getattr(locked, n)}
        if personal:
            for name, value in personal.items():
                setattr(locked, name, value)
            locked._history_user = actor
            locked.full_clean()
            locked.save()
        if latin:
            # History stays in date order (as orders keep it): a correction made before an order
            # already signed for a later date takes effect with that order, not earlier.
            latest = locked.status_changes.order_by("-effective_on").values_list("effective_on", flat=True).first()
            day = effective_on or timezone.localdate()
            student_apply_change(
                actor=actor,
                student=locked,
                movement=Movement.NAME_CHANGED,
                changes=latin,
                effective_on=max(day, latest) if latest else day,
                ground=LATIN_SPELLING_GROUND,
            )
    for name in EDITABLE_FIELDS:
        setattr(student, name, getattr(locked, name))
    return student
