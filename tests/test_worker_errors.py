"""One worker error policy for the whole app (screens/workers.py): a worker that raises never
closes the app nor fails in silence; the app says so in French (the reason only, no data) and
tries a reading worker once more."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path
from typing import Any

from textual.widgets import DataTable

from ars_tui.app import make_app
from screens import workers
from screens.sync.to_fix import ToFixScreen
from storage import sync_state
from storage.db import Database
from tests.tui_core_support import settle, wait_until

SIZE = (120, 36)
ROOT = Path(__file__).resolve().parent.parent


def _notes(app: Any) -> list[str]:
    return [str(note.message) for note in app._notifications]


async def test_a_failing_worker_in_a_screen_notifies_in_french_and_the_app_goes_on(
    database: Database, monkeypatch: Any
) -> None:
    monkeypatch.setattr(workers, "RETRY_DELAY_S", 0.2)
    monkeypatch.setattr("ars_tui.app.RETRY_DELAY_S", 0.2)
    original = sync_state.problem_ops
    calls = {"n": 0}

    def full_disk_once(*args: Any, **kwargs: Any) -> Any:
        calls["n"] += 1
        if calls["n"] == 1:
            raise sqlite3.OperationalError("database or disk is full")
        return original(*args, **kwargs)

    monkeypatch.setattr(sync_state, "problem_ops", full_disk_once)
    app = make_app(database, user="test")
    app.sync_auto = False
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ToFixScreen(app.context))
        await wait_until(pilot, lambda: any("disque est plein" in n for n in _notes(app)))
        [note] = [n for n in _notes(app) if "disque est plein" in n]
        assert note.startswith("L'opération n'a pas abouti : le disque est plein")
        assert "Nouvel essai" in note and "database" not in note
        assert app.is_running and isinstance(app.screen, ToFixScreen)
        await wait_until(pilot, lambda: calls["n"] == 2)  # tried once more on its own
        await settle(pilot)
        assert app.is_running and app.screen.query_one("#fix-list", DataTable) is not None
    assert app.return_code in (None, 0)


async def test_a_failing_writing_worker_is_not_retried_but_said(
    database: Database, monkeypatch: Any
) -> None:
    from textual.screen import Screen

    class Writer(Screen[None]):
        attempts = 0

        @workers.work(thread=True)
        def write(self) -> None:
            Writer.attempts += 1
            raise PermissionError(13, "Permission denied", "/home/payet/base.db")

    monkeypatch.setattr("ars_tui.app.RETRY_DELAY_S", 0.1)
    app = make_app(database, user="test")
    app.sync_auto = False
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        screen = Writer()
        app.push_screen(screen)
        await settle(pilot)
        screen.write()
        await wait_until(pilot, lambda: any("accès refusé" in n for n in _notes(app)))
        await pilot.pause(0.4)
        assert Writer.attempts == 1
        assert not any("payet" in n.lower() for n in _notes(app))
        assert app.is_running


def test_every_worker_follows_the_one_policy() -> None:
    """No Textual ``@work`` nor ``run_worker`` left with the default ``exit_on_error=True``."""
    offenders = []
    for path in [*ROOT.glob("screens/**/*.py"), *ROOT.glob("ars_tui/**/*.py")]:
        if path.name == "workers.py":
            continue
        source = path.read_text(encoding="utf-8")
        if re.search(r"from textual import [^\n]*\bwork\b", source):
            offenders.append(f"{path.name}: textual's work")
        for call in re.findall(r"run_worker\([^)]*\)", source):
            if "exit_on_error=False" not in call:
                offenders.append(f"{path.name}: {call}")
    assert offenders == []
