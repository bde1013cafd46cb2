"""Tableau de bord: which database is open, for which territory, and how many records it holds.

The figures come from :func:`storage.summary.database_summary`, run in a thread worker: the
screen is drawn at once with "Chargement…" and filled when the worker posts
:class:`HomeScreen.SummaryLoaded` back (``post_message`` is safe to call from another thread).

The screen can be shown before the database is open (the app opens it in a worker after the
first frame, see ``ars_tui.app``): it then waits for :meth:`HomeScreen.database_opened`. Nothing
here imports SQLAlchemy at module level, for the same reason.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widgets import DataTable, Footer, Header, Static

from screens.base import BaseScreen
from screens.widgets.status_bar import StatusBar
from storage import fr
from storage.summary import Summary, database_summary

if TYPE_CHECKING:
    from sqlalchemy import Engine


def display_path(path: Path) -> str:
    """``path`` as the user would type it: ``~/...`` under the home folder."""
    path = path.expanduser().absolute()
    try:
        return f"~/{path.relative_to(Path.home())}"
    except ValueError:
        return str(path)


def _count_cell(count: int) -> Text:
    return Text(fr.format_int(count), justify="right")


class HomeScreen(BaseScreen):
    """The dashboard shown at start-up."""

    SUB_TITLE = fr.HOME_TITLE
    #: Below 92 columns the two tables do not fit side by side: they are stacked (class -narrow).
    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (92, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "refresh_summary", fr.BINDING_REFRESH, id="home.refresh"),
    ]

    DEFAULT_CSS = """
    HomeScreen #home-info {
        height: auto;
        padding: 1 2 0 2;
    }
    HomeScreen #home-tables {
        height: 1fr;
        padding: 1 1 0 1;
    }
    HomeScreen .home-panel {
        width: 1fr;
        height: 1fr;
        margin: 0 1;
    }
    HomeScreen .home-panel-title {
        text-style: bold;
        color: $accent;
        padding: 0 1;
    }
    HomeScreen DataTable {
        height: 1fr;
    }
    HomeScreen #home-error {
        display: none;
        color: $error;
        padding: 0 2;
    }
    HomeScreen #home-error.-shown {
        display: block;
    }
    HomeScreen.-narrow #home-tables {
        layout: vertical;
    }
    HomeScreen.-narrow #home-records-panel {
        height: 3fr;
    }
    HomeScreen.-narrow #home-projects-panel {
        height: 2fr;
        margin: 1 1 0 1;
    }
    """

    class SummaryLoaded(Message):
        """The worker counted the database."""

        def __init__(self, summary: Summary) -> None:
            super().__init__()
            self.summary = summary

    class SummaryFailed(Message):
        """The worker could not read the database; ``reason`` is shown to the user."""

        def __init__(self, reason: str) -> None:
            super().__init__()
            self.reason = reason

    def __init__(self, database_path: Path, engine: Engine | None = None) -> None:
        """Show the database at ``database_path``; count it now if ``engine`` is given, else
        once :meth:`database_opened` hands the engine over."""
        super().__init__()
        self._engine = engine
        self._database_path = database_path
        #: The last summary shown (tests and later screens read it).
        self.summary: Summary | None = None

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self._info_text(None), id="home-info")
        yield Static(id="home-error")
        with Horizontal(id="home-tables"):
            with Vertical(id="home-records-panel", classes="home-panel"):
                yield Static(fr.HOME_RECORDS_TITLE, classes="home-panel-title")
                yield DataTable(id="home-records", cursor_type="row", zebra_stripes=True)
            with Vertical(id="home-projects-panel", classes="home-panel"):
                yield Static(fr.HOME_PROJECTS_TITLE, classes="home-panel-title")
                yield DataTable(id="home-projects", cursor_type="row", zebra_stripes=True)
        yield StatusBar()
        yield Footer()

    def on_mount(self) -> None:
        records = self.query_one("#home-records", DataTable)
        records.add_column(fr.HOME_COLUMN_TYPE, key="label")
        records.add_column(fr.HOME_COLUMN_COUNT, key="count")
        projects = self.query_one("#home-projects", DataTable)
        projects.add_column(fr.HOME_COLUMN_STATUS, key="label")
        projects.add_column(fr.HOME_COLUMN_COUNT, key="count")
        # A still line, not Textual's animated loading indicator: its 60 frames a second would
        # take the interpreter from the worker that opens and counts the database (measured:
        # figures on screen 1.0 s later on 100,000 projects).
        for table in (records, projects):
            table.add_row(Text(fr.HOME_LOADING, style="italic"), "", key="loading")
        if self._engine is not None:
            self._load_summary(self._engine)

    def database_opened(self, engine: Engine) -> None:
        """The app has opened the database: count it."""
        self._engine = engine
        self.action_refresh_summary()

    def action_refresh_summary(self) -> None:
        """Count the database again (the worker replaces any count still running)."""
        if self._engine is None:  # still opening: the count starts once it is open
            return
        self._load_summary(self._engine)  # the figures on screen stay until the new ones come

    @work(thread=True, exclusive=True, group="home-summary")
    def _load_summary(self, engine: Engine) -> None:
        try:
            summary = database_summary(engine)
        except Exception as error:  # any failure must reach the user, not kill the app
            self.post_message(self.SummaryFailed(type(error).__name__))
            return
        self.post_message(self.SummaryLoaded(summary))

    @on(SummaryLoaded)
    def _show_summary(self, message: SummaryLoaded) -> None:
        summary = message.summary
        self.summary = summary
        self.query_one("#home-info", Static).update(self._info_text(summary))
        self.query_one("#home-error", Static).remove_class("-shown")

        records = self.query_one("#home-records", DataTable)
        records.clear()
        for entity, count in summary.record_counts.items():
            records.add_row(fr.ENTITY_LABELS.get(entity, entity), _count_cell(count), key=entity)
        records.add_row(
            Text(fr.HOME_TOTAL, style="bold"), _count_cell(summary.total_records), key="total"
        )

        # Imported here: reading workflows.toml is not needed for the first frame.
        from storage.workflows import workflow_for

        projects = self.query_one("#home-projects", DataTable)
        projects.clear()
        workflow = workflow_for("installation_project", {})
        # Every status of the workflow in its order, then any status the workflow does not know.
        statuses = list(workflow.states) + sorted(
            set(summary.projects_by_status) - set(workflow.states)
        )
        for status in statuses:
            count = summary.projects_by_status.get(status, 0)
            projects.add_row(workflow.label_of(status), _count_cell(count), key=status)
        projects.add_row(
            Text(fr.HOME_TOTAL, style="bold"),
            _count_cell(sum(summary.projects_by_status.values())),
            key="total",
        )
        self.query_one(StatusBar).pending = summary.pending_changes

    @on(SummaryFailed)
    def _show_failure(self, message: SummaryFailed) -> None:
        error = self.query_one("#home-error", Static)
        error.update(Text(fr.HOME_LOAD_FAILED.format(reason=message.reason)))
        error.add_class("-shown")
        for table in self.query(DataTable):
            if "loading" in table.rows:
                table.remove_row("loading")

    def _info_text(self, summary: Summary | None) -> Text:
        if summary is None:
            territory = fr.HOME_LOADING
        elif summary.demo_ars:
            territory = fr.HOME_TERRITORY_ARS.format(
                name=summary.demo_ars_name or summary.demo_ars, code=summary.demo_ars
            )
        else:
            territory = fr.HOME_TERRITORY_ALL
        info = Text()
        info.append(f"{fr.HOME_DATABASE} : ", style="bold")
        info.append(display_path(self._database_path))
        info.append("\n")
        info.append(f"{fr.HOME_TERRITORY} : ", style="bold")
        info.append(territory)
        return info
