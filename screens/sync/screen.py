"""Synchronisation: where sync stands, what it did lately, and where to decide what it could not.

Shows the figures of the app's sync (:class:`storage.sync.snapshot.SyncSnapshot`, kept up to date
through the controller's signal), the sync log (newest first, French, no personal data), and
three buttons: *Synchroniser maintenant* (also F5 anywhere), *Conflits* and *À corriger*.
The log is read from the database in a thread worker each time the figures change.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, DataTable, Header, Static

from screens import text as tx
from screens.base import BaseScreen
from screens.widgets.footer import AppFooter
from screens.widgets.routes import ActionRoutes
from screens.widgets.status_bar import StatusBar
from screens.workers import work
from storage import vocabulary as voc
from storage.sync.snapshot import SyncSnapshot

if TYPE_CHECKING:
    from screens.context import ScreenContext
    from storage.sync.progress import LogLine

LOG_LINES = 100


def snapshot_lines(snapshot: SyncSnapshot | None) -> str:
    """The status block of the screen, as plain French text."""
    if snapshot is None:
        return tx.SYNC_SCREEN_COUNTING
    if not snapshot.configured:
        state = tx.SYNC_SCREEN_NOT_CONFIGURED
    elif snapshot.running:
        state = tx.SYNC_SCREEN_RUNNING
    elif snapshot.online is None:
        state = tx.SYNC_SCREEN_NOT_YET
    else:
        state = tx.STATUS_ONLINE if snapshot.online else tx.STATUS_OFFLINE
    when = (
        voc.STATUS_NEVER
        if snapshot.last_sync is None
        else f"{voc.format_date(snapshot.last_sync)} {snapshot.last_sync:%H:%M}"
    )
    lines = [
        tx.SYNC_SCREEN_STATE.format(state=state),
        tx.SYNC_SCREEN_LAST.format(when=when),
        tx.SYNC_SCREEN_PENDING.format(
            count=voc.format_int(snapshot.pending) if snapshot.pending is not None else "…"
        ),
        tx.SYNC_SCREEN_CONFLICTS.format(count=voc.format_int(snapshot.conflicts)),
        tx.SYNC_SCREEN_TO_FIX.format(count=voc.format_int(snapshot.to_fix)),
    ]
    if snapshot.to_examine:
        lines.append(tx.SYNC_SCREEN_TO_EXAMINE.format(count=voc.format_int(snapshot.to_examine)))
    if snapshot.message:
        lines.append(tx.SYNC_SCREEN_ERROR.format(message=snapshot.message))
    return "\n".join(lines)


class SyncScreen(ActionRoutes, BaseScreen):
    """The section "Synchronisation" (key 9)."""

    DEFAULT_CSS = """
    SyncScreen #sync-status {
        height: auto;
        padding: 1 2;
    }
    SyncScreen #sync-buttons {
        height: auto;
        padding: 0 2;
    }
    SyncScreen #sync-buttons Button {
        margin-right: 2;
    }
    SyncScreen #sync-log-title {
        text-style: bold;
        color: $accent;
        padding: 1 2 0 2;
    }
    SyncScreen #sync-log {
        height: 1fr;
        margin: 0 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("c", "conflicts", tx.SYNC_BUTTON_CONFLICTS, id="sync.conflicts"),
        Binding("k", "to_fix", tx.SYNC_BUTTON_TO_FIX, id="sync.to_fix"),
    ]
    BUTTON_ACTIONS: ClassVar[dict[str, str]] = {
        "sync-conflicts": "conflicts",
        "sync-to-fix": "to_fix",
    }

    @dataclass
    class LogLoaded(Message):
        lines: list[LogLine]

    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(snapshot_lines(None), id="sync-status")
        with Horizontal(id="sync-buttons"):
            yield Button(tx.SYNC_BUTTON_NOW, id="sync-now", variant="primary")
            yield Button(tx.SYNC_BUTTON_CONFLICTS, id="sync-conflicts")
            yield Button(tx.SYNC_BUTTON_TO_FIX, id="sync-to-fix")
        yield Static(tx.SYNC_SCREEN_LOG_TITLE, id="sync-log-title")
        yield DataTable(id="sync-log", cursor_type="row", zebra_stripes=True)
        yield StatusBar()
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = tx.SECTION_LABELS["sync"]
        table = self.query_one("#sync-log", DataTable)
        table.add_column(tx.SYNC_LOG_COLUMN_WHEN, key="at")
        table.add_column(tx.SYNC_LOG_COLUMN_WHAT, key="summary")
        if self.context.sync is not None:
            self.context.sync.subscribe(self, self.show_snapshot)
        self._load_log()

    def on_screen_resume(self) -> None:
        if self.context.sync is not None:
            self.context.sync.refresh()
        self._load_log()

    def show_snapshot(self, snapshot: SyncSnapshot) -> None:
        self.query_one("#sync-status", Static).update(snapshot_lines(snapshot))
        self.query_one(
            "#sync-conflicts", Button
        ).label = f"{tx.SYNC_BUTTON_CONFLICTS} ({voc.format_int(snapshot.conflicts)})"
        self.query_one(
            "#sync-to-fix", Button
        ).label = (
            f"{tx.SYNC_BUTTON_TO_FIX} ({voc.format_int(snapshot.to_fix + snapshot.to_examine)})"
        )
        self.query_one("#sync-now", Button).disabled = snapshot.running
        if not snapshot.running:
            self._load_log()

    @work(thread=True, exclusive=True, group="sync-log", retry=True)
    def _load_log(self) -> None:
        from storage.sync.progress import recent_log

        try:
            lines = recent_log(self.context.engine, LOG_LINES)
        except Exception:  # an unreadable database: the dashboard reports it
            return
        self.post_message(self.LogLoaded(lines))

    @on(LogLoaded)
    def _show_log(self, message: LogLoaded) -> None:
        table = self.query_one("#sync-log", DataTable)
        table.clear()
        for line in message.lines:
            moment = line.at.astimezone()
            table.add_row(f"{voc.format_date(moment)} {moment:%H:%M:%S}", line.summary)

    @on(Button.Pressed, "#sync-now")
    def _sync_now(self, event: Button.Pressed) -> None:
        event.stop()
        if self.context.sync is None:
            self.notify(voc.SYNC_NOT_CONFIGURED, severity="warning")
        else:
            self.context.sync.request_sync()

    def action_conflicts(self) -> None:
        from screens.sync.conflicts import ConflictsScreen

        self.app.push_screen(ConflictsScreen(self.context))

    def action_to_fix(self) -> None:
        from screens.sync.to_fix import ToFixScreen

        self.app.push_screen(ToFixScreen(self.context))
