"""Driving the palette's exchange modal (``screens.exchange``) in Pilot tests
(tests/test_exchange_tui.py, tests/test_detected_ui.py)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import Button, Input, Select, Static

from screens.exchange import ExchangeScreen
from storage.db import Database
from storage.settings import ARS_SETTING, set_setting

SIZE = (120, 40)


def bind_to_reunion(database: Database) -> None:
    with database.engine.begin() as connection:
        set_setting(connection, ARS_SETTING, "REU")


def result_text(app) -> str:  # type: ignore[no-untyped-def]
    return str(app.screen.query_one("#exchange-result", Static).render())


async def open_import(app, pilot, kind: str, path: Path) -> ExchangeScreen:  # type: ignore[no-untyped-def]
    """Open "Importer…" and fill in the kind and the file (not run yet)."""
    app.action_exchange("import")
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ExchangeScreen)
    screen.query_one("#exchange-kind", Select).value = kind
    screen.query_one("#exchange-path", Input).value = str(path)
    return screen


async def run_and_wait(app, pilot) -> str:  # type: ignore[no-untyped-def]
    """Press "Lancer" and wait for the worker's new result (pressing only posts a message).

    ``Button.press()`` rather than a click: a notification toast over the button would take a
    click under load.
    """
    before = result_text(app)
    app.screen.query_one("#exchange-run", Button).press()
    for _ in range(500):
        await app.workers.wait_for_complete()
        await pilot.pause(0.02)
        button = app.screen.query_one("#exchange-run", Button)
        if result_text(app) != before and not button.disabled:
            break
    else:
        raise AssertionError(f"no new result after {before!r}")
    return result_text(app)
