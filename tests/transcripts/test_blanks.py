"""Strict-reporting blanks (RULES.md §9, issue 7): receiving batches, spoiling, the blanks list, the
stock and movement report (page, xlsx, PDF) checked against counts made independently here, access,
query counts and the admin."""

import datetime
from io import BytesIO

import polib
import pytest
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext
from openpyxl import load_workbook

from registrar import navigation
from registrar.errors import DomainError
from tests.transcripts.blanks_world import blank, issue_on, receive, spoil_on
from transcripts import selectors_blanks, services
from transcripts.models import Blank, BlankBatch, BlankKind, BlankStatus

pytestmark = pytest.mark.django_db

D = datetime.date
START, END = D(2024, 2, 1), D(2024, 4, 30)
REFUSED_ROLES = ("student", "another_student", "teacher", "adviser", "dean_office")
OFFICE = ("registrar", "registrar_head", "administrator")


@pytest.fixture
def office(client_for):
    return client_for("registrar")


def counts():
    return BlankBatch.objects.count(), Blank.objects.count()


# --- receiving -------------------------------------------------------------------------------------


def test_a_batch_is_received_as_one_blank_per_number(users):
    batch = receive(users["registrar"], series=" bd ", first=98, last=102, act="  7/2024 ")
    assert (batch.series, batch.act_number, batch.size, batch.received_by) == ("BD", "7/2024", 5, users["registrar"])
    blanks = list(batch.blanks.order_by("number"))
    assert [b.label for b in blanks] == ["BD 0000098", "BD 0000099", "BD 0000100", "BD 0000101", "BD 0000102"]
    assert {b.status for b in blanks} == {BlankStatus.FREE}
    assert {(b.kind, b.series) for b in blanks} == {(BlankKind.DIPLOMA, "BD")}
    # The same numbers in another series or of another kind are other blanks.
    receive(users["registrar"], series="MD", first=98, last=102)
    receive(users["registrar"], kind=BlankKind.SUPPLEMENT, series="BD", first=98, last=102)
    assert counts() == (3, 15)


def test_an_overlapping_range_is_refused_naming_the_first_overlapping_blank(users):
    receive(users["registrar"], first=10, last=20, on=D(2024, 1, 10), act="A-1")
    with pytest.raises(DomainError) as refused:
        receive(users["registrar"], first=15, last=30, act="A-2")
    assert refused.value.field == "first_number"
    assert "BD 0000015" in refused.value.message and "10.01.2024" in refused.value.message
    assert "A-1" in refused.value.message
    assert counts() == (1, 11)
    with pytest.raises(DomainError, match="BD 0000010"):
        receive(users["registrar"], first=1, last=10)
    assert counts() == (1, 11)


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"first": 10, "last": 9}, "last_number"),
        ({"first": 0, "last": 9}, "last_number"),
        ({"act": " "}, "act_number"),
        ({"series": " "}, "series"),
        ({"kind": "passport"}, "kind"),
    ],
)
def test_a_bad_batch_is_refused_on_its_field_and_nothing_is_created(users, change, field):
    args = {"first": 1, "last": 5, **change}
    with pytest.raises(DomainError) as refused:
        receive(users["registrar"], **args)
    assert refused.value.field == field
    assert counts() == (0, 0)


def _receive_post(**change):
    data = {
        "kind": BlankKind.DIPLOMA, "series": "BD", "first_number": "1", "last_number": "5", "number_width": "7",
        "received_on": "2024-01-10", "act_number": "A-1", "note": "",
    }  # fmt: skip
    return {**data, **change}


def test_the_receive_page_records_a_batch(office, users):
    assert office.get(reverse("blank_receive")).status_code == 200
    response = office.post(reverse("blank_receive"), _receive_post(), follow=True)
    assert response.redirect_chain[-1][0] == reverse("blank_list")
    assert "Received 5 blanks" in response.content.decode()
    batch = BlankBatch.objects.get()
    assert (batch.act_number, batch.received_on, batch.size) == ("A-1", D(2024, 1, 10), 5)


