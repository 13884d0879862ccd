"""Forms of the structure and catalogue pages. They parse input; the rules are in
academics.services.structure (uniqueness is checked there too, with a message naming the code)."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import HTML, Column, Fieldset, Layout, Row
from django import forms
from django.utils.translation import gettext_lazy as _

from registrar.errors import DomainError
from registrar.models import User
from registrar.roles import Role

from .models import Department, Discipline, Faculty, Programme, Teacher
from .structure_rules import HOURS_FIELDS, LESSON_TYPES, ROOM_NEED_FIELDS, equipment_tags


class _ServiceValidatedForm(forms.ModelForm):
    """A model form whose uniqueness check is left to the service (its message names the code)."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.disable_csrf = True
        layout = self.layout()
        if layout is not None:
            self.helper.layout = layout

    def layout(self):
        return None

    def validate_unique(self):
        pass

    def service_data(self) -> dict:
        """The model fields to hand to the service (many-to-many ones go separately)."""
        return {name: self.cleaned_data[name] for name in self.Meta.fields if name in self.cleaned_data}


_NAMES = Row(Column("name_kk"), Column("name_ru"), Column("name_en"))


class FacultyForm(_ServiceValidatedForm):
    class Meta:
        model = Faculty
        fields = ["code", "name_kk", "name_ru", "name_en"]

    def layout(self):
        return Layout(Row(Column("code", css_class="col-md-3")), _NAMES)


class DepartmentForm(_ServiceValidatedForm):
    class Meta:
        model = Department
        fields = ["code", "faculty", "name_kk", "name_ru", "name_en"]

    def layout(self):
        return Layout(Row(Column("code", css_class="col-md-3"), Column("faculty")), _NAMES)


