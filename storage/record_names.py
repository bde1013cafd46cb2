"""What a reader calls a record or a referenced value: names, never ids (history, conflicts).

``value_names`` turns the stored (JSON) values of reference fields into names ("Hoarau
Marie-Claude", "Saint-Paul (97415)"); ``record_title`` names a record by what it is about
("Projet d'installation — Hoarau Marie-Claude, Cilaos").
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable

from sqlalchemy import Connection, text

from storage import vocabulary as voc

COMMUNE_NAME = "{name} ({code})"
#: Entities whose own row carries its name (column), for :func:`record_title`.
_NAME_COLUMNS: dict[str, str] = {"msp_project": "name", "cpts": "name", "priority_zone": "name"}


def professional_name(connection: Connection, record_id: str) -> str | None:
    row = connection.execute(
        text("SELECT last_name, first_name FROM professional WHERE id = :id"), {"id": record_id}
    ).first()
    return None if row is None else f"{row.last_name} {row.first_name}"


def commune_name(connection: Connection, code: str) -> str | None:
    name = connection.execute(
        text("SELECT name FROM commune WHERE code = :code"), {"code": code}
    ).scalar()
    return None if name is None else COMMUNE_NAME.format(name=name, code=code)


def _msp_name(connection: Connection, record_id: str) -> str | None:
    return connection.execute(
        text("SELECT name FROM msp_project WHERE id = :id"), {"id": record_id}
    ).scalar()


def _mcs_name(connection: Connection, record_id: str) -> str | None:
    pro = connection.execute(
        text("SELECT professional_id FROM mcs WHERE id = :id"), {"id": record_id}
    ).scalar()
    return None if pro is None else professional_name(connection, pro)


#: Reference fields and how to name the record they point at.
_DESCRIBERS: dict[str, Callable[[Connection, str], str | None]] = {
    "professional_id": professional_name,
    "commune_code": commune_name,
    "msp_id": _msp_name,
    "mcs_id": _mcs_name,
}


def value_names(
    connection: Connection, values: Iterable[tuple[str, str | None]]
) -> dict[tuple[str, str], str]:
    """For each (field, JSON value) of a reference field: the name of what it points at."""
    names: dict[tuple[str, str], str] = {}
    for field, raw in values:
        describe = _DESCRIBERS.get(field)
        if describe is None or raw is None or (field, raw) in names:
            continue
        try:
            value = json.loads(raw)
        except ValueError:
            continue
        if isinstance(value, str) and (name := describe(connection, value)):
            names[(field, raw)] = name
    return names


def record_title(connection: Connection, entity: str, record_id: str) -> str:
    """ "Projet d'installation — Hoarau Marie-Claude, Cilaos"; the label and the id's end if the
    record is not on this device."""
    label = voc.ENTITY_LABELS.get(entity, entity)
    about = _about(connection, entity, record_id)
    return f"{label} — {about}" if about else f"{label} …{record_id[-8:]}"


def _about(connection: Connection, entity: str, record_id: str) -> str | None:
    if entity == "professional":
        return professional_name(connection, record_id)
    if entity in _NAME_COLUMNS:
        return connection.execute(
            text(f"SELECT {_NAME_COLUMNS[entity]} FROM {entity} WHERE id = :id"),
            {"id": record_id},
        ).scalar()
    columns = _columns(connection, entity)
    if not columns:
        return None
    row = (
        connection.execute(
            text(f"SELECT {', '.join(columns)} FROM {entity} WHERE id = :id"), {"id": record_id}
        )
        .mappings()
        .first()
    )
    if row is None:
        return None
    parts = []
    for column in columns:
        if row[column] and (name := _DESCRIBERS[column](connection, row[column])):
            parts.append(name.split(" (")[0] if column == "commune_code" else name)
    return ", ".join(parts) or None


def _columns(connection: Connection, entity: str) -> list[str]:
    """The reference columns of ``entity`` that say what a record is about, in reading order."""
    from storage.models import RECORD_TYPES

    model = RECORD_TYPES.get(entity)
    if model is None:
        return []
    names = model.__table__.columns.keys()  # type: ignore[attr-defined]
    return [column for column in _DESCRIBERS if column in names]
