"""Forms of the sheet pages: they parse input; the rules are the services' (grading.services.sheets)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from academics.models import Term

from .models import CorrectionStatus, SheetRow
from .services.sheets import ENTRY_FIELDS


class TermChoice(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.academic_year} · {obj.get_kind_display()}"


class SheetsCreateForm(forms.Form):
    term = TermChoice(
        label=_("term"),
        queryset=Term.objects.select_related("academic_year").order_by("-academic_year__start_year", "-starts_on"),
        help_text=_(
            "One sheet per open section of the term with students of approved plans; existing open sheets "
            "gain the students they lack."
        ),
    )


class CellForm(forms.Form):
    """One cell typed in the grid (htmx): the value is parsed by the service, which names the problem."""

    row = forms.IntegerField()
    field = forms.ChoiceField(choices=[(f, f) for f in ENTRY_FIELDS])
    value = forms.CharField(required=False, strip=True, max_length=20)
    version = forms.IntegerField(min_value=1)


class ReopenForm(forms.Form):
    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=1000,
        help_text=_("The teacher receives it with the notice."),
    )


class CorrectionRequestForm(forms.Form):
    field = forms.ChoiceField(label=_("cell"))
    new_value = forms.CharField(
        label=_("new value"),
        required=False,
        max_length=20,
        help_text=_("A number from 0 to 100 with at most two decimals; for the mark: no_show, valid_reason or empty."),
    )
    reason = forms.CharField(label=_("reason"), widget=forms.Textarea(attrs={"rows": 3}), max_length=2000)

    def __init__(self, *args, row: SheetRow, fields, labels: dict, **kwargs):
        super().__init__(*args, **kwargs)
        choices = []
        for name in fields:
            current = getattr(row, name)
            shown = row.get_mark_display() if name == "mark" else current
            choices.append((name, f"{labels[name][0]} ({_('now')}: {shown if shown not in (None, '') else '—'})"))
        self.fields["field"].choices = choices


class CorrectionDecideForm(forms.Form):
    decision = forms.ChoiceField(
        label=_("decision"),
        choices=[(CorrectionStatus.APPROVED, _("approve")), (CorrectionStatus.REJECTED, _("reject"))],
    )
    note = forms.CharField(label=_("note"), required=False, max_length=2000, widget=forms.TextInput())


class SheetImportForm(forms.Form):
    file = forms.FileField(label=_("filled-in template (.xlsx)"))
