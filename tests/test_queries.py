"""Paged lists: SQL does the filtering, sorting and paging; pages tile the whole result."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import Database, read_connection
from storage.demo.generator import generate_demo
from storage.queries.paged import MAX_PAGE_SIZE, ListRequest, list_page, page_query
from storage.records.store import Store
from storage.text import search_key
from tests.support import sql

RECORDS = 1_500


#: Installation projects of the Breton demo added for its missions.
BRETON_RECORDS = 100


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Database:
    from storage.db import open_database

    database = open_database(tmp_path_factory.mktemp("queries") / "demo.db")
    generate_demo(database.engine, records=RECORDS, ars_code="REU", seed=7)
    # Missions need zones prioritaires, which are metropolitan: a few Breton records too.
    generate_demo(database.engine, records=BRETON_RECORDS, ars_code="BRE", seed=7)
    yield database
    database.dispose()


def page(database: Database, **kwargs) -> object:
    with read_connection(database.engine) as connection:
        return list_page(connection, ListRequest(**kwargs))


def test_a_page_holds_at_most_its_limit_and_counts_the_rest(demo_db: Database) -> None:
    result = page(demo_db, entity="installation_project", limit=25)
    assert len(result.rows) == 25
    assert result.total == RECORDS + BRETON_RECORDS
    assert {"professional_name", "commune_name", "status"} <= result.rows[0].keys()


def test_pages_tile_the_result_without_overlap(demo_db: Database) -> None:
    seen: list[str] = []
    offset = 0
    while True:
        result = page(
            demo_db, entity="installation_project", sort="status", limit=200, offset=offset
        )
        seen.extend(row["id"] for row in result.rows)
        offset += 200
        if offset >= result.total:
            break
    assert len(seen) == len(set(seen)) == RECORDS + BRETON_RECORDS


def test_sort_order_is_applied_in_sql(demo_db: Database) -> None:
    ascending = page(demo_db, entity="installation_project", sort="first_contact_date", limit=50)
    dates = [row["first_contact_date"] for row in ascending.rows]
    assert dates == sorted(dates)
    descending = page(
        demo_db,
        entity="installation_project",
        sort="first_contact_date",
        descending=True,
        limit=50,
    )
    assert descending.rows[0]["first_contact_date"] >= ascending.rows[-1]["first_contact_date"]
    with pytest.raises(ValueError):
        page(demo_db, entity="installation_project", sort="id; DROP TABLE commune")


def test_search_ignores_accents_and_case_and_needs_every_word(demo_db: Database) -> None:
    expected = sql.scalar(
        demo_db,
        "SELECT COUNT(*) FROM installation_project p JOIN commune c"
        " ON c.code = p.commune_code WHERE c.name = 'Saint-Benoît' AND p.deleted = 0",
    )
    assert expected > 0
    result = page(demo_db, entity="installation_project", search="SAINT-benoit", limit=500)
    assert result.total == expected
    assert {row["commune_name"] for row in result.rows} == {"Saint-Benoît"}
    # Two words: each must match somewhere (commune or professional), so this narrows.
    both = page(demo_db, entity="installation_project", search="benoit saint", limit=500)
    assert both.total >= expected
    nothing = page(demo_db, entity="installation_project", search="benoit zzzz")
    assert nothing.total == 0 and nothing.rows == []


def test_search_finds_localites_without_their_accents(demo_db: Database) -> None:
    with read_connection(demo_db.engine) as connection:
        localites = connection.execute(
            text("SELECT id, localite FROM installation_project WHERE localite IS NOT NULL")
        ).all()
    islets = {row.id for row in localites if "ilet" in search_key(row.localite)}
    assert islets, "the La Réunion demo has projects in the îlets"
    result = page(demo_db, entity="installation_project", search="ilet", limit=500)
    assert islets <= {row["id"] for row in result.rows}


def test_like_wildcards_in_the_search_are_plain_characters(demo_db: Database) -> None:
    assert page(demo_db, entity="installation_project", search="%").total == 0
    assert page(demo_db, entity="installation_project", search="_").total == 0


def test_filters_by_status_and_territory(demo_db: Database) -> None:
    installed = page(
        demo_db, entity="installation_project", filters={"status": "installe"}, limit=500
    )
    assert installed.total > 0
    assert {row["status"] for row in installed.rows} == {"installe"}
    civis = "249740077"  # CIVIS, the south-west of La Réunion
    with read_connection(demo_db.engine) as connection:
        names = set(
            connection.execute(
                text("SELECT name FROM commune WHERE epci_siren = :siren"), {"siren": civis}
            ).scalars()
        )
    in_epci = page(demo_db, entity="installation_project", filters={"epci_siren": civis}, limit=500)
    assert in_epci.total > 0
    assert {row["commune_name"] for row in in_epci.rows} <= names
    with pytest.raises(ValueError):
        page(demo_db, entity="installation_project", filters={"notes": "x"})


def test_deleted_records_are_left_out_unless_asked(demo_db: Database, tmp_path: Path) -> None:
    first = page(demo_db, entity="professional", limit=1).rows[0]
    store = Store(demo_db.engine, user="test", ars_code="REU")
    store.delete("professional", first["id"])
    try:
        ids = {row["id"] for row in page(demo_db, entity="professional", limit=500).rows}
        assert first["id"] not in ids
        everything = page(demo_db, entity="professional", include_deleted=True, limit=1)
        assert everything.rows[0]["id"] == first["id"]
    finally:
        store.restore("professional", first["id"])


def test_page_size_is_capped_and_the_query_is_limited() -> None:
    query = page_query(ListRequest("installation_project", limit=10_000_000))
    compiled = query.compile(compile_kwargs={"literal_binds": True})
    assert f"LIMIT {MAX_PAGE_SIZE}" in str(compiled)


@pytest.mark.parametrize(
    "entity",
    [
        "professional",
        "aid_contract",
        "msp_project",
        "mcs",
        "solidarity_mission",
        "urgent_care_coverage",
    ],
)
def test_every_list_reads_a_page(demo_db: Database, entity: str) -> None:
    result = page(demo_db, entity=entity, limit=10)
    assert 0 < len(result.rows) <= 10
    assert result.total >= len(result.rows)


def test_a_record_s_journal_is_its_live_entries_latest_first(database: Database) -> None:
    """What a record page shows under "Journal" (the SQL moved out of the screen)."""
    from datetime import date

    from storage.queries.paged import journal_entries

    store = Store(database.engine, user="test", ars_code="REU")
    pro = store.create(
        "professional", {"last_name": "Hoarau", "first_name": "Léa", "profession": "medecin"}
    )
    other = store.create(
        "professional", {"last_name": "Payet", "first_name": "Marc", "profession": "medecin"}
    )

    def note(record_id: str, day: date, summary: str) -> str:
        values = {"event_date": day, "kind": "appel", "summary": summary}
        return store.create(
            "follow_up", {"entity": "professional", "entity_id": record_id, **values}
        )

    note(pro, date(2026, 1, 5), "premier appel")
    note(pro, date(2026, 3, 1), "rendez-vous")
    store.delete("follow_up", note(pro, date(2026, 4, 1), "saisi par erreur"))
    note(other, date(2026, 2, 1), "autre personne")
    with read_connection(database.engine) as connection:
        entries = journal_entries(connection, "professional", pro)
        assert journal_entries(connection, "professional", "no-such-id") == []
    assert [entry["summary"] for entry in entries] == ["rendez-vous", "premier appel"]
