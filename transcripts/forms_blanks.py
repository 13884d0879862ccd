"""Forms and the list filter of the strict-reporting blanks pages. They parse input; the rules (ranges,
overlaps, the act, what may be spoiled) are in transcripts/services.py."""

import datetime

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from enrollment.forms import DateInput

from .models import Blank, BlankKind, BlankStatus


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class ReceiveBlanksForm(forms.Form):
    kind = forms.ChoiceField(label=_("blank"), choices=BlankKind.choices)
    series = forms.CharField(label=_("series"), max_length=12, help_text=_("As printed on the blanks, e.g. BD."))
    first_number = forms.IntegerField(label=_("first number"), min_value=1)
    last_number = forms.IntegerField(label=_("last number"), min_value=1)
    number_width = forms.IntegerField(
        label=_("digits in the number"),
        min_value=1,
        max_value=12,
        initial=7,
        help_text=_("Numbers are printed with leading zeros to this many digits."),
    )
    received_on = forms.DateField(label=_("received on"), widget=DateInput())
    act_number = forms.CharField(label=_("act of receipt"), max_length=40)
    note = forms.CharField(label=_("note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("initial", {})
        kwargs["initial"].setdefault("received_on", timezone.localdate())
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class SpoilForm(forms.Form):
    reason = forms.CharField(
        label=_("reason it was spoiled"),
        max_length=255,
        help_text=_("A misprint, damage: what happened to the blank."),
    )


class BlankReportForm(forms.Form):
    start = forms.DateField(label=_("from"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("to"), widget=DateInput(), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def clean(self):
        data = super().clean()
        start, end = data.get("start"), data.get("end")
        if start and end and start > end:
            self.add_error("end", _("The end of the period must not be before its start."))
        return data

    def period(self) -> tuple[datetime.date, datetime.date]:
        """The period asked for; by default from 1 January of this year to today."""
        today = timezone.localdate()
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        end = data.get("end") or today
        start = data.get("start") or datetime.date(end.year, 1, 1)
        return start, end


class BlankFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(label=_("number"), method="search", help_text=_("Number or series and number"))
    kind = django_filters.ChoiceFilter(label=_("blank"), choices=BlankKind.choices)
    series = django_filters.CharFilter(label=_("series"), method="filter_series")
    status = django_filters.ChoiceFilter(label=_("status"), choices=BlankStatus.choices)

    class Meta:
        model = Blank
        fields = ["q", "kind", "series", "status"]

    def filter_series(self, queryset, name, value):
        return queryset.filter(series=value.strip().upper())

    def search(self, queryset, name, value):
        """ "123" or "0000123": that number in any series; "BD 0000123": that blank; other text: a part of
        the series and number."""
        words = value.split()
        if not words:
            return queryset
        if len(words) == 1 and words[0].isdigit():
            return queryset.filter(number=int(words[0])) if len(words[0].lstrip("0")) <= 9 else queryset.none()
        condition = Q(label__icontains=" ".join(words).upper())
        if len(words) == 2 and words[1].isdigit() and len(words[1].lstrip("0")) <= 9:
            condition |= Q(series=words[0].upper(), number=int(words[1]))
        return queryset.filter(condition)
