"""The page of one professional: identity, contacts, consent date, journal de suivi, history."""

from __future__ import annotations

from screens.professionals.form import ENTITY, ProfessionalForm
from screens.widgets.record_page import RecordData, RecordScreen, field_names


class ProfessionalRecordScreen(RecordScreen):
    """``e`` edit, ``j`` journal, Échap back (a professional has no workflow)."""

    ENTITY = ENTITY
    # practice_places: read from the Annuaire Santé (ars-tui import annuaire), not edited.
    FIELDS = field_names(
        "last_name first_name rpps profession specialty situation phone email"
        " consent_date practice_places"
    )
    FORM = ProfessionalForm

    def title_of(self, data: RecordData) -> str:
        return f"{data.record.get('last_name', '')} {data.record.get('first_name', '')}".strip()
