"""SAMU / MCS (key 6): the médecins correspondants du SAMU and the 30-minute coverage.

Three tabs:

- *MCS*: a :class:`~screens.widgets.paged_list.PagedList` of ``mcs`` with the date of each one's
  last training. Filters: the text box (name), the status, and "Recyclage dû" (active MCS whose
  last training is more than 12 months old, or who have none).
- *Couverture 30 min*: per territory (ARS, département or commune), the population beyond 30
  minutes from urgent care (the latest measure of each place), the part the MCS bring under 30
  minutes, what remains, the active MCS serving it (each counted once) and how many of them are
  due for their refresher (:func:`storage.samu_queries.coverage_by_territory`).
- *Recyclage dû*: the active MCS due for their yearly refresher, the longest overdue first.

Entrée opens an MCS's page; ``n`` creates an MCS.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox, DataTable, Select, Static, TabbedContent, TabPane

from screens import text as tx
from screens.section import SectionScreen, SectionSpec, fill_table, list_columns, number_cell, today
from screens.widgets.paged_list import Fetch, PagedList
from storage import vocabulary as voc

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from screens.context import ScreenContext
    from screens.section import SummaryReader
    from storage.queries import ListRequest, Page
    from storage.samu_queries import CoverageRow, McsDue

ENTITY = "mcs"
#: The territory level the coverage tab opens on.
DEFAULT_LEVEL = "commune"

COLUMNS = list_columns(
    tx.SECTION_COLUMNS,
    "professional_name:20 samu_attachment:16 status:12 convention_date:10 last_training:10",
)


def due_fetch(on_day: date) -> Callable[[Connection, ListRequest], Any]:
    """A list fetch keeping the active MCS due for their yearly refresher on ``on_day``."""

    def fetch(connection: Connection, request: ListRequest) -> Page:
        from storage.queries import list_page_where
        from storage.samu_queries import refresher_due_sql

        return list_page_where(connection, request, [refresher_due_sql(on_day)])

    return fetch


def coverage_cells(row: CoverageRow) -> tuple[Any, ...]:
    """One territory's line of the coverage table."""
    still = Text(
        voc.format_int(row.still_beyond),
        justify="right",
        style="bold red" if row.still_beyond else "",
    )
    due = Text(voc.format_int(row.mcs_due), justify="right", style="bold" if row.mcs_due else "")
    return (
        Text(row.name, overflow="ellipsis", no_wrap=True),
        number_cell(voc.format_int(row.places)),
        number_cell(voc.format_int(row.population_beyond_30min)),
        number_cell(voc.format_int(row.population_covered_by_mcs)),
        still,
        number_cell(voc.format_int(row.active_mcs)),
        due,
    )


