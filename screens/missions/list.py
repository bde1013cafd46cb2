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
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Select, Static, TabbedContent, TabPane

from screens import text as tx
from screens.section import SectionScreen, SectionSpec, fill_table, list_columns, number_cell
from screens.widgets.formatting import format_money
from screens.widgets.paged_list import PagedList
from storage import vocabulary as voc

if TYPE_CHECKING:
    from screens.context import ScreenContext
    from screens.section import SummaryReader
    from storage.mission_queries import ZoneTotals

ENTITY = "solidarity_mission"

COLUMNS = list_columns(
    tx.SECTION_COLUMNS,
    "professional_name:18 zone_name:12 start_date:10 days:5 indemnity_cents:11 status:10",
    right=("days", "indemnity_cents"),
)


#: Longest zone name in the zone filter (a longer one would make it two lines high).
ZONE_LABEL_MAX = 40


def short(text: str, limit: int = ZONE_LABEL_MAX) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def zone_cells(zone: ZoneTotals) -> tuple[Any, ...]:
    return (
        Text(zone.name, overflow="ellipsis", no_wrap=True),
        number_cell(voc.format_int(zone.missions)),
        number_cell(voc.format_int(zone.planned_days)),
        number_cell(voc.format_int(zone.done_days)),
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
    return tx.MISSIONS_TOTALS_LINE.format(
        days=voc.format_int(done),
        amount=format_money(mission_indemnity_cents(done)),
        paid=format_money(sum(z.paid_cents for z in zones)),
        due=format_money(sum(z.due_cents for z in zones)),
    )


class MissionsScreen(SectionScreen):
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

    SPEC = SectionSpec("missions", ENTITY, tx.MISSIONS_TITLE, "MissionRecordScreen", "MissionForm")
    SELECT_FILTERS: ClassVar[dict[str, str]] = {"filter-status": "status"}

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        #: The zones and their totals (tests read them); None until loaded.
        self.zones: list[ZoneTotals] | None = None

    def compose_section(self) -> ComposeResult:
        with TabbedContent(id="missions-tabs"):
            with TabPane(tx.MISSIONS_TAB_ZONES, id="tab-zones"):
                yield Static(tx.LIST_LOADING, id="zones-note", classes="missions-note")
                yield DataTable(id="missions-zones", cursor_type="row", zebra_stripes=True)
            with TabPane(tx.MISSIONS_TAB_MISSIONS, id="tab-missions"):
                with Horizontal(id="missions-filters"):
                    yield Select([], prompt=tx.MISSIONS_ANY_ZONE, id="filter-zone")
                    yield self.status_filter()
                yield PagedList(
                    self.context.engine,
                    ENTITY,
                    COLUMNS,
                    sort="start_date",
                    descending=True,
                    id="missions-list",
                )

    def on_mount(self) -> None:
        table = self.query_one("#missions-zones", DataTable)
        for label, width in tx.MISSIONS_ZONE_COLUMNS:
            table.add_column(label, width=width)
        table.tooltip = tx.MISSIONS_ZONE_LEGEND

    def focus_first(self) -> None:
        self.query_one("#missions-zones", DataTable).focus()

    # --- zones ---------------------------------------------------------------------------------

    def summary_reader(self) -> SummaryReader:
        from storage.mission_queries import zone_totals

        return zone_totals

    def show_summary_failure(self, reason: str) -> None:
        self.query_one("#zones-note", Static).update(Text(reason, style="bold red"))

    def show_summary(self, zones: list[ZoneTotals]) -> None:
        self.zones = zones
        note = self.query_one("#zones-note", Static)
        note.update(totals_text(zones) if zones else tx.MISSIONS_NO_ZONE)
        rows = [zone_cells(zone) for zone in zones]
        if len(zones) > 1:
            rows.append(
                (
                    Text(tx.MISSIONS_TOTAL, style="bold"),
                    number_cell(voc.format_int(sum(z.missions for z in zones))),
                    number_cell(voc.format_int(sum(z.planned_days for z in zones))),
                    number_cell(voc.format_int(sum(z.done_days for z in zones))),
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

    # --- filters and a new mission -------------------------------------------------------------

    @on(Select.Changed, "#filter-zone")
    def _zone_changed(self, event: Select.Changed) -> None:
        event.stop()
        value: Any = event.value
        zone = None if value is Select.NULL else value
        if self.list.filters.get("priority_zone_id") != zone:
            self.list.set_filters(priority_zone_id=zone)

    def new_form(self) -> Screen[Any] | None:
        zone: Any = self.query_one("#filter-zone", Select).value
        if zone is Select.NULL:
            self.notify(tx.MISSIONS_NEW_NEEDS_ZONE, severity="warning")
            return None
        return self.section_screen("form")(self.context, zone_id=zone)
