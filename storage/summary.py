"""Read-only figures of a local database for the dashboard: counts, never whole tables.

Everything comes from a handful of aggregate queries run in one read transaction, so the figures
are consistent with each other (a write committing meanwhile is either in all of them or in none).
On 100,000 installation projects the whole summary takes a few milliseconds; the screen still runs
it in a thread worker, so the UI never waits on the disk.

::

    summary = database_summary(database.engine)
    summary.record_counts["installation_project"], summary.pending_changes  # (1000, 0)
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from storage.settings import DEMO_ARS_SETTING

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass(frozen=True)
class Summary:
    """What the dashboard shows of one database."""

    #: Live (not deleted) rows per record type, in the order of ``storage.models.RECORD_TYPES``.
    record_counts: dict[str, int]
    #: Live installation projects per status code (only the statuses that occur).
    projects_by_status: dict[str, int]
    #: Local edits not yet sent to the central endpoint (outbox ops in state ``pending``).
    pending_changes: int
    #: Every ``local_setting`` of the database (reference data version, demo flag...).
    settings: dict[str, str] = field(default_factory=dict)
    #: Name of the ARS of the demo data, when the database holds demo data.
    demo_ars_name: str | None = None

    @property
    def demo_ars(self) -> str | None:
        """Code of the ARS whose demo data fill the database, if any."""
        return self.settings.get(DEMO_ARS_SETTING)

    @property
    def total_records(self) -> int:
        return sum(self.record_counts.values())


def database_summary(engine: Engine) -> Summary:
    """Count the records of the database behind ``engine`` (one consistent snapshot)."""
    # Imported here, not at module level: SQLAlchemy and the models (SQLModel, pydantic) take
    # longer to import than Textual itself; the dashboard imports this module for its first
    # frame and calls this function later, from a worker thread.
    from sqlalchemy import text

    from storage.db import read_connection
    from storage.models import RECORD_TYPES

    # Table names come from our own model registry, never from user input: safe to inline.
    counts_sql = " UNION ALL ".join(
        f"SELECT '{table}', COUNT(*) FROM {table} WHERE deleted = 0" for table in RECORD_TYPES
    )
    with read_connection(engine) as connection:
        counts = {table: count for table, count in connection.execute(text(counts_sql))}
        by_status = {
            status: count
            for status, count in connection.execute(
                text(
                    "SELECT status, COUNT(*) FROM installation_project WHERE deleted = 0"
                    " GROUP BY status ORDER BY status"
                )
            )
        }
        pending = connection.execute(
            text(
                "SELECT COUNT(*) FROM outbox_op WHERE state = 'pending'"
                " AND entity != 'record_change'"
            )
        ).scalar_one()
        settings = {
            key: value
            for key, value in connection.execute(text("SELECT key, value FROM local_setting"))
        }
        ars_name = None
        if DEMO_ARS_SETTING in settings:
            ars_name = connection.execute(
                text("SELECT name FROM ars WHERE code = :code"),
                {"code": settings[DEMO_ARS_SETTING]},
            ).scalar_one_or_none()
    return Summary(
        record_counts={table: counts.get(table, 0) for table in RECORD_TYPES},
        projects_by_status=by_status,
        pending_changes=pending,
        settings=settings,
        demo_ars_name=ars_name,
    )
