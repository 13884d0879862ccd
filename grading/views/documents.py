"""The sheet as a PDF for signatures, in Kazakh or Russian (WeasyPrint via registrar.pdf)."""

from collections import Counter

from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from registrar.pdf import pdf_response
from registrar.policy import policy

from .. import selectors_sheets as sel
from .sheets import sheet_for

DOCUMENT_LANGUAGES = ("kk", "ru")


def document_language(sheet, requested: str | None) -> str:
    """Kazakh or Russian as asked; otherwise the section's language when it is one of them, else Russian."""
    if requested in DOCUMENT_LANGUAGES:
        return requested
    return sheet.section.language if sheet.section.language in DOCUMENT_LANGUAGES else "ru"


def sheet_document_context(sheet) -> dict:
    rows = sel.decorate_rows(sel.sheet_rows(sheet))
    columns = sel.grid(sheet, None, rows)
    teacher = sheet.teacher.user.full_name if sheet.teacher_id else ""
    letters = Counter(r.letter for r in rows if r.letter)
    dist = sel.letter_distribution(rows)
    return {
        "sheet": sheet,
        "rows": rows,
        "columns": [c for c in columns if c.field != "mark"],
        "distribution": dist,
        "letter_total": sum(letters.values()),
        "groups": sel.sheet_groups(rows),
        "teacher": teacher,
        "printed_on": timezone.localdate(),
        "signatures": [
            {"role": _("Teacher"), "name": teacher},
            {"role": _("Dean of the faculty"), "name": ""},
            {"role": _("Registrar's office"), "name": ""},
        ],
    }


@policy("sheet.view")
@require_GET
def sheet_pdf(request, pk):
    sheet = sheet_for(request, pk)
    language = document_language(sheet, request.GET.get("lang"))
    with translation.override(language):
        return pdf_response(
            "documents/sheet.html", sheet_document_context(sheet), f"sheet-{sheet.number}-{language}", request=request
        )
