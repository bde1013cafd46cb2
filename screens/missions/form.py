"""Create or edit a mission de solidarité territoriale.

The zone prioritaire is chosen before the form opens (the Missions tab's "Zone" filter) and kept
fixed; the status (Volontaire inscrit → Planifiée → Réalisée → Indemnisée) changes by the
workflow's transitions (key ``t`` on the record page). The indemnity is not typed: it is the
days x 200 € (:func:`storage.rules.mission_indemnity_cents`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from screens.section import EntityForm
from screens.widgets.form_fields import form_fields

if TYPE_CHECKING:
    from screens.context import ScreenContext

ENTITY = "solidarity_mission"

FIELDS = form_fields(
    "professional_id:professional host_kind host_name commune_code:commune start_date"
    " end_date days consultations notes"
)


class MissionForm(EntityForm):
    """The form of a mission (new when ``record_id`` is None: then in ``zone_id``)."""

    ENTITY = ENTITY
    FIELDS = FIELDS

    def __init__(
        self,
        context: ScreenContext,
        *,
        zone_id: str | None = None,
        record_id: str | None = None,
        values: Mapping[str, Any] | None = None,
    ) -> None:
        super().__init__(context, record_id=record_id, values=values)
        if zone_id is not None:  # saved with the mission, never shown
            self.fixed["priority_zone_id"] = zone_id

    def typed_values(self) -> dict[str, Any]:
        values = super().typed_values()
        # The commune picker also gives a localité, which a mission does not have.
        values.pop("localite", None)
        return values
