"""Drafts of unsaved forms (storage.records.drafts): written, read back, replaced, deleted."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa

from storage.db import Database, write_transaction
from storage.records.drafts import clear_draft, draft_key, load_draft, save_draft

MOMENT = datetime(2026, 12, 5, 10, 42, tzinfo=UTC)


def test_a_draft_is_kept_replaced_and_deleted(database: Database) -> None:
    key = draft_key("aid_contract", "0193-aid")
    assert key == "edit:aid_contract:0193-aid"
    assert draft_key("aid_contract", None, "cesp") == "new:aid_contract:cesp"
    assert load_draft(database.engine, key) is None
    save_draft(database.engine, key, {"amount_cents": "9999"}, MOMENT)
    draft = load_draft(database.engine, key)
    assert draft is not None
    assert (draft.saved_at, draft.fields) == (MOMENT, {"amount_cents": "9999"})
    save_draft(database.engine, key, {"amount_cents": "99999"}, MOMENT)
    assert load_draft(database.engine, key).fields == {"amount_cents": "99999"}  # type: ignore[union-attr]
    clear_draft(database.engine, key)
    assert load_draft(database.engine, key) is None


def test_a_damaged_draft_never_blocks_the_form(database: Database) -> None:
    with write_transaction(database.engine) as connection:
        connection.execute(
            sa.text("INSERT INTO form_draft (key, saved_at, fields) VALUES ('k', :at, '{oops')"),
            {"at": "2026-12-05 10:42:00"},
        )
    assert load_draft(database.engine, "k") is None
