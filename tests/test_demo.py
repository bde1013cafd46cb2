"""The demo generator (storage.demo): realistic, coherent, valid, deterministic, and never synced.

Most checks run on one small generation per ARS (N = 300) for La Réunion, Mayotte, the historical
Océan Indien and a metropolitan ARS (Bretagne), made once per module. The strongest one is that
every row written passes the application's own validation (:func:`validate_record`: types,
required fields, closed lists, RPPS/FINESS keys, references, date order, phone and email shape).
"""

from __future__ import annotations

import re
import shutil
import uuid
from collections import Counter, defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy import Connection, text
from sqlmodel import Session
from sqlmodel.sql.sqltypes import UTCDateTime
from stdnum import luhn

from storage import demo_base, identifiers, rules, validation, workflows
from storage.db import Database, open_database
from storage.demo import DemoSummary, generate_demo
from storage.demo_base import demo_data
from storage.demo_people import metropolitan_names
from storage.models import RECORD_TYPES, Professional
from storage.store import REFERENCE_DATE_FIELDS
from storage.text import search_key
from storage.validation import ValidationError

N = 300
TODAY = date(2026, 6, 15)
SPLIT = date(2020, 1, 1)


@dataclass
class Demo:
    ars: str
    database: Database
    summary: DemoSummary

    def rows(self, table: str) -> list[dict]:
        with self.database.engine.connect() as connection:
            return [
                dict(row) for row in connection.execute(text(f"SELECT * FROM {table}")).mappings()
            ]


def _copy_fresh(fresh: Path, folder: Path) -> Database:
    path = folder / "demo.db"
    shutil.copyfile(fresh, path)
    return open_database(path)


@pytest.fixture(scope="module", params=["REU", "MAY", "OI", "BRE"])
def demo(
    request: pytest.FixtureRequest,
    tmp_path_factory: pytest.TempPathFactory,
    fresh_database_file: Path,
) -> Iterator[Demo]:
    database = _copy_fresh(fresh_database_file, tmp_path_factory.mktemp(request.param))
    summary = generate_demo(database.engine, records=N, ars_code=request.param, today=TODAY)
    yield Demo(request.param, database, summary)
    database.dispose()


def _ars_departements(connection: Connection, ars: str) -> set[str]:
    rows = connection.execute(
        text("SELECT departement_code FROM ars_departement WHERE ars_code = :a"), {"a": ars}
    )
    return {code for (code,) in rows}


def _date_columns(table: str) -> list[str]:
    columns = sa.inspect(RECORD_TYPES[table]).columns  # type: ignore[union-attr]
    return [c.name for c in columns if isinstance(c.type, sa.Date)]


# --- Counts ----------------------------------------------------------------------------------


def test_counts_match_the_database_and_follow_the_ratios(demo: Demo) -> None:
    with demo.database.engine.connect() as connection:
        actual = {
            table: connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
            for table in RECORD_TYPES
        }
        communes = connection.execute(
            text(
                "SELECT count(*) FROM commune c JOIN ars_departement ad"
                " ON ad.departement_code = c.departement_code WHERE ad.ars_code = :a"
            ),
            {"a": demo.ars},
        ).scalar_one()
    counts = demo.summary.counts
    assert counts == actual
    assert counts["installation_project"] == N
    assert counts["professional"] == N + N // 20
    assert counts["msp_project"] == N // 50
    assert counts["mcs"] == N // 40
    assert counts["follow_up"] == N * 3 // 5 + N // 5
    assert counts["medical_assistant"] == N // 50
    assert counts["teleconsultation_booth"] == N // 100
    assert 0.25 * N <= counts["aid_contract"] <= 0.6 * N
    assert counts["zoning_order"] == 2
    assert counts["zoning_entry"] == 2 * communes
    assert counts["msp_site"] >= counts["msp_project"]
    assert counts["mcs_commune"] >= counts["mcs"]
    if demo.ars in ("OI", "REU", "MAY"):  # zones prioritaires: metropolitan, from 2025
        assert counts["priority_zone"] == counts["solidarity_mission"] == 0
    else:
        assert counts["priority_zone"] >= 1
        assert counts["solidarity_mission"] == N // 25
    # Regional objectives are the ARS's own: the demo never makes one up.
    assert counts["regional_objective"] == 0
    never = {"priority_zone", "solidarity_mission", "regional_objective"}
    empty = {t for t, c in counts.items() if c == 0} - never
    assert not empty


