"""Sync end to end: real ``ars-tui serve`` processes on loopback, real device database files.

Each test starts its own server with tests/support/central_server.py, once on a SQLite file and
once on PostgreSQL (fixture ``central_db_url``: the same code serves both), and makes device
tokens with ``ars-tui token create``. Devices are database files synced with the client
(``SyncClient``), the command line (``ars-tui sync``) or the TUI (Pilot).
"""

from __future__ import annotations

import gc
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from textual.widgets import DataTable

from ars_tui.app import make_app
from ars_tui.sync.client import RoundResult, SyncClient
from ars_tui.sync.lock import sync_lock
from screens.sync.conflicts import ConflictsScreen
from storage.db import Database
from storage.records.store import Store
from storage.records.validation import ValidationError
from storage.sync import conflicts as sync_conflicts
from storage.sync import progress as sync_progress
from storage.sync import pull as sync_pull
from tests.support.central_server import (
    RunningServer,
    ars_tui_command,
    central_db_url,  # noqa: F401 (the fixture)
    start_central_server,
)

PRO = {"last_name": "Payet", "first_name": "Léa", "situation": "remplacant"}
SIZE = (140, 44)


@pytest.fixture
def server(tmp_path: Path, central_db_url: str) -> Iterator[RunningServer]:  # noqa: F811
    with start_central_server(central_db_url, tmp_path) as running:
        yield running


class Device:
    """One device: its database file, its token, its user."""

    def __init__(self, database: Database, server: RunningServer, token: str, user: str) -> None:
        self.database = database
        self.server = server
        self.token = token
        self.store = Store(database.engine, user=user, ars_code="REU")

    def sync(self) -> RoundResult:
        with SyncClient(self.database, self.server.url, self.token, retries=0) as client:
            return client.run_round()

    def rows(self, entity: str) -> list[dict[str, Any]]:
        with self.database.engine.connect() as connection:
            return [
                dict(row)
                for row in connection.execute(
                    text(f"SELECT * FROM {entity} ORDER BY id")
                ).mappings()
            ]

    def outbox(self) -> list[dict[str, Any]]:
        with self.database.engine.connect() as connection:
            return [
                dict(row)
                for row in connection.execute(
                    text("SELECT * FROM outbox_op WHERE entity != 'record_change' ORDER BY seq")
                ).mappings()
            ]


@pytest.fixture
def make_device(server: RunningServer, fresh_copies: Callable[[str], Database]) -> Any:
    def make(name: str, ars: str = "REU", user: str | None = None) -> Device:
        return Device(fresh_copies(name), server, server.token(ars, name), user or name)

    return make


def synced_pair(make_device: Any) -> tuple[Device, Device, str]:
    """Two REU devices sharing one professional, both up to date."""
    alice, bruno = make_device("alice"), make_device("bruno")
    pro = alice.store.create("professional", {**PRO, "phone": "0692000000"})
    alice.sync()
    bruno.sync()
    return alice, bruno, pro


def _alice_then_bruno(
    make_device: Any, alice_changes: dict[str, str] | None, bruno_changes: dict[str, str]
) -> tuple[Device, Device, str, Any]:
    """On a synced pair, Alice edits the professional (deletes it if ``alice_changes`` is None)
    and Bruno edits it too; Alice syncs first, then Bruno: (alice, bruno, its id, Bruno's round).
    """
    alice, bruno, pro = synced_pair(make_device)
    if alice_changes is None:
        alice.store.delete("professional", pro)
    else:
        alice.store.update("professional", pro, alice_changes)
    bruno.store.update("professional", pro, bruno_changes)
    alice.sync()
    return alice, bruno, pro, bruno.sync()


