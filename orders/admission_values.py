"""How the cells of an admission list are read, with no database (enrollment.services.admissions).

The admissions committee writes in Russian or Kazakh as often as with our codes, so each choice
accepts the code, the English word and the usual Russian and Kazakh words; dates come as Excel
dates, as DD.MM.YYYY text or as ISO text; an IIN typed into a number cell has lost its leading zero.
"""

import datetime
import re

from django.utils.translation import gettext as _

SEX_VALUES = {
    "M": ("m", "male", "man", "м", "муж", "мужской", "мужчина", "ер", "ер адам", "ер жынысты"),
    "F": ("f", "female", "woman", "ж", "жен", "женский", "женщина", "әйел", "әйел адам", "әйел жынысты", "қыз"),
}
FORM_VALUES = {
    "full_time": ("full_time", "full-time", "full time", "очная", "очное", "очно", "күндізгі", "күндізгі оқу"),
    "distance": ("distance", "дистанционная", "дистанционное", "дистанционно", "қашықтықтан", "қашықтықтан оқыту"),
}
LANGUAGE_VALUES = {
    "kk": ("kk", "kz", "kaz", "kazakh", "казахский", "казахский язык", "каз", "қазақ", "қазақша", "қазақ тілі", "қаз"),
    "ru": ("ru", "rus", "russian", "русский", "русский язык", "рус", "орыс", "орысша", "орыс тілі"),
    "en": ("en", "eng", "english", "английский", "английский язык", "англ", "ағылшын", "ағылшынша", "ағылшын тілі"),
}
FUNDING_VALUES = {
    "grant": (
        "grant",
        "state grant",
        "грант",
        "госгрант",
        "гос. грант",
        "государственный грант",
        "государственный образовательный грант",
        "мемлекеттік грант",
        "мемлекеттік білім беру гранты",
    ),
    "paid": ("paid", "fee-paying", "fee paying", "платное", "платно", "платная", "договор", "ақылы", "ақылы оқу"),
    "other": ("other", "другое", "иное", "басқа"),
}
KAZAKHSTAN = (
    "kz",
    "kaz",
    "казахстан",
    "республика казахстан",
    "рк",
    "қазақстан",
    "қазақстан республикасы",
    "қр",
    "kazakhstan",
    "republic of kazakhstan",
)

_LATIN_NAME = re.compile(r"^[A-Za-z]+(?:[ '’\-][A-Za-z]+)*$")
_DATE_FORMATS = ("%d.%m.%Y", "%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%d/%m/%Y", "%d-%m-%Y")
_EXCEL_EPOCH = datetime.date(1899, 12, 30)


def norm(value) -> str:
    """Lower case, single spaces, ё as е, no trailing dot: how two spellings of one word compare."""
    text = " ".join(str(value or "").replace("ё", "е").replace("Ё", "Е").strip().lower().split())
    return text.rstrip(".").strip()


def parse_choice(value, table: dict[str, tuple[str, ...]], choices=None) -> str | None:
    """The code for a cell of a choice column, or None if it is not understood.

    `choices` (a TextChoices) also accepts its labels in the active language.
    """
    text = norm(value)
    if not text:
        return None
    for code, words in table.items():
        if text == norm(code) or text in {norm(w) for w in words}:
            return code
    if choices is not None:
        for choice in choices:
            if text == norm(choice.label):
                return choice.value
    return None


def parse_date(value) -> datetime.date:
    """A date from a cell; raises ValueError with a translated reason."""
    if isinstance(value, datetime.datetime):
        return value.date()
    if isinstance(value, datetime.date):
        return value
    text = str(value or "").strip()
    for fmt in _DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    if text.isdigit() and 1 <= int(text) <= 2_958_465:  # an Excel serial day number (up to 31.12.9999)
        return _EXCEL_EPOCH + datetime.timedelta(days=int(text))
    raise ValueError(_("“%(value)s” is not a date; write it as DD.MM.YYYY") % {"value": text})


def parse_iin(value) -> str:
    """The IIN as 12 characters when it is one; empty for an empty cell.

    A 10- or 11-digit number is an IIN whose leading zeros a number cell dropped (births in
    2000–2009 start with 0); anything else is returned as typed for the IIN check to explain.
    """
    text = re.sub(r"\s", "", str(value or ""))
    if text.isascii() and text.isdigit() and len(text) in (10, 11):
        return text.zfill(12)
    return text


def parse_citizenship(value) -> str:
    """ISO 3166-1 alpha-2 code; empty means Kazakhstan. Raises ValueError when not understood."""
    text = norm(value)
    if not text or text in {norm(k) for k in KAZAKHSTAN}:
        return "KZ"
    if len(text) == 2 and text.isascii() and text.isalpha():
        return text.upper()
    raise ValueError(_("“%(value)s” is not a two-letter country code (KZ, RU, UZ, ...)") % {"value": value})


def valid_name(text: str) -> bool:
    """Letters of any alphabet, with single spaces, hyphens or apostrophes between them."""
    parts = re.split(r"[ '’\-]", text)
    return all(part and part.isalpha() for part in parts)


def valid_latin_name(text: str) -> bool:
    return bool(_LATIN_NAME.match(text))
