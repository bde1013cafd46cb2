"""The device's sync state: outbox states, shadow + overlay, cursor, conflicts, ops to fix.

The server's answers are written by hand here (protocol.md shapes); tests/test_sync_e2e.py runs
the same code against a real server process.
"""

from __future__ import annotations

import json
import shutil
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from storage.db import Database, open_database
from storage.records.history import change_fields
from storage.records.store import Store
from storage.records.validation import ValidationError
from storage.sync import conflicts as sync_conflicts
from storage.sync import outbox as sync_outbox
from storage.sync import overlay as sync_overlay
from storage.sync import progress as sync_progress
from storage.sync import pull as sync_pull
from storage.sync import quarantine as sync_quarantine
from storage.uuids import new_id
from tests.support.records import phone_conflict

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
LATER = "2026-03-03T10:00:00+00:00"


@pytest.fixture
def store(database: Database) -> Store:
    return Store(database.engine, user="c.payet", ars_code="REU", clock=lambda: NOW)


def make_pro(store: Store, **values: Any) -> str:
    return store.create(
        "professional",
        {"last_name": "Hoarau", "first_name": "Élodie", "situation": "remplacant", **values},
    )


def ops(database: Database) -> list[dict[str, Any]]:
    """The ops of the records (an older version also queued the edits' history records)."""
    with database.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT * FROM outbox_op WHERE entity != 'record_change' ORDER BY seq")
        ).mappings()
        return [dict(row) for row in rows]


def record_ops(database: Database) -> list[sync_outbox.PendingOp]:
    """The records' ops to send (an older version also queued the edits' history records)."""
    pending = sync_outbox.pending_ops(database.engine, 100)
    return [op for op in pending if op.entity != "record_change"]


def applied(op_id: str, version: int, seq: int) -> dict[str, Any]:
    return {"op_id": op_id, "status": "applied", "version": version, "server_seq": seq}


def server_row(
    store: Store, record_id: str, *, version: int, seq: int, by: str = "autre", **changes: Any
) -> dict[str, Any]:
    """The record as the server would send it: the device's values with ``changes``."""
    current = store.get("professional", record_id)
    fields = {
        key: value
        for key, value in current.items()
        if key not in ("id", "ars_code", "version", "updated_at", "updated_by", "deleted")
        and key != "search_key"
    }
    fields.update(changes)
    return {
        "entity": "professional",
        "id": record_id,
        "ars_code": "REU",
        "version": version,
        "server_seq": seq,
        "deleted": False,
        "fields": json.loads(json.dumps(fields, default=str)),
        "updated_at": LATER,
        "updated_by": by,
    }


def change_row(
    record_id: str, changes: list[list[Any]], *, seq: int, by: str = "autre"
) -> dict[str, Any]:
    """Another device's history record of an edit of the professional, as the server sends it."""
    return {
        "entity": "record_change",
        "id": f"op-autre-{seq}",
        "ars_code": "REU",
        "version": 1,
        "server_seq": seq,
        "deleted": False,
        "fields": {
            "entity": "professional",
            "entity_id": record_id,
            "at": LATER,
            "author": by,
            "changes": json.dumps(changes),
        },
        "updated_at": LATER,
        "updated_by": by,
    }


def push_all(database: Database, first_version: int = 1, first_seq: int = 1) -> None:
    pending = sync_outbox.pending_ops(database.engine, 100)
    sync_outbox.mark_inflight(database.engine, [op.op_id for op in pending])
    sync_outbox.apply_push_results(
        database.engine,
        [
            applied(op.op_id, first_version + index, first_seq + index)
            for index, op in enumerate(pending)
        ],
    )


def test_acked_op_stays_until_the_pull_reaches_it(database: Database, store: Store) -> None:
    pro = make_pro(store)
    [op] = record_ops(database)
    assert op.to_wire()["fields"]["last_name"] == "Hoarau"
    sync_outbox.apply_push_results(database.engine, [applied(op.op_id, 1, 7)])
    assert ops(database)[0]["state"] == "acked"
    assert store.get("professional", pro)["version"] == 1  # the next edit's base_version

    # A page that stops before seq 7 leaves the op; the page with seq 7 drops it.
    sync_pull.apply_pull_page(database.engine, [], 5)
    assert len(ops(database)) == 1
    sync_pull.apply_pull_page(
        database.engine, [server_row(store, pro, version=1, seq=7, by="c.payet")], 7
    )
    assert ops(database) == []
    assert sync_progress.get_cursor(database.engine) == 7
    record = store.get("professional", pro)
    assert (record["last_name"], record["version"]) == ("Hoarau", 1)
    assert record["search_key"] == "hoarau elodie"


