"""Field values on the wire and in the change log (outbox ``fields``/``base``, history): JSON,
dates and datetimes as ISO 8601 text. Encoding (:func:`encode_value`, :func:`dumps_fields`)
and decoding (:func:`decode_fields`: wire values back to column values) live together, so that
what a device logged is exactly what travels and what is applied.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import UTC, date, datetime
from functools import cache
from typing import Any


def encode_value(value: Any) -> Any:
    """A JSON-ready form of a column value."""
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return value


def dumps_fields(values: Mapping[str, Any]) -> str:
    """Field values as compact JSON (keys sorted, so equal edits give equal text)."""
    return json.dumps(
        {key: encode_value(value) for key, value in values.items()},
        ensure_ascii=False,
        separators=(",", ":"),
        sort_keys=True,
    )


def dumps_value(value: Any) -> str | None:
    """One value as JSON text, ``None`` staying SQL NULL."""
    if value is None:
        return None
    return json.dumps(encode_value(value), ensure_ascii=False)


def reusable_encoder(**options: Any) -> Callable[[Any], str]:
    """``json.JSONEncoder(**options).encode``, the same text, its C encoder made once: ``encode``
    builds one per call, a sixth of encoding a record. No circular check: it encodes values
    parsed from JSON or built from them, which hold no cycle."""
    encoder = json.JSONEncoder(check_circular=False, **options)
    make = json.encoder.c_make_encoder
    if make is None or encoder.indent is not None:
        return encoder.encode
    text = (
        json.encoder.encode_basestring_ascii
        if encoder.ensure_ascii
        else json.encoder.encode_basestring
    )
    encode = make(
        None,
        encoder.default,
        text,
        None,
        encoder.key_separator,
        encoder.item_separator,
        encoder.sort_keys,
        encoder.skipkeys,
        encoder.allow_nan,
    )

    def encoded(value: Any) -> str:
        if isinstance(value, str):
            return text(value)
        return "".join(encode(value, 0))

    return encoded


# --- Values: wire form <-> column values -------------------------------------------------------


def _table(entity: str) -> Any:
    """The table of a synced record type (the models are imported on first use, not with wire)."""
    from storage.models import SYNCED_TYPES

    try:
        return SYNCED_TYPES[entity].__table__  # type: ignore[attr-defined]
    except KeyError:
        raise ValueError(f"unknown record type: {entity!r}") from None


@cache
def _decoders(entity: str) -> dict[str, Callable[[Any], Any]]:
    """Per column of ``entity``: turn a wire value (JSON, dates as ISO text) into a column value."""
    decoders: dict[str, Callable[[Any], Any]] = {}
    for column in _table(entity).columns:
        try:
            python_type = column.type.python_type
        except NotImplementedError:
            python_type = object
        if python_type is object and hasattr(column.type, "impl_instance"):
            python_type = column.type.impl_instance.python_type  # UTCDateTime says object
        if python_type is datetime:
            decoders[column.name] = _to_datetime
        elif python_type is date:
            decoders[column.name] = _to_date
        elif python_type is bool:
            decoders[column.name] = _to_bool
        else:
            decoders[column.name] = _same
    return decoders


def _same(value: Any) -> Any:
    return value


def _to_date(value: Any) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value)[:10])


def _to_datetime(value: Any) -> datetime | None:
    if value is None or isinstance(value, datetime):
        return value
    moment = datetime.fromisoformat(str(value))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def _to_bool(value: Any) -> bool | None:
    return None if value is None else bool(value)


def decode_fields(entity: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Wire values of ``entity`` as column values (unknown names are dropped)."""
    decoders = _decoders(entity)
    return {name: decoders[name](value) for name, value in values.items() if name in decoders}
