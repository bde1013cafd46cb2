"""« En attente » is one count: the status bar and sync screen (sync status), the dashboard and
the database summary all say the same number of edits waiting to reach the server, in flight
ones included, each edit once."""

from __future__ import annotations

from datetime import date

from storage.db import Database
from storage.queries.dashboard import dashboard_figures
from storage.queries.database_summary import database_summary
from storage.queries.territories import Territory
from storage.records.store import Store
from storage.sync.outbox import mark_inflight, pending_ops
from storage.sync.progress import count_pending, sync_status


def test_every_figure_of_en_attente_is_the_same_count(database: Database) -> None:
    store = Store(database.engine, user="t", ars_code="REU")
    for last_name in ("Hoarau", "Payet", "Grondin"):
        store.create("professional", {"last_name": last_name, "first_name": "Léa"})
    first = pending_ops(database.engine, 1)
    mark_inflight(database.engine, [first[0].op_id])  # sent, no answer yet: still waiting

    status = sync_status(database.engine).pending
    summary = database_summary(database.engine).pending_changes
    dashboard = dashboard_figures(
        database.engine, Territory("ars", "REU"), date(2026, 6, 1)
    ).pending_changes
    with database.engine.connect() as connection:
        counted = count_pending(connection)
    assert status == summary == dashboard == counted == 3
