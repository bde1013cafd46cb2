"""The sync state of a running app: what the status bar shows, and one round on demand.

:class:`SyncService` knows nothing of Textual: the app (``ars_tui.sync_controller``) decides
*when* to call :meth:`SyncService.run_round` (after saves, every 15 minutes, F5, after a failure
once the backoff has passed) and runs it in a thread worker. The service reads the server and
token afresh each round (``ars-tui config set`` takes effect without a restart), keeps the
figures of :class:`screens.sync_types.SyncSnapshot`, and counts failures for the backoff.
"""

from __future__ import annotations

import contextlib
import threading
from collections.abc import Callable
from datetime import datetime
from typing import Any

from ars_tui import cli_text as cli_tx
from ars_tui import config
from ars_tui.sync.backoff import backoff_delay
from ars_tui.sync.client import RoundResult, SyncClient, SyncError
from screens.sync_types import SyncSnapshot
from storage import sync_state
from storage import vocabulary as voc
from storage.db import describe_error

#: ``SyncError.kind`` of a round stopped by this device itself (retried with the backoff).
LOCAL = "local"


class SyncService:
    """One database's sync: snapshot of its state, and rounds run one at a time."""

    def __init__(
        self,
        database: Any,
        *,
        client_factory: Callable[[Any, str, str], SyncClient] | None = None,
    ) -> None:
        self.database = database
        self._client_factory = client_factory or (
            lambda db, server, token: SyncClient(db, server, token)
        )
        self._lock = threading.Lock()
        self.online: bool | None = None
        self.running = False
        self.failures = 0
        self.message: str | None = None
        self.last_error: SyncError | None = None
        self.last_result: RoundResult | None = None

    def configured(self) -> bool:
        try:
            return config.resolve().complete
        except config.ConfigError:
            return False

    def snapshot(self) -> SyncSnapshot:
        """The figures now (reads the database: call from a worker thread)."""
        status = sync_state.sync_status(self.database.engine)
        return SyncSnapshot(
            configured=self.configured(),
            online=self.online,
            running=self.running,
            pending=status.pending,
            conflicts=status.conflicts,
            to_fix=status.rejected,
            last_sync=status.last_sync,
            message=self.message,
            to_examine=status.quarantined,
            local_error=self.local_error,
        )

    def run_round(self) -> RoundResult | None:
        """One round (blocking). Returns None when sync is not configured or one is running.

        Failures are kept (``message``, ``online``, ``failures``) rather than raised: the app
        shows them and schedules the next try with :meth:`retry_delay`.
        """
        if not self._lock.acquire(blocking=False):
            return None
        try:
            settings = config.resolve()
        except config.ConfigError as error:
            self.message = str(error)
            self._lock.release()
            return None
        if not settings.complete:
            self.message = voc.SYNC_NOT_CONFIGURED
            self._lock.release()
            return None
        assert settings.server is not None and settings.token is not None
        self.running = True
        try:
            client = self._client_factory(self.database, settings.server, settings.token)
            try:
                result = client.run_round()
            finally:
                client.close()
        except SyncError as error:
            self._failed(error)
            return None
        except Exception as error:  # this device's fault: its database, disk or rights
            self._failed(local_error(error))
            return None
        finally:
            self.running = False
            self._lock.release()
        self.failures = 0
        self.online = True
        self.last_error = None
        self.message = None
        self.last_result = result
        return result

    def _failed(self, error: SyncError) -> None:
        """Keep why the round stopped (shown, logged) and count it for the backoff."""
        self.last_error = error
        self.message = error.message
        if error.kind == "busy":
            return
        self.failures += 1
        if error.kind != LOCAL:  # a local fault says nothing of the network
            self.online = error.kind not in ("unreachable",)
        with contextlib.suppress(Exception):  # a full disk, say: the status bar still says why
            sync_state.log(self.database.engine, "error", error.message)

    @property
    def local_error(self) -> str | None:
        """The French reason of a round stopped by this device itself, None otherwise."""
        error = self.last_error
        return getattr(error, "reason", None) if error is not None else None

    def retry_delay(self) -> float | None:
        """Seconds before trying again on our own, or None when a person must act first.

        A refused token, an old version or a region refusal will not fix themselves: the app
        waits for F5 or the 15-minute timer rather than knocking every few seconds.
        """
        error = self.last_error
        if error is None or self.failures == 0:
            return None
        if error.kind in ("unauthorized", "upgrade", "forbidden", "not_configured"):
            return None
        return backoff_delay(self.failures, retry_after=error.retry_after)


class LocalSyncError(SyncError):
    """A round stopped by this device (database, full disk, rights): French, no data in it."""

    def __init__(self, reason: str) -> None:
        super().__init__(cli_tx.SYNC_LOCAL_ERROR.format(reason=reason), kind=LOCAL)
        self.reason = reason


def local_error(error: BaseException) -> LocalSyncError:
    """``error`` as a :class:`LocalSyncError`: only its French reason, never its text.

    A database error's text quotes the SQL and its values (people's names); the reason comes
    from :func:`storage.db.describe_error`, which reads only its code.
    """
    return LocalSyncError(describe_error(error)[0])


def format_last_sync(moment: datetime | None) -> str:
    return voc.STATUS_NEVER if moment is None else f"{voc.format_date(moment)} {moment:%H:%M}"
