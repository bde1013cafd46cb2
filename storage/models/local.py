"""Device-only tables: the change log (outbox), the history of edits, and local settings.

None of these sync as records (the outbox is what the sync client pushes), except
:class:`RecordChange`, the history every device reads.
"""

from __future__ import annotations

from datetime import datetime

from sqlmodel import Field, SQLModel

from storage.models.base import SyncedRecord


class OutboxOp(SQLModel, table=True):
    """One local edit waiting to reach the central endpoint, in docs/SYNC.md's form."""

    __tablename__ = "outbox_op"

    #: UUIDv7, made on the device: the idempotency key of the push.
    op_id: str = Field(primary_key=True, max_length=36)
    #: Local order of the ops (an autoincrement would reuse ids after a purge).
    seq: int = Field(index=True, unique=True)
    entity: str = Field(max_length=40)
    entity_id: str = Field(index=True, max_length=36)
    #: create | update | delete | restore
    kind: str = Field(max_length=10)
    #: JSON object: the new values of the fields this op changes.
    fields: str
    #: JSON object: the values the user saw for those fields (empty for a create).
    base: str
    base_version: int
    ars_code: str = Field(max_length=3)
    client_time: datetime
    user: str = Field(max_length=120)
    #: pending -> inflight -> acked / conflict / rejected
    state: str = Field(default="pending", index=True, max_length=10)
    server_seq: int | None = None
    result: str | None = None


class HistoryEntry(SQLModel, table=True):
    """Who changed which field of a record, when, from what to what."""

    __tablename__ = "history_entry"

    id: int | None = Field(default=None, primary_key=True)
    entity: str = Field(max_length=40)
    entity_id: str = Field(index=True, max_length=36)
    op_id: str = Field(max_length=36)
    at: datetime
    user: str = Field(max_length=120)
    field: str = Field(max_length=60)
    #: JSON-encoded values (null for a field that had none).
    old_value: str | None = None
    new_value: str | None = None


class LocalSetting(SQLModel, table=True):
    """Key/value settings of this database (reference data version, demo flag...)."""

    __tablename__ = "local_setting"

    key: str = Field(primary_key=True, max_length=60)
    value: str


class SyncShadow(SQLModel, table=True):
    """The last state the central endpoint sent for a record with an op of this device on it
    (written by a pull, or copied from the visible row by the edit that gives it its first op).

    What the user sees is this state with the device's own ops not yet superseded laid on top
    (``storage.sync.state``); keeping the two apart is what lets a pull never overwrite an edit
    that has not reached the server yet.
    """

    __tablename__ = "sync_shadow"

    entity: str = Field(primary_key=True, max_length=40)
    entity_id: str = Field(primary_key=True, max_length=36)
    ars_code: str = Field(max_length=3)
    version: int
    #: The server's change sequence of this state (the pull cursor moves over these).
    server_seq: int = Field(index=True)
    deleted: bool = Field(default=False)
    #: JSON object: every field of the record except the sync metadata, as on the wire.
    data: str
    updated_at: datetime
    updated_by: str = Field(max_length=120)


class SyncLogEntry(SQLModel, table=True):
    """One line of the sync log the Synchronisation screen shows (French, no personal data)."""

    __tablename__ = "sync_log"

    id: int | None = Field(default=None, primary_key=True)
    at: datetime
    #: ok | error | conflict | rejected | resolved | discarded | resync
    kind: str = Field(max_length=20)
    summary: str


class SyncResyncPending(SQLModel, table=True):
    """A record the server has not sent again yet in a full re-download after purged tombstones.

    Filled with every record the device has from the server (shadow rows, and visible rows
    with a server version) when the server answers 410 ``resync_required``; each pulled
    page removes its records; whatever is left when the download ends was deleted on the server
    (its tombstone purged since) and is tombstoned on the device. Kept in the file so that a
    re-download cut half way goes on at the next round.
    """

    __tablename__ = "sync_resync_pending"

    entity: str = Field(primary_key=True, max_length=40)
    entity_id: str = Field(primary_key=True, max_length=36)


class RecordChange(SyncedRecord, table=True):
    """One edit of a record as its history tells it, synced so that every device reads it.

    Append-only: made once by the device of the edit (its id is the edit's op id, so a replay
    is the same record), never updated, in the ARS of the record it describes. Its create op
    travels through the ordinary outbox, push and pull, and a create of a new id never conflicts.
    """

    __tablename__ = "record_change"

    entity: str = Field(max_length=40)
    entity_id: str = Field(index=True, max_length=36)
    #: When the edit was saved (device time).
    at: datetime
    #: The correspondent who made the edit, as the device declares them.
    author: str = Field(max_length=120)
    #: JSON list of [field, old value, new value], values JSON-encoded as in ``history_entry``.
    changes: str


class SyncQuarantine(SQLModel, table=True):
    """A pulled server state this device could not store (it breaks a local rule).

    The rest of its page is applied and the cursor moves on: one record never stops a device.
    The row waits here, with its reason (French, no value quoted), for the user in À corriger
    (correct and send, or set aside); a newer state of the record that applies removes it.
    """

    __tablename__ = "sync_quarantine"

    entity: str = Field(primary_key=True, max_length=40)
    entity_id: str = Field(primary_key=True, max_length=36)
    server_seq: int
    #: The pulled row as the server sent it (JSON object of the wire Row).
    row: str
    reason: str
    at: datetime


class FormDraft(SQLModel, table=True):
    """What was typed in a form not saved yet, kept as the user types (a crash loses nothing).

    One row per form: ``key`` names the record edited, or the kind of record being created.
    Never synced, never exported; deleted when the form is saved or its changes abandoned.
    """

    __tablename__ = "form_draft"

    key: str = Field(primary_key=True, max_length=200)
    #: When it was last written (UTC).
    saved_at: datetime
    #: JSON object: field -> what the input held (text, chosen code, or [code, typed text]).
    fields: str
