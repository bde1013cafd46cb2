"""The ``record_change`` (history) records the server derives from applied edits, kept with
their op rather than as rows of ``central_record``.

Each applied edit brings a history record (:mod:`storage.records.history`), whose id is the
edit's op id and whose seq is handed out right after the edit's. A push does not write it as a
row of ``central_record``: it stores it on the edit's own ``applied_op`` row (its sequence
group, its seq, its fields as ``central_record.data`` would hold them, composed directly by
:func:`fields_text`, and its author), and a pull merges those rows with ``central_record``'s
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

from ars_tui.central.op_checks import _RecordState
from storage.models import HISTORY_ENTITY

_text = json.encoder.encode_basestring


def fields_text(fields: Mapping[str, str]) -> str:
    """A history record's fields (:func:`storage.records.history.change_fields`, all text) as
    ``central_record.data`` holds a record's: JSON, keys sorted, compact. Written directly
    rather than through the sorted encoder, a sixth of a push; a test holds both to the same
    text (and fails if a record_change ever has another field)."""
    return (
        f'{{"at":{_text(fields["at"])},"author":{_text(fields["author"])},'
        f'"changes":{_text(fields["changes"])},"entity":{_text(fields["entity"])},'
        f'"entity_id":{_text(fields["entity_id"])}}}'
    )


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
