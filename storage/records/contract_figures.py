"""The figures of ``contract_rules.toml``: amounts, durations and limits set by decree.

Read once, with nothing else of the application imported (:mod:`storage.records.rules` reads its
constants from here at import time). The rules that use them are in
:mod:`storage.records.contract_rules`,
:mod:`storage.records.field_rules` and :mod:`storage.records.rules`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from pathlib import Path
from typing import Any

RULES_FILE = Path(__file__).with_name("contract_rules.toml")


@dataclass(frozen=True)
class ContractRules:
    """The figures of ``contract_rules.toml`` (amounts in cents)."""

    cde_replacement_date: date
    replaced_kinds: tuple[str, ...]
    ptmg_months: int
    ptmg_renewed_months: int
    ptmg_max_guarantee_cents: int
    cde_months: int
    cde_min_half_days: int
    cesp_min_commitment_months: int
    cesp_max_monthly_cents: int
    cesp_professions: tuple[str, ...]
    historic_kinds: tuple[str, ...]
    mission_day_rate_cents: int
    mission_max_days_a_month: int
    #: Table name -> (source, as_of) as the file gives them.
    sources: Mapping[str, tuple[str, date]]


@cache
def contract_rules() -> ContractRules:
    """The rules file, read once."""
    data: dict[str, Any] = tomllib.loads(RULES_FILE.read_text(encoding="utf-8"))
    replacement, ptmg, cde, cesp = (
        data["cde_replacement"],
        data["ptmg"],
        data["cde"],
        data["cesp"],
    )
    return ContractRules(
        cde_replacement_date=replacement["date"],
        replaced_kinds=tuple(replacement["kinds"]),
        ptmg_months=ptmg["months"],
        ptmg_renewed_months=ptmg["renewed_months"],
        ptmg_max_guarantee_cents=ptmg["max_guaranteed_monthly_income_cents"],
        cde_months=cde["months"],
        cde_min_half_days=cde["min_half_days_per_week"],
        cesp_min_commitment_months=cesp["min_commitment_months"],
        cesp_max_monthly_cents=cesp["max_monthly_allowance_cents"],
        cesp_professions=tuple(cesp["professions"]),
        historic_kinds=tuple(data["historic"]["kinds"]),
        mission_day_rate_cents=data["mission"]["day_rate_cents"],
        mission_max_days_a_month=data["mission"]["max_days_a_month"],
        sources={
            name: (table["source"], table["as_of"])
            for name, table in data.items()
            if isinstance(table, dict) and "source" in table
        },
    )
