"""The page of one professional: identity, contacts, consent date, journal de suivi, history."""

from __future__ import annotations

from typing import ClassVar

from screens.professionals.form import ENTITY, ProfessionalForm
from screens.professionals.form import FIELDS as EDITED_FIELDS
from screens.widgets.record_form import FormField, RecordForm
from screens.widgets.record_page import RecordData, RecordScreen


class ProfessionalRecordScreen(RecordScreen):
    """``e`` edit, ``j`` journal, Échap back (a professional has no workflow)."""

    ENTITY: ClassVar[str] = ENTITY
    FIELDS: ClassVar[tuple[str, ...]] = (
        "last_name",
        "first_name",
        "rpps",
        "profession",
        "specialty",
        "situation",
        "phone",
        "email",
        "consent_date",
        # Read from the Annuaire Santé (ars-tui import annuaire); not edited by hand.
        "practice_places",
    )
    FORM_FIELDS: ClassVar[tuple[FormField, ...]] = EDITED_FIELDS

    def title_of(self, data: RecordData) -> str:
        return f"{data.record.get('last_name', '')} {data.record.get('first_name', '')}".strip()

    def edit_form(self, data: RecordData) -> RecordForm:
        return ProfessionalForm(self.context, record_id=self.record_id, values=data.record)
