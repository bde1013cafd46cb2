"""A pull reads its sequence group's rows through the (seq_group, server_seq) index, and the
history records kept with their ops through applied_op's (change_group, change_seq) index.

So its time does not grow with the records of other ARS (bench/bench_central.py measures it on
1,000,000 records): the query the pull really runs is captured and EXPLAINed on each backend.
Both are read in seq order and merged, never sorted.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from ars_tui.central import pull_pages
from ars_tui.central.db import is_sqlite
from ars_tui.central.tokens import create_token
from tests.support.central_server import (  # noqa: F401 (fixture)
    central_db_url,
    make_test_central,
)


def _pull_statement(engine: sa.Engine, device: Any) -> tuple[str, Any]:
    """The SQL and parameters of the pull's read of ``central_record``."""
    seen: list[tuple[str, Any]] = []

    def capture(_conn, _cursor, statement, parameters, _context, _many) -> None:  # type: ignore[no-untyped-def]
        if "FROM central_record" in statement:
            seen.append((statement, parameters))

    sa.event.listen(engine, "before_cursor_execute", capture)
    try:
        pull_pages.pull(engine, device, since=0, limit=500)
    finally:
        sa.event.remove(engine, "before_cursor_execute", capture)
    assert len(seen) == 1
    return seen[0]


def test_pull_uses_the_seq_group_index(central_db_url: str) -> None:  # noqa: F811
    central = make_test_central(central_db_url)
    engine = central.engine
    _token, device = create_token(engine, ars_code="BRE", name="tablette")
    statement, parameters = _pull_statement(engine, device)
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        cursor = raw.cursor()
        if is_sqlite(engine):
            cursor.execute(f"EXPLAIN QUERY PLAN {statement}", parameters)
            plan = " ".join(str(row[-1]) for row in cursor.fetchall())
        else:
            # Empty tables: the planner would rather scan, or sort two rows; forbid both to see
            # that the indexes give the rows in order (a page's LIMIT makes that the plan).
            cursor.execute("SET enable_seqscan = off")
            cursor.execute("SET enable_sort = off")
            cursor.execute(f"EXPLAIN {statement}", parameters)
            plan = " ".join(row[0] for row in cursor.fetchall())
        cursor.close()
    engine.dispose()
    if is_sqlite(engine):
        # SQLite names the index of the UNIQUE (seq_group, server_seq) constraint itself.
        assert "USING INDEX" in plan and "(seq_group=? AND server_seq>?)" in plan, plan
        assert "ix_applied_op_change (change_group=? AND change_seq>?)" in plan, plan
        assert "MERGE (UNION ALL)" in plan, plan
    else:
        assert "Index Scan using uq_central_record_seq" in plan, plan
        assert "seq_group" in plan and "server_seq >" in plan, plan
        assert "Index Scan using ix_applied_op_change" in plan, plan
        assert "Merge Append" in plan, plan
    # Read in seq order from the indexes themselves: no sort of the group's rows.
    assert "TEMP B-TREE" not in plan and "Sort  (" not in plan, plan