# --- Validity --------------------------------------------------------------------------------


def test_every_row_passes_the_application_validation(demo: Demo) -> None:
    problems: Counter[tuple[str, str | None]] = Counter()
    with demo.database.engine.connect() as connection:
        for table in RECORD_TYPES:
            for row in connection.execute(text(f"SELECT * FROM {table}")).mappings():
                try:
                    validation.validate_record(table, dict(row), connection)
                except ValidationError as error:
                    problems.update((table, e.field) for e in error.errors)
    assert not problems


def test_statuses_are_states_of_the_workflow_with_their_required_fields(demo: Demo) -> None:
    for table in RECORD_TYPES:
        if not workflows.has_workflow(table):
            continue
        for row in demo.rows(table):
            flow = workflows.workflow_for(table, row)
            assert row["status"] in flow.states, (table, row["status"])
            for needed in flow.states[row["status"]].requires:
                assert row[needed] is not None, (table, row["status"], needed)


def test_rpps_are_valid_unique_and_missing_only_for_students(demo: Demo) -> None:
    rows = demo.rows("professional")
    numbers = [row["rpps"] for row in rows if row["rpps"] is not None]
    assert len(numbers) == len(set(numbers))
    for number in numbers:
        assert identifiers.check_rpps(number) == number
        assert number.startswith("10") and luhn.is_valid(number)
    assert all(row["situation"] == "etudiant" for row in rows if row["rpps"] is None)


def test_every_commune_belongs_to_the_ars(demo: Demo) -> None:
    with demo.database.engine.connect() as connection:
        allowed = _ars_departements(connection, demo.ars)
        checked = 0
        for table, model in RECORD_TYPES.items():
            if "commune_code" not in model.model_fields:
                continue
            rows = connection.execute(
                text(
                    f"SELECT c.departement_code FROM {table} t"
                    " JOIN commune c ON c.code = t.commune_code"
                )
            ).all()
            assert {dep for (dep,) in rows} <= allowed, table
            checked += len(rows)
    assert checked > N


def test_records_belong_to_the_ars_of_their_commune_on_their_date(demo: Demo) -> None:
    """The store's rule (REU/MAY from 2020, OI before): the demo ARS is the one it would pick."""
    for table, date_field in REFERENCE_DATE_FIELDS.items():
        for row in demo.rows(table):
            if row["commune_code"] and row[date_field]:
                on = date.fromisoformat(row[date_field])
                assert rules.ars_of_commune(row["commune_code"], on) == demo.ars, (table, on)


def test_dates_lie_in_the_period_of_the_ars(demo: Demo) -> None:
    for table in RECORD_TYPES:
        # A contract's or an item's end is computed forward from a start inside the period.
        columns = [c for c in _date_columns(table) if c not in ("end_date", "expiry_date")]
        for row in demo.rows(table):
            for column in columns:
                if row[column] is None:
                    continue
                day = date.fromisoformat(row[column])
                if demo.ars == "OI":
                    assert date(2012, 1, 1) <= day < SPLIT, (table, column, day)
                elif demo.ars in ("REU", "MAY"):
                    assert day >= SPLIT, (table, column, day)
                else:
                    assert day >= date(2014, 1, 1), (table, column, day)


