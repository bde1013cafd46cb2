"""Schema migrations: a database written at the first migration opens in this version intact."""

from __future__ import annotations

from pathlib import Path

from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import inspect, text
from sqlmodel import SQLModel

import storage.models  # noqa: F401  (registers the tables)
from storage.db import make_engine, write_transaction
from storage.migrations import HEAD_REVISION, current_revision, head_revision, upgrade_to_head

FIRST_REVISION = "0001"
NOW = "2025-06-01 08:00:00.000000"


def _fill_first_revision(connection) -> None:
    """Rows as version 0001 of the app wrote them: reference rows, records, an unsynced op."""
    statements = [
        "INSERT INTO region (code, name) VALUES ('04', 'La Réunion')",
        "INSERT INTO departement (code, name, region_code, kind)"
        " VALUES ('974', 'La Réunion', '04', 'departement')",
        "INSERT INTO ars (code, name, region_code, active_from)"
        " VALUES ('REU', 'ARS La Réunion', '04', '2020-01-01')",
        "INSERT INTO commune (code, name, departement_code, region_code, population)"
        " VALUES ('97408', 'La Possession', '974', '04', 33773)",
        "INSERT INTO professional (id, ars_code, version, updated_at, updated_by, deleted,"
        " last_name, first_name, rpps, profession, situation)"
        f" VALUES ('p1', 'REU', 3, '{NOW}', 'c.payet', 0, 'Hoarau', 'Élodie', '10003456786',"
        " 'medecin', 'remplacant')",
        "INSERT INTO installation_project (id, ars_code, version, updated_at, updated_by, deleted,"
        " professional_id, commune_code, localite, practice_mode, status, first_contact_date)"
        f" VALUES ('i1', 'REU', 0, '{NOW}', 'c.payet', 0, 'p1', '97408', 'Dos d''Âne',"
        " 'msp', 'en_accompagnement', '2025-05-12')",
        "INSERT INTO msp_project (id, ars_code, version, updated_at, updated_by, deleted, name,"
        " sponsor_kind, sponsor_name, status)"
        f" VALUES ('m1', 'REU', 1, '{NOW}', 'c.payet', 0, 'MSP des Hauts de l''Ouest', 'sisa',"
        " 'SISA Hauts de l''Ouest', 'travaux')",
        "INSERT INTO outbox_op (op_id, seq, entity, entity_id, kind, fields, base, base_version,"
        " ars_code, client_time, user, state)"
        " VALUES ('op1', 1, 'installation_project', 'i1', 'update',"
        f" '{{\"localite\":\"Dos d''Âne\"}}', '{{\"localite\":null}}', 0, 'REU', '{NOW}',"
        " 'c.payet', 'pending')",
        "INSERT INTO history_entry (entity, entity_id, op_id, at, user, field, old_value,"
        f" new_value) VALUES ('installation_project', 'i1', 'op1', '{NOW}', 'c.payet',"
        " 'localite', NULL, '\"Dos d''Âne\"')",
    ]
    for statement in statements:
        connection.exec_driver_sql(statement)


def _dump(connection, table: str, columns: str) -> list[tuple]:
    return [tuple(row) for row in connection.execute(text(f"SELECT {columns} FROM {table}"))]


def test_upgrade_from_first_revision_keeps_everything(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "old.db")
    with write_transaction(engine) as connection:
        upgrade_to_head(connection, FIRST_REVISION)
        assert current_revision(connection) == FIRST_REVISION
        _fill_first_revision(connection)
    tables = {
        "professional": "id, version, last_name, first_name, rpps, updated_at",
        "installation_project": "id, professional_id, commune_code, localite, status",
        "msp_project": "id, version, name, status",
        "outbox_op": "op_id, seq, entity_id, kind, fields, base, state",
        "history_entry": "entity_id, field, old_value, new_value",
        "commune": "code, name, population",
    }
    with write_transaction(engine) as connection:
        before = {table: _dump(connection, table, cols) for table, cols in tables.items()}

    assert head_revision() != FIRST_REVISION, "the test needs a later migration to upgrade to"
    with write_transaction(engine) as connection:
        upgrade_to_head(connection)
        assert current_revision(connection) == head_revision()
        after = {table: _dump(connection, table, cols) for table, cols in tables.items()}
        keys = dict(_dump(connection, "professional", "id, search_key"))
        msp_keys = dict(_dump(connection, "msp_project", "id, search_key"))
        project_keys = dict(_dump(connection, "installation_project", "id, search_key"))
        commune_keys = dict(_dump(connection, "commune", "code, search_key"))
    engine.dispose()

    assert after == before
    assert before["outbox_op"][0][-1] == "pending"  # the unsynced change is still waiting
    # Migration 0002 filled the new search keys of the rows already there.
    assert keys == {"p1": "hoarau elodie 10003456786"}
    assert msp_keys == {"m1": "msp des hauts de l'ouest sisa hauts de l'ouest"}
    assert project_keys == {"i1": "dos d'ane"}
    assert commune_keys == {"97408": "la possession 97408"}


def test_the_head_constant_is_the_newest_script() -> None:
    """The fast path of every start compares with HEAD_REVISION: it must be Alembic's head."""
    assert head_revision() == HEAD_REVISION


def test_upgrade_is_a_no_op_at_head(tmp_path: Path) -> None:
    engine = make_engine(tmp_path / "head.db")
    with write_transaction(engine) as connection:
        upgrade_to_head(connection)
    with write_transaction(engine) as connection:
        tables_before = sorted(inspect(connection).get_table_names())
        upgrade_to_head(connection)
        assert sorted(inspect(connection).get_table_names()) == tables_before
        assert current_revision(connection) == head_revision()
    engine.dispose()


def test_models_and_migrations_agree(tmp_path: Path) -> None:
    """A model change without its migration fails here (autogenerate finds a difference)."""
    engine = make_engine(tmp_path / "compare.db")
    with write_transaction(engine) as connection:
        upgrade_to_head(connection)
        diff = compare_metadata(MigrationContext.configure(connection), SQLModel.metadata)
    engine.dispose()
    assert diff == []


def test_failed_migration_leaves_the_file_untouched(tmp_path: Path, monkeypatch) -> None:
    engine = make_engine(tmp_path / "fail.db")
    with write_transaction(engine) as connection:
        upgrade_to_head(connection, FIRST_REVISION)
        _fill_first_revision(connection)

    import storage.text

    def broken(*_parts):
        raise RuntimeError("migration interrompue")

    # Alembic loads each migration file afresh, so 0002 picks up the broken function.
    monkeypatch.setattr(storage.text, "search_key", broken)
    try:
        with write_transaction(engine) as connection:
            upgrade_to_head(connection)
    except RuntimeError:
        pass
    else:  # pragma: no cover - the failure is what this test is about
        raise AssertionError("the broken migration should have failed")
    with write_transaction(engine) as connection:
        assert current_revision(connection) == FIRST_REVISION
        columns = {column["name"] for column in inspect(connection).get_columns("professional")}
        assert "search_key" not in columns
        assert _dump(connection, "professional", "id") == [("p1",)]
    engine.dispose()
