"""The dashboard's figures (storage.queries.dashboard) and the territory lookups
(storage.queries.territories).

A small fixture written with plain SQL (tests/support/dashboard_fixture.py) gives figures counted
by hand; demo data then checks the same figures against counts made in Python from the raw
rows, at every level (ARS, département, EPCI, commune).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import text

from storage.db import Database, read_connection, write_transaction
from storage.queries.territories import (
    Territory,
    commune_options,
    default_ars,
    departement_options,
    epci_options,
    search_territories,
    territory_details,
)
from storage.records.rules import zoning_class_on
from tests.support import sql
from tests.support.dashboard_fixture import (
    CIVIS,
    CIVIS_POPULATION,
    REU,
    SAINT_DENIS,
    SAINT_PAUL,
    SAINT_PIERRE,
    TODAY,
    figures,
    insert,
)

# --- Hand-counted figures ---------------------------------------------------------------------


def test_installation_figures_for_the_ars(filled: Database) -> None:
    result = figures(filled, REU)
    assert result.projects_by_status == {
        "premier_contact": 1,
        "en_accompagnement": 1,
        "installe": 2,
        "suivi_post_installation": 1,
        "abandonne": 1,
    }
    assert result.project_total == 6  # the deleted one and Mayotte's are left out
    assert result.installed_this_year == 1
    assert result.overdue_followups == 1
    trend = dict(result.installations_by_month)
    assert len(result.installations_by_month) == 24
    assert result.installations_by_month[0][0] == date(2023, 7, 1)
    assert result.installations_by_month[-1][0] == date(2025, 6, 1)
    assert trend[date(2024, 11, 1)] == 1 and trend[date(2025, 3, 1)] == 1
    assert sum(trend.values()) == 2  # May 2023 is before the window


def test_msp_samu_contracts_and_missions_for_the_ars(filled: Database) -> None:
    result = figures(filled, REU)
    assert result.msp_by_status == {"en_fonctionnement": 1, "emergence": 1, "ouverte": 1}
    assert (result.msp_open_unfilled, result.msp_unfilled_posts) == (1, 3)
    assert result.population_beyond_30min == 1_150
    assert result.coverage_as_of == date(2025, 1, 1)
    assert (result.mcs_active, result.mcs_refresher_due) == (3, 2)
    running = {kind: (c.running, c.ending_soon) for kind, c in result.contracts.items()}
    assert running == {"cesp": (2, 1), "ptmg": (1, 0), "cde": (1, 1)}
    assert (result.missions_done, result.mission_days_done) == (2, 5)
    assert result.indemnities_due_cents == 40_000
    assert result.indemnities_paid_cents == 60_000


def test_territory_population_zonage_and_zone_prioritaire(filled: Database) -> None:
    result = figures(filled, REU)
    assert result.commune_count == 24
    assert result.zoning.order_number == "A-2020"
    assert {c: s.communes for c, s in result.zoning.classes.items()} == {
        "ZIP": 1,
        "ZAC": 1,
        "HZ": 22,
    }
    assert list(result.zoning.classes) == ["ZIP", "ZAC", "HZ"]
    assert (result.priority_epci, result.priority_population) == (1, CIVIS_POPULATION)

    saint_denis = figures(filled, Territory("commune", SAINT_DENIS))
    assert saint_denis.population == 155_634 and saint_denis.commune_count == 1
    assert saint_denis.zoning.single_class == "ZIP"
    assert not saint_denis.is_priority
    with read_connection(filled.engine) as connection:  # the same answer as the rule
        assert zoning_class_on(connection, SAINT_DENIS, TODAY) == "ZIP"
    # Two weeks later the new arrêté is in force.
    later = figures(filled, Territory("commune", SAINT_DENIS), date(2025, 7, 1))
    assert later.zoning.single_class == "ZAC" and later.zoning.order_number == "A-2025"
    assert figures(filled, Territory("commune", SAINT_PIERRE)).zoning.single_class == "HZ"
    assert figures(filled, Territory("epci", CIVIS)).is_priority


def test_a_commune_counts_only_what_lies_in_it(filled: Database) -> None:
    saint_paul = figures(filled, Territory("commune", SAINT_PAUL))
    assert saint_paul.projects_by_status == {"installe": 1, "suivi_post_installation": 1}
    assert saint_paul.installed_this_year == 1 and saint_paul.overdue_followups == 0
    assert saint_paul.msp_by_status == {"en_fonctionnement": 1}  # m2's site there is deleted
    assert saint_paul.population_beyond_30min == 850
    assert (saint_paul.mcs_active, saint_paul.mcs_refresher_due) == (1, 1)
    assert saint_paul.contracts["cesp"].running == 1

    saint_pierre = figures(filled, Territory("commune", SAINT_PIERRE))
    assert saint_pierre.msp_by_status == {"emergence": 1, "ouverte": 1}
    assert saint_pierre.msp_open_unfilled == 0
    assert (saint_pierre.mcs_active, saint_pierre.mcs_refresher_due) == (2, 2)
    assert saint_pierre.missions_done == 2
    assert saint_pierre.population_beyond_30min == 0  # its only measure is deleted

    mayotte = figures(filled, Territory("ars", "MAY"))
    assert mayotte.projects_by_status == {"installe": 1}
    assert mayotte.installed_this_year == 1


def test_indicators_set_the_territory_beside_dated_national_references(
    filled: Database,
) -> None:
    """reference/README.md: national figures "are national references with their year and
    source, never targets of a territory: do not prorate them" (issue 12: no "cible au
    prorata", no progress against a national figure)."""
    rows = {row.code: row for row in figures(filled, REU).indicators}
    msp = rows["msp_nombre"]
    assert msp.territory_value == 2  # en fonctionnement + ouverte
    assert [(r.value, r.year, r.kind) for r in msp.references] == [
        (174, 2012, "realise"),
        (370, 2013, "realise"),
        (600, 2014, "cible"),
        (1000, 2017, "cible"),
    ]
    assert msp.objective is None and msp.progress is None  # no ARS objective entered
    assert not hasattr(msp, "territory_target")
    assert rows["mcs_nombre"].territory_value == 3
    assert rows["installations_aidees"].territory_value == 2  # PTMG en cours + CDE signé
    assert rows["cesp_signes"].territory_value == 3
    assert rows["assistants_medicaux_contrats"].territory_value == 1
    assert rows["zones_prioritaires"].territory_value == 1
    assert all(row.progress is None for row in rows.values())


