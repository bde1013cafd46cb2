"""History and conflicts speak French, not ids (issue 11), on the record page and Conflits."""

from __future__ import annotations

from textual.widgets import DataTable

from ars_tui.app import make_app
from screens.installations.record import InstallationRecordScreen
from screens.sync.conflicts import ConflictsScreen
from storage import sync_state
from storage.db import Database
from storage.store import Store
from tests.support.records import make_project
from tests.tui_core_support import settle, wait_until

pytest_plugins = ("tests.tui_core_fixtures",)

SIZE = (140, 40)


def _make_project(database: Database) -> tuple[str, str]:
    store = Store(database.engine, user="Marie Payet", ars_code="REU")
    pro, project = make_project(store)
    store.update("installation_project", project, {"commune_code": "97415"})
    return pro, project


def _cells(table: DataTable) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def test_history_names_the_professional_and_the_communes(demo_database: Database) -> None:
    _, project = _make_project(demo_database)
    app = make_app(demo_database, user="Marie Payet")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(InstallationRecordScreen(app.context, project))
        await wait_until(pilot, lambda: isinstance(app.screen, InstallationRecordScreen))
        history = app.screen.query_one("#record-history", DataTable)
        await wait_until(pilot, lambda: history.row_count > 0)
        rows = _cells(history)
    assert ["Commune", "Cilaos (97424)", "Saint-Paul (97415)"] in [row[2:] for row in rows]
    assert ["Professionnel", "—", "Hoarau Marie-Claude"] in [row[2:] for row in rows]
    assert not any("-7" in cell and len(cell) == 36 for row in rows for cell in row)


async def test_the_conflict_screen_names_the_record_and_its_status(
    demo_database: Database,
) -> None:
    _, project = _make_project(demo_database)
    store = Store(demo_database.engine, user="Marie Payet", ars_code="REU")
    store.transition("installation_project", project, "en_accompagnement")
    ops = sync_state.pending_ops(demo_database.engine, 1000)
    [op] = [
        o for o in ops if o.entity_id == project and o.fields.get("status") == "en_accompagnement"
    ]
    sync_state.mark_inflight(demo_database.engine, [op.op_id])
    sync_state.apply_push_results(
        demo_database.engine,
        [
            {
                "op_id": op.op_id,
                "status": "conflict",
                "version": 3,
                "conflicts": [
                    {
                        "field": "status",
                        "base": "premier_contact",
                        "mine": "en_accompagnement",
                        "theirs": "abandonne",
                        "by": "Paul Grondin (tablette-2)",
                        "at": "2026-03-03T10:00:00+00:00",
                    }
                ],
                "reason": None,
            }
        ],
    )
    app = make_app(demo_database, user="Marie Payet")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        app.push_screen(ConflictsScreen(app.context))
        await wait_until(pilot, lambda: isinstance(app.screen, ConflictsScreen))
        records = app.screen.query_one("#conflict-list", DataTable)
        await wait_until(pilot, lambda: records.row_count > 0)
        record = _cells(records)[0][0]
        fields = _cells(app.screen.query_one("#conflict-fields", DataTable))
    assert record == "Projet d'installation — Hoarau Marie-Claude, Saint-Paul"
    [status] = [row for row in fields if row[0].removeprefix("⚠ ") == "Statut"]
    assert status[1:3] == ["Premier contact", "En accompagnement"]
    assert status[3].startswith("Abandonné (par Paul Grondin (tablette-2), le 03/03/2026")
