"""Drafts of unsaved forms (``form_draft``): what was typed survives a crash or a closed terminal.

A form writes its fields here as the user types (debounced by the screen), offers them back when
the same form opens again, and deletes them once saved or abandoned. The fields are the inputs'
raw contents (JSON), personal data included: they never leave the device and are never logged.

    save_draft(engine, "edit:<id>", {"amount_cents": "9999"}, now)
    load_draft(engine, "edit:<id>")    # -> Draft(saved_at, fields) or None
    clear_draft(engine, "edit:<id>")
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa

from storage.db import read_connection, write_transaction

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass(frozen=True)
class Draft:
    saved_at: datetime
    fields: dict[str, Any]


def draft_key(entity: str, record_id: str | None, variant: str | None = None) -> str:
    """The key of a form's draft: the record edited, or the kind of record being created."""
    if record_id is not None:
        return f"edit:{entity}:{record_id}"
    return f"new:{entity}" + (f":{variant}" if variant else "")


def save_draft(engine: Engine, key: str, fields: dict[str, Any], now: datetime) -> None:
    """Write (or replace) the draft ``key``."""
    with write_transaction(engine) as connection:
        connection.execute(
            sa.text(
                "INSERT INTO form_draft (key, saved_at, fields) VALUES (:key, :at, :fields) "
                "ON CONFLICT (key) DO UPDATE SET saved_at = excluded.saved_at, "
                "fields = excluded.fields"
            ),
            {"key": key, "at": _stored_time(now), "fields": json.dumps(fields)},
        )


def load_draft(engine: Engine, key: str) -> Draft | None:
    """The draft ``key``, or None (also for an unreadable one: a draft never blocks a form)."""
    with read_connection(engine) as connection:
        row = connection.execute(
            sa.text("SELECT saved_at, fields FROM form_draft WHERE key = :key"), {"key": key}
        ).first()
    if row is None:
        return None
    try:
        fields = json.loads(row.fields)
        saved_at = datetime.fromisoformat(str(row.saved_at))
    except ValueError:
        return None
    if saved_at.tzinfo is None:
        saved_at = saved_at.replace(tzinfo=UTC)
    return Draft(saved_at, fields) if isinstance(fields, dict) else None


def clear_draft(engine: Engine, key: str) -> None:
    with write_transaction(engine) as connection:
        connection.execute(sa.text("DELETE FROM form_draft WHERE key = :key"), {"key": key})


def _stored_time(now: datetime) -> str:
    """UTC ISO text, like the other timestamps of the file."""
    if now.tzinfo is not None:
        now = now.astimezone(UTC).replace(tzinfo=None)
    return now.isoformat(sep=" ")