def test_dates_are_coherent(demo: Demo) -> None:
    checks = {
        "installation before first contact": "SELECT count(*) FROM installation_project"
        " WHERE installation_date < first_contact_date",
        "planned before first contact": "SELECT count(*) FROM installation_project"
        " WHERE planned_installation_date < first_contact_date",
        "due before first contact": "SELECT count(*) FROM installation_project"
        " WHERE next_action_due < first_contact_date",
        "contract ends before it starts": "SELECT count(*) FROM aid_contract"
        " WHERE end_date <= start_date",
        "aid starts before the project": "SELECT count(*) FROM aid_contract a"
        " JOIN installation_project p ON p.id = a.installation_project_id"
        " WHERE a.start_date < p.first_contact_date",
        "ACI before opening": "SELECT count(*) FROM msp_project"
        " WHERE aci_signed_date < opening_date",
        "mission days": "SELECT count(*) FROM solidarity_mission"
        " WHERE julianday(end_date) - julianday(start_date) + 1 != days OR days NOT IN (1, 2)",
        "expiry not after hand-over": "SELECT count(*) FROM mcs_equipment"
        " WHERE expiry_date <= handed_over_date",
        "refresher before initial training": "SELECT count(*) FROM mcs_training r"
        " JOIN mcs_training i ON i.mcs_id = r.mcs_id AND i.kind = 'initiale'"
        " WHERE r.kind = 'recyclage' AND r.training_date <= i.training_date",
    }
    with demo.database.engine.connect() as connection:
        found = {name: connection.execute(text(sql)).scalar_one() for name, sql in checks.items()}
        installed = connection.execute(
            text("SELECT count(*) FROM installation_project WHERE installation_date IS NOT NULL")
        ).scalar_one()
    assert found == dict.fromkeys(checks, 0)
    assert installed > 0


def test_zonage_two_arretes_covering_every_commune_and_project_classes(demo: Demo) -> None:
    orders = sorted(demo.rows("zoning_order"), key=lambda o: o["effective_date"])
    older, newer = orders
    assert date.fromisoformat(older["end_date"]) == date.fromisoformat(
        newer["effective_date"]
    ) - timedelta(days=1)
    entries = demo.rows("zoning_entry")
    by_order = defaultdict(set)
    for entry in entries:
        by_order[entry["order_id"]].add(entry["commune_code"])
    assert by_order[older["id"]] == by_order[newer["id"]]
    assert {e["zone_class"] for e in entries} <= {"ZIP", "ZAC", "ZV", "HZ"}
    with demo.database.engine.connect() as connection:
        assert (
            len(by_order[older["id"]])
            == connection.execute(
                text(
                    "SELECT count(*) FROM commune c JOIN ars_departement ad"
                    " ON ad.departement_code = c.departement_code WHERE ad.ars_code = :a"
                ),
                {"a": demo.ars},
            ).scalar_one()
        )
        for project in demo.rows("installation_project"):
            on = date.fromisoformat(project["first_contact_date"])
            expected = rules.zoning_class_on(connection, project["commune_code"], on)
            assert project["zoning_class"] == expected


def test_coverage_never_exceeds_the_population(demo: Demo) -> None:
    with demo.database.engine.connect() as connection:
        rows = connection.execute(
            text(
                "SELECT u.population_beyond_30min, u.population_covered_by_mcs, c.population"
                " FROM urgent_care_coverage u JOIN commune c ON c.code = u.commune_code"
            )
        ).all()
    assert rows
    for beyond, covered, population in rows:
        assert 0 <= covered <= beyond <= population


# --- Places, names, phones -------------------------------------------------------------------


def test_localites_where_they_exist_and_only_there(demo: Demo) -> None:
    known = demo_data("localites")["communes"]
    used = []
    for table in ("installation_project", "msp_site", "mcs_commune", "urgent_care_coverage",
                  "teleconsultation_booth", "mcs_intervention"):  # fmt: skip
        for row in demo.rows(table):
            if row["localite"] is not None:
                spec = known[row["commune_code"]]
                assert row["localite"] in spec.get("localites", []) + spec.get("remote", [])
                used.append(row["localite"])
    if demo.ars == "BRE":
        assert not used
    else:
        assert len(set(used)) >= 5


