"""Messages screens post to the app (screens never import ``ars_tui``)."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message


@dataclass
class RecordSaved(Message):
    """A screen saved a record: the app syncs a few seconds later (several saves, one round)."""

    entity: str
    record_id: str
