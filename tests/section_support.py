"""What the section tests (contracts, MSP, SAMU, missions) share: one seeded demo database made
once per session and copied for each test, a frozen "today", and helpers to drive the app."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path

import pytest

from storage.db import Database, open_database
from tests import tui_core_support
from tests.tui_core_support import ScreenT

#: The day the demo data was made for, and the day the screens believe it is.
TODAY = date(2026, 3, 15)
#: Installation projects of the demo (the other records follow in proportion).
RECORDS = 400
SEED = 11
SIZE = (100, 32)


@pytest.fixture(scope="session")
def sections_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A demo database of La Réunion, seeded, made once (closed, WAL merged)."""
    from storage.demo.generator import generate_demo

    path = tmp_path_factory.mktemp("sections") / "demo.db"
    database = open_database(path)
    generate_demo(database.engine, records=RECORDS, ars_code="REU", seed=SEED, today=TODAY)
    database.dispose()
    return path


@pytest.fixture
def demo(
    sections_template: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Database]:
    """A copy of the demo database for one test, with "today" frozen on :data:`TODAY`."""
    import screens.contracts.list
    import screens.contracts.record
    import screens.home
    import screens.mcs.list
    import screens.mcs.record
    from screens import section
    from screens.widgets import record_page

    # Every "today" the screens read (imported by name, so patched where it is used): the
    # figures and the snapshots must not move with the calendar.
    for module in (
        record_page,
        section,
        screens.contracts.list,
        screens.contracts.record,
        screens.mcs.list,
        screens.mcs.record,
        screens.home,
    ):
        monkeypatch.setattr(module, "today", lambda: TODAY)
    path = tmp_path / "demo.db"
    shutil.copyfile(sections_template, path)
    database = open_database(path)
    yield database
    database.dispose()


async def settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let the workers finish and their messages be handled (twice: a message may start more)."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def wait_until(pilot, condition: Callable[[], bool], seconds: float = 20.0) -> None:  # type: ignore[no-untyped-def]
    """Let the app run until ``condition()`` holds (fail after ``seconds``)."""
    for _ in range(int(seconds / 0.05)):
        if condition():
            return
        await pilot.pause(0.05)
    raise AssertionError("the app never got there")


async def open_section(pilot, key: str, screen_class: type[ScreenT]) -> ScreenT:  # type: ignore[no-untyped-def]
    """Press ``key`` and return the ``screen_class`` it opens, settled the way of this module."""
    return await tui_core_support.open_section(pilot, key, screen_class, settle=settle)
