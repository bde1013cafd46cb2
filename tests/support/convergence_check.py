"""The invariants of the convergence harness (see :mod:`tests.support.convergence`): what a
:class:`~tests.support.convergence.World` checks once it has settled.

:class:`Invariants` is mixed into the World: :meth:`Invariants.check` replays the applied ops
in server order and compares every device with the server, for the professionals the random
steps edit and for the records with a natural key (one record per key, on the server and on
every device).
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

ENTITY = "professional"


def encode(value: Any) -> Any:
    from storage.wire import encode_value

    return encode_value(value)


@dataclass
class OpInfo:
    """An op as a device's outbox first held it."""

    device: str
    entity_id: str
    kind: str
    fields: dict[str, Any]
    base: dict[str, Any]


@dataclass
class Report:
    lost: list[str] = field(default_factory=list)
    duplicated: list[str] = field(default_factory=list)
    silent_overwrites: list[str] = field(default_factory=list)
    divergent: list[str] = field(default_factory=list)
    outbox_left: dict[str, int] = field(default_factory=dict)
    #: Pulled records still set aside (quarantined) on each device after settling: stuck.
    quarantined_left: dict[str, int] = field(default_factory=dict)
    #: Figures of the run (not invariants).
    stats: dict[str, int] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not (
            self.lost
            or self.duplicated
            or self.silent_overwrites
            or self.divergent
            or any(self.outbox_left.values())
            or any(self.quarantined_left.values())
        )

    def summary(self) -> str:
        lines = [
            f"lost={len(self.lost)} duplicated={len(self.duplicated)} "
            f"silent_overwrites={len(self.silent_overwrites)} divergent={len(self.divergent)} "
            f"outbox_left={sum(self.outbox_left.values())} "
            f"stuck={sum(self.quarantined_left.values())}",
            " ".join(f"{key}={value}" for key, value in sorted(self.stats.items())),
        ]
        for name in ("lost", "duplicated", "silent_overwrites", "divergent"):
            lines += [f"  {name}: {item}" for item in getattr(self, name)[:5]]
        return "\n".join(lines)


