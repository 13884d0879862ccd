"""Reads of the core used by several views, each a bounded number of queries."""

from datetime import timedelta

from django.conf import settings
from django.contrib.auth.models import Group
from django.core.cache import cache
from django.db.models import Count, IntegerField, Q, Value
from django.utils import timezone
from simple_history.models import registered_models

from .models import GradeScaleRow, PromotionThreshold, UniversitySettings, User
from .roles import Role
from .scale import GradeBand

SETTINGS_CACHE_KEY = "registrar:university-settings"
SETTINGS_CACHE_SECONDS = 5


def university_settings() -> UniversitySettings:
    """The settings row (created with defaults on first use).

    Cached for a few seconds so loops over many rows do not re-read it; a change clears the
    cache of the process that made it, and other processes see it within SETTINGS_CACHE_SECONDS
    (with a shared cache, CACHE_URL=redis://..., at once).
    """
    obj = cache.get(SETTINGS_CACHE_KEY)
    if obj is None:
        obj = UniversitySettings.objects.filter(pk=1).first()
        if obj is None:
            from .services import settings_ensure_defaults

            obj = settings_ensure_defaults()
        cache.set(SETTINGS_CACHE_KEY, obj, SETTINGS_CACHE_SECONDS)
    return obj


def forget_university_settings() -> None:
    cache.delete(SETTINGS_CACHE_KEY)


def grade_scale() -> tuple[GradeBand, ...]:
    rows = list(GradeScaleRow.objects.all())
    if not rows:
        from .services import settings_ensure_defaults

        settings_ensure_defaults()
        rows = list(GradeScaleRow.objects.all())
    return tuple(r.as_band() for r in rows)


def promotion_threshold(academic_year: int, level: str, year_of_study: int):
    """The threshold in force: that year's, else the latest earlier year's; None if never set."""
    row = (
        PromotionThreshold.objects.filter(academic_year__lte=academic_year, level=level, year_of_study=year_of_study)
        .order_by("-academic_year")
        .first()
    )
    return row.min_gpa if row else None


def users_by_role() -> list[dict]:
    """Active users per role, with how many still have to replace a generated password."""
    counts = {
        g.name: (g.active, g.pending)
        for g in Group.objects.annotate(
            active=Count("user", filter=Q(user__is_active=True)),
            pending=Count("user", filter=Q(user__is_active=True, user__must_change_password=True)),
        )
    }
    return [
        {
            "role": role.value,
            "label": role.label,
            "count": counts.get(role.value, (0, 0))[0],
            "pending": counts.get(role.value, (0, 0))[1],
        }
        for role in Role
    ]


def user_totals() -> dict:
    from axes.models import AccessAttempt

    since = timezone.now() - timedelta(hours=settings.AXES_COOLOFF_TIME)
    totals = User.objects.aggregate(
        active=Count("pk", filter=Q(is_active=True)),
        pending=Count("pk", filter=Q(is_active=True, must_change_password=True)),
    )
    totals["locked"] = AccessAttempt.objects.filter(
        failures_since_start__gte=settings.AXES_FAILURE_LIMIT, attempt_time__gte=since
    ).count()
    return totals


def audited_models() -> list:
    """Models whose changes are kept by django-simple-history, in a stable order."""
    return sorted((m for m in registered_models.values() if hasattr(m, "history")), key=lambda m: m._meta.label)


def _label(model, record) -> str:
    """The object's text as it was, built from the history row (no query, unlike `record.instance`)."""
    values = {f.attname: getattr(record, f.attname) for f in model._meta.concrete_fields if hasattr(record, f.attname)}
    try:
        return str(model(**values))
    except Exception:  # a __str__ that needs a related row: fall back to the id
        return f"#{values.get(model._meta.pk.attname)}"


def recent_changes(limit: int = 15) -> list[dict]:
    """The latest audited changes across the project.

    One UNION query finds the latest rows of every history table, then one query per model
    that appears among them loads those rows: bounded by `limit`, not by the number of models.
    """
    models = audited_models()
    if not models:
        return []
    parts = [
        m.history.annotate(src=Value(i, output_field=IntegerField()))
        .values("history_id", "history_date", "src")
        .order_by()
        for i, m in enumerate(models)
    ]
    latest = list(parts[0].union(*parts[1:], all=True).order_by("-history_date")[:limit])
    wanted: dict[int, list[int]] = {}
    for row in latest:
        wanted.setdefault(row["src"], []).append(row["history_id"])
    records = {}
    for src, ids in wanted.items():
        for h in models[src].history.filter(history_id__in=ids).select_related("history_user"):
            records[(src, h.history_id)] = h
    rows = []
    for row in latest:
        h = records.get((row["src"], row["history_id"]))
        if h is None:
            continue
        model = models[row["src"]]
        rows.append(
            {
                "date": h.history_date,
                "user": h.history_user,
                "type": h.get_history_type_display(),
                "model": model._meta.verbose_name,
                "object": _label(model, h),
                "reason": h.history_change_reason or "",
            }
        )
    return rows


def object_history(obj, limit: int = 50) -> list[dict]:
    """Changes of one object, newest first, each with the fields it changed (old → new).

    Many-to-many changes (e.g. prerequisites) are shown as the related objects' names, read
    with one query per related model for the whole page, not per entry.
    """
    records = list(obj.history.select_related("history_user").order_by("-history_date", "-history_id")[: limit + 1])
    entries, m2m_ids = [], {}
    for newer, older in zip(records, records[1:] + [None], strict=False):
        changes = []
        if older is not None:
            delta = newer.diff_against(older)
            for change in delta.changes:
                field = obj._meta.get_field(change.field)
                old, new = change.old, change.new
                if field.many_to_many:
                    key = field.m2m_reverse_field_name()
                    old = [row.get(key) for row in old or []]
                    new = [row.get(key) for row in new or []]
                    m2m_ids.setdefault(field.related_model, set()).update(old + new)
                changes.append(
                    {
                        "field": field.verbose_name,
                        "old": old,
                        "new": new,
                        "m2m": field.many_to_many,
                        "model": field.related_model,
                    }
                )
        entries.append(
            {
                "date": newer.history_date,
                "user": newer.history_user,
                "type": newer.get_history_type_display(),
                "reason": newer.history_change_reason or "",
                "changes": changes,
            }
        )
    names = {model: model.objects.in_bulk(ids - {None}) for model, ids in m2m_ids.items()}
    for entry in entries:
        for change in entry["changes"]:
            if change.pop("m2m"):
                found = names[change["model"]]
                for side in ("old", "new"):
                    change[side] = ", ".join(str(found.get(pk, f"#{pk}")) for pk in change[side]) or None
            change.pop("model")
    return entries[:limit]
