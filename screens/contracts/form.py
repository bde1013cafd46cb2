"""Create or edit an aide / contrat: the fields of its kind (CESP, PTMG, CDE, other aids).

The kind is chosen before the form opens (the list's "Type" filter) and never typed here: a CESP
and a CDE do not have the same fields. The status is not here either: it changes by the
workflow's transitions (key ``t`` on the record page). The end of a CESP, PTMG or CDE is computed
(:mod:`storage.contract_queries`); the "Date de fin" typed stays what the paperwork says.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from screens import text as tx
from screens.widgets.record_form import FormField, RecordForm

if TYPE_CHECKING:
    from screens.context import ScreenContext

ENTITY = "aid_contract"

COMMON_FIELDS: tuple[FormField, ...] = (
    FormField("professional_id", kind="professional"),
    FormField("funder"),
    FormField("commune_code", kind="commune"),
    FormField("signed_date"),
    FormField("start_date"),
    FormField("end_date"),
    FormField("amount_cents"),
)
#: A CESP's dates say what they are: signature, the allowance paid during the studies, and the
#: start of practice in the chosen place, from which the commitment runs (one ambiguous "Date de
#: début" invited typing the signing date).
CESP_FIELDS: tuple[FormField, ...] = (
    FormField("professional_id", kind="professional"),
    FormField("funder"),
    FormField("commune_code", kind="commune", label=tx.CESP_COMMUNE_LABEL),
    FormField("signed_date"),
    FormField("start_date", label=tx.CESP_ALLOWANCE_START_LABEL),
    FormField("allowance_end_date"),
    FormField("months_paid"),
    FormField("monthly_amount_cents"),
    FormField("practice_start_date"),
    FormField("end_date"),
    FormField("amount_cents"),
)
KIND_FIELDS: dict[str, tuple[FormField, ...]] = {
    "ptmg": (
        FormField("guaranteed_monthly_income_cents"),
        FormField("monthly_complement_cap_cents"),
        FormField("consultations_per_month"),
        FormField("secteur"),
    ),
    "cde": (FormField("half_days_per_week"), FormField("secteur")),
}


def fields_for(kind: str) -> tuple[FormField, ...]:
    """The form's fields for an aid of ``kind``."""
    if kind == "cesp":
        return (*CESP_FIELDS, FormField("notes"))
    return (*COMMON_FIELDS, *KIND_FIELDS.get(kind, ()), FormField("notes"))


class ContractForm(RecordForm):
    """The form of an aid or contract of ``kind`` (new when ``record_id`` is None)."""

    def __init__(
        self,
        context: ScreenContext,
        kind: str,
        *,
        record_id: str | None = None,
        values: Mapping[str, Any] | None = None,
    ) -> None:
        fixed = {"kind": kind} if record_id is None else None  # saved, never shown
        fields = fields_for(kind)
        super().__init__(context, ENTITY, fields, record_id=record_id, values=values, fixed=fixed)
