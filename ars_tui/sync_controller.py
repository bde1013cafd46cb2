"""When the app syncs, and how the screens hear about it (the Textual side of the sync service).

Triggers (docs/SYNC.md, "The client loop"):

- a save: screens post :class:`screens.messages.RecordSaved`; the round starts
  :data:`SAVE_DEBOUNCE_S` seconds after the last one (a burst of saves makes one round);
- every :data:`PERIOD_S` (15 minutes) while the app runs, and once at start;
- F5 (binding ``app.sync``) or the "Synchroniser maintenant" button;
- after a failure, once the backoff delay has passed (full jitter, 2 s .. 5 min, honouring
  Retry-After): the round starts with the hello probe, so the probe succeeding after a failure
  is what makes the outbox go.

Rounds run in a thread worker (the UI never waits on the network or the database) and one at a
time (the service's lock, and the file lock for other processes). Each change of the figures is
published on :attr:`SyncController.signal`; the status bar of every screen and the sync screens
subscribe to it.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from textual.dom import DOMNode
from textual.signal import Signal
from textual.timer import Timer

from ars_tui.sync.service import SyncService
from storage.sync.snapshot import SyncSnapshot

if TYPE_CHECKING:
    from textual.app import App

SAVE_DEBOUNCE_S = 5.0
PERIOD_S = 15 * 60.0
#: What the status bar shows when nothing could ever be counted (unreadable database).
_EMPTY = SyncSnapshot(
    configured=False,
    online=None,
    running=False,
    pending=None,
    conflicts=0,
    to_fix=0,
    last_sync=None,
    message=None,
)


class SyncController:
    """Implements :class:`storage.sync.snapshot.SyncController` for the running app."""

    def __init__(self, app: App[Any], service: SyncService, *, auto: bool = True) -> None:
        self.app = app
        self.service = service
        #: False in tests that want rounds only when they ask (no start-up or periodic round).
        self.auto = auto
        self.signal: Signal[SyncSnapshot] = Signal(app, "sync-status")
        self._snapshot: SyncSnapshot | None = None
        self._debounce: Timer | None = None
        self._retry: Timer | None = None
        self._again = False
        #: Rounds finished (tests wait on it).
        self.rounds = 0

    # --- the Protocol screens use ----------------------------------------------------------------

    @property
    def snapshot(self) -> SyncSnapshot | None:
        return self._snapshot

    def subscribe(self, node: DOMNode, callback: Callable[[SyncSnapshot], object]) -> None:
        self.signal.subscribe(node, callback)
        if self._snapshot is not None:
            node.call_next(callback, self._snapshot)

    def request_sync(self) -> None:
        if self.service.running:
            self._again = True  # one more round once this one ends (edits made meanwhile)
            return
        self._cancel(self._retry)
        self.app.run_worker(self._round, thread=True, group="sync", exit_on_error=False)

    def refresh(self) -> None:
        self.app.run_worker(self._count, thread=True, group="sync-count", exit_on_error=False)

    # --- triggers -----------------------------------------------------------------------------

    def start(self) -> None:
        """Count the figures; then, if automatic, a first round and the 15-minute timer."""
        self.refresh()
        if self.auto:
            self.app.set_interval(PERIOD_S, self.request_sync, name="sync-period")
            if self.service.configured():
                self.request_sync()

    def record_saved(self) -> None:
        """A save: sync a few seconds after the last one (and count the waiting ops now)."""
        self.refresh()
        self._cancel(self._debounce)
        self._debounce = self.app.set_timer(SAVE_DEBOUNCE_S, self.request_sync, name="sync-save")

    # --- workers ------------------------------------------------------------------------------

    def _round(self) -> None:
        # Whatever happens here, the round ends: the status bar leaves "synchronisation…", the
        # retry is scheduled and a request made meanwhile is not forgotten.
        try:
            self.app.call_from_thread(self._publish, self._running_snapshot())
            self.service.run_round()
        finally:
            self.app.call_from_thread(self._round_done, self._final_snapshot())

    def _running_snapshot(self) -> SyncSnapshot:
        return replace(self._snapshot or self._final_snapshot(), running=True)

    def _final_snapshot(self) -> SyncSnapshot:
        """The figures after a round; the last known ones if the database cannot be read."""
        try:
            return self.service.snapshot()
        except Exception:  # an unreadable database: keep the figures, say why the round stopped
            base = self._snapshot or _EMPTY
            return replace(
                base,
                running=False,
                message=self.service.message,
                local_error=self.service.local_error,
            )

    def _count(self) -> None:
        try:
            snapshot = self.service.snapshot()
        except Exception:  # an unreadable database: the dashboard says why, not us
            return
        self.app.call_from_thread(self._publish, snapshot)

    def _round_done(self, snapshot: SyncSnapshot) -> None:
        self.rounds += 1
        self._publish(snapshot)
        delay = self.service.retry_delay()
        if delay is not None and self.auto:
            # Failed: the retry also sends what was saved meanwhile; ``_again`` stays set so
            # that one more round follows if the retry was still running when it came.
            self._retry = self.app.set_timer(delay, self.request_sync, name="sync-retry")
            return
        if self._again:
            self._again = False
            self.request_sync()

    def _publish(self, snapshot: SyncSnapshot) -> None:
        self._snapshot = snapshot
        self.signal.publish(snapshot)

    @staticmethod
    def _cancel(timer: Timer | None) -> None:
        if timer is not None:
            timer.stop()
