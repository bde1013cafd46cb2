"""Text helpers shared by the store, the queries and the migrations."""

from __future__ import annotations

import unicodedata


def search_key(*parts: str | None) -> str:
    """Lower-case, accent-free, single-spaced text for filtering with a plain SQL LIKE.

    >>> search_key("Dos d'Âne", None, "LA POSSESSION")
    "dos d'ane la possession"
    """
    text = " ".join(part for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    return " ".join(stripped.lower().split())


#: Which columns make up each table's ``search_key`` (in this order). Migration 0002 keeps its
#: own frozen copy, as migrations must.
SEARCH_KEY_SOURCES: dict[str, tuple[str, ...]] = {
    "professional": ("last_name", "first_name", "rpps"),
    "installation_project": ("localite", "referent"),
    "msp_project": ("name", "sponsor_name"),
    "commune": ("name", "code"),
}
