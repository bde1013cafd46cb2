"""One figure, one meaning (issue 11): the dashboard's "MSP ouvertes, postes non pourvus" and the
MSP section's count come from one query."""

from __future__ import annotations

from datetime import date

from storage.db import Database, read_connection
from storage.queries.dashboard import dashboard_figures
from storage.queries.msp import opened_msp_with_vacancies
from storage.queries.territories import Territory
from storage.records.store import Store

pytest_plugins = ("tests.tui_core_fixtures",)


def test_dashboard_and_msp_section_agree(demo_database: Database) -> None:
    # An MSP "en difficulté" before it ever opened (no opening date): not an opened MSP.
    store = Store(demo_database.engine, user="Marie Payet", ars_code="REU")
    msp = store.create("msp_project", {"name": "MSP des Hauts", "status": "en_difficulte"})
    store.create("msp_staffing", {"msp_id": msp, "profession": "Médecin généraliste", "planned": 4})
    with read_connection(demo_database.engine) as connection:
        section = opened_msp_with_vacancies(connection, ars_code="REU")
    figures = dashboard_figures(
        demo_database.engine, Territory("ars", "REU", "ARS La Réunion"), date.today()
    )
    assert section  # the demo has opened MSP with unfilled posts
    assert (figures.msp_open_unfilled, figures.msp_unfilled_posts) == (
        len(section),
        sum(msp.unfilled for msp in section),
    )