def test_localite_file_names_real_communes_of_the_overseas_ars(database: Database) -> None:
    communes = demo_data("localites")["communes"]
    with database.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT code, departement_code FROM commune WHERE code IN :codes").bindparams(
                sa.bindparam("codes", expanding=True)
            ),
            {"codes": list(communes)},
        ).all()
    assert {code for code, _ in rows} == set(communes)
    assert {dep for _, dep in rows} == {"973", "974", "976"}

    def places(code: str) -> list[str]:
        return communes[code].get("localites", []) + communes[code].get("remote", [])

    assert "Dos d'Âne" in places("97408")
    assert "Hell-Bourg" in places("97421") and "Grand Îlet" in places("97421")
    assert "Îlet à Cordes" in places("97424") and "Grand Coude" in places("97412")
    assert any("Marla" in p for p in places("97415")) and any(
        "Aurère" in p for p in places("97408")
    )
    assert any("Dzoumogné" in p for p in places("97602")) and any(
        "Kahani" in p for p in places("97614")
    )
    assert any("Jacaranda" in p for p in places("97611"))
    assert any("Trois-Sauts" in p for p in places("97356")) and any(
        "Saül" in p for p in places("97352")
    )


PHONES = {
    "REU": r"\+262 (262|692|693) \d\d \d\d \d\d",
    "MAY": r"\+262 (269|639) \d\d \d\d \d\d",
    "OI": r"\+262 (262|692|693|269|639) \d\d \d\d \d\d",
    "BRE": r"0[267] \d\d \d\d \d\d \d\d",
}


def test_phones_are_in_the_territory_format_and_names_french(demo: Demo) -> None:
    rows = demo.rows("professional")
    phones = [row["phone"] for row in rows if row["phone"]]
    assert phones
    assert all(re.fullmatch(PHONES[demo.ars], phone) for phone in phones)
    last_names = {row["last_name"] for row in rows}
    faker_names = set(metropolitan_names().last)
    local = set()
    for departement in ("974", "976"):
        local |= set(demo_data("content")["names"][departement]["last_names"])
    if demo.ars == "BRE":
        assert last_names <= faker_names
    else:
        assert last_names <= faker_names | local
        assert last_names & local and last_names & faker_names
    assert all("@" in row["email"] for row in rows if row["email"])


def test_a_bigger_demo_has_a_believable_mix(database: Database) -> None:
    """N = 3,000 in Bretagne: what the dashboard must be able to show is there."""
    generate_demo(database.engine, records=3000, ars_code="BRE", today=TODAY)
    with database.engine.connect() as connection:

        def scalar(sql: str) -> int:
            return connection.execute(text(sql)).scalar_one()

        statuses = Counter(
            dict(
                connection.execute(
                    text("SELECT status, count(*) FROM installation_project GROUP BY status")
                ).all()
            )
        )
        overdue = scalar(
            "SELECT count(*) FROM installation_project WHERE next_action_due < '2026-06-15'"
        )
        upcoming = scalar(
            "SELECT count(*) FROM installation_project WHERE next_action_due >= '2026-06-15'"
        )
        multi_site = scalar(
            "SELECT count(*) FROM (SELECT msp_id FROM msp_site GROUP BY msp_id HAVING count(*) > 1)"
        )
        qpv = scalar("SELECT count(*) FROM msp_site WHERE qpv")
        empty_posts = scalar(
            "SELECT count(DISTINCT p.id) FROM msp_project p JOIN msp_staffing s ON s.msp_id = p.id"
            " WHERE p.opening_date IS NOT NULL AND s.present < s.planned"
        )
        refreshers = connection.execute(
            text(
                "SELECT m.id, max(t.training_date) FROM mcs m JOIN mcs_training t"
                " ON t.mcs_id = m.id WHERE m.status = 'actif' GROUP BY m.id"
            )
        ).all()
    assert statuses.most_common(1)[0][0] == "en_accompagnement"
    total = sum(statuses.values())
    assert statuses["installe"] + statuses["suivi_post_installation"] > 0.15 * total
    assert 0.05 * total < statuses["abandonne"] < 0.25 * total
    assert overdue > 0 and upcoming > 0
    assert multi_site > 0 and qpv > 0 and empty_posts > 0
    lapsed = [day for _, day in refreshers if date.fromisoformat(day) < TODAY - timedelta(365)]
    assert 0 < len(lapsed) < len(refreshers)