@pytest.mark.parametrize(
    ("change", "field", "text"),
    [
        ({"first_number": "3", "last_number": "8"}, "first_number", "BD 0000003"),
        ({"first_number": "9", "last_number": "8"}, "last_number", "must not be below"),
        ({"act_number": ""}, "act_number", "required"),
        ({"last_number": "123456789", "number_width": "7"}, "last_number", "At most"),
    ],
)
def test_the_receive_page_shows_a_refusal_on_its_field_and_applies_nothing(office, users, change, field, text):
    receive(users["registrar"], first=1, last=5)
    response = office.post(reverse("blank_receive"), _receive_post(**change))
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors and text in " ".join(errors[field]), errors
    assert counts() == (1, 5)


# --- spoiling --------------------------------------------------------------------------------------


def test_spoiling_needs_a_reason_and_only_a_blank_in_stock(users):
    actor = users["registrar"]
    receive(actor, first=1, last=5)
    with pytest.raises(DomainError) as refused:
        services.spoil_blank(actor=actor, blank=blank("BD", 1), reason="  ")
    assert refused.value.field == "reason" and blank("BD", 1).status == BlankStatus.FREE

    spoiled = services.spoil_blank(actor=actor, blank=blank("BD", 1), reason=" torn ", on=D(2024, 2, 3))
    assert (spoiled.status, spoiled.spoil_reason, spoiled.used_on, spoiled.used_by) == (
        BlankStatus.SPOILED, "torn", D(2024, 2, 3), actor,
    )  # fmt: skip
    with pytest.raises(DomainError, match="BD 0000001 is already spoiled"):
        services.spoil_blank(actor=actor, blank=blank("BD", 1), reason="again")
    assert blank("BD", 1).spoil_reason == "torn"

    issue_on(actor, "BD", 2, D(2024, 2, 4))
    with pytest.raises(DomainError, match="BD 0000002 is already issued"):
        services.spoil_blank(actor=actor, blank=blank("BD", 2), reason="misprint")
    issued = blank("BD", 2)
    assert issued.status == BlankStatus.ISSUED and issued.spoil_reason == "" and issued.document is not None


