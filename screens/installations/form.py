"""Create or edit a projet d'installation: a :class:`~screens.widgets.record_form.RecordForm`.

The professional and the commune are type-aheads (SQL, not lists of thousands), the mode
d'exercice a Select of its French labels, the dates JJ/MM/AAAA. The status is not here: it
changes by the workflow's transitions (key ``t`` on the record page). The zonage class is not
typed either: the store records the commune's class on the date of the first contact.
"""

from __future__ import annotations

from typing import Any

from screens.section import EntityForm
from screens.widgets.form_fields import form_fields

ENTITY = "installation_project"

FIELDS = form_fields(
    "professional_id:professional commune_code:commune practice_mode first_contact_date"
    " planned_installation_date installation_date referent aids_requested aids_obtained"
    " next_action next_action_due notes"
)


class InstallationForm(EntityForm):
    """The form of a projet d'installation (new when ``record_id`` is None)."""

    ENTITY = ENTITY
    FIELDS = FIELDS

    def new_record_values(self) -> dict[str, Any]:
        """A first contact is most often recorded the day it happens."""
        from screens.widgets.record_page import today

        return {"first_contact_date": today()}
