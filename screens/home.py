"""Tableau de bord: the figures of one territory (ARS, département, EPCI or commune).

The territory is chosen in the picker at the top (:class:`TerritoryPicker`); it opens on the
device's ARS (``storage.settings.device_ars_code``), else the first ARS that has records. Every
figure comes from :func:`storage.queries.dashboard.dashboard_figures`, run in a thread worker: the
screen is drawn at once with "Chargement…" and filled when the worker posts
:class:`HomeScreen.FiguresLoaded` back (``post_message`` is safe to call from another thread).
Choosing another territory counts again (the newest worker replaces the one still running).

The screen can be shown before the database is open (the app opens it in a worker after the
first frame, see ``ars_tui.app``): it then waits for :meth:`HomeScreen.database_opened`, and
meanwhile shows the projects by status that the app read without SQLAlchemy
(:meth:`HomeScreen.statuses_peeked`, :mod:`storage.queries.first_figures`), so that the first
figures come about with the first frame. Nothing
here imports SQLAlchemy at module level, for the same reason. The day the figures are counted
for is :func:`today` (tests replace it for fixed snapshots).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import Header, ProgressBar, Static

from screens import text as tx
from screens.base import BaseScreen
from screens.widgets.bar_chart import MonthlyBarChart
from screens.widgets.footer import AppFooter
from screens.widgets.status_bar import StatusBar
from screens.widgets.territory_picker import Options, TerritoryPicker
from screens.workers import work
from storage import vocabulary as voc
from storage.queries.dashboard import CONTRACT_KINDS, Dashboard, IndicatorRow
from storage.queries.territories import Territory, Zoning

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from storage.queries.first_figures import PeekedStatuses


def today() -> date:
    """The day the dashboard counts for (a function so that tests can fix it)."""
    return date.today()


def display_path(path: Path) -> str:
    """``path`` as the user would type it: ``~/...`` under the home folder."""
    path = path.expanduser().absolute()
    try:
        return f"~/{path.relative_to(Path.home())}"
    except ValueError:
        return str(path)


def euros(cents: int) -> str:
    """Whole euros, French style: ``euros(108_800_00)`` -> ``"108 800 €"``."""
    return f"{voc.format_int(cents // 100)}\u00a0€"


def _figure_table() -> Table:
    table = Table.grid(padding=(0, 1), expand=True)
    table.add_column(ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(justify="right", no_wrap=True)
    return table


def status_table(labels: dict[str, str], counts: dict[str, int]) -> Table:
    """One line per status of the workflow (then any status it does not know), and a total."""
    table = _figure_table()
    for status in [*labels, *sorted(set(counts) - set(labels))]:
        count = counts.get(status, 0)
        table.add_row(
            labels.get(status, status), Text(voc.format_int(count), style="" if count else "dim")
        )
    table.add_row(
        Text(tx.HOME_TOTAL, style="bold"), Text(voc.format_int(sum(counts.values())), style="bold")
    )
    return table


def zoning_text(zoning: Zoning, level: str) -> Text:
    """ "Zonage : ZIP (Zone d'intervention prioritaire)" for a commune, or one class for a whole
    territory; else the number of communes per class ("ZIP 10 · ZAC 6 · HZ 8 communes")."""
    text = Text()
    text.append(f"{tx.DASH_ZONING} : ", style="bold")
    if zoning.order_number is None:
        text.append(tx.DASH_NO_ZONING, style="italic")
    elif zoning.single_class:
        zone_class = zoning.single_class
        text.append(f" {zone_class} ", style="bold reverse")
        if level == "commune":
            text.append(f" {voc.CHOICES['zone_class'].get(zone_class, zone_class)}")
    else:
        text.append(
            " · ".join(
                f"{zone_class} {voc.format_int(share.communes)}"
                for zone_class, share in zoning.classes.items()
            )
            + f" {tx.DASH_COMMUNES_WORD}"
        )
    return text


def zoning_table(zoning: Zoning) -> Table | Text:
    """The classes of the arrêté in force: communes and population of each."""
    if zoning.order_number is None:
        return Text(tx.DASH_NO_ZONING, style="italic")
    table = Table(box=None, padding=(0, 1), expand=True, show_edge=False)
    table.add_column(tx.TERRITORIES_CLASS, ratio=1, no_wrap=True, overflow="ellipsis")
    table.add_column(tx.TERRITORIES_COMMUNES, justify="right", no_wrap=True)
    table.add_column(tx.TERRITORIES_POPULATION, justify="right", no_wrap=True)
    for zone_class, share in zoning.classes.items():
        table.add_row(
            f"{zone_class} {voc.CHOICES['zone_class'].get(zone_class, '')}".strip(),
            voc.format_int(share.communes),
            voc.format_int(share.population),
        )
    table.caption = tx.DASH_ZONING_ORDER.format(
        number=zoning.order_number, date=voc.format_date(zoning.order_effective_date)
    )
    table.caption_style = "dim"
    table.caption_justify = "left"
    return table


def priority_text(figures: Dashboard) -> Text:
    text = Text()
    text.append(f"{tx.DASH_PRIORITY} : ", style="bold")
    if not figures.is_priority:
        text.append(tx.DASH_NO)
    elif figures.territory.level in ("epci", "commune"):
        text.append(tx.DASH_YES, style="bold")
    else:
        text.append(
            tx.DASH_PRIORITY_SOME.format(
                count=voc.format_int(figures.priority_epci),
                population=voc.format_int(figures.priority_population),
            )
        )
    if figures.is_priority and figures.demo:  # drawn by the demo, not the official list
        text.append(voc.DEMO_FICTIONAL, style="bold")
    return text


def scope_line(figures: Dashboard) -> str:
    """Which records the figures include, and the day they are counted on if not today."""
    territory = figures.territory
    ended = (territory.name or territory.code, figures.ended_on) if figures.ended_on else None
    return voc.scope_text(territory.level, ended, figures.former_ars)


class IndicatorView(Vertical):
    """One national indicator: the national figures, then the territory's with a progress bar."""

    DEFAULT_CSS = """
    IndicatorView {
        height: auto;
    }
    IndicatorView .indicator-national {
        color: $text-muted;
    }
    IndicatorView Horizontal {
        height: 1;
    }
    IndicatorView .indicator-own {
        width: 1fr;
    }
    IndicatorView ProgressBar {
        width: 26;
    }
    IndicatorView Bar {
        width: 18;
    }
    """

    def __init__(self, row: IndicatorRow) -> None:
        super().__init__(classes=f"indicator indicator-{row.code}")
        self.row = row

    def compose(self) -> ComposeResult:
        row = self.row
        title = Text(voc.DASH_INDICATOR_LABELS.get(row.code, row.label), style="bold")
        yield Static(title, classes="indicator-title")
        for line in indicator_reference_lines(row):
            yield Static(line, classes="indicator-national")
        with Horizontal():
            yield Static(indicator_own_text(row), classes="indicator-own")
            if row.progress is not None and row.objective is not None:
                bar = ProgressBar(total=row.objective.value, show_eta=False)
                bar.progress = min(row.territory_value, row.objective.value)
                yield bar