def test_the_spoil_button_writes_off_a_blank_and_goes_back(office, users):
    receive(users["registrar"], first=1, last=3)
    target = blank("BD", 2)
    back = reverse("blank_list") + "?status=free"
    response = office.post(reverse("blank_spoil", args=[target.pk]), {"reason": "misprint", "next": back})
    assert response.status_code == 302 and response["Location"] == back
    target.refresh_from_db()
    assert (target.status, target.spoil_reason, target.used_by) == (BlankStatus.SPOILED, "misprint", users["registrar"])
    # Twice: refused with a message, nothing changes; an outside `next` is not followed.
    response = office.post(
        reverse("blank_spoil", args=[target.pk]), {"reason": "again", "next": "https://evil.example/"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("blank_detail", args=[target.pk])
    assert "already spoiled" in response.content.decode()
    target.refresh_from_db()
    assert target.spoil_reason == "misprint"


def test_the_spoil_button_needs_a_reason(office, users):
    receive(users["registrar"], first=1, last=3)
    target = blank("BD", 1)
    response = office.post(reverse("blank_spoil", args=[target.pk]), {"reason": ""}, follow=True)
    assert "Give the reason the blank is spoiled" in response.content.decode()
    assert blank("BD", 1).status == BlankStatus.FREE
    assert office.get(reverse("blank_spoil", args=[target.pk])).status_code == 405


# --- the list and the detail -----------------------------------------------------------------------


def test_the_list_filters_blanks_and_shows_the_stock_and_the_batches(office, users):
    actor = users["registrar"]
    receive(actor, first=1, last=30, act="A-7")
    receive(actor, kind=BlankKind.SUPPLEMENT, series="DS", first=1, last=4, act="A-8")
    issue_on(actor, "BD", 3, D(2024, 2, 1))
    spoil_on(actor, "BD", 4, D(2024, 2, 1), reason="ink stain")

    page = office.get(reverse("blank_list"))
    assert page.status_code == 200
    stock = {(line.kind, line.series): (line.free, line.issued, line.spoiled) for line in page.context["stock"]}
    assert stock == {(BlankKind.DIPLOMA, "BD"): (28, 1, 1), (BlankKind.SUPPLEMENT, "DS"): (4, 0, 0)}
    html = page.content.decode()
    assert "A-7" in html and "A-8" in html and reverse("blank_receive") in html and reverse("blank_report") in html
    assert page.context["table"].paginator.count == 34
    # A row in stock carries its spoil form (coming back to the same list); issued and spoiled rows do not.
    assert reverse("blank_spoil", args=[blank("BD", 1).pk]) in html and 'name="next" value="/documents/blanks/"' in html
    assert reverse("blank_spoil", args=[blank("BD", 3).pk]) not in html
    assert reverse("blank_spoil", args=[blank("BD", 4).pk]) not in html

    def labels(query):
        response = office.get(reverse("blank_list") + query)
        return [row.record.label for row in response.context["table"].paginated_rows]

    assert labels("?kind=supplement") == ["DS 0000001", "DS 0000002", "DS 0000003", "DS 0000004"]
    assert labels("?status=spoiled") == ["BD 0000004"]
    assert labels("?status=issued&series=bd") == ["BD 0000003"]
    assert labels("?q=3") == ["BD 0000003", "DS 0000003"]
    assert labels("?q=0000003&kind=diploma") == ["BD 0000003"]
    assert labels("?q=BD+0000025") == ["BD 0000025"]
    assert labels("?q=DS+00000") == ["DS 0000001", "DS 0000002", "DS 0000003", "DS 0000004"]

    export = office.get(reverse("blank_list") + "?status=issued&export=xlsx")
    sheet = load_workbook(BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "BD 0000003" and len(rows) == 2


def test_the_detail_page_shows_the_blank_and_spoils_only_a_blank_in_stock(office, users):
    actor = users["registrar"]
    receive(actor, first=1, last=3, act="A-9")
    issued = issue_on(actor, "BD", 1, D(2024, 3, 1))
    html = office.get(reverse("blank_detail", args=[issued.pk])).content.decode()
    assert "BD 0000001" in html and issued.document.number in html and "A-9" in html
    assert 'id="spoil-form"' not in html
    free = blank("BD", 2)
    html = office.get(reverse("blank_detail", args=[free.pk])).content.decode()
    assert 'id="spoil-form"' in html and reverse("blank_spoil", args=[free.pk]) in html
    assert office.get(reverse("blank_detail", args=[999999])).status_code == 404


def test_the_menu_offers_the_blanks_to_the_office_only(users):
    def entries(user):
        return [item["url"] for section in navigation.items_for(user) for item in section["items"]]

    assert reverse("blank_list") in entries(users["registrar"])
    assert reverse("blank_list") not in entries(users["dean_office"])


# --- the report ------------------------------------------------------------------------------------


@pytest.fixture
def period_world(users):
    """Blanks received before, inside and after 1 Feb – 30 Apr 2024, used before, inside (on both
    edges too) and after it."""
    actor = users["registrar"]
    receive(actor, series="BD", first=1, last=20, on=D(2024, 1, 10), act="A-before")
    receive(actor, series="BD", first=21, last=30, on=D(2024, 3, 15), act="A-inside")
    receive(actor, series="BD", first=31, last=35, on=D(2024, 5, 20), act="A-after")
    receive(actor, kind=BlankKind.SUPPLEMENT, series="DS", first=1, last=10, on=D(2024, 1, 5), act="S-before")
    receive(actor, kind=BlankKind.DIPLOMA_HONOURS, series="BDH", first=1, last=4, on=START, act="H-start")
    for n in (1, 2, 3):
        issue_on(actor, "BD", n, D(2024, 1, 20))
    spoil_on(actor, "BD", 4, D(2024, 1, 25))
    for n, on in ((5, START), (6, D(2024, 3, 1)), (7, END), (8, D(2024, 4, 10))):
        issue_on(actor, "BD", n, on, holder=f"Holder {n}")
    spoil_on(actor, "BD", 9, START, reason="misprint on the first day")
    spoil_on(actor, "BD", 10, END, reason="torn on the last day")
    issue_on(actor, "BD", 11, D(2024, 5, 1))
    issue_on(actor, "BD", 12, D(2024, 6, 1))
    spoil_on(actor, "BD", 13, D(2024, 5, 2))
    issue_on(actor, "BD", 21, D(2024, 3, 15))
    spoil_on(actor, "BD", 22, D(2024, 4, 1), reason="water damage")
    issue_on(actor, "BD", 23, D(2024, 6, 15))
    spoil_on(actor, "BD", 31, D(2024, 5, 21))
    issue_on(actor, "BD", 32, D(2024, 6, 1))
    issue_on(actor, "DS", 1, D(2024, 3, 1))
    issue_on(actor, "DS", 2, D(2024, 3, 1))
    issue_on(actor, "DS", 3, D(2024, 1, 20))


def independent_counts(start, end):
    """The report's figures counted blank by blank in Python from the definitions."""
    figures = {}
    for b in Blank.objects.select_related("batch"):
        got, left = b.batch.received_on, b.used_on
        line = figures.setdefault((b.kind, b.series), dict.fromkeys(selectors_blanks.FIGURES, 0))
        line["opening"] += got < start and (left is None or left >= start)
        line["received"] += start <= got <= end
        line["issued"] += b.status == BlankStatus.ISSUED and start <= left <= end
        line["spoiled"] += b.status == BlankStatus.SPOILED and start <= left <= end
        line["closing"] += got <= end and (left is None or left > end)
    return {key: [line[f] for f in selectors_blanks.FIGURES] for key, line in figures.items() if any(line.values())}


def test_the_report_figures_match_an_independent_count_and_reconcile(users, period_world):
    report = selectors_blanks.blank_report(START, END)
    got = {(line.kind, line.series): line.figures for line in report.lines}
    assert got == independent_counts(START, END)
    assert got == {
        (BlankKind.DIPLOMA, "BD"): [16, 10, 5, 3, 18],
        (BlankKind.DIPLOMA_HONOURS, "BDH"): [0, 4, 0, 0, 4],
        (BlankKind.SUPPLEMENT, "DS"): [9, 0, 2, 0, 7],
    }
    assert report.total.figures == [25, 14, 7, 3, 29]
    for line in [*report.lines, report.total]:
        assert line.opening + line.received - line.issued - line.spoiled == line.closing
    assert report.reconciles
    assert [b.label for b in report.issued] == [
        "BD 0000005", "BD 0000006", "DS 0000001", "DS 0000002", "BD 0000021", "BD 0000008", "BD 0000007",
    ]  # fmt: skip
    assert [(b.label, b.spoil_reason) for b in report.spoiled] == [
        ("BD 0000009", "misprint on the first day"),
        ("BD 0000022", "water damage"),
        ("BD 0000010", "torn on the last day"),
    ]
    # Other periods: the same identity, the same independent count; closing of one is opening of the next.
    for start, end in [
        (D(2031, 1, 1), D(2031, 12, 31)),
        (D(2024, 1, 1), D(2024, 1, 31)),
        (D(2024, 5, 1), D(2024, 12, 31)),
    ]:
        other = selectors_blanks.blank_report(start, end)
        assert {(line.kind, line.series): line.figures for line in other.lines} == independent_counts(start, end)
        assert other.reconciles
    january = selectors_blanks.blank_report(D(2024, 1, 1), D(2024, 1, 31))
    assert january.total.closing == selectors_blanks.blank_report(D(2024, 2, 1), D(2024, 2, 29)).total.opening


def test_a_use_dated_before_the_receipt_cannot_break_the_balance(users):
    actor = users["registrar"]
    receive(actor, first=1, last=3, on=D(2024, 3, 10))
    with pytest.raises(DomainError, match="between the day it was received") as refused:
        spoil_on(actor, "BD", 1, D(2024, 3, 1))  # before the act of receipt: refused, naming the date
    assert refused.value.field == "on" and "10.03.2024" in refused.value.message
    with pytest.raises(DomainError, match="between the day it was received"):
        spoil_on(actor, "BD", 1, datetime.date.today() + datetime.timedelta(days=1))
    # Data from elsewhere (the admin's SQL, an import) with such a date is counted on the day of receipt.
    spoil_on(actor, "BD", 1, D(2024, 3, 12))
    Blank.objects.filter(series="BD", number=1).update(used_on=D(2024, 3, 1))
    report = selectors_blanks.blank_report(D(2024, 3, 1), D(2024, 3, 5))
    assert report.lines == [] and report.total.figures == [0, 0, 0, 0, 0]
    report = selectors_blanks.blank_report(D(2024, 3, 1), D(2024, 3, 31))
    assert report.total.figures == [0, 3, 0, 1, 2] and report.reconciles


def test_the_report_page_shows_the_figures_and_lists(office, users, period_world):
    response = office.get(reverse("blank_report"), {"start": "2024-02-01", "end": "2024-04-30"})
    assert response.status_code == 200
    report = response.context["report"]
    assert report.total.figures == [25, 14, 7, 3, 29]
    html = response.content.decode()
    assert "water damage" in html and "Holder 8" in html and "export=xlsx" in html and "export=pdf" in html
    default = office.get(reverse("blank_report"))
    assert default.status_code == 200 and default.context["report"].end == datetime.date.today()
    bad = office.get(reverse("blank_report"), {"start": "2024-05-01", "end": "2024-04-30"})
    assert bad.status_code == 200 and "end" in bad.context["form"].errors


def test_the_report_xlsx_reads_back_with_its_header_filter_and_totals(office, users, period_world):
    response = office.get(reverse("blank_report"), {"start": "2024-02-01", "end": "2024-04-30", "export": "xlsx"})
    assert response.status_code == 200
    assert response["Content-Disposition"] == 'attachment; filename="blanks-2024-02-01-2024-04-30.xlsx"'
    book = load_workbook(BytesIO(response.content))
    movement, issued, spoiled = book.worksheets
    rows = list(movement.iter_rows(values_only=True))
    assert list(rows[0]) == [
        "blank", "series", "on hand at the start", "received", "issued", "spoiled", "on hand at the end",
    ]  # fmt: skip
    assert movement.freeze_panes == "A2"
    assert movement.auto_filter.ref == "A1:G4"
    table, total = rows[1:4], rows[4]
    assert [list(r[:2]) for r in table] == [
        ["diploma", "BD"],
        ["diploma with honours", "BDH"],
        ["diploma supplement", "DS"],
    ]
    assert [list(r[2:]) for r in table] == [[16, 10, 5, 3, 18], [0, 4, 0, 0, 4], [9, 0, 2, 0, 7]]
    assert total[0] == "Total" and list(total[2:]) == [sum(r[i] for r in table) for i in range(2, 7)]
    assert list(total[2:]) == [25, 14, 7, 3, 29] and len(rows) == 5
    issued_rows = list(issued.iter_rows(values_only=True))
    assert issued.freeze_panes == "A2" and issued.auto_filter.ref == "A1:E8"
    assert len(issued_rows) == 1 + 7 and issued_rows[1][0] == "BD 0000005" and issued_rows[1][3] == "Holder 5"
    assert issued_rows[1][4] == datetime.datetime(2024, 2, 1)
    spoiled_rows = list(spoiled.iter_rows(values_only=True))
    assert [r[2] for r in spoiled_rows[1:]] == ["misprint on the first day", "water damage", "torn on the last day"]


# Translations of the report's headings, compiled for the PDF test into a catalogue of its own (the
# project's catalogues get them from /tmp/blanks_translations.json through the usual po workflow).
HEADINGS = {
    "Stock and movement of strict-reporting blanks": {
        "kk": "Қатаң есептілік бланкілерінің қалдығы мен қозғалысы",
        "ru": "Остатки и движение бланков строгой отчетности",
    },
    "on hand at the start": {"kk": "кезең басындағы қалдық", "ru": "остаток на начало"},
    "Blanks spoiled in the period": {"kk": "Кезеңде бүлінген бланкілер", "ru": "Испорченные за период бланки"},
}


@pytest.fixture
def heading_catalogue(settings, tmp_path):
    for language in ("kk", "ru"):
        po = polib.POFile()
        po.metadata = {"Content-Type": "text/plain; charset=UTF-8", "Language": language}
        for msgid, text in HEADINGS.items():
            po.append(polib.POEntry(msgid=msgid, msgstr=text[language]))
        folder = tmp_path / "locale" / language / "LC_MESSAGES"
        folder.mkdir(parents=True)
        po.save_as_mofile(str(folder / "django.mo"))
    settings.LOCALE_PATHS = [tmp_path / "locale", *settings.LOCALE_PATHS]  # clears Django's catalogue cache
    yield
    settings.LOCALE_PATHS = settings.LOCALE_PATHS[1:]


def _compact(text: str) -> str:
    return " ".join(text.split())


@pytest.mark.parametrize("language", ["kk", "ru"])
def test_the_report_pdf_prints_the_period_in_the_language_asked(
    office, users, period_world, pdf_text, heading_catalogue, language
):
    response = office.get(
        reverse("blank_report"), {"start": "2024-02-01", "end": "2024-04-30", "export": "pdf", "lang": language}
    )
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    text = _compact(pdf_text(response.content))
    with translation.override(language):
        heading = gettext("Stock and movement of strict-reporting blanks")
        spoiled_heading = gettext("Blanks spoiled in the period")
    assert heading == HEADINGS["Stock and movement of strict-reporting blanks"][language]
    assert heading in text and spoiled_heading in text and "on hand at the start" not in text
    for label in ("BD 0000005", "BD 0000021", "DS 0000002", "BD 0000022"):
        assert label in text
    assert "water damage" in text and "01.02.2024" in text and "30.04.2024" in text
    assert "25 14 7 3 29" in text  # the totals line


def test_the_report_pdf_under_translation_override_kk(users, period_world, pdf_text, heading_catalogue):
    """The PDF helper itself takes its headings from gettext in the active language."""
    from registrar.pdf import render_pdf
    from transcripts.views_blanks import _report_context

    report = selectors_blanks.blank_report(START, END)
    with translation.override("kk"):
        text = _compact(pdf_text(render_pdf("documents/blanks_report.html", _report_context(report))))
    assert "Қатаң есептілік бланкілерінің қалдығы мен қозғалысы" in text
    assert "BD 0000007" in text and "Holder 7" in text
    # The holders' names keep their Kazakh letters (a long name may wrap in its column).
    assert all(part in text for part in ("Әбілқайырұлы Іңкәр", "Үмбетқызы"))


# --- access and query counts -----------------------------------------------------------------------


def _urls(users):
    receive(users["registrar"], first=1, last=2)
    pk = blank("BD", 1).pk
    return [
        ("get", reverse("blank_list")),
        ("get", reverse("blank_list") + "?export=xlsx"),
        ("get", reverse("blank_receive")),
        ("post", reverse("blank_receive")),
        ("get", reverse("blank_report")),
        ("get", reverse("blank_report") + "?export=xlsx"),
        ("get", reverse("blank_detail", args=[pk])),
        ("post", reverse("blank_spoil", args=[pk])),
        ("get", reverse("blank_spoil", args=[pk])),  # POST-only; still the login / 403 first
    ]


def test_only_the_registrar_office_may_use_the_blanks_pages(users, client_for):
    urls = _urls(users)
    for method, url in urls:
        response = getattr(client_for(None), method)(url, {"reason": "x"} if "spoil" in url else {})
        assert response.status_code == 302 and "/login/" in response["Location"], url
        for role in REFUSED_ROLES:
            response = getattr(client_for(role), method)(url, {"reason": "x"} if "spoil" in url else {})
            assert response.status_code == 403, (role, url)
    assert Blank.objects.filter(status=BlankStatus.FREE).count() == 2 and BlankBatch.objects.count() == 1
    for role in OFFICE:
        for method, url in urls:
            if method == "get":
                expected = 405 if "spoil" in url else 200
                assert client_for(role).get(url).status_code == expected, (role, url)


def _many(users, batches: int):
    actor = users["registrar"]
    for i in range(batches):
        receive(actor, series="BD", first=100 * i + 1, last=100 * i + 40, on=D(2024, 1, 10), act=f"Q-{i}")
        issue_on(actor, "BD", 100 * i + 1, D(2024, 3, 1))
        issue_on(actor, "BD", 100 * i + 2, D(2024, 3, 2))
        spoil_on(actor, "BD", 100 * i + 3, D(2024, 3, 3))
        receive(actor, kind=BlankKind.SUPPLEMENT, series=f"S{i}", first=1, last=5, on=D(2024, 2, 10))


@pytest.mark.parametrize("batches", [1, 6])
def test_the_pages_use_a_bounded_number_of_queries(office, users, django_assert_max_num_queries, batches):
    _many(users, batches)
    detail = Blank.objects.filter(status=BlankStatus.ISSUED).first().pk
    with django_assert_max_num_queries(12):
        assert office.get(reverse("blank_list")).status_code == 200
    with django_assert_max_num_queries(12):
        assert office.get(reverse("blank_list") + "?status=issued&export=xlsx").status_code == 200
    with django_assert_max_num_queries(8):
        assert office.get(reverse("blank_report"), {"start": "2024-02-01", "end": "2024-04-30"}).status_code == 200
    with django_assert_max_num_queries(8):
        response = office.get(reverse("blank_report"), {"start": "2024-02-01", "end": "2024-04-30", "export": "xlsx"})
        assert response.status_code == 200
    with django_assert_max_num_queries(8):
        assert office.get(reverse("blank_detail", args=[detail])).status_code == 200


def test_the_report_counts_in_three_queries(users, django_assert_num_queries):
    _many(users, 3)
    with django_assert_num_queries(3):
        report = selectors_blanks.blank_report(START, END)
    assert report.total.issued == 6 and report.total.spoiled == 3 and report.reconciles


# --- issuing on blanks -----------------------------------------------------------------------------


def test_a_diploma_takes_the_chosen_blank_and_never_a_spoiled_one(users):
    from tests.transcripts.world import graduate, make_world
    from transcripts.models import DocumentKind

    world = make_world(users)
    student = graduate(world)
    actor = users["registrar"]
    for kind, series in ((BlankKind.DIPLOMA, "BD"), (BlankKind.DIPLOMA_HONOURS, "BDH")):
        receive(actor, kind=kind, series=series, first=1, last=3)
    honours = services.documents.facts_for(DocumentKind.DIPLOMA, student).details["honours"]
    series = "BDH" if honours else "BD"
    services.spoil_blank(actor=actor, blank=blank(series, 2), reason="misprint")
    with pytest.raises(DomainError, match=f"{series} 0000002 is already spoiled"):
        services.issue_diploma(actor=actor, student=student, blank=blank(series, 2))
    document = services.issue_diploma(actor=actor, student=student, blank=blank(series, 3))
    chosen = blank(series, 3)
    assert chosen.status == BlankStatus.ISSUED and chosen.document == document and chosen.used_by == actor
    assert document.details["blank"] == f"{series} 0000003"
    assert blank(series, 1).status == BlankStatus.FREE


# --- admin -----------------------------------------------------------------------------------------


def test_the_admin_shows_documents_and_blanks_read_only(users, client_for):
    actor = users["registrar"]
    receive(actor, first=1, last=2)
    issued = issue_on(actor, "BD", 1, D(2024, 3, 1))
    admin = client_for("administrator")
    for model in ("issueddocument", "documentcounter", "certificaterequest", "blankbatch", "blank", "graduationrun"):
        assert admin.get(reverse(f"admin:transcripts_{model}_changelist")).status_code == 200, model
        assert admin.get(reverse(f"admin:transcripts_{model}_add")).status_code == 403, model
    document = issued.document
    page = admin.get(reverse("admin:transcripts_issueddocument_change", args=[document.pk]))
    assert page.status_code == 200 and b'name="_save"' not in page.content
    assert admin.get(reverse("admin:transcripts_issueddocument_delete", args=[document.pk])).status_code == 403
    assert (
        admin.post(
            reverse("admin:transcripts_issueddocument_change", args=[document.pk]), {"holder_name": "Changed"}
        ).status_code
        == 403
    )
    for target in (issued, blank("BD", 2)):
        assert admin.get(reverse("admin:transcripts_blank_delete", args=[target.pk])).status_code == 403
        assert (
            admin.post(reverse("admin:transcripts_blank_delete", args=[target.pk]), {"post": "yes"}).status_code == 403
        )
    response = admin.post(
        reverse("admin:transcripts_blank_changelist"),
        {"action": "delete_selected", "_selected_action": [issued.pk], "post": "yes"},
    )
    assert Blank.objects.count() == 2 and response.status_code in (200, 302)
    search = admin.get(reverse("admin:transcripts_issueddocument_changelist"), {"q": document.number})
    assert document.number in search.content.decode()
    document.refresh_from_db()
    assert document.holder_name != "Changed"


def test_a_batch_cannot_be_received_in_the_future(users):
    with pytest.raises(DomainError, match="future") as refused:
        receive(users["registrar"], on=datetime.date.today() + datetime.timedelta(days=1))
    assert refused.value.field == "received_on" and not BlankBatch.objects.exists()
