"""À corriger, as a user: a refused edit listed with the server's reason; a bad correction
refused in French with nothing written; a good one resent; another one abandoned."""

from __future__ import annotations

import json

from sqlalchemy import text
from textual.widgets import DataTable, Input

from ars_tui.app import make_app
from screens.sync.to_fix import ToFixScreen
from storage.db import Database
from storage.records.store import Store
from storage.sync import outbox as sync_outbox
from storage.sync import progress as sync_progress
from storage.sync import pull as sync_pull
from storage.sync import quarantine as sync_quarantine
from tests.tui_core_support import settle, wait_until

SIZE = (120, 36)
REASON = "Téléphone : valeur refusée par le serveur"


def _refused_edit(database: Database) -> tuple[str, str]:
    """A professional whose phone edit the server rejected; (record id, op id)."""
    store = Store(database.engine, user="test", ars_code="REU")
    pro = store.create("professional", {"last_name": "Payet", "first_name": "Léa"})
    sync_outbox.apply_push_results(
        database.engine,
        [
            {"op_id": o.op_id, "status": "applied", "version": 1, "server_seq": 1}
            for o in sync_outbox.pending_ops(database.engine, 10)
        ],
    )
    store.update("professional", pro, {"phone": "0692 00 00 00"})
    # The edit's op (its history record's op, applied, is not what the server refused).
    [op] = [o for o in sync_outbox.pending_ops(database.engine, 10) if o.entity == "professional"]
    sync_outbox.apply_push_results(
        database.engine, [{"op_id": op.op_id, "status": "rejected", "reason": REASON}]
    )
    return pro, op.op_id


def _outbox(database: Database) -> list[dict]:
    with database.engine.connect() as connection:
        return [
            dict(row)
            for row in connection.execute(
                text("SELECT * FROM outbox_op WHERE entity != 'record_change' ORDER BY seq")
            ).mappings()
        ]


def _app(database: Database):  # type: ignore[no-untyped-def]
    """The app without its automatic sync (these tests drive the outbox themselves)."""
    app = make_app(database, user="test")
    app.sync_auto = False
    return app


async def _open_to_fix(pilot) -> ToFixScreen:  # type: ignore[no-untyped-def]
    """Open À corriger once the app has settled; return it when its list shows a row."""
    await settle(pilot)
    pilot.app.push_screen(ToFixScreen(pilot.app.context))
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, ToFixScreen))
    screen = pilot.app.screen
    await wait_until(pilot, lambda: screen.query_one("#fix-list", DataTable).row_count)
    return screen


async def test_correct_and_resend_a_refused_edit(database: Database) -> None:
    _pro, op_id = _refused_edit(database)
    app = _app(database)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_to_fix(pilot)
        row = [str(cell) for cell in screen.query_one("#fix-list", DataTable).get_row_at(0)]
        assert REASON in row
        fields = screen.query_one("#fix-fields", DataTable)
        assert [str(fields.get_row_at(0)[0])] == ["Téléphone"]
        # A correction the rules refuse: a French message, nothing written.
        before = _outbox(database)
        box = screen.query_one("#fix-value", Input)
        box.focus()
        box.value = "x" * 300
        await pilot.press("enter")
        fields.focus()
        await pilot.press("r")
        await wait_until(
            pilot, lambda: any("Téléphone" in str(n.message) for n in app._notifications)
        )
        assert _outbox(database) == before
        # A good one: resent under a new op id, the old one gone.
        box.focus()
        box.value = "0692 11 22 33"
        await pilot.press("enter")
        fields.focus()
        await pilot.press("r")
        await wait_until(pilot, lambda: not screen.query_one("#fix-list", DataTable).row_count)
    ops = _outbox(database)
    assert op_id not in {op["op_id"] for op in ops}
    resent = [op for op in ops if op["state"] == "pending"]
    assert len(resent) == 1 and json.loads(resent[0]["fields"]) == {"phone": "0692 11 22 33"}


async def test_abandon_a_refused_edit_shows_the_server_state(database: Database) -> None:
    pro, op_id = _refused_edit(database)
    assert Store(database.engine, user="t").get("professional", pro)["phone"] is None
    app = _app(database)
    async with app.run_test(size=SIZE) as pilot:
        await _open_to_fix(pilot)
        app.screen.query_one("#fix-list", DataTable).focus()
        await pilot.press("d")
        await wait_until(pilot, lambda: not app.screen.query_one("#fix-list", DataTable).row_count)
    assert op_id not in {op["op_id"] for op in _outbox(database)}
    assert sync_progress.sync_status(database.engine).rejected == 0
    assert Store(database.engine, user="t").get("professional", pro)["phone"] is None


async def test_a_pulled_record_set_aside_is_listed_corrected_and_sent(database: Database) -> None:
    bad = {
        "entity": "professional",
        "id": "serveur-1",
        "ars_code": "REU",
        "version": 1,
        "server_seq": 1,
        "deleted": False,
        "fields": {"last_name": None, "first_name": "Paul"},
        "updated_at": "2026-03-01T10:00:00+00:00",
        "updated_by": "autre",
    }
    sync_pull.apply_pull_page(database.engine, [bad], 1)
    app = _app(database)
    async with app.run_test(size=SIZE) as pilot:
        screen = await _open_to_fix(pilot)
        row = [str(cell) for cell in screen.query_one("#fix-list", DataTable).get_row_at(0)]
        assert "reçue, à examiner" in row
        assert "Fiche reçue du serveur sans valeur pour : Nom." in row
        fields = screen.query_one("#fix-fields", DataTable)
        labels = [str(fields.get_row_at(i)[0]) for i in range(fields.row_count)]
        fields.move_cursor(row=labels.index("Nom"))
        box = screen.query_one("#fix-value", Input)
        box.focus()
        box.value = "Grondin"
        await pilot.press("enter")
        fields.focus()
        await pilot.press("r")
        await wait_until(pilot, lambda: not sync_quarantine.quarantined(database.engine))
    store = Store(database.engine, user="test", ars_code="REU")
    assert store.get("professional", "serveur-1")["last_name"] == "Grondin"
    [op] = _outbox(database)
    assert (op["kind"], json.loads(op["fields"])) == ("update", {"last_name": "Grondin"})
