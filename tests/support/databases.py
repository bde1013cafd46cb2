"""Copies of template database files, opened for one test."""

from __future__ import annotations

import shutil
from collections.abc import Callable, Iterator
from pathlib import Path

from storage.db import Database, open_database


def open_copy(template: Path, path: Path) -> Iterator[Database]:
    """Body of a fixture (``yield from open_copy(...)``): ``template`` copied to ``path`` and
    opened (``open_database`` finds it up to date), closed after the test."""
    shutil.copyfile(template, path)
    opened = open_database(path)
    yield opened
    opened.dispose()


def open_copies(template: Path, folder: Path) -> Iterator[Callable[[str], Database]]:
    """Body of a fixture: a function that copies ``template`` to ``folder / "<name>.db"`` and
    opens it, for as many devices as a test needs; all closed after the test."""
    opened: list[Database] = []

    def open_named(name: str) -> Database:
        path = folder / f"{name}.db"
        shutil.copyfile(template, path)
        opened.append(open_database(path))
        return opened[-1]

    yield open_named
    for database in opened:
        database.dispose()
