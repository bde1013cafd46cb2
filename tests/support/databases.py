"""Copies of template database files, opened for one test."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

from storage.db import Database, open_database


def open_copy(template: Path, path: Path) -> Iterator[Database]:
    """Body of a fixture (``yield from open_copy(...)``): ``template`` copied to ``path`` and
    opened (``open_database`` finds it up to date), closed after the test."""
    shutil.copyfile(template, path)
    opened = open_database(path)
    yield opened
    opened.dispose()
