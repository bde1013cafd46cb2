"""Messages screens post to the app (screens never import ``ars_tui``)."""

from __future__ import annotations

from textual.message import Message


class RecordSaved(Message):
    """A screen saved a record: the app syncs a few seconds later (several saves, one round)."""

    def __init__(self, entity: str, record_id: str) -> None:
        super().__init__()
        self.entity = entity
        self.record_id = record_id
