from django import forms
from django.conf import settings
from django.contrib.auth.forms import AuthenticationForm
from django.utils.translation import gettext_lazy as _

from .models import GradeScaleRow, PromotionThreshold, StudyLevel, UniversitySettings


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": _("Wrong username or password. Both are case-sensitive."),
        "inactive": _("This account is disabled. Contact the registrar's office."),
    }


class PasswordChangeForm(forms.Form):
    old_password = forms.CharField(
        label=_("Current password"),
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password", "autofocus": True}),
    )
    new_password1 = forms.CharField(
        label=_("New password"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )
    new_password2 = forms.CharField(
        label=_("New password again"), widget=forms.PasswordInput(attrs={"autocomplete": "new-password"})
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_old_password(self):
        value = self.cleaned_data["old_password"]
        if not self.user.check_password(value):
            raise forms.ValidationError(_("The current password is wrong."))
        return value

    def clean(self):
        data = super().clean()
        new1, new2 = data.get("new_password1"), data.get("new_password2")
        if new1 and new2 and new1 != new2:
            self.add_error("new_password2", _("The two new passwords differ."))
        if new1 and data.get("old_password") == new1:
            self.add_error("new_password1", _("The new password must differ from the current one."))
        return data


class LanguageForm(forms.Form):
    language = forms.ChoiceField(choices=settings.LANGUAGES)
    next = forms.CharField(required=False)


SETTINGS_FIELDSETS = [
    (_("University"), ["name_kk", "name_ru", "name_en", "city_kk", "city_ru", "city_en"]),
    (
        _("Final grade of a discipline"),
        [
            "current_control_weight",
            "admission_weight",
            "exam_weight",
            "admission_threshold",
            "exam_pass_threshold",
            "failing_score_cap",
            "max_exam_retakes",
        ],
    ),
    (
        _("GPA and honours"),
        [
            "fx_counts_in_gpa",
            "gpa_latest_attempt_only",
            "gpa_excludes_physical_education",
            "honours_min_gpa",
            "honours_lowest_letter",
            "honours_attestation_letters",
        ],
    ),
    (
        _("Credits and registration"),
        [
            "hours_per_credit",
            "discipline_min_credits",
            "term_typical_credits",
            "registration_min_credits",
            "registration_max_credits",
            "summer_max_credits",
            "add_drop_max_percent",
            "summer_term_min_weeks",
        ],
    ),
    (
        _("Programme totals"),
        [
            "bachelor_min_credits",
            "bachelor_extended_min_credits",
            "master_scientific_credits",
            "master_profile_min_credits",
            "doctorate_min_credits",
        ],
    ),
    (
        _("Group size bounds"),
        [
            "stream_min_size",
            "stream_max_size",
            "practice_group_min_size",
            "practice_group_max_size",
            "lab_subgroup_min_size",
            "lab_subgroup_max_size",
            "academic_group_max_size",
        ],
    ),
    (
        _("Academic leave"),
        [
            "leave_medical_min_months",
            "leave_medical_max_months",
            "leave_tuberculosis_max_months",
            "leave_child_care_until_age",
        ],
    ),
    (_("Final attestation"), ["attestation_max_per_defence", "attestation_max_per_exam"]),
    (_("Exam session"), ["exam_start_times", "exam_duration_minutes", "exam_min_gap_days"]),
    (_("Naming and numbering"), ["group_name_pattern", "order_number_pattern"]),
]


class UniversitySettingsForm(forms.ModelForm):
    class Meta:
        model = UniversitySettings
        fields = [name for _title, names in SETTINGS_FIELDSETS for name in names]

    def fieldsets(self):
        return [(title, [self[name] for name in names]) for title, names in SETTINGS_FIELDSETS]


class GradeScaleRowForm(forms.Form):
    letter = forms.CharField(label=_("letter"), max_length=2)
    points = forms.DecimalField(label=_("points"), max_digits=3, decimal_places=2, min_value=0, max_value=4)
    min_percent = forms.IntegerField(label=_("from, %"), min_value=0, max_value=100)
    max_percent = forms.IntegerField(label=_("to, %"), min_value=0, max_value=100)
    traditional = forms.ChoiceField(label=_("traditional grade"), choices=GradeScaleRow.TRADITIONAL_CHOICES)


class PromotionThresholdForm(forms.Form):
    academic_year = forms.IntegerField(label=_("academic year (starting year)"), min_value=2000, max_value=2100)
    level = forms.ChoiceField(label=_("level"), choices=StudyLevel.choices)
    year_of_study = forms.IntegerField(label=_("from year of study"), min_value=1, max_value=7)
    min_gpa = forms.DecimalField(label=_("minimum GPA"), max_digits=3, decimal_places=2, min_value=0, max_value=4)


class _RowsFormSet(forms.BaseFormSet):
    key_fields: tuple[str, ...] = ()
    duplicate_message = ""

    def rows(self):
        return [
            {k: v for k, v in f.cleaned_data.items() if k != "DELETE"}
            for f in self.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]

    def clean(self):
        if any(self.errors):
            return
        seen = set()
        for row in self.rows():
            key = tuple(str(row[k]).strip() for k in self.key_fields)
            if key in seen:
                raise forms.ValidationError(self.duplicate_message % {"key": " / ".join(key)})
            seen.add(key)


class _ScaleFormSet(_RowsFormSet):
    key_fields = ("letter",)
    duplicate_message = _("Letter %(key)s appears more than once.")


class _ThresholdFormSet(_RowsFormSet):
    key_fields = ("academic_year", "level", "year_of_study")
    duplicate_message = _("Threshold %(key)s appears more than once.")


GradeScaleFormSet = forms.formset_factory(GradeScaleRowForm, formset=_ScaleFormSet, extra=0, can_delete=True)
PromotionThresholdFormSet = forms.formset_factory(
    PromotionThresholdForm, formset=_ThresholdFormSet, extra=1, can_delete=True
)


def scale_initial():
    return [
        {
            "letter": r.letter,
            "points": r.points,
            "min_percent": r.min_percent,
            "max_percent": r.max_percent,
            "traditional": r.traditional,
        }
        for r in GradeScaleRow.objects.all()
    ]


def thresholds_initial():
    return [
        {"academic_year": t.academic_year, "level": t.level, "year_of_study": t.year_of_study, "min_gpa": t.min_gpa}
        for t in PromotionThreshold.objects.all()
    ]
