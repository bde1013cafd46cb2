"""Every round ends: a fault of the device itself (its database, a full disk, its rights) during
a sync round ends the round with a French message (status bar, sync log, ``ars-tui sync``), is
retried with the backoff, and loses nothing.

The central endpoint runs in-process (Starlette's test transport); the device is a real
database file with the real SyncService, SyncController and StatusBar. The fault is made by
replacing the step that applies a pull page (or writes the push answers) with one that raises
what SQLite or the system raises when the disk is full.
"""

from __future__ import annotations

import errno
import sqlite3
import warnings
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text
from textual.app import App, ComposeResult

from ars_tui import sync_controller
from ars_tui.sync import service as service_module
from ars_tui.sync.client import SyncClient
from ars_tui.sync.service import SyncService
from ars_tui.sync_controller import SyncController
from screens.widgets.status_bar import StatusBar
from storage.db import Database, StorageError
from storage.records.store import Store
from storage.sync import outbox as sync_outbox
from storage.sync import progress as sync_progress
from storage.sync import pull as sync_pull

SERVER_URL = "http://central.test"
PRO = {"last_name": "Payet", "first_name": "Léa", "situation": "remplacant"}
FULL = "le disque est plein"

#: What a full disk looks like to the sync round, from SQLite, from the system, from storage.db.
FAULTS: dict[str, Callable[[], Exception]] = {
    "sqlite": lambda: sqlite3.OperationalError("database or disk is full"),
    "system": lambda: OSError(errno.ENOSPC, "No space left on device", "/secret/Payet.db"),
    "storage": lambda: StorageError("le disque est plein ; libérez de la place", "SQLITE_FULL"),
}


class Central:
    """An in-process central endpoint, with a token per device name."""

    def __init__(self, workdir: Path) -> None:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            from starlette.testclient import TestClient

        from ars_tui.central.app import make_central_app

        self.app = make_central_app(f"sqlite:///{workdir / 'central.db'}")
        self._client = TestClient(self.app)
        self._client.__enter__()
        self.transport = self._client._transport

    def token(self, name: str) -> str:
        from ars_tui.central.tokens import create_token

        return create_token(self.app.state.engine, ars_code="REU", name=name)[0]

    def close(self) -> None:
        self._client.__exit__(None, None, None)
        self.app.state.engine.dispose()


@pytest.fixture
def central(tmp_path: Path) -> Iterator[Central]:
    running = Central(tmp_path)
    yield running
    running.close()


@pytest.fixture
def devices(fresh_copies: Callable[[str], Database]) -> Callable[[str], Database]:
    """One database a device (tests/conftest.py)."""
    return fresh_copies


def _service(database: Database, central: Central, token: str, monkeypatch: Any) -> SyncService:
    monkeypatch.setenv("ARS_TUI_SERVER", SERVER_URL)
    monkeypatch.setenv("ARS_TUI_TOKEN", token)
    return SyncService(
        database,
        client_factory=lambda db, server, tok: SyncClient(
            db, server, tok, transport=central.transport, sleep=lambda _s: None
        ),
    )


def _seeded_service(
    central: Central, devices: Any, monkeypatch: Any, backoff: float | None = None
) -> tuple[Database, SyncService]:
    """Alice's device as :func:`_seed` leaves it, and its sync service (retrying after
    ``backoff`` seconds when given)."""
    alice, token = _seed(central, devices)
    service = _service(alice, central, token, monkeypatch)
    if backoff is not None:
        monkeypatch.setattr(service_module, "backoff_delay", lambda *_a, **_k: backoff)
    return alice, service


def _fail_once(monkeypatch: Any, target: Any, name: str, fault: Callable[[], Exception]) -> None:
    """``target.name`` raises ``fault()`` the first time it is called, then works again."""
    original = getattr(target, name)
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise fault()
        return original(*args, **kwargs)

    monkeypatch.setattr(target, name, failing)


def _names(database: Database) -> set[str]:
    with database.engine.connect() as connection:
        return set(connection.execute(text("SELECT last_name FROM professional")).scalars())


def _log(database: Database) -> list[tuple[str, str]]:
    return [(line.kind, line.summary) for line in sync_progress.recent_log(database.engine)]


def _seed(central: Central, devices: Callable[[str], Database]) -> tuple[Database, str]:
    """Bruno's record on the server, and Alice's device with an edit of her own waiting."""
    bruno = devices("bruno")
    Store(bruno.engine, user="bruno", ars_code="REU").create("professional", PRO)
    with SyncClient(bruno, SERVER_URL, central.token("bruno"), transport=central.transport) as c:
        c.run_round()
    alice = devices("alice")
    Store(alice.engine, user="alice", ars_code="REU").create(
        "professional", {**PRO, "last_name": "Hoarau"}
    )
    return alice, central.token("alice")


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_a_full_disk_while_applying_a_pull_ends_the_round_in_french(
    fault: str, central: Central, devices: Any, monkeypatch: Any
) -> None:
    alice, service = _seeded_service(central, devices, monkeypatch)
    _fail_once(monkeypatch, sync_pull, "apply_pull_page", FAULTS[fault])

    assert service.run_round() is None  # the round ended, it did not raise
    assert service.message is not None and FULL in service.message
    assert "Payet" not in service.message and "/secret" not in service.message
    assert service.local_error is not None and FULL in service.local_error
    snapshot = service.snapshot()
    assert snapshot.local_error == service.local_error and not snapshot.running
    delay = service.retry_delay()
    assert delay is not None and delay > 0  # tried again on its own, with the backoff
    assert ("error", service.message) in _log(alice)

    result = service.run_round()  # the retry: the disk has room again
    assert result is not None and result.received >= 1
    assert service.local_error is None and service.retry_delay() is None
    assert _names(alice) == {"Payet", "Hoarau"}  # nothing lost
    assert sync_progress.sync_status(alice.engine).pending == 0


