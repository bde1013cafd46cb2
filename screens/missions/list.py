"""Missions (key 7): zones prioritaires and the missions de solidarité territoriale in them.

Two tabs:

- *Zones prioritaires*: per zone (an EPCI of the official list), the missions, the days planned
  and done, and the indemnities: days done x 200 €, and what is still to pay (missions done and
  not yet indemnified) (:func:`storage.mission_queries.zone_totals`), with a total line. Entrée
  on a zone lists its missions.
- *Missions*: a :class:`~screens.widgets.paged_list.PagedList` of ``solidarity_mission`` with
  each mission's indemnity. Filters: the text box (doctor, place), the zone, the status.

Entrée opens a mission's page; ``n`` creates a mission in the zone chosen in the filter.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Select, Static, TabbedContent, TabPane

from screens.base import BaseScreen
from screens.section import fill_table, number_cell
from screens.widgets.footer import AppFooter
from screens.widgets.formatting import format_money
from screens.widgets.paged_list import ListColumn, PagedList
from screens.widgets.status_bar import StatusBar
from screens.workers import work
from storage import fr

if TYPE_CHECKING:
    from screens.context import ScreenContext
    from storage.mission_queries import ZoneTotals

ENTITY = "solidarity_mission"

COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("professional_name", fr.SECTION_COLUMNS["professional_name"], width=18),
    ListColumn("zone_name", fr.SECTION_COLUMNS["zone_name"], width=12),
    ListColumn("start_date", fr.SECTION_COLUMNS["start_date"], width=10),
    ListColumn("days", fr.SECTION_COLUMNS["days"], width=5, justify="right"),
    ListColumn("indemnity_cents", fr.SECTION_COLUMNS["indemnity_cents"], width=11, justify="right"),
    ListColumn("status", fr.SECTION_COLUMNS["status"], width=10),
)


def status_options() -> list[tuple[str, str]]:
    from storage.workflows import workflow_for

    workflow = workflow_for(ENTITY, {})
    return [(state.label, code) for code, state in workflow.states.items()]


#: Longest zone name in the zone filter (a longer one would make it two lines high).
ZONE_LABEL_MAX = 40


def short(text: str, limit: int = ZONE_LABEL_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def zone_cells(zone: ZoneTotals) -> tuple[Any, ...]:
    return (
        Text(zone.name, overflow="ellipsis", no_wrap=True),
        number_cell(fr.format_int(zone.missions)),
        number_cell(fr.format_int(zone.planned_days)),
        number_cell(fr.format_int(zone.done_days)),
        number_cell(format_money(zone.indemnity_cents)),
        Text(
            format_money(zone.due_cents),
            justify="right",
            style="bold" if zone.due_cents else "",
        ),
    )


def totals_text(zones: list[ZoneTotals]) -> str:
    """The line above the zones: days done x 200 € = total; paid, still to pay."""
    from storage.rules import mission_indemnity_cents

    done = sum(z.done_days for z in zones)
    return fr.MISSIONS_TOTALS_LINE.format(
        days=fr.format_int(done),
        amount=format_money(mission_indemnity_cents(done)),
        paid=format_money(sum(z.paid_cents for z in zones)),
        due=format_money(sum(z.due_cents for z in zones)),
    )


class MissionsScreen(BaseScreen):
    """The section "Missions"."""

    DEFAULT_CSS = """
    MissionsScreen #missions-tabs {
        height: 1fr;
    }
    MissionsScreen TabPane {
        padding: 0;
        height: 1fr;
    }
    MissionsScreen #missions-filters {
        height: auto;
    }
    MissionsScreen #filter-zone {
        width: 1fr;
    }
    MissionsScreen #filter-status {
        width: 30;
    }
    MissionsScreen .missions-note {
        height: auto;
        padding: 0 1;
    }
    MissionsScreen #missions-zones {
        height: 1fr;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", fr.BINDING_NEW, id="missions.new"),
        Binding("x", "clear_filters", fr.BINDING_CLEAR_FILTERS, id="missions.clear"),
    ]

    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.context = context
        #: The zones and their totals (tests read them); None until loaded.
        self.zones: list[ZoneTotals] | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(id="missions-tabs"):
            with TabPane(fr.MISSIONS_TAB_ZONES, id="tab-zones"):
                yield Static(fr.LIST_LOADING, id="zones-note", classes="missions-note")
                yield DataTable(id="missions-zones", cursor_type="row", zebra_stripes=True)
            with TabPane(fr.MISSIONS_TAB_MISSIONS, id="tab-missions"):
                with Horizontal(id="missions-filters"):
                    yield Select([], prompt=fr.MISSIONS_ANY_ZONE, id="filter-zone")
                    yield Select(status_options(), prompt=fr.LIST_ANY_STATUS, id="filter-status")
                yield PagedList(
                    self.context.engine,
                    ENTITY,
                    COLUMNS,
                    sort="start_date",
                    descending=True,
                    id="missions-list",
                )
        yield StatusBar()
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = fr.MISSIONS_TITLE
        table = self.query_one("#missions-zones", DataTable)
        for label, width in fr.MISSIONS_ZONE_COLUMNS:
            table.add_column(label, width=width)
        table.tooltip = fr.MISSIONS_ZONE_LEGEND
        table.focus()
        self._load_zones()

    @property
    def list(self) -> PagedList:
        return self.query_one(PagedList)

    # --- zones ---------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="missions-zones", retry=True)
    def _load_zones(self) -> None:
        from storage.db import read_connection
        from storage.mission_queries import zone_totals

        try:
            with read_connection(self.context.engine) as connection:
                zones = zone_totals(connection)
        except Exception as error:  # shown, never fatal; no values in it
            reason = fr.LIST_FAILED.format(reason=type(error).__name__)
            self.app.call_from_thread(self._show_failure, reason)
        else:
            self.app.call_from_thread(self._show_zones, zones)

    def _show_failure(self, reason: str) -> None:
        self.query_one("#zones-note", Static).update(Text(reason, style="bold red"))

    def _show_zones(self, zones: list[ZoneTotals]) -> None:
        self.zones = zones
        note = self.query_one("#zones-note", Static)
        note.update(totals_text(zones) if zones else fr.MISSIONS_NO_ZONE)
        rows = [zone_cells(zone) for zone in zones]
        if len(zones) > 1:
            rows.append(
                (
                    Text(fr.MISSIONS_TOTAL, style="bold"),
                    number_cell(fr.format_int(sum(z.missions for z in zones))),
                    number_cell(fr.format_int(sum(z.planned_days for z in zones))),
                    number_cell(fr.format_int(sum(z.done_days for z in zones))),
                    number_cell(format_money(sum(z.indemnity_cents for z in zones))),
                    number_cell(format_money(sum(z.due_cents for z in zones))),
                )
            )
        fill_table(
            self.query_one("#missions-zones", DataTable),
            rows,
            [*(zone.id for zone in zones), "#total"],
        )
        zone_filter = self.query_one("#filter-zone", Select)
        chosen: Any = zone_filter.value
        zone_filter.set_options([(short(zone.name), zone.id) for zone in zones])
        if chosen is not Select.NULL and any(zone.id == chosen for zone in zones):
            zone_filter.value = chosen

    @on(DataTable.RowSelected, "#missions-zones")
    def _zone_chosen(self, event: DataTable.RowSelected) -> None:
        """Entrée on a zone: its missions."""
        event.stop()
        key = event.row_key.value
        if key is None or key.startswith("#"):
            return
        self.query_one("#filter-zone", Select).value = key
        self.query_one(TabbedContent).active = "tab-missions"
        self.list.focus_table()

    # --- filters -------------------------------------------------------------------------------

    @on(Select.Changed, "#filter-zone")
    def _zone_changed(self, event: Select.Changed) -> None:
        event.stop()
        value: Any = event.value
        zone = None if value is Select.NULL else value
        if self.list.filters.get("priority_zone_id") != zone:
            self.list.set_filters(priority_zone_id=zone)

    @on(Select.Changed, "#filter-status")
    def _status_changed(self, event: Select.Changed) -> None:
        event.stop()
        value: Any = event.value
        self.list.set_filters(status=None if value is Select.NULL else value)

    def action_clear_filters(self) -> None:
        self.query_one("#filter-zone", Select).clear()
        self.query_one("#filter-status", Select).clear()
        paged = self.list
        paged.filter_input.value = ""
        paged.filters.clear()
        paged.search = ""
        paged.reload()

    # --- records -------------------------------------------------------------------------------

    @on(PagedList.Opened)
    def _open(self, event: PagedList.Opened) -> None:
        event.stop()
        self.show_record(event.record_id)

    def show_record(self, record_id: str) -> None:
        from screens.missions.record import MissionRecordScreen

        self.app.push_screen(MissionRecordScreen(self.context, record_id), self._back)

    def _back(self, _result: object = None) -> None:
        self.list.reload(keep_offset=True)
        self._load_zones()

    def action_new(self) -> None:
        from screens.missions.form import MissionForm

        zone: Any = self.query_one("#filter-zone", Select).value
        if zone is Select.NULL:
            self.notify(fr.MISSIONS_NEW_NEEDS_ZONE, severity="warning")
            return
        self.app.push_screen(MissionForm(self.context, zone_id=zone), self._created)

    def _created(self, record_id: str | None) -> None:
        if record_id is not None:
            self._back()
            self.show_record(record_id)
