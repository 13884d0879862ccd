"""Forms of the order pages. They parse input only; the rules are in orders.services.

Parameter fields are built from `orders.params` (one declaration per order type), so a new
parameter appears on the forms, in the services' checks and in the admin at once.
"""

import datetime

from django import forms
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from academics.choices import CurriculumStatus
from academics.models import Curriculum, Programme, Teacher
from enrollment.choices import StudentStatus
from enrollment.models import AcademicGroup

from .choices import OrderType
from .params import Param, params_for

PREFIX = "p_"


class DateInput(forms.DateInput):
    """The browser's date picker (ISO dates, accepted by DATE_INPUT_FORMATS)."""

    input_type = "date"

    def __init__(self, attrs=None):
        super().__init__(attrs=attrs, format="%Y-%m-%d")


def apply_errors(form: forms.Form, exc) -> None:
    """Show a DomainError's messages on the fields they name, the others above the form."""
    for error in exc.errors:
        name = getattr(error, "field", None) or exc.field
        for candidate in (name, f"{PREFIX}{name}"):
            if candidate and candidate in form.fields:
                form.add_error(candidate, str(error))
                break
        else:
            form.add_error(None, str(error))


def _param_field(p: Param) -> forms.Field:
    # Never required on a form: an item may take the value from the order's defaults; the signing
    # checks that every required value is there and says which is missing.
    common = {"label": p.label, "required": False}
    if p.required:
        common["help_text"] = _("Required (here or in the order's defaults).")
    if p.kind == "date":
        return forms.DateField(widget=DateInput, **common)
    if p.kind == "int":
        return forms.IntegerField(min_value=p.min_value, max_value=p.max_value, **common)
    if p.kind == "bool":
        return forms.BooleanField(**common)
    if p.kind == "email":
        return forms.EmailField(**common)
    if p.kind == "choice":
        return forms.ChoiceField(choices=[("", "—"), *p.choices], **common)
    if p.kind == "programme":
        return forms.ModelChoiceField(Programme.objects.filter(is_active=True), to_field_name="code", **common)
    if p.kind == "group":
        return forms.ModelChoiceField(AcademicGroup.objects.filter(is_active=True), **common)
    if p.kind == "teacher":
        return forms.ModelChoiceField(Teacher.objects.filter(is_active=True).select_related("user"), **common)
    if p.kind == "curriculum":
        return forms.ModelChoiceField(
            Curriculum.objects.filter(status=CurriculumStatus.APPROVED).select_related("programme"), **common
        )
    return forms.CharField(max_length=p.max_length, **common)


class ParamsMixin:
    """Adds the parameter fields of an order type (prefixed p_) and reads them back as a params dict."""

    def add_params(self, order_type: str, *, order_level: bool, initial: dict | None = None, exclude=()):
        self.param_names = []
        for p in params_for(order_type, order_level=order_level):
            if p.name in exclude:
                continue
            name = PREFIX + p.name
            self.fields[name] = _param_field(p)
            self.param_names.append(p.name)
            if initial and p.name in initial:
                self.initial[name] = initial[p.name]

    def params(self) -> dict:
        values = {}
        for name in self.param_names:
            value = self.cleaned_data.get(PREFIX + name)
            if value in (None, "", False):
                continue
            if isinstance(value, Model):
                value = value.code if isinstance(value, Programme) else value.pk
            elif isinstance(value, datetime.date):
                value = value.isoformat()
            values[name] = value
        return values


TYPE_CHOICES = [(value, label) for value, label in OrderType.choices if value != OrderType.CANCELLATION]
# Orders about existing students (an enrolment's items are applicants, not students).
BULK_TYPE_CHOICES = [(value, label) for value, label in TYPE_CHOICES if value != OrderType.ENROLMENT]


class OrderTypeForm(forms.Form):
    order_type = forms.ChoiceField(label=_("Order type"), choices=TYPE_CHOICES)


class OrderForm(ParamsMixin, forms.Form):
    """The order itself: dates, basis, and the defaults of its items."""

    order_date = forms.DateField(label=_("Order date"), widget=DateInput)
    effective_on = forms.DateField(label=_("In force from"), widget=DateInput)
    basis = forms.CharField(label=_("Basis"), required=False, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, order_type: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.order_type = order_type
        self.initial.setdefault("order_date", timezone.localdate())
        self.initial.setdefault("effective_on", timezone.localdate())
        if order_type != OrderType.CANCELLATION:
            self.add_params(order_type, order_level=True, initial=kwargs.get("initial", {}).get("params"))
        else:
            self.param_names = []


class ItemParamsForm(ParamsMixin, forms.Form):
    """The parameters of one item (or of several students added with the same values)."""

    def __init__(self, *args, order_type: str, initial_params: dict | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        exclude = ("cancels_item",)
        self.add_params(order_type, order_level=False, initial=initial_params, exclude=exclude)


class StudentSearchForm(forms.Form):
    q = forms.CharField(label=_("Find students"), required=False, help_text=_("Name, IIN or student ID number."))
    programme = forms.ModelChoiceField(
        label=_("Educational programme"), queryset=Programme.objects.all(), required=False, to_field_name="code"
    )
    year_of_study = forms.TypedChoiceField(
        label=_("Year of study"),
        choices=[("", "—")] + [(n, n) for n in range(1, 8)],
        coerce=int,
        empty_value=None,
        required=False,
    )
    group = forms.ModelChoiceField(label=_("Academic group"), queryset=AcademicGroup.objects.all(), required=False)
    status = forms.ChoiceField(label=_("Status"), choices=[("", "—"), *StudentStatus.choices], required=False)

    def has_criteria(self) -> bool:
        return self.is_valid() and any(self.cleaned_data.get(k) for k in self.fields)


class BulkOrderForm(forms.Form):
    """A draft of one type for many students (the student list's selection or a filter)."""

    order_type = forms.ChoiceField(label=_("Order type"), choices=BULK_TYPE_CHOICES)
    order_date = forms.DateField(label=_("Order date"), widget=DateInput, required=False)
    effective_on = forms.DateField(label=_("In force from"), widget=DateInput, required=False)
    basis = forms.CharField(label=_("Basis"), required=False)


class CancelOrderForm(forms.Form):
    basis = forms.CharField(label=_("Basis of the cancellation"), widget=forms.Textarea(attrs={"rows": 2}))
