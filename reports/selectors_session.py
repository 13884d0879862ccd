"""Session results of a term: absolute progress and quality per faculty, programme, group or teacher
and the grade distribution come from grading's session analysis (`grading.analysis`, which also
narrows a dean's office to its faculties); added here are the debtors by discipline: per discipline of
the term, the students whose latest attempt in the term is not passed, by letter.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count

from academics.models import Discipline
from grading import analysis

DEBT_LETTERS = ("FX", "F")


@dataclass
class SessionResults:
    term: object
    analysis: analysis.Analysis
    distribution: list[dict]
    debts: list[dict]  # {discipline, letters: {letter: n}, cells: [n per debt letter], total}
    debt_letters: list[str]

    @property
    def debts_total(self) -> int:
        return sum(d["total"] for d in self.debts)


def debts_by_discipline(user, term) -> tuple[list[dict], list[str]]:
    """Per discipline of `term`: students whose latest attempt in the term is not passed, by letter.
    Two queries."""
    rows = (
        analysis.term_results(user, term)
        .filter(passed=False)
        .values_list("discipline_id", "letter")
        .annotate(n=Count("student_id", distinct=True))
        .order_by()
    )
    per: dict[int, dict[str, int]] = defaultdict(dict)
    for discipline_id, letter, n in rows:
        per[discipline_id][letter] = n
    disciplines = Discipline.objects.in_bulk(list(per))
    letters = [x for x in DEBT_LETTERS if any(x in v for v in per.values())]
    letters += sorted({x for v in per.values() for x in v} - set(letters))
    debts = [
        {
            "discipline": disciplines[pk],
            "letters": per[pk],
            "cells": [per[pk].get(x, 0) for x in letters],
            "total": sum(per[pk].values()),
        }
        for pk in sorted(per, key=lambda pk: disciplines[pk].code)
    ]
    return debts, letters


def session_results(user, term, by: str = "faculty") -> SessionResults:
    debts, letters = debts_by_discipline(user, term)
    return SessionResults(
        term=term,
        analysis=analysis.session_analysis(user, term, by),
        distribution=analysis.grade_distribution(user, term),
        debts=debts,
        debt_letters=letters,
    )


def chart_data(results: SessionResults) -> dict:
    from django.utils.translation import gettext as _

    lines = results.analysis.lines
    return {
        "labels": [line.label for line in lines],
        "datasets": [
            {"label": _("absolute progress, %"), "data": [float(line.progress_percent or 0) for line in lines]},
            {"label": _("quality, %"), "data": [float(line.quality_percent or 0) for line in lines]},
        ],
    }
