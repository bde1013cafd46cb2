"""``ars-tui export KIND FILE``: records as a CSV that Excel FR opens as it is.

Each KIND (:mod:`storage.exchange.export_kinds`) is an
:class:`~storage.exchange.export_format.ExportSpec`: a SELECT (the record's table joined to what
makes it readable: the professional's name, the commune's name) and its columns, each with a French
header and a formatter (dates JJ/MM/AAAA, decimal commas, closed-list codes as their French labels,
statuses as their workflow labels).

Rows come in French order of the names (the accent-free indexed ``search_key`` of the
professional, MSP or commune, as the lists sort them; then the id), from one ordered query whose
cursor is read :data:`PAGE_SIZE` rows at a time inside one read transaction: SQLite sorts (spilling
to its temporary files), 100,000 records are never in Python's memory at once, and the file is one
consistent snapshot even if the TUI saves meanwhile.

What leaves the device is chosen here, not by the caller:

- only the records of one ARS (the device's, or ``--ars``): never another ARS's;
- tombstoned records are not exported;
- personal data only where the export is for it: ``professionnels`` carries names, RPPS,
  phone, email and consent date; the other record exports carry the professional's name only
  (never RPPS, phone or email); ``couverture`` none.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from storage import vocabulary as voc
from storage.db import read_connection
from storage.exchange.csv_io import excel_csv
from storage.exchange.export_format import ExportError, ExportResult, ExportSpec
from storage.exchange.export_kinds import _t, export_spec
from storage.settings import is_demo

#: Rows read from SQL at a time.
PAGE_SIZE = 2_000


# --- Running ------------------------------------------------------------------------------------


def iter_rows(
    connection: Connection, spec: ExportSpec, ars_code: str, *, page_size: int = PAGE_SIZE
) -> Iterator[Mapping[str, Any]]:
    """The rows of an export in French order of their names (then id), fetched ``page_size``
    at a time from one cursor: SQLite does the sorting, Python never holds the table."""
    table = _t_of(spec.entity)
    query = (
        spec.select()
        .where(table.c.ars_code == ars_code, table.c.deleted.is_(False))
        .order_by(*spec.order(), table.c.id)
    )
    result = connection.execution_options(yield_per=page_size).execute(query)
    try:
        yield from result.mappings()
    finally:
        result.close()


def _t_of(entity: str) -> sa.Table:
    from storage.models import RECORD_TYPES

    return _t(RECORD_TYPES[entity])


def format_row(spec: ExportSpec, row: Mapping[str, Any]) -> list[str]:
    return [column.format(row[column.key], row) for column in spec.columns]


def text_columns(spec: ExportSpec) -> list[bool]:
    """Which cells of a row are text (guarded against formulas), in column order."""
    return [column.text for column in spec.columns]


def headers(spec: ExportSpec) -> Sequence[str]:
    return [column.header for column in spec.columns]


def export_records(
    engine: Engine,
    kind: str,
    path: Path | str,
    *,
    ars_code: str | None,
    page_size: int = PAGE_SIZE,
) -> ExportResult:
    """Write the ``kind`` records of ARS ``ars_code`` to ``path`` (see the module docstring).

    ``ars_code`` None: refused (an export must know whose records it may carry).
    """
    spec = export_spec(kind)
    if not ars_code:
        raise ExportError(voc.MSG_EXPORT_NO_ARS)
    ars_code = ars_code.strip().upper()
    with read_connection(engine) as connection:
        known = connection.execute(sa.text("SELECT 1 FROM ars WHERE code = :c"), {"c": ars_code})
        if known.first() is None:
            raise ExportError(voc.MSG_EXPORT_UNKNOWN_ARS.format(ars=ars_code))
        # A demo database's rows say so on every line, in a column the imports ignore: a
        # file opened alone in Excel must never pass for real records.
        demo = is_demo(connection)
        extra = [voc.EXPORT_DEMO_VALUE] if demo else []
        text = text_columns(spec) + [True] * len(extra)
        with excel_csv(path) as writer:
            writer.header([*headers(spec), *([voc.EXPORT_DEMO_HEADER] if demo else [])])
            for row in iter_rows(connection, spec, ars_code, page_size=page_size):
                writer.row(format_row(spec, row) + extra, text)
    return ExportResult(
        kind=kind, path=Path(path), rows=writer.rows_written, ars_code=ars_code, demo=demo
    )
