"""Samples for the calendar's URLs with arguments: only the registrar's office manages the calendar."""

from tests.academics.factories_calendar import CalendarPeriodFactory, TermFactory, year_with_terms

OFFICE = {"registrar", "registrar_head", "administrator"}


def _year(users):
    return {"pk": year_with_terms(2031).pk}


def _term(users):
    return {"pk": TermFactory(academic_year=year_with_terms(2031)).pk}


def _period(users):
    return {"pk": CalendarPeriodFactory(term=TermFactory(academic_year=year_with_terms(2031))).pk}


SAMPLES = {
    "academic_year_detail": (_year, OFFICE),
    "academic_year_copy": (_year, OFFICE),
    "academic_year_export": (_year, OFFICE),
    "term_create": (_year, OFFICE),
    "term_edit": (_term, OFFICE),
    "period_create": (_year, OFFICE),
    "period_edit": (_period, OFFICE),
    "period_delete": (_period, OFFICE),
}