class McsScreen(SectionScreen):
    """The section "SAMU / MCS": the médecins correspondants du SAMU (``mcs`` records)."""

    DEFAULT_CSS = """
    McsScreen #samu-tabs {
        height: 1fr;
    }
    McsScreen TabPane {
        padding: 0;
        height: 1fr;
    }
    McsScreen .samu-filters {
        height: auto;
    }
    McsScreen #filter-status {
        width: 30;
    }
    McsScreen #filter-due, McsScreen #coverage-level {
        width: auto;
    }
    McsScreen #coverage-level {
        width: 30;
    }
    McsScreen .samu-note {
        height: auto;
        padding: 0 1;
    }
    McsScreen #samu-coverage, McsScreen #samu-due {
        height: 1fr;
    }
    """

    SPEC = SectionSpec("samu", ENTITY, tx.SAMU_TITLE, "McsRecordScreen", "McsForm")
    SELECT_FILTERS: ClassVar[dict[str, str]] = {"filter-status": "status"}
    FETCH_CHECKBOX = "filter-due"

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        #: What the coverage and refresher tabs show (tests read them); None until loaded.
        self.coverage: list[CoverageRow] | None = None
        self.due: list[McsDue] | None = None
        self.level = DEFAULT_LEVEL

    def compose_section(self) -> ComposeResult:
        with TabbedContent(id="samu-tabs"):
            with TabPane(tx.SAMU_TAB_MCS, id="tab-mcs"):
                with Horizontal(classes="samu-filters"):
                    yield self.status_filter()
                    yield Checkbox(tx.SAMU_DUE_FILTER, id="filter-due")
                yield PagedList(self.context.engine, ENTITY, COLUMNS, id="samu-list")
            with TabPane(tx.SAMU_TAB_COVERAGE, id="tab-coverage"):
                levels = [(label, code) for code, label in tx.SAMU_LEVELS.items()]
                yield Select(levels, value=DEFAULT_LEVEL, allow_blank=False, id="coverage-level")
                yield Static(tx.LIST_LOADING, id="coverage-note", classes="samu-note")
                yield DataTable(id="samu-coverage", cursor_type="row", zebra_stripes=True)
            with TabPane(tx.SAMU_TAB_DUE, id="tab-due"):
                yield Static(tx.LIST_LOADING, id="due-note", classes="samu-note")
                yield DataTable(id="samu-due", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        coverage = self.query_one("#samu-coverage", DataTable)
        coverage.add_columns(*tx.SAMU_COVERAGE_COLUMNS)
        coverage.tooltip = tx.SAMU_COVERAGE_LEGEND
        self.query_one("#samu-due", DataTable).add_columns(*tx.SAMU_DUE_COLUMNS)

    def list_fetch(self, narrowed: bool) -> Fetch | None:
        return due_fetch(today()) if narrowed else None

    # --- coverage and refreshers ---------------------------------------------------------------

    def summary_reader(self) -> SummaryReader:
        from storage.samu_queries import coverage_by_territory, mcs_due_for_refresher

        level: Any = self.level
        on_day = today()
        return lambda connection: (
            coverage_by_territory(connection, level, today=on_day),
            mcs_due_for_refresher(connection, on_day),
        )

    def show_summary_failure(self, reason: str) -> None:
        for note in ("#coverage-note", "#due-note"):
            self.query_one(note, Static).update(Text(reason, style="bold red"))

    def show_summary(self, summary: tuple[list[CoverageRow], list[McsDue]]) -> None:
        self.coverage, self.due = coverage, due = summary
        beyond = sum(row.population_beyond_30min for row in coverage)
        still = sum(row.still_beyond for row in coverage)
        self.query_one("#coverage-note", Static).update(
            tx.SAMU_COVERAGE_TOTAL.format(
                beyond=voc.format_int(beyond), still=voc.format_int(still)
            )
            if coverage
            else tx.SAMU_COVERAGE_NONE
        )
        fill_table(
            self.query_one("#samu-coverage", DataTable),
            (coverage_cells(row) for row in coverage),
            (row.code for row in coverage),
        )
        self.query_one("#due-note", Static).update(
            tx.SAMU_DUE_NONE if not due else Text(f"{voc.format_int(len(due))} MCS", style="bold")
        )
        fill_table(
            self.query_one("#samu-due", DataTable),
            (
                (
                    Text(m.professional_name, overflow="ellipsis", no_wrap=True),
                    Text(m.samu_attachment, overflow="ellipsis", no_wrap=True),
                    voc.format_date(m.last_training) if m.last_training else tx.SAMU_NEVER_TRAINED,
                    voc.format_date(m.due_since) if m.due_since else tx.EMPTY_VALUE,
                )
                for m in due
            ),
            (m.id for m in due),
        )

    @on(Select.Changed, "#coverage-level")
    def _level_changed(self, event: Select.Changed) -> None:
        event.stop()
        value: Any = event.value
        if value is not Select.NULL and value != self.level:
            self.level = value
            self.load_summary()

    @on(DataTable.RowSelected, "#samu-due")
    def _open_due(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.show_record(event.row_key.value)
