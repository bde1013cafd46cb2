"""Lists at 80×24 keep their key columns; with room, texts are not cut (issue 11)."""

from __future__ import annotations

import pytest
from textual.widgets import DataTable

from ars_tui.app import make_app
from screens.widgets.paged_list import PagedList
from storage.db import Database
from tests.tui_core_support import settle, wait_until

pytest_plugins = ("tests.tui_core_fixtures",)


async def _columns(database: Database, key: str, size: tuple[int, int]) -> dict[str, int]:
    app = make_app(database, user="c.payet")
    async with app.run_test(size=size) as pilot:
        await settle(pilot)
        await pilot.press(key)
        await wait_until(pilot, lambda: bool(app.screen.query(PagedList)))
        paged = app.screen.query_one(PagedList)
        await wait_until(pilot, lambda: paged.table.row_count > 0)
        await settle(pilot)
        table = paged.query_one(DataTable)
        return {str(column.label): column.width for column in table.columns.values()}


@pytest.mark.parametrize(
    ("key", "kept"),
    [("2", "Échéance"), ("3", "Situation"), ("4", "Montant")],
)
async def test_at_80x24_the_key_column_stays(demo_database: Database, key: str, kept: str) -> None:
    columns = await _columns(demo_database, key, (80, 24))
    assert kept in columns
    assert sum(width + 2 for width in columns.values()) <= 80


async def test_with_room_the_headers_are_whole(demo_database: Database) -> None:
    columns = await _columns(demo_database, "2", (160, 40))
    assert columns["1er contact"] >= len("1er contact")
