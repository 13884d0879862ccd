"""State changes of the core: university settings, accounts, passwords, languages."""

import copy
import secrets
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from django.conf import settings as django_settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from . import policy
from .dates import academic_year_of
from .errors import DomainError
from .models import GradeScaleRow, PromotionThreshold, StudyLevel, UniversitySettings, User, parse_exam_start_times
from .scale import DEFAULT_SCALE, GradeBand, validate_scale
from .selectors import forget_university_settings

# RULES.md §4 defaults: bachelor 1→2 1.80, 2→3 2.00, 3→4 2.10, 4→5 2.20; master 2.30.
DEFAULT_PROMOTION_THRESHOLDS = [
    (StudyLevel.BACHELOR, 1, Decimal("1.80")),
    (StudyLevel.BACHELOR, 2, Decimal("2.00")),
    (StudyLevel.BACHELOR, 3, Decimal("2.10")),
    (StudyLevel.BACHELOR, 4, Decimal("2.20")),
    (StudyLevel.MASTER, 1, Decimal("2.30")),
]


def settings_ensure_defaults(*, academic_year: int | None = None) -> UniversitySettings:
    """Create the settings row, the default grade scale and this year's thresholds when missing."""
    with transaction.atomic():
        obj, _created = UniversitySettings.objects.get_or_create(pk=1)
        if not GradeScaleRow.objects.exists():
            GradeScaleRow.objects.bulk_create(
                GradeScaleRow(
                    letter=b.letter,
                    points=b.points,
                    min_percent=b.min_percent,
                    max_percent=b.max_percent,
                    traditional=b.traditional,
                )
                for b in DEFAULT_SCALE
            )
        year = academic_year if academic_year is not None else academic_year_of(timezone.localdate())
        if not PromotionThreshold.objects.filter(academic_year=year).exists():
            PromotionThreshold.objects.bulk_create(
                [
                    PromotionThreshold(academic_year=year, level=level, year_of_study=n, min_gpa=gpa)
                    for level, n, gpa in DEFAULT_PROMOTION_THRESHOLDS
                ],
                ignore_conflicts=True,
            )
    return obj


@dataclass(frozen=True)
class SettingsState:
    """The university settings and the grade scale at one moment (before or after a change)."""

    settings: UniversitySettings
    scale: tuple[GradeBand, ...]


# Later apps react to a change of the settings without the core importing them (grading recomputes
# every GPA when an option of the GPA changes): each registers a listener at start-up, called inside
# the saving transaction with the states before and after; a listener that has long work to do
# schedules it with transaction.on_commit.
_SETTINGS_LISTENERS: list[Callable[[SettingsState, SettingsState], None]] = []


def register_settings_listener(fn: Callable[[SettingsState, SettingsState], None]) -> Callable:
    if fn not in _SETTINGS_LISTENERS:
        _SETTINGS_LISTENERS.append(fn)
    return fn


def settings_state(obj: UniversitySettings | None = None) -> SettingsState:
    """The settings (`obj`, or as stored now) and the scale as stored now; read inside the changing
    transaction, never from the cache."""
    if obj is None:
        obj = UniversitySettings.objects.filter(pk=1).first() or UniversitySettings(pk=1)
    return SettingsState(copy.copy(obj), tuple(r.as_band() for r in GradeScaleRow.objects.all()))


def settings_changed(before: SettingsState, after: SettingsState) -> None:
    """Tell the registered listeners (call inside the transaction that saved the change)."""
    for fn in list(_SETTINGS_LISTENERS):
        fn(before, after)


