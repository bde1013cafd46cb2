"""A pulled record keeps no shadow until this device edits it (storage.records.server_state).

The pull writes the server's state of a record without an op of the device as its visible row
only; the edit that gives it its first op copies that row into the shadow first. Each scenario
here is one a correspondent meets: edit a record pulled yesterday, then the server answers
with a conflict, a refusal, a newer state, or a full re-download after purged tombstones.
"""

from __future__ import annotations

import json
from typing import Any

from storage.db import Database
from storage.records.bulk import BulkSave
from storage.records.store import Store
from storage.sync import conflicts as sync_conflicts
from storage.sync import outbox as sync_outbox
from storage.sync import progress as sync_progress
from storage.sync import pull as sync_pull
from storage.sync import quarantine as sync_quarantine
from tests.support.records import phone_conflict, pulled_pro

PRO = "0197d2f0-0000-7000-8000-000000000101"
OTHER = "0197d2f0-0000-7000-8000-000000000102"
SERVER_FIELDS = {"last_name": "Serveur", "first_name": "Paul", "phone": "0692000000"}


def pulled(record_id: str, seq: int, **fields: Any) -> dict[str, Any]:
    """A professional as the server sends it, at version and seq ``seq``."""
    return pulled_pro(record_id, seq, **{**SERVER_FIELDS, **fields})


def shadow(database: Database, record_id: str) -> dict[str, Any] | None:
    """The shadow row of ``record_id``: its fields decoded, and its metadata."""
    with database.engine.connect() as connection:
        row = connection.exec_driver_sql(
            "SELECT version, deleted, ars_code, data, updated_by FROM sync_shadow"
            " WHERE entity = 'professional' AND entity_id = ?",
            (record_id,),
        ).first()
    if row is None:
        return None
    version, deleted, ars_code, data, updated_by = row
    return {
        "version": version,
        "deleted": bool(deleted),
        "ars_code": ars_code,
        "fields": json.loads(data),
        "updated_by": updated_by,
    }


def op_of(database: Database, record_id: str) -> str:
    [op] = [op for op in sync_outbox.pending_ops(database.engine, 100) if op.entity_id == record_id]
    sync_outbox.mark_inflight(database.engine, [op.op_id])
    return op.op_id


def test_a_pulled_record_keeps_no_shadow_until_an_edit_copies_its_state(
    database: Database,
) -> None:
    sync_pull.apply_pull_page(database.engine, [pulled(PRO, 3)], 3)
    assert shadow(database, PRO) is None
    store = Store(database.engine, user="c.payet", ars_code="REU")
    assert store.get("professional", PRO)["phone"] == "0692000000"

    store.update("professional", PRO, {"phone": "0692111111"})

    kept = shadow(database, PRO)
    assert kept is not None
    assert (kept["version"], kept["deleted"], kept["ars_code"]) == (3, False, "REU")
    assert kept["updated_by"] == "autre"
    # Every field the server keeps, with the server's values (not the edit's).
    assert {name: kept["fields"][name] for name in SERVER_FIELDS} == SERVER_FIELDS
    assert kept["fields"]["specialty"] is None
    assert "search_key" not in kept["fields"] and "id" not in kept["fields"]
    assert store.get("professional", PRO)["phone"] == "0692111111"

    # A newer state from another device: the edit stays on top of it.
    sync_pull.apply_pull_page(database.engine, [pulled(PRO, 4, specialty="Pédiatrie")], 4)
    record = store.get("professional", PRO)
    assert (record["phone"], record["specialty"]) == ("0692111111", "Pédiatrie")


def test_a_conflict_on_the_first_edit_shows_the_servers_state_beside_mine(
    database: Database,
) -> None:
    sync_pull.apply_pull_page(database.engine, [pulled(PRO, 3)], 3)
    store = Store(database.engine, user="c.payet", ars_code="REU")
    store.update("professional", PRO, {"phone": "0692111111"})
    op_id = op_of(database, PRO)
    sync_outbox.apply_push_results(
        database.engine, [phone_conflict(op_id, at="2026-03-03T11:00:00+00:00")]
    )
    # The op left the overlay: the record shows the state it started from, still alive.
    record = store.get("professional", PRO)
    assert (record["phone"], record["deleted"]) == ("0692000000", False)
    [problem] = sync_conflicts.problem_ops(database.engine, "conflict")
    assert problem.server is not None and problem.server["phone"] == "0692000000"
    assert problem.fields == {"phone": "0692111111"}


