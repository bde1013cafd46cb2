"""The ``record_change`` (history) records the server derives from applied edits, kept with
their op rather than as rows of ``central_record``.

Each applied edit brings a history record (:mod:`storage.records.history`), whose id is the
edit's op id and whose seq is handed out right after the edit's. A push does not write it as a
row of ``central_record``: it stores it on the edit's own ``applied_op`` row (its sequence
group, its seq, its fields as ``central_record.data`` would hold them, composed directly by
:func:`change_text`, and its author), and a pull merges those rows with ``central_record``'s
in seq order, spliced in the same way.

Why: the history record was a quarter of a push's CPU while the region's other pushes wait on
its lock (a record built as a dict, encoded with sorted keys, and a third row per edit, with
its two indexes, written).

History records stored before (rows of ``central_record``), and those older devices pushed
themselves, stay rows of ``central_record`` and are pulled as such.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import datetime
from functools import cache
from typing import Any

from ars_tui.central.op_checks import _RecordState, _user_columns
from storage.models import HISTORY_ENTITY
from storage.records.history import change_fields, changes_text
from storage.wire import reusable_encoder

_text = json.encoder.encode_basestring
#: The fields a record_change has; composed by hand when they are these (:func:`change_text`).
_FIELDS = ("at", "author", "changes", "entity", "entity_id")


def change_text(
    entity: str,
    entity_id: str,
    kind: str,
    fields: Mapping[str, Any],
    base: Mapping[str, Any],
    *,
    at: str,
    author: str,
) -> str:
    """The history record of an edit: its fields as ``central_record.data`` would hold them
    (JSON, keys sorted, compact), composed directly from their texts rather than built as a
    dict then encoded. A test holds it to the encoder's text."""
    if not _composable():
        made = change_fields(entity, entity_id, kind, fields, base, at=at, author=author)
        return _encode_sorted({**_user_columns(HISTORY_ENTITY), **made})
    changes = changes_text(kind, fields, base)
    return (
        f'{{"at":{_text(at)},"author":{_text(author)},"changes":{_text(changes)},'
        f'"entity":{_text(entity)},"entity_id":{_text(entity_id)}}}'
    )


@cache
def _composable() -> bool:
    """The record_change fields are those :func:`change_text` composes (else: the encoder)."""
    return tuple(sorted(_user_columns(HISTORY_ENTITY))) == _FIELDS


#: A record's fields as ``central_record.data`` holds them (keys sorted, compact).
_encode_sorted = reusable_encoder(ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def derived_state(
    op_id: str,
    ars_code: str,
    seq: int,
    change: str,
    author: str,
    applied_at: datetime,
) -> _RecordState:
    """The history record of an applied op as a push sees records: for the rare op that names
    it (an older device pushing it again, or an op on it). Not in ``central_record``: if an op
    changes it, the push writes it there (``new``), at a later seq."""
    return _RecordState(
        entity=HISTORY_ENTITY,
        id=op_id,
        ars_code=ars_code,
        version=1,
        server_seq=seq,
        deleted=False,
        data=json.loads(change),
        updated_at=applied_at,
        updated_by=author,
        new=True,
    )
