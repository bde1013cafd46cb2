"""The demo database the query tests read (tests/test_*_queries.py, test_msp_screen.py): 2,000
installation projects of one ARS, seed 5, dated :data:`TODAY`, one per test module (some tests
write to it)."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date
from typing import Any

import pytest
import sqlalchemy as sa

from storage.db import Database, open_database, read_connection
from storage.demo.generator import generate_demo
from storage.records.store import Store

TODAY = date(2026, 3, 15)


def demo_database(
    tmp_path_factory: pytest.TempPathFactory, name: str, ars_code: str = "REU"
) -> Iterator[Database]:
    """Body of a module-scoped fixture: ``yield from demo_database(tmp_path_factory, "msp")``."""
    database = open_database(tmp_path_factory.mktemp(name) / "demo.db")
    generate_demo(database.engine, records=2_000, ars_code=ars_code, seed=5, today=TODAY)
    yield database
    database.dispose()


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Database]:
    """The demo of La Réunion, one per test module (a module may define its own instead)."""
    yield from demo_database(tmp_path_factory, "demo")


def all_rows(database: Database, model: Any) -> list[dict]:
    """Every row of ``model``'s table, deleted or not, as dicts."""
    with read_connection(database.engine) as connection:
        return [dict(r) for r in connection.execute(sa.select(model.__table__)).mappings()]


def opened_msp_with_empty_posts(store: Store) -> tuple[str, dict[str, str]]:
    """An MSP opened on 02/03/2026 planning 2 GPs and 1 nurse, nobody there yet:
    (its id, the staffing line id by profession)."""
    msp = store.create(
        "msp_project",
        {"name": "MSP de Mafate", "status": "ouverte", "opening_date": "02/03/2026"},
    )
    lines = {
        profession: store.create(
            "msp_staffing",
            {"msp_id": msp, "profession": profession, "planned": planned, "present": "0"},
        )
        for profession, planned in (("mg", "2"), ("ide", "1"))
    }
    return msp, lines
