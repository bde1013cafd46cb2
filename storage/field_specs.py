"""What the models say about each field, and the error every check of a field raises.

:func:`field_specs` reads a record type's fields from its SQLModel model: type, whether it may be
empty, maximum length, the table it points at, its default. :class:`ValidationError` (one or
more :class:`FieldError`, French messages) is what :mod:`storage.coercion` and
:mod:`storage.validation` raise; :mod:`storage.validation` exports both as its own.
"""

from __future__ import annotations

import types
import typing
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

import sqlalchemy as sa

from storage import vocabulary as voc
from storage.models import SYNC_COLUMNS, SYNCED_TYPES

# --- Errors -------------------------------------------------------------------------------------


@dataclass(frozen=True)
class FieldError:
    """One problem: the field it is about (None for the record as a whole) and a French message."""

    field: str | None
    message: str


class ValidationError(ValueError):
    """One or more problems with what the user typed.

    ``errors`` lists them; ``str()`` is their French messages, one a line.
    """

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors: list[FieldError] = list(errors)
        super().__init__("\n".join(error.message for error in self.errors))

    @classmethod
    def single(cls, field: str | None, message: str) -> ValidationError:
        return cls([FieldError(field, message)])

    @property
    def fields(self) -> set[str]:
        """The fields that have at least one problem (to mark them on a form)."""
        return {error.field for error in self.errors if error.field is not None}

    def messages_for(self, field: str | None) -> list[str]:
        return [error.message for error in self.errors if error.field == field]


# --- What the models say about each field -------------------------------------------------------

#: Columns the store fills itself; validate_record ignores them (``ars_code`` is checked: the store
#: passes the ARS it computed).
NOT_CHECKED: frozenset[str] = (SYNC_COLUMNS - {"ars_code"}) | {"search_key"}
#: Left to the store and the workflow (see the module docstring).
WORKFLOW_FIELDS: frozenset[str] = frozenset({"status"})
#: Maximum length of a text column that has none in its model (notes, summaries, aids...):
#: every text field is bounded, on the device and on the server (a 12 MB note once made pull
#: pages of 240 MB).
LONG_TEXT_MAX_LENGTH = 10_000


@dataclass(frozen=True)
class FieldSpec:
    """The type, nullability and maximum length of one column, read from its model."""

    name: str
    python_type: type
    optional: bool
    max_length: int | None
    #: The table this column points at by foreign key, if any.
    foreign_table: str | None
    #: The model's default (what a new record gets when the field is not given), or None.
    default: object = None

    @property
    def is_money(self) -> bool:
        """Amounts are whole cents in an int column whose name ends in ``_cents``."""
        return self.python_type is int and self.name.endswith("_cents")

    @property
    def is_number(self) -> bool:
        return self.python_type in (int, float)


def _base_type(annotation: Any) -> tuple[type, bool]:
    """``int | None`` -> (int, True); ``date`` -> (date, False)."""
    if isinstance(annotation, types.UnionType) or typing.get_origin(annotation) is typing.Union:
        args = [arg for arg in typing.get_args(annotation) if arg is not type(None)]
        return args[0], len(args) < len(typing.get_args(annotation))
    return annotation, False


@cache
def field_specs(entity: str) -> Mapping[str, FieldSpec]:
    """Every field of a record type, by name. Unknown type -> ValueError (a programming error)."""
    try:
        model = SYNCED_TYPES[entity]
    except KeyError:
        raise ValueError(f"unknown record type: {entity!r}") from None
    table: sa.Table = model.__table__  # type: ignore[attr-defined]
    specs = {}
    for name, info in model.model_fields.items():
        python_type, optional = _base_type(info.annotation)
        column = table.c[name]
        foreign = next(iter(column.foreign_keys), None)
        specs[name] = FieldSpec(
            name=name,
            python_type=python_type,
            optional=optional,
            max_length=getattr(column.type, "length", None)
            or (LONG_TEXT_MAX_LENGTH if python_type is str else None),
            foreign_table=foreign.column.table.name if foreign is not None else None,
            default=None if info.is_required() or info.default_factory else info.default,
        )
    return types.MappingProxyType(specs)


def _spec(entity: str, field: str) -> FieldSpec:
    spec = field_specs(entity).get(field)
    if spec is None:
        raise ValidationError.single(
            field,
            voc.MSG_UNKNOWN_FIELD.format(
                label=voc.field_label(field), entity=voc.ENTITY_LABELS.get(entity, entity)
            ),
        )
    return spec
