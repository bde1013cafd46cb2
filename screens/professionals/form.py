"""Create or edit a professional: a :class:`~screens.widgets.record_form.RecordForm`.

The RPPS is checked by the store (11 digits, the last a Luhn key); its message names the field,
never the number (personal data). Profession and situation are Selects of their French labels.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from screens.widgets.record_form import FormField, RecordForm

if TYPE_CHECKING:
    from screens.context import ScreenContext

ENTITY = "professional"

FIELDS: tuple[FormField, ...] = (
    FormField("last_name"),
    FormField("first_name"),
    FormField("rpps"),
    FormField("profession"),
    FormField("specialty"),
    FormField("situation"),
    FormField("phone"),
    FormField("email"),
    FormField("consent_date"),
)


class ProfessionalForm(RecordForm):
    """The form of a professional (new when ``record_id`` is None)."""

    def __init__(
        self,
        context: ScreenContext,
        *,
        record_id: str | None = None,
        values: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(context, ENTITY, FIELDS, record_id=record_id, values=values)
