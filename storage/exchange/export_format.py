"""What an export is made of: its spec (a SELECT and its columns), its result, and the
formatters that write each value as Excel FR reads it (dates, decimal commas, French labels).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from storage import vocabulary as voc
from storage.exchange.csv_io import format_bool, format_date, format_money, format_number
from storage.records import workflows

Formatter = Callable[[Any, Mapping[str, Any]], str]


@dataclass(frozen=True)
class ExportColumn:
    """One column of an export: its header, the row key it reads and how it is written."""

    header: str
    key: str
    format: Formatter
    #: False for a number, a date, an amount, yes/no: written as it is. A text cell that starts
    #: like a formula (=, +, -, @, tab, CR) gets the CSV guard (see storage.exchange.csv_io).
    text: bool = True


@dataclass(frozen=True)
class ExportSpec:
    kind: str
    #: The record type (the table whose ``id``, ``ars_code`` and ``deleted`` filter and page).
    entity: str
    columns: tuple[ExportColumn, ...]
    #: The SELECT of every column (labelled with the columns' keys), without filter or order.
    select: Callable[[], sa.Select[Any]]
    #: The French-order sort keys of the rows (accent-free ``search_key`` columns of the tables
    #: joined in ``select``), before the id; none: id order.
    order: Callable[[], tuple[sa.ColumnElement[Any], ...]] = tuple


@dataclass(frozen=True)
class ExportResult:
    kind: str
    path: Path
    rows: int
    ars_code: str
    #: The database holds demo data: every row says so in a last column.
    demo: bool = False


class ExportError(ValueError):
    """An export that cannot run (unknown kind, no ARS): French message."""


# --- Formatters ---------------------------------------------------------------------------------


def _text(value: Any, _row: Mapping[str, Any]) -> str:
    return "" if value is None else str(value)


def _date(value: Any, _row: Mapping[str, Any]) -> str:
    return format_date(value)


def _int(value: Any, _row: Mapping[str, Any]) -> str:
    return format_number(value)


def _money(value: Any, _row: Mapping[str, Any]) -> str:
    return format_money(value)


def _bool(value: Any, _row: Mapping[str, Any]) -> str:
    return format_bool(value)


def _choice(entity: str, field: str) -> Formatter:
    """A closed-list code as its French label (the import reads labels and codes alike)."""
    choices = voc.choices_for(entity, field) or {}

    def write(value: Any, _row: Mapping[str, Any]) -> str:
        if value is None:
            return ""
        return choices.get(str(value), str(value))

    return write


def _status(entity: str) -> Formatter:
    """A workflow state as its label (an aid's workflow depends on its ``kind``)."""

    def write(value: Any, row: Mapping[str, Any]) -> str:
        if value is None:
            return ""
        try:
            return workflows.workflow_for(entity, row).label_of(value)
        except (workflows.TransitionError, KeyError):
            return str(value)

    return write


def header(field: str) -> str:
    """The French header of a field in exports (and the first one imports look for)."""
    return voc.EXPORT_HEADERS.get(field) or voc.field_label(field)
