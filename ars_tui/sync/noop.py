"""``ars-tui sync`` with nothing to do, without SQLAlchemy, httpx nor pydantic (issue 15).

A cron job finds the device up to date most of the time: nothing waits in the outbox and the
server has nothing new. That round only needs to say hello, ask one pull page, find it empty and
write down that it went well. :func:`noop_round` does exactly that with the standard library:
``sqlite3`` for the database, ``http.client`` for the two requests. Importing SQLAlchemy,
pydantic and httpx costs about 0.27 s of a 0.5 s command, more than the round itself.

It gives up (returns None, having written nothing) as soon as there is anything to do or
anything unusual, and the caller then runs the full round (:class:`ars_tui.sync.client.SyncClient`),
which does everything again from the start and owns every error message, exit code, retry and
log line: ops waiting, in conflict or to fix; rows in the pull page; a schema, reference data or
resync that the full open would act upon; any answer but a 200 with the expected fields; any
network or database error; a proxy in the environment (httpx honours it, ``http.client`` would
not); another sync holding the lock. So the no-op round can only end one way: the very line,
log entry, cursor and last-sync time the full round would have written.

Same guarantees as the full round: the database's sync lock is held throughout; the token, the
protocol and schema headers are sent as :func:`ars_tui.protocol.client_headers` makes them (that
module imports pydantic, hence the copy checked by tests/test_sync_noop_fast.py); https is
verified with the CA bundle httpx would use (``SSL_CERT_FILE``, ``SSL_CERT_DIR``, else certifi's)
and host names are checked; timeouts are httpx's (10 s to connect, 60 s per read).
"""

from __future__ import annotations

import gzip
import http.client
import json
import os
import sqlite3
import ssl
from collections.abc import Mapping
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urlsplit

from ars_tui.sync.lock import SyncBusy, sync_lock
from ars_tui.sync.outcome import RoundResult
from storage.migrations import HEAD_REVISION

# Copies of constants whose modules import SQLAlchemy or pydantic (a test keeps them equal).
#: storage.db.BUSY_TIMEOUT_MS
BUSY_TIMEOUT_MS = 10_000
#: storage.db.REFERENCE_VERSION_SETTING
REFERENCE_VERSION_SETTING = "reference_version"
#: storage.sync.state.CURSOR_SETTING, LAST_SYNC_SETTING
CURSOR_SETTING = "sync_cursor"
LAST_SYNC_SETTING = "sync_last_success"
#: storage.settings.ARS_SETTING
ARS_SETTING = "ars_code"
#: ars_tui.protocol: PROTOCOL_VERSION and the paths and headers of the sync calls.
PROTOCOL_VERSION = 1
HELLO_PATH = "/v1/sync/hello"
PULL_PATH = "/v1/sync/pull"
#: ars_tui.sync.client.PULL_PAGE
PULL_PAGE = 1000
#: The timeouts of ars_tui.sync.client.SyncClient (httpx.Timeout(60.0, connect=10.0)).
CONNECT_TIMEOUT = 10.0
READ_TIMEOUT = 60.0
#: Outbox states that leave nothing to do (ars_tui.sync_state.ACKED): any other means work.
DONE_STATE = "acked"
#: Environment variables through which httpx would route the requests via a proxy.
PROXY_VARIABLES = ("all_proxy", "http_proxy", "https_proxy")
#: How ``sync_log.at`` is stored (SQLAlchemy's DateTime on SQLite: UTC, without the offset).
LOG_TIME_FORMAT = "%Y-%m-%d %H:%M:%S.%f"


class _GiveUp(Exception):
    """Something to do or something unusual: the full round takes over."""


def noop_round(path: Path, server: str, token: str) -> RoundResult | None:
    """The round when nothing is to be done, or None (nothing written) for the full round."""
    if _uses_proxy() or not path.is_file():
        return None
    try:
        database = sqlite3.connect(path, timeout=BUSY_TIMEOUT_MS / 1000, isolation_level=None)
        try:
            # Checked before the lock is taken, as the full round opens the database first: a
            # damaged or foreign file gets no lock file beside it.
            _nothing_waiting(database)
            with sync_lock(path):
                return _round(database, server, token)
        finally:
            database.close()
    except (_GiveUp, SyncBusy, OSError, sqlite3.Error, http.client.HTTPException, ValueError):
        # SyncBusy included: the full round says so, in its words and with its exit code.
        return None


def _round(database: sqlite3.Connection, server: str, token: str) -> RoundResult:
    database.execute("PRAGMA synchronous=FULL")  # as storage.db: the log line is durable
    cursor, device_ars = _nothing_waiting(database)  # again, now that no other round can run
    connection = _connection(server)
    try:
        hello = _get_json(connection, server, HELLO_PATH, token)
        ars_code, max_pull = _checked_hello(hello)
        limit = max(1, min(PULL_PAGE, max_pull))
        page = _get_json(connection, server, PULL_PATH, token, since=cursor, limit=limit)
    finally:
        connection.close()
    new_cursor = _empty_page_cursor(page)
    result = RoundResult(ars_code=ars_code)
    _record_success(database, result.summary(), ars_code, device_ars, new_cursor)
    return result


# --- the database ----------------------------------------------------------------------------


