"""Text helpers shared by the store, the queries and the migrations."""

from __future__ import annotations

import re
import sys
import unicodedata
from functools import cache, lru_cache


@cache
def _combining_marks() -> dict[int, None]:
    """Every combining mark, to delete with one ``str.translate`` (made once, about 0.05 s)."""
    return {code: None for code in range(sys.maxunicode + 1) if unicodedata.combining(chr(code))}


#: The combining marks of the Combining Diacritical Marks block (U+034F, the grapheme joiner, is
#: not one): those of French accents, removed by one regex pass before any other.
_LATIN_MARKS = re.compile("[\u0300-\u034e\u0350-\u036f]+")


def search_key(*parts: str | None) -> str:
    """Lower-case, accent-free, single-spaced text for filtering with a plain SQL LIKE.

    >>> search_key("Dos d'Âne", None, "LA POSSESSION")
    "dos d'ane la possession"
    """
    text = " ".join(filter(None, parts))  # the parts given and not empty
    if text.isascii():  # most names: nothing to fold (NFKD leaves ASCII as it is)
        return " ".join(text.lower().split())
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE"))
    stripped = _LATIN_MARKS.sub("", decomposed)  # the accents of Latin letters, quickly
    if not stripped.isascii():  # other scripts' marks: the full list (one dict look-up a char)
        stripped = stripped.translate(_combining_marks())
    return " ".join(stripped.lower().split())


#: Which columns make up each table's ``search_key`` (in this order). Migration 0002 keeps its
#: own frozen copy, as migrations must.
SEARCH_KEY_SOURCES: dict[str, tuple[str, ...]] = {
    "professional": ("last_name", "first_name", "rpps"),
    "installation_project": ("localite", "referent"),
    "msp_project": ("name", "sponsor_name"),
    "commune": ("name", "code"),
}


#: Name of the SQLite collation registered on every connection (storage.db.make_engine).
FRENCH_COLLATION = "FR"


@lru_cache(maxsize=65536)
def _french_key(text: str) -> tuple[str, str]:
    # Accents and case first ignored, then they break ties (so the order is total and stable).
    return search_key(text), text


def french_compare(left: str, right: str) -> int:
    """French order: "Bègue" < "bernard" < "Boyer" < "Ébrard"; for SQLite's create_collation."""
    a, b = _french_key(left), _french_key(right)
    return (a > b) - (a < b)
