"""The page of one projet d'installation: fields, journal de suivi, history; edit, status."""

from __future__ import annotations

from screens.installations.form import ENTITY, InstallationForm
from screens.widgets.record_page import RecordScreen, field_names


class InstallationRecordScreen(RecordScreen):
    """``e`` edit, ``t`` status (the workflow's legal moves), ``j`` journal, Échap back."""

    ENTITY = ENTITY
    FIELDS = field_names(
        "professional_id status commune_code localite practice_mode zoning_class"
        " first_contact_date planned_installation_date installation_date referent"
        " aids_requested aids_obtained next_action next_action_due notes"
    )
    FORM = InstallationForm
