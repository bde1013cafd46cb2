"""The metadata every synced record carries (docs/ARCHITECTURE.md, "Local store").

A record is made on a device, so its id is a UUID made there (UUIDv7: time-ordered, which keeps
SQLite's B-tree inserts at the end of the index). ``version`` is the server revision the device last
saw (0 until the server first accepts the record); ``deleted`` is a tombstone, never a real DELETE,
so that a deletion can travel to the other devices.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlmodel import Field, SQLModel

from storage.uuids import new_id


class SyncedRecord(SQLModel):
    """Columns shared by every record that syncs with the central endpoint."""

    id: str = Field(default_factory=new_id, primary_key=True, max_length=36)
    ars_code: str = Field(foreign_key="ars.code", index=True, max_length=3)
    version: int = Field(default=0)
    updated_at: datetime
    updated_by: str = Field(max_length=120)
    deleted: bool = Field(default=False)


#: Column names that belong to the sync machinery, not to what the user edits.
SYNC_COLUMNS: frozenset[str] = frozenset(
    {"id", "ars_code", "version", "updated_at", "updated_by", "deleted"}
)


def parent_id(table: str) -> Any:
    """The id of the ``table`` record this one belongs to (indexed: that record's page lists
    its lines)."""
    return Field(foreign_key=f"{table}.id", index=True, max_length=36)


def commune_ref(*, index: bool = False, optional: bool = False) -> Any:
    """The INSEE code of the record's commune (``index``: lists filter on it; ``optional``:
    None until known)."""
    options: dict[str, Any] = {"index": True} if index else {}
    if optional:
        options["default"] = None
    return Field(foreign_key="commune.code", max_length=5, **options)


def optional_text(max_length: int) -> Any:
    """A text of at most ``max_length`` characters, None until typed."""
    return Field(default=None, max_length=max_length)
