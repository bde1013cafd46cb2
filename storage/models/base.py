"""The metadata every synced record carries (docs/ARCHITECTURE.md, "Local store").

A record is made on a device, so its id is a UUID made there (UUIDv7: time-ordered, which keeps
SQLite's B-tree inserts at the end of the index). ``version`` is the server revision the device last
saw (0 until the server first accepts the record); ``deleted`` is a tombstone, never a real DELETE,
so that a deletion can travel to the other devices.
"""

from __future__ import annotations

from datetime import datetime

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
