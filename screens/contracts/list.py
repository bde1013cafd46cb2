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
from textual.screen import ModalScreen, Screen
from textual.widgets import Checkbox, OptionList, Select, Static
from textual.widgets.option_list import Option

from screens import text as tx
from screens.section import SectionScreen, SectionSpec, list_columns, today
from screens.widgets.paged_list import Fetch, PagedList
from storage import vocabulary as voc

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from screens.context import ScreenContext
    from screens.section import SummaryReader
    from storage.contract_queries import ContractCounts
    from storage.queries import ListRequest, Page

ENTITY = "aid_contract"


def _kind(value: Any, _row: Any) -> str:
    return voc.AID_KIND_SHORT.get(value, str(value))


COLUMNS = list_columns(
    tx.SECTION_COLUMNS,
    "professional_name:22 kind:12 status:19 start_date:10 commitment_end:10 amount_cents:12",
    right=("amount_cents",),
    essential=("status", "amount_cents"),
    formats={"kind": _kind},
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
    return tx.CONTRACTS_SUMMARY.format(
        cesp=voc.format_int(counts.running["cesp"]),
        ptmg=voc.format_int(counts.running["ptmg"]),
        cde=voc.format_int(counts.running["cde"]),
        ending=voc.format_int(counts.total_ending_soon),
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
        Binding("escape", "cancel", tx.BINDING_CANCEL, id="kind.cancel"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="kind-panel") as panel:
            panel.border_title = tx.CONTRACTS_CHOOSE_KIND
            kinds = voc.CHOICES["aid_contract.kind"].items()
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


class ContractsScreen(SectionScreen):
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

    SPEC = SectionSpec(
        "contracts", ENTITY, tx.CONTRACTS_TITLE, "ContractRecordScreen", "ContractForm"
    )
    SELECT_FILTERS: ClassVar[dict[str, str]] = {"filter-kind": "kind"}
    FETCH_CHECKBOX = "filter-ending"

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        #: The last figures of the line on top (tests read them).
        self.counts: ContractCounts | None = None

    def compose_section(self) -> ComposeResult:
        yield Static(tx.LIST_LOADING, id="contracts-summary")
        with Horizontal(id="contracts-filters"):
            kinds = [(label, code) for code, label in voc.CHOICES["aid_contract.kind"].items()]
            yield Select(kinds, prompt=tx.CONTRACTS_ANY_KIND, id="filter-kind")
            yield Checkbox(tx.CONTRACTS_ENDING_FILTER, id="filter-ending")
        yield PagedList(
            self.context.engine,
            ENTITY,
            COLUMNS,
            sort="commitment_end",
            fetch=self.list_fetch(False),
            id="contracts-list",
        )

    def list_fetch(self, narrowed: bool) -> Fetch:
        return contracts_fetch(today() if narrowed else None)

    # --- the line on top -----------------------------------------------------------------------

    def summary_reader(self) -> SummaryReader:
        from storage.contract_queries import contract_counts

        on_day = today()
        return lambda connection: contract_counts(connection, on_day)

    def show_summary(self, summary: ContractCounts) -> None:
        self.counts = summary
        self.query_one("#contracts-summary", Static).update(Text(summary_text(summary)))

    def show_summary_failure(self, reason: str) -> None:
        self.counts = None
        self.query_one("#contracts-summary", Static).update(Text(reason))

    # --- a new aid: of the type chosen in the filter, else asked -------------------------------

    def new_form(self) -> Screen[Any] | None:
        kind: Any = self.query_one("#filter-kind", Select).value
        if kind is Select.NULL:  # ask, rather than refuse: the user wants a new aid
            self.app.push_screen(KindChoiceDialog(), self._new_of_kind)
            return None
        return self.section_screen("form")(self.context, kind)

    def _new_of_kind(self, kind: str | None) -> None:
        if kind is not None:
            self.app.push_screen(self.section_screen("form")(self.context, kind), self.created)
