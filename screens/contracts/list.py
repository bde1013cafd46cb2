"""Aides et contrats (key 4): CESP, PTMG, CDE and other aids, with their computed ends.

The line on top counts the running CESP, PTMG and CDE and those ending within six months
(:func:`storage.contract_queries.contract_counts`, in a thread worker). The list is a
:class:`~screens.widgets.paged_list.PagedList` of ``aid_contract``: its "Fin" column is the end
computed by the rules in SQL, so it sorts and pages on 100,000 records. Filters: the text box
(professional's name), the type, and "Fin dans les 6 mois". Entrée opens the page of the aid;
``n`` creates one of the type chosen in the filter, or asks for the type when none is chosen.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Header, OptionList, Select, Static
from textual.widgets.option_list import Option

from screens.base import BaseScreen
from screens.section import today
from screens.widgets.footer import AppFooter
from screens.widgets.paged_list import ListColumn, PagedList
from screens.widgets.status_bar import StatusBar
from screens.workers import work
from storage import fr

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from screens.context import ScreenContext
    from storage.contract_queries import ContractCounts
    from storage.queries import ListRequest, Page

ENTITY = "aid_contract"


def _kind(value: Any, _row: Any) -> str:
    return fr.AID_KIND_SHORT.get(value, str(value))


COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("professional_name", fr.SECTION_COLUMNS["professional_name"], width=22),
    ListColumn("kind", fr.SECTION_COLUMNS["kind"], width=12, format=_kind),
    ListColumn("status", fr.SECTION_COLUMNS["status"], width=19, essential=True),
    ListColumn("start_date", fr.SECTION_COLUMNS["start_date"], width=10),
    ListColumn("commitment_end", fr.SECTION_COLUMNS["commitment_end"], width=10),
    ListColumn(
        "amount_cents",
        fr.SECTION_COLUMNS["amount_cents"],
        width=12,
        justify="right",
        essential=True,
    ),
)


def contracts_fetch(ending_after: date | None) -> Callable[[Connection, ListRequest], Any]:
    """The list's fetch: aids without an end listed last; with ``ending_after``, only the running
    contracts that end within six months of that day."""

    def fetch(connection: Connection, request: ListRequest) -> Page:
        from storage.contract_queries import ending_soon_conditions
        from storage.queries import list_page_where

        conditions = [] if ending_after is None else ending_soon_conditions(ending_after)
        return list_page_where(connection, request, conditions, nulls_last=True)

    return fetch


def summary_text(counts: ContractCounts) -> str:
    return fr.CONTRACTS_SUMMARY.format(
        cesp=fr.format_int(counts.running["cesp"]),
        ptmg=fr.format_int(counts.running["ptmg"]),
        cde=fr.format_int(counts.running["cde"]),
        ending=fr.format_int(counts.total_ending_soon),
    )


class KindChoiceDialog(ModalScreen[str | None]):
    """ "Quel type d'aide ?": the kinds in the filter's order; Entrée chooses, Échap cancels."""

    DEFAULT_CSS = """
    KindChoiceDialog {
        align: center middle;
    }
    KindChoiceDialog #kind-panel {
        width: 50;
        max-width: 100%;
        height: auto;
        border: round $accent;
        background: $surface;
        padding: 0 1;
    }
    KindChoiceDialog OptionList {
        height: auto;
        max-height: 14;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", fr.BINDING_CANCEL, id="kind.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="kind-panel") as panel:
            panel.border_title = fr.CONTRACTS_CHOOSE_KIND
            kinds = fr.CHOICES["aid_contract.kind"].items()
            yield OptionList(*(Option(label, id=code) for code, label in kinds))

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.highlighted = 0
        options.focus()

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option.id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ContractsScreen(BaseScreen):
    """The section "Aides et contrats"."""

    DEFAULT_CSS = """
    ContractsScreen #contracts-summary {
        height: auto;
        padding: 0 1;
        color: $accent;
    }
    ContractsScreen #contracts-filters {
        height: auto;
    }
    ContractsScreen #filter-kind {
        width: 30;
    }
    ContractsScreen #filter-ending {
        width: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", fr.BINDING_NEW, id="contracts.new"),
        Binding("x", "clear_filters", fr.BINDING_CLEAR_FILTERS, id="contracts.clear"),
    ]

    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.context = context
        #: The last figures of the line on top (tests read them).
        self.counts: ContractCounts | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(fr.LIST_LOADING, id="contracts-summary")
        with Horizontal(id="contracts-filters"):
            kinds = [(label, code) for code, label in fr.CHOICES["aid_contract.kind"].items()]
            yield Select(kinds, prompt=fr.CONTRACTS_ANY_KIND, id="filter-kind")
            yield Checkbox(fr.CONTRACTS_ENDING_FILTER, id="filter-ending")
        yield PagedList(
            self.context.engine,
            ENTITY,
            COLUMNS,
            sort="commitment_end",
            fetch=contracts_fetch(None),
            id="contracts-list",
        )
        yield StatusBar()
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = fr.CONTRACTS_TITLE
        self.list.focus_table()  # section keys (1-9) work at once; / goes to the filter
        self._load_counts(today())

    @property
    def list(self) -> PagedList:
        return self.query_one(PagedList)

    @work(thread=True, exclusive=True, group="contracts-counts", retry=True)
    def _load_counts(self, on_day: date) -> None:
        from storage.contract_queries import contract_counts
        from storage.db import read_connection

        try:
            with read_connection(self.context.engine) as connection:
                counts = contract_counts(connection, on_day)
        except Exception as error:  # shown, never fatal; no values in it
            reason = fr.LIST_FAILED.format(reason=type(error).__name__)
            self.app.call_from_thread(self._show_counts, None, reason)
        else:
            self.app.call_from_thread(self._show_counts, counts, None)

    def _show_counts(self, counts: ContractCounts | None, failure: str | None) -> None:
        self.counts = counts
        line = self.query_one("#contracts-summary", Static)
        line.update(Text(failure) if counts is None else Text(summary_text(counts)))

    # --- filters -------------------------------------------------------------------------------

    @on(Select.Changed, "#filter-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        event.stop()
        value: Any = event.value
        self.list.set_filters(kind=None if value is Select.NULL else value)

    @on(Checkbox.Changed, "#filter-ending")
    def _ending_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.list.fetch = contracts_fetch(today() if event.value else None)
        self.list.reload()

    def action_clear_filters(self) -> None:
        self.query_one("#filter-kind", Select).clear()
        self.query_one("#filter-ending", Checkbox).value = False
        paged = self.list
        paged.filter_input.value = ""
        paged.filters.clear()
        paged.search = ""
        paged.fetch = contracts_fetch(None)
        paged.reload()

    # --- records -------------------------------------------------------------------------------

    @on(PagedList.Opened)
    def _open(self, event: PagedList.Opened) -> None:
        event.stop()
        self._show_record(event.record_id)

    def _show_record(self, record_id: str) -> None:
        from screens.contracts.record import ContractRecordScreen

        self.app.push_screen(ContractRecordScreen(self.context, record_id), self._back)

    def _back(self, _result: object = None) -> None:
        self.list.reload(keep_offset=True)
        self._load_counts(today())

    def action_new(self) -> None:
        from screens.contracts.form import ContractForm

        kind: Any = self.query_one("#filter-kind", Select).value
        if kind is Select.NULL:  # ask, rather than refuse: the user wants a new aid
            self.app.push_screen(KindChoiceDialog(), self._new_of_kind)
            return
        self.app.push_screen(ContractForm(self.context, kind), self._created)

    def _new_of_kind(self, kind: str | None) -> None:
        from screens.contracts.form import ContractForm

        if kind is not None:
            self.app.push_screen(ContractForm(self.context, kind), self._created)

    def _created(self, record_id: str | None) -> None:
        if record_id is not None:
            self._back()
            self._show_record(record_id)
