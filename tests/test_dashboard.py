"""The dashboard's figures (storage.dashboard) and the territory lookups (storage.territories).

A small fixture written with plain SQL gives figures counted by hand (see the comments beside
each row); demo data then checks the same figures against counts made in Python from the raw
rows, at every level (ARS, département, EPCI, commune).
"""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest
from sqlalchemy import Connection, text

from storage.dashboard import Dashboard, dashboard_figures
from storage.db import Database, read_connection, write_transaction
from storage.rules import zoning_class_on
from storage.territories import (
    Territory,
    commune_options,
    default_ars,
    departement_options,
    epci_options,
    search_territories,
    territory_details,
)

TODAY = date(2025, 6, 15)
NOW = "2025-06-15 09:00:00.000000"
SAINT_DENIS, SAINT_PAUL, SAINT_PIERRE, MAMOUDZOU = "97411", "97415", "97416", "97611"
CIVIS = "249740077"  # Saint-Pierre's EPCI: the zone prioritaire of the fixture
CIVIS_POPULATION = 184_086
REU = Territory("ars", "REU")

_counter = iter(range(1, 1_000_000))


def insert(connection: Connection, table: str, ars: str = "REU", **values: object) -> str:
    """One live record (sync columns filled) with ``values``; returns its id."""
    row = {
        "id": values.pop("id", f"{table}-{next(_counter)}"),
        "ars_code": ars,
        "version": 0,
        "updated_at": NOW,
        "updated_by": "test",
        "deleted": values.pop("deleted", 0),
        **values,
    }
    columns = ", ".join(row)
    marks = ", ".join(f":{column}" for column in row)
    connection.execute(text(f"INSERT INTO {table} ({columns}) VALUES ({marks})"), row)
    return str(row["id"])


def project(connection: Connection, commune: str, status: str, **values: object) -> str:
    ars = "MAY" if commune.startswith("976") else "REU"
    return insert(
        connection,
        "installation_project",
        ars=ars,
        professional_id="pro",
        commune_code=commune,
        practice_mode="liberal_seul",
        status=status,
        first_contact_date="2023-01-01",
        search_key="",
        **values,
    )


