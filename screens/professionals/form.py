"""Create or edit a professional: a :class:`~screens.widgets.record_form.RecordForm`.

The RPPS is checked by the store (11 digits, the last a Luhn key); its message names the field,
never the number (personal data). Profession and situation are Selects of their French labels.
"""

from __future__ import annotations

from screens.section import EntityForm
from screens.widgets.form_fields import form_fields

ENTITY = "professional"

FIELDS = form_fields(
    "last_name first_name rpps profession specialty situation phone email consent_date"
)


class ProfessionalForm(EntityForm):
    """The form of a professional (new when ``record_id`` is None)."""

    ENTITY = ENTITY
    FIELDS = FIELDS
