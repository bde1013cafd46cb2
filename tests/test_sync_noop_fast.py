"""``ars-tui sync`` on an up-to-date device takes the stdlib round (ars_tui/sync/noop.py), and
anything to do or anything unusual takes the full round (issue 15: a no-op sync under 0.35 s).

A real ``ars-tui serve`` on loopback and real device files; the command runs in a fresh process
that reports which modules it imported: the no-op round must not import SQLAlchemy, httpx nor
pydantic, the full round does. Timings are for bench/bench_sync.py.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from ars_tui.sync import noop
from ars_tui.sync.client import SyncClient
from ars_tui.sync.lock import sync_lock
from storage.db import Database
from storage.records.store import Store
from storage.sync import progress as sync_progress
from storage.sync import state as sync_state
from tests.support.central_server import RunningServer, ars_tui_command, start_central_server
from tests.support.unprivileged import unprivileged_prefix

PRO = {"last_name": "Payet", "first_name": "Léa", "situation": "remplacant"}
NOTHING_MOVED = "Synchronisation terminée : 0 envoyée(s), 0 reçue(s), 0 conflit(s), 0 à corriger."
HEAVY = ("sqlalchemy", "httpx", "pydantic")

#: ``ars-tui sync`` through the command line's entry point; prints its exit code and modules.
CLI_SYNC = textwrap.dedent(
    """
    import json, sys

    from ars_tui.cli import main

    code = main(["sync", "--db", sys.argv[1], "--server", sys.argv[2], "--token", sys.argv[3]])
    loaded = sorted(name for name, module in sys.modules.items() if module is not None)
    print(json.dumps({"code": code, "modules": loaded}))
    """
)


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningServer]:
    folder = tmp_path_factory.mktemp("central")
    with start_central_server(f"sqlite:///{folder / 'central.db'}", folder) as running:
        yield running


class Device:
    def __init__(self, database: Database, server: RunningServer, name: str) -> None:
        self.database = database
        self.url = server.url
        self.token = server.token("REU", name)
        self.store = Store(database.engine, user=name, ars_code="REU")

    def sync(self) -> None:
        with SyncClient(self.database, self.url, self.token, retries=0) as client:
            client.run_round()

    def cli_sync(self, *prefix: str, **env: str) -> tuple[int, str, str, set[str]]:
        """(exit code, stdout lines before the report, stderr, modules imported); ``prefix``
        runs the command under another (setpriv: file modes bind root too)."""
        done = subprocess.run(
            [
                *prefix,
                sys.executable,
                "-c",
                CLI_SYNC,
                str(self.database.path),
                self.url,
                self.token,
            ],
            capture_output=True,
            text=True,
            timeout=120,
            env={**_clean_environment(), **env},
        )
        *printed, report = done.stdout.strip().splitlines()
        result = json.loads(report)
        return result["code"], "\n".join(printed), done.stderr, set(result["modules"])

    def count(self, table: str) -> int:
        with self.database.engine.connect() as connection:
            return int(connection.execute(text(f"SELECT count(*) FROM {table}")).scalar() or 0)


def _clean_environment() -> dict[str, str]:
    """This process's environment without proxies (a proxy sends the command the full way)."""
    return {
        name: value
        for name, value in os.environ.items()
        if name.lower() not in noop.PROXY_VARIABLES and name.lower() != "no_proxy"
    }


@pytest.fixture
def make_device(
    tmp_path: Path, server: RunningServer, fresh_copies: Callable[[str], Database]
) -> object:
    def make(name: str) -> Device:
        device = Device(fresh_copies(name), server, f"{tmp_path.name}-{name}")
        device.sync()  # up to date
        return device

    return make


def _heavy(modules: set[str]) -> set[str]:
    return {name for name in modules if name.split(".")[0] in HEAVY}


def test_an_up_to_date_device_syncs_without_sqlalchemy_httpx_nor_pydantic(
    make_device: object,
) -> None:
    alice = make_device("alice")  # type: ignore[operator]
    before = sync_progress.sync_status(alice.database.engine)
    started = datetime.now(UTC)
    code, printed, stderr, modules = alice.cli_sync()
    assert code == 0, stderr
    assert printed == NOTHING_MOVED
    assert "ars_tui.sync.noop" in modules
    assert _heavy(modules) == set()
    # Written as the full round writes it: read back through storage.sync.state.
    status = sync_progress.sync_status(alice.database.engine)
    assert status.last_sync is not None and status.last_sync >= started - timedelta(seconds=1)
    assert before.last_sync is not None and status.last_sync > before.last_sync
    assert status.cursor == before.cursor
    newest = sync_progress.recent_log(alice.database.engine, limit=1)[0]
    assert (newest.kind, newest.summary) == ("ok", NOTHING_MOVED.split(" : ", 1)[1])
    assert newest.at.replace(tzinfo=UTC) >= started - timedelta(seconds=1)


