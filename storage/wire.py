"""How field values are written into the change log (outbox ``fields``/``base``, history).

JSON, with dates and datetimes as ISO 8601 text. The sync wire format (a later layer) reuses these
two functions so that what a device logged is exactly what travels.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from datetime import date, datetime
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
