"""Tags of the document templates (templates/documents/): labels and names in the document's
language(s) (transcripts/labels.py)."""

from django import template
from django.utils import translation

from ..labels import in_languages
from ..labels import label as label_text

register = template.Library()


@register.simple_tag(takes_context=True)
def label(context, key):
    return label_text(key, context.get("langs") or [translation.get_language() or "ru"])


@register.simple_tag(takes_context=True)
def names(context, obj, field="name", sep=" / "):
    """obj.<field>_kk / _ru / _en for the document's languages."""
    langs = context.get("langs") or [translation.get_language() or "ru"]
    return in_languages(lambda lang: obj.translated(field, lang), langs, sep)


@register.simple_tag(takes_context=True)
def choice(context, value_label, field=None):
    """A choice's label in the document's languages: `{% choice lazy_label %}`, or
    `{% choice obj "field" %}` for the label of obj.field's value."""
    langs = context.get("langs") or [translation.get_language() or "ru"]
    if field is not None:
        obj = value_label
        value_label = dict(obj._meta.get_field(field).flatchoices).get(getattr(obj, field), getattr(obj, field))

    def one(lang):
        with translation.override(lang):
            return str(value_label)

    return in_languages(one, langs)
