"""What a form's field is (:class:`FormField`) and how its input follows from the model.

Used by :class:`screens.widgets.record_form.RecordForm`: the kind of input of each field, whether
it is required, a stored value as the user would type it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from textual.widget import Widget

from screens.widgets.lookup import CommunePicker, TypeAhead
from storage import vocabulary as voc

#: The kinds of input a field can have.
KINDS = ("text", "number", "money", "date", "choice", "bool", "commune", "professional")


@dataclass(frozen=True)
class FormField:
    """One field of a form: a column of the record type.

    ``kind`` is guessed from the model when not given (see :data:`KINDS`); ``commune`` covers
    ``commune_code`` and ``localite``. ``label`` defaults to :func:`storage.vocabulary.field_label`.
    """

    name: str
    kind: str | None = None
    label: str | None = None
    #: Shown with a "*" (default: the model says the column may not be empty).
    required: bool | None = None
    #: A professional picker proposes only these professions (None: every one).
    professions: tuple[str, ...] | None = None


def form_fields(names: str) -> tuple[FormField, ...]:
    """Plain fields from their names separated by spaces, each ``name`` or ``name:kind``:
    ``form_fields("professional_id:professional commune_code:commune notes")``."""
    return tuple(FormField(*name.split(":", 1)) for name in names.split())


def field_kind(entity: str, field: FormField) -> str:
    """The kind of input of ``field`` (its own, or the model's type and closed list)."""
    if field.kind is not None:
        return field.kind
    from storage.field_specs import field_specs

    spec = field_specs(entity)[field.name]
    if voc.choices_for(entity, field.name) is not None:
        return "choice"
    if spec.python_type is bool:
        return "bool"
    if spec.is_money:
        return "money"
    if spec.is_number:
        return "number"
    if spec.python_type is date:
        return "date"
    return "text"


def is_required(entity: str, field: FormField) -> bool:
    """Whether ``field`` shows a "*" (its own say, else the model's: not optional, no default)."""
    if field.required is not None:
        return field.required
    from storage.field_specs import field_specs

    spec = field_specs(entity).get(field.name)
    return spec is not None and not spec.optional and spec.default is None


def initial_text(kind: str, value: Any) -> str:
    """A stored value as the user would type it."""
    if value is None:
        return ""
    if kind == "date" and isinstance(value, date):
        return voc.format_date(value)
    if kind == "money" and isinstance(value, int):
        return voc.format_decimal(value / 100, 2).replace(",00", "")
    if kind == "number" and isinstance(value, int | float | Decimal):
        from screens.widgets.formatting import format_number

        return format_number(value)
    return str(value)


def unchosen_text(widget: Widget) -> str | None:
    """The text typed in a picker when nothing is chosen from its proposals (else None)."""
    lookup = widget.lookup if isinstance(widget, CommunePicker) else widget
    if not isinstance(lookup, TypeAhead) or lookup.value is not None:
        return None
    return lookup.input.value.strip() or None
