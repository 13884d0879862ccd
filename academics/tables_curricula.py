"""Tables of the curriculum list and of the elective catalogue (sorting, pagination, xlsx export)."""

import django_tables2 as tables
from django.urls import reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .curriculum_rules import BlockData, ItemData, block_required_credits
from .models import Curriculum, ElectiveBlock


def block_rule(block) -> str:
    if block.choose_count is not None:
        return _("choose %(n)s discipline(s)") % {"n": block.choose_count}
    return _("choose %(n)s credits") % {"n": block.choose_credits}


class CurriculumTable(tables.Table):
    programme = tables.LinkColumn(
        "curriculum_detail",
        args=[tables.A("pk")],
        verbose_name=gettext_lazy("Educational programme"),
        order_by=("programme__code",),
        text=lambda record: f"{record.programme.code} {record.programme.name}",
    )
    intake_year = tables.Column(verbose_name=gettext_lazy("Intake year"))
    study_form = tables.Column(verbose_name=gettext_lazy("Study form"))
    language = tables.Column(verbose_name=gettext_lazy("Language"))
    version = tables.Column(verbose_name=gettext_lazy("Version"))
    status = tables.Column(verbose_name=gettext_lazy("Status"))
    approved_by = tables.Column(
        verbose_name=gettext_lazy("Approved by"), order_by=("approved_by__last_name", "approved_by__first_name")
    )
    approved_at = tables.DateTimeColumn(verbose_name=gettext_lazy("Approved at"), format="d.m.Y H:i")

    class Meta:
        model = Curriculum
        fields = [
            "programme",
            "intake_year",
            "study_form",
            "language",
            "version",
            "status",
            "approved_by",
            "approved_at",
        ]
        order_by = ("programme", "-intake_year")
        attrs = {"id": "curriculum-table"}

    def value_programme(self, record):
        return f"{record.programme.code} {record.programme.name}"

    def render_status(self, record):
        css = {"draft": "secondary", "approved": "success", "superseded": "light text-dark"}[record.status]
        return format_html('<span class="badge bg-{}">{}</span>', css, record.get_status_display())

    def value_status(self, record):
        return record.get_status_display()


class ElectiveCatalogueTable(tables.Table):
    """One row per elective block: what the student chooses from, and how much."""

    programme = tables.Column(
        verbose_name=gettext_lazy("Educational programme"),
        accessor="curriculum__programme__code",
        order_by=("curriculum__programme__code", "-curriculum__intake_year", "curriculum__language", "term", "code"),
    )
    intake_year = tables.Column(verbose_name=gettext_lazy("Intake year"), accessor="curriculum__intake_year")
    language = tables.Column(verbose_name=gettext_lazy("Language"), accessor="curriculum__language")
    term = tables.Column(verbose_name=gettext_lazy("Term"))
    code = tables.Column(verbose_name=gettext_lazy("Elective block"))
    rule = tables.Column(verbose_name=gettext_lazy("Rule"), accessor="pk", orderable=False)
    credits = tables.Column(verbose_name=gettext_lazy("Credits"), accessor="pk", orderable=False)
    alternatives = tables.Column(
        verbose_name=gettext_lazy("Disciplines to choose from"), accessor="pk", orderable=False
    )
    description = tables.Column(verbose_name=gettext_lazy("Description"), visible=False)

    class Meta:
        model = ElectiveBlock
        fields = []
        sequence = ("programme", "intake_year", "language", "term", "code", "rule", "credits", "alternatives")
        order_by = ("programme",)
        attrs = {"id": "elective-catalogue"}

    def render_programme(self, record):
        programme = record.curriculum.programme
        return format_html(
            '<a href="{}">{}</a> {}',
            reverse("curriculum_detail", args=[record.curriculum_id]),
            programme.code,
            programme.name,
        )

    def value_programme(self, record):
        return f"{record.curriculum.programme.code} {record.curriculum.programme.name}"

    def render_language(self, record):
        return record.curriculum.get_language_display()

    value_language = render_language

    def render_code(self, record):
        return format_html(
            '<strong>{}</strong> {}<div class="small text-muted">{}</div>', record.code, record.name, record.description
        )

    def value_code(self, record):
        return f"{record.code} {record.name}".strip()

    def render_rule(self, record):
        return block_rule(record)

    value_rule = render_rule

    def render_credits(self, record):
        alternatives = [ItemData(i.discipline.code, i.discipline.credits, i.term) for i in record.items.all()]
        return block_required_credits(
            BlockData(record.code, record.term, record.choose_count, record.choose_credits), alternatives
        )

    value_credits = render_credits

    def render_alternatives(self, record):
        return format_html(
            '<ul class="list-unstyled mb-0">{}</ul>',
            format_html_join(
                "",
                '<li><span class="font-monospace">{}</span> {} <span class="badge bg-secondary">{}</span>'
                '<span class="small text-muted">{}</span></li>',
                (
                    (
                        i.discipline.code,
                        i.discipline.name,
                        i.discipline.credits,
                        _prerequisites_note(i.discipline),
                    )
                    for i in record.items.all()
                ),
            ),
        )

    def value_alternatives(self, record):
        return "; ".join(
            f"{i.discipline.code} {i.discipline.name} ({i.discipline.credits})" for i in record.items.all()
        )


def _prerequisites_note(discipline) -> str:
    codes = [p.code for p in discipline.prerequisites.all()]
    return " · " + _("prerequisites: %(codes)s") % {"codes": ", ".join(codes)} if codes else ""
