"""Whole-record checks (validate_record) with their French messages; typed values (coerce):
tests/test_validation_values.py.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from typing import Any

import pytest
import sqlalchemy as sa
from sqlalchemy import Connection

from storage import vocabulary as voc
from storage.db import Database, read_connection, write_transaction
from storage.field_specs import field_specs
from storage.identifiers import make_finess, make_rpps
from storage.ids import new_id
from storage.models import RECORD_TYPES
from storage.validation import (
    DATE_ORDER,
    ValidationError,
    validate_record,
)

RPPS = make_rpps("1000345678")


# --- validate_record ----------------------------------------------------------------------------


def insert(connection: Connection, entity: str, **values: Any) -> str:
    """Write one record row with plain SQL (sync columns filled in)."""
    row = {
        "id": new_id(),
        "ars_code": "REU",
        "version": 0,
        "updated_at": datetime(2025, 1, 1, tzinfo=UTC),
        "updated_by": "test",
        "deleted": False,
        **values,
    }
    connection.execute(sa.insert(RECORD_TYPES[entity].__table__).values(**row))
    return row["id"]


@pytest.fixture
def connection(database: Database) -> Iterator[Connection]:
    with read_connection(database.engine) as opened:
        yield opened


@pytest.fixture
def people(database: Database) -> dict[str, str]:
    """A live professional, a deleted one, an MCS, a zone prioritaire."""
    with write_transaction(database.engine) as connection:
        live = insert(connection, "professional", last_name="Hoarau", first_name="Élodie")
        gone = insert(connection, "professional", last_name="Payet", first_name="Jo", deleted=True)
        mcs = insert(connection, "mcs", professional_id=live, samu_attachment="SAMU 974")
        zone = insert(connection, "priority_zone", epci_siren="249740119")
    return {"live": live, "deleted": gone, "mcs": mcs, "zone": zone}


def problems(entity: str, values: dict[str, Any], connection: Connection) -> dict[str, str]:
    """validate_record's errors as {field: message} ({} when the record passes)."""
    try:
        validate_record(entity, values, connection)
    except ValidationError as error:
        assert len({e.field for e in error.errors}) == len(error.errors), error.errors
        return {e.field: e.message for e in error.errors}
    return {}


def professional(**overrides: Any) -> dict[str, Any]:
    return {
        "ars_code": "REU",
        "last_name": "Hoarau",
        "first_name": "Élodie",
        "rpps": RPPS,
        "profession": "medecin",
        "situation": "remplacant",
        "phone": "0692 12 34 56",
        "email": "elodie.hoarau@example.re",
        **overrides,
    }


def project(professional_id: str, **overrides: Any) -> dict[str, Any]:
    return {
        "ars_code": "REU",
        "professional_id": professional_id,
        "commune_code": "97415",
        "practice_mode": "msp",
        "status": "premier_contact",
        "first_contact_date": date(2024, 3, 1),
        **overrides,
    }


def test_a_valid_record_passes(connection: Connection) -> None:
    assert problems("professional", professional(), connection) == {}


def test_typed_values_are_accepted_as_well_as_python_values(connection: Connection) -> None:
    typed = professional(consent_date="01/02/2024", rpps=f"{RPPS[:5]} {RPPS[5:]}")
    assert problems("professional", typed, connection) == {}


def test_every_problem_is_listed_at_once(connection: Connection) -> None:
    found = problems(
        "professional",
        professional(last_name="", first_name=None, rpps="12345678901", email="x@", phone="12"),
        connection,
    )
    assert set(found) == {"last_name", "first_name", "rpps", "email", "phone"}
    assert found["last_name"] == voc.MSG_REQUIRED.format(label="Nom")


def test_a_field_not_given_has_the_model_default_or_is_missing(connection: Connection) -> None:
    values = professional()
    del values["first_name"]  # no default
    del values["situation"]  # default "installe_liberal"
    assert set(problems("professional", values, connection)) == {"first_name"}
    # Given as empty, a field with a default is missing all the same.
    assert set(problems("professional", professional(situation=""), connection)) == {"situation"}


def test_personal_values_are_not_repeated_in_messages(connection: Connection) -> None:
    bad_rpps, bad_phone, bad_email = "10003456782", "07 98 76 5", "elodie.hoarau@@example"
    found = problems(
        "professional", professional(rpps=bad_rpps, phone=bad_phone, email=bad_email), connection
    )
    assert set(found) == {"rpps", "phone", "email"}
    for message in found.values():
        for value in (bad_rpps, bad_phone, bad_email, "hoarau", "Hoarau"):
            assert value not in message


