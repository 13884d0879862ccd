"""The working curriculum as a document: xlsx (registrar.xlsx) and PDF (registrar.pdf, WeasyPrint).

Both are built from the same layout as the editor (selectors_curricula.curriculum_layout), so the
totals in a printed curriculum are the totals the registrar saw when it was approved.
"""

from django.utils import translation
from django.utils.translation import gettext as _

from registrar.pdf import pdf_response, render_pdf
from registrar.xlsx import workbook_response

from .selectors_curricula import COMPONENT_ABBR, CYCLE_ABBR, CurriculumLayout, curriculum_layout
from .tables_curricula import block_rule


def filename(curriculum) -> str:
    return (
        f"curriculum_{curriculum.programme.code}_{curriculum.intake_year}_"
        f"{curriculum.study_form}_{curriculum.language}_v{curriculum.version}"
    )


def _discipline_cells(d) -> list:
    return [
        d.code,
        d.name,
        str(CYCLE_ABBR.get(d.cycle, d.cycle)),
        str(COMPONENT_ABBR.get(d.component, d.component)),
        d.credits,
        d.hours_lecture,
        d.hours_practice,
        d.hours_lab,
        d.hours_self_with_teacher,
        d.hours_self,
        d.total_hours,
        d.get_control_form_display(),
    ]


def header() -> list[str]:
    return [
        _("Term"),
        _("Elective block"),
        _("Code"),
        _("Discipline"),
        _("Cycle"),
        _("Component"),
        _("Credits"),
        _("Lectures, h"),
        _("Practice, h"),
        _("Labs, h"),
        _("Self-study with teacher, h"),
        _("Self-study, h"),
        _("Total, h"),
        _("Control form"),
    ]


def _blank(n: int) -> list:
    return [None] * n


def curriculum_rows(layout: CurriculumLayout) -> list[list]:
    """Per term: compulsory disciplines, then each block (a heading row with the credits it counts for,
    then its alternatives); a total row after each term, after each year, and for the programme."""
    rows = []
    width = len(header())
    for year in layout.years:
        for term in year.terms:
            for item in term.items:
                rows.append([term.number, None, *_discipline_cells(item.discipline)])
            for bv in term.blocks:
                b = bv.block
                heading = f"{b.name} — {block_rule(b)}" if b.name else block_rule(b)
                rows.append([term.number, b.code, None, heading, None, None, bv.credits, *_blank(width - 7)])
                for item in bv.items:
                    rows.append([term.number, b.code, *_discipline_cells(item.discipline)])
            rows.append(
                [None, None, None, _("Total for term %(n)s") % {"n": term.number}, None, None, term.total]
                + _blank(width - 7)
            )
        rows.append(
            [None, None, None, _("Total for year %(n)s") % {"n": year.number}, None, None, year.total]
            + _blank(width - 7)
        )
    rows.append([None, None, None, _("Total for the programme"), None, None, layout.total] + _blank(width - 7))
    return rows


def block_rows(layout: CurriculumLayout) -> list[list]:
    rows = []
    for term in layout.terms:
        for bv in term.blocks:
            b = bv.block
            rows.append(
                [
                    b.code,
                    b.name,
                    b.term,
                    block_rule(b),
                    bv.credits,
                    ", ".join(f"{i.discipline.code} {i.discipline.name}" for i in bv.items),
                    b.description,
                ]
            )
    return rows


def check_rows(layout: CurriculumLayout) -> list[list]:
    return [
        [_("blocks approval") if v.blocking else _("warning"), v.term, v.discipline or v.block, v.message]
        for v in layout.check.violations
    ]


def curriculum_xlsx_response(curriculum):
    layout = curriculum_layout(curriculum)
    return workbook_response(
        filename(curriculum),
        [
            (_("Curriculum"), header(), curriculum_rows(layout)),
            (
                _("Elective blocks"),
                [
                    _("Code"),
                    _("Name"),
                    _("Term"),
                    _("Rule"),
                    _("Credits counted"),
                    _("Alternatives"),
                    _("Description"),
                ],
                block_rows(layout),
            ),
            (_("Check"), [_("Severity"), _("Term"), _("Discipline or block"), _("Message")], check_rows(layout)),
        ],
    )


def document_context(curriculum) -> dict:
    layout = curriculum_layout(curriculum)
    head = curriculum.approved_by
    return {
        "curriculum": curriculum,
        "programme": curriculum.programme,
        "layout": layout,
        "signatures": [
            {"role": _("Approved by: head of the registrar's office"), "name": head.full_name if head else ""},
            {"role": _("Dean of the faculty"), "name": ""},
            {"role": _("Head of the department"), "name": ""},
        ],
    }


def document_language(curriculum, requested: str | None) -> str:
    """A curriculum is printed in its language of instruction unless another language is asked for."""
    from django.conf import settings

    codes = {code for code, _name in settings.LANGUAGES}
    return requested if requested in codes else curriculum.language


def curriculum_pdf(curriculum, *, language: str | None = None) -> bytes:
    with translation.override(document_language(curriculum, language)):
        return render_pdf("documents/curriculum.html", document_context(curriculum))


def curriculum_pdf_response(curriculum, *, language: str | None = None):
    with translation.override(document_language(curriculum, language)):
        return pdf_response("documents/curriculum.html", document_context(curriculum), filename(curriculum))
