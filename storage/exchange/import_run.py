"""One import's machinery, whatever the file: results and refusals, columns found by their
French headers, the run (batch, errors, counts) and reading its lines in chunks.

Each kind of file has its own module (import_places, import_finess, import_records); the entry
point is :func:`storage.exchange.imports.import_file`.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date
from operator import itemgetter
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection
from sqlalchemy.exc import IntegrityError

from storage import vocabulary as voc
from storage.exchange.csv_io import CsvStream, CsvTable, header_key
from storage.exchange.export_format import header
from storage.models import RECORD_TYPES
from storage.records import coercion, identifiers, rules, workflows
from storage.records.bulk import BulkSave
from storage.records.store import Store
from storage.records.validation import ValidationError
from storage.text import search_key

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
        by_outcome = self.counts.get(entity)
        if by_outcome is None:
            by_outcome = self.counts[entity] = {CREATED: 0, UPDATED: 0, UNCHANGED: 0}
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
        saved, record_id = self._save(
            line, lambda: self.store.create(entity, values, ars_code=ars_code)
        )
        if not saved:
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

        def save() -> None:
            if "status" in changed and workflows.has_workflow(entity):
                target = changed.pop("status")
                self.store.transition(entity, current["id"], target, changed)
            elif changed:
                self.store.update(entity, current["id"], changed)

        if not self._save(line, save)[0]:
            return None
        if count:
            self.count(entity, outcome)
        return outcome

    def _save(self, line: int, save: Callable[[], Any]) -> tuple[bool, Any]:
        """Run one save of the store: (True, what it returns), or (False, None) and the line's
        errors when it is refused (a check, or a database constraint)."""
        try:
            return True, save()
        except ValidationError as error:
            self.fail_validation(line, error)
        except IntegrityError:
            self.fail(line, voc.MSG_IMPORT_CONSTRAINT)
        return False, None


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
    pick = itemgetter(*indexes) if len(indexes) > 1 else None
    for number, cells in table.rows:
        if pick is not None and len(cells) >= width:  # a whole line: one itemgetter
            values = pick(cells)
        else:
            values = tuple(cells[index] if index < len(cells) else "" for index in indexes)
        line = Line(number, dict(zip(names, values, strict=True)))
        # The cells in the file's column order (the same for every line): no sort needed.
        digest = _line_digest(values)
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


def _line_digest(values: tuple[str, ...]) -> bytes:
    """A digest of a line's picked cells that tells two lines apart: of the cells joined by NUL
    when no cell holds one (almost always: one join, no repr), else of their repr, hashed with
    another personalisation so that the two forms never meet."""
    joined = "\x00".join(values)
    if joined.count("\x00") == len(values) - 1:
        return hashlib.blake2b(joined.encode(), digest_size=16).digest()
    return hashlib.blake2b(repr(values).encode(), digest_size=16, person=b"repr").digest()


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