def test_pull_merges_under_pending_edits_and_logs_others(database: Database, store: Store) -> None:
    pro = make_pro(store)
    push_all(database)
    sync_pull.apply_pull_page(database.engine, [server_row(store, pro, version=1, seq=1)], 1)
    store.update("professional", pro, {"phone": "0692123456"})  # pending, not sent

    # Someone else changed another field on the server meanwhile.
    sync_pull.apply_pull_page(
        database.engine,
        [
            server_row(store, pro, version=2, seq=9, specialty="Pédiatrie", phone=None),
            change_row(pro, [["specialty", None, '"Pédiatrie"']], seq=10),
        ],
        10,
    )
    record = store.get("professional", pro)
    assert record["specialty"] == "Pédiatrie"  # theirs, from the shadow
    assert record["phone"] == "0692123456"  # mine, still pending on top
    assert [op["state"] for op in ops(database)] == ["pending"]
    others = [change for change in store.history("professional", pro) if change.user == "autre"]
    assert [(c.field, c.new_value) for c in others] == [("specialty", '"Pédiatrie"')]


def test_conflict_leaves_the_overlay_and_is_resolved_by_a_new_op(
    database: Database, store: Store
) -> None:
    pro = make_pro(store, phone="0692000000")
    push_all(database)
    sync_pull.apply_pull_page(database.engine, [server_row(store, pro, version=1, seq=1)], 1)
    store.update("professional", pro, {"phone": "0692111111", "specialty": "Gériatrie"})
    [op] = record_ops(database)
    conflict = phone_conflict(op.op_id, at=LATER)
    later_op = None
    store.update("professional", pro, {"email": "e@exemple.fr"})  # held behind the conflict
    sync_outbox.apply_push_results(database.engine, [conflict])
    sync_pull.apply_pull_page(
        database.engine, [server_row(store, pro, version=2, seq=2, phone="0692222222")], 2
    )
    record = store.get("professional", pro)
    assert record["phone"] == "0692222222"  # the server's value: the op left the overlay
    assert record["specialty"] is None
    assert record["email"] == "e@exemple.fr"  # the later op is still on top...
    held = record_ops(database)
    assert held == []  # ...but held until the conflict is dealt with

    [problem] = sync_conflicts.problem_ops(database.engine, "conflict")
    by_field = {c.field: c for c in problem.conflicts}
    assert by_field["phone"].conflicting and by_field["phone"].theirs == "0692222222"
    assert by_field["phone"].by == "autre"
    assert not by_field["specialty"].conflicting

    later_op = sync_conflicts.resolve_conflict(store, op.op_id, {"phone": "mine"})
    assert later_op is not None
    assert sync_conflicts.problem_ops(database.engine, "conflict") == []
    new = next(o for o in ops(database) if o["op_id"] == later_op)
    assert json.loads(new["fields"]) == {"phone": "0692111111", "specialty": "Gériatrie"}
    assert json.loads(new["base"]) == {"phone": "0692222222", "specialty": None}
    assert new["base_version"] == 2
    # The resolution goes first, then the edit that was held behind the conflict (made on top of
    # the user's own values): sent before it, that edit would meet the conflict again.
    queued = record_ops(database)
    assert [o.op_id for o in queued][-2] == later_op
    assert queued[-1].fields == {"email": "e@exemple.fr"}
    record = store.get("professional", pro)
    assert (record["phone"], record["email"]) == ("0692111111", "e@exemple.fr")


def test_taking_theirs_writes_no_op(database: Database, store: Store) -> None:
    pro = make_pro(store)
    push_all(database)
    store.update("professional", pro, {"specialty": "Gériatrie"})
    [op] = record_ops(database)
    sync_outbox.apply_push_results(
        database.engine,
        [{"op_id": op.op_id, "status": "conflict", "conflicts": [{"field": "specialty"}]}],
    )
    assert sync_conflicts.resolve_conflict(store, op.op_id, {"specialty": "theirs"}) is None
    assert [o["state"] for o in ops(database)] == ["acked"]


def test_rejected_create_is_hidden_then_resent_or_discarded(
    database: Database, store: Store
) -> None:
    pro = make_pro(store)
    [op] = record_ops(database)
    sync_outbox.apply_push_results(
        database.engine, [{"op_id": op.op_id, "status": "rejected", "reason": "champ inconnu"}]
    )
    assert store.get("professional", pro)["deleted"] is True  # no server state: tombstoned
    [problem] = sync_conflicts.problem_ops(database.engine, "rejected")
    assert problem.reason == "champ inconnu"
    assert sync_progress.sync_status(database.engine).rejected == 1

    with pytest.raises(ValidationError):
        sync_conflicts.resend_rejected(database.engine, op.op_id, {"consent_date": "pas une date"})
    assert ops(database)[0]["op_id"] == op.op_id  # nothing written

    new_id = sync_conflicts.resend_rejected(database.engine, op.op_id, {"first_name": "Lou"})
    assert new_id != op.op_id
    record = store.get("professional", pro)
    assert (record["deleted"], record["first_name"]) == (False, "Lou")
    [again] = record_ops(database)
    assert again.op_id == new_id and again.seq == op.seq

    sync_outbox.apply_push_results(
        database.engine, [{"op_id": new_id, "status": "rejected", "reason": "non"}]
    )
    sync_conflicts.discard_rejected(database.engine, new_id)
    assert ops(database) == []
    assert store.get("professional", pro)["deleted"] is True


