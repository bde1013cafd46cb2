"""The synced history of an edit: the ``record_change`` record the server derives from its op.

A device keeps its own history in ``history_entry`` lines and pushes only the edit's op; the
server, applying that op, writes the ``record_change`` the other devices pull (id = the op's id,
so an older device pushing the same record again is a replay). Both ends build its fields here.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from storage.wire import reusable_encoder

#: ``json.dumps(value, ensure_ascii=False)`` without a new encoder per call (a push derives
#: one history record per op, one value per field): the same text.
_ENCODE = reusable_encoder(ensure_ascii=False)
_ENCODE_TEXT = json.encoder.encode_basestring  # what that encoder does with a str


def _dumps(value: Any) -> str | None:
    """One wire value as the history stores it (storage.wire.dumps_value of the column value)."""
    if value is None:
        return None
    return _ENCODE_TEXT(value) if type(value) is str else _ENCODE(value)


def change_fields(
    entity: str,
    entity_id: str,
    kind: str,
    fields: Mapping[str, Any],
    base: Mapping[str, Any],
    *,
    at: str,
    author: str,
) -> dict[str, Any]:
    """The wire fields of the ``record_change`` of one op (values in their JSON form).

    ``fields`` are the op's new values and ``base`` the values the user saw: the history's
    "before" and "after". A create lists the fields it fills (no "before").
    """
    return {
        "entity": entity,
        "entity_id": entity_id,
        "at": at,
        "author": author,
        "changes": changes_text(kind, fields, base),
    }


def changes_text(kind: str, fields: Mapping[str, Any], base: Mapping[str, Any]) -> str:
    """The ``changes`` JSON text: ``json.dumps`` of the list of [field, before, after] (each
    value as :func:`_dumps` writes it), composed directly. Building the list then encoding it
    took half of a push's history record; a test holds both to the same text."""
    text = _ENCODE_TEXT
    encode = _ENCODE
    if kind == "create":
        items = [
            f"[{text(name)}, null, {text(text(value) if type(value) is str else encode(value))}]"
            for name, value in fields.items()
            if value is not None
        ]
    else:
        items = [
            f"[{text(name)}, {_quoted(base.get(name))}, {_quoted(value)}]"
            for name, value in fields.items()
        ]
    return f"[{', '.join(items)}]"


def _quoted(value: Any) -> str:
    """A value of ``changes``: its JSON text (:func:`_dumps`) as a JSON string, or null."""
    if value is None:
        return "null"
    return _ENCODE_TEXT(_ENCODE_TEXT(value) if type(value) is str else _ENCODE(value))
