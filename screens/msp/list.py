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
from textual.containers import Horizontal
from textual.widgets import Checkbox, DataTable, Select, Static, TabbedContent, TabPane

from screens import text as tx
from screens.section import SectionScreen, SectionSpec, fill_table, list_columns, number_cell
from screens.widgets.formatting import format_money, format_value
from screens.widgets.paged_list import Fetch, PagedList
from storage import vocabulary as voc

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from screens.context import ScreenContext
    from screens.section import SummaryReader
    from storage.msp_queries import FundingTotal, MspVacancy
    from storage.queries import ListRequest, Page

ENTITY = "msp_project"


def vacancies_text(value: Any, row: Any) -> str:
    """The "Vacants" cell: the unfilled posts of an opened MSP ("⚠ 3"), "—" before it opens."""
    from storage.msp_queries import is_opened

    if not is_opened(row.get("status"), row.get("opening_date")):
        return tx.EMPTY_VALUE
    return tx.MSP_VACANT_CELL.format(count=voc.format_int(value)) if value else "0"


def name_text(value: Any, row: Any) -> str:
    """The name, with "(centre de santé)" after a centre's: never taken for an MSP."""
    if row.get("kind") == "centre_sante":
        return tx.MSP_KIND_IN_NAME.format(name=value or "")
    return str(value or "")


COLUMNS = list_columns(
    tx.SECTION_COLUMNS,
    "name:28 status:22 opening_date:10 unfilled_posts:7",
    right=("unfilled_posts",),
    formats={"name": name_text, "unfilled_posts": vacancies_text},
)


def vacancies_fetch() -> Callable[[Connection, ListRequest], Any]:
    """A list fetch keeping the opened MSP with unfilled planned posts."""

    def fetch(connection: Connection, request: ListRequest) -> Page:
        from storage.msp_queries import opened_sql, vacancies_sql
        from storage.queries import list_page_where

        return list_page_where(connection, request, [opened_sql(), vacancies_sql() > 0])

    return fetch


class MspScreen(SectionScreen):
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

    SPEC = SectionSpec("msp", ENTITY, tx.MSP_TITLE, "MspRecordScreen", "MspForm")
    SELECT_FILTERS: ClassVar[dict[str, str]] = {"filter-status": "status", "filter-kind": "kind"}
    FETCH_CHECKBOX = "filter-vacancies"

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        #: What the two summary tabs show (tests read them); None until loaded.
        self.vacancies: list[MspVacancy] | None = None
        self.fundings: list[FundingTotal] | None = None

    def compose_section(self) -> ComposeResult:
        with TabbedContent(id="msp-tabs"):
            with TabPane(tx.MSP_TAB_PROJECTS, id="tab-projects"):
                with Horizontal(id="msp-filters"):
                    yield self.status_filter()
                    yield Select(
                        [(label, code) for code, label in tx.MSP_KINDS.items()],
                        prompt=tx.MSP_ANY_KIND,
                        id="filter-kind",
                    )
                    yield Checkbox(tx.MSP_VACANCY_FILTER, id="filter-vacancies")
                yield PagedList(self.context.engine, ENTITY, COLUMNS, id="msp-list")
            with TabPane(tx.MSP_TAB_VACANCIES, id="tab-vacancies"):
                yield Static(tx.LIST_LOADING, id="vacancies-note", classes="msp-note")
                yield DataTable(id="msp-vacancies", cursor_type="row", zebra_stripes=True)
            with TabPane(tx.MSP_TAB_FUNDINGS, id="tab-fundings"):
                yield DataTable(id="msp-fundings", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        self.query_one("#msp-vacancies", DataTable).add_columns(*tx.MSP_VACANCY_COLUMNS)
        self.query_one("#msp-fundings", DataTable).add_columns(*tx.MSP_FUNDING_COLUMNS)

    def list_fetch(self, narrowed: bool) -> Fetch | None:
        return vacancies_fetch() if narrowed else None

    # --- the two summary tabs ------------------------------------------------------------------

    def summary_reader(self) -> SummaryReader:
        from storage.msp_queries import funding_totals, opened_msp_with_vacancies

        return lambda connection: (
            opened_msp_with_vacancies(connection),
            funding_totals(connection),
        )

    def show_summary_failure(self, reason: str) -> None:
        self.query_one("#vacancies-note", Static).update(Text(reason, style="bold red"))

    def show_summary(self, summary: tuple[list[MspVacancy], list[FundingTotal]]) -> None:
        self.vacancies, self.fundings = vacancies, fundings = summary
        note = self.query_one("#vacancies-note", Static)
        if vacancies:
            posts = sum(v.unfilled for v in vacancies)
            note.update(
                Text(
                    tx.MSP_VACANCIES_SUMMARY.format(
                        count=voc.format_int(len(vacancies)), posts=voc.format_int(posts)
                    ),
                    style="bold red",
                )
            )
        else:
            note.update(tx.MSP_NO_VACANCY)
        fill_table(
            self.query_one("#msp-vacancies", DataTable),
            (
                (
                    Text(v.name, overflow="ellipsis", no_wrap=True),
                    format_value(ENTITY, "status", v.status),
                    voc.format_date(v.opening_date),
                    number_cell(voc.format_int(v.planned)),
                    number_cell(voc.format_int(v.present)),
                    Text(voc.format_int(v.unfilled), justify="right", style="bold red"),
                )
                for v in vacancies
            ),
            (v.id for v in vacancies),
        )
        rows: list[tuple[Any, ...]] = [
            (
                format_value("msp_funding", "funder", f.funder),
                number_cell(voc.format_int(f.count)),
                number_cell(format_money(f.amount_cents)),
            )
            for f in fundings
        ]
        rows.append(
            (
                Text(tx.MSP_TOTAL, style="bold"),
                number_cell(voc.format_int(sum(f.count for f in fundings))),
                number_cell(format_money(sum(f.amount_cents for f in fundings))),
            )
        )
        fill_table(
            self.query_one("#msp-fundings", DataTable),
            rows,
            [*(f.funder for f in fundings), "#total"],
        )

    @on(DataTable.RowSelected, "#msp-vacancies")
    def _open_vacancy(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.show_record(event.row_key.value)
