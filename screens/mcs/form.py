"""Create or edit a médecin correspondant du SAMU.

The status (Candidat → En formation → Actif...) changes by the workflow's transitions (key ``t``
on the record page; "Actif" needs the convention's date). The lines of an MCS (trainings,
equipment handed over, communes covered, interventions) are records of their own attached to
it by ``mcs_id``: their forms are declared with their tables on the record page
(:data:`screens.mcs.record.McsRecordScreen.LINE_TABLES`).
"""

from __future__ import annotations

from screens.section import EntityForm
from screens.widgets.form_fields import form_fields
from screens.widgets.record_form import FormField

ENTITY = "mcs"

FIELDS: tuple[FormField, ...] = (
    # The store refuses any other profession (storage.records.validation.check_mcs_is_physician).
    FormField("professional_id", kind="professional", professions=("medecin",)),
    *form_fields("samu_attachment convention_date convention_number availability notes"),
)


class McsForm(EntityForm):
    """The form of an MCS (new when ``record_id`` is None)."""

    ENTITY = ENTITY
    FIELDS = FIELDS
