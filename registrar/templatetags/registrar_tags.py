from django import template

from .. import selectors

register = template.Library()


@register.filter
def minutes(delta):
    """Whole minutes of a timedelta, at least 1."""
    if not delta:
        return ""
    return max(1, round(delta.total_seconds() / 60))


@register.inclusion_tag("partials/history.html")
def history_panel(obj, limit=50):
    """The audited changes of `obj`: who, when, which fields from what to what."""
    return {"entries": selectors.object_history(obj, limit=limit)}