# --- Metadata, sync, settings ----------------------------------------------------------------


def test_metadata_of_demo_rows(demo: Demo) -> None:
    stamps = set()
    for table in RECORD_TYPES:
        for row in demo.rows(table):
            assert row["ars_code"] == demo.ars
            assert (row["version"], row["updated_by"], row["deleted"]) == (0, "démo", 0)
            assert uuid.UUID(row["id"]).version == 7
            stamps.add(row["updated_at"])
    assert len(stamps) == 1


def test_updated_at_is_written_as_sqlalchemy_writes_it(demo: Demo) -> None:
    professional = demo.rows("professional")[0]
    with Session(demo.database.engine) as session:
        read = session.get(Professional, professional["id"])
        assert read is not None
        assert read.updated_at.tzinfo is not None
        assert abs(datetime.now(UTC) - read.updated_at) < timedelta(hours=1)
        # What SQLAlchemy itself would store for that value: the same text.
        value = sa.bindparam("value", read.updated_at, type_=UTCDateTime())
        stored = session.connection().execute(sa.select(sa.cast(value, sa.Text))).scalar_one()
    assert stored == professional["updated_at"]


def test_search_keys(demo: Demo) -> None:
    for row in demo.rows("professional"):
        assert row["search_key"] == search_key(row["last_name"], row["first_name"], row["rpps"])
    for row in demo.rows("msp_project"):
        assert row["search_key"] == search_key(row["name"], row["sponsor_name"])
    for row in demo.rows("installation_project"):
        assert row["search_key"] == search_key(row["localite"], row["referent"])


def test_no_outbox_no_history_and_the_demo_flag(demo: Demo) -> None:
    with demo.database.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM outbox_op")).scalar_one() == 0
        assert connection.execute(text("SELECT count(*) FROM history_entry")).scalar_one() == 0
        settings = dict(connection.execute(text("SELECT key, value FROM local_setting")).all())
    assert settings["demo"] == "1"
    assert settings["demo_ars"] == demo.ars


# --- Runs ------------------------------------------------------------------------------------


def _snapshot(database: Database) -> dict[str, list[tuple]]:
    """Every record, ids replaced by (table, rank in creation order), ``updated_at`` left out."""
    names: dict[str, str] = {}
    tables: dict[str, list[dict]] = {}
    with database.engine.connect() as connection:
        for table in RECORD_TYPES:
            rows = connection.execute(text(f"SELECT * FROM {table} ORDER BY id")).mappings().all()
            names.update((row["id"], f"{table}#{rank}") for rank, row in enumerate(rows))
            tables[table] = [dict(row) for row in rows]
    return {
        table: [
            tuple(names.get(v, v) for k, v in row.items() if k not in ("id", "updated_at"))
            for row in rows
        ]
        for table, rows in tables.items()
    }


def test_same_seed_same_records_other_seed_other_records(
    tmp_path: Path, fresh_database_file: Path
) -> None:
    snapshots = []
    for number, seed in enumerate((7, 7, 8)):
        folder = tmp_path / str(number)
        folder.mkdir()
        database = _copy_fresh(fresh_database_file, folder)
        generate_demo(database.engine, records=200, ars_code="MAY", seed=seed, today=TODAY)
        snapshots.append(_snapshot(database))
        database.dispose()
    assert snapshots[0] == snapshots[1]
    assert snapshots[0]["professional"] != snapshots[2]["professional"]


