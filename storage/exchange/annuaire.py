"""``ars-tui import annuaire FICHIER``: the Annuaire Santé activity file, and who moved.

The public extraction ``PS_LibreAcces_Personne_activite_AAAAMMJJHHMM.txt`` (about 2 million
lines): ``|``-separated, a header row, UTF-8, one line per place of practice (a doctor with two
practices has two lines with the same RPPS). Columns are found by name, accents and case aside
(their names have varied between extraction dates).

How it runs (:func:`import_annuaire`, called by :func:`storage.exchange.imports.import_file`):

1. **scan**: the file is read line by line, never whole. The commune column is cut out first
   (``str.split`` up to that column) and a line whose commune is not one of the ARS's is
   dropped before anything else is parsed: most of the file costs one partial split;
2. the kept lines are gathered by RPPS (memory follows the ARS's professionals, not the file):
   profession, specialty (savoir-faire), mode of practice and every place of practice;
3. professionals are created or updated, matched by RPPS, in chunks through the same bulk
   save as the other imports (checked like a save, outbox and history written);
4. **Installations détectées**: the professionals practising in the ARS now are compared with
   those of the previous import (``annuaire_presence``): arrivals, moves (a commune not held
   before) and departures are kept in ``annuaire_change`` and listed in the summary and in the
   TUI. The first import of an ARS is the reference: nothing is detected against nothing.
"""

from __future__ import annotations

import io
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection, Engine

from storage import identifiers, rules
from storage import vocabulary as voc
from storage.db import read_connection
from storage.exchange.csv_io import header_key
from storage.store import Store
from storage.validation import ValidationError

SEPARATOR = "|"
#: Field -> accepted header names (compared by :func:`header_key`), the current one first.
COLUMNS: dict[str, tuple[str, ...]] = {
    "rpps": ("Identifiant PP",),
    "last_name": ("Nom d'exercice",),
    "first_name": ("Prénom d'exercice",),
    "profession": ("Code profession",),
    "specialty": ("Libellé savoir-faire",),
    "mode": ("Code mode exercice",),
    "commune": ("Code commune (coord. structure)", "Code commune (structure)", "Code commune"),
    "commune_name": (
        "Libellé commune (coord. structure)",
        "Libellé commune (structure)",
        "Libellé commune",
    ),
    "site": ("Raison sociale site",),
    "sign": ("Enseigne commerciale site",),
}
REQUIRED = ("rpps", "last_name", "profession", "commune")
#: Code profession of the Annuaire Santé -> the application's profession.
PROFESSIONS: dict[str, str] = {
    "10": "medecin",
    "21": "pharmacien",
    "40": "chirurgien_dentiste",
    "50": "sage_femme",
    "60": "infirmier",
    "70": "masseur_kinesitherapeute",
    "80": "podologue",
    "91": "orthophoniste",
}
#: Code mode exercice -> situation (a professional with a libéral place is "installé(e)").
MODES: dict[str, str] = {"L": "installe_liberal", "S": "salarie"}
#: Lines between two checks of the progress callback during the scan.
SCAN_STEP = 20_000
#: Professionals created or updated at a time.
CHUNK = 1_000

ARRIVAL, DEPARTURE, MOVE = "arrivee", "depart", "demenagement"


@dataclass
class Person:
    """One professional of the ARS as the file describes them (all their lines)."""

    line: int
    rpps: str
    last_name: str
    first_name: str
    profession: str
    specialty: str | None
    modes: set[str] = field(default_factory=set)
    #: (commune INSEE code, place text), one per line.
    places: list[tuple[str, str]] = field(default_factory=list)

    @property
    def communes(self) -> list[str]:
        return sorted({commune for commune, _ in self.places})

    def values(self) -> dict[str, Any]:
        """The professional's fields this file tells."""
        situation = next((MODES[mode] for mode in ("L", "S") if mode in self.modes), None)
        values: dict[str, Any] = {
            "last_name": self.last_name,
            "first_name": self.first_name,
            "rpps": self.rpps,
            "profession": self.profession,
            "specialty": self.specialty,
            "practice_places": "\n".join(sorted({text for _, text in self.places})),
        }
        if situation is not None:
            values["situation"] = situation
        return values


@dataclass(frozen=True)
class Detected:
    """One line of "Installations détectées" (a row of ``annuaire_change``, made readable)."""

    id: int
    kind: str
    professional_id: str
    rpps: str | None
    name: str
    profession: str
    commune_code: str | None
    commune_name: str | None
    previous_commune: str | None
    zoning_class: str | None
    imported_on: date
    project_id: str | None


# --- scan ---------------------------------------------------------------------------------------


