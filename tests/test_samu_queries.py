"""SAMU / MCS: the MCS's page, who is due for the yearly refresher, coverage per territory."""

from __future__ import annotations

from collections import defaultdict
from datetime import date

import pytest
import sqlalchemy as sa

from storage.db import Database, read_connection
from storage.models import Commune, Mcs, McsCommune, McsTraining, UrgentCareCoverage
from storage.queries.samu import (
    coverage_by_territory,
    is_refresher_due,
    mcs_detail,
    mcs_due_for_refresher,
    refresher_due_date,
)
from storage.records.store import Store
from tests.support.query_demo import TODAY, all_rows


def _last_trainings(database: Database) -> dict[str, date]:
    last: dict[str, date] = {}
    for t in all_rows(database, McsTraining):
        if not t["deleted"]:
            last[t["mcs_id"]] = max(last.get(t["mcs_id"], t["training_date"]), t["training_date"])
    return last


def test_refresher_is_due_twelve_months_after_the_last_training() -> None:
    assert refresher_due_date(date(2025, 3, 14)) == date(2026, 3, 14)
    assert is_refresher_due(date(2025, 3, 14), TODAY)
    assert not is_refresher_due(date(2025, 3, 15), TODAY)
    assert is_refresher_due(None, TODAY)  # never trained


def test_mcs_due_are_the_active_ones_without_a_training_for_a_year(demo_db: Database) -> None:
    last = _last_trainings(demo_db)
    expected = {
        m["id"]
        for m in all_rows(demo_db, Mcs)
        if m["status"] == "actif"
        and not m["deleted"]
        and is_refresher_due(last.get(m["id"]), TODAY)
    }
    with read_connection(demo_db.engine) as connection:
        due = mcs_due_for_refresher(connection, TODAY)
    assert expected and {m.id for m in due} == expected
    assert all(m.due_since is None or m.due_since < TODAY for m in due)


def test_mcs_detail_lists_trainings_equipment_communes(demo_db: Database) -> None:
    with read_connection(demo_db.engine) as connection:
        [mcs_id] = connection.execute(
            sa.text(
                "SELECT id FROM mcs WHERE status = 'actif' AND"
                " (SELECT COUNT(*) FROM mcs_training t WHERE t.mcs_id = mcs.id) >= 2"
                " ORDER BY id LIMIT 1"
            )
        ).scalars()
        detail = mcs_detail(connection, mcs_id)
    assert detail.trainings[-1].kind == "initiale"
    assert detail.trainings[0].kind == "recyclage"
    last = _last_trainings(demo_db)[mcs_id]
    assert detail.last_training == detail.trainings[0].training_date == last
    assert len(detail.equipment) >= 2 and detail.communes
    dates = [i.intervention_date for i in detail.interventions]
    assert dates == sorted(dates, reverse=True)


def _latest_measures(database: Database, on: date) -> list[dict]:
    latest: dict[tuple[str, str | None], dict] = {}
    for m in all_rows(database, UrgentCareCoverage):
        place = (m["commune_code"], m["localite"])
        newer = place not in latest or m["as_of"] > latest[place]["as_of"]
        if not m["deleted"] and m["as_of"] <= on and newer:
            latest[place] = m
    return list(latest.values())


def test_coverage_per_commune_and_departement_adds_up_the_latest_measures(
    demo_db: Database,
) -> None:
    departement_of = {c["code"]: c["departement_code"] for c in _all_communes(demo_db)}
    measures = _latest_measures(demo_db, TODAY)
    beyond: dict[str, int] = defaultdict(int)
    covered: dict[str, int] = defaultdict(int)
    for m in measures:
        beyond[m["commune_code"]] += m["population_beyond_30min"]
        covered[m["commune_code"]] += m["population_covered_by_mcs"]
    with read_connection(demo_db.engine) as connection:
        communes = {r.code: r for r in coverage_by_territory(connection, "commune", today=TODAY)}
        departements = coverage_by_territory(connection, "departement", today=TODAY)
        [ars] = coverage_by_territory(connection, "ars", today=TODAY)
    for code, total in beyond.items():
        assert communes[code].population_beyond_30min == total
        assert communes[code].population_covered_by_mcs == covered[code]
        assert communes[code].still_beyond == max(total - covered[code], 0)
    assert {departement_of[c] for c in beyond} == {d.code for d in departements} == {"974"}
    assert departements[0].name == "La Réunion"
    assert ars.code == "REU" and ars.population_beyond_30min == sum(beyond.values()) > 0
    assert ars.places == len(measures)
    # Most population still beyond 30 minutes first.
    still = [r.still_beyond for r in communes.values()]
    assert still == sorted(still, reverse=True)


def _all_communes(database: Database) -> list[dict]:
    with read_connection(database.engine) as connection:
        return [
            dict(r)
            for r in connection.execute(
                sa.select(Commune.__table__.c.code, Commune.__table__.c.departement_code).where(
                    Commune.__table__.c.departement_code == "974"
                )
            ).mappings()
        ]


def test_active_mcs_are_counted_once_per_territory(demo_db: Database) -> None:
    active = {
        m["id"] for m in all_rows(demo_db, Mcs) if m["status"] == "actif" and not m["deleted"]
    }
    last = _last_trainings(demo_db)
    served: dict[str, set[str]] = defaultdict(set)
    for line in all_rows(demo_db, McsCommune):
        if line["mcs_id"] in active and not line["deleted"]:
            served[line["commune_code"]].add(line["mcs_id"])
    with read_connection(demo_db.engine) as connection:
        communes = {r.code: r for r in coverage_by_territory(connection, "commune", today=TODAY)}
        [ars] = coverage_by_territory(connection, "ars", today=TODAY)
    for code, ids in served.items():
        assert communes[code].active_mcs == len(ids)
        assert communes[code].mcs_due == sum(is_refresher_due(last.get(i), TODAY) for i in ids)
    everyone = set().union(*served.values())
    assert ars.active_mcs == len(everyone) < sum(len(ids) for ids in served.values())


def test_an_older_date_reads_the_older_measures(database: Database) -> None:
    store = Store(database.engine, user="test", ars_code="REU")
    for as_of, beyond, covered in (("01/01/2024", 300, 0), ("01/01/2025", 250, 200)):
        store.create(
            "urgent_care_coverage",
            {
                "commune_code": "97411",
                "localite": "Îlet à Guillaume",
                "as_of": as_of,
                "population_beyond_30min": beyond,
                "population_covered_by_mcs": covered,
            },
        )
    with read_connection(database.engine) as connection:
        [now] = coverage_by_territory(connection, "commune", today=TODAY)
        [then] = coverage_by_territory(connection, "commune", today=TODAY, on=date(2024, 6, 1))
        assert coverage_by_territory(connection, "commune", today=TODAY, within="976") == []
    assert (now.name, now.population_beyond_30min, now.still_beyond) == ("Saint-Denis", 250, 50)
    assert (then.population_beyond_30min, then.still_beyond) == (300, 300)
    with pytest.raises(ValueError), read_connection(database.engine) as connection:
        coverage_by_territory(connection, "epci", today=TODAY)  # type: ignore[arg-type]


def test_the_mcs_list_shows_the_last_training(demo_db: Database) -> None:
    from storage.queries.paged import ListRequest, list_page

    last = _last_trainings(demo_db)
    with read_connection(demo_db.engine) as connection:
        page = list_page(connection, ListRequest("mcs", sort="last_training", limit=500))
    assert page.total == len(page.rows) > 10
    for row in page.rows:
        assert row["last_training"] == last.get(row["id"])
