"""MSP: staffing gaps, the opened MSP left with empty posts, fundings by funder."""

from __future__ import annotations

from collections import defaultdict

import sqlalchemy as sa

from storage.db import Database, read_connection
from storage.models import MspFunding, MspProject, MspStaffing
from storage.queries.msp import (
    funding_totals,
    is_opened,
    msp_detail,
    opened_msp_with_vacancies,
    vacancies_sql,
)
from storage.records.store import Store
from tests.support.query_demo import all_rows, opened_msp_with_empty_posts


def test_opened_msp_with_vacancies_are_those_with_fewer_present_than_planned(
    demo_db: Database,
) -> None:
    projects = {p["id"]: p for p in all_rows(demo_db, MspProject)}
    gaps: dict[str, int] = defaultdict(int)
    for line in all_rows(demo_db, MspStaffing):
        gaps[line["msp_id"]] += max(line["planned"] - line["present"], 0)
    expected = {
        msp_id
        for msp_id, gap in gaps.items()
        if gap > 0 and is_opened(projects[msp_id]["status"], projects[msp_id]["opening_date"])
    }
    with read_connection(demo_db.engine) as connection:
        found = opened_msp_with_vacancies(connection)
    assert expected and {m.id for m in found} == expected
    assert all(m.unfilled == gaps[m.id] and m.present < m.planned for m in found)
    assert [m.unfilled for m in found] == sorted((m.unfilled for m in found), reverse=True)
    # Projects not yet open have nobody present, but they are not "empty MSP".
    assert not any(projects[m.id]["status"] == "emergence" for m in found)


def test_detail_gives_each_profession_its_gap_and_the_funding_total(demo_db: Database) -> None:
    with read_connection(demo_db.engine) as connection:
        vacancy = opened_msp_with_vacancies(connection)[0]
        detail = msp_detail(connection, vacancy.id)
    assert detail.opened
    assert (detail.planned, detail.present, detail.unfilled) == (
        vacancy.planned,
        vacancy.present,
        vacancy.unfilled,
    )
    assert detail.staffing[0].unfilled > 0  # the largest gap first
    assert {"mg", "ide"} <= {line.profession for line in detail.staffing}
    assert sum(1 for site in detail.sites if site.is_main_site) == 1
    assert detail.sites[0].is_main_site
    fundings = [f for f in all_rows(demo_db, MspFunding) if f["msp_id"] == vacancy.id]
    assert detail.funding_total_cents == sum(f["amount_cents"] for f in fundings)


def test_funding_totals_by_funder(demo_db: Database) -> None:
    fundings = all_rows(demo_db, MspFunding)
    with read_connection(demo_db.engine) as connection:
        totals = funding_totals(connection)
    assert sum(t.amount_cents for t in totals) == sum(f["amount_cents"] for f in fundings)
    assert sum(t.count for t in totals) == len(fundings)
    amounts = [t.amount_cents for t in totals]
    assert amounts == sorted(amounts, reverse=True)


def test_an_msp_opened_with_empty_offices_shows_and_filling_them_clears_it(
    database: Database,
) -> None:
    store = Store(database.engine, user="test", ars_code="REU")
    msp, lines = opened_msp_with_empty_posts(store)
    store.create("msp_funding", {"msp_id": msp, "funder": "fir", "amount_cents": "50 000"})
    store.create("msp_funding", {"msp_id": msp, "funder": "region", "amount_cents": "1 200,50"})
    with read_connection(database.engine) as connection:
        [vacancy] = opened_msp_with_vacancies(connection)
        assert (vacancy.name, vacancy.planned, vacancy.present, vacancy.unfilled) == (
            "MSP de Mafate",
            3,
            0,
            3,
        )
        detail = msp_detail(connection, msp)
        assert [(s.profession, s.unfilled) for s in detail.staffing] == [("mg", 2), ("ide", 1)]
        assert detail.funding_total_cents == 5_000_000 + 120_050
        table = MspProject.__table__
        assert connection.execute(sa.select(vacancies_sql()).select_from(table)).scalar() == 3
    store.update("msp_staffing", lines["mg"], {"present": "3"})  # one more than planned
    store.update("msp_staffing", lines["ide"], {"present": "1"})
    with read_connection(database.engine) as connection:
        assert opened_msp_with_vacancies(connection) == []
        assert msp_detail(connection, msp).unfilled == 0


def test_the_msp_list_shows_each_msps_unfilled_posts(demo_db: Database) -> None:
    from storage.queries.paged import ListRequest, list_page

    with read_connection(demo_db.engine) as connection:
        page = list_page(
            connection,
            ListRequest("msp_project", sort="unfilled_posts", descending=True, limit=500),
        )
        details = {row["id"]: msp_detail(connection, row["id"]) for row in page.rows}
    assert page.rows[0]["unfilled_posts"] > 0
    for row in page.rows:
        assert row["unfilled_posts"] == details[row["id"]].unfilled
