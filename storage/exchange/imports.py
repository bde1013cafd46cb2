"""``ars-tui import KIND FILE``: the region's tables and our own exports, all lines or none.

How an import runs (:func:`import_file`):

1. the file is read whatever its encoding and separator (:mod:`storage.exchange.csv_io`) and its
   columns are found by their French headers (accents and case do not matter; the headers of
   our own exports are always accepted, so an export imports back);
2. every line is checked and written through :class:`storage.records.store.Store` inside **one**
   write transaction (:meth:`Store.batch`): each record gets its outbox op and its history, as
   if typed in the TUI. A refused line is rolled back to its savepoint and the import goes on,
   so that **every** bad line is reported, with its number and a French reason;
3. if any line was refused, or for a dry run, the whole transaction is rolled back: the
   database is exactly as before. Otherwise it commits, and the counts say what was created,
   updated and left unchanged.

Records are matched to what the database holds before anything is created: an exported
record by its ``Identifiant``; a professional by RPPS; an MSP by the FINESS of a site, else by
name and commune; an arrêté by its number; a zone prioritaire by SIREN and year. A line equal to
its record changes nothing (no outbox op, no history).

Messages never quote a name, RPPS, phone or email (personal data may end up in a log); they
quote codes (INSEE, SIREN, FINESS, classes) that are public.
"""

from __future__ import annotations

import gc
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path

from sqlalchemy import Connection, Engine

from storage import vocabulary as voc
from storage.db import describe_error
from storage.exchange.csv_io import (
    CsvFormatError,
    CsvStream,
    CsvTable,
    open_csv_stream,
    read_csv,
    read_finess_stock,
)
from storage.exchange.import_finess import _import_msp_finess
from storage.exchange.import_places import (
    _import_objectives,
    _import_priority_zones,
    _import_zonage,
)
from storage.exchange.import_records import (
    _import_installations,
    _import_professionals,
    _import_records,
)
from storage.exchange.import_run import (
    CREATED,
    UNCHANGED,
    UPDATED,
    ImportInterrupted,
    ImportRefused,
    ImportResult,
    ImportRun,
    LineError,
    Progress,
    _DryRunDone,
)
from storage.records.store import Store, utc_now
from storage.settings import device_ars_code

__all__ = [
    "ImportInterrupted",
    "ImportRefused",
    "ImportResult",
    "LineError",
    "describe_import",
    "import_file",
]

# --- Running an import --------------------------------------------------------------------------

Importer = Callable[[ImportRun, CsvTable], None]


def _streamed(run: ImportRun, table: CsvTable) -> None:
    """Marks the kinds that read their file themselves, line by line (the annuaire)."""
    raise AssertionError("a streamed import has no table")


IMPORTERS: dict[str, Importer] = {
    "zonage": _import_zonage,
    "zones-prioritaires": _import_priority_zones,
    "finess": _import_msp_finess,
    "msp-finess": _import_msp_finess,
    "professionnels": _import_professionals,
    "installations": _import_installations,
    "annuaire": _streamed,
    "msp": _import_records,
    "mcs": _import_records,
    "couverture": _import_records,
    "contrats": _import_records,
    "missions": _import_records,
    "objectifs": _import_objectives,
}
#: Kinds whose CSV file is read as a stream, a chunk at a time (memory flat in the file size).
STREAMED_CSV = frozenset({"professionnels"})
#: Kinds whose new records have no commune to tell their ARS: they need the scope ARS.
NEEDS_SCOPE = frozenset(
    {
        "professionnels",
        "installations",
        "annuaire",
        "msp",
        "mcs",
        "contrats",
        "missions",
        "objectifs",
    }
)


