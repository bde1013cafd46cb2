"""Create or edit a projet de MSP, and add or edit its sites, staffing lines and fundings.

The project's status is not here: it changes by the workflow's transitions (key ``t`` on the
record page; "Ouverte" needs the opening date, "ACI signé" the ACI's date). A site, a staffing
line (one profession: planned and present) and a funding are records of their own, attached to
the MSP by ``msp_id`` (fixed, never shown).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from screens.widgets.record_form import FormField, RecordForm

if TYPE_CHECKING:
    from screens.context import ScreenContext

ENTITY = "msp_project"

FIELDS: tuple[FormField, ...] = (
    FormField("name"),
    FormField("sponsor_kind"),
    FormField("sponsor_name"),
    FormField("health_themes"),
    FormField("opening_date"),
    FormField("aci_signed_date"),
    FormField("referent"),
    FormField("notes"),
)

#: The form of each kind of line of an MSP.
LINE_FIELDS: dict[str, tuple[FormField, ...]] = {
    "msp_site": (
        FormField("commune_code", kind="commune"),
        FormField("qpv"),
        FormField("finess"),
        FormField("is_main_site"),
    ),
    "msp_staffing": (FormField("profession"), FormField("planned"), FormField("present")),
    "msp_funding": (
        FormField("funder"),
        FormField("amount_cents"),
        FormField("decision_date"),
        FormField("notes"),
    ),
}


class MspForm(RecordForm):
    """The form of a projet de MSP (new when ``record_id`` is None)."""

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
    msp_id: str,
    *,
    record_id: str | None = None,
    values: Mapping[str, Any] | None = None,
) -> RecordForm:
    """A form for a site, staffing line or funding of the MSP ``msp_id``."""
    return RecordForm(
        context,
        entity,
        LINE_FIELDS[entity],
        record_id=record_id,
        values=values,
        fixed={"msp_id": msp_id} if record_id is None else None,
    )
