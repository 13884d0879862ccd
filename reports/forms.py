"""The filters of the report pages. Every report uses a subset of one set of fields (`FIELDS`), so
the same parameter means the same thing on every page and in every export link."""

import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academics.choices import Language, StudyForm
from academics.models import AcademicYear, Faculty, Programme, Term
from enrollment.choices import Funding, StudentStatus
from enrollment.forms import DateInput
from enrollment.models import AcademicGroup
from enrollment.policies import dean_faculty_ids
from orders.choices import OrderType
from registrar.dates import ACADEMIC_YEAR_FIRST_MONTH, academic_year_of

BLANK = [("", "---------")]


def _fields() -> dict:
    return {
        "on": forms.DateField(label=_("on date"), widget=DateInput(), required=False),
        "start": forms.DateField(label=_("from"), widget=DateInput(), required=False),
        "end": forms.DateField(label=_("to"), widget=DateInput(), required=False),
        "academic_year": forms.ModelChoiceField(
            label=_("academic year"), queryset=AcademicYear.objects.order_by("-start_year"), required=False
        ),
        "term": forms.ModelChoiceField(
            label=_("term"),
            queryset=Term.objects.select_related("academic_year").order_by("-starts_on"),
            required=False,
        ),
        "faculty": forms.ModelChoiceField(label=_("faculty"), queryset=Faculty.objects.all(), required=False),
        "programme": forms.ModelChoiceField(
            label=_("educational programme"), queryset=Programme.objects.all(), required=False
        ),
        "group": forms.ModelChoiceField(
            label=_("academic group"), queryset=AcademicGroup.objects.all(), required=False
        ),
        "year_of_study": forms.IntegerField(label=_("year of study"), min_value=1, max_value=7, required=False),
        "study_form": forms.ChoiceField(label=_("study form"), choices=BLANK + StudyForm.choices, required=False),
        "language": forms.ChoiceField(
            label=_("language of instruction"), choices=BLANK + Language.choices, required=False
        ),
        "funding": forms.ChoiceField(label=_("funding"), choices=BLANK + Funding.choices, required=False),
        "order_type": forms.ChoiceField(label=_("order type"), choices=BLANK + OrderType.choices, required=False),
        "status": forms.ChoiceField(
            label=_("status"),
            choices=[
                ("body", _("active and on academic leave")),
                ("active", StudentStatus.ACTIVE.label),
                ("on_leave", StudentStatus.ON_LEAVE.label),
            ],
            required=False,
        ),
    }


# Filters of the student state that `enrollment.selectors.body_rows_as_of` understands.
STATE_FILTERS = ("programme", "year_of_study", "study_form", "language", "funding")


class ReportFilterForm(forms.Form):
    """A report's filters: `field_names` picks which of `FIELDS` the page shows.

    For a dean's office the faculty and programme lists offer its own faculties only, but any id
    still validates: the view then refuses another faculty with 403 instead of silently ignoring it.
    """

    field_names: tuple[str, ...] = ()

    def __init__(self, data=None, *, user=None, field_names=None):
        super().__init__(data)
        names = field_names or self.field_names
        every = _fields()
        self.fields = {name: every[name] for name in names}
        own = dean_faculty_ids(user) if user is not None else None
        if own is not None:
            if "faculty" in self.fields:
                self.fields["faculty"].widget.choices = BLANK + [
                    (f.pk, str(f)) for f in Faculty.objects.filter(pk__in=own)
                ]
            if "programme" in self.fields:
                self.fields["programme"].widget.choices = BLANK + [
                    (p.pk, str(p)) for p in Programme.objects.filter(faculty_id__in=own)
                ]
            if "group" in self.fields:
                self.fields["group"].widget.choices = BLANK + [
                    (g.pk, str(g)) for g in AcademicGroup.objects.filter(programme__faculty_id__in=own)
                ]

    @property
    def values(self) -> dict:
        """The valid values (a field with a wrong value is left out, the others still apply)."""
        self.is_valid()
        return getattr(self, "cleaned_data", {})

    def get(self, name, default=None):
        value = self.values.get(name)
        return default if value in (None, "") else value

    def state_filters(self) -> dict:
        """The filters on the student's state, as keywords of `body_rows_as_of`."""
        return {name: self.get(name) for name in STATE_FILTERS if name in self.fields and self.get(name) is not None}

    def on_date(self) -> datetime.date:
        return self.get("on") or timezone.localdate()

    def period(self) -> tuple[datetime.date, datetime.date]:
        """[start, end]: by default the academic year of today up to today (as the movement page)."""
        today = timezone.localdate()
        year = self.get("academic_year")
        if year is not None and not (self.get("start") or self.get("end")):
            return year.starts_on, min(year.ends_on, max(today, year.starts_on))
        start = self.get("start") or datetime.date(academic_year_of(today), ACADEMIC_YEAR_FIRST_MONTH + 1, 1)
        end = self.get("end") or today
        return (start, end) if start <= end else (end, start)

    def query(self, **extra) -> str:
        """The form's valid values as a query string (for export links)."""
        from urllib.parse import urlencode

        params = {}
        for name, value in self.values.items():
            if value in (None, ""):
                continue
            params[name] = value.isoformat() if isinstance(value, datetime.date) else getattr(value, "pk", value)
        params.update(extra)
        return urlencode(params)
