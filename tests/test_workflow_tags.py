"""What a status counts as in the figures comes from the tags of workflows.toml, not from lists
of status codes copied into the queries: renaming a status keeps every figure, and a lost tag
fails loudly instead of showing 0.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import text

from storage.db import Database, open_database, write_transaction
from storage.demo.generator import generate_demo
from storage.queries.dashboard import dashboard_figures
from storage.queries.territories import Territory
from storage.records import workflows
from storage.records.workflows import statuses_tagged, workflow_for

TODAY = date(2026, 6, 1)
BRETAGNE = Territory("ars", "BRE")
#: The tables of the records that follow a workflow (their ``status`` is a workflow state).
WORKFLOW_TABLES = (
    "installation_project",
    "msp_project",
    "mcs",
    "aid_contract",
    "solidarity_mission",
)


@pytest.fixture
def fresh_workflows() -> Iterator[None]:
    """Workflows loaded again from whatever ``_read_toml`` gives, and reloaded afterwards."""
    workflows._load.cache_clear()
    yield
    workflows._load.cache_clear()


@pytest.mark.parametrize(
    ("entity", "tag", "record", "expected"),
    [
        ("installation_project", "installed", {}, ("installe", "suivi_post_installation")),
        ("msp_project", "opened", {}, ("ouverte", "aci_signe", "en_fonctionnement")),
        ("mcs", "active", {}, ("actif",)),
        (
            "aid_contract",
            "running",
            {"kind": "cesp"},
            ("signe", "allocation_en_cours", "choix_du_lieu", "engagement_en_cours"),
        ),
        ("aid_contract", "running", {"kind": "ptmg"}, ("signe", "en_cours", "renouvele")),
        (
            "aid_contract",
            "signed",
            {"kind": "cesp"},
            (
                "signe",
                "allocation_en_cours",
                "choix_du_lieu",
                "engagement_en_cours",
                "engagement_accompli",
                "suspendu",
            ),
        ),
        ("aid_contract", "signed", {"kind": "cde"}, ("signe", "en_cours", "renouvele", "termine")),
        ("aid_contract", "renewed", {"kind": "ptmg"}, ("renouvele",)),
        ("solidarity_mission", "done", {}, ("realisee", "indemnisee")),
        ("solidarity_mission", "indemnity_due", {}, ("realisee",)),
        ("solidarity_mission", "indemnified", {}, ("indemnisee",)),
    ],
)
def test_each_tag_names_the_statuses_a_figure_counts(
    entity: str, tag: str, record: dict[str, str], expected: tuple[str, ...]
) -> None:
    assert statuses_tagged(entity, tag, record) == expected


def test_a_tag_no_state_carries_is_an_error_not_an_empty_list() -> None:
    installation = workflow_for("installation_project", {})
    with pytest.raises(ValueError, match="no state of installation is tagged 'opened'"):
        installation.tagged("opened")


def test_an_unknown_tag_in_workflows_toml_is_refused(
    monkeypatch: pytest.MonkeyPatch, fresh_workflows: None
) -> None:
    misspelt = workflows._read_toml().replace('tags = ["installed"]', 'tags = ["instaled"]', 1)
    monkeypatch.setattr(workflows, "_read_toml", lambda: misspelt)
    with pytest.raises(ValueError, match=re.escape("installation.installe tags ['instaled']")):
        workflows.workflows()


def _tagged_codes() -> set[str]:
    return {
        code
        for flow in workflows.workflows().values()
        for code in flow.states
        if flow.states[code].tags
    }


def _figures(database: Database) -> dict[str, Any]:
    """The dashboard's figures that do not name a status (those keyed by status are renamed)."""
    figures = dataclasses.asdict(dashboard_figures(database.engine, BRETAGNE, TODAY, pending=False))
    return {
        key: value
        for key, value in figures.items()
        if not key.endswith("_by_status") and key != "seconds"
    }


def test_renaming_every_tagged_status_keeps_every_figure(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, fresh_workflows: None
) -> None:
    database = open_database(tmp_path / "demo.db")
    try:
        generate_demo(database.engine, records=300, ars_code="BRE", seed=7, today=TODAY)
        before = _figures(database)
        # Figures that would fall to 0 if a copied list missed a renamed status: the test counts
        # something for each tag.
        assert before["installed_this_year"] and before["mcs_active"] and before["missions_done"]
        assert before["indemnities_due_cents"] and before["indemnities_paid_cents"]
        assert sum(figures["running"] for figures in before["contracts"].values())
        assert before["indicators"] and before["msp_open_unfilled"]

        renamed = {code: f"{code}_renomme" for code in _tagged_codes()}
        toml = workflows._read_toml()
        for old, new in renamed.items():
            toml = re.sub(rf'"{old}"', f'"{new}"', toml)
        monkeypatch.setattr(workflows, "_read_toml", lambda: toml)
        workflows._load.cache_clear()
        with write_transaction(database.engine) as connection:
            for table in WORKFLOW_TABLES:
                for old, new in renamed.items():
                    connection.execute(
                        text(f"UPDATE {table} SET status = :new WHERE status = :old"),
                        {"old": old, "new": new},
                    )

        assert statuses_tagged("mcs", "active") == ("actif_renomme",)
        assert _figures(database) == before
    finally:
        database.dispose()
