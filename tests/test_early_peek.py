"""The dashboard's first figures read while Textual is imported (issue 15).

``ars-tui`` starts :class:`storage.queries.first_figures.EarlyPeek` before importing the app, and
the app paints what it read with its first frame instead of reading it again after that frame.
How much sooner the figures come is measured by bench/bench_startup.py; here, the behaviour.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path
from typing import Any
from unittest.mock import Mock

import pytest
from rich.table import Table

from ars_tui import cli
from storage.db import open_database
from storage.demo.generator import generate_demo
from storage.queries import first_figures
from storage.queries.first_figures import EarlyPeek, peek_project_statuses, start_early_peek


@pytest.fixture
def demo_path(tmp_path: Path, fresh_database_file: Path) -> Path:
    path = tmp_path / "demo.db"
    shutil.copyfile(fresh_database_file, path)
    database = open_database(path)
    generate_demo(database.engine, records=50, ars_code="REU", today=date(2026, 3, 2))
    database.dispose()
    return path


def test_the_early_peek_reads_what_the_peek_reads(demo_path: Path, tmp_path: Path) -> None:
    early = start_early_peek(demo_path)
    peeked = early.result()
    assert peeked is not None
    assert peeked == peek_project_statuses(demo_path)
    assert sum(peeked.projects_by_status.values()) > 0
    assert start_early_peek(tmp_path / "absent.db").result() is None


def test_the_command_line_starts_the_peek_before_the_app(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: dict[str, Any] = {}

    class NoRun:
        database = None
        open_error = None
        return_code = 0

        def run(self) -> None:
            seen["ran"] = True

    def make_app(path: Path, **options: Any) -> NoRun:
        seen["path"], seen["options"] = path, options
        return NoRun()

    monkeypatch.setattr("ars_tui.app.make_app", make_app)
    assert cli.main(["--db", str(demo_path)]) == 0
    early = seen["options"]["early_peek"]
    assert seen["ran"] and isinstance(early, EarlyPeek)
    assert early.path == demo_path
    assert early.result() == peek_project_statuses(demo_path)


async def test_figures_read_at_start_are_painted_without_a_second_read(
    demo_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ars_tui.app import make_app

    early = start_early_peek(demo_path)
    early.join()
    second_read = Mock(wraps=first_figures.peek_project_statuses)
    monkeypatch.setattr(first_figures, "peek_project_statuses", second_read)
    app = make_app(demo_path, user="test", early_peek=early)
    try:
        async with app.run_test(size=(110, 40)) as pilot:
            for _ in range(600):
                panels = app.screen.query("#panel-installations")
                if panels and isinstance(panels.first().content, Table):
                    break
                await pilot.pause(0.05)
            else:
                raise AssertionError("no figures on screen")
            await app.workers.wait_for_complete()
    finally:
        if app.database is not None:
            app.database.dispose()
    second_read.assert_not_called()
