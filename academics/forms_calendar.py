"""Forms of the calendar pages. They parse input only; every rule is in the services."""

import datetime

from django import forms
from django.utils.translation import gettext_lazy as _

from .choices import PeriodKind, StudyForm, TermKind
from .models import CalendarPeriod, Term


class DateInput(forms.DateInput):
    """The browser's date picker; it sends ISO dates, which DATE_INPUT_FORMATS accept."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def apply_errors(form: forms.Form, exc, field_map: dict | None = None) -> None:
    """Show a DomainError's violations on the fields they name (others above the form)."""
    for error in exc.errors:
        name = getattr(error, "field", None) or exc.field
        name = (field_map or {}).get(name, name)
        form.add_error(name if name in form.fields else None, str(error))


YEAR_CHOICES_OF_STUDY = [("", _("every year of study"))] + [(str(n), str(n)) for n in range(1, 8)]


class CalendarScopeForm(forms.Form):
    """Whose calendar to show: every study form / year of study, or one of them."""

    study_form = forms.ChoiceField(
        label=_("Study form"), required=False, choices=[("", _("every study form")), *StudyForm.choices]
    )
    year_of_study = forms.TypedChoiceField(
        label=_("Year of study"), required=False, choices=YEAR_CHOICES_OF_STUDY, coerce=int, empty_value=None
    )
    kind = forms.ChoiceField(label=_("Kind"), required=False, choices=[("", _("every kind")), *PeriodKind.choices])


class AcademicYearForm(forms.Form):
    start_year = forms.IntegerField(label=_("Starting year"), min_value=2000, max_value=2100)
    starts_on = forms.DateField(label=_("Starts on"), widget=DateInput)
    ends_on = forms.DateField(label=_("Ends on"), widget=DateInput)
    autumn_starts_on = forms.DateField(label=_("Autumn term starts on"), widget=DateInput)
    autumn_ends_on = forms.DateField(label=_("Autumn term ends on"), widget=DateInput)
    spring_starts_on = forms.DateField(label=_("Spring term starts on"), widget=DateInput)
    spring_ends_on = forms.DateField(label=_("Spring term ends on"), widget=DateInput)
    summer_starts_on = forms.DateField(label=_("Summer term starts on"), widget=DateInput, required=False)
    summer_ends_on = forms.DateField(label=_("Summer term ends on"), widget=DateInput, required=False)

    @staticmethod
    def suggested(start_year: int) -> dict:
        """A typical year (RULES.md §6): 1 September to 31 August, two 15-week terms with their sessions."""
        y, n = start_year, start_year + 1
        d = datetime.date
        return {
            "start_year": y,
            "starts_on": d(y, 9, 1),
            "ends_on": d(n, 8, 31),
            "autumn_starts_on": d(y, 9, 1),
            "autumn_ends_on": d(n, 1, 10),
            "spring_starts_on": d(n, 1, 19),
            "spring_ends_on": d(n, 6, 10),
            "summer_starts_on": d(n, 6, 15),
            "summer_ends_on": d(n, 7, 31),
        }

    def clean(self):
        data = super().clean()
        if bool(data.get("summer_starts_on")) != bool(data.get("summer_ends_on")):
            self.add_error("summer_ends_on", _("Give both dates of the summer term, or neither."))
        return data

    def terms(self) -> list[tuple[str, datetime.date, datetime.date]]:
        data = self.cleaned_data
        return [
            (kind, data[f"{kind}_starts_on"], data[f"{kind}_ends_on"])
            for kind in TermKind.values
            if data.get(f"{kind}_starts_on") and data.get(f"{kind}_ends_on")
        ]


class TermForm(forms.ModelForm):
    class Meta:
        model = Term
        fields = ["kind", "starts_on", "ends_on"]
        widgets = {"starts_on": DateInput, "ends_on": DateInput}

    def __init__(self, *args, academic_year=None, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            # A term keeps its kind; periods hang on it.
            self.fields["kind"].disabled = True
        elif academic_year is not None:
            taken = set(academic_year.terms.values_list("kind", flat=True))
            self.fields["kind"].choices = [(k, label) for k, label in TermKind.choices if k not in taken]

    def _post_clean(self):
        # The services validate and save; the model's own constraints would repeat their messages.
        pass


class PeriodForm(forms.ModelForm):
    class Meta:
        model = CalendarPeriod
        fields = ["kind", "term", "starts_on", "ends_on", "study_form", "year_of_study", "name"]
        widgets = {"starts_on": DateInput, "ends_on": DateInput}

    def __init__(self, *args, academic_year, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].queryset = Term.objects.filter(academic_year=academic_year).select_related("academic_year")
        self.fields["term"].help_text = _(
            "Needed for term windows, registration and add/drop; optional for vacations, holidays, "
            "practice and final attestation."
        )
        self.fields["study_form"].choices = [("", _("every study form")), *StudyForm.choices]

    def _post_clean(self):
        # The services validate and save; the model's own full_clean would duplicate their messages.
        pass


class CopyCalendarForm(forms.Form):
    target_start_year = forms.IntegerField(
        label=_("Copy to the academic year starting in"),
        min_value=2000,
        max_value=2100,
        help_text=_("Every date moves by whole years; review the copy and move what must fall on another day."),
    )