def test_sync_columns_are_ignored_and_unknown_fields_reported(connection: Connection) -> None:
    values = professional(id="whatever", version=-5, deleted=True, search_key="x", colour="red")
    assert set(problems("professional", values, connection)) == {"colour"}


def test_status_is_left_to_the_workflow(connection: Connection, people: dict[str, str]) -> None:
    values = project(people["live"], status="pas un statut")
    assert problems("installation_project", values, connection) == {}
    del values["status"]
    assert problems("installation_project", values, connection) == {}


def test_unknown_ars(connection: Connection) -> None:
    found = problems("professional", professional(ars_code="XYZ"), connection)
    assert set(found) == {"ars_code"}
    assert "« XYZ »" in found["ars_code"] and "REU" in found["ars_code"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("days", -1),
        ("consultations", -3),
    ],
)
def test_counts_must_not_be_negative(
    connection: Connection, people: dict[str, str], field: str, value: int
) -> None:
    mission = {
        "ars_code": "REU",
        "priority_zone_id": people["zone"],
        "professional_id": people["live"],
        "host_kind": "msp",
        "status": "planifiee",
        "days": 2,
        "consultations": 30,
        field: value,
    }
    found = problems("solidarity_mission", mission, connection)
    assert set(found) == {field}
    assert "positive ou nulle" in found[field]
    mission[field] = 0
    assert problems("solidarity_mission", mission, connection) == {}


def test_every_number_column_must_not_be_negative(connection: Connection) -> None:
    values = {
        "ars_code": "REU",
        "professional_id": new_id(),
        "kind": "ptmg",
        "status": "demande",
        "amount_cents": -100,
        "monthly_amount_cents": -1,
        "months_paid": -1,
        "guaranteed_monthly_income_cents": -1,
        "monthly_complement_cap_cents": -1,
        "consultations_per_month": -1,
        "half_days_per_week": -1,
    }
    found = problems("aid_contract", values, connection)
    assert set(found) == {key for key, value in values.items() if value == -1} | {
        "amount_cents",
        "professional_id",
    }
    assert "-1,00 €" in found["amount_cents"]


@pytest.mark.parametrize(
    ("fte", "ok"), [(0.0, False), (0.01, True), (0.5, True), (1.0, True), (1.01, False)]
)
def test_fte_is_more_than_zero_and_at_most_one(
    connection: Connection, people: dict[str, str], fte: float, ok: bool
) -> None:
    values = {
        "ars_code": "REU",
        "employer_id": people["live"],
        "commune_code": "97411",
        "fte": fte,
        "status": "signe",
    }
    found = problems("medical_assistant", values, connection)
    assert (found == {}) is ok
    if not ok:
        assert set(found) == {"fte"}


def test_identifiers_are_checked(connection: Connection, people: dict[str, str]) -> None:
    found = problems("priority_zone", {"ars_code": "REU", "epci_siren": "249740118"}, connection)
    assert "clé de contrôle" in found["epci_siren"]
    site = {"ars_code": "REU", "msp_id": new_id(), "commune_code": "97411", "finess": "970000000"}
    found = problems("msp_site", site, connection)
    assert "clé de contrôle" in found["finess"]
    site["finess"] = make_finess("97400000")
    assert "finess" not in problems("msp_site", site, connection)


def test_reference_data_must_exist(connection: Connection, people: dict[str, str]) -> None:
    found = problems(
        "installation_project", project(people["live"], commune_code="99999"), connection
    )
    assert found == {"commune_code": voc.MSG_UNKNOWN_COMMUNE.format(label="Commune", value="99999")}
    found = problems(
        "installation_project", project(people["live"], commune_code="2C004"), connection
    )
    assert "5 caractères" in found["commune_code"]
    valid_but_unknown_siren = "200000008"
    found = problems(
        "priority_zone", {"ars_code": "REU", "epci_siren": valid_but_unknown_siren}, connection
    )
    assert found == {
        "epci_siren": voc.MSG_UNKNOWN_EPCI.format(label="EPCI (SIREN)", value="200000008")
    }


