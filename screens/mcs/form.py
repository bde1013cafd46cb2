"""Create or edit a médecin correspondant du SAMU, and add or edit the lines of one: trainings,
equipment handed over, communes covered, interventions.

The status (Candidat → En formation → Actif...) changes by the workflow's transitions (key ``t``
on the record page; "Actif" needs the convention's date). Each line is a record of its own
attached to the MCS by ``mcs_id`` (fixed, never shown).
"""

from __future__ import annotations

from screens.section import EntityForm
from screens.widgets.form_fields import form_fields
from screens.widgets.record_form import FormField

ENTITY = "mcs"

FIELDS: tuple[FormField, ...] = (
    # The store refuses any other profession (storage.validation.check_mcs_is_physician).
    FormField("professional_id", kind="professional", professions=("medecin",)),
    *form_fields("samu_attachment convention_date convention_number availability notes"),
)

LINE_FIELDS: dict[str, tuple[FormField, ...]] = {
    "mcs_training": form_fields("kind training_date"),
    "mcs_equipment": form_fields("item handed_over_date expiry_date"),
    "mcs_commune": form_fields("commune_code:commune"),
    "mcs_intervention": form_fields("intervention_date commune_code:commune smur_engaged"),
}


class McsForm(EntityForm):
    """The form of an MCS (new when ``record_id`` is None)."""

    ENTITY = ENTITY
    FIELDS = FIELDS
