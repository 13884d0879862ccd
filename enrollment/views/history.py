"""The student body on a date (контингент на дату): counts by programme and year of study, and the
students behind each count, both rebuilt from the status history (RULES.md §8)."""

import datetime
from functools import partial
from urllib.parse import urlencode

from django.shortcuts import render
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from academics.choices import Language, StudyForm
from academics.models import Programme
from registrar.listing import list_page
from registrar.policy import policy
from registrar.xlsx import workbook_response

from .. import selectors
from ..choices import Funding, Movement, StudentStatus
from ..filters import BodyRowFilter
from ..forms import MovementForm, StudentBodyForm, StudentBodyListForm
from ..models import AcademicGroup
from ..policies import dean_faculty_ids
from ..tables import BodyRowTable


def _status_param(form) -> str:
    value = form.cleaned_data.get("status") if form.is_valid() else ""
    return value or "body"


@policy("student.body")
def student_body(request):
    """Counts of the body on a date by programme × year of study; each count links to its students."""
    form = StudentBodyForm(request.GET or None)
    on, status = form.cleaned_on(), form.cleaned_status()
    faculties = dean_faculty_ids(request.user)
    counts = selectors.body_counts(on, status=status, faculty_ids=faculties)
    programmes = Programme.objects.in_bulk({r["programme_id"] for r in counts})
    years = sorted({r["year"] for r in counts})
    table: dict[int, dict[int, int]] = {}
    for r in counts:
        table.setdefault(r["programme_id"], {})[r["year"]] = r["count"]
    base = {"on": on.isoformat(), "status": _status_param(form)}

    def link(**extra):
        return "?" + urlencode({**base, **{k: v for k, v in extra.items() if v is not None}})

    rows = []
    for pid in sorted(table, key=lambda p: programmes[p].code if p in programmes else str(p)):
        by_year = table[pid]
        rows.append(
            {
                "programme": programmes.get(pid),
                "cells": [{"count": by_year.get(y, 0), "link": link(programme=pid, year_of_study=y)} for y in years],
                "total": sum(by_year.values()),
                "link": link(programme=pid),
            }
        )
    column_totals = [{"count": sum(table[p].get(y, 0) for p in table), "link": link(year_of_study=y)} for y in years]
    if request.GET.get("export") == "xlsx":
        header = [_("Code"), _("Educational programme"), *[_("Year %(n)d") % {"n": y} for y in years], _("Total")]
        data = [
            [
                r["programme"].code if r["programme"] else "",
                r["programme"].name if r["programme"] else "",
                *[c["count"] for c in r["cells"]],
                r["total"],
            ]
            for r in rows
        ]
        data.append(["", _("Total"), *[c["count"] for c in column_totals], sum(r["total"] for r in rows)])
        title = _("Student body on %(date)s") % {"date": date_format(on, "d.m.Y")}
        return workbook_response(f"student-body-{on.isoformat()}", [(title, header, data)])
    return render(
        request,
        "enrollment/student_body.html",
        {
            "form": form,
            "on": on,
            "years": years,
            "rows": rows,
            "column_totals": column_totals,
            "grand_total": sum(r["total"] for r in rows),
            "list_query": link(),
            "export_link": link(export="xlsx"),
        },
    )


def _names() -> dict:
    """Names for the snapshot's ids and codes (one query per table, whatever the page)."""
    return {
        "programme": dict(Programme.objects.values_list("id", "code")),
        "group": dict(AcademicGroup.objects.values_list("id", "name")),
        "study_form": {k: str(v) for k, v in StudyForm.choices},
        "language": {k: str(v) for k, v in Language.choices},
        "funding": {k: str(v) for k, v in Funding.choices},
        "status": {k: str(v) for k, v in StudentStatus.choices},
    }


@policy("student.body")
def student_body_list(request):
    """The students of the body on a date, with their state on that date (not today's)."""
    form = StudentBodyListForm(request.GET or None)
    on, status = form.cleaned_on(), form.cleaned_status()
    data = form.cleaned_data if form.is_valid() else {}
    queryset = selectors.body_students_as_of(
        on,
        status=status,
        faculty_ids=dean_faculty_ids(request.user),
        programme=data.get("programme"),
        year_of_study=data.get("year_of_study"),
        study_form=data.get("study_form") or None,
        language=data.get("language") or None,
    )
    return list_page(
        request,
        queryset=queryset,
        filterset_class=BodyRowFilter,
        table_class=partial(BodyRowTable, names=_names()),
        template="enrollment/student_body_list.html",
        export_name=f"students-{on.isoformat()}",
        context={"on": on, "body_form": form, "status": _status_param(form)},
    )


# Rows of the movement report: movements that bring students in, those that take them out, the rest.
MOVEMENT_GROUPS = (
    (Movement.ENROLLED, Movement.TRANSFERRED_IN, Movement.REINSTATED, Movement.RETURNED),
    (Movement.LEAVE, Movement.EXPELLED, Movement.TRANSFERRED_OUT, Movement.GRADUATED),
    (
        Movement.PROMOTED,
        Movement.REPEAT_YEAR,
        Movement.TRANSFERRED,
        Movement.FUNDING_CHANGED,
        Movement.NAME_CHANGED,
        Movement.CANCELLED,
    ),
)


@policy("student.body")
def student_movement(request):
    """Movement of the student body between two dates (RULES.md §8), reconciled with the counts."""
    form = MovementForm(request.GET or None)
    start, end = form.period()
    m = selectors.movement_between(start, end, faculty_ids=dean_faculty_ids(request.user))
    labels = dict(Movement.choices)
    groups = [
        [{"movement": mv, "label": labels[mv], "count": m["by_movement"][mv]} for mv in g] for g in MOVEMENT_GROUPS
    ]
    grounds = sorted(
        ({"label": selectors.ground_label(g) or "—", "count": n} for g, n in m["expelled_by_ground"].items()),
        key=lambda r: -r["count"],
    )
    if request.GET.get("export") == "xlsx":
        period = f"{date_format(start, 'd.m.Y')}–{date_format(end, 'd.m.Y')}"
        summary = [
            [
                _("Active on %(date)s") % {"date": date_format(start - datetime.timedelta(days=1), "d.m.Y")},
                m["opening"],
            ],
            [_("Became active"), m["came_in"]],
            [_("Stopped being active"), m["went_out"]],
            [_("Active on %(date)s") % {"date": date_format(end, "d.m.Y")}, m["closing"]],
            *[[r["label"], r["count"]] for g in groups for r in g],
            *[[_("expelled: %(ground)s") % {"ground": r["label"]}, r["count"]] for r in grounds],
        ]
        title = _("Movement %(period)s") % {"period": period}
        return workbook_response(
            f"movement-{start.isoformat()}-{end.isoformat()}", [(title, ["", _("Students")], summary)]
        )
    return render(
        request,
        "enrollment/student_movement.html",
        {
            "form": form,
            "m": m,
            "groups": groups,
            "grounds": grounds,
            "opening_on": start - datetime.timedelta(days=1),
            "export_link": "?" + urlencode({"start": start.isoformat(), "end": end.isoformat(), "export": "xlsx"}),
        },
    )
