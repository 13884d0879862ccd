"""The parameters each order type's items take (RULES.md §8), declared once.

Forms are built from these declarations and services clean every incoming dict with
`clean_params`, so the web form, the admission-list import and the admin all store the same
JSON: dates as ISO strings, references as ids (programmes by code or id), no unknown keys.
An order's own `params` are defaults for its items; an item's params override them.
"""

import datetime
from dataclasses import dataclass, field, replace

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _l

from academics.choices import Language, StudyForm
from enrollment.choices import Funding, Sex

from .choices import ExpulsionGround, LeaveGround, OrderType, TransferKind

# Kinds: text, email, date, int, bool, choice; references: programme, group, teacher, curriculum.
REFERENCE_KINDS = frozenset({"programme", "group", "teacher", "curriculum"})


@dataclass(frozen=True)
class Param:
    name: str
    label: Promise
    kind: str = "text"
    required: bool = False
    item_only: bool = False  # an applicant's IIN is never a default of the whole order
    choices: tuple = field(default=())
    max_length: int = 255
    min_value: int | None = None
    max_value: int | None = None


APPLICANT = (
    Param("last_name", _l("surname"), item_only=True, max_length=100),
    Param("first_name", _l("given name"), item_only=True, max_length=100),
    Param("patronymic", _l("patronymic"), item_only=True, max_length=100),
    Param("last_name_latin", _l("surname (Latin)"), item_only=True, max_length=100),
    Param("first_name_latin", _l("given name (Latin)"), item_only=True, max_length=100),
    Param("iin", _l("IIN"), item_only=True, max_length=12),
    Param("birth_date", _l("birth date"), "date", item_only=True),
    Param("sex", _l("sex"), "choice", item_only=True, choices=tuple(Sex.choices)),
    Param("citizenship", _l("citizenship"), item_only=True, max_length=2),
    Param("phone", _l("phone"), item_only=True, max_length=30),
    Param("email", _l("email"), "email", item_only=True),
    Param("address", _l("address"), item_only=True),
    Param("student_number", _l("student ID number"), item_only=True, max_length=20),
)

PLACEMENT = (
    Param("programme", _l("educational programme"), "programme"),
    Param("intake_year", _l("intake year"), "int", min_value=1990, max_value=2100),
    Param("year_of_study", _l("year of study"), "int", min_value=1, max_value=7),
    Param("study_form", _l("study form"), "choice", choices=tuple(StudyForm.choices)),
    Param("language", _l("language of instruction"), "choice", choices=tuple(Language.choices)),
    Param("funding", _l("funding"), "choice", choices=tuple(Funding.choices)),
    Param("curriculum", _l("curriculum"), "curriculum", item_only=True),
    Param("group", _l("academic group"), "group", item_only=True),
    Param("adviser", _l("adviser"), "teacher", item_only=True),
)

EFFECTIVE_ON = Param("effective_on", _l("in force from (if not the order's date)"), "date", item_only=True)


def _required(params: tuple, *names: str) -> tuple:
    return tuple(replace(p, required=True) if p.name in names else p for p in params)


APPLICANT_REQUIRED = ("last_name", "first_name", "birth_date", "sex")


NAME_FIELDS = (
    Param("last_name", _l("new surname"), item_only=True, max_length=100),
    Param("first_name", _l("new given name"), item_only=True, max_length=100),
    Param("patronymic", _l("new patronymic"), item_only=True, max_length=100),
    Param("last_name_latin", _l("new surname (Latin)"), item_only=True, max_length=100),
    Param("first_name_latin", _l("new given name (Latin)"), item_only=True, max_length=100),
)