def test_a_second_run_adds_records_and_reuses_zonage_and_zones(database: Database) -> None:
    first = generate_demo(database.engine, records=N, ars_code="reu", today=TODAY)
    second = generate_demo(database.engine, records=N, ars_code="REU", today=TODAY)
    assert second.counts["installation_project"] == N
    assert second.counts["zoning_order"] == second.counts["priority_zone"] == 0
    with database.engine.connect() as connection:

        def count(sql: str) -> int:
            return connection.execute(text(sql)).scalar_one()

        assert count("SELECT count(*) FROM installation_project") == 2 * N
        assert count("SELECT count(*) FROM zoning_order") == first.counts["zoning_order"] == 2
        assert count("SELECT count(DISTINCT rpps) FROM professional") == count(
            "SELECT count(rpps) FROM professional"
        )
        missions_zones = count("SELECT count(DISTINCT priority_zone_id) FROM solidarity_mission")
    assert missions_zones == first.counts["priority_zone"]


def test_unknown_ars_or_no_record_is_refused_and_nothing_written(database: Database) -> None:
    with pytest.raises(ValidationError) as refused:
        generate_demo(database.engine, records=10, ars_code="XYZ")
    assert refused.value.fields == {"ars_code"}
    message = str(refused.value)
    assert "XYZ" in message and all(code in message for code in ("ARA", "MAY", "OI", "REU"))
    with pytest.raises(ValidationError) as refused:
        generate_demo(database.engine, records=0, ars_code="REU")
    assert refused.value.fields == {"records"}
    with pytest.raises(ValidationError) as refused:
        generate_demo(database.engine, records=-5, ars_code="??")
    assert refused.value.fields == {"records", "ars_code"}
    with database.engine.connect() as connection:
        for table in RECORD_TYPES:
            assert connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one() == 0
        keys = {key for (key,) in connection.execute(text("SELECT key FROM local_setting"))}
    assert not keys & {"demo", "demo_ars"}


def test_a_database_with_real_records_gets_no_demo_data(database: Database) -> None:
    from storage.store import Store

    store = Store(database.engine, user="c.payet", ars_code="REU")
    store.create("professional", {"last_name": "Hoarau", "first_name": "Élodie"})
    with pytest.raises(ValidationError) as refused:
        generate_demo(database.engine, records=10, ars_code="REU")
    assert refused.value.fields == {"db"}
    assert "démonstration" in str(refused.value)
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT count(*) FROM professional")).scalar_one() == 1
        assert connection.execute(text("SELECT count(*) FROM msp_project")).scalar_one() == 0


def test_a_demo_database_edited_by_hand_still_takes_more_demo_data(database: Database) -> None:
    from storage.store import Store

    generate_demo(database.engine, records=20, ars_code="REU")
    Store(database.engine, user="c.payet", ars_code="REU").create(
        "professional", {"last_name": "Hoarau", "first_name": "Élodie"}
    )
    generate_demo(database.engine, records=20, ars_code="REU", seed=3)
    with database.engine.connect() as connection:
        projects = connection.execute(text("SELECT count(*) FROM installation_project"))
        assert projects.scalar_one() == 40


def _indexes(database: Database) -> set[tuple]:
    with database.engine.connect() as connection:
        return set(
            connection.execute(
                text("SELECT name, tbl_name, sql FROM sqlite_master WHERE type = 'index'")
            ).all()
        )


def test_bulk_index_rebuild_leaves_the_schema_as_it_was(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Large generations drop and remake the big tables' indexes: same indexes afterwards."""
    before = _indexes(database)
    monkeypatch.setattr(demo_base, "REBUILD_INDEXES_FROM", 0)
    generate_demo(database.engine, records=N, ars_code="GUY", today=TODAY)  # rebuilt
    generate_demo(database.engine, records=N // 3, ars_code="GUY", today=TODAY)  # kept
    assert _indexes(database) == before
    with database.engine.connect() as connection:
        assert connection.execute(text("PRAGMA integrity_check")).scalar_one() == "ok"
        assert connection.execute(text("PRAGMA foreign_key_check")).all() == []
