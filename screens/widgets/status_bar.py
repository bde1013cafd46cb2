"""The status line every screen shows: connection, changes waiting to be sent, last sync.

The widget only displays; whoever knows the figures sets its reactive attributes (the dashboard
sets ``pending`` when its summary arrives; the sync client will set ``online`` and ``last_sync``).
"""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from screens.sync_types import SyncController, SyncSnapshot
from storage import fr


def status_text(
    *,
    online: bool,
    sync_configured: bool,
    pending: int | None,
    last_sync: datetime | None,
    conflicts: int = 0,
    to_fix: int = 0,
    running: bool = False,
    demo: bool = False,
    to_examine: int = 0,
    local_error: str | None = None,
) -> str:
    """The status line as plain French text (also what tests read)."""
    # Most important first: a narrow terminal cuts the end of the line.
    connection = fr.STATUS_ONLINE if online else fr.STATUS_OFFLINE
    if pending is None:
        waiting = fr.STATUS_PENDING_UNKNOWN
    elif pending == 0:
        waiting = fr.STATUS_PENDING_NONE
    elif pending == 1:
        waiting = fr.STATUS_PENDING_ONE
    else:
        waiting = fr.STATUS_PENDING_MANY.format(count=fr.format_int(pending))
    when = fr.STATUS_NEVER if last_sync is None else _format_moment(last_sync)
    parts = [connection, waiting, fr.STATUS_LAST_SYNC.format(when=when)]
    if running:
        parts.insert(1, fr.STATUS_SYNC_RUNNING)
    elif local_error:  # the round stopped on this device (disk full...): say it, second
        parts.insert(1, fr.STATUS_SYNC_LOCAL_ERROR.format(reason=local_error))
    if conflicts:
        parts.insert(2, fr.STATUS_CONFLICTS.format(count=fr.format_int(conflicts)))
    if to_fix:
        parts.insert(3 if conflicts else 2, fr.STATUS_TO_FIX.format(count=fr.format_int(to_fix)))
    if to_examine:
        at = 2 + bool(conflicts) + bool(to_fix)
        parts.insert(at, fr.STATUS_TO_EXAMINE.format(count=fr.format_int(to_examine)))
    if not sync_configured:
        parts.append(fr.STATUS_SYNC_NOT_CONFIGURED)
    if demo:  # first: a demo database must never pass for a real one
        parts.insert(0, fr.STATUS_DEMO)
    return " │ ".join(parts)


def _format_moment(moment: datetime) -> str:
    return f"{fr.format_date(moment)} {moment:%H:%M}"


class StatusBar(Widget):
    """One line at the bottom of a screen, above the footer.

    Not docked: the footer docks at the bottom and two docked widgets would overlap. A screen
    yields it after its content (which takes the remaining height) and before the footer.
    """

    DEFAULT_CSS = """
    StatusBar {
        height: 1;
        padding: 0 1;
        background: $panel;
        color: $text-muted;
    }
    StatusBar.-online {
        color: $text;
    }
    """

    #: Is the central endpoint reachable right now?
    online: reactive[bool] = reactive(False)
    #: Are a server address and a token configured?
    sync_configured: reactive[bool] = reactive(False)
    #: Outbox ops waiting to be sent; ``None`` until counted.
    pending: reactive[int | None] = reactive(None)
    #: End of the last successful sync round; ``None`` if there never was one.
    last_sync: reactive[datetime | None] = reactive(None)
    #: Conflicted ops waiting for a decision, rejected ops waiting for a fix, a round running.
    conflicts: reactive[int] = reactive(0)
    to_fix: reactive[int] = reactive(0)
    #: Pulled records set aside in the quarantine, waiting in À corriger.
    to_examine: reactive[int] = reactive(0)
    running: reactive[bool] = reactive(False)
    #: The database holds demo data (the app reads its flag once the database is open).
    demo: reactive[bool] = reactive(False)
    #: Why the last round stopped on this device (French reason), if it did.
    local_error: reactive[str | None] = reactive(None)

    def on_mount(self) -> None:
        self.demo = bool(getattr(self.app, "demo_database", False))
        # The app's sync controller (screens.sync_types.SyncController), when there is one.
        controller = getattr(self.app, "sync", None)
        if controller is not None:
            self.attach(controller)

    def attach(self, controller: SyncController) -> None:
        """Show the figures of ``controller`` from now on."""
        controller.subscribe(self, self.show_snapshot)

    def show_snapshot(self, snapshot: SyncSnapshot) -> None:
        self.online = bool(snapshot.online) and snapshot.configured
        self.sync_configured = snapshot.configured
        if snapshot.pending is not None:
            self.pending = snapshot.pending
        self.last_sync = snapshot.last_sync
        self.conflicts = snapshot.conflicts
        self.to_fix = snapshot.to_fix
        self.to_examine = snapshot.to_examine
        self.running = snapshot.running
        self.local_error = snapshot.local_error

    def render(self) -> Content:
        # Plain text, not markup: nothing in it is meant as styling.
        return Content(
            status_text(
                online=self.online,
                sync_configured=self.sync_configured,
                pending=self.pending,
                last_sync=self.last_sync,
                conflicts=self.conflicts,
                to_fix=self.to_fix,
                running=self.running,
                demo=self.demo,
                to_examine=self.to_examine,
                local_error=self.local_error,
            )
        )

    def watch_online(self, online: bool) -> None:
        self.set_class(online, "-online")
