"""The rules of the aids to installation: how long each contract lasts, and what is refused.

Every amount, duration and limit that a decree may change is read from ``contract_rules.toml``
(beside this module), with its source and date; nothing here repeats a figure. The checks are
registered with :func:`storage.records.validation.record_rule`, so the store (a form, an import) and
the central server (a synced op) refuse the same records with the same French messages.

>>> contract_end("ptmg", "en_cours", date(2026, 3, 1))
datetime.date(2027, 3, 1)
>>> contract_end("cesp", "engagement_en_cours", date(2019, 9, 1), months_paid=30,
...              practice_start=date(2024, 11, 4))
datetime.date(2027, 5, 4)
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from storage import vocabulary as voc
from storage.records.contract_figures import contract_rules
from storage.records.references import References
from storage.records.rules import add_months
from storage.records.validation import FieldError, record_rule
from storage.records.workflows import statuses_tagged

# --- How long a contract lasts ------------------------------------------------------------------

#: The kinds whose end a rule computes; the others keep the end typed on the paperwork.
COMPUTED_KINDS = ("cesp", "ptmg", "cde")


def ptmg_is_renewed(status: str | None, start: date, end_date: date | None) -> bool:
    """A PTMG was renewed: status "Renouvelé", or an end typed past its first year."""
    first_year = add_months(start, contract_rules().ptmg_months)
    renewed = status in statuses_tagged("aid_contract", "renewed", {"kind": "ptmg"})
    return renewed or (end_date is not None and end_date > first_year)


def contract_end(
    kind: str,
    status: str | None,
    start: date | None,
    *,
    months_paid: int | None = None,
    end_date: date | None = None,
    practice_start: date | None = None,
) -> date | None:
    """The end of an aid or contract by its rule (contract_rules.toml, ``[ptmg]``, ``[cde]``,
    ``[cesp]``).

    - PTMG: start + 12 months, 24 once renewed ("1 an renouvelable une fois").
    - CDE: start + 36 months ("3 ans").
    - CESP: start of practice in the chosen place + max(24, months of allowance paid) ("engagement
      = mois d'allocation versés, 24 mois au moins"); no start of practice yet: no end.
    - Any other kind (aids, PTMA/PTMR/PIAS of the history): the end typed.
    """
    rules = contract_rules()
    if kind == "cesp":
        if practice_start is None:
            return None
        months = max(rules.cesp_min_commitment_months, months_paid or 0)
        return add_months(practice_start, months)
    if kind not in COMPUTED_KINDS:
        return end_date
    if start is None:
        return None
    if kind == "cde":
        return add_months(start, rules.cde_months)
    renewed = ptmg_is_renewed(status, start, end_date)
    return add_months(start, rules.ptmg_renewed_months if renewed else rules.ptmg_months)


def in_force_on(start: date | None, end: date | None, on: date) -> bool:
    """A running contract is "en cours" on ``on`` when it has started and not ended by then (a
    missing date does not limit it)."""
    return (start is None or start <= on) and (end is None or on <= end)


# --- What is refused ----------------------------------------------------------------------------


def _money(cents: int) -> str:
    return voc.format_decimal(cents / 100, digits=2).replace(",00", "") + " €"


@record_rule("aid_contract")
def check_not_replaced_by_cde(
    record: Mapping[str, Any], _references: References
) -> list[FieldError]:
    """A PTMG (or PTMA, PTMR, PIAS) signed on or after the day the CDE replaced it is refused.

    Source: décret n° 2020-1666 du 22 décembre 2020, in force on 25/12/2020: the CDE "se
    substitue aux quatre contrats d'aide à l'installation préexistant" (contract_rules.toml,
    ``[cde_replacement]``). The date of signature decides; without one, the start date.
    """
    rules = contract_rules()
    kind = record.get("kind")
    if kind not in rules.replaced_kinds:
        return []
    field = "signed_date" if record.get("signed_date") else "start_date"
    signed = record.get(field)
    if not isinstance(signed, date) or signed < rules.cde_replacement_date:
        return []
    message = voc.MSG_REPLACED_BY_CDE.format(
        kind=voc.AID_KIND_SHORT.get(kind, kind),
        label=voc.field_label(field),
        value=voc.format_date(signed),
        date=voc.format_date(rules.cde_replacement_date),
    )
    return [FieldError(field, message)]


def _above_limit(record: Mapping[str, Any], kind: str, field: str, limit: int) -> list[FieldError]:
    """A ``kind`` contract's amount ``field`` (cents) above ``limit``: refused, both shown."""
    value = record.get(field)
    if record.get("kind") != kind or not isinstance(value, int) or value <= limit:
        return []
    message = voc.MSG_ABOVE_LIMIT.format(
        label=voc.field_label(field), value=_money(value), limit=_money(limit), what=kind.upper()
    )
    return [FieldError(field, message)]


@record_rule("aid_contract")
def check_ptmg_guarantee(record: Mapping[str, Any], _references: References) -> list[FieldError]:
    """A PTMG guarantees at most 6,900 € gross a month (contract_rules.toml, ``[ptmg]``)."""
    limit = contract_rules().ptmg_max_guarantee_cents
    return _above_limit(record, "ptmg", "guaranteed_monthly_income_cents", limit)


@record_rule("aid_contract")
def check_cde_half_days(record: Mapping[str, Any], _references: References) -> list[FieldError]:
    """A CDE asks for at least 5 half-days of practice a week (contract_rules.toml, ``[cde]``)."""
    minimum = contract_rules().cde_min_half_days
    value = record.get("half_days_per_week")
    if record.get("kind") != "cde" or not isinstance(value, int) or value >= minimum:
        return []
    field = "half_days_per_week"
    message = voc.MSG_CDE_HALF_DAYS.format(
        label=voc.field_label(field), value=value, minimum=minimum
    )
    return [FieldError(field, message)]


@record_rule("aid_contract")
def check_cesp_allowance(record: Mapping[str, Any], _references: References) -> list[FieldError]:
    """The CESP allowance is 1,200 € gross a month (contract_rules.toml, ``[cesp]``): a monthly
    amount above it is refused."""
    return _above_limit(
        record, "cesp", "monthly_amount_cents", contract_rules().cesp_max_monthly_cents
    )


@record_rule("aid_contract", reads=("professional",))
def check_cesp_profession(record: Mapping[str, Any], references: References) -> list[FieldError]:
    """A CESP is for students in medicine or odontology only: the professional is a doctor or a
    dentist (contract_rules.toml, ``[cesp]`` professions)."""
    professional_id = record.get("professional_id")
    if record.get("kind") != "cesp" or not professional_id:
        return []
    professional = references.record_fields("professional", professional_id)
    profession = None if professional is None else professional.get("profession")
    allowed = contract_rules().cesp_professions
    if profession is None or profession in allowed:
        return []  # an unknown professional: the reference check says so
    message = voc.MSG_CESP_PROFESSION.format(
        profession=voc.PROFESSIONS.get(profession, profession),
        allowed=", ".join(voc.PROFESSIONS.get(code, code) for code in allowed),
    )
    return [FieldError("professional_id", message)]
