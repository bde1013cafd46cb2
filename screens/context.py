"""What the app hands every section screen: the open database, who edits, for which ARS.

Screens never import ``ars_tui`` (docs/ARCHITECTURE.md): the app builds one
:class:`ScreenContext` when the database is open and passes it to each section's constructor.
Nothing here opens anything.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from storage.db import Database
    from storage.records.store import Store
    from storage.sync.snapshot import SyncController


@dataclass(frozen=True)
class ScreenContext:
    """The open database, the user (author of edits) and the device's own ARS."""

    database: Database
    user: str
    #: The correspondent's ARS (scope of records without a commune); None if not known yet.
    ars_code: str | None
    #: The app's sync (ask for a round, read its figures); None when there is none (tests).
    sync: SyncController | None = None

    @property
    def engine(self) -> Engine:
        return self.database.engine

    def store(self) -> Store:
        """A :class:`~storage.records.store.Store` editing as this user (cheap: one per save)."""
        from storage.records.store import Store

        return Store(self.database.engine, user=self.user, ars_code=self.ars_code)
