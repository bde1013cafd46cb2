"""Values as a French reader expects them: 1 234,5 — 05/03/2026 — 1 200,50 € — Oui/Non.

One function, :func:`format_value`, turns any stored column value into display text, using what
the models say about the field (:func:`storage.field_specs.field_specs`), its closed list of
values (:func:`storage.vocabulary.choices_for`) and, for ``status``, the record's workflow labels.
:func:`history_value` does the same for a value of the history (stored as JSON text).

Nothing here touches the database: names behind ids (a professional, a commune) are looked up by
the screen that shows them.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Mapping
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from screens import text as tx
from storage import vocabulary as voc


def format_money(cents: int) -> str:
    """``120050`` -> ``"1 200,50 €"``."""
    return f"{voc.format_decimal(cents / 100, 2)}\u00a0€"


def format_number(value: float | int | Decimal) -> str:
    """A number with grouped thousands and a decimal comma, without trailing zeros."""
    if isinstance(value, int) or (isinstance(value, float | Decimal) and value == int(value)):
        return voc.format_int(int(value))
    text = voc.format_decimal(float(value), 6).rstrip("0")
    return text.rstrip(",")


def format_value(
    entity: str, field: str, value: Any, record: Mapping[str, Any] | None = None
) -> str:
    """``value`` of ``entity.field`` as French text ("" stays "", None is a dash)."""
    if value is None or value == "":
        return tx.EMPTY_VALUE
    if field == "status":
        return _status_label(entity, value, record or {})
    choices = voc.choices_for(entity, field)
    if choices is not None:
        return choices.get(str(value), str(value))
    if isinstance(value, bool):
        return tx.YES if value else tx.NO
    if isinstance(value, datetime):
        return f"{voc.format_date(value)} {value:%H:%M}"
    if isinstance(value, date):
        return voc.format_date(value)
    if isinstance(value, int) and field.endswith("_cents"):
        return format_money(value)
    if isinstance(value, int | float | Decimal):
        return format_number(value)
    return str(value)


def history_value(entity: str, field: str, raw: str | None) -> str:
    """A value of the history (JSON text, dates in ISO form) as French text."""
    if raw is None:
        return tx.EMPTY_VALUE
    try:
        value = json.loads(raw)
    except ValueError:
        return raw
    if isinstance(value, str) and _looks_like_iso_date(value):
        with contextlib.suppress(ValueError):  # not a date after all: shown as text
            value = datetime.fromisoformat(value) if len(value) > 10 else date.fromisoformat(value)
    return format_value(entity, field, value)


def _looks_like_iso_date(text: str) -> bool:
    return len(text) >= 10 and text[4] == "-" and text[7] == "-" and text[:4].isdigit()


def _status_label(entity: str, status: str, record: Mapping[str, Any]) -> str:
    from storage import workflows

    if not workflows.has_workflow(entity):
        choices = voc.choices_for(entity, "status") or {}
        return choices.get(status, status)
    try:
        return workflows.workflow_for(entity, record).label_of(status)
    except (workflows.TransitionError, KeyError):
        return status