def test_an_edit_waiting_takes_the_full_round(make_device: object) -> None:
    alice = make_device("alice")  # type: ignore[operator]
    alice.store.create("professional", PRO)
    code, printed, stderr, modules = alice.cli_sync()
    assert code == 0, stderr
    assert printed.startswith("Synchronisation terminée : 1 envoyée(s),")
    assert {"sqlalchemy", "httpx"} <= _heavy(modules)
    assert sync_progress.sync_status(alice.database.engine).pending == 0


def test_records_new_on_the_server_take_the_full_round(make_device: object) -> None:
    alice = make_device("alice")  # type: ignore[operator]
    bruno = make_device("bruno")  # type: ignore[operator]
    professionals = alice.count("professional")
    bruno.store.create("professional", PRO)
    bruno.sync()
    code, printed, stderr, modules = alice.cli_sync()
    assert code == 0, stderr
    assert printed == (
        "Synchronisation terminée : 0 envoyée(s), 1 reçue(s), 0 conflit(s), 0 à corriger."
    )
    assert "httpx" in _heavy(modules)
    assert alice.count("professional") == professionals + 1


def test_a_revoked_token_says_so_with_its_exit_code(
    make_device: object, server: RunningServer
) -> None:
    alice = make_device("alice")  # type: ignore[operator]
    subprocess.run(
        ars_tui_command("token", "revoke", alice.store.user, "--db", server.database_url),
        check=True,
        capture_output=True,
    )
    code, printed, stderr, _modules = alice.cli_sync()
    assert code == 5
    assert printed == ""
    assert "jeton refusé ou révoqué" in stderr
    assert sync_progress.recent_log(alice.database.engine, limit=1)[0].kind == "error"


def test_a_sync_already_running_is_refused(make_device: object) -> None:
    alice = make_device("alice")  # type: ignore[operator]
    lines = alice.count("sync_log")
    with sync_lock(alice.database.path):
        code, printed, stderr, _modules = alice.cli_sync()
    assert code == 3
    assert printed == ""
    assert "synchronisation déjà en cours" in stderr
    assert alice.count("sync_log") == lines  # nothing written by either round


def test_a_proxy_in_the_environment_takes_the_full_round(make_device: object) -> None:
    """httpx honours proxies (here bypassed for loopback by NO_PROXY); http.client would not."""
    alice = make_device("alice")  # type: ignore[operator]
    code, printed, stderr, modules = alice.cli_sync(
        HTTP_PROXY="http://127.0.0.1:9", NO_PROXY="127.0.0.1"
    )
    assert code == 0, stderr
    assert printed == NOTHING_MOVED
    assert "httpx" in _heavy(modules)


def test_a_read_only_database_is_refused_as_before(make_device: object, tmp_path: Path) -> None:
    alice = make_device("alice")  # type: ignore[operator]
    prefix = unprivileged_prefix(tmp_path)  # as root (CI): without the right to ignore modes
    alice.database.dispose()
    path = alice.database.path
    for suffix in ("", "-wal", "-shm"):
        if Path(f"{path}{suffix}").exists():
            Path(f"{path}{suffix}").chmod(0o400)
    try:
        code, printed, stderr, _modules = alice.cli_sync(*prefix)
    finally:
        for suffix in ("", "-wal", "-shm"):
            if Path(f"{path}{suffix}").exists():
                Path(f"{path}{suffix}").chmod(0o600)
    assert code == 1
    assert printed == ""
    assert "impossible d'ouvrir la base" in stderr


def test_the_copied_constants_are_those_of_their_modules() -> None:
    from ars_tui import protocol
    from ars_tui.sync import client
    from storage import db, settings

    assert noop.BUSY_TIMEOUT_MS == db.BUSY_TIMEOUT_MS
    assert noop.REFERENCE_VERSION_SETTING == db.REFERENCE_VERSION_SETTING
    assert noop.CURSOR_SETTING == sync_state.CURSOR_SETTING
    assert noop.LAST_SYNC_SETTING == sync_state.LAST_SYNC_SETTING
    assert noop.DONE_STATE == sync_state.ACKED
    assert noop.ARS_SETTING == settings.ARS_SETTING
    assert (noop.PROTOCOL_VERSION, noop.HELLO_PATH, noop.PULL_PATH) == (
        protocol.PROTOCOL_VERSION,
        protocol.HELLO_PATH,
        protocol.PULL_PATH,
    )
    assert noop.PULL_PAGE == client.PULL_PAGE
    assert noop.PROXY_VARIABLES == client._PROXY_VARIABLES
    assert protocol.client_headers("t").items() <= noop._headers("t").items()


def test_https_is_verified_with_the_bundle_httpx_uses(monkeypatch: pytest.MonkeyPatch) -> None:
    import ssl

    import httpx

    monkeypatch.delenv("SSL_CERT_FILE", raising=False)
    monkeypatch.delenv("SSL_CERT_DIR", raising=False)
    context = noop._ssl_context()
    assert context.verify_mode == ssl.CERT_REQUIRED and context.check_hostname
    assert context.cert_store_stats() == httpx.create_ssl_context().cert_store_stats()