class Invariants:
    """The checks of a settled World (a mixin: the World holds the attributes they read)."""

    server_engine: Any
    devices: list[Any]
    ops: dict[str, OpInfo]
    closed_by_user: dict[str, str]
    forged: set[str]
    legacy: dict[str, dict[str, Any]]
    recorder: Any
    schedule: Any
    actions: Counter[str]
    sync_errors: Counter[str]
    data_fault_counts: Counter[str]
    overlay_breaches: list[str]

    def _check_history(self, applied: Sequence[Any], report: Report) -> None:
        """Each applied edit has its one history record, derived by the server (id = op id,
        naming the edit's record); a history record without its applied edit is a duplicate."""
        with self.server_engine.connect() as connection:
            # Stored as rows (older pushes) or kept with their op (ars_tui.central.history_rows).
            history = {
                row.id: json.loads(row.data).get("entity_id")
                for row in connection.exec_driver_sql(
                    "SELECT id, data FROM central_record WHERE entity = 'record_change'"
                )
            }
            derived = connection.exec_driver_sql(
                "SELECT op_id, entity_id FROM applied_op WHERE change_seq IS NOT NULL"
            ).all()
            for op_id, entity_id in derived:
                if op_id in history:
                    report.duplicated.append(f"history record {op_id[:8]} stored twice")
                history[op_id] = entity_id
        edits = {row.op_id: row.entity_id for row in applied if row.entity != "record_change"}
        for op_id, entity_id in edits.items():
            if history.get(op_id) != entity_id:
                report.lost.append(f"applied {op_id[:8]} has no history record of its record")
        for op_id in history.keys() - edits.keys():
            report.duplicated.append(f"history record {op_id[:8]} of no applied edit")

    def check(self) -> Report:
        from storage.sync import progress as sync_progress

        report = Report()
        with self.server_engine.connect() as connection:
            applied = connection.exec_driver_sql(
                "SELECT op_id, entity, entity_id, version, server_seq FROM applied_op"
            ).all()
            records = {
                row.id: row
                for row in connection.exec_driver_sql(
                    "SELECT id, version, deleted, data FROM central_record"
                    " WHERE entity = 'professional'"
                )
            }
        applied_ids = {row.op_id for row in applied}

        # lost: saved edits that went nowhere
        for op_id, info in self.ops.items():
            if op_id not in applied_ids and op_id not in self.closed_by_user:
                report.lost.append(
                    f"{info.device} {info.kind} {op_id[:8]} neither applied nor closed"
                )
        for row in applied:
            if row.op_id not in self.ops:
                report.lost.append(f"server applied {row.op_id[:8]} that no device made")
            elif row.op_id in self.forged:
                report.lost.append(f"server applied {row.op_id[:8]}, an op that breaks the rules")

        # duplicated: answers after "applied" must repeat it
        for op_id, answers in self.recorder.answers.items():
            first = next((i for i, a in enumerate(answers) if a["status"] == "applied"), None)
            if first is None:
                continue
            stored = (answers[first]["version"], answers[first]["server_seq"])
            for later in answers[first + 1 :]:
                if (later["status"], later["version"], later["server_seq"]) != (
                    "duplicate",
                    *stored,
                ):
                    report.duplicated.append(
                        f"{op_id[:8]} applied, then answered {later['status']}"
                        f" v{later['version']} seq {later['server_seq']}"
                    )

        # replay the applied ops in server order: effects kept, no silent overwrite
        by_record: dict[str, list[Any]] = defaultdict(list)
        for row in applied:
            if row.entity == "professional":  # each edit's history record is checked as sent
                by_record[row.entity_id].append(row)
        for record_id, rows in by_record.items():
            self._replay(record_id, rows, records.get(record_id), report)

        self._check_history(applied, report)

        # conflicts the server gave must have reached a person
        for op_id, answers in self.recorder.answers.items():
            conflicted = any(a["status"] == "conflict" for a in answers)
            if conflicted and op_id not in applied_ids and op_id not in self.closed_by_user:
                report.silent_overwrites.append(f"conflict on {op_id[:8]} never shown")
        report.silent_overwrites += self.overlay_breaches

        # every device shows what the server holds
        for device in self.devices:
            self._compare(device, records, report)
            with device.database.engine.connect() as connection:
                left = connection.exec_driver_sql("SELECT count(*) FROM outbox_op").scalar()
            report.outbox_left[device.name] = int(left or 0)
            report.quarantined_left[device.name] = sync_progress.sync_status(
                device.database.engine
            ).quarantined

        natural_records = self._check_natural_keys(report)

        answers = Counter(a["status"] for per_op in self.recorder.answers.values() for a in per_op)
        report.stats = {
            **{f"action_{k}": v for k, v in self.actions.items()},
            **{f"fault_{k.value}": v for k, v in self.schedule.counts.items()},
            **{f"answer_{k}": v for k, v in answers.items()},
            **{f"sync_error_{k}": v for k, v in self.sync_errors.items()},
            **{f"data_fault_{k}": v for k, v in self.data_fault_counts.items()},
            "ops_saved": len(self.ops),
            "ops_applied": len(applied_ids),
            "ops_closed_by_user": len(self.closed_by_user),
            "records": len(records),
            "natural_records": natural_records,
        }
        return report

    def _check_natural_keys(self, report: Report) -> int:
        """One live record per natural key on the server (else: duplicated), and every device
        holds the same natural-key records, versions and deletions (else: divergent). Returns
        how many such records the server holds."""
        from storage.records import record_rules

        total = 0
        for entity in record_rules.NATURAL_KEYS:
            with self.server_engine.connect() as connection:
                rows = connection.exec_driver_sql(
                    "SELECT id, deleted, version, data FROM central_record WHERE entity = ?",
                    (entity,),
                ).all()
            total += len(rows)
            server = {row.id: (bool(row.deleted), row.version) for row in rows}
            keys = Counter(
                record_rules.natural_key(entity, json.loads(row.data))
                for row in rows
                if not row.deleted
            )
            report.duplicated += [
                f"{entity} {key}: {count} records on the server"
                for key, count in keys.items()
                if count > 1
            ]
            for device in self.devices:
                with device.database.engine.connect() as connection:
                    local = {
                        row.id: (bool(row.deleted), row.version)
                        for row in connection.exec_driver_sql(
                            f"SELECT id, deleted, version FROM {entity}"
                        )
                    }
                if local != server:
                    report.divergent.append(f"{device.name}: {entity} records differ")
        return total

    def _replay(self, record_id: str, rows: list[Any], record: Any, report: Report) -> None:
        if record is None:
            report.lost.append(f"{record_id[:8]}: applied ops but no record on the server")
            return
        versions = {row.version for row in rows}
        first = 2 if record_id in self.legacy else 1  # a legacy record came with version 1
        if versions != set(range(first, record.version + 1)):
            report.duplicated.append(
                f"{record_id[:8]}: version {record.version}, changes applied {sorted(versions)}"
            )
        state: dict[str, Any] = dict(self.legacy.get(record_id, {}))
        deleted = False
        # The op that made a version comes first; ops the server already agreed with (same
        # version and seq) after it.
        rows = sorted(rows, key=lambda row: row.server_seq)
        groups: dict[int, list[Any]] = defaultdict(list)
        for row in rows:
            groups[row.server_seq].append(row)
        for seq in sorted(groups):
            group = [self.ops.get(row.op_id) for row in groups[seq]]
            if any(info is None for info in group):
                continue  # reported above
            maker = next(
                (
                    info
                    for info in group
                    if not _overwrites(info, state, deleted)
                    and all(
                        _agrees(other, _after(info, state, deleted))
                        for other in group
                        if other is not info
                    )
                ),
                None,
            )
            if maker is None:
                report.silent_overwrites.append(
                    f"{record_id[:8]} seq {seq}: applied over another edit: "
                    + "; ".join(_describe(info, state, deleted) for info in group)
                )
                maker = group[0]
            state, deleted = _after(maker, state, deleted)
        data = json.loads(record.data)
        for name, value in state.items():
            if data.get(name) != value:
                report.lost.append(
                    f"{record_id[:8]}.{name}: applied {value!r}, server holds {data.get(name)!r}"
                )
        if bool(record.deleted) != deleted:
            report.lost.append(f"{record_id[:8]}: deleted should be {deleted}")

    def _compare(self, device: Any, records: dict[str, Any], report: Report) -> None:
        with device.database.engine.connect() as connection:
            rows = {
                row["id"]: row
                for row in connection.exec_driver_sql("SELECT * FROM professional").mappings()
            }
        for record_id, record in records.items():
            row = rows.get(record_id)
            if row is None:
                report.divergent.append(f"{device.name}: {record_id[:8]} missing")
                continue
            data = json.loads(record.data)
            differing = [name for name, value in data.items() if encode(row[name]) != value]
            if bool(row["deleted"]) != bool(record.deleted):
                differing.append("deleted")
            if row["version"] != record.version:
                differing.append("version")
            if differing:
                report.divergent.append(f"{device.name}: {record_id[:8]} differs on {differing}")
        for record_id, row in rows.items():
            if record_id not in records and not row["deleted"]:
                report.divergent.append(f"{device.name}: {record_id[:8]} not on the server")


def _after(info: OpInfo, state: dict[str, Any], deleted: bool) -> tuple[dict[str, Any], bool]:
    if info.kind == "create":
        return {**state, **info.fields}, False
    if info.kind == "update":
        return {**state, **info.fields}, deleted
    return state, info.kind == "delete"


def _overwrites(info: OpInfo, state: dict[str, Any], deleted: bool) -> bool:
    """True when applying ``info`` would replace a value its person never saw."""
    if info.kind != "update":
        return False
    if deleted:
        return True
    return any(
        state.get(name) not in (info.base.get(name), value) for name, value in info.fields.items()
    )


def _agrees(info: OpInfo, after: tuple[dict[str, Any], bool]) -> bool:
    """An op applied without a change of its own: the state already said the same."""
    state, deleted = after
    if info.kind == "update":
        return not deleted and all(state.get(k) == v for k, v in info.fields.items())
    if info.kind in ("delete", "restore"):
        return deleted == (info.kind == "delete")
    return False


def _describe(info: OpInfo, state: dict[str, Any], deleted: bool) -> str:
    changed = {
        name: (info.base.get(name), state.get(name), value) for name, value in info.fields.items()
    }
    return f"{info.device} {info.kind} base/server/new={changed} deleted={deleted}"
