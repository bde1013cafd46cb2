"""The page of one aide / contrat: its fields, the computed end, journal, history.

For a CESP, PTMG or CDE the page shows the end computed by the rules
(:func:`storage.contract_queries.record_end`) and how it was computed ("début + max(24, 30 mois
d'allocation versés) = 30 mois"), with the days left and a warning within six months. Only the
fields of the record's kind are shown.
"""

from __future__ import annotations

from typing import Any

from textual import on
from textual.widgets import Static

from screens import text as tx
from screens.contracts.form import ENTITY, ContractForm, fields_for
from screens.section import today
from screens.widgets.record_form import RecordForm
from screens.widgets.record_page import RecordData, RecordScreen, field_names
from storage import vocabulary as voc

#: Fields of every kind, in order; those of another kind are hidden.
KIND_ONLY: dict[str, str] = {
    "allowance_end_date": "cesp",
    "months_paid": "cesp",
    "practice_start_date": "cesp",
    "monthly_amount_cents": "cesp",
    "guaranteed_monthly_income_cents": "ptmg",
    "monthly_complement_cap_cents": "ptmg",
    "consultations_per_month": "ptmg",
    "half_days_per_week": "cde",
    "secteur": "ptmg cde",
}


def end_text(record: dict[str, Any]) -> str:
    """The computed end, with the days left (and a warning within six months)."""
    from storage.contract_queries import ENDING_SOON_MONTHS, is_running, record_end
    from storage.rules import add_months

    end = record_end(record)
    if end is None:
        return tx.EMPTY_VALUE
    day = today()
    text = voc.format_date(end)
    if end < day:
        return tx.CONTRACTS_ENDED.format(date=text)
    days = voc.format_int((end - day).days)
    if is_running(record["kind"], record.get("status")) and end <= add_months(
        day, ENDING_SOON_MONTHS
    ):
        return tx.CONTRACTS_ENDS_SOON.format(date=text, days=days)
    return tx.CONTRACTS_ENDS_IN.format(date=text, days=days)


def rule_text(record: dict[str, Any]) -> str:
    """How the end was computed, in words."""
    from storage.contract_queries import COMPUTED_KINDS, record_end
    from storage.contract_rules import contract_rules
    from storage.rules import add_months

    kind = record["kind"]
    if kind not in COMPUTED_KINDS:
        return tx.CONTRACTS_RULE_TYPED
    if kind == "cesp":
        if record.get("practice_start_date") is None:
            return tx.CONTRACTS_RULE_CESP_NO_PRACTICE
        months = record.get("months_paid") or 0
        total = max(contract_rules().cesp_min_commitment_months, months)
        return tx.CONTRACTS_RULE_CESP.format(months=months, total=total)
    start = record.get("start_date")
    if start is None:
        return tx.CONTRACTS_RULE_NO_START
    if kind == "cde":
        return tx.CONTRACTS_RULE_CDE
    renewed = record_end(record) != add_months(start, 12)
    return tx.CONTRACTS_RULE_PTMG_RENEWED if renewed else tx.CONTRACTS_RULE_PTMG


class ContractRecordScreen(RecordScreen):
    """``e`` edit, ``t`` status (the legal moves of the kind's workflow), ``j`` journal."""

    ENTITY = ENTITY
    FIELDS = (
        *field_names(
            "professional_id kind status commitment_end commitment_rule signed_date start_date"
            " end_date funder commune_code localite amount_cents"
        ),
        *KIND_ONLY,
        "notes",
    )
    # Not empty, so that "e" is offered; the form itself is built for the record's kind.
    FORM_FIELDS = fields_for("")

    def title_of(self, data: RecordData) -> str:
        kind = voc.AID_KIND_SHORT.get(data.record.get("kind", ""), "")
        name = data.names.get("professional_id", "")
        return f"{kind} — {name}" if name else kind

    def describe(self, data: RecordData, name: str) -> str:
        if name == "commitment_end":
            return end_text(data.record)
        if name == "commitment_rule":
            return rule_text(data.record)
        return super().describe(data, name)

    @on(RecordScreen.Loaded)
    def _only_the_kinds_fields(self, message: RecordScreen.Loaded) -> None:
        kind = message.data.record.get("kind", "")
        for name, kinds in KIND_ONLY.items():
            value = self.query_one(f"#value-{name}", Static)
            shown = kind in kinds.split()
            value.display = shown  # the label is in the same widget

    def edit_form(self, data: RecordData) -> RecordForm:
        return ContractForm(
            self.context, data.record["kind"], record_id=self.record_id, values=data.record
        )
