"""PagedList: one page of SQL rows at a time, a filter that re-queries, sort, pages, count."""

from __future__ import annotations

from textual.app import App, ComposeResult

from screens.widgets.paged_list import ListColumn, PagedList, PageTable, count_text
from storage.db import Database
from storage.text import search_key
from tests.tui_core_support import DEMO_RECORDS, count, settle, wait_until

#: The fixtures demo_database and frozen_today.
pytest_plugins = ("tests.tui_core_fixtures",)

COLUMNS = (
    ListColumn("professional_name", "Professionnel"),
    ListColumn("commune_name", "Commune"),
    ListColumn("status", "Statut"),
    ListColumn("first_contact_date", "1er contact"),
)


class ListApp(App[None]):
    def __init__(self, database: Database, **options: object) -> None:
        super().__init__()
        self.database = database
        self.options = options
        self.opened: list[str] = []

    def compose(self) -> ComposeResult:
        yield PagedList(self.database.engine, "installation_project", COLUMNS, **self.options)

    def on_paged_list_opened(self, message: PagedList.Opened) -> None:
        self.opened.append(message.record_id)


async def _loaded(pilot, focus_table: bool = False) -> PagedList:  # type: ignore[no-untyped-def]
    """The app's list once its first page is in (its table focused if asked)."""
    await settle(pilot)
    paged = pilot.app.query_one(PagedList)
    if focus_table:
        paged.focus_table()
    return paged


def test_count_text_is_french() -> None:
    assert count_text("installation_project", 1234) == "1\u00a0234 projets"
    assert count_text("installation_project", 1) == "1 projet"
    assert count_text("professional", 0) == "0 professionnel"


async def test_first_page_only_and_the_count(demo_database: Database) -> None:
    app = ListApp(demo_database)
    async with app.run_test(size=(100, 30)) as pilot:
        paged = await _loaded(pilot)
        assert paged.total == DEMO_RECORDS
        assert paged.table.row_count == 50 == len(paged.rows)
        shown = str(paged.query_one("#list-count").render())
        assert shown.startswith("300 projets · lignes 1–50")
        # French cells: a date JJ/MM/AAAA and a status label, not the code.
        first = paged.rows[0]
        cells = [str(cell) for cell in paged.table.get_row(first["id"])]
        assert cells[3] == first["first_contact_date"].strftime("%d/%m/%Y")
        assert "_" not in cells[2]


async def test_typing_in_the_filter_narrows_the_list(demo_database: Database) -> None:
    expected = count(
        demo_database,
        "SELECT count(*) FROM installation_project i JOIN professional p"
        " ON p.id = i.professional_id WHERE p.search_key LIKE '%payet%' AND i.deleted = 0",
    )
    assert 0 < expected < DEMO_RECORDS
    app = ListApp(demo_database)
    async with app.run_test(size=(100, 30)) as pilot:
        paged = await _loaded(pilot)
        paged.filter_input.focus()
        await pilot.press(*"PAYÉT")  # case and accents do not matter
        await wait_until(pilot, lambda: paged.search == "PAYÉT" and paged.total is not None)
        await settle(pilot)
        # The commune or the localité may match too; every row shown does match somewhere.
        assert expected <= paged.total < DEMO_RECORDS
        assert any("Payet" in row["professional_name"] for row in paged.rows)
        assert paged.table.row_count == min(50, paged.total)


async def test_the_latest_search_wins(demo_database: Database) -> None:
    app = ListApp(demo_database)
    async with app.run_test(size=(100, 30)) as pilot:
        paged = await _loaded(pilot)
        for text in ("p", "pa", "pay", "zzzz-nothing", "payet"):
            paged.set_search(text)
        await settle(pilot)
        assert paged.search == "payet"
        assert paged.shown_generation == paged._generation
        assert paged.rows and all(
            "payet" in (row["professional_name"] + (row["localite"] or "")).lower()
            or "payet" in row["commune_name"].lower()
            for row in paged.rows
        )


async def test_pages_follow_each_other(demo_database: Database) -> None:
    app = ListApp(demo_database)
    async with app.run_test(size=(100, 30)) as pilot:
        paged = await _loaded(pilot, focus_table=True)
        first_page = [row["id"] for row in paged.rows]
        await pilot.press("pagedown")
        await settle(pilot)
        assert paged.row_offset == 50
        second_page = [row["id"] for row in paged.rows]
        assert not set(first_page) & set(second_page)
        assert str(paged.query_one("#list-count").render()).startswith(
            "300 projets · lignes 51–100"
        )
        await pilot.press("pageup")
        await settle(pilot)
        assert [row["id"] for row in paged.rows] == first_page
        # ↓ on the last row of a page brings the next page, cursor on its first row.
        paged.table.move_cursor(row=49)
        await pilot.press("down")
        await settle(pilot)
        assert paged.row_offset == 50 and paged.table.cursor_row == 0
        # ↑ on its first row goes back, cursor on the last row.
        await pilot.press("up")
        await settle(pilot)
        assert paged.row_offset == 0 and paged.table.cursor_row == 49


async def test_sort_by_key_and_by_header_click(demo_database: Database) -> None:
    app = ListApp(demo_database)
    async with app.run_test(size=(100, 30)) as pilot:
        paged = await _loaded(pilot, focus_table=True)
        await pilot.press("s")  # next sortable column after the default (1er contact)
        await settle(pilot)
        assert paged.sort == "professional_name"
        names = [row["professional_name"] for row in paged.rows]
        assert names == sorted(names, key=search_key)  # French order: accents and case aside
        await pilot.press("S")
        await settle(pilot)
        assert paged.descending
        names = [row["professional_name"] for row in paged.rows]
        assert names == sorted(names, key=search_key, reverse=True)
        # A click on the "Commune" header sorts on it (the mouse works too).
        await pilot.click(PageTable, offset=(_column_x(paged, "commune_name") + 2, 0))
        await settle(pilot)
        assert paged.sort == "commune_name"
        communes = [row["commune_name"] for row in paged.rows]
        assert communes == sorted(communes, key=search_key)


def _column_x(paged: PagedList, key: str) -> int:
    x = 0
    for column in paged.table.ordered_columns:
        if column.key.value == key:
            return x
        x += column.get_render_width(paged.table)
    raise KeyError(key)


async def test_enter_opens_the_row(demo_database: Database) -> None:
    app = ListApp(demo_database)
    async with app.run_test(size=(100, 30)) as pilot:
        paged = await _loaded(pilot, focus_table=True)
        await pilot.press("down", "enter")
        await pilot.pause()
        assert app.opened == [paged.rows[1]["id"]]


async def test_filters_from_the_screen(demo_database: Database) -> None:
    expected = count(
        demo_database,
        "SELECT count(*) FROM installation_project WHERE status = 'installe' AND deleted = 0",
    )
    app = ListApp(demo_database)
    async with app.run_test(size=(100, 30)) as pilot:
        paged = await _loaded(pilot)
        paged.set_filters(status="installe")
        await settle(pilot)
        assert paged.total == expected
        assert {row["status"] for row in paged.rows} == {"installe"}
        paged.set_filters(status=None)
        await settle(pilot)
        assert paged.total == DEMO_RECORDS
