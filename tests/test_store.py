"""The store: every edit writes row + outbox op + history together, or nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from datetime import UTC, date, datetime

import pytest
from sqlalchemy import text

from storage.db import Database
from storage.store import Store
from storage.validation import ValidationError

VALID_RPPS = "10003456786"  # Luhn-valid
FIXED_NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def db(database: Database) -> Database:
    """A new database with the reference data (conftest's ``database``)."""
    return database


@pytest.fixture
def store(db: Database) -> Store:
    return Store(db.engine, user="c.payet", ars_code="REU", clock=lambda: FIXED_NOW)


def counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
            for table in (
                "professional",
                "installation_project",
                "outbox_op",
                "history_entry",
                "record_change",
            )
        }


def outbox(db: Database) -> list[dict]:
    """The ops of the records (older versions also queued each edit's history record)."""
    with db.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT * FROM outbox_op WHERE entity != 'record_change' ORDER BY seq")
        ).mappings()
        return [dict(row) for row in rows]


def make_professional(store: Store, **overrides) -> str:
    values = {
        "last_name": "Hoarau",
        "first_name": "Élodie",
        "rpps": VALID_RPPS,
        "situation": "remplacant",
        **overrides,
    }
    return store.create("professional", values)


def make_project(store: Store, professional_id: str, **overrides) -> str:
    values = {
        "professional_id": professional_id,
        "commune_code": "97408",
        "localite": "Dos d'Âne",
        "first_contact_date": "12/05/2025",
        **overrides,
    }
    return store.create("installation_project", values)


def test_create_writes_row_op_and_history(db: Database, store: Store) -> None:
    pro_id = make_professional(store)
    record = store.get("professional", pro_id)
    assert record["last_name"] == "Hoarau"
    assert record["version"] == 0
    assert record["ars_code"] == "REU"
    assert record["updated_by"] == "c.payet"
    assert record["search_key"] == "hoarau elodie 10003456786"

    [op] = outbox(db)
    assert op["kind"] == "create"
    assert op["entity"] == "professional"
    assert op["entity_id"] == pro_id
    assert op["state"] == "pending"
    assert op["base_version"] == 0
    assert json.loads(op["base"]) == {}
    fields = json.loads(op["fields"])
    assert fields["rpps"] == VALID_RPPS
    assert fields["first_name"] == "Élodie"
    assert "search_key" not in fields  # derived locally, never sent

    changed = {change.field for change in store.history("professional", pro_id)}
    assert {"last_name", "first_name", "rpps", "situation"} <= changed
    assert all(change.old_value is None for change in store.history("professional", pro_id))


def test_update_logs_fields_base_and_history(db: Database, store: Store) -> None:
    pro_id = make_professional(store)
    project_id = make_project(store, pro_id)
    saved = store.update(
        "installation_project",
        project_id,
        {"localite": "Sainte-Thérèse", "planned_installation_date": "2025-09-01"},
    )
    assert saved["localite"] == "Sainte-Thérèse"
    assert saved["planned_installation_date"] == date(2025, 9, 1)
    assert store.get("installation_project", project_id)["search_key"] == "sainte-therese"

    op = outbox(db)[-1]
    assert op["kind"] == "update"
    assert json.loads(op["fields"]) == {
        "localite": "Sainte-Thérèse",
        "planned_installation_date": "2025-09-01",
    }
    assert json.loads(op["base"]) == {"localite": "Dos d'Âne", "planned_installation_date": None}
    history = [
        (c.field, c.old_value, c.new_value)
        for c in store.history("installation_project", project_id)
        if c.op_id == op["op_id"]
    ]
    assert sorted(history) == [
        ("localite", '"Dos d\'Âne"', '"Sainte-Thérèse"'),
        ("planned_installation_date", None, '"2025-09-01"'),
    ]
    seqs = [o["seq"] for o in outbox(db)]
    assert len(seqs) == 3 and seqs == sorted(set(seqs))  # local order, each edit after the last


def test_update_without_change_is_refused(db: Database, store: Store) -> None:
    pro_id = make_professional(store)
    before = counts(db)
    with pytest.raises(ValidationError, match="Aucune modification"):
        store.update("professional", pro_id, {"last_name": "Hoarau"})
    assert counts(db) == before


