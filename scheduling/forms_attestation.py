"""Forms of the final-attestation pages. They parse input; scheduling.attestation holds the rules."""

from django import forms
from django.utils.translation import gettext_lazy as _

from academics.models import AcademicYear, Programme, Teacher

from .forms import RoomChoiceField, TeacherChoiceField, _helper
from .models import AttestationForm, Room


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class ProgrammesField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


def _teachers():
    return Teacher.objects.filter(is_active=True).select_related("user").order_by("user__last_name")


class CommissionForm(forms.Form):
    academic_year = forms.ModelChoiceField(
        label=_("academic year"), queryset=AcademicYear.objects.all(), empty_label=None
    )
    name = forms.CharField(label=_("name"), max_length=100, help_text=_("For example: SAC No. 1."))
    programmes = ProgrammesField(
        label=_("educational programmes"),
        queryset=Programme.objects.order_by("code"),
        widget=forms.SelectMultiple(attrs={"size": 6}),
    )
    chair_name = forms.CharField(label=_("chair"), max_length=255, help_text=_("Full name of the chair."))
    chair_position = forms.CharField(
        label=_("chair's position"), max_length=255, help_text=_("Position and place of work, academic degree.")
    )
    secretary = TeacherChoiceField(label=_("secretary (a teacher)"), queryset=_teachers(), required=False)
    secretary_name = forms.CharField(
        label=_("secretary (from outside)"),
        max_length=255,
        required=False,
        help_text=_("When the secretary is not a teacher."),
    )

    def __init__(self, *args, default_year=None, commission=None, **kwargs):
        if commission is not None:
            kwargs.setdefault(
                "initial",
                {
                    "academic_year": commission.academic_year_id,
                    "name": commission.name,
                    "programmes": list(commission.programmes.values_list("pk", flat=True)),
                    "chair_name": commission.chair_name,
                    "chair_position": commission.chair_position,
                    "secretary": commission.secretary_id,
                    "secretary_name": commission.secretary_name,
                },
            )
        super().__init__(*args, **kwargs)
        if default_year is not None and commission is None:
            self.fields["academic_year"].initial = default_year.pk
        self.helper = _helper()


class MemberForm(forms.Form):
    prefix = "member"
    teacher = TeacherChoiceField(label=_("teacher"), queryset=_teachers(), required=False)
    name = forms.CharField(label=_("full name (from outside)"), max_length=255, required=False)
    position = forms.CharField(label=_("position"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class EventForm(forms.Form):
    prefix = "event"
    programme = ProgrammeChoiceField(
        label=_("educational programme"), queryset=Programme.objects.none(), empty_label=None
    )
    form = forms.ChoiceField(label=_("form of attestation"), choices=AttestationForm.choices)
    date = forms.DateField(label=_("date"), widget=forms.DateInput(attrs={"type": "date"}))
    starts_at = forms.TimeField(label=_("starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("ends at"), widget=forms.TimeInput(attrs={"type": "time"}))
    room = RoomChoiceField(label=_("room"), queryset=Room.objects.filter(is_active=True).order_by("building", "number"))

    def __init__(self, *args, commission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = (
            commission.programmes.order_by("code") if commission else Programme.objects.none()
        )
        self.helper = _helper()


class DistributeForm(forms.Form):
    prefix = "distribute"
    programme = ProgrammeChoiceField(
        label=_("educational programme"), queryset=Programme.objects.none(), empty_label=None
    )
    form = forms.ChoiceField(label=_("form of attestation"), choices=AttestationForm.choices)

    def __init__(self, *args, commission=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = (
            commission.programmes.order_by("code") if commission else Programme.objects.none()
        )
        self.helper = _helper()