def open_text(path: Path | str) -> tuple[io.TextIOBase, str]:
    """The file as text lines: UTF-8 (with or without BOM), else Windows-1252."""
    with open(path, "rb") as probe:
        head = probe.read(1 << 16)
    encoding = "utf-8-sig"
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        if error.start < len(head) - 4:  # not just a character cut by the probe's end
            encoding = "cp1252"
    stream = open(path, encoding=encoding, errors="strict", newline="")  # noqa: SIM115
    return stream, "UTF-8" if encoding == "utf-8-sig" else "Windows-1252"


def find_columns(header: list[str]) -> tuple[dict[str, int], list[str]]:
    """Field -> index in the header; the French names of required columns not found."""
    keys = [header_key(cell) for cell in header]
    found: dict[str, int] = {}
    for name, texts in COLUMNS.items():
        for text in texts:
            if header_key(text) in keys:
                found[name] = keys.index(header_key(text))
                break
    missing = [COLUMNS[name][0] for name in REQUIRED if name not in found]
    return found, missing


def scan(
    lines: Iterator[str],
    columns: Mapping[str, int],
    communes: Mapping[str, str],
    errors: list[tuple[int, str]],
    *,
    tick: Any = None,
) -> tuple[dict[str, Person], int, int]:
    """The ARS's professionals of the file by RPPS; (people, data lines, lines ignored).

    ``communes``: INSEE code -> name, the ARS's communes. ``errors`` receives (line, message).
    """
    commune_at = columns["commune"]
    width = max(columns.values()) + 1
    get = columns.get
    people: dict[str, Person] = {}
    count = ignored = 0
    number = 1
    # "|974" is in every line of La Réunion (its commune cell): a substring search in C drops
    # most other lines before any split. A necessary test only: the commune is checked after.
    marks = tuple(sorted({SEPARATOR + _departement(code) for code in communes}))
    single = marks[0] if len(marks) == 1 else None
    for number, line in enumerate(lines, start=2):
        count += 1
        if tick is not None and count % SCAN_STEP == 0:
            tick(count)
        if single is not None:
            if single not in line:
                ignored += 1
                continue
        elif not any(mark in line for mark in marks):
            ignored += 1
            continue
        head = line.split(SEPARATOR, commune_at + 1)
        if len(head) <= commune_at or head[commune_at] not in communes:
            ignored += 1
            continue  # another ARS's (or no place): nothing else parsed
        cells = line.rstrip("\r\n").split(SEPARATOR, width)
        _read(cells, get, number, communes, people, errors)
    if tick is not None:
        tick(count)
    return people, count, ignored


def _departement(commune: str) -> str:
    """The département a commune code starts with ("974", "69", "2A")."""
    return commune[:3] if commune.startswith("97") else commune[:2]


def _read(
    cells: list[str],
    get: Any,
    number: int,
    communes: Mapping[str, str],
    people: dict[str, Person],
    errors: list[tuple[int, str]],
) -> None:
    def cell(name: str) -> str:
        index = get(name)
        return cells[index].strip() if index is not None and index < len(cells) else ""

    rpps = cell("rpps")
    person = people.get(rpps)
    if person is None:
        profession = PROFESSIONS.get(cell("profession"))
        if profession is None:
            return  # a profession the application does not follow
        try:
            identifiers.check_rpps(rpps)
        except ValidationError as error:
            errors.extend((number, item.message) for item in error.errors)
            return
        person = people[rpps] = Person(
            number,
            rpps,
            cell("last_name")[:80],
            cell("first_name")[:80] or "-",
            profession,
            cell("specialty")[:80] or None,
        )
    commune = cell("commune")
    mode = cell("mode")
    if mode:
        person.modes.add(mode)
    site = cell("site") or cell("sign")
    parts = [f"{commune} {cell('commune_name') or communes.get(commune, '')}".strip()]
    parts.append(voc.ANNUAIRE_MODES.get(mode, mode))
    if site:
        parts.append(site)
    person.places.append((commune, " · ".join(part for part in parts if part)))


# --- writing ------------------------------------------------------------------------------------


def import_annuaire(run: Any, path: Path | str, result: Any) -> None:
    """Steps 1-4 of the module docstring, inside the import's transaction (``run``)."""
    from storage.exchange.imports import LineError

    communes = _communes_of(run)
    stream, result.encoding = open_text(path)
    result.separator = SEPARATOR
    errors: list[tuple[int, str]] = []
    with stream:
        header = stream.readline().rstrip("\r\n").split(SEPARATOR)
        columns, missing = find_columns(header)
        if missing:
            for column in missing:
                run.fail(1, voc.MSG_IMPORT_MISSING_COLUMN.format(column=column))
            return
        size = max(Path(path).stat().st_size, 1)

        def tick(count: int) -> None:
            # The total is not known before the end: the bytes read tell how far the scan is.
            if run.progress is not None:
                run.progress(min(stream.buffer.tell(), size), size)  # type: ignore[attr-defined]

        try:
            people, result.lines, result.ignored = scan(
                stream, columns, communes, errors, tick=tick
            )
        except UnicodeDecodeError:
            run.fail(None, voc.MSG_CSV_UNKNOWN_ENCODING)
            return
    run.errors.extend(LineError(line, message) for line, message in errors)
    if run.errors:
        return
    current = _write_people(run, people)
    run.flush()
    if run.errors:
        return
    result.detected = _detect(run, current, len(people), result.lines)


