"""Settings of one database (``local_setting``): read and write a key, and the device's ARS.

The device's ARS is the scope of records that have no commune to tell theirs (a professional,
an MSP project). It is set when the device is bound to a region (``ARS_SETTING``, written by the
sync set-up); a demo database falls back to the ARS of its demo data.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

#: The ARS this device works for.
ARS_SETTING = "ars_code"
#: The ARS whose demo data fill the database (set by storage.demo.generator).
DEMO_ARS_SETTING = "demo_ars"
#: "1" when ``ars-tui demo`` filled the database: every screen, report and export says so.
DEMO_SETTING = "demo"


def get_setting(connection: Connection, key: str) -> str | None:
    from sqlalchemy import text

    return connection.execute(
        text("SELECT value FROM local_setting WHERE key = :key"), {"key": key}
    ).scalar()


def set_setting(connection: Connection, key: str, value: str) -> None:
    """Write ``key`` (inside the caller's write transaction)."""
    from sqlalchemy import text

    connection.execute(
        text(
            "INSERT INTO local_setting (key, value) VALUES (:key, :value) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value"
        ),
        {"key": key, "value": value},
    )


def device_ars_code(engine: Engine) -> str | None:
    """The device's ARS: the one it is bound to, else that of its demo data, else None."""
    from storage.db import read_connection

    with read_connection(engine) as connection:
        return get_setting(connection, ARS_SETTING) or get_setting(connection, DEMO_ARS_SETTING)


def is_demo(connection: Connection) -> bool:
    """Whether the database holds demo data (``ars-tui demo`` wrote :data:`DEMO_SETTING`)."""
    return get_setting(connection, DEMO_SETTING) == "1"


def is_demo_database(engine: Engine) -> bool:
    from storage.db import read_connection

    with read_connection(engine) as connection:
        return is_demo(connection)
