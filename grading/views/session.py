"""Session analysis pages: progress and quality per faculty, programme, group or teacher with charts,
the grade distribution, and the debtors list; everything exports to xlsx. A dean's office sees its own
faculties only (the selectors narrow every query)."""

from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from registrar.listing import list_page
from registrar.policy import policy
from registrar.xlsx import workbook_response

from .. import analysis
from ..filters_gpa import DebtorFilter
from ..tables_gpa import DebtorTable

BY_LABELS = {
    "faculty": gettext_lazy("faculty"),
    "programme": gettext_lazy("educational programme"),
    "group": gettext_lazy("academic group"),
    "teacher": gettext_lazy("teacher"),
}


def chart_rows(lines) -> list[dict]:
    """Bars for the inline SVG chart: progress and quality in percent, with positions."""
    rows = []
    for i, line in enumerate(lines):
        rows.append(
            {
                "label": line.label,
                "progress": line.progress_percent or 0,
                "quality": line.quality_percent or 0,
                "y": 10 + i * 34,
            }
        )
    return rows


def distribution_bars(distribution) -> list[dict]:
    peak = max((d["count"] for d in distribution), default=0) or 1
    return [
        {**d, "x": 30 + i * 44, "height": round(d["count"] * 150 / peak), "top": 170 - round(d["count"] * 150 / peak)}
        for i, d in enumerate(distribution)
    ]


def _export(result, distribution):
    header = [
        BY_LABELS[result.by],
        _("students"),
        _("without unsatisfactory grades"),
        _("absolute progress, %"),
        _("with A and B grades only"),
        _("quality, %"),
    ]
    lines = [*result.lines, result.total]
    rows = ([t.label, t.total, t.without_failures, t.progress_percent, t.quality, t.quality_percent] for t in lines)
    dist = ([d["letter"], d["count"]] for d in distribution)
    name = f"session-analysis-{result.term.academic_year.start_year}-{result.term.kind}-{result.by}"
    return workbook_response(
        name,
        [(_("Progress and quality"), header, rows), (_("Grade distribution"), [_("letter grade"), _("results")], dist)],
    )


@policy("standing.view")
def session_analysis(request):
    terms = list(analysis.session_terms())
    chosen = request.GET.get("term")
    term = next((t for t in terms if str(t.pk) == chosen), terms[0] if terms else None)
    by = request.GET.get("by") if request.GET.get("by") in analysis.GROUPINGS else "faculty"
    context = {"terms": terms, "term": term, "by": by, "groupings": BY_LABELS.items()}
    if term is not None:
        result = analysis.session_analysis(request.user, term, by)
        distribution = analysis.grade_distribution(request.user, term)
        if request.GET.get("export") == "xlsx":
            return _export(result, distribution)
        context.update(
            {
                "result": result,
                "chart": chart_rows(result.lines),
                "chart_height": 20 + 34 * len(result.lines),
                "distribution": distribution_bars(distribution),
                "distribution_width": 40 + 44 * len(distribution),
                "by_label": BY_LABELS[by],
            }
        )
    return render(request, "grading/gpa/analysis.html", context)


@policy("standing.view")
def debtor_list(request):
    """Academic debts not yet made up: the latest attempt of a discipline is FX, F or not passed."""
    return list_page(
        request,
        queryset=analysis.debtors_queryset(request.user),
        filterset_class=DebtorFilter,
        table_class=DebtorTable,
        template="grading/gpa/debtors.html",
        export_name="debtors",
    )
