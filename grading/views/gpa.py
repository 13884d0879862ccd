"""Grades and GPA pages: the student's own grades ("My grades"), one student's grades for whoever may
see the student, the academic rating, the promotion list, the honours list, and the office's "recompute
GPA" button. Thin: the rules are in grading.services.gpa, grading.selectors_gpa and grading.rating."""

from functools import partial

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from enrollment.models import Student
from enrollment.policies import own_student
from enrollment.tables import selection_actions_for
from registrar.listing import list_page
from registrar.policy import get_for_user, may, policy
from registrar.xlsx import workbook_response

from .. import selectors_gpa as sel
from ..filters_gpa import HonoursFilter, PromotionFilter, RatingFilter
from ..models import GpaSnapshot
from ..services.gpa import gpa_recompute, honours_check, honours_rules
from ..tables_gpa import HonoursTable, PromotionTable, RatingTable

STUDENT_RELATED = ("programme__faculty", "group", "adviser__user")
CUMULATIVE = "cumulative"


# --- one student's grades --------------------------------------------------------------------------


def _grades_export(student, groups):
    header = [
        _("term"),
        _("code"),
        _("discipline"),
        _("credits"),
        _("score"),
        _("letter grade"),
        _("grade points"),
        _("attempt"),
        _("source"),
    ]
    rows = (
        [
            str(g.term) if g.term else _("Recognised from elsewhere"),
            r.discipline.code,
            r.discipline.name,
            r.credits,
            r.score,
            r.letter,
            r.points,
            r.attempt,
            r.get_source_display(),
        ]
        for g in groups
        for r in g.rows
    )
    return workbook_response(f"grades-{student.student_number}", [(_("Grades"), header, rows)])


def _grades_page(request, student, *, own: bool):
    groups, summary = sel.grades_by_term(student)
    if request.GET.get("export") == "xlsx":
        return _grades_export(student, groups)
    honours = None
    if sel.is_final_year(student):
        eligible, reasons = honours_check(student)
        honours = {"eligible": eligible, "reasons": reasons}
    return render(
        request,
        "grading/gpa/grades.html",
        {
            "student": student,
            "own": own,
            "groups": groups,
            "summary": summary,
            "honours": honours,
            "show_card": may(request.user, "student.view", student),
        },
    )


@policy("gpa.own")
def my_grades(request):
    """The student's own results by term with GPA per term, year and cumulative."""
    mine = own_student(request.user)
    if mine is None:
        raise Http404(_("Your account is not linked to a student record."))
    student = Student.objects.select_related(*STUDENT_RELATED).get(pk=mine.pk)
    return _grades_page(request, student, own=True)


@policy("gpa.view")
def student_grades(request, pk):
    """One student's grades: the office, the student's adviser, the dean's office of the faculty, the
    student themself."""
    student = get_for_user(request.user, "gpa.view", Student.objects.select_related(*STUDENT_RELATED), pk=pk)
    return _grades_page(request, student, own=student.user_id == request.user.pk)


# --- academic rating -------------------------------------------------------------------------------


@policy("standing.view")
def rating_list(request):
    """Academic rating of cohorts for a term or cumulatively (RULES.md §4)."""
    terms = list(sel.terms_with_gpa())
    periods = [(CUMULATIVE, _("cumulative")), *((str(t.pk), str(t)) for t in terms)]
    period = request.GET.get("period") or CUMULATIVE
    term = next((t for t in terms if str(t.pk) == period), None)
    last = GpaSnapshot.objects.order_by("-computed_at").values_list("computed_at", flat=True).first()
    return list_page(
        request,
        queryset=sel.rating_queryset(request.user, term=term),
        filterset_class=partial(RatingFilter, periods=periods),
        table_class=RatingTable,
        template="grading/gpa/rating.html",
        export_name="academic-rating",
        context={"term": term, "last_computed": last, "can_recompute": may(request.user, "gpa.recompute")},
    )


@policy("gpa.recompute")
@require_POST
def gpa_recompute_all(request):
    """Recompute every student's GPA (after a change of the GPA settings, for instance)."""
    written = gpa_recompute()
    messages.success(request, _("GPA recomputed for every student: %(n)s values changed.") % {"n": written})
    return redirect("rating_list")


# --- promotion -------------------------------------------------------------------------------------


@policy("standing.view")
def promotion_list(request):
    """Students whose GPA of the academic year is below the promotion threshold in force: they stay on
    the year (paid) and a state-grant holder loses the grant (RULES.md §4). The office can draft the
    repeat-year order for the ticked students."""
    years = list(sel.years_with_gpa())
    choices = [(str(y.pk), str(y)) for y in years]
    chosen = request.GET.get("academic_year")
    year = next((y for y in years if str(y.pk) == chosen), years[0] if years else None)
    if year is None:
        queryset = GpaSnapshot.objects.none()
        thresholds = {}
    else:
        queryset = sel.promotion_queryset(request.user, academic_year=year)
        combos = Student.objects.values_list("programme__level", "year_of_study").distinct().order_by()
        thresholds = sel.thresholds_for(year, combos)
    actions = selection_actions_for(request.user)
    return list_page(
        request,
        queryset=queryset,
        filterset_class=partial(PromotionFilter, years=choices),
        table_class=partial(PromotionTable, selectable=bool(actions)),
        template="grading/gpa/promotion.html",
        export_name="promotion-below-threshold",
        context={
            "academic_year": year,
            "thresholds": sorted(thresholds.items()),
            "selection_actions": actions,
        },
    )


# --- honours ---------------------------------------------------------------------------------------


@policy("standing.view")
def honours_list(request):
    """Final-year students and whether they may graduate with honours, with the reasons why not."""
    rules = honours_rules()
    return list_page(
        request,
        queryset=sel.honours_queryset(request.user, rules),
        filterset_class=HonoursFilter,
        table_class=HonoursTable,
        template="grading/gpa/honours.html",
        export_name="honours",
        context={"rules": rules},
    )