def fill(database: Database) -> None:
    """The hand-counted fixture: La Réunion (REU) with one Mayotte (MAY) project."""
    with write_transaction(database.engine) as c:
        insert(
            c,
            "professional",
            id="pro",
            last_name="Hoarau",
            first_name="Léa",
            profession="medecin",
            situation="installe_liberal",
            search_key="",
        )
        # Installation projects. REU: 6 live; this year: 1; overdue: 1; trend: 2 in window.
        project(c, SAINT_DENIS, "premier_contact", next_action_due="2025-06-01")  # overdue
        project(c, SAINT_DENIS, "en_accompagnement", next_action_due="2025-07-01")  # not yet
        project(c, SAINT_PAUL, "installe", installation_date="2025-03-10")  # this year
        project(
            c,
            SAINT_PAUL,
            "suivi_post_installation",
            installation_date="2024-11-05",  # last year, in the 24 months
            next_action_due="2025-01-01",  # final status: not overdue
        )
        project(c, SAINT_PIERRE, "abandonne", next_action_due="2025-01-01")  # exit: not overdue
        project(c, SAINT_PIERRE, "installe", installation_date="2023-05-01")  # before the window
        project(c, SAINT_PIERRE, "premier_contact", deleted=1, next_action_due="2025-01-01")
        project(c, MAMOUDZOU, "installe", installation_date="2025-02-01")  # other ARS

        # MSP: m1 open with 3 posts unfilled (2 MG + 1 MK); m2 not open; m3 open, full.
        m1 = insert(c, "msp_project", name="MSP Nord", sponsor_kind="sisa",
                    status="en_fonctionnement", search_key="")  # fmt: skip
        m2 = insert(c, "msp_project", name="MSP Sud", sponsor_kind="sisa", status="emergence",
                    search_key="")  # fmt: skip
        m3 = insert(c, "msp_project", name="MSP Pierre", sponsor_kind="sisa", status="ouverte",
                    search_key="")  # fmt: skip
        for msp, commune, deleted in (
            (m1, SAINT_DENIS, 0),
            (m1, SAINT_PAUL, 0),
            (m2, SAINT_PIERRE, 0),
            (m2, SAINT_PAUL, 1),  # a deleted site does not put m2 in Saint-Paul
            (m3, SAINT_PIERRE, 0),
        ):
            insert(c, "msp_site", msp_id=msp, commune_code=commune, qpv=0, is_main_site=0,
                   deleted=deleted)  # fmt: skip
        for msp, profession, planned, present in (
            (m1, "mg", 3, 1),
            (m1, "ide", 2, 2),
            (m1, "mk", 1, 0),
            (m2, "mg", 2, 0),
            (m3, "mg", 1, 1),
        ):
            insert(c, "msp_staffing", msp_id=msp, profession=profession, planned=planned,
                   present=present)  # fmt: skip

        # MCS: 3 active; refresher due for mc2 (last training 2024-03-01) and mc3 (none).
        def mcs(status: str, communes: tuple[str, ...], trainings: tuple[str, ...]) -> None:
            mcs_id = insert(c, "mcs", professional_id="pro", samu_attachment="SAMU 974",
                            status=status)  # fmt: skip
            for commune in communes:
                insert(c, "mcs_commune", mcs_id=mcs_id, commune_code=commune)
            for day in trainings:
                insert(c, "mcs_training", mcs_id=mcs_id, kind="recyclage", training_date=day)

        mcs("actif", (SAINT_DENIS,), ("2023-01-10", "2024-09-01"))
        mcs("actif", (SAINT_PAUL, SAINT_PIERRE), ("2024-03-01",))
        mcs("actif", (SAINT_PIERRE,), ())
        mcs("sorti", (SAINT_DENIS,), ())

        # Urgent care: latest measure on or before TODAY per place: 300 + 800 + 50 = 1,150.
        for commune, localite, as_of, population, deleted in (
            (SAINT_DENIS, None, "2024-01-01", 500, 0),
            (SAINT_DENIS, None, "2025-01-01", 300, 0),
            (SAINT_DENIS, None, "2025-09-01", 100, 0),  # after TODAY
            (SAINT_PAUL, "Mafate", "2025-01-01", 800, 0),
            (SAINT_PAUL, None, "2024-01-01", 50, 0),
            (SAINT_PIERRE, None, "2025-01-01", 999, 1),  # deleted
        ):
            insert(c, "urgent_care_coverage", commune_code=commune, localite=localite,
                   as_of=as_of, population_beyond_30min=population, active_mcs=0,
                   population_covered_by_mcs=0, deleted=deleted)  # fmt: skip

        # Contracts, ended by their rules (issue 12: not by the end typed). Running: CESP 2
        # (1 ending by 15/12/2025), PTMG 1 (0), CDE 1 (1).
        for kind, status, start, practice, months, commune in (
            # Practising since 01/10/2023, 12 months paid: 24 months -> 01/10/2025.
            ("cesp", "engagement_en_cours", "2018-09-01", "2023-10-01", 12, SAINT_DENIS),
            ("cesp", "allocation_en_cours", "2022-09-01", None, 30, SAINT_PAUL),
            ("cesp", "engagement_accompli", "2015-09-01", "2022-01-01", 36, SAINT_PAUL),
            ("ptmg", "en_cours", "2025-06-01", None, None, SAINT_PIERRE),  # -> 01/06/2026
            # 36 months -> 15/12/2025, the last day of 6 months: ending.
            ("cde", "signe", "2022-12-15", None, None, SAINT_PIERRE),
            ("cde", "rompu", "2022-07-01", None, None, SAINT_PIERRE),
            ("cde", "demande", None, None, None, SAINT_PIERRE),
        ):
            insert(c, "aid_contract", professional_id="pro", kind=kind, status=status,
                   start_date=start, practice_start_date=practice, months_paid=months,
                   commune_code=commune)  # fmt: skip

        # Zone prioritaire CIVIS and its missions: done 2 (5 days); due 400 €, paid 600 €.
        zone = insert(c, "priority_zone", epci_siren=CIVIS, year=2025)
        for status, days in (("realisee", 2), ("indemnisee", 3), ("planifiee", 1), ("annulee", 2)):
            insert(c, "solidarity_mission", priority_zone_id=zone, professional_id="pro",
                   host_kind="msp", commune_code=SAINT_PIERRE, days=days, consultations=0,
                   status=status)  # fmt: skip

        # Zonage: A-2020 in force on TODAY (Saint-Denis ZIP, Saint-Paul ZAC, others HZ);
        # A-2025 starts after TODAY (Saint-Denis ZAC).
        old = insert(c, "zoning_order", number="A-2020", effective_date="2020-01-01",
                     end_date="2025-06-30", profession="medecin")  # fmt: skip
        new = insert(c, "zoning_order", number="A-2025", effective_date="2025-07-01",
                     profession="medecin")  # fmt: skip
        for order, commune, zone_class in (
            (old, SAINT_DENIS, "ZIP"),
            (old, SAINT_PAUL, "ZAC"),
            (new, SAINT_DENIS, "ZAC"),
        ):
            insert(c, "zoning_entry", order_id=order, commune_code=commune, zone_class=zone_class)

        insert(c, "medical_assistant", employer_id="pro", commune_code=SAINT_DENIS, fte=1.0,
               underserved_area=0, status="en_poste")  # fmt: skip
        insert(c, "medical_assistant", employer_id="pro", commune_code=SAINT_DENIS, fte=1.0,
               underserved_area=0, status="termine")  # fmt: skip
        insert(c, "cpts", name="CPTS Ouest", commune_code=SAINT_PAUL, population_covered=90_000,
               status="projet")  # fmt: skip
        insert(c, "teleconsultation_booth", commune_code=SAINT_PAUL, site_kind="mairie",
               status="en_service")  # fmt: skip


