"""Aides et contrats: computed ends (Python and SQL agree), running contracts, ending soon."""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from storage.db import Database, read_connection
from storage.models import AidContract
from storage.queries.contracts import (
    ENDING_SOON_MONTHS,
    contract_counts,
    contract_end,
    contract_end_sql,
    contracts_ending,
    is_running,
    record_end,
)
from storage.records.contract_rules import COMPUTED_KINDS, in_force_on
from storage.records.rules import add_months, cesp_commitment_end
from storage.records.store import Store
from tests.support.query_demo import TODAY


def test_cesp_end_is_start_of_practice_plus_months_paid_never_less_than_24() -> None:
    """docs/DOMAIN.md: "End of commitment = start + max(24, months paid)", the start being the start
    of practice in the chosen place (issue 12), not the signature or the allowance."""
    allowance = date(2019, 9, 1)
    practice = date(2024, 1, 31)

    def end(months: int | None, start_of_practice: date | None = practice) -> date | None:
        return contract_end(
            "cesp",
            "engagement_en_cours",
            allowance,
            months_paid=months,
            practice_start=start_of_practice,
        )

    assert end(13) == date(2026, 1, 31)
    assert end(30) == date(2026, 7, 31)
    assert end(None) == date(2026, 1, 31)
    # Not yet practising in the chosen place: no end, whatever the allowance dates.
    assert end(30, None) is None


def test_ptmg_lasts_a_year_two_once_renewed_and_cde_three() -> None:
    start = date(2025, 8, 31)
    assert contract_end("ptmg", "en_cours", start) == date(2026, 8, 31)
    assert contract_end("ptmg", "renouvele", start) == date(2027, 8, 31)
    # Finished after a renewal: the end typed past the first year tells it.
    assert contract_end("ptmg", "termine", start, end_date=date(2027, 8, 31)) == date(2027, 8, 31)
    assert contract_end("cde", "en_cours", date(2024, 2, 29)) == date(2027, 2, 28)


def test_other_aids_keep_the_end_typed() -> None:
    typed = date(2030, 1, 1)
    assert contract_end("assurance_maladie", "versee", date(2025, 1, 1), end_date=typed) == typed
    assert contract_end("collectivite", "versee", date(2025, 1, 1)) is None


def test_record_end_reads_a_store_record() -> None:
    record = {
        "kind": "cesp",
        "status": "engagement_en_cours",
        "start_date": date(2020, 9, 1),
        "practice_start_date": date(2025, 3, 1),
        "months_paid": 36,
    }
    assert record_end(record) == date(2028, 3, 1)


def test_running_states() -> None:
    assert is_running("cesp", "engagement_en_cours")
    assert not is_running("cesp", "engagement_accompli")
    assert is_running("ptmg", "renouvele") and not is_running("cde", "rompu")
    assert not is_running("assurance_maladie", "accordee")


@settings(max_examples=200, deadline=None)
@given(
    start=st.dates(min_value=date(2000, 1, 1), max_value=date(2060, 12, 31)),
    kind=st.sampled_from(["cesp", "ptmg", "cde", "collectivite"]),
    status=st.sampled_from(["en_cours", "renouvele", "termine", "engagement_en_cours"]),
    months_paid=st.one_of(st.none(), st.integers(0, 120)),
    typed_end=st.one_of(st.none(), st.dates(min_value=date(2000, 1, 1))),
)
def test_sql_end_equals_python_end(
    start: date, kind: str, status: str, months_paid: int | None, typed_end: date | None
) -> None:
    """The SQL form (lists sort and filter on it) clips month ends exactly like the rules."""
    practice = add_months(start, 60)
    values = sa.select(
        sa.literal(kind).label("kind"),
        sa.literal(status).label("status"),
        sa.literal(start, sa.Date).label("start_date"),
        sa.literal(months_paid, sa.Integer).label("months_paid"),
        sa.literal(typed_end, sa.Date).label("end_date"),
        sa.literal(practice, sa.Date).label("practice_start_date"),
    ).subquery("t")
    engine = _memory_engine()
    with engine.connect() as connection:
        got = connection.execute(sa.select(contract_end_sql(values))).scalar_one()
    expected = contract_end(
        kind,
        status,
        start,
        months_paid=months_paid,
        end_date=typed_end,
        practice_start=practice,
    )
    assert got == expected


_ENGINE: sa.Engine | None = None


def _memory_engine() -> sa.Engine:
    global _ENGINE
    if _ENGINE is None:
        _ENGINE = sa.create_engine("sqlite://")
    return _ENGINE


