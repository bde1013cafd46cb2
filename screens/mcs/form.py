"""Create or edit a médecin correspondant du SAMU, and add or edit the lines of one: trainings,
equipment handed over, communes covered, interventions.

The status (Candidat → En formation → Actif...) changes by the workflow's transitions (key ``t``
on the record page; "Actif" needs the convention's date). Each line is a record of its own
attached to the MCS by ``mcs_id`` (fixed, never shown).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from screens.widgets.record_form import FormField, RecordForm

if TYPE_CHECKING:
    from screens.context import ScreenContext

ENTITY = "mcs"

FIELDS: tuple[FormField, ...] = (
    # The store refuses any other profession (storage.validation.check_mcs_is_physician).
    FormField("professional_id", kind="professional", professions=("medecin",)),
    FormField("samu_attachment"),
    FormField("convention_date"),
    FormField("convention_number"),
    FormField("availability"),
    FormField("notes"),
)

LINE_FIELDS: dict[str, tuple[FormField, ...]] = {
    "mcs_training": (FormField("kind"), FormField("training_date")),
    "mcs_equipment": (
        FormField("item"),
        FormField("handed_over_date"),
        FormField("expiry_date"),
    ),
    "mcs_commune": (FormField("commune_code", kind="commune"),),
    "mcs_intervention": (
        FormField("intervention_date"),
        FormField("commune_code", kind="commune"),
        FormField("smur_engaged"),
    ),
}


class McsForm(RecordForm):
    """The form of an MCS (new when ``record_id`` is None)."""

    def __init__(
        self,
        context: ScreenContext,
        *,
        record_id: str | None = None,
        values: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(context, ENTITY, FIELDS, record_id=record_id, values=values)


def line_form(
    context: ScreenContext,
    entity: str,
    mcs_id: str,
    *,
    record_id: str | None = None,
    values: Mapping[str, Any] | None = None,
) -> RecordForm:
    """A form for a training, equipment item, commune or intervention of the MCS ``mcs_id``."""
    return RecordForm(
        context,
        entity,
        LINE_FIELDS[entity],
        record_id=record_id,
        values=values,
        fixed={"mcs_id": mcs_id} if record_id is None else None,
    )