def _nothing_waiting(database: sqlite3.Connection) -> tuple[int, str | None]:
    """(pull cursor, device's ARS) of a database the full open would leave as it is and whose
    outbox holds nothing to send nor to show; raises :class:`_GiveUp` otherwise."""
    revision = database.execute("SELECT version_num FROM alembic_version").fetchone()
    if revision is None or revision[0] != HEAD_REVISION:
        raise _GiveUp  # the full open migrates it
    if _setting(database, REFERENCE_VERSION_SETTING) != _packaged_reference_version():
        raise _GiveUp  # the full open loads the new reference data
    waiting = database.execute(
        "SELECT 1 FROM outbox_op WHERE state != ? LIMIT 1", (DONE_STATE,)
    ).fetchone()
    if waiting is not None:
        raise _GiveUp  # ops to push, or conflicts and ops to fix the command lists
    if database.execute("SELECT 1 FROM sync_resync_pending LIMIT 1").fetchone() is not None:
        raise _GiveUp  # a download after purged tombstones to finish
    return int(_setting(database, CURSOR_SETTING) or 0), _setting(database, ARS_SETTING)


def _packaged_reference_version() -> str:
    """As storage.db._reference_data_current reads it (beside the package: importlib.resources
    would add about 10 ms of imports)."""
    import storage

    version_file = Path(storage.__file__).parent / "reference" / "data" / "VERSION"
    return version_file.read_text(encoding="ascii").strip()


def _setting(database: sqlite3.Connection, key: str) -> str | None:
    row = database.execute("SELECT value FROM local_setting WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def _record_success(
    database: sqlite3.Connection,
    summary: str,
    ars_code: str,
    device_ars: str | None,
    cursor: int,
) -> None:
    """What the full round writes after a round with nothing moved, in one transaction:
    the device's ARS (when the server says another), the cursor, the time and a log line."""
    now = datetime.now(UTC)
    settings = {CURSOR_SETTING: str(cursor), LAST_SYNC_SETTING: now.isoformat()}
    if device_ars != ars_code:
        settings[ARS_SETTING] = ars_code
    database.execute("BEGIN IMMEDIATE")
    try:
        database.executemany(
            "INSERT INTO local_setting (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            settings.items(),
        )
        database.execute(
            "INSERT INTO sync_log (at, kind, summary) VALUES (?, 'ok', ?)",
            (now.strftime(LOG_TIME_FORMAT), summary),
        )
    except BaseException:
        database.execute("ROLLBACK")
        raise
    database.execute("COMMIT")


# --- HTTP ------------------------------------------------------------------------------------


def _uses_proxy() -> bool:
    names = {name.lower() for name in os.environ}
    return any(variable in names for variable in PROXY_VARIABLES)


def _ssl_context() -> ssl.SSLContext:
    """The verified context httpx makes (httpx.create_ssl_context, verify=True, trust_env)."""
    if os.environ.get("SSL_CERT_FILE"):
        return ssl.create_default_context(cafile=os.environ["SSL_CERT_FILE"])
    if os.environ.get("SSL_CERT_DIR"):
        return ssl.create_default_context(capath=os.environ["SSL_CERT_DIR"])
    import certifi

    return ssl.create_default_context(cafile=certifi.where())


def _connection(server: str) -> http.client.HTTPConnection:
    """A connection to the server (one, kept alive for both requests), connected."""
    parts = urlsplit(server)
    if parts.hostname is None or parts.scheme.lower() not in ("http", "https"):
        raise _GiveUp
    connection: http.client.HTTPConnection
    if parts.scheme.lower() == "https":
        connection = http.client.HTTPSConnection(
            parts.hostname, parts.port, timeout=CONNECT_TIMEOUT, context=_ssl_context()
        )
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=CONNECT_TIMEOUT)
    connection.connect()
    assert connection.sock is not None
    connection.sock.settimeout(READ_TIMEOUT)
    return connection


def _headers(token: str) -> dict[str, str]:
    """ars_tui.protocol.client_headers, and gzip'd answers accepted as SyncClient asks them."""
    return {
        "Authorization": f"Bearer {token}",
        "X-Ars-Protocol": str(PROTOCOL_VERSION),
        "X-Ars-Schema": HEAD_REVISION,
        "Accept-Encoding": "gzip",
        "Accept": "*/*",
    }


def _get_json(
    connection: http.client.HTTPConnection, server: str, path: str, token: str, **params: int
) -> Any:
    """The JSON body of a 200 answer to GET ``path``; anything else gives up."""
    target = urlsplit(server).path.rstrip("/") + path
    if params:
        target += "?" + urlencode(params)
    connection.request("GET", target, headers=_headers(token))
    response = connection.getresponse()
    body = response.read()
    if response.status != 200:
        raise _GiveUp  # the full round knows each status's message and exit code
    if (response.getheader("Content-Encoding") or "").lower() == "gzip":
        body = gzip.decompress(body)
    return json.loads(body)


def _checked_hello(hello: Any) -> tuple[str, int]:
    """(the token's ARS, the server's largest pull page) of a hello that has every field."""
    if not isinstance(hello, Mapping):
        raise _GiveUp
    strings = ("schema", "ars_code", "device", "server_time")
    if not all(isinstance(hello.get(name), str) for name in strings):
        raise _GiveUp
    if not _is_int(hello.get("protocol")) or not isinstance(hello.get("scope"), list):
        raise _GiveUp
    datetime.fromisoformat(hello["server_time"])  # ValueError: gives up
    limits = hello.get("limits") or {}
    max_pull = limits.get("max_pull_limit", PULL_PAGE) if isinstance(limits, Mapping) else None
    if not _is_int(max_pull):
        raise _GiveUp
    return hello["ars_code"], max_pull


def _empty_page_cursor(page: Any) -> int:
    """The cursor of a pull page without rows; a page with rows gives up (work to do)."""
    if not isinstance(page, Mapping) or page.get("rows") != [] or "has_more" not in page:
        raise _GiveUp
    cursor = page.get("cursor")
    if not _is_int(cursor):
        raise _GiveUp
    return int(cursor)


def _is_int(value: Any) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
