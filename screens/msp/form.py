"""Create or edit a projet de MSP, and add or edit its sites, staffing lines and fundings.

The project's status is not here: it changes by the workflow's transitions (key ``t`` on the
record page; "Ouverte" needs the opening date, "ACI signé" the ACI's date). A site, a staffing
line (one profession: planned and present) and a funding are records of their own, attached to
the MSP by ``msp_id`` (fixed, never shown).
"""

from __future__ import annotations

from screens.section import EntityForm
from screens.widgets.form_fields import form_fields
from screens.widgets.record_form import FormField

ENTITY = "msp_project"

FIELDS = form_fields(
    "name sponsor_kind sponsor_name health_themes opening_date aci_signed_date referent notes"
)

#: The form of each kind of line of an MSP.
LINE_FIELDS: dict[str, tuple[FormField, ...]] = {
    "msp_site": form_fields("commune_code:commune qpv finess is_main_site"),
    "msp_staffing": form_fields("profession planned present"),
    "msp_funding": form_fields("funder amount_cents decision_date notes"),
}


class MspForm(EntityForm):
    """The form of a projet de MSP (new when ``record_id`` is None)."""

    ENTITY = ENTITY
    FIELDS = FIELDS
