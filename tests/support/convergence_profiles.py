"""The profiles of the convergence runs: tests/test_convergence.py (CI's short runs),
tests/test_mutants.py (the same runs on broken code) and tests/soak.py (the long ones)."""

from __future__ import annotations

import os

from tests.support.fault_transport import DEFAULT_RATES

#: Fixed seeds: the same faults on every run. ``ARS_TUI_SOAK_SEEDS=7,8,9`` tries others.
SEEDS = [int(s) for s in os.environ.get("ARS_TUI_SOAK_SEEDS", "1,2,3").split(",")]
STEPS = 150
#: Every fault twice as likely: long runs of failed rounds, many conflicts held behind others.
HARSH_RATES = {fault: rate * 2 for fault, rate in DEFAULT_RATES.items()}
#: Share of random steps that inject a data fault in the "data fault" profile.
DATA_FAULT_SHARE = 0.12
