"""One sync at a time per database: an OS file lock beside the database file.

``fcntl.flock`` on ``<database>.sync.lock``, non-blocking: a second process (a cron job while
the TUI runs) or a second thread is told at once that a sync is already running, instead of
sending the same ops twice. The OS drops the lock when the process dies, so a crash never
leaves it stuck. (flock is per open file: two opens in one process exclude each other too.)
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from ars_tui import cli_text as cli_tx


class SyncBusy(Exception):
    """Another sync of the same database is running."""

    def __init__(self) -> None:
        super().__init__(cli_tx.SYNC_ALREADY_RUNNING)


def lock_path(database_path: Path) -> Path:
    return Path(f"{database_path}.sync.lock")


@contextmanager
def sync_lock(database_path: Path) -> Iterator[None]:
    """Hold the database's sync lock for the block, or raise :class:`SyncBusy` at once."""
    path = lock_path(Path(database_path))
    path.parent.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise SyncBusy() from None
        try:
            yield
        finally:
            fcntl.flock(descriptor, fcntl.LOCK_UN)
    finally:
        os.close(descriptor)