def test_every_demo_contract_gets_the_same_end_in_sql_and_python(demo_db: Database) -> None:
    aid = AidContract.__table__
    with read_connection(demo_db.engine) as connection:
        rows = connection.execute(sa.select(aid, contract_end_sql().label("computed"))).mappings()
        rows = list(rows)
    assert len(rows) > 500
    for row in rows:
        assert row["computed"] == record_end(dict(row))
    # The demo typed the rule's end on the contracts that started: they agree.
    cesp = [r for r in rows if r["kind"] == "cesp" and r["practice_start_date"] is not None]
    assert cesp and all(
        r["computed"]
        == cesp_commitment_end(r["practice_start_date"], r["months_paid"])
        == r["end_date"]
        for r in cesp
    )


def test_counts_and_ending_soon_match_a_count_in_python(demo_db: Database) -> None:
    aid = AidContract.__table__
    with read_connection(demo_db.engine) as connection:
        rows = [dict(r) for r in connection.execute(sa.select(aid)).mappings()]
        counts = contract_counts(connection, TODAY)
        ending = contracts_ending(connection, TODAY, limit=10_000)
    horizon = add_months(TODAY, ENDING_SOON_MONTHS)
    running = [
        r
        for r in rows
        if not r["deleted"]
        and is_running(r["kind"], r["status"])
        and in_force_on(r["start_date"], record_end(r), TODAY)
    ]
    soon = [r for r in running if (end := record_end(r)) is not None and TODAY <= end <= horizon]
    for kind in COMPUTED_KINDS:
        assert counts.running[kind] == sum(r["kind"] == kind for r in running)
        assert counts.ending_soon[kind] == sum(r["kind"] == kind for r in soon)
    assert counts.total_running > counts.total_ending_soon > 0
    assert {c.id for c in ending} == {r["id"] for r in soon}
    ends = [c.end for c in ending]
    assert ends == sorted(ends) and ends[0] >= TODAY and ends[-1] <= horizon


def test_a_cesp_saved_in_the_store_shows_up_ending_soon(database: Database) -> None:
    store = Store(database.engine, user="test", ars_code="REU")
    pro = store.create("professional", {"last_name": "Grondin", "first_name": "Léa"})
    # 24 months minimum: practising since 20/06/2024 with 12 months paid -> ends 20/06/2026.
    contract = store.create(
        "aid_contract",
        {
            "professional_id": pro,
            "kind": "cesp",
            "status": "engagement_en_cours",
            "start_date": "01/09/2019",
            "practice_start_date": "20/06/2024",
            "months_paid": "12",
        },
    )
    with read_connection(database.engine) as connection:
        ending = contracts_ending(connection, TODAY)
        assert [(c.id, c.end, c.professional_name) for c in ending] == [
            (contract, date(2026, 6, 20), "Grondin Léa")
        ]
        assert contract_counts(connection, TODAY).ending_soon["cesp"] == 1
        # Six months later it is over: not ending soon any more.
        assert contracts_ending(connection, date(2026, 6, 21)) == []
        assert contract_counts(connection, TODAY, ars_code="ARA").total_running == 0
    store.delete("aid_contract", contract)
    with read_connection(database.engine) as connection:
        assert contracts_ending(connection, TODAY) == []


def test_the_list_sorts_on_the_computed_end_and_pages_the_ending_soon(demo_db: Database) -> None:
    from storage.queries.contracts import ending_soon_conditions
    from storage.queries.paged import ListRequest, list_page, list_page_where

    with read_connection(demo_db.engine) as connection:
        listed = list_page(
            connection,
            ListRequest("aid_contract", filters={"kind": "cesp"}, sort="commitment_end", limit=500),
        )
        soon = list_page_where(
            connection,
            ListRequest("aid_contract", sort="commitment_end", limit=5),
            ending_soon_conditions(TODAY),
        )
        counts = contract_counts(connection, TODAY)
        store = Store(demo_db.engine, user="test")
        for row in listed.rows[:20]:
            assert row["commitment_end"] == record_end(store.get("aid_contract", row["id"]))
    ends = [row["commitment_end"] for row in listed.rows if row["commitment_end"] is not None]
    assert ends == sorted(ends) and len(ends) > 10
    assert soon.total == counts.total_ending_soon
    assert len(soon.rows) == min(5, soon.total)
    assert all(row["commitment_end"] >= TODAY for row in soon.rows)