def test_offline_records_of_two_devices_end_up_identical(make_device: Any) -> None:
    alice, bruno = make_device("alice"), make_device("bruno")
    pro_a = alice.store.create("professional", PRO)
    alice.store.create(
        "installation_project",
        {"professional_id": pro_a, "commune_code": "97411", "first_contact_date": "05/01/2026"},
    )
    pro_b = bruno.store.create("professional", {**PRO, "first_name": "Jean"})
    bruno.store.update("professional", pro_b, {"specialty": "Pédiatrie"})

    first = alice.sync()
    assert (first.sent, first.received) == (2, 2)
    second = bruno.sync()
    assert (second.sent, second.received) == (2, 3)
    alice.sync()

    for entity in ("professional", "installation_project"):
        assert alice.rows(entity) == bruno.rows(entity)
    assert len(alice.rows("professional")) == 2
    assert alice.outbox() == bruno.outbox() == []
    assert {row["version"] for row in alice.rows("professional")} == {1, 2}


def test_a_pull_keeps_the_heap_frozen_only_while_it_runs(
    make_device: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """What exists before a pull is out of the cyclic collector's way while pages are applied
    (ars_tui.sync.client._heap_frozen), and given back to it afterwards."""
    alice, bruno = make_device("alice"), make_device("bruno")
    alice.store.create("professional", PRO)
    alice.sync()
    seen: list[int] = []
    apply = sync_pull.apply_pull_page

    def spy(*args: Any, **kwargs: Any) -> Any:
        seen.append(gc.get_freeze_count())
        return apply(*args, **kwargs)

    monkeypatch.setattr(sync_pull, "apply_pull_page", spy)
    assert gc.get_freeze_count() == 0
    assert bruno.sync().received == 1
    assert seen and min(seen) > 0
    assert gc.get_freeze_count() == 0 and gc.isenabled()


def test_edits_of_different_fields_merge(make_device: Any) -> None:
    alice, bruno, pro, result = _alice_then_bruno(
        make_device, {"phone": "0692111111"}, {"specialty": "Gériatrie"}
    )
    assert result.conflicts == 0
    alice.sync()
    for device in (alice, bruno):
        record = device.store.get("professional", pro)
        assert (record["phone"], record["specialty"]) == ("0692111111", "Gériatrie")
    assert alice.rows("professional") == bruno.rows("professional")
    # Each history names who made each change, whichever device it was made on.
    for device in (alice, bruno):
        changes = [(c.user, c.field) for c in device.store.history("professional", pro)]
        assert {("alice", "phone"), ("alice (alice)", "phone")} & set(changes)
        assert {("bruno", "specialty"), ("bruno (bruno)", "specialty")} & set(changes)
        assert not {("bruno", "phone"), ("bruno (bruno)", "phone")} & set(changes)


def test_a_second_device_reads_the_history_of_a_record_edited_on_the_first(
    make_device: Any,
) -> None:
    """Issue 11: device 2 showed "Aucune modification enregistrée" for a record edited on 1."""
    alice, bruno = make_device("alice"), make_device("bruno")
    pro = alice.store.create("professional", PRO)
    alice.store.update("professional", pro, {"specialty": "Pédiatrie"})
    alice.sync()
    bruno.sync()
    lines = [(c.user, c.field, c.new_value) for c in bruno.store.history("professional", pro)]
    # The author as the server recorded it: the person and the device of the token.
    assert ("alice (alice)", "specialty", '"Pédiatrie"') in lines
    assert ("alice (alice)", "last_name", '"Payet"') in lines
    assert len(lines) == len(alice.store.history("professional", pro))
    bruno.sync()  # nothing new: nothing doubled
    assert len(bruno.store.history("professional", pro)) == len(lines)


async def test_same_field_conflict_is_resolved_in_the_conflicts_screen(
    make_device: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    alice, bruno, pro, result = _alice_then_bruno(
        make_device, {"phone": "0692111111"}, {"phone": "0692222222"}
    )
    assert result.conflicts == 1
    # Never overwritten silently: Bruno now sees the server's (Alice's) value...
    assert bruno.store.get("professional", pro)["phone"] == "0692111111"
    # ...and his own waits for a decision.
    assert [op["state"] for op in bruno.outbox()] == ["conflict"]

    monkeypatch.setenv("ARS_TUI_SERVER", bruno.server.url)
    monkeypatch.setenv("ARS_TUI_TOKEN", bruno.token)
    app = make_app(bruno.database, user="bruno")
    app.sync_auto = False
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        await pilot.press("9")  # Synchronisation
        await _until(pilot, lambda: "1 conflit" in _status(app))
        await pilot.press("c")
        assert isinstance(app.screen, ConflictsScreen)
        screen = app.screen
        await _until(pilot, lambda: screen.selected is not None)
        fields = screen.query_one("#conflict-fields", DataTable)
        row = [str(cell) for cell in fields.get_row("phone")]
        assert row[1:3] == ["0692000000", "0692222222"]  # valeur d'origine, ma valeur
        # valeur du serveur, by the person and the device the server recorded
        assert row[3].startswith("0692111111 (par alice (alice), le ")
        await pilot.press("m", "v")  # keep mine, apply
        await _until(pilot, lambda: not screen.problems and screen.selected is None)
        assert app.sync is not None
        await _until(pilot, lambda: app.sync.rounds >= 1 and not app.sync.service.running)
        await _until(pilot, lambda: "0 modification en attente" in _status(app))
    alice.sync()
    for device in (alice, bruno):
        assert device.store.get("professional", pro)["phone"] == "0692222222"
    assert alice.rows("professional") == bruno.rows("professional")
    assert alice.outbox() == bruno.outbox() == []


def test_edit_against_delete_is_a_conflict_and_both_agree(make_device: Any) -> None:
    alice, bruno, pro, result = _alice_then_bruno(make_device, None, {"specialty": "Gériatrie"})
    assert result.conflicts == 1
    [problem] = sync_conflicts.problem_ops(bruno.database.engine, "conflict")
    assert problem.server_deleted
    assert bruno.store.get("professional", pro)["deleted"] is True  # the server's state

    assert [(c.field, c.conflicting) for c in problem.conflicts] == [
        ("specialty", False),
        ("deleted", True),
    ]
    # Taking the server's deletion: the edit cannot apply to a deleted record, nothing is sent.
    assert (
        sync_conflicts.resolve_conflict(bruno.store, problem.op_id, {"deleted": "theirs"}) is None
    )
    bruno.sync()
    alice.sync()
    assert alice.rows("professional") == bruno.rows("professional")
    assert bruno.store.get("professional", pro)["deleted"] is True
    assert bruno.outbox() == []


def test_keeping_my_edit_of_a_deleted_record_restores_it(make_device: Any) -> None:
    alice, bruno, pro, _ = _alice_then_bruno(make_device, None, {"specialty": "Gériatrie"})
    [problem] = sync_conflicts.problem_ops(bruno.database.engine, "conflict")
    sync_conflicts.resolve_conflict(bruno.store, problem.op_id, {"deleted": "mine"})
    assert bruno.sync().conflicts == 0
    alice.sync()
    record = alice.store.get("professional", pro)
    assert (record["deleted"], record["specialty"]) == (False, "Gériatrie")
    assert alice.rows("professional") == bruno.rows("professional")


def test_another_ars_sees_nothing_and_cannot_write(make_device: Any) -> None:
    alice = make_device("alice")
    pro = alice.store.create("professional", PRO)
    alice.sync()
    mayotte = make_device("mayotte", ars="MAY")
    result = mayotte.sync()
    assert result.received == 0 and mayotte.rows("professional") == []

    # At entry, the Mayotte device refuses a REU record, with the ARS named.
    may_store = Store(mayotte.database.engine, user="mayotte", ars_code="MAY")
    with pytest.raises(ValidationError, match="ARS La Réunion"):
        may_store.create("professional", {**PRO, "last_name": "Intrus"}, ars_code="REU")
    # A forged one (written past that check) is rejected alone: the rest of the push applies.
    Store(mayotte.database.engine, user="mayotte").create(
        "professional", {**PRO, "last_name": "Intrus"}, ars_code="REU"
    )
    mine = may_store.create("professional", {**PRO, "last_name": "Said"})
    result = mayotte.sync()
    assert (result.sent, result.to_fix) == (2, 1)
    problems = sync_conflicts.problem_ops(mayotte.database.engine, "rejected")
    # Refused alone; its history exists nowhere else (the server derives it from applied ops).
    [refused] = problems
    assert refused.entity == "professional"
    assert "hors du territoire" in (refused.reason or "")
    assert "Intrus" not in (refused.reason or "")
    assert [row["id"] for row in mayotte.rows("professional") if not row["deleted"]] == [mine]
    assert alice.sync().received == 0
    assert [row["id"] for row in alice.rows("professional")] == [pro]
    # Abandoning it removes the forged record; the device keeps syncing.
    for problem in problems:
        sync_conflicts.discard_rejected(mayotte.database.engine, problem.op_id)
    assert mayotte.outbox() == []
    assert mayotte.sync().to_fix == 0


def test_a_revoked_token_stops_sync_and_deletes_nothing(make_device: Any) -> None:
    alice = make_device("alice")
    alice.store.create("professional", PRO)
    subprocess.run(
        ars_tui_command("token", "revoke", "alice", "--db", alice.server.database_url),
        check=True,
        capture_output=True,
    )
    done = _cli_sync(alice)
    assert done.returncode == 5, done.stderr  # 4 was a stranger on the port: see
    assert "jeton refusé ou révoqué" in done.stderr  # tests/test_central_server_start.py
    assert [op["state"] for op in alice.outbox()] == ["pending"]
    assert len(alice.rows("professional")) == 1


def test_cli_sync_prints_one_line_and_exits_0(make_device: Any) -> None:
    alice = make_device("alice")
    alice.store.create("professional", PRO)
    done = _cli_sync(alice)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines() == [
        "Synchronisation terminée : 1 envoyée(s), 1 reçue(s), 0 conflit(s), 0 à corriger."
    ]
    assert alice.outbox() == []


def test_a_second_sync_of_the_same_database_is_refused(make_device: Any) -> None:
    alice = make_device("alice")
    alice.store.create("professional", PRO)
    with sync_lock(alice.database.path):  # a sync in progress (the TUI, say)
        done = _cli_sync(alice)
    assert done.returncode == 3
    assert "synchronisation déjà en cours" in done.stderr
    assert [op["state"] for op in alice.outbox()] == ["pending"]
    assert _cli_sync(alice).returncode == 0


def test_server_replaced_device_downloads_again_outbox_untouched(
    make_device: Any, tmp_path: Path
) -> None:
    alice = make_device("alice")
    for name in ("Payet", "Hoarau", "Grondin"):
        alice.store.create("professional", {**PRO, "last_name": name})
    alice.sync()
    assert sync_progress.get_cursor(alice.database.engine) == 6  # 3 records, 3 history records
    pending = alice.store.create("professional", {**PRO, "last_name": "Técher"})
    # A new, empty server: the device's cursor is ahead of it (410), it starts again from 0.
    (tmp_path / "new").mkdir()
    with start_central_server(f"sqlite:///{tmp_path / 'new' / 'central.db'}", tmp_path) as new:
        alice.server, alice.token = new, new.token("REU", "alice")
        result = alice.sync()
    assert result.sent == 1 and result.received == 1
    assert sync_progress.get_cursor(alice.database.engine) == 2  # the record, its history record
    names = {row["last_name"] for row in alice.rows("professional")}
    assert names == {"Payet", "Hoarau", "Grondin", "Técher"}  # nothing local lost
    assert alice.store.get("professional", pending)["version"] == 1


def _cli_sync(device: Device) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ars_tui_command(
            "sync",
            "--db",
            str(device.database.path),
            "--server",
            device.server.url,
            "--token",
            device.token,
        ),
        capture_output=True,
        text=True,
        timeout=120,
    )


def _status(app: Any) -> str:
    from screens.widgets.status_bar import StatusBar

    return " ".join(str(bar.render()) for bar in app.screen.query(StatusBar))


async def _until(pilot: Any, condition: Any, attempts: int = 400) -> None:
    for _ in range(attempts):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("condition never met")
