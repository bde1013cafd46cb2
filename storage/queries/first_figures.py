"""The dashboard's first figures, read before SQLAlchemy is even imported.

Opening the app costs about 0.4 s of imports (SQLAlchemy, the SQLModel tables) before
:func:`storage.queries.dashboard.dashboard_figures` can count anything: on a slow laptop the figures
came about a second after the first frame. The first thing a correspondent reads, the projects
of the device's ARS by status with their total, needs none of that: :func:`peek_project_statuses`
opens the file read-only with the standard library's ``sqlite3`` driver and runs one grouped
count, with the same territory filter as the dashboard
(:func:`storage.queries.territories.record_filter`). The full figures replace these when they come;
a test keeps both counts equal.

The peek gives up (returns None) whenever it would have to guess: a file that does not exist
yet, a schema that is not at the newest migration (the app migrates it first), a device with no
ARS set, or any database error. The dashboard then simply waits for the full figures.
"""

from __future__ import annotations

import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from storage.migrations import HEAD_REVISION
from storage.queries import territories
from storage.settings import ARS_SETTING, DEMO_ARS_SETTING


@dataclass(frozen=True)
class PeekedStatuses:
    """Installation projects of ``territory`` per status, read before the database is open."""

    territory: territories.Territory
    projects_by_status: dict[str, int]


class EarlyPeek(threading.Thread):
    """:func:`peek_project_statuses` run in its own thread from the very start of the process.

    The command line starts it before importing Textual and the app (about 0.17 s of imports):
    the grouped count runs meanwhile (SQLite lets the interpreter go while it reads), so the
    figures are ready when the dashboard is first drawn instead of about 0.1 s after it. The
    labels of the statuses (``workflows.toml``) are read here too, for the same reason.
    """

    def __init__(self, path: Path) -> None:
        super().__init__(name="ars-tui-early-peek", daemon=True)
        self.path = path
        self.peeked: PeekedStatuses | None = None

    def run(self) -> None:
        self.peeked = peek_project_statuses(self.path)
        if self.peeked is not None:
            from storage.records.workflows import workflows

            workflows()

    def result(self) -> PeekedStatuses | None:
        """The figures once the peek is over (it gives up by itself after its 1 s timeout)."""
        self.join()
        return self.peeked


def start_early_peek(path: Path) -> EarlyPeek:
    """Start :class:`EarlyPeek` on ``path`` and return it."""
    peek = EarlyPeek(path)
    peek.start()
    return peek


def peek_project_statuses(path: Path) -> PeekedStatuses | None:
    """Projects by status of the device's ARS, or None when they cannot be read safely."""
    try:
        connection = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True, timeout=1)
    except (sqlite3.Error, ValueError, OSError):
        return None
    try:
        return _peek(connection)
    except sqlite3.Error:
        return None
    finally:
        connection.close()


def _peek(connection: sqlite3.Connection) -> PeekedStatuses | None:
    revision = connection.execute("SELECT version_num FROM alembic_version").fetchone()
    if revision is None or revision[0] != HEAD_REVISION:
        return None
    code = _device_ars(connection)
    if code is None:
        return None
    name = connection.execute("SELECT name FROM ars WHERE code = ?", (code,)).fetchone()
    territory = territories.Territory("ars", code, name[0] if name else "")
    rows = connection.execute(*status_counts_query(territory))
    return PeekedStatuses(territory, {status: int(count) for status, count in rows})


def status_counts_query(territory: territories.Territory) -> tuple[str, Any]:
    """The SQL (and its parameters) of the projects by status of ``territory``: answered from
    the index ``ix_installation_project_status_figures`` alone (migration 0012)."""
    where = territories.record_filter(territory, "p", "installation_project")
    sql = (
        f"SELECT p.status, COUNT(*) FROM installation_project p WHERE p.deleted = 0 AND {where}"
        " GROUP BY p.status"
    )
    return sql, territories.params(territory)


def _device_ars(connection: sqlite3.Connection) -> str | None:
    """The device's ARS, else that of its demo data (:func:`territories.default_ars`'s order)."""
    for key in (ARS_SETTING, DEMO_ARS_SETTING):
        row = connection.execute("SELECT value FROM local_setting WHERE key = ?", (key,)).fetchone()
        if row and row[0]:
            return str(row[0])
    return None