def import_file(
    engine: Engine,
    kind: str,
    path: Path | str,
    *,
    user: str,
    ars_code: str | None = None,
    dry_run: bool = False,
    today: date | None = None,
    progress: Progress | None = None,
) -> ImportResult:
    """Import ``path`` as ``kind`` (see the module docstring); returns what changed.

    ``ars_code``: the ARS the import works for (default: the device's,
    :func:`storage.settings.device_ars_code`); lines of another ARS are refused (zonage) or left
    out and counted as ignored (national lists: zones prioritaires, FINESS).
    Raises :class:`ImportRefused` (every bad line, French) with the database unchanged.
    ``progress(done, total)`` is called now and then with the lines read so far. A
    KeyboardInterrupt (Ctrl+C) leaves the one transaction by an exception: nothing is written.
    """
    importer = IMPORTERS.get(kind)
    if importer is None:
        kinds = ", ".join(IMPORTERS)
        raise ImportRefused(
            [LineError(None, voc.MSG_IMPORT_UNKNOWN_KIND.format(kind=kind, kinds=kinds))]
        )
    try:
        table = None
        if importer is _streamed:
            Path(path).stat()  # the file is there and readable: else the French message below
            table = CsvTable(header=[], rows=[], encoding="", separator="")
        elif importer is _import_msp_finess:
            table = read_finess_stock(path)
        elif kind in STREAMED_CSV:
            table = open_csv_stream(path)
        if table is None:
            table = read_csv(path)
    except CsvFormatError as error:
        raise ImportRefused([LineError(None, str(error))]) from None
    except OSError as error:
        reason = describe_error(error)[0]
        raise ImportRefused(
            [LineError(None, voc.MSG_IMPORT_CANNOT_READ.format(path=path, reason=reason))]
        ) from None
    scope = (ars_code or device_ars_code(engine) or "").strip().upper() or None
    if scope is None and kind in NEEDS_SCOPE:
        raise ImportRefused([LineError(None, voc.MSG_IMPORT_NO_ARS)])
    store = Store(engine, user=user, ars_code=scope, clock=utc_now)
    result = ImportResult(
        kind=kind,
        encoding=table.encoding,
        separator=table.separator,
        lines=table.estimated_rows if isinstance(table, CsvStream) else len(table.rows),
        dry_run=dry_run,
    )
    try:
        with _collector_paused(kind), store.batch() as connection, _closing(table):
            run = ImportRun(store, connection, kind, scope, today or date.today())
            run.progress, run.total_lines = progress, result.lines
            with _large_cache(connection):
                if importer is _streamed:
                    from storage.exchange.annuaire import import_annuaire

                    import_annuaire(run, path, result)
                else:
                    importer(run, table)
            if isinstance(table, CsvStream):
                # The rows read, now that the whole file was: the count and the bar's end.
                result.lines = run.total_lines = table.read
                run.tick(0)
            if run.errors:
                raise ImportRefused(run.errors)
            result.counts = run.counts
            result.ignored = result.ignored if importer is _streamed else run.ignored
            result.ambiguous = run.ambiguous
            if dry_run:
                raise _DryRunDone(result)
    except _DryRunDone:
        pass
    except CsvFormatError as error:  # a streamed file's line that cannot be read: rolled back
        raise ImportRefused([LineError(None, str(error))]) from None
    return result


@contextmanager
def _closing(table: CsvTable | CsvStream) -> Iterator[None]:
    try:
        yield
    finally:
        if isinstance(table, CsvStream):
            table.close()


#: Kinds imported with the cyclic garbage collector paused (see :func:`_collector_paused`).
COLLECTOR_PAUSED = frozenset({"professionnels", "annuaire"})


@contextmanager
def _collector_paused(kind: str) -> Iterator[None]:
    """No cyclic garbage collection while a large file of ``kind`` is imported (its one
    transaction): for 100,000 professionals, its 745 passes (5 of them full) took 0.34 s of the
    import's 5.9 s of CPU. These imports make no reference cycles (a test checks): each row, op
    and history line is freed once written, and memory stays flat without the collector.
    """
    if kind not in COLLECTOR_PAUSED or not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


#: Page cache during an import, in KiB (SQLite's negative form): the indexes of the rows written
#: stay in memory instead of spilling to the WAL mid-transaction (as the demo generator does).
#: 32 MB: 100,000 professionals and their history lines cost the same CPU as
#: with 128 MB, and the import's peak memory stays near the small files' (152 MB, not 267 MB).
IMPORT_CACHE_SIZE = -32_768


@contextmanager
def _large_cache(connection: Connection) -> Iterator[None]:
    previous = connection.exec_driver_sql("PRAGMA cache_size").scalar()
    connection.exec_driver_sql(f"PRAGMA cache_size = {IMPORT_CACHE_SIZE}")
    try:
        yield
    finally:
        connection.exec_driver_sql(f"PRAGMA cache_size = {int(previous or 0)}")


def describe_import(result: ImportResult, file: Path | str) -> str:
    """What an import did (or would do, for a dry run), in French, one fact a line."""
    lines = [
        voc.IMPORT_SUMMARY_HEAD.format(
            kind=result.kind,
            file=file,
            lines=voc.format_int(result.lines),
            encoding=result.encoding,
            separator=result.separator,
        )
    ]
    for entity, by_outcome in result.counts.items():
        lines.append(
            voc.IMPORT_SUMMARY_ENTITY.format(
                entity=voc.ENTITY_LABELS.get(entity, entity),
                created=voc.format_int(by_outcome[CREATED]),
                updated=voc.format_int(by_outcome[UPDATED]),
                unchanged=voc.format_int(by_outcome[UNCHANGED]),
            )
        )
    if not result.counts:
        lines.append(voc.IMPORT_SUMMARY_NOTHING)
    if result.ignored:
        lines.append(voc.IMPORT_SUMMARY_IGNORED.format(count=voc.format_int(result.ignored)))
    if result.kind == "annuaire":
        from storage.exchange.annuaire import describe_detected

        lines.extend(describe_detected(result.detected))
    if result.ambiguous:
        lines.append(
            voc.IMPORT_SUMMARY_AMBIGUOUS.format(count=voc.format_int(len(result.ambiguous)))
        )
        lines.extend(result.ambiguous)
    if result.dry_run:
        lines.append(voc.IMPORT_SUMMARY_DRY_RUN)
    return "\n".join(lines)
