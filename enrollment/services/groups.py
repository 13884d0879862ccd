"""Academic groups: named by the pattern in the university settings, numbered per programme,
intake year, study form and language.

`group_name` is a pure function (no database); `group_create` is also what placement uses when
an enrolment needs a new group.
"""

import string

from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from academics.models import Programme
from registrar.errors import DomainError
from registrar.policy import require
from registrar.selectors import university_settings

from ..models import AcademicGroup

PLACEHOLDERS = ("code", "yy", "yyyy", "year", "n", "lang", "form")
NAME_MAX_LENGTH = AcademicGroup._meta.get_field("name").max_length


def group_name(pattern: str, code: str, intake_year: int, number: int, language: str, study_form: str = "") -> str:
    """The group's name from `pattern`: {code} programme short code, {yy} intake year in two digits,
    {yyyy} or {year} in four, {n} number, {lang} language code (kk, ru, en), {form} study form.
    Format specs work ({n:02d}).

    Raises ValueError for an unknown placeholder or a broken pattern.
    """
    fields = [f for _text, f, _spec, _conv in string.Formatter().parse(pattern) if f is not None]
    unknown = [f for f in fields if f not in PLACEHOLDERS]
    if unknown:
        raise ValueError(f"unknown placeholder {{{unknown[0]}}} in the group name pattern")
    values = {
        "code": code,
        "yy": f"{intake_year % 100:02d}",
        "yyyy": intake_year,
        "year": intake_year,
        "n": number,
        "lang": language,
        "form": study_form,
    }
    return pattern.format_map(values).strip()


def group_next_number(*, programme, intake_year: int) -> int:
    """Numbers run across the programme's intake (every form and language), as placement numbers
    them, so the default pattern, which has no language in it, still gives each group its own name."""
    last = AcademicGroup.objects.filter(programme=programme, intake_year=intake_year).aggregate(m=Max("number"))["m"]
    return (last or 0) + 1


def group_default_name(*, programme, intake_year: int, study_form: str, language: str, number: int) -> str:
    pattern = university_settings().group_name_pattern
    try:
        return group_name(pattern, programme.short_code or programme.code, intake_year, number, language, study_form)
    except (ValueError, KeyError, IndexError) as exc:
        raise DomainError(
            _("The group name pattern “%(pattern)s” of the university settings is broken: %(error)s.")
            % {"pattern": pattern, "error": exc},
            field="name",
        ) from exc


def _check(values: dict) -> None:
    programme = values["programme"]
    errors = []
    if values["study_form"] not in programme.study_forms:
        errors.append(
            ("study_form", _("%(programme)s is not taught in this study form.") % {"programme": programme.code})
        )
    if values["language"] not in programme.languages:
        errors.append(("language", _("%(programme)s is not taught in this language.") % {"programme": programme.code}))
    if len(values["name"]) > NAME_MAX_LENGTH:
        errors.append(("name", _("A group name has at most %(n)d characters.") % {"n": NAME_MAX_LENGTH}))
    clash = AcademicGroup.objects.filter(name=values["name"]).exclude(pk=values.get("pk")).exists()
    if clash:
        errors.append(("name", _("A group named %(name)s already exists.") % {"name": values["name"]}))
    numbered = (
        AcademicGroup.objects.filter(
            programme=programme,
            intake_year=values["intake_year"],
            study_form=values["study_form"],
            language=values["language"],
            number=values["number"],
        )
        .exclude(pk=values.get("pk"))
        .exists()
    )
    if numbered:
        errors.append(
            (
                "number",
                _("Group number %(n)d already exists for this programme, intake, form and language.")
                % {"n": values["number"]},
            )
        )
    if errors:
        raise DomainError(errors[0][1], field=errors[0][0], errors=[m for _f, m in errors])


def group_create(
    *,
    actor,
    programme,
    intake_year: int,
    study_form: str,
    language: str,
    number: int | None = None,
    name: str = "",
    curator=None,
) -> AcademicGroup:
    """A new group; without `number` the next free one, without `name` the name from the pattern."""
    require(actor, "student.manage")
    with transaction.atomic():
        # Groups of a programme are numbered one at a time (placement locks the same row while signing),
        # so two registrars adding a group at once get numbers 1 and 2, not a clash.
        Programme.objects.select_for_update().filter(pk=programme.pk).first()
        if number is None:
            number = group_next_number(programme=programme, intake_year=intake_year)
        name = (name or "").strip() or group_default_name(
            programme=programme, intake_year=intake_year, study_form=study_form, language=language, number=number
        )
        values = {
            "programme": programme,
            "intake_year": intake_year,
            "study_form": study_form,
            "language": language,
            "number": number,
            "name": name,
        }
        _check(values)
        group = AcademicGroup(**values, curator=curator)
        group._history_user = actor
        try:
            with transaction.atomic():
                group.save()
        except IntegrityError as exc:  # created by someone else at the same moment
            raise DomainError(_("A group with this name or number was created meanwhile; try again.")) from exc
    return group


STRUCTURE_FIELDS = ("programme", "intake_year", "study_form", "language", "number")


def group_update(*, actor, group: AcademicGroup, data: dict) -> AcademicGroup:
    """Change name, curator, active flag; programme, intake, form, language and number only while
    the group has no students (members' records would otherwise contradict their group)."""
    require(actor, "student.manage", group)
    with transaction.atomic():
        locked = AcademicGroup.objects.select_for_update().get(pk=group.pk)
        moved = [f for f in STRUCTURE_FIELDS if f in data and data[f] != getattr(locked, f)]
        if moved and locked.students.exists():
            raise DomainError(
                _("The group has students: its programme, intake year, study form, language and number stay."),
                field=moved[0],
            )
        for name, value in data.items():
            if name not in (*STRUCTURE_FIELDS, "name", "curator", "is_active"):
                raise ValueError(f"not an editable group field: {name}")
            setattr(locked, name, value)
        locked.name = (locked.name or "").strip() or group_default_name(
            programme=locked.programme,
            intake_year=locked.intake_year,
            study_form=locked.study_form,
            language=locked.language,
            number=locked.number,
        )
        _check(
            {
                "pk": locked.pk,
                **{f: getattr(locked, f) for f in STRUCTURE_FIELDS},
                "name": locked.name,
            }
        )
        locked._history_user = actor
        locked.save()
    return locked