def test_referenced_records_must_exist_and_be_alive(
    connection: Connection, people: dict[str, str]
) -> None:
    assert problems("installation_project", project(people["live"]), connection) == {}
    found = problems("installation_project", project(people["deleted"]), connection)
    assert "supprimée" in found["professional_id"]
    found = problems("installation_project", project(new_id()), connection)
    assert found["professional_id"] == voc.MSG_REFERENCE_NOT_FOUND.format(
        label="Professionnel", entity="Professionnel"
    )
    training = {"ars_code": "REU", "mcs_id": people["mcs"], "training_date": date(2024, 1, 5)}
    assert problems("mcs_training", training, connection) == {}
    training["mcs_id"] = people["live"]  # a professional's id is not an MCS's
    assert set(problems("mcs_training", training, connection)) == {"mcs_id"}


def test_references_are_read_from_the_models_foreign_keys() -> None:
    found = {
        (entity, name): spec.foreign_table
        for entity in RECORD_TYPES
        for name, spec in field_specs(entity).items()
        if spec.foreign_table in RECORD_TYPES
    }
    by_field = {name: table for (_, name), table in found.items()}
    assert by_field == {
        "professional_id": "professional",
        "employer_id": "professional",
        "msp_id": "msp_project",
        "mcs_id": "mcs",
        "order_id": "zoning_order",
        "priority_zone_id": "priority_zone",
        "installation_project_id": "installation_project",
    }


def test_journal_entry_points_at_any_live_record(
    connection: Connection, people: dict[str, str]
) -> None:
    entry = {
        "ars_code": "REU",
        "entity": "professional",
        "entity_id": people["live"],
        "event_date": date(2024, 5, 2),
        "kind": "appel",
        "summary": "Premier appel",
    }
    assert problems("follow_up", entry, connection) == {}
    assert set(problems("follow_up", {**entry, "entity": "mcs"}, connection)) == {"entity_id"}
    assert set(problems("follow_up", {**entry, "entity": "vaisseau"}, connection)) == {"entity"}


@pytest.mark.parametrize(
    ("field", "day", "ok"),
    [
        ("installation_date", date(2024, 2, 29), False),
        ("installation_date", date(2024, 3, 1), True),
        ("planned_installation_date", date(2024, 2, 1), False),
        ("planned_installation_date", date(2025, 1, 1), True),
    ],
)
def test_installation_not_before_first_contact(
    connection: Connection, people: dict[str, str], field: str, day: date, ok: bool
) -> None:
    found = problems("installation_project", project(people["live"], **{field: day}), connection)
    if ok:
        assert found == {}
    else:
        assert found == {
            field: voc.MSG_DATE_BEFORE.format(
                label=voc.field_label(field),
                other="Date du premier contact",
                other_value="01/03/2024",
            )
        }


def test_end_dates_not_before_start_dates(connection: Connection, people: dict[str, str]) -> None:
    contract = {
        "ars_code": "REU",
        "professional_id": people["live"],
        "kind": "cde",
        "status": "signe",
        "start_date": date(2024, 1, 1),
        "end_date": date(2023, 12, 31),
    }
    assert set(problems("aid_contract", contract, connection)) == {"end_date"}
    mission = {
        "ars_code": "REU",
        "priority_zone_id": people["zone"],
        "professional_id": people["live"],
        "status": "planifiee",
        "start_date": date(2025, 6, 3),
        "end_date": date(2025, 6, 3),  # one day: allowed
    }
    assert problems("solidarity_mission", mission, connection) == {}
    mission["end_date"] = date(2025, 6, 2)
    assert set(problems("solidarity_mission", mission, connection)) == {"end_date"}
    order = {
        "ars_code": "REU",
        "number": "2022-123",
        "effective_date": date(2022, 5, 1),
        "end_date": date(2022, 4, 30),
    }
    assert set(problems("zoning_order", order, connection)) == {"end_date"}


def test_equipment_expires_after_it_is_handed_over(
    connection: Connection, people: dict[str, str]
) -> None:
    kit = {
        "ars_code": "REU",
        "mcs_id": people["mcs"],
        "item": "Sac d'urgence",
        "handed_over_date": date(2024, 4, 1),
        "expiry_date": date(2024, 4, 1),
    }
    found = problems("mcs_equipment", kit, connection)
    assert "doit venir après « Date de remise » (01/04/2024)" in found["expiry_date"]
    kit["expiry_date"] = date(2024, 4, 2)
    assert problems("mcs_equipment", kit, connection) == {}


def test_date_order_rules_name_real_fields() -> None:
    for rule in DATE_ORDER:
        entities = [rule.entity] if rule.entity else list(RECORD_TYPES)
        having = [e for e in entities if {rule.earlier, rule.later} <= set(field_specs(e))]
        assert having, rule
        for entity in having:
            specs = field_specs(entity)
            assert specs[rule.earlier].python_type is date
            assert specs[rule.later].python_type is date