PARAMS: dict[str, tuple[Param, ...]] = {
    OrderType.ENROLMENT: _required(APPLICANT, *APPLICANT_REQUIRED)
    + _required(PLACEMENT, "programme", "study_form", "language", "funding")
    + (EFFECTIVE_ON,),
    OrderType.PROMOTION: (EFFECTIVE_ON,),
    OrderType.REPEAT_YEAR: (EFFECTIVE_ON,),
    OrderType.TRANSFER: (
        Param("kind", _l("kind of transfer"), "choice", required=True, choices=tuple(TransferKind.choices)),
        *APPLICANT,
        *PLACEMENT,
        Param("previous_university", _l("from university")),
        Param("destination_university", _l("to university")),
        EFFECTIVE_ON,
    ),
    OrderType.ACADEMIC_LEAVE: (
        Param("leave_ground", _l("ground of the leave"), "choice", required=True, choices=tuple(LeaveGround.choices)),
        Param("leave_from", _l("leave from"), "date"),
        Param("leave_until", _l("leave until (last day)"), "date", required=True),
        Param("child_birth_date", _l("child's birth date"), "date", item_only=True),
    ),
    OrderType.RETURN_FROM_LEAVE: (
        Param("year_of_study", _l("year of study"), "int", min_value=1, max_value=7),
        Param("group", _l("academic group"), "group", item_only=True),
        EFFECTIVE_ON,
    ),
    OrderType.REINSTATEMENT: (
        Param("year_of_study", _l("year of study"), "int", min_value=1, max_value=7),
        Param("funding", _l("funding"), "choice", choices=tuple(Funding.choices)),
        Param("group", _l("academic group"), "group", item_only=True),
        EFFECTIVE_ON,
    ),
    OrderType.EXPULSION: (
        Param(
            "expulsion_ground",
            _l("ground of expulsion"),
            "choice",
            required=True,
            choices=tuple(ExpulsionGround.choices),
        ),
        Param("note", _l("note")),
        EFFECTIVE_ON,
    ),
    OrderType.FUNDING_CHANGE: (
        Param("funding", _l("new funding"), "choice", required=True, choices=tuple(Funding.choices)),
        EFFECTIVE_ON,
    ),
    OrderType.NAME_CHANGE: (
        *NAME_FIELDS,
        Param("document", _l("supporting document"), required=True, item_only=True),
        EFFECTIVE_ON,
    ),
    OrderType.GRADUATION: (
        Param("attestation_date", _l("date of the attestation commission's decision"), "date", required=True),
        Param("minutes_number", _l("minutes number"), required=True, max_length=40),
        Param("degree", _l("degree awarded (if not the programme's)")),
        Param("honours", _l("diploma with honours"), "bool", item_only=True),
        EFFECTIVE_ON,
    ),
    OrderType.CANCELLATION: (Param("cancels_item", _l("cancelled item"), "int", item_only=True, min_value=1),),
}


def params_for(order_type: str, *, order_level: bool = False) -> tuple[Param, ...]:
    params = PARAMS[order_type]
    return tuple(p for p in params if not p.item_only) if order_level else params


def param_labels(order_type: str) -> dict[str, Promise]:
    return {p.name: p.label for p in PARAMS[order_type]}


def parse_date(value) -> datetime.date:
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value).strip()
    for fmt in ("%Y-%m-%d", "%d.%m.%Y"):
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _clean_value(p: Param, value):
    """The JSON value of one parameter, or raise ValueError with the message to show."""
    if p.kind in ("text", "email"):
        text = str(value).strip()
        if len(text) > p.max_length:
            raise ValueError(_("at most %(n)d characters") % {"n": p.max_length})
        if p.kind == "email":
            try:
                validate_email(text)
            except ValidationError:
                raise ValueError(_("not a valid email address")) from None
        return text
    if p.kind == "date":
        try:
            return parse_date(value).isoformat()
        except ValueError:
            raise ValueError(_("not a date (DD.MM.YYYY)")) from None
    if p.kind == "bool":
        if isinstance(value, bool):
            return value
        text = str(value).strip().lower()
        if text in ("1", "true", "yes", "on"):
            return True
        if text in ("0", "false", "no", "off"):
            return False
        raise ValueError(_("not yes or no"))
    if p.kind == "choice":
        allowed = [str(c[0]) for c in p.choices]
        if str(value) not in allowed:
            raise ValueError(_("must be one of: %(values)s") % {"values": ", ".join(allowed)})
        return str(value)
    if p.kind == "programme":
        # A programme by its code (6B06101) or id; resolved when the order is signed.
        if isinstance(value, int) and not isinstance(value, bool):
            return value
        text = str(value).strip()
        return int(text) if text.isdigit() else text.upper()
    # int and the other references (ids)
    try:
        number = int(str(value).strip())
    except ValueError:
        raise ValueError(_("not a whole number")) from None
    if p.min_value is not None and number < p.min_value:
        raise ValueError(_("at least %(n)d") % {"n": p.min_value})
    if p.max_value is not None and number > p.max_value:
        raise ValueError(_("at most %(n)d") % {"n": p.max_value})
    if p.kind in REFERENCE_KINDS and number < 1:
        raise ValueError(_("not an id"))
    return number


def clean_params(
    order_type: str, raw: dict | None, *, order_level: bool = False, check_required: bool = False
) -> tuple[dict, list[tuple[str, str]]]:
    """(cleaned params, [(name, message)]). Empty values are dropped; unknown names are errors."""
    spec = {p.name: p for p in params_for(order_type, order_level=order_level)}
    cleaned, errors = {}, []
    for name, value in (raw or {}).items():
        p = spec.get(name)
        if p is None:
            errors.append((name, _("“%(name)s” is not a parameter of this order type.") % {"name": name}))
            continue
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        try:
            cleaned[name] = _clean_value(p, value)
        except ValueError as exc:
            errors.append((name, f"{p.label}: {exc}"))
    if check_required:
        for p in spec.values():
            if p.required and p.name not in cleaned and not any(n == p.name for n, _m in errors):
                errors.append((p.name, _("%(label)s: required.") % {"label": p.label}))
    return cleaned, errors