def test_pending_changes_and_an_empty_database(database: Database) -> None:
    empty = figures(database, REU)
    assert empty.project_total == 0 and empty.pending_changes == 0
    assert empty.zoning.order_number is None and empty.zoning.classes == {}
    assert all(count == 0 for _, count in empty.installations_by_month)
    assert empty.population == 889_679


# --- Territories: options, default ARS, search, details --------------------------------------


def test_picker_options_cascade(filled: Database) -> None:
    with read_connection(filled.engine) as connection:
        assert departement_options(connection, "REU") == [("974", "La Réunion")]
        assert [code for code, _ in departement_options(connection, "GUA")] == [
            "971",
            "977",
            "978",
        ]
        epcis = dict(epci_options(connection, "974"))
        assert len(epcis) == 5 and CIVIS in epcis
        communes = dict(commune_options(connection, "974"))
        assert len(communes) == 24 and communes[SAINT_PAUL] == "Saint-Paul"
        civis = dict(commune_options(connection, "974", CIVIS))
        assert SAINT_PIERRE in civis and SAINT_PAUL not in civis


def test_default_ars_is_the_devices_then_the_first_with_records(database: Database) -> None:
    tables = ("installation_project", "mcs")
    with read_connection(database.engine) as connection:
        assert default_ars(connection, tables) is None
    with write_transaction(database.engine) as connection:
        insert(connection, "professional", ars="MAY", id="x", last_name="A", first_name="B",
               profession="medecin", situation="remplacant", search_key="")  # fmt: skip
        insert(connection, "mcs", ars="MAY", professional_id="x", samu_attachment="S",
               status="actif")  # fmt: skip
    with read_connection(database.engine) as connection:
        assert default_ars(connection, tables) == "MAY"
    with write_transaction(database.engine) as connection:
        connection.execute(text("INSERT INTO local_setting VALUES ('ars_code', 'GUY')"))
    with read_connection(database.engine) as connection:
        assert default_ars(connection, tables) == "GUY"


def test_search_ignores_accents_case_and_hyphens(database: Database) -> None:
    with read_connection(database.engine) as connection:
        hits = search_territories(connection, "SAINT paul")
        assert hits[0].territory == Territory("commune", SAINT_PAUL, "Saint-Paul")  # most people
        assert all("paul" in hit.territory.name.lower() for hit in hits)
        reunion = search_territories(connection, "reunion")
        assert Territory("departement", "974", "La Réunion") == reunion[0].territory
        assert any(hit.territory.level == "epci" for hit in reunion)
        assert search_territories(connection, "97611")[0].territory.name == "Mamoudzou"
        assert search_territories(connection, "   ") == []
        assert search_territories(connection, "100%_") == []  # LIKE wildcards are literal


