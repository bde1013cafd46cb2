"""Territoires counts the edits waiting to be sent as the sync counts them (no SQL of its own)."""

from __future__ import annotations

from sqlalchemy import text

from ars_tui.app import make_app
from screens.territories.screen import TerritoriesScreen
from screens.widgets.status_bar import StatusBar
from storage.db import Database
from storage.store import Store
from storage.sync_state import sync_status
from tests.tui_core_support import settle


async def test_the_status_bar_of_territoires_shows_the_sync_s_pending_count(
    database: Database,
) -> None:
    store = Store(database.engine, user="test", ars_code="REU")
    for name in ("Hoarau", "Payet"):
        store.create(
            "professional", {"last_name": name, "first_name": "Marie", "profession": "medecin"}
        )
    # One of them is being sent (a round was cut off): still "en attente" for the sync.
    with database.engine.begin() as connection:
        connection.execute(text("UPDATE outbox_op SET state = 'inflight' WHERE rowid = 1"))
    assert sync_status(database.engine).pending == 2
    app = make_app(database, user="test")
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        await pilot.press("8")
        await settle(pilot)
        assert isinstance(app.screen, TerritoriesScreen)
        assert app.screen.query_one(StatusBar).pending == 2
