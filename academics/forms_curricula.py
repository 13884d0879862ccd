"""Forms of the curriculum pages; they parse input, the services decide."""

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from registrar.dates import academic_year_of

from .choices import Language, StudyForm
from .models import Discipline, ElectiveBlock, Programme

RULE_COUNT = "count"
RULE_CREDITS = "credits"


def _programmes():
    return Programme.objects.filter(is_active=True).order_by("code")


class ProgrammeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.code} {obj.name}"


class CurriculumTargetForm(forms.Form):
    """Which programme, intake year, study form and language a curriculum is for."""

    programme = ProgrammeChoiceField(label=_("Educational programme"), queryset=Programme.objects.none())
    intake_year = forms.IntegerField(label=_("Intake year"), min_value=2000, max_value=2100)
    study_form = forms.ChoiceField(label=_("Study form"), choices=StudyForm.choices, initial=StudyForm.FULL_TIME)
    language = forms.ChoiceField(label=_("Language of instruction"), choices=Language.choices, initial=Language.RUSSIAN)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["programme"].queryset = _programmes()
        self.fields["intake_year"].initial = academic_year_of(timezone.localdate())
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("programme", css_class="col-md-6"),
                Column("intake_year", css_class="col-md-2"),
                Column("study_form", css_class="col-md-2"),
                Column("language", css_class="col-md-2"),
            )
        )


class CurriculumCreateForm(CurriculumTargetForm):
    pass


class CurriculumImportForm(CurriculumTargetForm):
    file = forms.FileField(
        label=_("xlsx file"),
        help_text=_("One row per discipline. A draft is created, or the items of the existing draft are replaced."),
        widget=forms.ClearableFileInput(attrs={"accept": ".xlsx"}),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper.layout.append(Row(Column("file", css_class="col-md-6")))


def term_choices(curriculum):
    return [(n, _("Term %(n)s") % {"n": n}) for n in range(1, curriculum.programme.terms_count + 1)]


def target_choices(curriculum, blocks):
    """'term:N' for a compulsory place, 'block:ID' to add an alternative to an elective block."""
    choices = [(f"term:{n}", label) for n, label in term_choices(curriculum)]
    choices += [
        (
            f"block:{b.pk}",
            _("Elective block %(code)s (term %(term)s)") % {"code": b.code, "term": b.term},
        )
        for b in blocks
    ]
    return choices


class ItemAddForm(forms.Form):
    discipline = forms.ModelChoiceField(label=_("Discipline"), queryset=Discipline.objects.filter(is_active=True))
    target = forms.ChoiceField(label=_("Place in"))

    def __init__(self, *args, curriculum, blocks, **kwargs):
        super().__init__(*args, **kwargs)
        self.blocks = {b.pk: b for b in blocks}
        self.fields["target"].choices = target_choices(curriculum, blocks)

    def place(self) -> tuple[int | None, ElectiveBlock | None]:
        kind, _sep, value = self.cleaned_data["target"].partition(":")
        if kind == "block":
            return None, self.blocks[int(value)]
        return int(value), None


class ItemMoveForm(forms.Form):
    term = forms.TypedChoiceField(label=_("Term"), coerce=int)

    def __init__(self, *args, curriculum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = term_choices(curriculum)


class ConfirmForm(forms.Form):
    """Destructive POSTs carry confirm=1, so an empty or replayed POST changes nothing."""

    confirm = forms.BooleanField(required=True)


class ElectiveBlockForm(forms.Form):
    code = forms.CharField(label=_("Code"), max_length=20, help_text=_("For example KV1."))
    name = forms.CharField(label=_("Name"), max_length=255, required=False)
    term = forms.TypedChoiceField(label=_("Term"), coerce=int)
    rule = forms.ChoiceField(
        label=_("The student chooses"),
        choices=[(RULE_COUNT, _("a number of disciplines")), (RULE_CREDITS, _("a number of credits"))],
        initial=RULE_COUNT,
    )
    amount = forms.IntegerField(label=_("How many"), min_value=1, max_value=100, initial=1)
    description = forms.CharField(
        label=_("Description for students"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )

    def __init__(self, *args, curriculum, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["term"].choices = term_choices(curriculum)
        self.helper = FormHelper()
        self.helper.form_tag = False
        self.helper.layout = Layout(
            Row(
                Column("code", css_class="col-md-2"),
                Column("name", css_class="col-md-4"),
                Column("term", css_class="col-md-2"),
                Column("rule", css_class="col-md-2"),
                Column("amount", css_class="col-md-2"),
            ),
            "description",
        )

    @classmethod
    def initial_for(cls, block: ElectiveBlock) -> dict:
        counted = block.choose_count is not None
        return {
            "code": block.code,
            "name": block.name,
            "term": block.term,
            "rule": RULE_COUNT if counted else RULE_CREDITS,
            "amount": block.choose_count if counted else block.choose_credits,
            "description": block.description,
        }

    def service_kwargs(self) -> dict:
        data = self.cleaned_data
        counted = data["rule"] == RULE_COUNT
        return {
            "code": data["code"],
            "name": data["name"],
            "description": data["description"],
            "term": data["term"],
            "choose_count": data["amount"] if counted else None,
            "choose_credits": None if counted else data["amount"],
        }