def settings_update(*, actor: User, values: dict, scale: list[dict], thresholds: list[dict]) -> UniversitySettings:
    """Save the university settings, the grade scale and the promotion thresholds as one change.

    The scale must stay usable (registrar.scale.validate_scale); weights of the final score
    must add up to 1. Either everything is saved or nothing. Each row change is audited.
    """
    policy.require(actor, "settings.change")
    bands = [
        GradeBand(
            r["letter"].strip(), Decimal(r["points"]), int(r["min_percent"]), int(r["max_percent"]), r["traditional"]
        )
        for r in scale
    ]
    errors = validate_scale(bands)
    if Decimal(values["admission_weight"]) + Decimal(values["exam_weight"]) != Decimal(1):
        errors.append(_("The weights of the admission rating and the exam must add up to 1."))
    if int(values["registration_min_credits"]) > int(values["registration_max_credits"]):
        errors.append(_("The minimum credits per term exceed the maximum."))
    if int(values["practice_group_min_size"]) > int(values["practice_group_max_size"]):
        errors.append(_("The practice group minimum exceeds its maximum."))
    if int(values["lab_subgroup_min_size"]) > int(values["lab_subgroup_max_size"]):
        errors.append(_("The lab subgroup minimum exceeds its maximum."))
    for name, label in (
        ("attestation_max_per_defence", _("Final attestation: maximum students per defence sitting")),
        ("attestation_max_per_exam", _("Final attestation: maximum students per exam sitting")),
    ):
        if name in values and int(values[name] or 0) < 1:
            errors.append(_("%(field)s: at least one student.") % {"field": label})
    if "exam_start_times" in values:
        try:
            parse_exam_start_times(values["exam_start_times"])
        except ValueError:
            errors.append(_("Enter the exam start times as HH:MM separated by commas, for example 09:00,14:00."))
    letters = {b.letter for b in bands}
    if values["honours_lowest_letter"].strip() not in letters:
        errors.append(_("The lowest letter for honours is not a letter of the scale."))
    unknown = [x for x in _split_letters(values["honours_attestation_letters"]) if x not in letters]
    if unknown:
        errors.append(_("Not letters of the scale: %(letters)s.") % {"letters": ", ".join(unknown)})
    if errors:
        raise DomainError(errors[0], errors=errors)

    with transaction.atomic():
        obj = UniversitySettings.objects.select_for_update().get(pk=1)
        before = settings_state(obj)
        for name, value in values.items():
            setattr(obj, name, value)
        obj._history_user = actor
        obj.full_clean()
        obj.save()
        _replace_rows(
            GradeScaleRow,
            actor,
            key=lambda r: r["letter"].strip(),
            rows=scale,
            existing={r.letter: r for r in GradeScaleRow.objects.select_for_update()},
        )
        try:
            _replace_rows(
                PromotionThreshold,
                actor,
                key=lambda r: (int(r["academic_year"]), r["level"], int(r["year_of_study"])),
                rows=thresholds,
                existing={
                    (t.academic_year, t.level, t.year_of_study): t
                    for t in PromotionThreshold.objects.select_for_update()
                },
            )
        except IntegrityError as exc:  # pragma: no cover - the form rejects duplicates first
            raise DomainError(_("A promotion threshold is listed twice.")) from exc
        # First forget the cached settings, so that work the listeners schedule after commit reads the new ones.
        transaction.on_commit(forget_university_settings)
        settings_changed(before, settings_state())
    return obj


def _replace_rows(model, actor, *, key, rows, existing):
    """Make the table equal to `rows`: update changed rows, add new ones, delete missing ones."""
    seen = set()
    for data in rows:
        k = key(data)
        seen.add(k)
        obj = existing.get(k) or model()
        changed = obj.pk is None
        for field, value in data.items():
            if getattr(obj, field) != value:
                setattr(obj, field, value)
                changed = True
        if changed:
            obj._history_user = actor
            obj.full_clean(validate_unique=False)
            obj.save()
    for k, obj in existing.items():
        if k not in seen:
            obj._history_user = actor
            obj.delete()


def _split_letters(text: str) -> list[str]:
    return [x.strip() for x in text.split(",") if x.strip()]


def generate_password() -> str:
    """A temporary password that is easy to dictate: 12 characters without look-alikes."""
    alphabet = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _ in range(12))


def user_reset_password(*, actor: User, user: User) -> str:
    """Give `user` a new temporary password and force a change at the next login.

    Returns the password to hand over once; it is not stored anywhere else.
    """
    policy.require(actor, "user.reset_password", user)
    password = generate_password()
    with transaction.atomic():
        user.set_password(password)
        user.must_change_password = True
        user._history_user = actor
        user._change_reason = gettext_noop("password reset")
        user.save(update_fields=["password", "must_change_password"])
    return password


def user_change_password(*, user: User, new_password: str) -> None:
    """The user chooses a new password; the forced change is then satisfied."""
    try:
        validate_password(new_password, user)
    except ValidationError as exc:
        raise DomainError(" ".join(exc.messages), field="new_password1") from exc
    user.set_password(new_password)
    user.must_change_password = False
    user._history_user = user
    user.save(update_fields=["password", "must_change_password"])


def user_set_language(*, user: User, language: str) -> None:
    """Remember the interface language of a user (used at every later login)."""
    if language not in dict(django_settings.LANGUAGES):
        raise DomainError(_("Unknown language."), field="language")
    if user.is_authenticated and user.language != language:
        user.language = language
        user._history_user = user
        user.save(update_fields=["language"])
