"""Create or edit a projet de MSP.

The project's status is not here: it changes by the workflow's transitions (key ``t`` on the
record page; "Ouverte" needs the opening date, "ACI signé" the ACI's date). A site, a staffing
line (one profession: planned and present) and a funding are records of their own, attached to
the MSP by ``msp_id``: their forms are declared with their tables on the record page
(:data:`screens.msp.record.MspRecordScreen.LINE_TABLES`).
"""

from __future__ import annotations

from screens.section import EntityForm
from screens.widgets.form_fields import form_fields

ENTITY = "msp_project"

FIELDS = form_fields(
    "name sponsor_kind sponsor_name health_themes opening_date aci_signed_date referent notes"
)


class MspForm(EntityForm):
    """The form of a projet de MSP (new when ``record_id`` is None)."""

    ENTITY = ENTITY
    FIELDS = FIELDS
