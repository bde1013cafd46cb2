"""The push's quick paths say exactly what the slower ones said (issue 15).

Device: the request body is spliced from the outbox's JSON text instead of decoded and encoded
again; the acked result is written without an encoder call; a duplicate answer behind a newer
pulled state is still dropped at once. Server: the records are written through the driver
(their types as SQLAlchemy stores them) and the record rules find the reference data start-up
loaded instead of reading the packaged files again.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
import sqlalchemy as sa

from ars_tui.central import op_checks, service
from ars_tui.central.db import (
    applied_op,
    as_utc,
    central_record,
    init_schema,
    make_central_engine,
)
from ars_tui.central.tokens import Device, create_token
from ars_tui.protocol import Op, PushRequest
from storage.db import Database
from storage.records.store import Store
from storage.reference import load as reference_load
from storage.sync import outbox as sync_outbox
from storage.sync import pull as sync_pull
from storage.uuids import new_id
from storage.wire import reusable_encoder

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


@pytest.fixture
def store(database: Database) -> Store:
    return Store(database.engine, user='Marie "M." \\ Payet', ars_code="REU", clock=lambda: NOW)


def test_the_wire_body_is_the_json_of_the_ops_as_to_wire_gives_them(
    database: Database, store: Store
) -> None:
    pro = store.create(
        "professional",
        {"last_name": 'O"Hara \\ [x] {y}', "first_name": "Élodie 😀", "situation": "remplacant"},
    )
    store.update("professional", pro, {"specialty": "Pédiatrie « générale »"})
    pending = sync_outbox.pending_ops(database.engine, 100)
    assert len(pending) == 2

    body = sync_outbox.wire_body(pending)

    assert json.loads(body) == {"ops": [op.to_wire() for op in pending]}
    parsed = PushRequest.model_validate_json(body).ops
    assert [op.user for op in parsed] == ['Marie "M." \\ Payet'] * 2
    assert parsed[1].base_version == pending[1].base_version


@pytest.mark.parametrize(
    ("status", "version"),
    [
        ("applied", 3),
        ("duplicate", None),
        ("applied", 10**12),
        ("applied", True),
        ("duplicate", 2.5),
    ],
)
def test_an_acked_result_is_the_text_json_dumps_wrote(status: str, version: Any) -> None:
    expected = json.dumps({"status": status, "version": version})
    assert sync_outbox._acked_result(status, version) == expected


def test_a_duplicate_answer_behind_a_newer_pulled_state_is_dropped_at_once(
    database: Database, store: Store
) -> None:
    first = store.create(
        "professional", {"last_name": "Hoarau", "first_name": "Léa", "situation": "remplacant"}
    )
    second = store.create(
        "professional", {"last_name": "Payet", "first_name": "Léa", "situation": "remplacant"}
    )
    op_first, op_second = sync_outbox.pending_ops(database.engine, 100)
    # A pull brought the first record's state at seq 9 (the device had sent it in a round
    # that died before the answer came back).
    row = dict(entity="professional", id=first, ars_code="REU", version=1, server_seq=9)
    row.update(deleted=False, fields=op_first.fields, updated_at=NOW.isoformat(), updated_by="b")
    sync_pull.apply_pull_page(database.engine, [row], 9)

    sync_outbox.apply_push_results(
        database.engine,
        [
            {"op_id": op_first.op_id, "status": "duplicate", "version": 1, "server_seq": 4},
            {"op_id": op_second.op_id, "status": "applied", "version": 1, "server_seq": 10},
        ],
    )

    with database.engine.connect() as connection:
        left = connection.exec_driver_sql("SELECT op_id, state FROM outbox_op").all()
    assert [tuple(row) for row in left] == [(op_second.op_id, "acked")]
    assert store.get("professional", second)["version"] == 1


def test_a_rejected_op_holds_its_record_only(database: Database, store: Store) -> None:
    held = store.create(
        "professional", {"last_name": "Hoarau", "first_name": "Léa", "situation": "remplacant"}
    )
    [create] = sync_outbox.pending_ops(database.engine, 100)
    sync_outbox.apply_push_results(
        database.engine, [{"op_id": create.op_id, "status": "applied", "version": 1}]
    )
    store.update("professional", held, {"specialty": "Pédiatrie"})
    [refused] = sync_outbox.pending_ops(database.engine, 100)
    rejected = {"op_id": refused.op_id, "status": "rejected", "reason": "Refusé."}
    sync_outbox.apply_push_results(database.engine, [rejected])
    store.update("professional", held, {"email": "lea@exemple.fr"})  # behind the rejected one
    free = store.create(
        "professional", {"last_name": "Payet", "first_name": "Léa", "situation": "remplacant"}
    )

    pending = sync_outbox.pending_ops(database.engine, 100)

    assert [(op.entity_id, op.kind) for op in pending] == [(free, "create")]
    assert pending == sync_outbox.pending_ops(database.engine, 100, after_seq=refused.seq)


# --- the server --------------------------------------------------------------------------------


def _op(entity: str, fields: dict[str, Any]) -> Op:
    return Op(
        op_id=new_id(),
        entity=entity,
        entity_id=new_id(),
        kind="create",
        fields=fields,
        ars_code="REU",
        client_time=NOW,
        user="c.payet",
    )


@pytest.fixture
def central(central_db_url: str) -> Any:
    engine = make_central_engine(central_db_url)
    init_schema(engine)
    op_checks.warm_rules()
    _token, device = create_token(engine, ars_code="REU", name="tablette")
    yield engine, device
    engine.dispose()


def test_a_push_checks_its_communes_against_what_start_up_loaded(
    central: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    engine, device = central

    def no_second_read(name: str) -> Any:
        raise AssertionError(f"{name} read again during a push")

    monkeypatch.setattr(reference_load, "_read_csv", no_second_read)
    pro = _op("professional", {"last_name": "Payet", "first_name": "Léa"})
    project = _op(
        "installation_project",
        {
            "professional_id": pro.entity_id,
            "commune_code": "97411",
            "first_contact_date": "2026-01-05",
        },
    )

    results = service.push(engine, device, [pro, project], NOW)

    assert [result.status for result in results] == ["applied", "applied"]


def test_records_written_through_the_driver_read_back_as_sqlalchemy_wrote_them(
    central: Any,
) -> None:
    engine, device = central
    pro = _op("professional", {"last_name": "Payet", "first_name": "Léa"})

    [result] = service.push(engine, device, [pro], NOW)

    with engine.connect() as connection:
        record = connection.execute(
            sa.select(central_record).where(central_record.c.id == pro.entity_id)
        ).one()
        applied = connection.execute(
            sa.select(applied_op).where(applied_op.c.op_id == pro.op_id)
        ).one()
    assert record.deleted is False
    assert as_utc(record.updated_at) == NOW
    assert json.loads(record.data)["last_name"] == "Payet"
    assert (record.version, record.server_seq) == (1, result.server_seq)
    assert as_utc(applied.applied_at) == NOW
    assert (applied.version, applied.server_seq) == (1, result.server_seq)


ENCODED_VALUES: list[Any] = [
    'Léa "L\'Étang" \\ 🌋',
    {"b": [1, 2.5, None, True], "a": {"é": "x", "1": False}},
    [float("nan"), float("inf"), -float("inf"), 10**30, -0.0],
    [],
    {},
]


@pytest.mark.parametrize(
    "options",
    [
        {"ensure_ascii": False},
        {"ensure_ascii": False, "separators": (",", ":"), "sort_keys": True},
        {"ensure_ascii": True, "sort_keys": True},
    ],
)
def test_the_reused_encoder_writes_what_json_dumps_writes(options: dict[str, Any]) -> None:
    encode = reusable_encoder(**options)
    for value in ENCODED_VALUES:
        assert encode(value) == json.dumps(value, **options)
    with pytest.raises(TypeError):
        encode({"when": NOW})  # not JSON: refused as json.dumps refuses it


def test_each_person_is_attested_once_with_the_device_and_the_ops_left_as_they_came() -> None:
    ops = [
        Op(
            op_id=new_id(),
            entity="professional",
            entity_id=new_id(),
            kind="create",
            fields={"last_name": "Payet"},
            ars_code="REU",
            client_time=NOW,
            user=user,
        )
        for user in ("Marie Payet", "Marie Payet", "J" * 120)
    ]
    device = Device(id=1, name="tablette", ars_code="REU", created_at=NOW)
    authors = service.attested_authors(ops, device)
    # Cut to what the column holds, as an op's own person is.
    assert authors == {"Marie Payet": "Marie Payet (tablette)", "J" * 120: ("J" * 120)[:120]}
    assert [op.user for op in ops] == ["Marie Payet", "Marie Payet", "J" * 120]
