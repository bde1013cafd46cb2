"""MSP (key 5): the projets de MSP, the opened ones with empty offices, the fundings.

Three tabs:

- *Projets*: a :class:`~screens.widgets.paged_list.PagedList` of ``msp_project`` with, for an
  opened MSP, its unfilled planned posts ("Vacants", in red when not 0; "—" for an MSP not open
  yet, which has nobody present by nature). Filters: the text box (name, porteur), the status,
  the kind (MSP or centre de santé: a centre's name says "(centre de santé)"), and
  "Ouvertes avec postes vacants".
- *Postes vacants*: every opened MSP with unfilled planned posts, the most unfilled first
  (:func:`storage.msp_queries.opened_msp_with_vacancies`): the "maisons de santé vides".
- *Financements*: the amounts decided, by funder, and their total.

Entrée opens an MSP's page (sites, staffing, fundings); ``n`` creates a project.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import (
    Checkbox,
    DataTable,
    Header,
    Select,
    Static,
    TabbedContent,
    TabPane,
)

from screens.base import BaseScreen
from screens.section import fill_table, number_cell
from screens.widgets.footer import AppFooter
from screens.widgets.formatting import format_money, format_value
from screens.widgets.paged_list import ListColumn, PagedList
from screens.widgets.status_bar import StatusBar
from screens.workers import work
from storage import fr

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from screens.context import ScreenContext
    from storage.msp_queries import FundingTotal, MspVacancy
    from storage.queries import ListRequest, Page

ENTITY = "msp_project"


def vacancies_text(value: Any, row: Any) -> str:
    """The "Vacants" cell: the unfilled posts of an opened MSP ("⚠ 3"), "—" before it opens."""
    from storage.msp_queries import is_opened

    if not is_opened(row.get("status"), row.get("opening_date")):
        return fr.EMPTY_VALUE
    return fr.MSP_VACANT_CELL.format(count=fr.format_int(value)) if value else "0"


def name_text(value: Any, row: Any) -> str:
    """The name, with "(centre de santé)" after a centre's: never taken for an MSP."""
    if row.get("kind") == "centre_sante":
        return fr.MSP_KIND_IN_NAME.format(name=value or "")
    return str(value or "")


COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("name", fr.SECTION_COLUMNS["name"], width=28, format=name_text),
    ListColumn("status", fr.SECTION_COLUMNS["status"], width=22),
    ListColumn("opening_date", fr.SECTION_COLUMNS["opening_date"], width=10),
    ListColumn(
        "unfilled_posts",
        fr.SECTION_COLUMNS["unfilled_posts"],
        width=7,
        justify="right",
        format=vacancies_text,
    ),
)


def vacancies_fetch() -> Callable[[Connection, ListRequest], Any]:
    """A list fetch keeping the opened MSP with unfilled planned posts."""

    def fetch(connection: Connection, request: ListRequest) -> Page:
        from storage.msp_queries import opened_sql, vacancies_sql
        from storage.queries import list_page_where

        return list_page_where(connection, request, [opened_sql(), vacancies_sql() > 0])

    return fetch


def status_options() -> list[tuple[str, str]]:
    from storage.workflows import workflow_for

    workflow = workflow_for(ENTITY, {})
    return [(state.label, code) for code, state in workflow.states.items()]


