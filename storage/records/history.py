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
    if kind == "create":
        # _dumps inlined: a create lists every field it fills, a call each cost a fifth.
        changes = [
            [name, None, _ENCODE_TEXT(value) if type(value) is str else _ENCODE(value)]
            for name, value in fields.items()
            if value is not None
        ]
    else:
        changes = [[name, _dumps(base.get(name)), _dumps(value)] for name, value in fields.items()]
    return {
        "entity": entity,
        "entity_id": entity_id,
        "at": at,
        "author": author,
        "changes": _ENCODE(changes),
    }
