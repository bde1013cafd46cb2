"""``ars-tui import KIND FILE``: the region's tables and our own exports, all lines or none.

How an import runs (:func:`import_file`):

1. the file is read whatever its encoding and separator (:mod:`storage.exchange.csv_io`) and its
   columns are found by their French headers (accents and case do not matter; the headers of
   our own exports are always accepted, so an export imports back);
2. every line is checked and written through :class:`storage.store.Store` inside **one**
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

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine
from sqlalchemy.exc import IntegrityError

from storage import coercion, identifiers, rules, workflows
from storage import vocabulary as voc
from storage.bulk import BulkSave
from storage.db import describe_error
from storage.exchange.csv_io import (
    CsvFormatError,
    CsvStream,
    CsvTable,
    header_key,
    open_csv_stream,
    read_csv,
    read_finess_stock,
)
from storage.exchange.exports import PROFESSIONAL_FIELDS, header
from storage.field_rules import split_retained_class
from storage.models import RECORD_TYPES
from storage.settings import device_ars_code
from storage.store import Store, utc_now
from storage.text import search_key
from storage.validation import ValidationError

#: Outcomes counted per record type.
CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
#: The FINESS categories of a maison de santé pluriprofessionnelle, a CPTS, a centre de santé.
MSP_FINESS_CATEGORY = "603"
CPTS_FINESS_CATEGORY = "604"
CENTRE_SANTE_FINESS_CATEGORY = "124"
#: FINESS codes the overseas départements with a letter (9A = 971 ... 9F = 976).
FINESS_OVERSEAS = {"9A": "971", "9B": "972", "9C": "973", "9D": "974", "9E": "975", "9F": "976"}
DEFAULT_PRIORITY_YEAR = 2025
#: Lines between two calls of an import's progress callback.
PROGRESS_STEP = 1_000
#: progress(done, total): how far an import has read its file.
Progress = Callable[[int, int], None]


# --- Results and refusals -----------------------------------------------------------------------


@dataclass(frozen=True, order=True)
class LineError:
    """One refused line: its number in the file (None: the file as a whole) and why, in French."""

    line: int | None
    message: str

    def __str__(self) -> str:
        if self.line is None:
            return self.message
        return voc.MSG_IMPORT_LINE.format(line=self.line, message=self.message)


class ImportRefused(ValueError):
    """The file is refused: nothing was written. ``errors`` lists every bad line."""

    def __init__(self, errors: Iterable[LineError]) -> None:
        self.errors = sorted(errors, key=lambda error: (error.line or 0, error.message))
        super().__init__("\n".join(str(error) for error in self.errors))


@dataclass
class ImportResult:
    kind: str
    encoding: str
    separator: str
    #: Data lines read (header and blank lines apart).
    lines: int
    dry_run: bool
    #: Record type -> outcome (created/updated/unchanged) -> count.
    counts: dict[str, dict[str, int]] = field(default_factory=dict)
    #: Lines left out on purpose (another ARS's, another FINESS category).
    ignored: int = 0
    #: Lines matching several records: listed for the user, left as they are (French).
    ambiguous: list[str] = field(default_factory=list)
    #: Annuaire: "Installations détectées" (storage.exchange.annuaire.Detected), and departures.
    detected: list[Any] = field(default_factory=list)

    def total(self, outcome: str) -> int:
        return sum(by_outcome.get(outcome, 0) for by_outcome in self.counts.values())


class ImportInterrupted(Exception):
    """Raised by a progress callback to stop an import (the TUI's "Interrompre"): like Ctrl+C,
    it leaves the import's one transaction by an exception, so nothing is written."""


class _DryRunDone(Exception):
    """Raised inside the batch to roll a dry run back."""

    def __init__(self, result: ImportResult) -> None:
        super().__init__()
        self.result = result


# --- Columns ------------------------------------------------------------------------------------


@dataclass(frozen=True)
class ImportColumn:
    field: str
    required: bool = False


def accepted_headers(kind: str, name: str) -> list[str]:
    """Headers accepted for column ``name``: the export's, the field's label, then aliases."""
    texts = [header(name), voc.field_label(name)]
    texts += voc.IMPORT_HEADER_ALIASES.get(f"{kind}.{name}", ())
    texts += voc.IMPORT_HEADER_ALIASES.get(name, ())
    return texts


def resolve_columns(
    kind: str, cells: list[str], columns: Iterable[ImportColumn]
) -> tuple[dict[str, int], list[LineError]]:
    """Column name -> index in the file; a missing required column is an error of line 1."""
    keys = [header_key(cell) for cell in cells]
    found: dict[str, int] = {}
    errors = []
    for column in columns:
        for text in accepted_headers(kind, column.field):
            key = header_key(text)
            # A file column serves one field: the first listed that accepts it.
            if key in keys and keys.index(key) not in found.values():
                found[column.field] = keys.index(key)
                break
        else:
            if column.required:
                errors.append(
                    LineError(1, voc.MSG_IMPORT_MISSING_COLUMN.format(column=header(column.field)))
                )
    return found, errors


@dataclass(frozen=True)
class Line:
    number: int
    #: Column name -> text as read ("" for an empty cell; absent columns are not there).
    cells: Mapping[str, str]

    def get(self, name: str) -> str:
        return self.cells.get(name, "")

    def has(self, name: str) -> bool:
        return name in self.cells


def lines_of(table: CsvTable, found: Mapping[str, int]) -> list[Line]:
    return [
        Line(
            number,
            {name: cells[index] if index < len(cells) else "" for name, index in found.items()},
        )
        for number, cells in table.rows
    ]


# --- One run: the batch, the errors, the counts --------------------------------------------------


class _Bad:
    """A value that could not be read (its error is recorded)."""


BAD = _Bad()


class ImportRun:
    """What one import shares: the store in its batch, the scope ARS, the errors, the counts."""

    def __init__(
        self, store: Store, connection: Connection, kind: str, scope: str | None, today: date
    ) -> None:
        self.store = store
        self.connection = connection
        self.kind = kind
        self.scope = scope
        self.today = today
        self.errors: list[LineError] = []
        self.counts: dict[str, dict[str, int]] = {}
        self.ignored = 0
        self.ambiguous: list[str] = []
        self._communes: dict[str, bool] = {}
        self._coercers: dict[tuple[str, tuple[str, ...]], list[tuple[str, Any]]] = {}
        #: Called with (lines done, lines in all) every PROGRESS_STEP lines.
        self.progress: Progress | None = None
        self.total_lines = 0
        self._done = 0
        self._bulk: BulkSave | None = None

    def tick(self, count: int = 1) -> None:
        """``count`` more lines read: tell the progress bar now and then."""
        self._done += count
        if self.progress is not None and (
            self._done % PROGRESS_STEP < count or self._done >= self.total_lines
        ):
            self.progress(min(self._done, self.total_lines), self.total_lines)

    # errors and counts

    def fail(self, line: int | None, message: str) -> None:
        self.errors.append(LineError(line, message))

    def fail_validation(self, line: int, error: ValidationError) -> None:
        for item in error.errors:
            self.fail(line, item.message)

    def count(self, entity: str, outcome: str) -> None:
        by_outcome = self.counts.setdefault(entity, {CREATED: 0, UPDATED: 0, UNCHANGED: 0})
        by_outcome[outcome] += 1

    # reading values

    def value(
        self,
        line: Line,
        entity: str,
        name: str,
        *,
        column: str | None = None,
        raw: str | None = None,
    ) -> Any:
        """The line's cell for ``column`` (default ``name``), or ``raw`` when given, as
        ``entity.name``'s type, or BAD."""
        try:
            coerce = coercion.coercer(entity, name)
            return coerce(line.get(column or name) if raw is None else raw)
        except ValidationError as error:
            self.fail_validation(line.number, error)
            return BAD

    def values(self, line: Line, entity: str, names: Iterable[str]) -> dict[str, Any] | None:
        """The present columns among ``names`` as typed values; None if one is bad."""
        cells = line.cells
        key = (entity, tuple(names))
        coercers = self._coercers.get(key)
        if coercers is None:
            coercers = self._coercers[key] = [
                (name, coercion.coercer(entity, name)) for name in key[1]
            ]
        try:  # the common case, every cell good: no per-cell bookkeeping
            return {name: coerce(cells[name]) for name, coerce in coercers if name in cells}
        except ValidationError:
            pass  # read again cell by cell below, so that every bad cell is reported
        result, ok = {}, True
        for name in names:
            if line.has(name):
                value = self.value(line, entity, name)
                ok = ok and value is not BAD
                result[name] = value
        return result if ok else None

    def commune(self, line: Line, raw: str) -> str | None:
        """A checked INSEE code that the reference data knows (else an error and None)."""
        try:
            code = identifiers.check_commune_code(raw)
        except ValidationError as error:
            self.fail_validation(line.number, error)
            return None
        if code not in self._communes:
            found = self.connection.execute(
                sa.text("SELECT 1 FROM commune WHERE code = :code"), {"code": code}
            ).first()
            self._communes[code] = found is not None
        if not self._communes[code]:
            label = voc.field_label("commune_code")
            self.fail(line.number, voc.MSG_UNKNOWN_COMMUNE.format(label=label, value=code))
            return None
        return code

    def in_scope(self, commune_code: str) -> bool:
        """Whether a commune is the scope ARS's today (no scope: every commune is)."""
        if self.scope is None:
            return True
        try:
            ars = rules.ars_of_commune(commune_code, self.today)
        except ValidationError:
            return False
        # La Réunion and Mayotte were ARS Océan Indien's: their history is REU's and MAY's now.
        return ars == self.scope

    def status(self, line: Line, entity: str, record: Mapping[str, Any]) -> Any:
        """The ``status`` cell as a workflow state code (label or code accepted), or BAD."""
        raw = line.get("status")
        if not raw.strip():
            return None
        try:
            workflow = workflows.workflow_for(entity, record)
        except workflows.TransitionError as error:
            self.fail(line.number, str(error))
            return BAD
        wanted = search_key(raw.replace("_", " "))
        for code, state in workflow.states.items():
            if wanted in (search_key(code.replace("_", " ")), search_key(state.label)):
                return code
        labels = ", ".join(state.label for state in workflow.states.values())
        self.fail(
            line.number,
            voc.MSG_NOT_IN_CHOICES.format(
                label=voc.field_label("status"), value=raw.strip()[:40], choices=labels
            ),
        )
        return BAD

    # reading records

    def load(self, entity: str, record_id: str) -> dict[str, Any] | None:
        table = RECORD_TYPES[entity].__table__  # type: ignore[attr-defined]
        row = self.connection.execute(sa.select(table).where(table.c.id == record_id)).mappings()
        found = row.first()
        return dict(found) if found is not None else None

    # writing in bulk (professionals, installations, annuaire)

    @property
    def bulk(self) -> BulkSave:
        if self._bulk is None:
            self._bulk = BulkSave(self.store, self.connection)
        return self._bulk

    def bulk_create(
        self, line: int, entity: str, values: Mapping[str, Any], *, record_id: str | None = None
    ) -> str | None:
        """Check a new record as a save would, and queue it (see :meth:`flush`).

        ``values`` come from :meth:`values` (coerced already)."""
        try:
            created = self.bulk.create(entity, values, record_id=record_id, coerced=True)
        except ValidationError as error:
            self.fail_validation(line, error)
            return None
        self.count(entity, CREATED)
        return created

    def bulk_update(
        self, line: int, entity: str, current: Mapping[str, Any], values: Mapping[str, Any]
    ) -> str | None:
        """Check the fields of ``values`` that differ from ``current`` and queue them."""
        try:
            changed = self.bulk.update(entity, current, values, coerced=True)
        except ValidationError as error:
            self.fail_validation(line, error)
            return None
        outcome = UPDATED if changed else UNCHANGED
        self.count(entity, outcome)
        return outcome

    def flush(self) -> None:
        """Write what is queued; nothing when a line was refused (the import will roll back)."""
        if self._bulk is not None and not self.errors:
            self._bulk.flush()

    # writing one record at a time (small files: zonage, zones prioritaires, FINESS)

    def create(
        self, line: int, entity: str, values: Mapping[str, Any], *, ars_code: str | None = None
    ) -> str | None:
        try:
            record_id = self.store.create(entity, values, ars_code=ars_code)
        except ValidationError as error:
            self.fail_validation(line, error)
            return None
        except IntegrityError:
            self.fail(line, voc.MSG_IMPORT_CONSTRAINT)
            return None
        self.count(entity, CREATED)
        return record_id

    def update(
        self,
        line: int,
        entity: str,
        current: Mapping[str, Any],
        values: Mapping[str, Any],
        *,
        count: bool = True,
    ) -> str | None:
        """Save the fields of ``values`` that differ from ``current``; the outcome, None if bad.

        A new ``status`` goes through the workflow (:meth:`Store.transition`), with the other
        changed fields in the same op.
        """
        changed = {key: value for key, value in values.items() if current.get(key) != value}
        if current.get("deleted"):
            entity_label = voc.ENTITY_LABELS.get(entity, entity)
            self.fail(line, voc.MSG_RECORD_DELETED.format(entity=entity_label))
            return None
        outcome = UPDATED if changed else UNCHANGED
        try:
            if "status" in changed and workflows.has_workflow(entity):
                target = changed.pop("status")
                self.store.transition(entity, current["id"], target, changed)
            elif changed:
                self.store.update(entity, current["id"], changed)
        except ValidationError as error:
            self.fail_validation(line, error)
            return None
        except IntegrityError:
            self.fail(line, voc.MSG_IMPORT_CONSTRAINT)
            return None
        if count:
            self.count(entity, outcome)
        return outcome


class _Duplicates:
    """Remembers keys seen on earlier lines, to refuse a second line with the same key."""

    def __init__(self, run: ImportRun) -> None:
        self.run = run
        self.seen: dict[Any, int] = {}

    def check(self, line: Line, key: Any, what: str) -> bool:
        """False (and an error) when ``key`` was on an earlier line."""
        first = self.seen.setdefault(key, line.number)
        if first == line.number:
            return True
        self.run.fail(line.number, voc.MSG_IMPORT_DUPLICATE.format(first=first, what=what))
        return False


def _prepare(run: ImportRun, table: CsvTable, columns: Iterable[ImportColumn]) -> list[Line] | None:
    """The file's lines by column name, identical lines refused; None if a column is missing."""
    found, errors = resolve_columns(run.kind, table.header, columns)
    run.errors.extend(errors)
    if errors:
        return None
    lines = lines_of(table, found)
    # Lines by the hash of their cells (not the cells: 100,000 copies of every line's tuple
    # would double an import's memory); a hash met again is compared with that earlier line.
    seen: dict[int, int] = {}
    kept: list[Line] = []
    for line in lines:
        key = tuple(sorted(line.cells.items()))
        earlier = seen.get(hash(key))
        if earlier is not None and tuple(sorted(kept[earlier].cells.items())) == key:
            what = voc.MSG_IMPORT_SAME_LINE
            run.fail(
                line.number,
                voc.MSG_IMPORT_DUPLICATE.format(first=kept[earlier].number, what=what),
            )
            continue
        seen.setdefault(hash(key), len(kept))
        kept.append(line)
    return kept


def _prepared_chunks(
    run: ImportRun, table: CsvTable | CsvStream, columns: Iterable[ImportColumn]
) -> Iterator[list[Line]]:
    """:func:`_prepare`, :data:`CHUNK_LINES` lines at a time, for a file read as a stream:
    only a digest of each line is kept to find identical lines (not the lines)."""
    found, errors = resolve_columns(run.kind, table.header, columns)
    run.errors.extend(errors)
    if errors:
        return
    seen: dict[bytes, int] = {}
    chunk: list[Line] = []
    names, indexes = tuple(found), tuple(found.values())
    width = max(indexes, default=-1) + 1
    for number, cells in table.rows:
        if len(cells) >= width:  # a whole line: its cells picked without a test each
            values = tuple(map(cells.__getitem__, indexes))
        else:
            values = tuple(cells[index] if index < len(cells) else "" for index in indexes)
        line = Line(number, dict(zip(names, values, strict=True)))
        # The cells in the file's column order (the same for every line): no sort needed.
        digest = hashlib.blake2b(repr(values).encode(), digest_size=16).digest()
        earlier = seen.setdefault(digest, number)
        if earlier != number:
            what = voc.MSG_IMPORT_SAME_LINE
            run.fail(number, voc.MSG_IMPORT_DUPLICATE.format(first=earlier, what=what))
            continue
        chunk.append(line)
        if len(chunk) >= CHUNK_LINES:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# --- zonage -------------------------------------------------------------------------------------


@dataclass
class _Order:
    """One arrêté of the file, with its lines' entries (commune -> (line, class, TVS, TVS name))."""

    number: str
    profession: str
    effective_date: date
    end_date: date | None
    signed_date: date | None
    first_line: int
    ars_code: str | None = None
    entries: dict[str, tuple[int, str, str | None, str | None, bool]] = field(default_factory=dict)
    #: Lines that name a TVS and no commune: (line, TVS code, class, TVS name, retained).
    tvs_lines: list[tuple[int, str, str, str | None, bool]] = field(default_factory=list)


ZONAGE_COLUMNS = (
    ImportColumn("commune_code"),
    ImportColumn("tvs_code"),
    ImportColumn("tvs_name"),
    ImportColumn("zone_class", required=True),
    ImportColumn("retained_by_ars"),
    ImportColumn("number", required=True),
    ImportColumn("effective_date", required=True),
    ImportColumn("end_date"),
    ImportColumn("signed_date"),
    ImportColumn("profession"),
)


def _import_zonage(run: ImportRun, table: CsvTable) -> None:
    found, _ = resolve_columns(run.kind, table.header, ZONAGE_COLUMNS)
    has_place = "commune_code" in found or "tvs_code" in found
    if not has_place:
        run.fail(1, voc.MSG_IMPORT_ZONAGE_PLACE_COLUMN)
    lines = _prepare(run, table, ZONAGE_COLUMNS)
    if lines is None or not has_place:
        return
    orders: dict[tuple[str, str], _Order] = {}
    duplicates = _Duplicates(run)
    for line in lines:
        _read_zonage_line(run, line, orders, duplicates)
    # Which communes the file itself puts in each TVS (any arrêté of the file).
    tvs_members: dict[str, set[str]] = {}
    for order in orders.values():
        for commune, (_, _, tvs_code, _, _) in order.entries.items():
            if tvs_code is not None:
                tvs_members.setdefault(tvs_code, set()).add(commune)
    for order in orders.values():
        _expand_tvs(run, order, tvs_members)
    if run.errors:
        return  # nothing to gain from writing: the file is refused
    for order in orders.values():
        _write_order(run, order)


def _read_zonage_line(
    run: ImportRun,
    line: Line,
    orders: dict[tuple[str, str], _Order],
    duplicates: _Duplicates,
) -> None:
    errors_before = len(run.errors)
    number = line.get("number").strip()
    if not number:
        run.fail(line.number, voc.MSG_REQUIRED.format(label=voc.field_label("number")))
    profession = line.get("profession").strip().lower() or "medecin"
    effective = run.value(line, "zoning_order", "effective_date")
    if effective is None:
        run.fail(line.number, voc.MSG_REQUIRED.format(label=voc.field_label("effective_date")))
    end = run.value(line, "zoning_order", "end_date")
    signed = run.value(line, "zoning_order", "signed_date")
    # "ZIP-R": a class the ARS retained itself (field_rules.split_retained_class).
    class_text, retained = split_retained_class(line.get("zone_class"))
    zone_class = run.value(line, "zoning_entry", "zone_class", raw=class_text)
    if zone_class is None:
        run.fail(line.number, voc.MSG_REQUIRED.format(label=voc.field_label("zone_class")))
    if line.get("retained_by_ars").strip():
        flag = run.value(line, "zoning_entry", "retained_by_ars")
        retained = retained or flag is True
    tvs_code = line.get("tvs_code").strip() or None
    tvs_name = line.get("tvs_name").strip() or None
    commune = None
    if line.get("commune_code").strip():
        commune = run.commune(line, line.get("commune_code"))
    elif tvs_code is None:
        run.fail(line.number, voc.MSG_IMPORT_ZONAGE_NO_PLACE)
    if len(run.errors) > errors_before:
        return
    if end is not None and end < effective:
        run.fail(
            line.number,
            voc.MSG_DATE_BEFORE.format(
                label=voc.field_label("end_date"),
                other=voc.field_label("effective_date"),
                other_value=voc.format_date(effective),
            ),
        )
        return
    key = (number, profession)
    order = orders.get(key)
    if order is None:
        order = orders[key] = _Order(number, profession, effective, end, signed, line.number)
    elif (order.effective_date, order.end_date, order.signed_date) != (effective, end, signed):
        run.fail(
            line.number,
            voc.MSG_IMPORT_ZONAGE_ORDER_DATES.format(number=number, first=order.first_line),
        )
        return
    if commune is None:
        assert tvs_code is not None
        if duplicates.check(line, (key, "tvs", tvs_code), voc.MSG_IMPORT_SAME_TVS):
            order.tvs_lines.append((line.number, tvs_code, zone_class, tvs_name, retained))
        return
    if not duplicates.check(line, (key, commune), voc.MSG_IMPORT_SAME_COMMUNE):
        return
    if not _zonage_ars(run, line.number, order, commune):
        return
    order.entries[commune] = (line.number, zone_class, tvs_code, tvs_name, retained)


def _zonage_ars(run: ImportRun, line: int, order: _Order, commune: str) -> bool:
    """The commune belongs to the arrêté's ARS (on its date) and to the scope: else an error."""
    if not run.in_scope(commune):
        run.fail(line, voc.MSG_IMPORT_OTHER_ARS.format(code=commune, ars=run.scope))
        return False
    ars = rules.ars_of_commune(commune, order.effective_date)
    if order.ars_code is None:
        order.ars_code = ars
    elif ars != order.ars_code:
        run.fail(
            line,
            voc.MSG_IMPORT_ZONAGE_MIXED_ARS.format(code=commune, ars=ars, order_ars=order.ars_code),
        )
        return False
    return True


def _expand_tvs(run: ImportRun, order: _Order, tvs_members: Mapping[str, set[str]]) -> None:
    """Lines naming a TVS only: every commune the file or an earlier arrêté puts in that TVS."""
    for line, tvs_code, zone_class, tvs_name, retained in order.tvs_lines:
        communes = set(tvs_members.get(tvs_code, ()))
        known = run.connection.execute(
            sa.text(
                "SELECT DISTINCT commune_code FROM zoning_entry"
                " WHERE tvs_code = :tvs AND deleted = 0"
            ),
            {"tvs": tvs_code},
        ).scalars()
        communes.update(code for code in known if run.in_scope(code))
        if not communes:
            run.fail(line, voc.MSG_IMPORT_UNKNOWN_TVS.format(tvs=tvs_code))
            continue
        for commune in sorted(communes):
            if commune in order.entries:
                continue  # a line naming the commune itself wins over its TVS's line
            if not _zonage_ars(run, line, order, commune):
                break
            order.entries[commune] = (line, zone_class, tvs_code, tvs_name, retained)


def _write_order(run: ImportRun, order: _Order) -> None:
    assert order.ars_code is not None
    values = {
        "number": order.number,
        "profession": order.profession,
        "effective_date": order.effective_date,
        "end_date": order.end_date,
        "signed_date": order.signed_date,
    }
    order_id = run.connection.execute(
        sa.text(
            "SELECT id FROM zoning_order WHERE ars_code = :ars AND number = :number"
            " AND profession = :profession AND deleted = 0 ORDER BY id LIMIT 1"
        ),
        {"ars": order.ars_code, "number": order.number, "profession": order.profession},
    ).scalar()
    if order_id is None:
        order_id = run.create(order.first_line, "zoning_order", values, ars_code=order.ars_code)
        if order_id is None:
            return
        existing: dict[str, dict[str, Any]] = {}
    else:
        current = run.load("zoning_order", order_id)
        assert current is not None
        dates = {key: values[key] for key in ("effective_date", "end_date", "signed_date")}
        if run.update(order.first_line, "zoning_order", current, dates) is None:
            return
        entry_table = RECORD_TYPES["zoning_entry"].__table__  # type: ignore[attr-defined]
        rows = run.connection.execute(
            sa.select(entry_table).where(
                entry_table.c.order_id == order_id, entry_table.c.deleted.is_(False)
            )
        ).mappings()
        existing = {row["commune_code"]: dict(row) for row in rows}
    for commune, (line, zone_class, tvs_code, tvs_name, retained) in order.entries.items():
        entry: dict[str, Any] = {"zone_class": zone_class, "retained_by_ars": retained}
        if tvs_code is not None:
            entry["tvs_code"] = tvs_code
        if tvs_name is not None:
            entry["tvs_name"] = tvs_name
        if commune in existing:
            run.update(line, "zoning_entry", existing[commune], entry)
        else:
            run.create(
                line, "zoning_entry", {**entry, "order_id": order_id, "commune_code": commune}
            )


# --- zones-prioritaires -------------------------------------------------------------------------

PRIORITY_COLUMNS = (
    ImportColumn("epci_siren", required=True),
    ImportColumn("epci_name"),
    ImportColumn("population"),
    ImportColumn("year"),
)


def _import_priority_zones(run: ImportRun, table: CsvTable) -> None:
    lines = _prepare(run, table, PRIORITY_COLUMNS)
    if lines is None:
        return
    duplicates = _Duplicates(run)
    entity = "priority_zone"
    for line in lines:
        try:
            siren = identifiers.check_siren(line.get("epci_siren"))
        except ValidationError as error:
            run.fail_validation(line.number, error)
            continue
        year = run.value(line, entity, "year") if line.get("year").strip() else None
        population = run.value(line, entity, "population")
        if year is BAD or population is BAD:
            continue
        year = year or DEFAULT_PRIORITY_YEAR
        if not duplicates.check(line, (siren, year), voc.MSG_IMPORT_SAME_EPCI):
            continue
        communes = run.connection.execute(
            sa.text(
                "SELECT code, population FROM commune WHERE epci_siren = :siren"
                " ORDER BY population DESC, code"
            ),
            {"siren": siren},
        ).all()
        known = run.connection.execute(
            sa.text("SELECT 1 FROM epci WHERE siren = :siren"), {"siren": siren}
        ).first()
        if known is None or not communes:
            label = voc.field_label("epci_siren")
            run.fail(line.number, voc.MSG_UNKNOWN_EPCI.format(label=label, value=siren))
            continue
        # The EPCI's ARS is that of its most populated commune (an EPCI rarely spans two).
        if not run.in_scope(communes[0][0]):
            run.ignored += 1
            continue
        ars = rules.ars_of_commune(communes[0][0], run.today)
        if population is None:
            population = sum(count or 0 for _, count in communes)
        current = run.connection.execute(
            sa.text(
                "SELECT id FROM priority_zone WHERE epci_siren = :siren AND year = :year"
                " AND ars_code = :ars AND deleted = 0 ORDER BY id LIMIT 1"
            ),
            {"siren": siren, "year": year, "ars": ars},
        ).scalar()
        values = {"epci_siren": siren, "year": year, "population": population}
        if current is None:
            run.create(line.number, entity, values, ars_code=ars)
        else:
            record = run.load(entity, current)
            assert record is not None
            changes = {"population": population} if line.get("population").strip() else {}
            run.update(line.number, entity, record, changes)


# --- objectifs ---------------------------------------------------------------------------------

OBJECTIVE_COLUMNS = (
    ImportColumn("ars_code"),
    ImportColumn("indicator", required=True),
    ImportColumn("year", required=True),
    ImportColumn("value", required=True),
    ImportColumn("source", required=True),
)
OBJECTIVE_FIELDS = ("indicator", "year", "value", "source")


def _import_objectives(run: ImportRun, table: CsvTable) -> None:
    """The ARS's own objectives (projet régional de santé): one per ARS, indicator and year.

    A line whose ARS, indicator and year match a live objective updates its value and source;
    the others are created. The ARS column, if any, must be the import's ARS.
    """
    lines = _prepare(run, table, OBJECTIVE_COLUMNS)
    if lines is None:
        return
    duplicates = _Duplicates(run)
    entity = "regional_objective"
    for line in lines:
        ars = (line.get("ars_code").strip().upper() or run.scope or "")[:3]
        if ars != run.scope:
            message = voc.MSG_IMPORT_OBJECTIVE_OTHER_ARS.format(ars=ars or "?", scope=run.scope)
            run.fail(line.number, message)
            continue
        values = run.values(line, entity, OBJECTIVE_FIELDS)
        if values is None:
            continue
        key = (ars, values["indicator"], values["year"])
        if not duplicates.check(line, key, voc.MSG_IMPORT_SAME_OBJECTIVE):
            continue
        current = run.connection.execute(
            sa.text(
                "SELECT id FROM regional_objective WHERE ars_code = :ars AND indicator = :indicator"
                " AND year = :year AND deleted = 0 ORDER BY id LIMIT 1"
            ),
            {"ars": ars, "indicator": values["indicator"], "year": values["year"]},
        ).scalar()
        if current is None:
            run.create(line.number, entity, values, ars_code=ars)
        else:
            record = run.load(entity, current)
            assert record is not None
            run.update(line.number, entity, record, values)


# --- finess (msp-finess) -----------------------------------------------------------------------

#: FINESS categories the import keeps: what each becomes (record type, MSP ``kind``).
FINESS_KEPT: dict[str, tuple[str, str | None]] = {
    MSP_FINESS_CATEGORY: ("msp_project", "msp"),
    CENTRE_SANTE_FINESS_CATEGORY: ("msp_project", "centre_sante"),
    CPTS_FINESS_CATEGORY: ("cpts", None),
}

FINESS_COLUMNS = (
    ImportColumn("finess", required=True),
    ImportColumn("finess_legal"),
    ImportColumn("finess_name", required=True),
    ImportColumn("finess_long_name"),
    ImportColumn("finess_category", required=True),
    # Before commune_code: FINESS's own "commune" column holds 3 digits, not an INSEE code.
    ImportColumn("finess_departement"),
    ImportColumn("finess_commune"),
    ImportColumn("commune_code"),
    ImportColumn("opening_date"),
)


@dataclass
class _Establishment:
    """One kept line of a FINESS file."""

    line: int
    finess: str
    legal: str | None
    category: str
    name: str
    long_name: str
    commune: str
    opening: date | None

    @property
    def group(self) -> tuple[str, str]:
        """Sites of one entité juridique are one multi-site MSP (or centre de santé)."""
        return (self.category, self.legal or self.finess)


def _finess_commune(run: ImportRun, line: Line) -> str | None:
    """The INSEE code of a FINESS line: given whole, or département + 3-digit commune."""
    if line.get("commune_code").strip():
        return run.commune(line, line.get("commune_code"))
    departement = line.get("finess_departement").strip().upper()
    commune = line.get("finess_commune").strip()
    if not departement or not commune:
        run.fail(line.number, voc.MSG_IMPORT_FINESS_NO_COMMUNE)
        return None
    if len(commune) == 5:
        return run.commune(line, commune)
    if departement in FINESS_OVERSEAS:
        # 9D + 424 -> 97424: the 3 digits already carry the overseas département's digit.
        return run.commune(line, "97" + commune.zfill(3))
    return run.commune(line, departement.zfill(2) + commune.zfill(3))


def _read_establishment(run: ImportRun, line: Line) -> _Establishment | None:
    category = line.get("finess_category").strip()
    if category not in FINESS_KEPT:
        run.ignored += 1
        return None
    try:
        finess = identifiers.check_finess(line.get("finess"))
        legal_raw = line.get("finess_legal").strip()
        legal = identifiers.check_finess(legal_raw, "finess_legal") if legal_raw else None
    except ValidationError as error:
        run.fail_validation(line.number, error)
        return None
    name = line.get("finess_name").strip() or line.get("finess_long_name").strip()
    if not name:
        run.fail(line.number, voc.MSG_REQUIRED.format(label=header("finess_name")))
    commune = _finess_commune(run, line)
    opening = run.value(line, "msp_project", "opening_date")
    if not name or commune is None or opening is BAD:
        return None
    if not run.in_scope(commune):
        run.ignored += 1
        return None
    long_name = line.get("finess_long_name").strip() or name
    return _Establishment(
        line.number, finess, legal, category, name[:160], long_name, commune, opening
    )


def _import_msp_finess(run: ImportRun, table: CsvTable) -> None:
    found, _ = resolve_columns(run.kind, table.header, FINESS_COLUMNS)
    has_place = "commune_code" in found or {"finess_departement", "finess_commune"} <= set(found)
    if not has_place:
        run.fail(1, voc.MSG_IMPORT_FINESS_PLACE_COLUMN)
    lines = _prepare(run, table, FINESS_COLUMNS)
    if lines is None or not has_place:
        return
    duplicates = _Duplicates(run)
    groups: dict[tuple[str, str], list[_Establishment]] = {}
    for line in lines:
        kept = _read_establishment(run, line)
        if kept is not None and duplicates.check(line, kept.finess, voc.MSG_IMPORT_SAME_FINESS):
            groups.setdefault(kept.group, []).append(kept)
        run.tick()
    if run.errors:
        return
    for (category, _), sites in groups.items():
        entity, kind = FINESS_KEPT[category]
        if entity == "cpts":
            for site in sites:
                _save_cpts(run, site)
        else:
            assert kind is not None
            _save_msp(run, kind, sites)


#: Words every MSP, centre or CPTS name may hold: they tell nothing apart.
_GENERIC_NAME_WORDS = frozenset(
    (
        *("msp", "maison", "maisons", "sante", "pluriprofessionnelle", "pluriprofessionnel"),
        *("pluridisciplinaire", "pluri", "professionnelle", "site", "cs", "centre", "cpts"),
        *("communaute", "territoriale", "de", "du", "des", "d", "la", "le", "les", "l", "et"),
        *("a", "au", "aux", "en", "sur"),
    )
)


def name_key(name: str) -> tuple[str, ...]:
    """The words of an establishment's name that tell it apart, sorted.

    Accents, case, punctuation, word order and the generic words ("MSP", "maison de santé",
    "de", "site"...) aside: "MSP DE CILAOS" and "Cilaos (Maison de santé de)" are one name.
    """
    words = re.findall(r"[a-z0-9]+", search_key(name))
    kept = sorted(word for word in words if word not in _GENERIC_NAME_WORDS)
    return tuple(kept or sorted(words))


def _main_first(sites: list[_Establishment]) -> list[_Establishment]:
    """The main site first: the shortest name (the others add "- SITE DE ..."), then oldest."""
    return sorted(sites, key=lambda site: (len(site.name), site.opening or date.max, site.finess))


def _save_msp(run: ImportRun, kind: str, sites: list[_Establishment]) -> None:
    sites = _main_first(sites)
    main = sites[0]
    project_id = _match_msp(run, sites)
    if project_id is _AMBIGUOUS:
        return
    if project_id is None:
        openings = [site.opening for site in sites if site.opening is not None]
        values = {
            "name": main.name,
            "kind": kind,
            "status": "ouverte",
            "opening_date": min(openings) if openings else None,
        }
        ars = rules.ars_of_commune(main.commune, run.today)
        project_id = run.create(main.line, "msp_project", values, ars_code=ars)
        if project_id is None:
            return
    else:
        project = run.load("msp_project", project_id)
        assert project is not None
        changes = {}
        if project["opening_date"] is None and main.opening is not None:
            changes["opening_date"] = main.opening
        run.update(main.line, "msp_project", project, changes)
    existing = [
        dict(row)
        for row in run.connection.execute(
            sa.text("SELECT * FROM msp_site WHERE msp_id = :msp AND deleted = 0 ORDER BY id"),
            {"msp": project_id},
        ).mappings()
    ]
    has_main = any(site["is_main_site"] for site in existing)
    for site in sites:
        current = next((row for row in existing if row["finess"] == site.finess), None)
        if current is None:
            # A site typed by hand in that commune, without its FINESS yet.
            current = next(
                (r for r in existing if not r["finess"] and r["commune_code"] == site.commune),
                None,
            )
        if current is not None:
            run.update(site.line, "msp_site", dict(current), {"finess": site.finess})
            current["finess"] = site.finess  # taken: not matched twice
            continue
        values = {
            "msp_id": project_id,
            "commune_code": site.commune,
            "finess": site.finess,
            "is_main_site": not has_main,
        }
        has_main = True
        run.create(site.line, "msp_site", values)


class _Ambiguous:
    """Several records could be the establishment: listed for the user, not guessed."""


_AMBIGUOUS: Any = _Ambiguous()


def _match_msp(run: ImportRun, sites: list[_Establishment]) -> str | None:
    """The MSP (or centre de santé) these sites are: by a site's FINESS, else by name."""
    by_finess = (
        run.connection.execute(
            sa.text(
                "SELECT DISTINCT p.id FROM msp_site s JOIN msp_project p ON p.id = s.msp_id"
                " WHERE s.deleted = 0 AND p.deleted = 0 AND s.finess IN ("
                + ", ".join(f":f{index}" for index in range(len(sites)))
                + ")"
            ),
            {f"f{index}": site.finess for index, site in enumerate(sites)},
        )
        .scalars()
        .all()
    )
    if len(by_finess) == 1:
        return str(by_finess[0])
    if len(by_finess) > 1:
        return _ambiguous(run, sites[0], len(by_finess))
    wanted = {name_key(site.name) for site in sites} | {name_key(site.long_name) for site in sites}
    communes = sorted({site.commune for site in sites})
    rows = run.connection.execute(
        sa.text(
            "SELECT DISTINCT p.id, p.name FROM msp_site s JOIN msp_project p ON p.id = s.msp_id"
            " WHERE s.deleted = 0 AND p.deleted = 0 AND s.commune_code IN ("
            + ", ".join(f":c{index}" for index in range(len(communes)))
            + ")"
        ),
        {f"c{index}": code for index, code in enumerate(communes)},
    ).all()
    matches = sorted({row.id for row in rows if name_key(row.name) in wanted})
    if len(matches) > 1:
        return _ambiguous(run, sites[0], len(matches))
    return matches[0] if matches else None


def _ambiguous(run: ImportRun, site: _Establishment, count: int) -> Any:
    run.ambiguous.append(
        voc.IMPORT_FINESS_AMBIGUOUS.format(
            line=site.line, finess=site.legal or site.finess, name=site.name, count=count
        )
    )
    return _AMBIGUOUS


def _save_cpts(run: ImportRun, site: _Establishment) -> None:
    rows = run.connection.execute(
        sa.text(
            "SELECT id, name, finess, commune_code FROM cpts WHERE deleted = 0"
            " AND (finess = :finess OR commune_code = :commune) ORDER BY id"
        ),
        {"finess": site.finess, "commune": site.commune},
    ).all()
    matches = [row.id for row in rows if row.finess == site.finess]
    if not matches:
        wanted = {name_key(site.name), name_key(site.long_name)}
        matches = [
            row.id
            for row in rows
            if row.commune_code == site.commune and not row.finess and name_key(row.name) in wanted
        ]
    if len(matches) > 1:
        _ambiguous(run, site, len(matches))
        return
    if not matches:
        values = {"name": site.name, "commune_code": site.commune, "finess": site.finess}
        run.create(site.line, "cpts", values)
        return
    current = run.load("cpts", matches[0])
    assert current is not None
    run.update(site.line, "cpts", current, {"finess": site.finess})


# --- professionnels -----------------------------------------------------------------------------

PROFESSIONAL_COLUMNS = (
    ImportColumn("id"),
    ImportColumn("last_name", required=True),
    ImportColumn("first_name", required=True),
    *(ImportColumn(name) for name in PROFESSIONAL_FIELDS[3:]),
)
_PROFESSIONAL_VALUES = PROFESSIONAL_FIELDS[1:]


def _import_professionals(run: ImportRun, table: CsvTable | CsvStream) -> None:
    duplicates = _Duplicates(run)
    for chunk in _prepared_chunks(run, table, PROFESSIONAL_COLUMNS):
        by_id = _prefetch(run, "professional", [line.get("id").strip() for line in chunk])
        by_rpps = _professionals_by_rpps(
            run, [identifiers.compact(line.get("rpps")) for line in chunk]
        )
        for line in chunk:
            _import_professional(run, line, duplicates, by_id, by_rpps)
            run.tick()
        run.flush()


def _import_professional(
    run: ImportRun,
    line: Line,
    duplicates: _Duplicates,
    by_id: Mapping[str, dict[str, Any]],
    by_rpps: Mapping[str, dict[str, Any]],
) -> None:
    entity = "professional"
    values = run.values(line, entity, _PROFESSIONAL_VALUES)
    if values is None:
        return
    rpps = values.get("rpps")
    if rpps:
        # The RPPS is checked by the save's validation (bulk_create/bulk_update check the whole
        # record); it is checked here too only when it is already known (a later line with it,
        # or a record of this device): a bad number is refused for its key, not as a duplicate
        # or a match. Checking every line here as well doubled the import's Luhn work.
        if (("rpps", rpps) in duplicates.seen or rpps in by_rpps) and not _rpps_ok(run, line, rpps):
            return
        if not duplicates.check(line, ("rpps", rpps), voc.MSG_IMPORT_SAME_RPPS):
            return
    record_id = line.get("id").strip()
    if record_id and not duplicates.check(line, ("id", record_id), voc.MSG_IMPORT_SAME_ID):
        return
    current = by_id.get(record_id) if record_id else None
    if current is None and rpps:
        current = by_rpps.get(rpps)
    if current is None:
        run.bulk_create(line.number, entity, values, record_id=_reusable_id(record_id))
    elif _owned(run, line, current):
        run.bulk_update(line.number, entity, current, values)


def _rpps_ok(run: ImportRun, line: Line, rpps: str) -> bool:
    """Whether ``rpps`` is a valid RPPS (else an error for the line)."""
    try:
        identifiers.check_rpps(rpps)
    except ValidationError as error:
        run.fail_validation(line.number, error)
        return False
    return True


#: Lines read, checked and written at a time: bounded memory, few queries.
CHUNK_LINES = 1_000
#: The text of a record id as this application makes them (UUID, lower case).
_RECORD_ID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}")


