"""Forms and filters of the registrar's side of registration. They parse input; the services and
selectors hold the rules."""

import django_filters
from crispy_forms.helper import FormHelper
from django import forms
from django.db.models import Q
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from academics.models import Discipline, Faculty, Programme

from .choices import RegistrationRule
from .filters import STUDENT_TEXT, TeacherFilter, _advisers, _groups, name_search
from .models import RuleOverride, Student
from .selectors_registration import registration_term, state_choices, terms


class TermChoiceField(forms.ModelChoiceField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", _("term"))
        super().__init__(queryset=terms(), **kwargs)


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


# --- the progress page ---------------------------------------------------------------------------------


class ProgressForm(forms.Form):
    """Term and faculty of the progress page; a dean's office chooses among its own faculties only."""

    term = TermChoiceField(required=False, empty_label=None)
    faculty = forms.ModelChoiceField(
        label=_("faculty"), queryset=Faculty.objects.none(), required=False, empty_label=_("all faculties")
    )

    def __init__(self, data=None, *, faculty_ids=None):
        super().__init__(data)
        faculties = Faculty.objects.order_by("code")
        if faculty_ids is not None:
            faculties = faculties.filter(pk__in=faculty_ids)
        self.fields["faculty"].queryset = faculties
        self.default_term = registration_term()
        self.fields["term"].initial = self.default_term

    def chosen(self):
        """(term, faculty or None); the default term when none (or an unknown one) is chosen."""
        if not self.is_bound:
            return self.default_term, None
        self.is_valid()  # keeps what is valid: a faculty not offered is dropped, the term stays
        data = getattr(self, "cleaned_data", {})
        return data.get("term") or self.default_term, data.get("faculty")


# --- students to chase ---------------------------------------------------------------------------------


def _programmes(request):
    from .policies import dean_faculty_ids

    programmes = Programme.objects.order_by("code")
    faculty_ids = dean_faculty_ids(request.user) if request is not None else None
    return programmes if faculty_ids is None else programmes.filter(faculty_id__in=faculty_ids)


def _applied_by_the_view(queryset, name, value):
    return queryset  # the view chooses the term before the filterset runs (the annotations depend on it)


class ChaseFilter(django_filters.FilterSet):
    """Students of a term by the state of their plan ("no plan yet" included), programme, year of study
    in that term, group and adviser; search by name or student ID number."""

    term = django_filters.ModelChoiceFilter(
        label=_("term"), queryset=lambda request: terms(), method=_applied_by_the_view, empty_label=None
    )
    state = django_filters.ChoiceFilter(label=_("study plan"), choices=state_choices, field_name="plan_state")
    programme = django_filters.ModelChoiceFilter(label=_("educational programme"), queryset=_programmes)
    year = django_filters.NumberFilter(label=_("year of study"), field_name="term_year")
    group = django_filters.ModelChoiceFilter(label=_("academic group"), queryset=_groups)
    adviser = TeacherFilter(label=_("adviser"), queryset=_advisers)
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Name or student ID number"))

    class Meta:
        model = Student
        fields = ["term", "state", "programme", "year", "group", "adviser", "q"]

    def search(self, queryset, name, value):
        return queryset.filter(name_search(STUDENT_TEXT, (), value))


class RemindForm(forms.Form):
    """The ticked students of the list and the term they are reminded about."""

    term = TermChoiceField()
    student = forms.ModelMultipleChoiceField(
        label=_("students"),
        queryset=Student.objects.select_related("user", "adviser__user"),
        error_messages={"required": _("Tick the students to remind first.")},
    )


# --- locking -------------------------------------------------------------------------------------------


class LockForm(forms.Form):
    lock_anyway = forms.BooleanField(
        label=_("Lock anyway, although the registration window is still open"), required=False
    )


# --- overrides -----------------------------------------------------------------------------------------


class OverrideFilter(django_filters.FilterSet):
    term = django_filters.ModelChoiceFilter(label=_("term"), queryset=lambda request: terms())
    rule = django_filters.ChoiceFilter(label=_("rule"), choices=RegistrationRule.choices)
    student = django_filters.CharFilter(
        label=_("student"), method="by_student", help_text=_("Name or student ID number")
    )
    q = django_filters.CharFilter(label=_("Search"), method="search", help_text=_("Reason or discipline code"))

    class Meta:
        model = RuleOverride
        fields = ["term", "rule", "student", "q"]

    def by_student(self, queryset, name, value):
        return queryset.filter(name_search(tuple(f"student__{f}" for f in STUDENT_TEXT), (), value))

    def search(self, queryset, name, value):
        q = Q()
        for word in value.split():
            q &= Q(reason__icontains=word) | Q(discipline__code__icontains=word)
        return queryset.filter(q)


class DisciplineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


def find_students(text: str, queryset=None, limit: int = 20):
    """Students matching `text`: the exact student ID number first, else every word in a name."""
    qs = queryset if queryset is not None else Student.objects.all()
    text = (text or "").strip()
    if not text:
        return qs.none()
    exact = qs.filter(student_number=text)
    if exact.exists():
        return exact
    return qs.filter(name_search(STUDENT_TEXT, (), text)).order_by("last_name", "first_name")[:limit]


class OverrideForm(forms.Form):
    """Grant an override: the student by student ID number or name, the term, the rule lifted,
    optionally one discipline, and the reason (required: the override is audited)."""

    student = forms.CharField(
        label=_("student"),
        max_length=200,
        help_text=_("Student ID number, or the name: type a few letters and pick from the list."),
        widget=forms.TextInput(attrs={"list": "student-options", "autocomplete": "off"}),
    )
    term = TermChoiceField()
    rule = forms.ChoiceField(label=_("rule"), choices=RegistrationRule.choices)
    discipline = DisciplineChoiceField(
        label=_("discipline"),
        queryset=Discipline.objects.order_by("code"),
        required=False,
        empty_label=_("every discipline"),
        help_text=_("Empty: the rule is lifted for every discipline of the student's plan in the term."),
    )
    reason = forms.CharField(
        label=_("reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Kept on record with your name; overrides are never edited or deleted."),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].initial = registration_term()
        self.helper = _helper()

    def clean_student(self):
        text = self.cleaned_data["student"].strip()
        number = text.split(" ", 1)[0]
        found = list(find_students(number)) if number else []
        if len(found) != 1 or found[0].student_number != number:
            found = list(find_students(text, limit=2))
        if not found:
            raise forms.ValidationError(gettext("No student matches “%(text)s”.") % {"text": text})
        if len(found) > 1:
            raise forms.ValidationError(
                gettext("Several students match “%(text)s”: type the student ID number.") % {"text": text}
            )
        return found[0]
