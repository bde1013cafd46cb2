"""Shared pieces of the TUI-core tests (lists, record pages, forms, pickers).

Fixtures (``tests/tui_core_fixtures.py``, loaded by ``pytest_plugins``): ``demo_database``,
a copy of a small demo database, ``frozen_today`` and ``app``. Here: helpers to wait for workers,
to count rows and change-log ops, to open a section and to set a list's filter.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import text

from storage.db import Database, read_connection

ScreenT = TypeVar("ScreenT")

TODAY = date(2025, 6, 2)
DEMO_RECORDS = 300


def count(database: Database, sql: str, **params: object) -> int:
    with read_connection(database.engine) as connection:
        return int(connection.execute(text(sql), params).scalar_one())


def counts(database: Database, table: str) -> tuple[int, int, int]:
    """(rows of ``table``, change-log ops, history lines): what a refused save must not change."""
    return (
        count(database, f"SELECT count(*) FROM {table}"),
        count(database, "SELECT count(*) FROM outbox_op WHERE entity != 'record_change'"),
        count(database, "SELECT count(*) FROM history_entry"),
    )


async def wait_until(pilot, condition: Callable[[], object], seconds: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until ``condition()`` is true (fail after ``seconds``)."""
    for _ in range(int(seconds / 0.02)):
        if condition():
            await pilot.pause()
            return
        await pilot.pause(0.02)
    raise AssertionError("the app never got there")


async def settle(pilot, seconds: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    """Wait until no worker runs (cancelled ones included), then for the messages they posted."""
    for _ in range(int(seconds / 0.02)):
        await pilot.pause()
        if not any(worker.is_running for worker in pilot.app.workers):
            await pilot.pause()
            if not any(worker.is_running for worker in pilot.app.workers):
                return
        await pilot.pause(0.02)
    raise AssertionError("workers still running")


async def open_section(  # type: ignore[no-untyped-def]
    pilot,
    key: str,
    screen_class: type[ScreenT],
    settle: Callable[[Any], Awaitable[None]] = settle,
) -> ScreenT:
    """Once the app has settled, press ``key`` and return the ``screen_class`` it opens, settled.

    ``settle`` is this module's unless a caller brings its own (tests/section_support.py)."""
    await settle(pilot)
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(pilot.app.screen, screen_class))
    await settle(pilot)
    return pilot.app.screen


async def set_filter(pilot, selector: str, value: object) -> int:  # type: ignore[no-untyped-def]
    """Set the current screen's filter widget ``selector`` to ``value``: its list's total once
    the app has settled."""
    from screens.widgets.paged_list import PagedList

    pilot.app.screen.query_one(selector).value = value
    await settle(pilot)
    return pilot.app.screen.query_one(PagedList).total