def test_an_edit_while_inflight_is_kept(database: Database, store: Store) -> None:
    pro = make_pro(store)
    [first] = record_ops(database)
    sync_outbox.mark_inflight(database.engine, [first.op_id])
    store.update("professional", pro, {"first_name": "Lou"})  # typed while the batch travels
    sync_outbox.apply_push_results(database.engine, [applied(first.op_id, 1, 1)])
    [second] = record_ops(database)
    assert second.base == {"first_name": "Élodie"}
    # The pull of the create's state does not hide the pending edit.
    sync_pull.apply_pull_page(
        database.engine, [server_row(store, pro, version=1, seq=1, first_name="Élodie")], 1
    )
    assert store.get("professional", pro)["first_name"] == "Lou"
    assert [o["state"] for o in ops(database)] == ["pending"]


def test_blocked_ops_go_back_to_pending(database: Database, store: Store) -> None:
    pro = make_pro(store)
    store.update("professional", pro, {"first_name": "Lou"})
    first, second = record_ops(database)
    sync_outbox.mark_inflight(database.engine, [first.op_id, second.op_id])
    sync_outbox.apply_push_results(
        database.engine,
        [
            {"op_id": first.op_id, "status": "rejected", "reason": "non"},
            {"op_id": second.op_id, "status": "blocked", "reason": "bloqué"},
        ],
    )
    assert [o["state"] for o in ops(database)] == ["rejected", "pending"]
    assert record_ops(database) == []  # held
    # Abandoning a refused create removes the record, and the edits that waited behind it
    # (the server could only refuse them): nothing stays pending without a way out.
    sync_conflicts.discard_rejected(database.engine, first.op_id)
    assert record_ops(database) == []
    assert ops(database) == []
    assert store.get("professional", pro)["deleted"] is True


def test_a_child_before_its_parent_in_a_page_is_accepted(database: Database, store: Store) -> None:
    """Server order can put a project before the newer state of its professional."""
    project = {
        "entity": "installation_project",
        "id": "0190aaaa-0000-7000-8000-000000000001",
        "ars_code": "REU",
        "version": 1,
        "server_seq": 1,
        "deleted": False,
        "fields": {
            "professional_id": "0190aaaa-0000-7000-8000-000000000002",
            "commune_code": "97411",
            "first_contact_date": "2026-01-05",
            "status": "premier_contact",
            "practice_mode": "liberal_seul",
        },
        "updated_at": LATER,
        "updated_by": "autre",
    }
    pro = {
        "entity": "professional",
        "id": "0190aaaa-0000-7000-8000-000000000002",
        "ars_code": "REU",
        "version": 2,
        "server_seq": 2,
        "deleted": False,
        "fields": {
            "last_name": "Grondin",
            "first_name": "Paul",
            "profession": "medecin",
            "situation": "installe_liberal",
        },
        "updated_at": LATER,
        "updated_by": "autre",
    }
    sync_pull.apply_pull_page(database.engine, [project], 1)
    sync_pull.apply_pull_page(database.engine, [pro], 2)
    assert store.get("installation_project", project["id"])["commune_code"] == "97411"
    assert store.get("professional", pro["id"])["search_key"] == "grondin paul"
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def _pulled_pro(record_id: str, seq: int, **fields: Any) -> dict[str, Any]:
    return {
        "entity": "professional",
        "id": record_id,
        "ars_code": "REU",
        "version": 1,
        "server_seq": seq,
        "deleted": False,
        "fields": {"last_name": "Grondin", "first_name": "Paul", **fields},
        "updated_at": LATER,
        "updated_by": "autre",
    }


def test_a_pulled_row_breaking_a_local_constraint_is_quarantined_the_rest_applied(
    database: Database, store: Store
) -> None:
    good_before, good_after = new_id(), new_id()
    bad = _pulled_pro("x", 3, last_name=None)
    page = [_pulled_pro(good_before, 2), bad, _pulled_pro(good_after, 4)]
    outcome = sync_pull.apply_pull_page(database.engine, page, 4)
    assert outcome.quarantined == 1
    assert sync_progress.get_cursor(database.engine) == 4  # the cursor moves on
    assert store.get("professional", good_before)["last_name"] == "Grondin"
    assert store.get("professional", good_after)["last_name"] == "Grondin"
    [waiting] = sync_quarantine.quarantined(database.engine)
    assert (waiting.entity, waiting.entity_id) == ("professional", "x")
    assert waiting.reason == "Fiche reçue du serveur sans valeur pour : Nom."
    assert sync_progress.sync_status(database.engine).quarantined == 1
    with pytest.raises(ValidationError):  # not shown: the device could not store it
        store.get("professional", "x")
    # A newer, storable state of the record releases it from the quarantine.
    sync_pull.apply_pull_page(database.engine, [_pulled_pro("x", 5)], 5)
    assert sync_quarantine.quarantined(database.engine) == []
    assert store.get("professional", "x")["last_name"] == "Grondin"


