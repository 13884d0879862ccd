"""SQLite (the embedded default) compares case only for ASCII letters in LIKE, so a search for
"алгеб" would miss "Алгебра". Django's icontains becomes `LIKE ... ESCAPE '\\'`; replacing
SQLite's like() function with a Unicode-aware one makes every list search behave as on
PostgreSQL. PostgreSQL is untouched."""

import re
from functools import lru_cache

from django.db.backends.signals import connection_created


@lru_cache(maxsize=512)
def _pattern(pattern: str, escape: str | None) -> re.Pattern:
    out, i = [], 0
    while i < len(pattern):
        ch = pattern[i]
        if escape and ch == escape and i + 1 < len(pattern):
            out.append(re.escape(pattern[i + 1]))
            i += 2
            continue
        out.append(".*" if ch == "%" else "." if ch == "_" else re.escape(ch))
        i += 1
    return re.compile("".join(out), re.DOTALL | re.IGNORECASE)


def _like(pattern, value, escape=None):
    if pattern is None or value is None:
        return None
    return _pattern(str(pattern).casefold(), escape).fullmatch(str(value).casefold()) is not None


def _install(sender, connection, **kwargs):
    if connection.vendor == "sqlite":
        connection.connection.create_function("like", 2, _like, deterministic=True)
        connection.connection.create_function("like", 3, _like, deterministic=True)


def install():
    connection_created.connect(_install, dispatch_uid="registrar.sqlite.unicode_like")
