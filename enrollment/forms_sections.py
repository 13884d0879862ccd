"""Forms of the sections pages. They parse input; the services in enrollment.services.sections and
enrollment.services.formation hold the rules."""

from crispy_forms.helper import FormHelper
from django import forms
from django.utils.translation import gettext_lazy as _

from academics.choices import Language
from academics.models import Discipline, Teacher

from .choices import SectionKind
from .models import PlanItem, Section
from .selectors_sections import terms_for_sections


def _helper() -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    return helper


class TermChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return str(obj)


class TeacherChoiceField(forms.ModelChoiceField):
    """Active teachers, named with their department so the office picks from the right one."""

    def label_from_instance(self, obj):
        return f"{obj.user.full_name or obj.user.username} · {obj.department.code}"


def active_teachers(current_id=None):
    from django.db.models import Q

    return (
        Teacher.objects.filter(Q(is_active=True) | Q(pk=current_id))
        .select_related("user", "department")
        .order_by("user__last_name", "user__first_name")
    )


class DisciplineChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class SectionForm(forms.Form):
    """A new section: a lecture stream by default; with `parent`, a group inside it."""

    term = TermChoiceField(label=_("term"), queryset=terms_for_sections())
    discipline = DisciplineChoiceField(
        label=_("discipline"), queryset=Discipline.objects.filter(is_active=True).order_by("code")
    )
    kind = forms.ChoiceField(label=_("kind"), choices=SectionKind.choices, initial=SectionKind.LECTURE)
    language = forms.ChoiceField(label=_("language of instruction"), choices=Language.choices)
    teacher = TeacherChoiceField(label=_("teacher"), queryset=Teacher.objects.none(), required=False)
    capacity = forms.IntegerField(label=_("seats"), min_value=1, max_value=1000)
    note = forms.CharField(label=_("note"), max_length=255, required=False)

    def __init__(self, *args, parent: Section | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.parent = parent
        self.fields["teacher"].queryset = active_teachers()
        if parent is not None:
            # A group inside `parent`: its term, discipline and language.
            for name in ("term", "discipline", "language"):
                self.fields[name].disabled = True
            self.initial.update(term=parent.term_id, discipline=parent.discipline_id, language=parent.language)
            self.fields["kind"].choices = [(k, SectionKind(k).label) for k in (SectionKind.PRACTICE, SectionKind.LAB)]
            self.initial.setdefault("kind", SectionKind.PRACTICE)
        self.helper = _helper()


class SectionEditForm(forms.Form):
    teacher = TeacherChoiceField(label=_("teacher"), queryset=Teacher.objects.none(), required=False)
    capacity = forms.IntegerField(label=_("seats"), min_value=1, max_value=1000)
    note = forms.CharField(label=_("note"), max_length=255, required=False)

    def __init__(self, *args, section: Section, **kwargs):
        kwargs.setdefault(
            "initial", {"teacher": section.teacher_id, "capacity": section.capacity, "note": section.note}
        )
        super().__init__(*args, **kwargs)
        self.fields["teacher"].queryset = active_teachers(section.teacher_id)
        self.fields["capacity"].help_text = _("Not below the %(n)d students in it.") % {"n": section.seats_taken}
        self.helper = _helper()


class TermForm(forms.Form):
    term = TermChoiceField(label=_("term"), queryset=terms_for_sections())


class SectionChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} ({obj.seats_taken}/{obj.capacity})"


class MergeForm(forms.Form):
    other = SectionChoiceField(label=_("merge with"), queryset=Section.objects.none())

    def __init__(self, *args, siblings=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["other"].queryset = Section.objects.filter(pk__in=[s.pk for s in siblings]).select_related(
            "discipline"
        )


class SplitForm(forms.Form):
    parts = forms.IntegerField(label=_("parts"), min_value=2, max_value=20, initial=2)


class MoveForm(forms.Form):
    """Move one student's plan item from this section to a sibling group."""

    item = forms.ModelChoiceField(queryset=PlanItem.objects.none(), widget=forms.HiddenInput)
    target = SectionChoiceField(label=_("move to"), queryset=Section.objects.none())

    def __init__(self, *args, section: Section, siblings=(), **kwargs):
        super().__init__(*args, **kwargs)
        from .sections_rules import member_field

        slot = member_field(section.kind, section.parent_id is not None)
        self.fields["item"].queryset = PlanItem.objects.filter(**{slot: section})
        self.fields["target"].queryset = Section.objects.filter(pk__in=[s.pk for s in siblings]).select_related(
            "discipline"
        )