def test_bad_input_writes_nothing_and_says_why_in_french(db: Database, store: Store) -> None:
    pro_id = make_professional(store)
    before = counts(db)
    with pytest.raises(ValidationError) as error:
        store.create(
            "professional",
            {"last_name": "Payet", "first_name": "Jean", "rpps": "10003456782"},
        )
    assert "RPPS" in str(error.value)
    with pytest.raises(ValidationError) as error:
        make_project(store, pro_id, commune_code="99999")
    assert "Commune" in str(error.value)
    with pytest.raises(ValidationError) as error:
        make_project(store, pro_id, first_contact_date="31/02/2025")
    assert "JJ/MM/AAAA" in str(error.value)
    with pytest.raises(ValidationError):
        make_project(store, pro_id, first_contact_date="12/05/2025", installation_date="01/05/2025")
    assert counts(db) == before


def test_unknown_and_read_only_fields_are_refused(db: Database, store: Store) -> None:
    pro_id = make_professional(store)
    before = counts(db)
    with pytest.raises(ValidationError):
        store.update("professional", pro_id, {"version": 7})
    with pytest.raises(ValidationError):
        store.update("professional", pro_id, {"shoe_size": 42})
    assert counts(db) == before


def test_status_changes_only_through_the_workflow(db: Database, store: Store) -> None:
    project_id = make_project(store, make_professional(store))
    assert store.get("installation_project", project_id)["status"] == "premier_contact"
    before = counts(db)

    with pytest.raises(ValidationError, match="transition"):
        store.update("installation_project", project_id, {"status": "installe"})
    with pytest.raises(ValidationError) as error:
        store.transition("installation_project", project_id, "installe")
    assert "« Premier contact » à « Installé(e) » impossible" in str(error.value)
    assert counts(db) == before

    store.transition("installation_project", project_id, "en_accompagnement")
    with pytest.raises(ValidationError, match="Date d'installation effective"):
        store.transition("installation_project", project_id, "installe")
    saved = store.transition(
        "installation_project", project_id, "installe", {"installation_date": "01/09/2025"}
    )
    assert saved["status"] == "installe"
    op = outbox(db)[-1]
    assert json.loads(op["fields"]) == {"status": "installe", "installation_date": "2025-09-01"}
    assert json.loads(op["base"]) == {"status": "en_accompagnement", "installation_date": None}


def test_delete_and_restore_are_ops_too(db: Database, store: Store) -> None:
    pro_id = make_professional(store)
    store.delete("professional", pro_id)
    assert store.get("professional", pro_id)["deleted"] is True
    with pytest.raises(ValidationError, match="supprimée"):
        store.update("professional", pro_id, {"last_name": "Grondin"})
    store.restore("professional", pro_id)
    assert store.get("professional", pro_id)["deleted"] is False
    assert [op["kind"] for op in outbox(db)] == ["create", "delete", "restore"]
    assert json.loads(outbox(db)[1]["fields"]) == {"deleted": True}