def test_details_of_a_commune(filled: Database) -> None:
    with read_connection(filled.engine) as connection:
        details = territory_details(connection, Territory("commune", SAINT_DENIS), TODAY)
    assert details.ars == ("REU", "ARS La Réunion")
    assert details.departement == ("974", "La Réunion")
    assert details.epci is not None and details.epci[0] == "249740119"
    assert details.zoning.single_class == "ZIP"
    history = [(r.number, r.end_date, r.in_force, r.classes) for r in details.zoning_history]
    assert history == [
        ("A-2025", None, False, {"ZAC": 1}),
        ("A-2020", date(2025, 6, 30), True, {"ZIP": 1}),
    ]
    assert details.counts == {
        "installation_project": 2,
        "msp_project": 1,
        "centre_sante": 0,  # counted apart from the MSP (issue 13)
        "mcs": 2,  # the active one and the one who left
        "solidarity_mission": 0,
        "teleconsultation_booth": 0,
        "cpts": 0,
    }


def test_details_of_an_epci_and_cpts_sizes(filled: Database) -> None:
    with read_connection(filled.engine) as connection:
        civis = territory_details(connection, Territory("epci", CIVIS, "CIVIS"), TODAY)
        tco = territory_details(connection, Territory("epci", "249740101"), TODAY)
    assert civis.is_priority and civis.population == CIVIS_POPULATION
    assert civis.counts["solidarity_mission"] == 4
    assert not tco.is_priority
    assert [(c.name, c.size) for c in tco.cpts] == [("CPTS Ouest", "T3")]
    assert tco.zoning_history[1].classes == {"ZAC": 1, "HZ": 4}  # Saint-Paul ZAC in A-2020


# --- On demo data: the SQL figures equal counts made in Python from the raw rows ---------------


@pytest.fixture(scope="module")
def demo_database(tmp_path_factory: pytest.TempPathFactory) -> Database:
    from storage.db import open_database
    from storage.demo.generator import generate_demo

    database = open_database(tmp_path_factory.mktemp("demo") / "demo.db")
    generate_demo(database.engine, records=400, ars_code="REU", seed=3, today=TODAY)
    yield database  # type: ignore[misc]
    database.dispose()


def _python_counts(database: Database, communes: set[str] | None) -> dict[str, object]:
    projects = sql.rows(
        database,
        "SELECT commune_code, status, installation_date, next_action_due"
        " FROM installation_project WHERE deleted = 0 AND ars_code = 'REU'",
    )
    open_statuses = {"premier_contact", "en_accompagnement", "recherche_lieu",
                     "aides_en_instruction", "installe"}  # fmt: skip
    rows = [row for row in projects if communes is None or row[0] in communes]
    installed = [
        row for row in rows if row[1] in ("installe", "suivi_post_installation") and row[2]
    ]
    return {
        "by_status": dict(Counter(row[1] for row in rows)),
        "this_year": sum(1 for row in installed if "2025-01-01" <= str(row[2]) <= "2025-06-15"),
        "overdue": sum(
            1 for row in rows if row[1] in open_statuses and row[3] and str(row[3]) < "2025-06-15"
        ),
        "trend": sum(1 for row in installed if "2023-07-01" <= str(row[2]) <= "2025-06-15"),
    }


@pytest.mark.parametrize(
    "territory",
    [
        Territory("ars", "REU"),
        Territory("departement", "974"),
        Territory("epci", CIVIS),
        Territory("commune", SAINT_PAUL),
    ],
)
def test_demo_figures_match_counts_made_in_python(
    demo_database: Database, territory: Territory
) -> None:
    communes = None
    if territory.level in ("epci", "commune"):
        with read_connection(demo_database.engine) as connection:
            column = "epci_siren" if territory.level == "epci" else "code"
            communes = {
                code
                for (code,) in connection.execute(
                    text(f"SELECT code FROM commune WHERE {column} = :code"),
                    {"code": territory.code},
                )
            }
    expected = _python_counts(demo_database, communes)
    result = figures(demo_database, territory)
    assert result.projects_by_status == expected["by_status"]
    assert result.project_total > 0
    assert result.installed_this_year == expected["this_year"]
    assert result.overdue_followups == expected["overdue"]
    assert sum(count for _, count in result.installations_by_month) == expected["trend"]


def test_demo_levels_add_up(demo_database: Database) -> None:
    ars = figures(demo_database, REU)
    assert figures(demo_database, Territory("departement", "974")).projects_by_status == (
        ars.projects_by_status
    )
    with read_connection(demo_database.engine) as connection:
        epcis = [code for code, _ in epci_options(connection, "974")]
    by_epci = Counter[str]()
    for epci in epcis:
        by_epci.update(figures(demo_database, Territory("epci", epci)).projects_by_status)
    assert dict(by_epci) == ars.projects_by_status
    assert ars.mcs_active > 0 and ars.msp_by_status and ars.contracts["cesp"].running > 0