def _communes_of(run: Any) -> dict[str, str]:
    """INSEE code -> name of the communes of the import's ARS (all, without one)."""
    rows = run.connection.execute(sa.text("SELECT code, name FROM commune")).all()
    # A département belongs to one ARS: ask once per département, not once per commune.
    kept: dict[str, bool] = {}
    found = {}
    for code, name in rows:
        departement = _departement(code)
        if departement not in kept:
            kept[departement] = run.in_scope(code)
        if kept[departement]:
            found[code] = name
    return found


def _write_people(run: Any, people: Mapping[str, Person]) -> dict[str, tuple[str, list[str]]]:
    """Create or update each professional; RPPS -> (professional id, communes)."""
    from storage.exchange.imports import _owned, _professionals_by_rpps

    current: dict[str, tuple[str, list[str]]] = {}
    persons = list(people.values())
    for start in range(0, len(persons), CHUNK):
        chunk = persons[start : start + CHUNK]
        known = _professionals_by_rpps(run, [person.rpps for person in chunk])
        for person in chunk:
            record = known.get(person.rpps)
            values = person.values()
            if record is None:
                record_id = run.bulk_create(person.line, "professional", values)
            else:
                record_id = record["id"]
                if not _owned(run, _At(person.line), record):
                    continue
                changes = {key: value for key, value in values.items() if key != "rpps"}
                if record.get("situation") in ("retraite", "remplacant") and "situation" in changes:
                    changes.pop("situation")  # what the correspondent knows better
                run.bulk_update(person.line, "professional", record, changes)
            if record_id is not None:
                current[person.rpps] = (record_id, person.communes)
        run.flush()
    return current


@dataclass(frozen=True)
class _At:
    """The line number :func:`storage.exchange.imports._owned` reports on."""

    number: int


def _detect(
    run: Any, current: Mapping[str, tuple[str, list[str]]], people: int, lines: int
) -> list[Detected]:
    """Compare with the previous import, remember this one, and list what changed."""
    connection: Connection = run.connection
    scope = run.scope or ""
    previous = {
        rpps: (professional_id, communes.split(";") if communes else [])
        for rpps, professional_id, communes in connection.execute(
            sa.text(
                "SELECT rpps, professional_id, communes FROM annuaire_presence"
                " WHERE ars_code = :ars"
            ),
            {"ars": scope},
        )
    }
    baseline = (
        connection.execute(
            sa.text("SELECT 1 FROM annuaire_import WHERE ars_code = :ars LIMIT 1"), {"ars": scope}
        ).first()
        is None
    )
    import_id = connection.execute(
        sa.text(
            "INSERT INTO annuaire_import (ars_code, imported_on, at, lines, professionals,"
            " baseline) VALUES (:ars, :on, :at, :lines, :people, :baseline)"
        ),
        {
            "ars": scope,
            "on": run.today.isoformat(),
            "at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M:%S.%f"),
            "lines": lines,
            "people": people,
            "baseline": baseline,
        },
    ).lastrowid
    changes = [] if baseline else _changes(previous, current)
    if changes:
        connection.exec_driver_sql(
            "INSERT INTO annuaire_change (import_id, kind, professional_id, commune_code,"
            " previous_commune) VALUES (?, ?, ?, ?, ?)",
            [(import_id, *change) for change in changes],
        )
    connection.execute(
        sa.text("DELETE FROM annuaire_presence WHERE ars_code = :ars"), {"ars": scope}
    )
    connection.exec_driver_sql(
        "INSERT INTO annuaire_presence (ars_code, rpps, professional_id, communes)"
        " VALUES (?, ?, ?, ?)",
        [(scope, rpps, pid, ";".join(communes)) for rpps, (pid, communes) in current.items()],
    )
    return _read_changes(connection, import_id)


def _changes(
    previous: Mapping[str, tuple[str, list[str]]], current: Mapping[str, tuple[str, list[str]]]
) -> list[tuple[str, str, str | None, str | None]]:
    """(kind, professional id, commune, previous commune) of each arrival, move, departure."""
    found: list[tuple[str, str, str | None, str | None]] = []
    for rpps, (professional_id, communes) in current.items():
        before = previous.get(rpps)
        if before is None:
            found.append((ARRIVAL, professional_id, communes[0] if communes else None, None))
            continue
        new = [commune for commune in communes if commune not in before[1]]
        if new:
            left = [commune for commune in before[1] if commune not in communes]
            found.append((MOVE, professional_id, new[0], (left or before[1] or [None])[0]))
    for rpps, (professional_id, communes) in previous.items():
        if rpps not in current:
            found.append((DEPARTURE, professional_id, None, communes[0] if communes else None))
    return found


