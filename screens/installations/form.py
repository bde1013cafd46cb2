"""Create or edit a projet d'installation: a :class:`~screens.widgets.record_form.RecordForm`.

The professional and the commune are type-aheads (SQL, not lists of thousands), the mode
d'exercice a Select of its French labels, the dates JJ/MM/AAAA. The status is not here: it
changes by the workflow's transitions (key ``t`` on the record page). The zonage class is not
typed either: the store records the commune's class on the date of the first contact.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from screens.widgets.record_form import FormField, RecordForm

if TYPE_CHECKING:
    from screens.context import ScreenContext

ENTITY = "installation_project"

FIELDS: tuple[FormField, ...] = (
    FormField("professional_id", kind="professional"),
    FormField("commune_code", kind="commune"),
    FormField("practice_mode"),
    FormField("first_contact_date"),
    FormField("planned_installation_date"),
    FormField("installation_date"),
    FormField("referent"),
    FormField("aids_requested"),
    FormField("aids_obtained"),
    FormField("next_action"),
    FormField("next_action_due"),
    FormField("notes"),
)


class InstallationForm(RecordForm):
    """The form of a projet d'installation (new when ``record_id`` is None)."""

    def __init__(
        self,
        context: ScreenContext,
        *,
        record_id: str | None = None,
        values: Mapping[str, Any] | None = None,
    ) -> None:
        if record_id is None:  # a first contact is most often recorded the day it happens
            from screens.widgets.record_page import today

            values = {"first_contact_date": today(), **(values or {})}
        super().__init__(context, ENTITY, FIELDS, record_id=record_id, values=values)
