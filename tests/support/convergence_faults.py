"""The "data fault" profile of the convergence harness (see :mod:`tests.support.convergence`).

Kinds (:data:`DATA_FAULTS`): an op a device should never send, forged into its outbox as an
older version or a bug would ("rule": a required field empty, "oversized": a value too long,
"scope": a record of another ARS, "nul": a NUL character); "legacy", a record the server stored
before it checked records (written straight into its table) that no device can store; and
"natural", two devices creating offline the same record with a natural key (an arrêté's entry
for a commune, an MSP's staffing row for a profession, an MCS's commune), which must end as one
record, not a constraint error.
"""

from __future__ import annotations

import json
import random
from collections import Counter
from typing import Any

import sqlalchemy as sa

from tests.support.convergence_check import ENTITY

DATA_FAULTS = ("rule", "oversized", "scope", "nul", "legacy", "natural")
#: Natural-key records the "natural" fault creates twice: (type, parent type, second field).
NATURAL_RECORDS = (
    ("zoning_entry", "zoning_order", "commune_code"),
    ("msp_staffing", "msp_project", "profession"),
    ("mcs_commune", "mcs", "commune_code"),
)
#: Staffing professions the "natural" fault picks from (a small pool: keys repeat).
NATURAL_PROFESSIONS = ("mg", "ide", "mk")
#: Communes of each ARS the "natural" fault picks from.
NATURAL_COMMUNES = {"REU": ("97401", "97402", "97403"), "MAY": ("97601", "97602", "97603")}


class DataFaults:
    """The data-fault actions of a World (a mixin: the World holds the attributes they use)."""

    ars: str
    rng: random.Random
    devices: list[Any]
    server_engine: sa.Engine
    forged: set[str]
    legacy: dict[str, dict[str, Any]]
    data_fault_counts: Counter[str]
    actions: Counter[str]
    #: The parents of the natural-key records, made by the first "natural" fault.
    natural_parents: dict[str, str]

    def _note_new_ops(self, device: Any) -> None:
        raise NotImplementedError  # the World's

    def data_fault(self, index: int, kind: str | None = None) -> str:
        """Inject one data fault of ``kind`` (random by default) from device ``index``."""
        kind = kind or self.rng.choice(DATA_FAULTS)
        if kind == "legacy":
            self._legacy_record()
        elif kind == "natural":
            self._natural_duplicate(index)
        else:
            self._forge(self.devices[index], kind)
        self.data_fault_counts[kind] += 1
        return kind

    def _forge(self, device: Any, kind: str) -> None:
        """An op written straight into the outbox, past the store's checks."""
        from datetime import UTC, datetime

        from storage.ids import new_id

        fields: dict[str, Any] = {"last_name": "Payet", "first_name": "Léa"}
        ars = self.ars
        if kind == "rule":
            fields["last_name"] = None
        elif kind == "oversized":
            fields["specialty"] = "x" * 100_000
        elif kind == "scope":
            ars = "ARA"
        elif kind == "nul":
            fields["last_name"] = "Pa\x00yet"
        op_id = new_id()
        with device.database.engine.begin() as connection:
            seq = connection.exec_driver_sql("SELECT coalesce(max(seq), 0) + 1 FROM outbox_op")
            connection.exec_driver_sql(
                "INSERT INTO outbox_op (op_id, seq, entity, entity_id, kind, fields, base,"
                " base_version, ars_code, client_time, user, state)"
                " VALUES (?, ?, 'professional', ?, 'create', ?, '{}', 0, ?, ?, ?, 'pending')",
                (
                    op_id,
                    seq.scalar(),
                    new_id(),
                    json.dumps(fields),
                    ars,
                    datetime.now(UTC).isoformat(),
                    device.user,
                ),
            )
        self.forged.add(op_id)
        self._note_new_ops(device)

    def _legacy_record(self) -> None:
        """A professional without a name in the server's table, as stored before the checks."""
        from datetime import UTC, datetime

        from ars_tui.central.db import central_record, seq_counter, seq_group, write_transaction
        from ars_tui.central.service import user_columns
        from storage.ids import new_id

        record_id = new_id()
        data = {**user_columns(ENTITY), "first_name": "Léa", "last_name": None}
        group = seq_group(self.ars)
        with write_transaction(self.server_engine) as connection:
            seq = (
                connection.execute(
                    sa.select(seq_counter.c.last_seq).where(seq_counter.c.seq_group == group)
                ).scalar_one()
                + 1
            )
            connection.execute(
                sa.update(seq_counter).where(seq_counter.c.seq_group == group).values(last_seq=seq)
            )
            connection.execute(
                sa.insert(central_record).values(
                    entity=ENTITY,
                    id=record_id,
                    ars_code=self.ars,
                    seq_group=group,
                    version=1,
                    server_seq=seq,
                    deleted=False,
                    data=json.dumps(data),
                    updated_at=datetime.now(UTC),
                    updated_by="ancienne-version",
                )
            )
        self.legacy[record_id] = data

    def _natural_duplicate(self, index: int) -> None:
        """Two devices create the same natural-key record before either syncs it."""
        from storage import record_rules
        from storage.validation import ValidationError

        if not self.natural_parents:
            self._make_natural_parents(self.devices[index])
        entity, parent, second = self.rng.choice(NATURAL_RECORDS)
        pool = NATURAL_PROFESSIONS if second == "profession" else NATURAL_COMMUNES[self.ars]
        values: dict[str, Any] = {
            record_rules.NATURAL_KEYS[entity][0]: self.natural_parents[parent],
            second: self.rng.choice(pool),
        }
        if entity == "zoning_entry":
            values["zone_class"] = "ZIP"
        record_id = record_rules.natural_id(entity, values)
        others = [i for i in range(len(self.devices)) if i != index]
        made = 0
        for device_index in [index, self.rng.choice(others)] if others else [index]:
            device = self.devices[device_index]
            if not _has(device, parent, self.natural_parents[parent]) or _has(
                device, entity, record_id
            ):
                continue  # the parent has not reached it yet, or the record already has
            try:
                device.store.create(entity, values)
            except ValidationError:
                continue  # e.g. its parent deleted meanwhile: the person is told, nothing saved
            self._note_new_ops(device)
            made += 1
        if made == 2:
            self.actions["natural_created_twice"] += 1

    def _make_natural_parents(self, device: Any) -> None:
        """An arrêté, an MSP and an MCS (with its doctor), made by a person on ``device``."""
        store = device.store
        doctor = store.create(ENTITY, {"last_name": "Payet", "first_name": "Léa"})
        self.natural_parents = {
            "zoning_order": store.create(
                "zoning_order", {"number": "ARS-2026-ZONAGE", "effective_date": "2026-01-01"}
            ),
            "msp_project": store.create("msp_project", {"name": "MSP du test"}),
            "mcs": store.create("mcs", {"professional_id": doctor, "samu_attachment": "SAMU"}),
        }
        self._note_new_ops(device)


def _has(device: Any, entity: str, record_id: str | None) -> bool:
    """Whether the device holds this record (deleted or not)."""
    with device.database.engine.connect() as connection:
        found = connection.exec_driver_sql(
            f"SELECT 1 FROM {entity} WHERE id = ?", (record_id,)
        ).first()
    return found is not None