def test_a_quarantined_row_can_be_corrected_and_sent_or_set_aside(
    database: Database, store: Store
) -> None:
    sync_pull.apply_pull_page(
        database.engine,
        [_pulled_pro("x", 3, last_name=None), _pulled_pro("y", 4, first_name=None)],
        4,
    )
    with pytest.raises(ValidationError):  # still no name: refused, nothing written
        sync_quarantine.resend_quarantined(store, "professional", "x", {"first_name": "Paul"})
    assert len(sync_quarantine.quarantined(database.engine)) == 2
    new_op = sync_quarantine.resend_quarantined(store, "professional", "x", {"last_name": "Hoarau"})
    assert store.get("professional", "x")["last_name"] == "Hoarau"
    [op] = sync_outbox.pending_ops(database.engine, 10)
    assert (op.op_id, op.kind, op.fields, op.base) == (
        new_op,
        "update",
        {"last_name": "Hoarau"},
        {"last_name": None},
    )
    sync_quarantine.discard_quarantined(database.engine, "professional", "y")
    assert sync_quarantine.quarantined(database.engine) == []
    assert sync_progress.sync_status(database.engine).quarantined == 0


def test_a_database_failure_while_applying_a_page_changes_nothing(
    database: Database, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    from sqlalchemy.exc import OperationalError

    def disk_full(*_args: Any, **_kwargs: Any) -> None:
        raise OperationalError("INSERT", {}, Exception("database or disk is full"))

    monkeypatch.setattr(sync_overlay, "_recompute", disk_full)
    with pytest.raises(OperationalError):
        sync_pull.apply_pull_page(database.engine, [_pulled_pro(new_id(), 3)], 3)
    assert sync_progress.get_cursor(database.engine) == 0
    assert sync_quarantine.quarantined(database.engine) == []
    with database.engine.connect() as connection:
        assert connection.exec_driver_sql("SELECT count(*) FROM sync_shadow").scalar() == 0


def test_history_of_a_record_first_seen_comes_with_it(
    database: Database, store: Store, tmp_path: Path, fresh_database_file: Path
) -> None:
    """Device 2 reads the edits device 1 made (issue 11), once each, under the server's author."""
    pro = make_pro(store)
    store.update("professional", pro, {"specialty": "Pédiatrie"})
    # The device pushes its edits' ops only; the server derives their history records.
    [create, update] = [op.to_wire() for op in sync_outbox.pending_ops(database.engine, 10)]
    pulled = [server_row(store, pro, version=2, seq=2)]
    pulled += [
        {
            **change_row(pro, [], seq=3 + index),
            "id": op["op_id"],
            "fields": change_fields(
                op["entity"],
                op["entity_id"],
                op["kind"],
                op["fields"],
                op["base"],
                at=op["client_time"],
                author="c.payet (tablette-1)",
            ),
            "updated_by": "c.payet (tablette-1)",
        }
        for index, op in enumerate((create, update))
    ]
    shutil.copyfile(fresh_database_file, tmp_path / "device2.db")
    device2 = open_database(tmp_path / "device2.db")
    try:
        other = Store(device2.engine, user="b.grondin", ars_code="REU")
        assert other_history(other, pro) == []
        sync_pull.apply_pull_page(device2.engine, pulled, 4)
        sync_pull.apply_pull_page(device2.engine, pulled[1:], 4)  # a page pulled twice
        lines = other_history(other, pro)
    finally:
        device2.dispose()
    assert lines == [
        ("c.payet (tablette-1)", "first_name", '"Élodie"'),
        ("c.payet (tablette-1)", "last_name", '"Hoarau"'),
        ("c.payet (tablette-1)", "profession", '"medecin"'),
        ("c.payet (tablette-1)", "situation", '"remplacant"'),
        ("c.payet (tablette-1)", "specialty", '"Pédiatrie"'),
    ]
    # Device 1 pulling its own history records back does not show them twice.
    before = store.history("professional", pro)
    sync_pull.apply_pull_page(database.engine, pulled, 4)
    assert store.history("professional", pro) == before


def other_history(store: Store, record_id: str) -> list[tuple[str, str, str | None]]:
    return sorted((c.user, c.field, c.new_value) for c in store.history("professional", record_id))