def test_a_database_error_while_writing_push_answers_loses_no_edit(
    central: Central, devices: Any, monkeypatch: Any
) -> None:
    alice, service = _seeded_service(central, devices, monkeypatch)
    _fail_once(monkeypatch, sync_outbox, "apply_push_results", FAULTS["sqlite"])
    assert service.run_round() is None
    assert service.message is not None and FULL in service.message
    assert sync_progress.sync_status(alice.engine).pending == 1  # still waiting, not dropped
    assert service.run_round() is not None  # sent again: the server sees a duplicate
    assert sync_progress.sync_status(alice.engine).pending == 0
    assert _names(alice) == {"Payet", "Hoarau"}


class Host(App[None]):
    """A screen with the status bar, and the real controller and service behind it."""

    def __init__(self, service: SyncService) -> None:
        super().__init__()
        self.service = service
        self.sync = SyncController(self, service)

    def compose(self) -> ComposeResult:
        yield StatusBar()


async def _until(pilot: Any, condition: Callable[[], bool], seconds: float = 20.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("never happened")


def _bar(app: App[Any]) -> str:
    return str(app.query_one(StatusBar).render())


async def test_the_status_bar_says_the_disk_is_full_and_the_round_is_retried(
    central: Central, devices: Any, monkeypatch: Any
) -> None:
    alice, service = _seeded_service(central, devices, monkeypatch, backoff=2.0)
    _fail_once(monkeypatch, sync_pull, "apply_pull_page", FAULTS["sqlite"])
    app = Host(service)
    async with app.run_test() as pilot:
        app.sync.request_sync()
        await _until(pilot, lambda: app.sync.rounds == 1)
        await _until(pilot, lambda: "interrompue" in _bar(app), seconds=1.5)
        shown = _bar(app)
        assert "synchronisation interrompue : le disque est plein" in shown
        assert "synchronisation…" not in shown  # the round ended
        assert app.sync.rounds == 1  # the retry waits for the backoff
        await _until(pilot, lambda: app.sync.rounds == 2)  # retried on its own
        await _until(pilot, lambda: "interrompue" not in _bar(app))
        assert _names(alice) == {"Payet", "Hoarau"}
        # 80 columns (run_test's default): the count takes its short form, the sync time stays.
        assert "│ 0 en attente │ dernière synchronisation" in _bar(app)


async def test_an_edit_saved_during_a_failed_round_is_sent_by_the_retry(
    central: Central, devices: Any, monkeypatch: Any
) -> None:
    alice, service = _seeded_service(central, devices, monkeypatch, backoff=0.3)
    monkeypatch.setattr(sync_controller, "SAVE_DEBOUNCE_S", 0.05)
    original = sync_pull.apply_pull_page
    calls = {"n": 0}

    def failing(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:  # an edit saved while this round runs, then the disk fills up
            Store(alice.engine, user="alice", ars_code="REU").create(
                "professional", {**PRO, "last_name": "Grondin"}
            )
            app.call_from_thread(app.sync.request_sync)
            raise sqlite3.OperationalError("database or disk is full")
        return original(*args, **kwargs)

    monkeypatch.setattr(sync_pull, "apply_pull_page", failing)
    app = Host(service)
    async with app.run_test() as pilot:
        app.sync.request_sync()
        await _until(pilot, lambda: app.sync.rounds >= 2 and not service.running)
        await _until(pilot, lambda: sync_progress.sync_status(alice.engine).pending == 0)
        assert service.local_error is None
        assert _names(alice) == {"Payet", "Hoarau", "Grondin"}


@pytest.mark.parametrize("fault", sorted(FAULTS))
def test_cli_sync_prints_one_french_line_and_exits_8_on_a_full_disk(
    fault: str, central: Central, devices: Any, monkeypatch: Any, capsys: Any
) -> None:
    from ars_tui import cli
    from ars_tui.cli_sync import EXIT_LOCAL
    from ars_tui.sync import client as client_module

    alice, token = _seed(central, devices)

    class InProcessClient(SyncClient):
        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, transport=central.transport, **kwargs)

    monkeypatch.setattr(client_module, "SyncClient", InProcessClient)
    _fail_once(monkeypatch, sync_pull, "apply_pull_page", FAULTS[fault])
    argv = ["sync", "--db", str(alice.path), "--server", SERVER_URL, "--token", token]

    assert cli.main(argv) == EXIT_LOCAL == 8
    out, err = capsys.readouterr()
    assert out == ""
    assert err.count("\n") == 1 and FULL in err and err.startswith("ars-tui sync")
    assert "Traceback" not in err and "Payet" not in err and "/secret" not in err
    assert any(kind == "error" and FULL in summary for kind, summary in _log(alice))

    assert cli.main(argv) == 0  # run again once the disk has room: nothing was lost
    assert _names(alice) == {"Payet", "Hoarau"}
    assert sync_progress.sync_status(alice.engine).pending == 0