_CHANGES_QUERY = (
    "SELECT c.id, c.kind, c.professional_id, p.rpps, p.last_name, p.first_name, p.profession,"
    " c.commune_code, c.previous_commune, i.imported_on, c.project_id, i.ars_code"
    " FROM annuaire_change c JOIN annuaire_import i ON i.id = c.import_id"
    " JOIN professional p ON p.id = c.professional_id"
)


def _read_changes(connection: Connection, import_id: int) -> list[Detected]:
    rows = connection.execute(
        sa.text(_CHANGES_QUERY + " WHERE c.import_id = :id ORDER BY c.kind, p.search_key, c.id"),
        {"id": import_id},
    ).all()
    places = {code for row in rows for code in (row.commune_code, row.previous_commune) if code}
    names = {
        code: connection.execute(
            sa.text("SELECT name FROM commune WHERE code = :code"), {"code": code}
        ).scalar()
        for code in places
    }
    detected = []
    for row in rows:
        imported_on = row.imported_on
        if isinstance(imported_on, str):
            imported_on = date.fromisoformat(imported_on)
        place = row.commune_code or row.previous_commune
        zoning = rules.zoning_class_on(connection, place, imported_on) if place else None
        detected.append(
            Detected(
                id=row.id,
                kind=row.kind,
                professional_id=row.professional_id,
                rpps=row.rpps,
                name=f"{row.last_name} {row.first_name}".strip(),
                profession=voc.PROFESSIONS.get(row.profession, row.profession),
                commune_code=row.commune_code,
                commune_name=names.get(place) if place else None,
                previous_commune=row.previous_commune,
                zoning_class=zoning,
                imported_on=imported_on,
                project_id=row.project_id,
            )
        )
    return detected


def latest_changes(engine: Engine, ars_code: str | None) -> list[Detected]:
    """ "Installations détectées" of the last annuaire import of the ARS (empty if none)."""
    with read_connection(engine) as connection:
        import_id = connection.execute(
            sa.text(
                "SELECT id FROM annuaire_import WHERE (:ars IS NULL OR ars_code = :ars)"
                " ORDER BY id DESC LIMIT 1"
            ),
            {"ars": ars_code},
        ).scalar()
        if import_id is None:
            return []
        return _read_changes(connection, import_id)


def create_detected_project(engine: Engine, change_id: int, *, user: str) -> str:
    """The installation project of a detected arrival or move: Installé(e) on the import's day.

    Returns its id (the existing one if the project was already made from this line).
    Raises :class:`ValidationError` (French) for a departure or an unknown line.
    """
    with read_connection(engine) as connection:
        row = connection.execute(
            sa.text(_CHANGES_QUERY + " WHERE c.id = :id"), {"id": change_id}
        ).first()
    if row is None or row.kind == DEPARTURE or not row.commune_code:
        raise ValidationError.single(None, voc.DETECTED_NOT_AN_ARRIVAL)
    if row.project_id:
        return str(row.project_id)
    imported_on = row.imported_on
    if isinstance(imported_on, str):
        imported_on = date.fromisoformat(imported_on)
    store = Store(engine, user=user, ars_code=row.ars_code)
    with store.batch() as connection:
        project_id = store.create(
            "installation_project",
            {
                "professional_id": row.professional_id,
                "commune_code": row.commune_code,
                "status": "installe",
                "first_contact_date": imported_on,
                "installation_date": imported_on,
                "notes": voc.DETECTED_PROJECT_NOTE.format(day=voc.format_date(imported_on)),
            },
        )
        connection.execute(
            sa.text("UPDATE annuaire_change SET project_id = :project WHERE id = :id"),
            {"project": project_id, "id": change_id},
        )
    return project_id


def describe_detected(detected: list[Detected]) -> list[str]:
    """The "Installations détectées" part of an import's summary, one line each."""
    if not detected:
        return []
    lines = [voc.DETECTED_HEAD.format(count=voc.format_int(len(detected)))]
    for change in detected:
        lines.append(
            voc.DETECTED_LINE.format(
                kind=voc.DETECTED_KINDS[change.kind],
                name=change.name,
                profession=change.profession,
                commune=change.commune_code or change.previous_commune or "",
                commune_name=change.commune_name or "",
                zoning=change.zoning_class or voc.DETECTED_NO_ZONING,
            )
        )
    return lines


__all__ = [
    "Detected",
    "create_detected_project",
    "describe_detected",
    "import_annuaire",
    "latest_changes",
]