class TeacherForm(_ServiceValidatedForm):
    class Meta:
        model = Teacher
        fields = ["user", "department", "position", "academic_degree", "employment", "rate", "is_active"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.select_related("faculty")
        if self.instance.pk:
            # The account of an existing card does not change; a new card is made for another account.
            self.fields["user"].disabled = True
            self.fields["user"].queryset = User.objects.filter(pk=self.instance.user_id)
        else:
            self.fields["user"].queryset = (
                User.objects.filter(is_active=True, teacher__isnull=True)
                .exclude(groups__name=Role.STUDENT)
                .order_by("last_name", "first_name", "username")
            )
            self.fields["user"].help_text = _(
                "An existing account that is not yet a teacher; it is given the teacher role."
            )

    def layout(self):
        return Layout(
            Row(Column("user"), Column("department")),
            Row(Column("position"), Column("academic_degree"), Column("employment"), Column("rate")),
            "is_active",
        )


class ProgrammeForm(_ServiceValidatedForm):
    class Meta:
        model = Programme
        fields = [
            "code",
            "short_code",
            "name_kk",
            "name_ru",
            "name_en",
            "level",
            "master_track",
            "extended",
            "degree_kk",
            "degree_ru",
            "degree_en",
            "duration_years",
            "total_credits",
            "full_time",
            "distance",
            "lang_kk",
            "lang_ru",
            "lang_en",
            "faculty",
            "department",
            "is_active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["department"].queryset = Department.objects.select_related("faculty")

    def clean(self):
        # The service's own check, so its messages come before the database constraints' ones.
        from .services.structure import programme_check

        data = super().clean()
        if not self.errors:
            try:
                programme_check(
                    self.service_data(), Programme.objects.filter(pk=self.instance.pk).first() or Programme()
                )
            except DomainError as exc:
                self.add_error(exc.field if exc.field in self.fields else None, exc.message)
        return data

    def layout(self):
        return Layout(
            Row(Column("code", css_class="col-md-3"), Column("short_code", css_class="col-md-2")),
            _NAMES,
            Row(
                Column("level"),
                Column("master_track"),
                Column("duration_years"),
                Column("total_credits"),
            ),
            "extended",
            Row(Column("degree_kk"), Column("degree_ru"), Column("degree_en")),
            Row(Column("faculty"), Column("department")),
            Fieldset(
                _("Study forms and languages of instruction"),
                Row(
                    Column("full_time"),
                    Column("distance"),
                    Column("lang_kk"),
                    Column("lang_ru"),
                    Column("lang_en"),
                ),
            ),
            "is_active",
        )


class DisciplineForm(_ServiceValidatedForm):
    prerequisites = forms.ModelMultipleChoiceField(
        label=_("Prerequisites"),
        queryset=Discipline.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 10, "class": "prerequisite-select"}),
        help_text=_("Disciplines to pass before this one; hold Ctrl to choose several."),
    )

    class Meta:
        model = Discipline
        fields = [
            "code",
            "name_kk",
            "name_ru",
            "name_en",
            "credits",
            "national_credits",
            *HOURS_FIELDS,
            "control_form",
            "cycle",
            "component",
            "department",
            "is_physical_education",
            "is_active",
            *ROOM_NEED_FIELDS,
        ]

    def __init__(self, *args, hours_per_credit: int = 30, **kwargs):
        super().__init__(*args, **kwargs)
        for lesson_type in LESSON_TYPES:
            name = f"equipment_{lesson_type}"
            self.fields[name] = forms.CharField(
                label=self.fields[name].label,
                required=False,
                max_length=600,
                help_text=_("Comma-separated, matched against rooms' equipment (case does not matter)."),
            )
            if self.instance.pk:
                self.initial[name] = ", ".join(getattr(self.instance, name) or [])
            self.fields[f"room_kind_{lesson_type}"].choices = [
                ("", _("by the lesson type")),
                *[c for c in self.fields[f"room_kind_{lesson_type}"].choices if c[0]],
            ]
        self.hours_per_credit = hours_per_credit
        others = Discipline.objects.only("pk", "code", "name_kk", "name_ru", "name_en").order_by("code")
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
            self.initial.setdefault("prerequisites", list(self.instance.prerequisites.values_list("pk", flat=True)))
        self.fields["prerequisites"].queryset = others
        self.fields["department"].queryset = Department.objects.select_related("faculty")
        self.fields["credits"].help_text = _("The hours below must add up to credits × %(n)s.") % {
            "n": hours_per_credit
        }
        for name in HOURS_FIELDS:
            self.fields[name].widget.attrs["class"] = "hours-input"

    def layout(self):
        return Layout(
            Row(
                Column("code", css_class="col-md-3"),
                Column("credits", css_class="col-md-3"),
                Column("national_credits", css_class="col-md-3"),
            ),
            _NAMES,
            Fieldset(
                _("Hours"),
                Row(*(Column(name) for name in HOURS_FIELDS)),
                HTML('<p class="small text-muted" id="hours-sum" data-per-credit="{{ form.hours_per_credit }}"></p>'),
            ),
            Row(Column("control_form"), Column("cycle"), Column("component"), Column("department")),
            HTML(
                '<input type="search" class="form-control form-control-sm mb-1" id="prerequisite-filter" '
                'placeholder="{% load i18n %}{% translate "Filter the list by code or name" %}">'
            ),
            "prerequisites",
            Fieldset(
                _("Rooms the lessons need"),
                Row(*(Column(f"room_kind_{t}") for t in LESSON_TYPES)),
                Row(*(Column(f"equipment_{t}") for t in LESSON_TYPES)),
            ),
            Row(Column("is_physical_education"), Column("is_active")),
        )

    def clean(self):
        data = super().clean()
        for lesson_type in LESSON_TYPES:
            name = f"equipment_{lesson_type}"
            if name in data:
                data[name] = equipment_tags(data[name])
        return data


class CatalogueImportForm(forms.Form):
    file = forms.FileField(
        label=_("xlsx file"),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
        help_text=_("The first sheet is read: a header row, then one discipline per row."),
    )