@pytest.fixture
def filled(database: Database) -> Database:
    fill(database)
    return database


def figures(database: Database, territory: Territory, today: date = TODAY) -> Dashboard:
    return dashboard_figures(database.engine, territory, today)


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
    from storage.demo import generate_demo

    database = open_database(tmp_path_factory.mktemp("demo") / "demo.db")
    generate_demo(database.engine, records=400, ars_code="REU", seed=3, today=TODAY)
    yield database  # type: ignore[misc]
    database.dispose()


def _python_counts(database: Database, communes: set[str] | None) -> dict[str, object]:
    with read_connection(database.engine) as connection:
        projects = connection.execute(
            text(
                "SELECT commune_code, status, installation_date, next_action_due"
                " FROM installation_project WHERE deleted = 0 AND ars_code = 'REU'"
            )
        ).all()
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


# --- The screens (Pilot) -----------------------------------------------------------------------

SCREEN_SIZE = (120, 40)


@pytest.fixture
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> date:
    """The screens count for TODAY, not for the clock's day."""
    monkeypatch.setattr("screens.home.today", lambda: TODAY)
    return TODAY


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let every worker end and its messages be handled (twice: a message may start one)."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _choose(pilot, level: str, value: str) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Select

    pilot.app.screen.query_one(f"#picker-{level}", Select).value = value
    await _settle(pilot)


async def test_choosing_a_territory_changes_the_figures(filled: Database, fixed_day: date) -> None:
    from textual.widgets import Static

    from ars_tui.app import make_app
    from screens.home import HomeScreen

    app = make_app(filled, user="test")
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        # No device ARS and no demo data: the first ARS with records, by code (MAY < REU).
        assert screen.figures.territory.code == "MAY"
        assert screen.figures.project_total == 1

        await _choose(pilot, "ars", "REU")
        assert screen.figures.territory == Territory("ars", "REU", "ARS La Réunion")
        assert screen.figures.project_total == 6
        await _choose(pilot, "departement", "974")
        assert screen.figures.territory.level == "departement"
        await _choose(pilot, "epci", "249740101")  # TCO: Saint-Paul's EPCI
        await _choose(pilot, "commune", SAINT_PAUL)
        figures = screen.figures
        assert figures.territory == Territory("commune", SAINT_PAUL, "Saint-Paul")
        assert figures.project_total == 2 and figures.population_beyond_30min == 850
        info = str(screen.query_one("#home-info", Static).render())
        assert "Commune : Saint-Paul (97415) — 108\u00a0088 hab." in info
        assert "Zonage :  ZAC  Zone d'action complémentaire" in info
        assert "Zone prioritaire : non" in info

        # Back to the whole département: the commune list stays, the figures widen again.
        await _choose(pilot, "epci", CIVIS)
        assert screen.figures.territory == Territory("epci", CIVIS, screen.figures.territory.name)
        assert "Zone prioritaire : oui" in str(screen.query_one("#home-info", Static).render())


async def test_a_reu_device_offers_its_own_ars_and_the_others_on_request(
    filled: Database, fixed_day: date
) -> None:
    """Issue 11: a REU database offered Mayotte (and every ARS) in its selector."""
    from textual.widgets import Select

    from ars_tui.app import make_app
    from storage.sync_state import set_device_ars

    set_device_ars(filled.engine, "REU")
    app = make_app(filled, user="test")
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        await _settle(pilot)
        select = app.screen.query_one("#picker-ars", Select)
        assert app.screen.figures.territory.code == "REU"
        codes = [value for _, value in select._options if isinstance(value, str)]
        assert "MAY" not in codes and "ARA" not in codes
        assert codes[:2] == ["REU", "OI"]  # its own, and the former ARS Océan Indien
        await _choose(pilot, "ars", codes[-1])  # "Autres ARS…": asked for
        codes = [value for _, value in select._options if isinstance(value, str)]
        assert {"MAY", "ARA", "REU"} <= set(codes)
        assert select.value == "REU" and app.screen.figures.territory.code == "REU"