def test_a_refused_first_edit_given_up_leaves_the_servers_record(database: Database) -> None:
    sync_pull.apply_pull_page(database.engine, [pulled(PRO, 3)], 3)
    store = Store(database.engine, user="c.payet", ars_code="REU")
    store.update("professional", PRO, {"phone": "0692111111"})
    op_id = op_of(database, PRO)
    sync_outbox.apply_push_results(
        database.engine, [{"op_id": op_id, "status": "rejected", "reason": "refus"}]
    )
    sync_conflicts.discard_rejected(database.engine, op_id)
    record = store.get("professional", PRO)
    assert (record["phone"], record["deleted"], record["version"]) == ("0692000000", False, 3)


def test_an_import_updating_a_pulled_record_keeps_its_state_first(database: Database) -> None:
    sync_pull.apply_pull_page(database.engine, [pulled(PRO, 3)], 3)
    store = Store(database.engine, user="c.payet", ars_code="REU")
    with store.batch() as connection:
        bulk = BulkSave(store, connection)
        current = store.get("professional", PRO)
        assert bulk.update("professional", current, {"phone": "0692333333"}) is not None
        bulk.flush()
    kept = shadow(database, PRO)
    assert kept is not None and kept["fields"]["phone"] == "0692000000"
    assert store.get("professional", PRO)["phone"] == "0692333333"


def test_a_second_edit_leaves_the_kept_state_alone(database: Database) -> None:
    sync_pull.apply_pull_page(database.engine, [pulled(PRO, 3)], 3)
    store = Store(database.engine, user="c.payet", ars_code="REU")
    store.update("professional", PRO, {"phone": "0692111111"})
    store.update("professional", PRO, {"phone": "0692444444"})
    kept = shadow(database, PRO)
    assert kept is not None and kept["fields"]["phone"] == "0692000000"


def test_a_record_of_this_device_never_pulled_gets_no_shadow(database: Database) -> None:
    store = Store(database.engine, user="c.payet", ars_code="REU")
    mine = store.create("professional", {"last_name": "Local", "first_name": "Léa"})
    store.update("professional", mine, {"phone": "0692555555"})
    assert shadow(database, mine) is None


def test_a_newer_state_waiting_in_the_quarantine_stays_the_shadow(database: Database) -> None:
    sync_pull.apply_pull_page(database.engine, [pulled(PRO, 3)], 3)
    # The next state breaks a rule of this version (no last name): set aside, shown as it was.
    newer = pulled(PRO, 5, last_name=None)
    assert sync_pull.apply_pull_page(database.engine, [newer], 5).quarantined == 1
    assert [row.entity_id for row in sync_quarantine.quarantined(database.engine)] == [PRO]
    store = Store(database.engine, user="c.payet", ars_code="REU")
    store.update("professional", PRO, {"phone": "0692111111"})
    kept = shadow(database, PRO)
    assert kept is not None and kept["version"] == 5  # the server's newest state, not the row


def test_a_full_download_after_purged_tombstones_deletes_what_it_did_not_send_again(
    database: Database,
) -> None:
    sync_pull.apply_pull_page(database.engine, [pulled(PRO, 3), pulled(OTHER, 4)], 4)
    sync_progress.reset_cursor(database.engine, purged=True)
    # The server sends OTHER again; PRO was deleted there and its tombstone purged.
    sync_pull.apply_pull_page(database.engine, [pulled(OTHER, 4)], 4)
    assert sync_progress.finish_resync(database.engine) == 1
    store = Store(database.engine, user="c.payet", ars_code="REU")
    assert store.get("professional", PRO)["deleted"] is True
    assert store.get("professional", OTHER)["deleted"] is False
