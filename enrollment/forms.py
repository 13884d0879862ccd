"""Forms of the student file. They parse input; the services hold the rules."""

import datetime

from crispy_forms.helper import FormHelper
from django import forms
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from academics.choices import Language, StudyForm
from academics.models import Programme, Teacher

from .choices import DocumentType, StudentStatus
from .models import AcademicGroup, Student
from .services.documents import ALLOWED_EXTENSIONS, human_size, max_bytes
from .services.students import EDITABLE_FIELDS


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, **kwargs):
        super().__init__(format="%Y-%m-%d", **kwargs)


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class StudentPersonalForm(forms.ModelForm):
    """Personal data the office corrects directly; the rest changes only by orders (RULES.md §8)."""

    class Meta:
        model = Student
        fields = list(EDITABLE_FIELDS)
        widgets = {"birth_date": DateInput(), "address": forms.TextInput()}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["adviser"] = TeacherChoiceField(
            label=_("adviser"),
            queryset=adviser_choices(self.instance.adviser_id),
            required=False,
            help_text=_("Active teachers holding the adviser role."),
        )
        self.fields["iin"].required = False
        self.fields["iin"].help_text = _(
            "12 digits; checked against the birth date and sex. Empty for foreign students without one."
        )
        self.helper = _helper()

    def _post_clean(self):
        # Model validation (uniqueness, the IIN check) is the service's job: it names every failed check.
        pass


class DocumentUploadForm(forms.Form):
    doc_type = forms.ChoiceField(label=_("document type"), choices=DocumentType.choices)
    file = forms.FileField(
        label=_("file"),
        widget=forms.ClearableFileInput(attrs={"accept": ",".join(ALLOWED_EXTENSIONS)}),
    )
    note = forms.CharField(label=_("note"), max_length=255, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = gettext("PDF, JPG or PNG, at most %(limit)s.") % {
            "limit": human_size(max_bytes())
        }
        self.helper = _helper()


def adviser_choices(current_id=None):
    """Active teachers holding the adviser role, plus the current adviser (so saving contacts never
    fails because the adviser has since left)."""
    from django.db.models import Q

    from registrar.roles import Role

    eligible = Q(is_active=True, user__is_active=True, user__groups__name=Role.ADVISER)
    return (
        Teacher.objects.filter(eligible | Q(pk=current_id))
        .select_related("user")
        .distinct()
        .order_by("user__last_name", "user__first_name")
    )


def teacher_choices():
    return Teacher.objects.filter(is_active=True).select_related("user").order_by("user__last_name", "user__first_name")


class TeacherChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return obj.user.full_name or obj.user.username


class GroupForm(forms.ModelForm):
    number = forms.IntegerField(
        label=_("number"), min_value=1, required=False, help_text=_("Empty: the next free number.")
    )
    name = forms.CharField(
        label=_("name"),
        max_length=40,
        required=False,
        help_text=_("Empty: built from the group name pattern of the university settings."),
    )
    curator = TeacherChoiceField(label=_("curator"), queryset=Teacher.objects.none(), required=False)

    class Meta:
        model = AcademicGroup
        fields = ["programme", "intake_year", "study_form", "language", "number", "name", "curator", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = Programme.objects.filter(is_active=True).order_by("code")
        self.fields["curator"].queryset = teacher_choices()
        if self.instance.pk is None:
            self.fields["intake_year"].initial = timezone.localdate().year
            del self.fields["is_active"]
        self.helper = _helper()

    def _post_clean(self):
        # Uniqueness and naming are checked by the service, with messages naming the clash.
        pass


class StudentBodyForm(forms.Form):
    """The date (and status) the student body is shown for."""

    STATUS_CHOICES = [
        ("body", _("active and on academic leave")),
        (StudentStatus.ACTIVE, StudentStatus.ACTIVE.label),
        (StudentStatus.ON_LEAVE, StudentStatus.ON_LEAVE.label),
        (StudentStatus.EXPELLED, StudentStatus.EXPELLED.label),
        (StudentStatus.GRADUATED, StudentStatus.GRADUATED.label),
    ]
    on = forms.DateField(label=_("on date"), widget=DateInput(), required=False)
    status = forms.ChoiceField(label=_("status"), choices=STATUS_CHOICES, required=False)

    def cleaned_on(self) -> datetime.date:
        return (self.cleaned_data.get("on") if self.is_valid() else None) or timezone.localdate()

    def cleaned_status(self):
        from .selectors import IN_BODY

        value = self.cleaned_data.get("status") if self.is_valid() else None
        return IN_BODY if value in (None, "", "body") else value


class StudentBodyListForm(StudentBodyForm):
    """The students behind one cell of the body table."""

    programme = forms.ModelChoiceField(
        label=_("educational programme"), queryset=Programme.objects.all(), required=False
    )
    year_of_study = forms.IntegerField(label=_("year of study"), min_value=1, max_value=7, required=False)
    study_form = forms.ChoiceField(
        label=_("study form"), choices=[("", "---------"), *StudyForm.choices], required=False
    )
    language = forms.ChoiceField(
        label=_("language of instruction"), choices=[("", "---------"), *Language.choices], required=False
    )


class MovementForm(forms.Form):
    """The period of a movement report; by default the current academic year up to today."""

    start = forms.DateField(label=_("from"), widget=DateInput(), required=False)
    end = forms.DateField(label=_("to"), widget=DateInput(), required=False)

    def period(self) -> tuple[datetime.date, datetime.date]:
        from registrar.dates import ACADEMIC_YEAR_FIRST_MONTH, academic_year_of

        today = timezone.localdate()
        data = self.cleaned_data if self.is_valid() else {}
        start = data.get("start") or datetime.date(academic_year_of(today), ACADEMIC_YEAR_FIRST_MONTH + 1, 1)
        end = data.get("end") or today
        return (start, end) if start <= end else (end, start)