def indicator_reference_lines(row: IndicatorRow) -> list[str]:
    """The dated national references, then the regional sheet's figures, one line each."""
    lines = [
        voc.reference_text(ref.code, ref.value, ref.year, ref.is_target, ref.source, regional=False)
        for ref in row.references
    ]
    lines += [
        voc.reference_text(ref.code, ref.value, ref.year, ref.is_target, ref.source, regional=True)
        for ref in row.regional
    ]
    return lines


def indicator_own_text(row: IndicatorRow) -> str:
    """ "Territoire : 12 — Objectif de l'ARS : 20 pour 2028 (PRS)" or no objective."""
    own = tx.DASH_OWN.format(value=voc.format_int(row.territory_value))
    objective = row.objective
    if objective is None:
        return f"{own} — {voc.DASH_NO_OBJECTIVE}"
    template = voc.DASH_OBJECTIVE if row.objective_running else voc.DASH_OBJECTIVE_EXPIRED
    text = template.format(
        value=voc.format_int(objective.value), year=objective.year, source=objective.source
    )
    return f"{own} — {text}"


class HomeScreen(BaseScreen):
    """The dashboard shown at start-up."""

    SUB_TITLE = tx.HOME_TITLE
    #: Below 110 columns the panels are stacked in one column (class -narrow).
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (110, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh_summary", tx.BINDING_REFRESH, id="home.refresh"),
        Binding("o", "app.objectives", tx.BINDING_OBJECTIVES, id="home.objectives"),
    ]

    DEFAULT_CSS = """
    HomeScreen #home-picker {
        margin-top: 1;
    }
    HomeScreen #home-info {
        height: auto;
        padding: 0 2;
        margin-top: 1;
    }
    HomeScreen #home-error {
        display: none;
        color: $error;
        padding: 0 2;
    }
    HomeScreen #home-error.-shown {
        display: block;
    }
    HomeScreen #home-body {
        height: 1fr;
        padding: 0 1;
    }
    HomeScreen #home-columns {
        height: auto;
    }
    HomeScreen .home-column {
        width: 1fr;
        height: auto;
    }
    HomeScreen .home-panel {
        height: auto;
        border: round $primary 50%;
        border-title-color: $accent;
        border-title-style: bold;
        padding: 0 1;
    }
    HomeScreen.-narrow #home-columns {
        layout: vertical;
    }
    HomeScreen.-narrow #home-picker, HomeScreen.-narrow #home-info {
        margin-top: 0;
    }
    """

    @dataclass
    class FiguresLoaded(Message):
        """The worker counted the territory (and, the first time, read the picker's lists)."""

        figures: Dashboard
        picker: tuple[Options, str | None, Options] | None = None

    @dataclass
    class SummaryFailed(Message):
        """The worker could not read the database; ``reason`` is shown to the user."""

        reason: str

    def __init__(self, database_path: Path, engine: Engine | None = None) -> None:
        """Show the database at ``database_path``; count it now if ``engine`` is given, else
        once :meth:`database_opened` hands the engine over."""
        super().__init__()
        self._engine = engine
        self._database_path = database_path
        #: The territory shown (None until the first figures).
        self.territory: Territory | None = None
        #: The last figures shown (tests read them).
        self.figures: Dashboard | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield TerritoryPicker(id="home-picker")
        yield Static(self._info_text(None), id="home-info")
        yield Static(id="home-error")
        # The panels come with the first figures (_ensure_panels): on the first frame, which
        # must come within 1.5x of a bare Textual app's, one line says the database is opening.
        with VerticalScroll(id="home-body"):
            yield Static(Text(tx.HOME_LOADING, style="italic"), id="home-loading")
        yield StatusBar()
        yield AppFooter()

    async def _ensure_panels(self) -> None:
        """Mount the dashboard's panels in place of the loading line (once)."""
        if self.query("#home-columns"):
            return
        trend = Vertical(MonthlyBarChart(id="home-trend"), id="panel-trend", classes="home-panel")
        trend.border_title = tx.DASH_TREND_TITLE
        targets = Vertical(
            Static(Text(tx.HOME_LOADING, style="italic"), id="home-targets-note"),
            id="panel-targets",
            classes="home-panel",
        )
        targets.border_title = tx.DASH_TARGETS_TITLE
        columns = Horizontal(
            Vertical(
                self._panel("installations", tx.DASH_INSTALLATIONS_TITLE),
                trend,
                self._panel("samu", tx.DASH_SAMU_TITLE),
                self._panel("missions", tx.DASH_MISSIONS_TITLE),
                classes="home-column",
            ),
            Vertical(
                self._panel("zoning", tx.DASH_ZONING_TITLE),
                self._panel("msp", tx.DASH_MSP_TITLE),
                self._panel("contracts", tx.DASH_CONTRACTS_TITLE),
                classes="home-column",
            ),
            id="home-columns",
        )
        bodies = self.query("#home-body").results(VerticalScroll)
        body = next(iter(bodies), None)
        if body is None:  # the screen is being taken down
            return
        await self.query("#home-loading").remove()
        if body.is_attached:
            await body.mount_all([columns, targets])

    @staticmethod
    def _panel(name: str, title: str) -> Static:
        # A still line, not Textual's animated loading indicator: its frames would take the
        # interpreter from the worker that opens and counts the database.
        panel = Static(
            Text(tx.HOME_LOADING, style="italic"), id=f"panel-{name}", classes="home-panel"
        )
        panel.border_title = title
        return panel

    def on_mount(self) -> None:
        if self._engine is not None:
            self._first_load(self._engine, today())

    async def statuses_peeked(self, peeked: PeekedStatuses) -> None:
        """The app read the projects by status before opening the database: show them."""
        if self.figures is not None:
            return  # the full figures came first
        await self._ensure_panels()
        if not self.is_attached or not self.query("#panel-installations"):
            return  # the app is closing
        self.query_one("#panel-installations", Static).update(
            self._installations_table(peeked.projects_by_status)
        )

    def database_opened(self, engine: Engine) -> None:
        """The app has opened the database: count it."""
        self._engine = engine
        self._first_load(engine, today())

    def action_refresh_summary(self) -> None:
        """Count the territory again (the figures on screen stay until the new ones come)."""
        if self._engine is None:  # still opening: the count starts once it is open
            return
        if self.territory is None:
            self._first_load(self._engine, today())
        else:
            self._load_figures(self._engine, self.territory, today())

    @on(TerritoryPicker.Changed)
    def _territory_chosen(self, message: TerritoryPicker.Changed) -> None:
        self.territory = message.territory
        if self._engine is not None:
            self._load_figures(self._engine, message.territory, today())

    @work(thread=True, exclusive=True, group="home-figures")
    def _first_load(self, engine: Engine, day: date) -> None:
        """The default ARS, the picker's first lists and its figures, in one worker."""
        try:
            from storage.db import read_connection
            from storage.models import RECORD_TYPES
            from storage.queries import territories
            from storage.queries.dashboard import dashboard_figures

            with read_connection(engine) as connection:
                ars = every_ars = territories.ars_options(connection)
                own = territories.device_ars(connection)
                if own is not None:  # the device's ARS first; the others when asked for
                    ars = territories.device_ars_options(connection, own) or every_ars
                code = territories.default_ars(connection, tuple(RECORD_TYPES)) or (
                    ars[0][0] if ars else None
                )
                departements = territories.departement_options(connection, code) if code else []
            names = dict(ars)
            territory = Territory("ars", code or "", names.get(code or "", ""))
            figures = dashboard_figures(engine, territory, day)
        except Exception as error:  # any failure must reach the user, not kill the app
            self.post_message(self.SummaryFailed(type(error).__name__))
            return
        self.post_message(self.FiguresLoaded(figures, (ars, code, departements, every_ars)))

    @work(thread=True, exclusive=True, group="home-figures")
    def _load_figures(self, engine: Engine, territory: Territory, day: date) -> None:
        try:
            from storage.queries.dashboard import dashboard_figures

            figures = dashboard_figures(engine, territory, day)
        except Exception as error:  # any failure must reach the user, not kill the app
            self.post_message(self.SummaryFailed(type(error).__name__))
            return
        self.post_message(self.FiguresLoaded(figures))

    @on(FiguresLoaded)
    async def _show_figures(self, message: FiguresLoaded) -> None:
        figures = message.figures
        await self._ensure_panels()
        if not self.is_attached or not self.query("#panel-zoning"):
            return  # the app is closing (Ctrl+Q while the panels were being mounted)
        if message.picker is not None and self._engine is not None:
            ars, code, departements, every_ars = message.picker
            self.query_one(TerritoryPicker).start(
                self._engine, ars, code, departements, every_ars=every_ars
            )
            self.territory = figures.territory
        elif figures.territory != self.territory:
            return  # counted for a territory the user has left meanwhile
        self.figures = figures
        self.query_one("#home-info", Static).update(self._info_text(figures))
        self.query_one("#home-error", Static).remove_class("-shown")
        self.query_one("#panel-zoning", Static).update(zoning_table(figures.zoning))
        self._show_installations(figures)
        self._show_msp(figures)
        self._show_samu(figures)
        self._show_contracts(figures)
        self._show_missions(figures)
        self._show_targets(figures)
        status = self.query_one(StatusBar)
        status.pending = figures.pending_changes
        status.demo = figures.demo

    @staticmethod
    def _installations_table(projects_by_status: dict[str, int]) -> Table:
        # Imported here: reading workflows.toml is not needed for the first frame.
        from storage.records.workflows import workflow_for

        workflow = workflow_for("installation_project", {})
        return status_table(
            {code: state.label for code, state in workflow.states.items()}, projects_by_status
        )

    def _show_installations(self, figures: Dashboard) -> None:
        table = self._installations_table(figures.projects_by_status)
        table.add_row("", "")
        table.add_row(tx.DASH_INSTALLED_THIS_YEAR, voc.format_int(figures.installed_this_year))
        late = figures.overdue_followups
        table.add_row(tx.DASH_OVERDUE, Text(voc.format_int(late), style="bold red" if late else ""))
        self.query_one("#panel-installations", Static).update(table)
        self.query_one(MonthlyBarChart).data = figures.installations_by_month

    def _show_msp(self, figures: Dashboard) -> None:
        from storage.records.workflows import workflow_for

        workflow = workflow_for("msp_project", {})
        table = status_table(
            {code: state.label for code, state in workflow.states.items()}, figures.msp_by_status
        )
        table.add_row("", "")
        table.add_row(
            tx.DASH_MSP_UNFILLED,
            tx.DASH_MSP_UNFILLED_VALUE.format(
                count=voc.format_int(figures.msp_open_unfilled),
                posts=voc.format_int(figures.msp_unfilled_posts),
            ),
        )
        self.query_one("#panel-msp", Static).update(table)

    def _show_samu(self, figures: Dashboard) -> None:
        table = _figure_table()
        beyond = voc.format_int(figures.population_beyond_30min)
        if figures.coverage_as_of is not None:
            beyond += " " + tx.DASH_AS_OF.format(date=voc.format_date(figures.coverage_as_of))
        table.add_row(tx.DASH_BEYOND_30MIN, beyond)
        table.add_row(tx.DASH_MCS_ACTIVE, voc.format_int(figures.mcs_active))
        table.add_row(tx.DASH_MCS_REFRESHER, voc.format_int(figures.mcs_refresher_due))
        self.query_one("#panel-samu", Static).update(table)

    def _show_contracts(self, figures: Dashboard) -> None:
        table = Table(box=None, padding=(0, 1), expand=True, show_edge=False)
        table.add_column(tx.DASH_CONTRACT, ratio=1, no_wrap=True, overflow="ellipsis")
        table.add_column(tx.DASH_RUNNING, justify="right", no_wrap=True)
        table.add_column(tx.DASH_ENDING_SOON, justify="right", no_wrap=True)
        for kind in CONTRACT_KINDS:
            contract = figures.contracts[kind]
            table.add_row(
                tx.DASH_CONTRACT_LABELS[kind],
                voc.format_int(contract.running),
                voc.format_int(contract.ending_soon),
            )
        self.query_one("#panel-contracts", Static).update(table)

    def _show_missions(self, figures: Dashboard) -> None:
        table = _figure_table()
        table.add_row(
            tx.DASH_MISSIONS_DONE,
            tx.DASH_MISSIONS_DONE_VALUE.format(
                count=voc.format_int(figures.missions_done),
                days=voc.format_int(figures.mission_days_done),
            ),
        )
        table.add_row(tx.DASH_INDEMNITIES_DUE, euros(figures.indemnities_due_cents))
        table.add_row(tx.DASH_INDEMNITIES_PAID, euros(figures.indemnities_paid_cents))
        self.query_one("#panel-missions", Static).update(table)

    def _show_targets(self, figures: Dashboard) -> None:
        panel = self.query_one("#panel-targets", Vertical)
        note = self.query_one("#home-targets-note", Static)
        note.update(Text(tx.DASH_TARGETS_NOTE, style="dim italic"))
        panel.query(IndicatorView).remove()
        panel.mount_all([IndicatorView(row) for row in figures.indicators])

    @on(SummaryFailed)
    def _show_failure(self, message: SummaryFailed) -> None:
        error = self.query_one("#home-error", Static)
        error.update(Text(tx.HOME_LOAD_FAILED.format(reason=message.reason)))
        error.add_class("-shown")
        for panel in self.query(".home-panel").results(Static):
            panel.update("")
        for loading in self.query("#home-loading").results(Static):
            loading.update("")

    def _info_text(self, figures: Dashboard | None) -> Text:
        """The territory and its population; zonage, zone prioritaire; the records counted
        (and the day, for a former ARS); the database."""
        info = Text()
        if figures is None:
            info.append(f"{tx.HOME_TERRITORY} : ", style="bold")
            info.append(tx.HOME_LOADING)
        else:
            territory = figures.territory
            if figures.demo:
                info.append(voc.DEMO_BANNER, style="bold reverse")
                info.append("\n")
            info.append(f"{tx.LEVEL_LABELS[territory.level]} : ", style="bold")
            info.append(territory.label, style="bold")
            population = tx.DASH_POPULATION.format(population=voc.format_int(figures.population))
            if territory.level != "commune":
                population += " " + tx.DASH_COMMUNES.format(
                    count=voc.format_int(figures.commune_count)
                )
            info.append(f" — {population}\n")
            info.append_text(zoning_text(figures.zoning, territory.level))
            info.append(" │ ", style="dim")
            info.append_text(priority_text(figures))
            info.append("\n")
            info.append(scope_line(figures), style="italic")
        info.append(" │ ", style="dim")
        info.append(f"{tx.HOME_DATABASE} : ", style="dim")
        info.append(display_path(self._database_path), style="dim")
        return info
