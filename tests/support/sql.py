"""Reading a test database with plain SQL: what a test counts or lists to check the code."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import Row, text

from storage.db import Database, read_connection


def rows(database: Database, sql: str, **params: object) -> Sequence[Row]:
    """Every row ``sql`` returns (one consistent read)."""
    with read_connection(database.engine) as connection:
        return connection.execute(text(sql), params).all()


def scalar(database: Database, sql: str, **params: object) -> object:
    """The one value ``sql`` returns (fails unless there is exactly one row)."""
    with read_connection(database.engine) as connection:
        return connection.execute(text(sql), params).scalar_one()
