"""Territoires: find a commune, an EPCI or a département and see what it is and what is there.

Typing in the search field lists the matching territories (accents, case and hyphens ignored;
SQL on the commune's ``search_key``, see :func:`storage.queries.territories.search_territories`).
Moving in the list shows the highlighted one: its zonage class today and its history by arrêté
(number, date d'effet, date de fin), population, EPCI, zone prioritaire, and the records placed
in it (installation projects, MSP, MCS, missions, cabines, CPTS with their size T1-T4).

Both the search and the details run in thread workers; the newest request replaces the one
still running. The day the zonage is read for is :func:`screens.home.today`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from screens import home
from screens import text as tx
from screens.base import BaseScreen
from screens.widgets.footer import AppFooter
from screens.widgets.status_bar import StatusBar
from screens.workers import work
from storage import vocabulary as voc
from storage.queries.territories import SearchHit, Territory, TerritoryDetails

if TYPE_CHECKING:
    from screens.context import ScreenContext


def _option_id(territory: Territory) -> str:
    return f"{territory.level}:{territory.code}"


def hit_label(hit: SearchHit) -> Text:
    """An option of the result list: "Saint-Paul (97415) · 974", "CA du Sud · EPCI",
    "La Réunion · département 974"."""
    territory = hit.territory
    text = Text()
    text.append(territory.name or territory.code, style="bold")
    if territory.level == "commune":
        text.append(f" ({territory.code})")
        text.append(f" · {hit.hint}", style="dim")
    elif territory.level == "epci":
        text.append(f" · {tx.LEVEL_LABELS['epci']}", style="dim")
    else:
        text.append(f" · {tx.LEVEL_LABELS['departement'].lower()} {territory.code}", style="dim")
    return text


def _zoning_notes(details: TerritoryDetails) -> list[RenderableType]:
    """What the class alone does not say: retained by the ARS, or an arrêté of the former ARS
    still applied (Océan Indien, after 2019)."""
    notes: list[RenderableType] = []
    zoning = details.zoning
    if zoning.retained:
        if details.territory.level == "commune":
            notes.append(Text(tx.TERRITORIES_RETAINED_COMMUNE, style="bold"))
        else:
            notes.append(
                Text(tx.TERRITORIES_RETAINED_COUNT.format(count=voc.format_int(zoning.retained)))
            )
    ars_today = details.ars[0] if details.ars is not None else None
    if zoning.order_ars is not None and ars_today is not None and zoning.order_ars != ars_today:
        notes.append(
            Text(tx.TERRITORIES_FORMER_ARS_ORDER.format(ars=zoning.order_ars), style="dim")
        )
    return notes


def _section(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def details_renderable(details: TerritoryDetails) -> RenderableType:
    """Everything shown of one territory, as one Rich renderable."""
    territory = details.territory
    title = Text()
    title.append(f"{tx.LEVEL_LABELS[territory.level]} : ", style="bold")
    title.append(territory.label, style="bold reverse")

    identity = Table.grid(padding=(0, 2))
    identity.add_column(style="bold", no_wrap=True)
    identity.add_column()
    if details.ars:
        identity.add_row(tx.TERRITORIES_ARS, f"{details.ars[1]} ({details.ars[0]})")
    if details.departement and territory.level != "departement":
        identity.add_row(
            tx.TERRITORIES_DEPARTEMENT, f"{details.departement[1]} ({details.departement[0]})"
        )
    if territory.level == "commune":
        epci = details.epci
        identity.add_row(
            tx.TERRITORIES_EPCI, f"{epci[1]} ({epci[0]})" if epci else tx.TERRITORIES_NO_EPCI
        )
    identity.add_row(tx.TERRITORIES_POPULATION, voc.format_int(details.population))
    if territory.level != "commune":
        identity.add_row(tx.TERRITORIES_COMMUNES, voc.format_int(details.commune_count))
    if details.is_priority and territory.level in ("departement",):
        priority = tx.DASH_PRIORITY_SOME.format(
            count=voc.format_int(details.priority_epci),
            population=voc.format_int(details.priority_population),
        )
    else:
        priority = tx.DASH_YES if details.is_priority else tx.DASH_NO
    identity.add_row(tx.DASH_PRIORITY, priority)

    parts: list[RenderableType] = [title, identity]
    parts.append(_section(tx.TERRITORIES_ZONING_TODAY.format(date=voc.format_date(details.today))))
    parts.append(home.zoning_text(details.zoning, territory.level))
    parts.extend(_zoning_notes(details))
    if territory.level != "commune" and details.zoning.order_number is not None:
        parts.append(home.zoning_table(details.zoning))
    elif details.zoning.order_number is not None:
        parts.append(
            Text(
                tx.DASH_ZONING_ORDER.format(
                    number=details.zoning.order_number,
                    date=voc.format_date(details.zoning.order_effective_date),
                ),
                style="dim",
            )
        )

    parts.append(_section(tx.TERRITORIES_HISTORY))
    if details.zoning_history:
        history = Table(box=None, padding=(0, 1), show_edge=False)
        history.add_column(tx.TERRITORIES_ORDER_NUMBER, no_wrap=True)
        history.add_column(tx.TERRITORIES_EFFECTIVE, no_wrap=True)
        history.add_column(tx.TERRITORIES_END, no_wrap=True)
        history.add_column(tx.TERRITORIES_CLASS)
        for row in details.zoning_history:
            if territory.level == "commune":
                classes = " ".join(row.classes)
                if row.retained:
                    classes += f" {tx.TERRITORIES_RETAINED_SHORT}"
            else:
                classes = " · ".join(f"{c} {voc.format_int(n)}" for c, n in row.classes.items())
                if row.retained:
                    classes += " " + tx.TERRITORIES_RETAINED_COUNT.format(
                        count=voc.format_int(row.retained)
                    )
            number = Text(row.number, style="bold" if row.in_force else "")
            if row.ars_code and details.ars is not None and row.ars_code != details.ars[0]:
                number.append(f" ({tx.TERRITORIES_ORDER_OF_ARS.format(ars=row.ars_code)})")
            history.add_row(
                number,
                voc.format_date(row.effective_date),
                voc.format_date(row.end_date),
                Text(classes + (f" ({tx.TERRITORIES_IN_FORCE})" if row.in_force else "")),
            )
        parts.append(history)
    else:
        parts.append(Text(tx.TERRITORIES_NO_HISTORY, style="italic"))

    parts.append(_section(tx.TERRITORIES_WHAT_IS_THERE))
    counts = Table.grid(padding=(0, 2))
    counts.add_column(no_wrap=True)
    counts.add_column(justify="right", no_wrap=True)
    for entity, count in details.counts.items():
        if entity == "centre_sante" and not count:
            continue  # most territories have none: the line says something only when they do
        counts.add_row(tx.TERRITORIES_COUNT_LABELS.get(entity, entity), voc.format_int(count))
    parts.append(counts)
    if details.cpts:
        for cpts in details.cpts:
            if cpts.size is None:
                line = tx.TERRITORIES_CPTS_NO_SIZE.format(name=cpts.name)
            else:
                line = tx.TERRITORIES_CPTS_ROW.format(
                    name=cpts.name,
                    population=voc.format_int(cpts.population_covered or 0),
                    size=cpts.size,
                )
            parts.append(Text(f"  • {line}"))
    return Group(*parts)


class TerritoriesScreen(BaseScreen):
    """Search a territory, see its zonage, population and what is there."""

    SUB_TITLE = tx.TERRITORIES_TITLE
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (100, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+f", "focus_search", tx.TERRITORIES_BINDING_SEARCH, id="territories.search"),
        Binding(
            "slash",
            "focus_search",
            tx.TERRITORIES_BINDING_SEARCH,
            show=False,
            id="territories.slash",
        ),
        Binding(
            "escape",
            "leave_search",
            tx.TERRITORIES_BINDING_LEAVE_SEARCH,
            show=False,
            id="territories.leave_search",
        ),
    ]

    DEFAULT_CSS = """
    TerritoriesScreen #territories-search {
        margin: 1 1 0 1;
    }
    TerritoriesScreen #territories-main {
        height: 1fr;
    }
    TerritoriesScreen #territories-results {
        width: 2fr;
        height: 1fr;
        margin: 0 1;
    }
    TerritoriesScreen #territories-details-box {
        width: 3fr;
        height: 1fr;
        padding: 0 1;
    }
    TerritoriesScreen.-narrow #territories-main {
        layout: vertical;
    }
    TerritoriesScreen.-narrow #territories-search {
        margin: 0;
    }
    TerritoriesScreen.-narrow #territories-results {
        width: 1fr;
        height: 7;
        margin: 0;
    }
    TerritoriesScreen.-narrow #territories-details-box {
        width: 1fr;
    }
    """

    @dataclass
    class HitsLoaded(Message):
        query: str
        hits: list[SearchHit]

    @dataclass
    class DetailsLoaded(Message):
        details: TerritoryDetails

    @dataclass
    class LoadFailed(Message):
        reason: str

    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.context = context
        self._hits: dict[str, SearchHit] = {}
        #: The territory whose details are shown (tests read it).
        self.details: TerritoryDetails | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=tx.TERRITORIES_SEARCH_PLACEHOLDER, id="territories-search")
        with Horizontal(id="territories-main"):
            yield OptionList(id="territories-results")
            with VerticalScroll(id="territories-details-box"):
                yield Static(Text(tx.TERRITORIES_HINT, style="italic"), id="territories-details")
        yield StatusBar()
        yield AppFooter()

    def on_mount(self) -> None:
        # The search box: one comes here to look a territory up (digits then type an INSEE
        # code or a département; Échap or Tab go to the results, where the section keys work).
        self.query_one("#territories-search", Input).focus()
        self._count_pending()

    def action_focus_search(self) -> None:
        self.query_one("#territories-search", Input).focus()

    def action_leave_search(self) -> None:
        """Échap in the search box: to the results, where the section keys (1-9) work."""
        search = self.query_one("#territories-search", Input)
        if not search.has_focus:
            raise SkipAction()
        self.query_one("#territories-results", OptionList).focus()

    @work(thread=True, group="territories-pending", retry=True)
    def _count_pending(self) -> None:
        from storage.sync.progress import sync_status

        try:
            pending = sync_status(self.context.engine).pending
        except Exception:  # the status bar then keeps its "…"
            return
        self.post_message(self._PendingCounted(pending))

    @dataclass
    class _PendingCounted(Message):
        """The edits waiting to be sent, counted as the sync counts them."""

        pending: int

    @on(_PendingCounted)
    def _pending_counted(self, message: _PendingCounted) -> None:
        self.query_one(StatusBar).pending = message.pending

    @on(Input.Changed, "#territories-search")
    def _search_changed(self, event: Input.Changed) -> None:
        self._search(event.value)

    @on(Input.Submitted, "#territories-search")
    def _search_submitted(self) -> None:
        results = self.query_one("#territories-results", OptionList)
        if results.option_count:
            results.focus()

    @work(thread=True, exclusive=True, group="territories-search")
    def _search(self, query: str) -> None:
        from storage.db import read_connection
        from storage.queries.territories import search_territories

        try:
            with read_connection(self.context.engine) as connection:
                hits = search_territories(connection, query)
        except Exception as error:  # any failure must reach the user, not kill the app
            self.post_message(self.LoadFailed(type(error).__name__))
            return
        self.post_message(self.HitsLoaded(query, hits))

    @on(HitsLoaded)
    def _show_hits(self, message: HitsLoaded) -> None:
        if message.query != self.query_one("#territories-search", Input).value:
            return  # the user has typed more since
        results = self.query_one("#territories-results", OptionList)
        results.clear_options()
        self._hits = {_option_id(hit.territory): hit for hit in message.hits}
        results.add_options(
            [Option(hit_label(hit), id=_option_id(hit.territory)) for hit in message.hits]
        )
        details = self.query_one("#territories-details", Static)
        if not message.hits and message.query.strip():
            details.update(Text(tx.TERRITORIES_NO_RESULT.format(query=message.query.strip())))
        elif message.hits:
            results.highlighted = 0

    @on(OptionList.OptionHighlighted, "#territories-results")
    def _hit_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        hit = self._hits.get(event.option.id or "")
        if hit is not None:
            self._load_details(hit.territory)

    @work(thread=True, exclusive=True, group="territories-details")
    def _load_details(self, territory: Territory) -> None:
        from storage.db import read_connection
        from storage.queries.territories import territory_details

        try:
            with read_connection(self.context.engine) as connection:
                details = territory_details(connection, territory, home.today())
        except Exception as error:  # any failure must reach the user, not kill the app
            self.post_message(self.LoadFailed(type(error).__name__))
            return
        self.post_message(self.DetailsLoaded(details))

    @on(DetailsLoaded)
    def _show_details(self, message: DetailsLoaded) -> None:
        self.details = message.details
        self.query_one("#territories-details", Static).update(details_renderable(message.details))

    @on(LoadFailed)
    def _show_failure(self, message: LoadFailed) -> None:
        self.query_one("#territories-details", Static).update(
            Text(tx.TERRITORIES_LOAD_FAILED.format(reason=message.reason), style="bold red")
        )
