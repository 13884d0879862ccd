"""Samples for the strict-reporting blanks URLs with arguments: a blank in stock, for the office only.
The spoil URL is POST-only: allowed roles get 405 on GET, then an empty POST has no reason and is
answered with a redirect, nothing applied."""

from tests.access_samples.enrollment import OFFICE


def _blank(users):
    import datetime

    from transcripts import services
    from transcripts.models import Blank, BlankKind

    existing = Blank.objects.filter(series="ACCESS").first()
    if existing:
        return existing
    batch = services.receive_blanks(
        actor=users["registrar"], kind=BlankKind.DIPLOMA, series="ACCESS", first_number=1, last_number=1,
        received_on=datetime.date(2024, 1, 10), act_number="ACCESS-1",
    )  # fmt: skip
    return batch.blanks.get()


def _blank_pk(users):
    return {"pk": _blank(users).pk}


SAMPLES = {
    "blank_detail": (_blank_pk, OFFICE),
    "blank_spoil": (_blank_pk, OFFICE),
}
