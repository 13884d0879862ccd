"""Forms of the timetable pages. They parse input; scheduling.services holds the rules."""

import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from academics.choices import StudyForm
from academics.models import Teacher

from . import selectors
from .models import Availability, Room, Weekday
from .services import MAX_TIME_LIMIT


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class TeacherChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.full_name or obj.user.username


class RoomChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} · {obj.get_kind_display()} · {obj.capacity}"


class RoomForm(forms.ModelForm):
    features = forms.CharField(
        label=_("equipment"),
        required=False,
        help_text=_("Separated by commas: projector, smart board, 20 computers."),
    )

    class Meta:
        model = Room
        fields = ["building", "number", "capacity", "kind", "features", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.initial["features"] = self.instance.features_text
        self.helper = _helper()

    def clean_features(self):
        return [f.strip() for f in self.cleaned_data["features"].split(",") if f.strip()]


class ClassPeriodForm(forms.Form):
    study_form = forms.ChoiceField(label=_("study form"), choices=StudyForm.choices, initial=StudyForm.FULL_TIME)
    days = forms.TypedMultipleChoiceField(
        label=_("days of the week"),
        choices=Weekday.choices,
        coerce=int,
        initial=[1, 2, 3, 4, 5],
        widget=forms.CheckboxSelectMultiple,
    )
    number = forms.IntegerField(label=_("class period"), min_value=1, max_value=12)
    starts_at = forms.TimeField(label=_("starts at"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends_at = forms.TimeField(label=_("ends at"), widget=forms.TimeInput(attrs={"type": "time"}))

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class UnavailabilityForm(forms.Form):
    teacher = TeacherChoiceField(
        label=_("teacher"),
        queryset=Teacher.objects.filter(is_active=True).select_related("user").order_by("user__last_name"),
    )
    day = forms.TypedChoiceField(label=_("day of the week"), choices=Weekday.choices, coerce=int)
    period = forms.IntegerField(label=_("class period"), min_value=1, max_value=12)
    kind = forms.ChoiceField(label=_("kind"), choices=Availability.choices, initial=Availability.UNAVAILABLE)
    note = forms.CharField(label=_("note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class RoomUnavailabilityForm(forms.Form):
    room = RoomChoiceField(label=_("room"), queryset=Room.objects.order_by("building", "number"))
    day = forms.TypedChoiceField(label=_("day of the week"), choices=Weekday.choices, coerce=int)
    period = forms.IntegerField(label=_("class period"), min_value=1, max_value=12)
    note = forms.CharField(
        label=_("note"),
        max_length=255,
        required=False,
        help_text=_("For example: classes of another faculty, maintenance."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class SolveForm(forms.Form):
    term = TermChoiceField(label=_("term"), queryset=selectors.terms(), empty_label=None)
    study_form = forms.ChoiceField(label=_("study form"), choices=StudyForm.choices, initial=StudyForm.FULL_TIME)
    time_limit = forms.IntegerField(
        label=_("time limit, seconds"),
        min_value=1,
        max_value=MAX_TIME_LIMIT,
        initial=60,
        help_text=_("The longer the search, the better the timetable; a minute is enough for a faculty."),
    )

    def __init__(self, *args, default_term=None, **kwargs):
        super().__init__(*args, **kwargs)
        if default_term is not None:
            self.fields["term"].initial = default_term.pk
        self.helper = _helper()


class LessonMoveForm(forms.Form):
    day = forms.TypedChoiceField(label=_("day of the week"), coerce=int)
    period = forms.TypedChoiceField(label=_("class period"), coerce=int)
    room = RoomChoiceField(label=_("room"), queryset=Room.objects.filter(is_active=True).order_by("building", "number"))
    confirm = forms.BooleanField(
        label=_("Save despite the conflicts"),
        required=False,
        help_text=_("The conflicts are recorded with the lesson."),
    )

    def __init__(self, *args, grid=None, **kwargs):
        super().__init__(*args, **kwargs)
        days = sorted({d for d, _p in grid.rows}) if grid else []
        periods = sorted({p for _d, p in grid.rows}) if grid else []
        self.fields["day"].choices = [(d, Weekday(d).label) for d in days]
        self.fields["period"].choices = [(p, p) for p in periods]
        self.helper = _helper()


class ExamSolveForm(SolveForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_limit"].initial = 30
        self.fields["time_limit"].help_text = _("The longer the search, the better the schedule.")


class ExamMoveForm(forms.Form):
    date = forms.TypedChoiceField(label=pgettext_lazy("exam", "date"), coerce=datetime.date.fromisoformat)
    starts_at = forms.TypedChoiceField(label=_("starts at"), coerce=datetime.time.fromisoformat)
    rooms = forms.ModelMultipleChoiceField(
        label=_("rooms"),
        queryset=Room.objects.filter(is_active=True).order_by("building", "number"),
        help_text=_("The students are seated in the chosen rooms in proportion to their seats."),
    )
    confirm = forms.BooleanField(
        label=_("Save despite the conflicts"),
        required=False,
        help_text=_("The conflicts are recorded with the exam."),
    )

    def __init__(self, *args, days=(), times=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["date"].choices = [(d.isoformat(), f"{d:%d.%m.%Y}") for d in days]
        self.fields["starts_at"].choices = [(t.strftime("%H:%M"), t.strftime("%H:%M")) for t in times]
        self.fields["rooms"].label_from_instance = lambda r: f"{r} · {r.get_kind_display()} · {r.capacity}"
        self.helper = _helper()
