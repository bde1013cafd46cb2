"""The page of one projet d'installation: fields, journal de suivi, history; edit, status."""

from __future__ import annotations

from typing import ClassVar

from screens.installations.form import ENTITY, InstallationForm
from screens.installations.form import FIELDS as EDITED_FIELDS
from screens.widgets.record_form import FormField, RecordForm
from screens.widgets.record_page import RecordData, RecordScreen


class InstallationRecordScreen(RecordScreen):
    """``e`` edit, ``t`` status (the workflow's legal moves), ``j`` journal, Échap back."""

    ENTITY: ClassVar[str] = ENTITY
    FIELDS: ClassVar[tuple[str, ...]] = (
        "professional_id",
        "status",
        "commune_code",
        "localite",
        "practice_mode",
        "zoning_class",
        "first_contact_date",
        "planned_installation_date",
        "installation_date",
        "referent",
        "aids_requested",
        "aids_obtained",
        "next_action",
        "next_action_due",
        "notes",
    )
    FORM_FIELDS: ClassVar[tuple[FormField, ...]] = EDITED_FIELDS

    def edit_form(self, data: RecordData) -> RecordForm:
        return InstallationForm(self.context, record_id=self.record_id, values=data.record)