def test_a_failure_mid_save_leaves_none_of_the_three(
    db: Database, store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    pro_id = make_professional(store)
    before = counts(db)

    def fail(*_args, **_kwargs):
        raise OSError("disque plein")

    # The row and the outbox op are already written when the history fails.
    monkeypatch.setattr(Store, "_write_history", fail)
    with pytest.raises(OSError):
        store.update("professional", pro_id, {"last_name": "Grondin"})
    with pytest.raises(OSError):
        make_project(store, pro_id)
    assert counts(db) == before
    assert store.get("professional", pro_id)["last_name"] == "Hoarau"


def test_a_process_killed_mid_save_leaves_none_of_the_three(db: Database, store: Store) -> None:
    pro_id = make_professional(store)
    before = counts(db)
    child = textwrap.dedent(
        f"""
        import os
        from storage.db import open_database
        from storage.store import Store

        def die(*_args, **_kwargs):
            os._exit(9)  # no rollback, no cleanup: as if the laptop's battery died

        Store._write_history = die
        store = Store(open_database({str(db.path)!r}).engine, user="c.payet", ars_code="REU")
        store.update("professional", {pro_id!r}, {{"last_name": "Grondin"}})
        """
    )
    result = subprocess.run([sys.executable, "-c", child], env=os.environ.copy(), timeout=60)
    assert result.returncode == 9
    assert counts(db) == before
    assert store.get("professional", pro_id)["last_name"] == "Hoarau"
    with db.engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA integrity_check").scalar() == "ok"


def test_ars_follows_the_commune_and_the_date(db: Database, store: Store) -> None:
    pro_id = make_professional(store)
    before_split = make_project(store, pro_id, first_contact_date="15/10/2019")
    after_split = make_project(store, pro_id, first_contact_date="15/01/2020")
    mayotte_store = Store(db.engine, user="a.said", ars_code="MAY", clock=lambda: FIXED_NOW)
    # A project belongs to its professional's ARS (issue 10): Mayotte's has its own.
    mayotte_pro = make_professional(mayotte_store, rpps=None)
    mayotte = make_project(mayotte_store, mayotte_pro, commune_code="97611", localite="Jacaranda")
    assert store.get("installation_project", before_split)["ars_code"] == "OI"
    assert store.get("installation_project", after_split)["ars_code"] == "REU"
    assert store.get("installation_project", mayotte)["ars_code"] == "MAY"
    # Moving a record to another ARS's commune is refused, not silently re-scoped.
    with pytest.raises(ValidationError, match="ARS MAY"):
        store.update("installation_project", after_split, {"commune_code": "97611"})


def test_child_records_belong_to_their_parents_ars(db: Database, store: Store) -> None:
    msp_id = store.create("msp_project", {"name": "MSP de Mafate"}, ars_code="REU")
    site_id = store.create(
        "msp_site", {"msp_id": msp_id, "commune_code": "97408", "localite": "Marla"}
    )
    staffing_id = store.create(
        "msp_staffing", {"msp_id": msp_id, "profession": "mg", "planned": 2, "present": 0}
    )
    assert store.get("msp_site", site_id)["ars_code"] == "REU"
    assert store.get("msp_staffing", staffing_id)["ars_code"] == "REU"


def test_zoning_class_is_kept_from_the_time_of_the_project(db: Database, store: Store) -> None:
    order_2022 = store.create(
        "zoning_order",
        {"number": "2022-ZON-01", "effective_date": "01/03/2022", "end_date": "31/12/2024"},
    )
    store.create(
        "zoning_entry", {"order_id": order_2022, "commune_code": "97408", "zone_class": "ZIP"}
    )
    pro_id = make_professional(store)
    project_id = make_project(store, pro_id, first_contact_date="10/06/2023")
    assert store.get("installation_project", project_id)["zoning_class"] == "ZIP"

    order_2025 = store.create(
        "zoning_order", {"number": "2025-ZON-07", "effective_date": "01/01/2025"}
    )
    store.create(
        "zoning_entry", {"order_id": order_2025, "commune_code": "97408", "zone_class": "ZAC"}
    )
    store.update("installation_project", project_id, {"notes": "rappeler en septembre"})
    assert store.get("installation_project", project_id)["zoning_class"] == "ZIP"
    later = make_project(store, pro_id, first_contact_date="10/02/2025")
    assert store.get("installation_project", later)["zoning_class"] == "ZAC"


def test_an_aid_without_its_kind_is_refused_in_french(db: Database, store: Store) -> None:
    pro_id = make_professional(store)
    before = counts(db)
    with pytest.raises(ValidationError, match="Type : ce champ est obligatoire"):
        store.create("aid_contract", {"professional_id": pro_id, "start_date": "01/11/2024"})
    assert counts(db) == before


def test_cesp_end_of_commitment_is_derived(db: Database, store: Store) -> None:
    """From the start of practice in the chosen place, not from the allowance (issue 12)."""
    pro_id = make_professional(store, situation="etudiant", rpps=None)
    values = {"professional_id": pro_id, "kind": "cesp", "start_date": "01/09/2019"}
    aid_id = store.create(
        "aid_contract", {**values, "practice_start_date": "01/11/2024", "months_paid": 36}
    )
    aid = store.get("aid_contract", aid_id)
    assert aid["status"] == "candidature"
    assert aid["end_date"] == date(2027, 11, 1)
    # Still a student: the allowance runs, no commitment has started, no end is made up.
    student = store.create("aid_contract", {**values, "months_paid": 36})
    assert store.get("aid_contract", student)["end_date"] is None
    store.update("aid_contract", aid_id, {"months_paid": 12})
    assert store.get("aid_contract", aid_id)["end_date"] == date(2026, 11, 1)  # at least 24
    assert json.loads(outbox(db)[-1]["fields"]) == {"months_paid": 12, "end_date": "2026-11-01"}
