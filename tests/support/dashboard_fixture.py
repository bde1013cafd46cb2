"""The dashboard's hand-counted fixture, written with plain SQL (see the comments beside each row):
shared by the figures' tests (tests/test_dashboard_figures.py) and the screens' (test_dashboard.py),
as the fixture ``filled`` (loaded for every module by tests/conftest.py) or :func:`fill`.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import Connection, text

from storage.dashboard import Dashboard, dashboard_figures
from storage.db import Database, write_transaction
from storage.territories import Territory

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
    """The ``database`` fixture filled with the hand-counted records."""
    fill(database)
    return database


def figures(database: Database, territory: Territory, today: date = TODAY) -> Dashboard:
    return dashboard_figures(database.engine, territory, today)
