"""Samples for the registrar's registration pages with arguments: the lock page of a term (the office
only; a dean's office reads progress but does not lock)."""

OFFICE = {"registrar", "registrar_head", "administrator"}


def _term(users):
    from academics.models import Term
    from tests.academics.factories_calendar import year_with_terms

    term = Term.objects.order_by("pk").first()
    if term is None:
        term = year_with_terms(2031).terms.order_by("starts_on").first()
    return {"term_id": term.pk}


SAMPLES = {
    "registration_office_lock": (_term, OFFICE),
}