async def test_a_commune_shows_its_zonage_class(filled: Database, fixed_day: date) -> None:
    from textual.widgets import Static

    from ars_tui.app import make_app

    with write_transaction(filled.engine) as connection:
        connection.execute(text("INSERT INTO local_setting VALUES ('ars_code', 'REU')"))
    app = make_app(filled, user="test")
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        await _settle(pilot)
        assert app.screen.figures.territory.code == "REU"  # the device's ARS
        await _choose(pilot, "departement", "974")
        await _choose(pilot, "commune", SAINT_DENIS)
        info = str(app.screen.query_one("#home-info", Static).render())
        assert "Zonage :  ZIP  Zone d'intervention prioritaire" in info
        zoning = app.screen.query_one("#panel-zoning", Static)
        assert "A-2020" in str(zoning.content.caption)


async def test_national_references_have_no_progress_bar_and_the_trend_is_drawn(
    filled: Database, fixed_day: date
) -> None:
    """Issue 12: national figures are shown as dated references ("Repère national : 700 MCS
    visés pour 2017 (Pacte territoire santé 2)"), never as this territory's goal."""
    from textual.widgets import ProgressBar, Static

    from ars_tui.app import make_app
    from screens.home import IndicatorView
    from screens.widgets.bar_chart import MonthlyBarChart

    with write_transaction(filled.engine) as connection:
        connection.execute(text("INSERT INTO local_setting VALUES ('ars_code', 'REU')"))
    app = make_app(filled, user="test")
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        await _settle(pilot)
        views = {view.row.code: view for view in app.screen.query(IndicatorView)}
        assert len(views) == 7
        assert not any(view.query(ProgressBar) for view in views.values())
        mcs_lines = [str(line.render()) for line in views["mcs_nombre"].query(Static)]
        assert "Repère national : 700 MCS visés pour 2017 (Pacte territoire santé 2)" in mcs_lines
        assert not any("prorata" in line for line in mcs_lines)
        chart = app.screen.query_one(MonthlyBarChart)
        drawn = str(chart.render())
        assert "█" in drawn or "▁" in drawn
        assert "2025" in drawn  # January 2025 is labelled under its bar


def test_the_chart_draws_the_highest_month_full_and_labels_years() -> None:
    from screens.widgets.bar_chart import chart_lines

    data = [(date(2024, 12, 1), 0), (date(2025, 1, 1), 8), (date(2025, 2, 1), 1)]
    lines = chart_lines(data, width=20, height=3)
    # 3 cells a month (a bar of 2 and a gap), 2 rows of 8 steps: 8 fills both rows, 1 is 2/16.
    assert lines[0] == "8│   ██    "
    assert lines[1] == "0│   ██ ▂▂ "
    assert lines[2] == "     2025"  # under January; "12/24" has no room before it
    assert chart_lines(data, width=8, height=3)[0] == "8│  █   "  # 2 cells: bar and gap
    assert chart_lines(data, width=5, height=3)[0] == "8│ █ "  # narrow: 1 cell a month
    assert chart_lines([], width=20, height=3) == []


async def test_territories_search_shows_zonage_history_and_what_is_there(
    filled: Database, fixed_day: date
) -> None:
    from textual.widgets import Input, OptionList

    from ars_tui.app import make_app
    from screens.territories.screen import TerritoriesScreen

    app = make_app(filled, user="test")
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        await _settle(pilot)
        await pilot.press("8")
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, TerritoriesScreen)
        screen.query_one(Input).value = "saint denis"
        await _settle(pilot)
        results = screen.query_one(OptionList)
        assert results.option_count > 1
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        # Départements first (Seine-Saint-Denis), then EPCI, then communes, biggest first.
        assert ids[0] == "departement:93"
        assert screen.details is not None and screen.details.territory.code == "93"
        results.highlighted = ids.index(f"commune:{SAINT_DENIS}")
        await _settle(pilot)
        details = screen.details
        assert details is not None and details.territory.code == SAINT_DENIS
        shown = _plain(screen.query_one("#territories-details").content)
        assert "Zonage :  ZIP  Zone d'intervention prioritaire" in shown
        assert "A-2025" in shown and "01/07/2025" in shown and "30/06/2025" in shown
        assert "ZIP (en vigueur)" in shown
        assert "Projets d'installation" in shown

        screen.query_one(Input).value = "zzzz introuvable"
        await _settle(pilot)
        assert "Aucun territoire ne correspond" in _plain(
            screen.query_one("#territories-details").content
        )


def _plain(renderable: object, width: int = 100) -> str:
    import os

    from rich.console import Console

    with open(os.devnull, "w") as sink:
        console = Console(width=width, record=True, file=sink)
        console.print(renderable)
    return console.export_text()


def test_territories_snapshot(filled: Database, fixed_day: date, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Territoires at 100 x 32 on the fixture: Saint-Paul found, its zonage and history."""
    from textual.widgets import Input

    from ars_tui.app import make_app

    async def search(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("8")
        await _settle(pilot)
        pilot.app.screen.query_one(Input).value = "saint-paul"
        await _settle(pilot)

    assert snap_compare(make_app(filled, user="test"), terminal_size=(100, 32), run_before=search)