class MspScreen(BaseScreen):
    """The section "MSP"."""

    DEFAULT_CSS = """
    MspScreen #msp-filters {
        height: auto;
    }
    MspScreen #filter-status {
        width: 36;
    }
    MspScreen #filter-kind {
        width: 26;
    }
    MspScreen #filter-vacancies {
        width: auto;
    }
    MspScreen .msp-note {
        height: auto;
        padding: 0 1;
    }
    MspScreen #msp-tabs {
        height: 1fr;
    }
    MspScreen TabPane {
        padding: 0;
        height: 1fr;
    }
    MspScreen #msp-vacancies, MspScreen #msp-fundings {
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", fr.BINDING_NEW, id="msp.new"),
        Binding("x", "clear_filters", fr.BINDING_CLEAR_FILTERS, id="msp.clear"),
    ]

    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.context = context
        #: What the two summary tabs show (tests read them); None until loaded.
        self.vacancies: list[MspVacancy] | None = None
        self.fundings: list[FundingTotal] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="msp-tabs"):
            with TabPane(fr.MSP_TAB_PROJECTS, id="tab-projects"):
                with Horizontal(id="msp-filters"):
                    yield Select(status_options(), prompt=fr.LIST_ANY_STATUS, id="filter-status")
                    yield Select(
                        [(label, code) for code, label in fr.MSP_KINDS.items()],
                        prompt=fr.MSP_ANY_KIND,
                        id="filter-kind",
                    )
                    yield Checkbox(fr.MSP_VACANCY_FILTER, id="filter-vacancies")
                yield PagedList(self.context.engine, ENTITY, COLUMNS, id="msp-list")
            with TabPane(fr.MSP_TAB_VACANCIES, id="tab-vacancies"):
                yield Static(fr.LIST_LOADING, id="vacancies-note", classes="msp-note")
                yield DataTable(id="msp-vacancies", cursor_type="row", zebra_stripes=True)
            with TabPane(fr.MSP_TAB_FUNDINGS, id="tab-fundings"):
                yield DataTable(id="msp-fundings", cursor_type="row", zebra_stripes=True)
        yield StatusBar()
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = fr.MSP_TITLE
        self.query_one("#msp-vacancies", DataTable).add_columns(*fr.MSP_VACANCY_COLUMNS)
        self.query_one("#msp-fundings", DataTable).add_columns(*fr.MSP_FUNDING_COLUMNS)
        self.list.focus_table()  # section keys (1-9) work at once; / goes to the filter
        self._load_summaries()

    @property
    def list(self) -> PagedList:
        return self.query_one(PagedList)

    # --- the two summary tabs ------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="msp-summaries", retry=True)
    def _load_summaries(self) -> None:
        from storage.db import read_connection
        from storage.msp_queries import funding_totals, opened_msp_with_vacancies

        try:
            with read_connection(self.context.engine) as connection:
                vacancies = opened_msp_with_vacancies(connection)
                fundings = funding_totals(connection)
        except Exception as error:  # shown, never fatal; no values in it
            reason = fr.LIST_FAILED.format(reason=type(error).__name__)
            self.app.call_from_thread(self._show_failure, reason)
        else:
            self.app.call_from_thread(self._show_summaries, vacancies, fundings)

    def _show_failure(self, reason: str) -> None:
        self.query_one("#vacancies-note", Static).update(Text(reason, style="bold red"))

    def _show_summaries(self, vacancies: list[MspVacancy], fundings: list[FundingTotal]) -> None:
        self.vacancies, self.fundings = vacancies, fundings
        note = self.query_one("#vacancies-note", Static)
        if vacancies:
            posts = sum(v.unfilled for v in vacancies)
            note.update(
                Text(
                    fr.MSP_VACANCIES_SUMMARY.format(
                        count=fr.format_int(len(vacancies)), posts=fr.format_int(posts)
                    ),
                    style="bold red",
                )
            )
        else:
            note.update(fr.MSP_NO_VACANCY)
        fill_table(
            self.query_one("#msp-vacancies", DataTable),
            (
                (
                    Text(v.name, overflow="ellipsis", no_wrap=True),
                    format_value(ENTITY, "status", v.status),
                    fr.format_date(v.opening_date),
                    number_cell(fr.format_int(v.planned)),
                    number_cell(fr.format_int(v.present)),
                    Text(fr.format_int(v.unfilled), justify="right", style="bold red"),
                )
                for v in vacancies
            ),
            (v.id for v in vacancies),
        )
        rows: list[tuple[Any, ...]] = [
            (
                format_value("msp_funding", "funder", f.funder),
                number_cell(fr.format_int(f.count)),
                number_cell(format_money(f.amount_cents)),
            )
            for f in fundings
        ]
        rows.append(
            (
                Text(fr.MSP_TOTAL, style="bold"),
                number_cell(fr.format_int(sum(f.count for f in fundings))),
                number_cell(format_money(sum(f.amount_cents for f in fundings))),
            )
        )
        fill_table(
            self.query_one("#msp-fundings", DataTable),
            rows,
            [*(f.funder for f in fundings), "#total"],
        )

    # --- filters -------------------------------------------------------------------------------

    @on(Select.Changed, "#filter-status")
    def _status_changed(self, event: Select.Changed) -> None:
        event.stop()
        value: Any = event.value
        self.list.set_filters(status=None if value is Select.NULL else value)

    @on(Select.Changed, "#filter-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        event.stop()
        value: Any = event.value
        self.list.set_filters(kind=None if value is Select.NULL else value)

    @on(Checkbox.Changed, "#filter-vacancies")
    def _vacancies_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.list.fetch = vacancies_fetch() if event.value else None
        self.list.reload()

    def action_clear_filters(self) -> None:
        self.query_one("#filter-status", Select).clear()
        self.query_one("#filter-kind", Select).clear()
        self.query_one("#filter-vacancies", Checkbox).value = False
        paged = self.list
        paged.filter_input.value = ""
        paged.filters.clear()
        paged.search = ""
        paged.fetch = None
        paged.reload()

    # --- records -------------------------------------------------------------------------------

    @on(PagedList.Opened)
    def _open(self, event: PagedList.Opened) -> None:
        event.stop()
        self.show_record(event.record_id)

    @on(DataTable.RowSelected, "#msp-vacancies")
    def _open_vacancy(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.show_record(event.row_key.value)

    def show_record(self, record_id: str) -> None:
        from screens.msp.record import MspRecordScreen

        self.app.push_screen(MspRecordScreen(self.context, record_id), self._back)

    def _back(self, _result: object = None) -> None:
        self.list.reload(keep_offset=True)
        self._load_summaries()

    def action_new(self) -> None:
        from screens.msp.form import MspForm

        self.app.push_screen(MspForm(self.context), self._created)

    def _created(self, record_id: str | None) -> None:
        if record_id is not None:
            self._back()
            self.show_record(record_id)
