"""Logins from people's names, with no database (enrollment.services.accounts).

A login is the first letter of the given name, a dot and the surname, in Latin letters:
Дәурен Серікбаев → d.serikbayev. The Latin spelling of the person's documents is used when it is
known; otherwise the Cyrillic name is transliterated (Kazakh and Russian letters, in the manner of
Kazakh passports: ә→a, ғ→g, қ→k, ң→n, ө→o, ұ→u, ү→u, һ→h, і→i; е after a vowel or at the start
of a word → ye, as in Serikbayev). A taken login gets the smallest free number: d.serikbayev2.
"""

import re
import unicodedata

_LETTERS = {
    "а": "a", "ә": "a", "б": "b", "в": "v", "г": "g", "ғ": "g", "д": "d", "е": "e", "ё": "yo",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "і": "i", "к": "k", "қ": "k", "л": "l", "м": "m",
    "н": "n", "ң": "n", "о": "o", "ө": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ұ": "u", "ү": "u", "ф": "f", "х": "kh", "һ": "h", "ц": "ts", "ч": "ch", "ш": "sh",
    "щ": "shch", "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
}  # fmt: skip
_VOWELS = set("аәеёиіоөуұүыэюя")
_NOT_LOGIN = re.compile(r"[^a-z]")
MAX_LOGIN_LENGTH = 150  # User.username


def transliterate(text: str) -> str:
    """Kazakh or Russian Cyrillic in Latin letters (lower case); Latin letters lose their accents."""
    out = []
    previous = ""
    for ch in (text or "").lower():
        if ch == "е" and (not previous or previous in _VOWELS or previous in "ъь" or not previous.isalpha()):
            out.append("ye")
        elif ch in _LETTERS:
            out.append(_LETTERS[ch])
        else:
            # Latin with diacritics (Ä, Ş, Ü in Kazakh Latin or foreign names): the base letter.
            out.append(unicodedata.normalize("NFKD", ch).encode("ascii", "ignore").decode())
        previous = ch
    return "".join(out)


def _latin_word(latin: str, cyrillic: str) -> str:
    word = _NOT_LOGIN.sub("", transliterate(latin)) if latin else ""
    return word or _NOT_LOGIN.sub("", transliterate(cyrillic))


def login_base(*, first_name: str, last_name: str, first_name_latin: str = "", last_name_latin: str = "") -> str:
    """ "d.serikbayev": the given name's initial and the surname, only a–z; "user" if nothing is left."""
    surname = _latin_word(last_name_latin, last_name)
    given = _latin_word(first_name_latin, first_name)
    base = f"{given[0]}.{surname}" if surname and given else (surname or given or "user")
    return base[: MAX_LOGIN_LENGTH - 6]


def unique_login(base: str, taken: set[str]) -> str:
    """`base`, or `base` with the smallest number from 2 that is not in `taken` (compared lower-case)."""
    if base.lower() not in taken:
        return base
    n = 2
    while f"{base}{n}".lower() in taken:
        n += 1
    return f"{base}{n}"
