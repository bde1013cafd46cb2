"""What the sync engine and the screens share: a snapshot of its figures, a way to ask for a round.

It lives below both: the engine (``ars_tui.sync.service``, ``ars_tui.sync_controller``) fills
:class:`SyncSnapshot` and implements :class:`SyncController`, and the screens read them, without
either importing the other (screens never import ``ars_tui``, the engine never imports screens).
The app hands the controller to the screens through :class:`screens.context.ScreenContext` (and as
the app's ``sync`` attribute, which the status bar reads).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class SyncSnapshot:
    """The sync figures at one moment."""

    #: Are a server address and a token configured?
    configured: bool
    #: Did the last attempt reach the server? None before the first attempt.
    online: bool | None
    #: Is a round running now?
    running: bool
    #: Ops waiting to be sent (None: not counted yet).
    pending: int | None
    conflicts: int
    to_fix: int
    #: End of the last successful round.
    last_sync: datetime | None
    #: Why the last round failed (French), None after a success.
    message: str | None
    #: Pulled records set aside because this device could not store them ("à examiner").
    to_examine: int = 0
    #: Why the last round was stopped by this device itself (database, full disk, rights):
    #: French reason for the status bar; None otherwise.
    local_error: str | None = None


class SyncController(Protocol):
    """The app's sync, as screens use it."""

    @property
    def snapshot(self) -> SyncSnapshot | None:
        """The latest figures (None until first counted)."""
        ...

    def request_sync(self) -> None:
        """Start a round now (nothing happens if one is running)."""
        ...

    def refresh(self) -> None:
        """Count the figures again (after a conflict is resolved, an op discarded...)."""
        ...

    def subscribe(self, node: object, callback: Callable[[SyncSnapshot], object]) -> None:
        """Call ``callback`` with each new snapshot while ``node`` (a Textual widget: storage names
        no UI type) is mounted."""
        ...