def _chunks(lines: list[Line]) -> Iterable[list[Line]]:
    for start in range(0, len(lines), CHUNK_LINES):
        yield lines[start : start + CHUNK_LINES]


def _reusable_id(record_id: str) -> str | None:
    """An exported ``Identifiant`` this database lacks: the new record keeps it (round trip)."""
    return record_id if _RECORD_ID.fullmatch(record_id) else None


def _prefetch(run: ImportRun, entity: str, ids: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The records these ids name, by id (one query for a chunk of lines)."""
    wanted = sorted({record_id for record_id in ids if record_id})
    if not wanted:
        return {}
    table = RECORD_TYPES[entity].__table__  # type: ignore[attr-defined]
    rows = run.connection.execute(sa.select(table).where(table.c.id.in_(wanted))).mappings()
    return {row["id"]: dict(row) for row in rows}


def _professionals_by_rpps(run: ImportRun, numbers: Iterable[str]) -> dict[str, dict[str, Any]]:
    """The live professionals of the scope with these RPPS (the first made, for each)."""
    wanted = sorted({number for number in numbers if number})
    if not wanted:
        return {}
    # Which of them are stored, by a plain query first: a new region's import finds none, and
    # SQLAlchemy's rendering of a thousand-value IN was a noticeable part of its time.
    marks = ", ".join("?" * len(wanted))
    wanted = list(
        run.connection.exec_driver_sql(
            f"SELECT DISTINCT rpps FROM professional WHERE rpps IN ({marks})", tuple(wanted)
        ).scalars()
    )
    if not wanted:
        return {}
    table = RECORD_TYPES["professional"].__table__  # type: ignore[attr-defined]
    # Only the RPPS in SQL: with "ars_code = ?" too, SQLite picks the ARS's index and reads
    # every professional of the ARS for each chunk (an import quadratic in its size).
    query = sa.select(table).where(table.c.rpps.in_(wanted)).order_by(table.c.id)
    found: dict[str, dict[str, Any]] = {}
    for row in run.connection.execute(query).mappings():
        if row["deleted"] or (run.scope is not None and row["ars_code"] != run.scope):
            continue
        found.setdefault(row["rpps"], dict(row))
    return found


def _owned(run: ImportRun, line: Line, current: Mapping[str, Any]) -> bool:
    """A record of another ARS is never changed by an import."""
    if run.scope is not None and current["ars_code"] != run.scope:
        run.fail(line.number, voc.MSG_IMPORT_OTHER_ARS_RECORD.format(ars=current["ars_code"]))
        return False
    return True


# --- installations ------------------------------------------------------------------------------

INSTALLATION_FIELDS = (
    "commune_code",
    "localite",
    "practice_mode",
    "first_contact_date",
    "planned_installation_date",
    "installation_date",
    "zoning_class",
    "aids_requested",
    "aids_obtained",
    "referent",
    "next_action",
    "next_action_due",
    "notes",
)
INSTALLATION_COLUMNS = (
    ImportColumn("id"),
    ImportColumn("professional_id"),
    ImportColumn("last_name"),
    ImportColumn("first_name"),
    ImportColumn("status"),
    ImportColumn("commune_code", required=True),
    ImportColumn("first_contact_date", required=True),
    *(
        ImportColumn(name)
        for name in INSTALLATION_FIELDS
        if name not in ("commune_code", "first_contact_date")
    ),
)


def _import_installations(run: ImportRun, table: CsvTable) -> None:
    lines = _prepare(run, table, INSTALLATION_COLUMNS)
    if lines is None:
        return
    duplicates = _Duplicates(run)
    for chunk in _chunks(lines):
        by_id = _prefetch(run, "installation_project", [line.get("id").strip() for line in chunk])
        professionals = _prefetch(
            run, "professional", [line.get("professional_id").strip() for line in chunk]
        )
        for line in chunk:
            _import_installation(run, line, duplicates, by_id, professionals)
            run.tick()
        run.flush()


def _import_installation(
    run: ImportRun,
    line: Line,
    duplicates: _Duplicates,
    by_id: Mapping[str, dict[str, Any]],
    professionals: Mapping[str, dict[str, Any]],
) -> None:
    entity = "installation_project"
    errors_before = len(run.errors)
    values = run.values(line, entity, INSTALLATION_FIELDS)
    if values is not None and values.get("commune_code"):
        run.commune(line, values["commune_code"])
    status = run.status(line, entity, {})
    professional_id = _professional_of(run, line, professionals)
    if len(run.errors) > errors_before or values is None or status is BAD:
        return
    record_id = line.get("id").strip()
    if record_id and not duplicates.check(line, ("id", record_id), voc.MSG_IMPORT_SAME_ID):
        return
    assert professional_id is not None
    values["professional_id"] = professional_id
    if status is not None:
        values["status"] = status
    current = by_id.get(record_id) if record_id else None
    if current is None:
        run.bulk_create(line.number, entity, values, record_id=_reusable_id(record_id))
    elif _owned(run, line, current):
        run.bulk_update(line.number, entity, current, values)


def _professional_of(
    run: ImportRun, line: Line, professionals: Mapping[str, dict[str, Any]]
) -> str | None:
    """The project's professional: by « Identifiant du professionnel » if this database has it
    (an export carries it: names are not unique), else by name when only one matches."""
    professional_id = line.get("professional_id").strip()
    if professional_id:
        found = professionals.get(professional_id)
        if found is not None and not found["deleted"]:
            return professional_id
    last, first = line.get("last_name").strip(), line.get("first_name").strip()
    if not last:
        run.fail(line.number, voc.MSG_IMPORT_PROFESSIONAL_NOT_FOUND)
        return None
    candidates = run.connection.execute(
        sa.text(
            "SELECT id, last_name, first_name FROM professional WHERE deleted = 0"
            " AND (:ars IS NULL OR ars_code = :ars) AND search_key LIKE :prefix"
        ),
        {"ars": run.scope, "prefix": search_key(last) + "%"},
    ).all()
    wanted = (search_key(last), search_key(first))
    matches = [
        row.id
        for row in candidates
        if (search_key(row.last_name), search_key(row.first_name)) == wanted
    ]
    if len(matches) == 1:
        return matches[0]
    run.fail(
        line.number,
        voc.MSG_IMPORT_PROFESSIONAL_AMBIGUOUS if matches else voc.MSG_IMPORT_PROFESSIONAL_NOT_FOUND,
    )
    return None


# --- msp, mcs, couverture, contrats, missions: our own exports back -----------------------------

#: Export columns that are read back into another record than the exported one, or that the
#: export computes: never a field of the record itself.
_NOT_RECORD_FIELDS = frozenset(
    {"id", "status", "commune_name", "epci_name", "zone_year", "last_name", "first_name"}
)


@dataclass(frozen=True)
class _RecordKind:
    """How one export kind is read back: its record type and the fields its columns carry."""

    kind: str
    entity: str
    fields: tuple[str, ...]
    columns: tuple[ImportColumn, ...]


def _record_kind(kind: str) -> _RecordKind:
    from storage.exchange.exports import export_spec
    from storage.field_specs import field_specs

    spec = export_spec(kind)
    specs = field_specs(spec.entity)
    fields = tuple(
        column.key
        for column in spec.columns
        if column.key in specs and column.key not in _NOT_RECORD_FIELDS
    )
    # The professional's name finds them when their id is not in this database.
    names = ("last_name", "first_name") if "professional_id" in fields else ()
    zone = ("priority_zone_id", "epci_siren", "zone_year") if "priority_zone_id" in fields else ()
    columns = (
        ImportColumn("id"),
        ImportColumn("status"),
        *(ImportColumn(name) for name in (*names, *zone)),
        *(ImportColumn(name) for name in fields if name not in zone),
        # The MSP export carries its main site's commune and FINESS.
        *((ImportColumn("commune_code"), ImportColumn("finess")) if kind == "msp" else ()),
    )
    return _RecordKind(kind, spec.entity, fields, columns)


def _import_records(run: ImportRun, table: CsvTable) -> None:
    """An export of ours (msp, mcs, couverture, contrats, missions) back, matched by id."""
    how = _record_kind(run.kind)
    lines = _prepare(run, table, how.columns)
    if lines is None:
        return
    duplicates = _Duplicates(run)
    for chunk in _chunks(lines):
        by_id = _prefetch(run, how.entity, [line.get("id").strip() for line in chunk])
        professionals = _prefetch(
            run, "professional", [line.get("professional_id").strip() for line in chunk]
        )
        sites: list[tuple[Line, str]] = []
        for line in chunk:
            record_id = _import_record(run, how, line, duplicates, by_id, professionals)
            if record_id is not None and how.entity == "msp_project":
                sites.append((line, record_id))
            run.tick()
        run.flush()  # the projects exist before their sites are checked
        for line, project_id in sites:
            _import_main_site(run, line, project_id)
        run.flush()


def _import_record(
    run: ImportRun,
    how: _RecordKind,
    line: Line,
    duplicates: _Duplicates,
    by_id: Mapping[str, dict[str, Any]],
    professionals: Mapping[str, dict[str, Any]],
) -> str | None:
    entity = how.entity
    errors_before = len(run.errors)
    values = run.values(line, entity, [name for name in how.fields if not name.endswith("_id")])
    if values is not None and values.get("commune_code"):
        run.commune(line, values["commune_code"])
    status = run.status(line, entity, values or {})
    links: dict[str, Any] = {}
    if "professional_id" in how.fields:
        links["professional_id"] = _professional_of(run, line, professionals)
    if "priority_zone_id" in how.fields:
        links["priority_zone_id"] = _priority_zone_of(run, line)
    if "installation_project_id" in how.fields:
        links["installation_project_id"] = _optional_link(run, line, "installation_project_id")
    if len(run.errors) > errors_before or values is None or status is BAD:
        return None
    record_id = line.get("id").strip()
    if record_id and not duplicates.check(line, ("id", record_id), voc.MSG_IMPORT_SAME_ID):
        return None
    values.update(links)
    if status is not None:
        values["status"] = status
    current = by_id.get(record_id) if record_id else None
    if current is None:
        return run.bulk_create(line.number, entity, values, record_id=_reusable_id(record_id))
    if _owned(run, line, current) and run.bulk_update(line.number, entity, current, values):
        return str(current["id"])
    return None


def _optional_link(run: ImportRun, line: Line, name: str) -> str | None:
    """A link this database may lack (a contract's project): kept if the record is here."""
    record_id = line.get(name).strip()
    if not record_id:
        return None
    entity = name.removesuffix("_id")
    found = run.load(entity, record_id)
    return record_id if found is not None and not found["deleted"] else None


def _priority_zone_of(run: ImportRun, line: Line) -> str | None:
    """A mission's zone prioritaire: by its id, else by SIREN and year; made if missing.

    Zones prioritaires come from the national list: a new device may not have imported it yet,
    so the zone is made (with the exported id) rather than the mission refused.
    """
    zone_id = line.get("priority_zone_id").strip()
    if zone_id:
        found = run.load("priority_zone", zone_id)
        if found is not None and not found["deleted"]:
            return zone_id
    try:
        siren = identifiers.check_siren(line.get("epci_siren"))
    except ValidationError as error:
        run.fail_validation(line.number, error)
        return None
    year = run.value(line, "priority_zone", "year", column="zone_year")
    if year is BAD:
        return None
    year = year or DEFAULT_PRIORITY_YEAR
    found_id = run.connection.execute(
        sa.text(
            "SELECT id FROM priority_zone WHERE epci_siren = :siren AND year = :year"
            " AND deleted = 0 AND (:ars IS NULL OR ars_code = :ars) ORDER BY id LIMIT 1"
        ),
        {"siren": siren, "year": year, "ars": run.scope},
    ).scalar()
    if found_id is not None:
        return str(found_id)
    values = {"epci_siren": siren, "year": year}
    try:
        made = run.bulk.create(
            "priority_zone", values, ars_code=run.scope, record_id=_reusable_id(zone_id)
        )
    except ValidationError as error:
        run.fail_validation(line.number, error)
        return None
    run.count("priority_zone", CREATED)
    run.flush()  # written now: the mission's check looks for it, and the next line too
    return made


def _import_main_site(run: ImportRun, line: Line, project_id: str) -> None:
    """The MSP's main site: its commune and FINESS, as the export gives them."""
    commune = line.get("commune_code").strip()
    if not commune:
        return
    finess = line.get("finess").strip() or None
    row = (
        run.connection.execute(
            sa.text(
                "SELECT * FROM msp_site WHERE msp_id = :msp AND deleted = 0"
                " ORDER BY is_main_site DESC, id LIMIT 1"
            ),
            {"msp": project_id},
        )
        .mappings()
        .first()
    )
    if row is None:
        values = {"msp_id": project_id, "commune_code": commune, "is_main_site": True}
        if finess:
            values["finess"] = finess
        run.bulk_create(line.number, "msp_site", values)
        return
    changes: dict[str, Any] = {"commune_code": commune}
    if finess:
        changes["finess"] = finess
    run.bulk_update(line.number, "msp_site", dict(row), changes)


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
        with store.batch() as connection, _closing(table):
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
