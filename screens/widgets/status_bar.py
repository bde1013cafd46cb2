"""The status line every screen shows: connection, changes waiting to be sent, last sync.

The widget only displays; whoever knows the figures sets its reactive attributes (the dashboard
sets ``pending`` when its summary arrives; the sync client will set ``online`` and ``last_sync``).
"""

from __future__ import annotations

from datetime import datetime

from textual.content import Content
from textual.reactive import reactive
from textual.widget import Widget

from screens import text as tx
from screens.sync_types import SyncController, SyncSnapshot
from storage import vocabulary as voc

#: When the line is wider than the bar, these steps apply in order until it fits: a part takes its
#: short form, or is left out. The demo flag (short: "démo"), the last sync time (short: without
#: its year) and what waits for a decision (conflicts, corrections, an interrupted round) stay.
FIT_STEPS: tuple[tuple[str, str], ...] = (
    ("short", "not_configured"),
    ("short", "pending"),
    ("short", "running"),
    ("drop", "not_configured"),
    ("short", "last_sync"),
    ("short", "demo"),
    ("drop", "running"),
    ("drop", "pending"),
    ("drop", "connection"),
    ("drop", "to_examine"),
)


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
    width: int | None = None,
) -> str:
    """The status line as plain French text (also what tests read), fitted to ``width``
    characters when given (short forms first, then the least useful parts left out)."""
    parts = _parts(
        online=online,
        sync_configured=sync_configured,
        pending=pending,
        last_sync=last_sync,
        conflicts=conflicts,
        to_fix=to_fix,
        running=running,
        demo=demo,
        to_examine=to_examine,
        local_error=local_error,
    )
    shown = {key: full for key, full, _short in parts}
    shorts = {key: short for key, _full, short in parts}

    def line() -> str:
        return " │ ".join(text for key, _f, _s in parts if (text := shown.get(key)) is not None)

    if width is None:
        return line()
    for step, key in FIT_STEPS:
        if len(line()) <= width:
            break
        if step == "drop":
            shown.pop(key, None)
        elif key in shown:
            shown[key] = shorts[key]
    return line()  # when still too wide, the terminal cuts its end


def _parts(
    *,
    online: bool,
    sync_configured: bool,
    pending: int | None,
    last_sync: datetime | None,
    conflicts: int,
    to_fix: int,
    running: bool,
    demo: bool,
    to_examine: int,
    local_error: str | None,
) -> list[tuple[str, str, str]]:
    """(key, full text, short text) of each part, most important first."""
    connection = tx.STATUS_ONLINE if online else tx.STATUS_OFFLINE
    if pending is None:
        waiting = (tx.STATUS_PENDING_UNKNOWN, tx.STATUS_PENDING_SHORT.format(count="…"))
    else:
        count = voc.format_int(pending)
        if pending == 0:
            full = tx.STATUS_PENDING_NONE
        elif pending == 1:
            full = tx.STATUS_PENDING_ONE
        else:
            full = tx.STATUS_PENDING_MANY.format(count=count)
        waiting = (full, tx.STATUS_PENDING_SHORT.format(count=count))
    if last_sync is None:
        when = (voc.STATUS_NEVER, voc.STATUS_NEVER)
    else:
        when = (_format_moment(last_sync), f"{last_sync:%d/%m %H:%M}")
    parts = [
        ("connection", connection, connection),
        ("pending", *waiting),
        ("last_sync", *(tx.STATUS_LAST_SYNC.format(when=moment) for moment in when)),
    ]
    if running:
        parts.insert(1, ("running", tx.STATUS_SYNC_RUNNING, tx.STATUS_SYNC_RUNNING_SHORT))
    elif local_error:  # the round stopped on this device (disk full...): say it, second
        parts.insert(
            1,
            (
                "local_error",
                tx.STATUS_SYNC_LOCAL_ERROR.format(reason=local_error),
                tx.STATUS_SYNC_LOCAL_ERROR_SHORT.format(reason=local_error),
            ),
        )
    if conflicts:
        text = tx.STATUS_CONFLICTS.format(count=voc.format_int(conflicts))
        parts.insert(2, ("conflicts", text, text))
    if to_fix:
        text = tx.STATUS_TO_FIX.format(count=voc.format_int(to_fix))
        parts.insert(3 if conflicts else 2, ("to_fix", text, text))
    if to_examine:
        at = 2 + bool(conflicts) + bool(to_fix)
        text = tx.STATUS_TO_EXAMINE.format(count=voc.format_int(to_examine))
        parts.insert(at, ("to_examine", text, text))
    if not sync_configured:
        parts.append(
            ("not_configured", tx.STATUS_SYNC_NOT_CONFIGURED, tx.STATUS_SYNC_NOT_CONFIGURED_SHORT)
        )
    if demo:  # first: a demo database must never pass for a real one
        parts.insert(0, ("demo", tx.STATUS_DEMO, tx.STATUS_DEMO_SHORT))
    return parts


def _format_moment(moment: datetime) -> str:
    return f"{voc.format_date(moment)} {moment:%H:%M}"


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
                width=self.content_size.width or None,
            )
        )

    def watch_online(self, online: bool) -> None:
        self.set_class(online, "-online")
