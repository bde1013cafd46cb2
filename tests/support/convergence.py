"""Several devices, one central endpoint, a faulty link, and the invariants docs/SYNC.md promises.

A :class:`World` is three (or more) devices, each a real SQLite file with its
:class:`~storage.records.store.Store` and :class:`~ars_tui.sync.client.SyncClient`, and the central
app in-process (Starlette's sync test transport over the ASGI app, no socket). Between each client
and the server sit, from the client's side: a :class:`~tests.support.fault_transport.
FaultTransport` (seeded faults) and a :class:`Recorder` (what really reached the server and
what it answered).

Actions (random with :meth:`World.random_step`, or chosen by a Hypothesis state machine):
create, edit, delete and restore professionals, resolve conflicts as a person would (per field,
mine or theirs) and sync. :meth:`World.settle` stops the faults, lets every device resolve what
is left and sync until nothing moves; :meth:`World.check` then returns a :class:`Report`:

- **lost**: an edit a person saved that neither reached the server as applied nor was closed
  by that person (a conflict resolved, an op to fix discarded); or an applied change the server's
  final state does not hold (replayed from the applied ops, in server order);
- **duplicated**: an op answered ``applied`` twice, or answered anything but ``duplicate`` with
  the first answer's version and seq after being applied; a record whose version is not the
  number of changes applied to it;
- **silent overwrites**: an applied update whose field the server held at a value other than
  the op's base (or its new value): a concurrent same-field edit that was not surfaced as a
  conflict; an update applied to a deleted record; a conflict answer never shown to its person;
  and, on the device, a pull that hid a local edit not yet superseded (the overlay);
- **divergent**: a device whose visible records differ from the server's;
- **outbox_left**: ops still in a device's outbox after settling.

Used by tests/test_convergence.py (fixed seeds), tests/test_mutants.py (broken variants must
fail it) and bench/soak.py (thousands of ops).
"""

from __future__ import annotations

import json
import random
import shutil
import warnings
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import sqlalchemy as sa

from tests.support.convergence_check import ENTITY, Invariants, OpInfo, Report, encode
from tests.support.convergence_faults import DATA_FAULTS, DataFaults
from tests.support.fault_transport import DEFAULT_RATES, Fault, FaultSchedule, FaultTransport

__all__ = ["DATA_FAULTS", "EDITABLE", "VALUES", "Report", "World", "run_random"]

#: Small pools, so that devices often edit the same field of the same record (conflicts) and
#: sometimes to the same value (merges that agree).
VALUES: dict[str, list[str]] = {
    "last_name": ["Payet", "Hoarau", "Grondin", "Técher", "Fontaine"],
    "first_name": ["Léa", "Jean-Marc", "Aurélie", "Nassim"],
    "specialty": ["médecine générale", "pédiatrie", "cardiologie", "gériatrie", "psychiatrie"],
    "phone": ["0262 10 20 30", "0692 11 22 33", "0262 99 88 77", "0693 40 50 60"],
}
EDITABLE = tuple(VALUES)
SERVER_URL = "http://central.test"


# --- What reached the server -------------------------------------------------------------------


class Recorder(httpx.BaseTransport):
    """Passes requests to the server and notes each pushed op and each answer it got."""

    def __init__(self, inner: httpx.BaseTransport) -> None:
        self.inner = inner
        #: op_id -> every result dict the server gave it, in order.
        self.answers: dict[str, list[dict[str, Any]]] = defaultdict(list)
        self.pushes = 0

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        if request.method == "POST" and request.url.path.endswith("/sync/push"):
            self.pushes += 1
            if response.status_code == 200:
                for result in response.json()["results"]:
                    self.answers[result["op_id"]].append(result)
        return response

    def close(self) -> None:
        self.inner.close()


# --- The world -----------------------------------------------------------------------------------


@dataclass
class Device:
    name: str
    user: str
    database: Any
    store: Any
    client: Any


class World(DataFaults, Invariants):
    """Devices + server + faults; see the module docstring."""

    def __init__(
        self,
        workdir: Path,
        template: Path,
        *,
        devices: int = 3,
        seed: int = 0,
        rates: dict[Fault, float] | None = None,
        start_batch: int | None = None,
        ars: str = "REU",
        data_faults: float = 0.0,
    ) -> None:
        with warnings.catch_warnings():  # "install httpx2": the client under test uses httpx
            warnings.simplefilter("ignore")
            from starlette.testclient import TestClient

        from ars_tui.central.app import make_central_app
        from ars_tui.central.tokens import create_token
        from ars_tui.sync.client import SyncClient
        from storage.db import open_database
        from storage.records.store import Store

        self.workdir = workdir
        self.ars = ars
        #: Share of random steps that inject a data fault (:data:`DATA_FAULTS`).
        self.data_faults = data_faults
        self.data_fault_counts: Counter[str] = Counter()
        #: Ops forged into an outbox (not a person's edit): never shown, to be refused.
        self.forged: set[str] = set()
        #: Records written straight into the server's table: (id) -> their fields.
        self.legacy: dict[str, dict[str, Any]] = {}
        self.natural_parents: dict[str, str] = {}
        self.rng = random.Random(seed)
        self.seed = seed
        self.app = make_central_app(f"sqlite:///{workdir / 'central.db'}")
        self.server_engine: sa.Engine = self.app.state.engine
        self._test_client = TestClient(self.app)
        self._test_client.__enter__()
        self.recorder = Recorder(self._test_client._transport)
        self.schedule = FaultSchedule(
            seed=seed, rates=dict(DEFAULT_RATES) if rates is None else rates
        )
        self.transport = FaultTransport(self.recorder, self.schedule)
        self.devices: list[Device] = []
        options = {} if start_batch is None else {"start_batch": start_batch}
        for index in range(devices):
            path = workdir / f"appareil-{index + 1}.db"
            shutil.copyfile(template, path)
            database = open_database(path)
            token, _ = create_token(self.server_engine, ars_code=ars, name=f"appareil-{index}")
            user = f"agent{index + 1}"
            client = SyncClient(
                database,
                SERVER_URL,
                token,
                transport=self.transport,
                sleep=lambda _seconds: None,
                **options,
            )
            self.devices.append(
                Device(
                    name=f"appareil-{index + 1}",
                    user=user,
                    database=database,
                    store=Store(database.engine, user=user, ars_code=ars),
                    client=client,
                )
            )
        self.ops: dict[str, OpInfo] = {}
        #: op_id -> what the person chose ("resolved" or "discarded").
        self.closed_by_user: dict[str, str] = {}
        self.actions: Counter[str] = Counter()
        self.sync_errors: Counter[str] = Counter()
        self.overlay_breaches: list[str] = []

    def close(self) -> None:
        for device in self.devices:
            device.client.close()
            device.database.dispose()
        self._test_client.__exit__(None, None, None)

    # --- reading a device ----------------------------------------------------------------------

    def _visible(self, device: Device, *, deleted: bool | None = None) -> list[str]:
        query = "SELECT id FROM professional"
        if deleted is not None:
            query += f" WHERE deleted = {int(deleted)}"
        with device.database.engine.connect() as connection:
            return [row[0] for row in connection.exec_driver_sql(query + " ORDER BY id")]

    def _note_new_ops(self, device: Device) -> None:
        with device.database.engine.connect() as connection:
            rows = connection.exec_driver_sql(
                "SELECT op_id, entity_id, kind, fields, base FROM outbox_op"
            ).all()
        for op_id, entity_id, kind, fields, base in rows:
            if op_id not in self.ops:
                self.ops[op_id] = OpInfo(
                    device.name, entity_id, kind, json.loads(fields), json.loads(base)
                )

    def _check_overlay(self, device: Device) -> None:
        """Each field a not-yet-superseded op of this device set shows that op's value."""
        with device.database.engine.connect() as connection:
            ops = connection.exec_driver_sql(
                "SELECT o.entity_id, o.kind, o.fields FROM outbox_op AS o"
                " LEFT JOIN sync_shadow AS s ON s.entity = o.entity AND s.entity_id = o.entity_id"
                " WHERE o.entity = 'professional' AND (o.state IN ('pending', 'inflight')"
                " OR (o.state = 'acked' AND (s.server_seq IS NULL"
                " OR o.server_seq > s.server_seq)))"
                " ORDER BY o.seq"
            ).all()
            expected: dict[str, dict[str, Any]] = defaultdict(dict)
            forged_ids = {self.ops[o].entity_id for o in self.forged if o in self.ops}
            for entity_id, kind, fields in ops:
                if entity_id in forged_ids:
                    continue  # a forged op never shows: it breaks the local rules
                expected[entity_id].update(json.loads(fields))
                if kind in ("delete", "restore"):
                    expected[entity_id]["deleted"] = kind == "delete"
            for entity_id, values in expected.items():
                row = (
                    connection.exec_driver_sql(
                        "SELECT * FROM professional WHERE id = ?", (entity_id,)
                    )
                    .mappings()
                    .first()
                )
                for name, value in values.items():
                    shown = None if row is None else encode(row[name])
                    if name == "deleted" and shown is not None:
                        shown = bool(shown)
                    if shown != value:
                        self.overlay_breaches.append(
                            f"{device.name}: {entity_id[:8]}.{name} shows {shown!r}, "
                            f"its pending edit says {value!r}"
                        )

    # --- actions -------------------------------------------------------------------------------

    def create(self, index: int, values: dict[str, str] | None = None) -> None:
        device = self.devices[index]
        values = values or {name: self.rng.choice(pool) for name, pool in VALUES.items()}
        device.store.create(ENTITY, values)
        self.actions["create"] += 1
        self._note_new_ops(device)

    def edit(self, index: int, pick: int, name: str, value: str) -> bool:
        from storage.records.validation import ValidationError

        device = self.devices[index]
        ids = self._visible(device, deleted=False)
        if not ids:
            return False
        try:
            device.store.update(ENTITY, ids[pick % len(ids)], {name: value})
        except ValidationError:  # nothing to change, or a record the device knows is gone
            return False
        self.actions["edit"] += 1
        self._note_new_ops(device)
        return True

    def delete(self, index: int, pick: int) -> bool:
        return self._tombstone(index, pick, restore=False)

    def restore(self, index: int, pick: int) -> bool:
        return self._tombstone(index, pick, restore=True)

    def _tombstone(self, index: int, pick: int, *, restore: bool) -> bool:
        from storage.records.validation import ValidationError

        device = self.devices[index]
        ids = self._visible(device, deleted=restore)
        if not ids:
            return False
        try:
            action = device.store.restore if restore else device.store.delete
            action(ENTITY, ids[pick % len(ids)])
        except ValidationError:
            return False
        self.actions["restore" if restore else "delete"] += 1
        self._note_new_ops(device)
        return True

    def resolve(self, index: int, choose: Callable[[str], str] | None = None) -> int:
        """The person deals with every conflict and op to fix; returns how many."""
        from storage.records.validation import ValidationError
        from storage.sync import conflicts as sync_conflicts
        from storage.sync import quarantine as sync_quarantine
        from storage.sync import state as sync_state

        device = self.devices[index]
        choose = choose or (lambda _field: self.rng.choice((sync_state.MINE, sync_state.THEIRS)))
        done = 0
        for problem in sync_conflicts.problem_ops(device.database.engine, sync_state.CONFLICT):
            choices = {item.field: choose(item.field) for item in problem.conflicts}
            try:
                sync_conflicts.resolve_conflict(device.store, problem.op_id, choices)
            except ValidationError:
                # "mine" no longer fits (e.g. nothing left to change): take the server's values.
                choices = dict.fromkeys(choices, sync_state.THEIRS)
                sync_conflicts.resolve_conflict(device.store, problem.op_id, choices)
            self.closed_by_user[problem.op_id] = "resolved"
            done += 1
        for problem in sync_conflicts.problem_ops(device.database.engine, sync_state.REJECTED):
            sync_conflicts.discard_rejected(device.database.engine, problem.op_id)
            self.closed_by_user[problem.op_id] = "discarded"
            done += 1
        for waiting in sync_quarantine.quarantined(device.database.engine):
            # The person gives the record the name it lacks; the correction is sent.
            name = self.rng.choice(VALUES["last_name"])
            sync_quarantine.resend_quarantined(
                device.store, waiting.entity, waiting.entity_id, {"last_name": name}
            )
            done += 1
        self.actions["resolve"] += done
        self._note_new_ops(device)
        return done

    def sync(self, index: int) -> bool:
        """One round; a round stopped by the faults is normal (counted by kind)."""
        from ars_tui.sync.client import SyncError

        device = self.devices[index]
        self.actions["sync"] += 1
        try:
            device.client.run_round()
        except SyncError as error:
            self.sync_errors[error.kind] += 1
            return False
        finally:
            self._check_overlay(device)
        return True

    def random_step(self) -> str:
        rng = self.rng
        index = rng.randrange(len(self.devices))
        if self.data_faults and rng.random() < self.data_faults:
            return "fault_" + self.data_fault(index)
        roll = rng.random()
        if roll < 0.15:
            self.create(index)
            return "create"
        if roll < 0.55:
            name = rng.choice(EDITABLE)
            self.edit(index, rng.randrange(1 << 16), name, rng.choice(VALUES[name]))
            return "edit"
        if roll < 0.62:
            self.delete(index, rng.randrange(1 << 16))
            return "delete"
        if roll < 0.65:
            self.restore(index, rng.randrange(1 << 16))
            return "restore"
        if roll < 0.72:
            self.resolve(index)
            return "resolve"
        self.sync(index)
        return "sync"

    # --- the end -------------------------------------------------------------------------------

    def _problems(self, device: Device) -> int:
        from storage.sync import progress as sync_progress

        status = sync_progress.sync_status(device.database.engine)
        return status.pending + status.conflicts + status.rejected + status.quarantined

    def settle(self, max_passes: int = 12) -> int:
        """Faults off; every device resolves what is left and syncs until nothing moves.

        Returns the passes it took; raises AssertionError when it never settles.
        """
        from ars_tui.sync.client import SyncError

        self.schedule.stop()
        for passes in range(1, max_passes + 1):
            for index, device in enumerate(self.devices):
                self.resolve(index, choose=lambda _field: "mine")
                try:
                    device.client.run_round()
                except SyncError as error:  # no faults now: a real failure
                    raise AssertionError(
                        f"{device.name}: sync failed when quiet: {error}"
                    ) from None
                self._check_overlay(device)
            if not any(self._problems(device) for device in self.devices):
                for device in self.devices:  # everyone pulls the last changes
                    device.client.run_round()
                return passes
        raise AssertionError(f"not settled after {max_passes} passes")


def run_random(world: World, steps: int) -> None:
    for _ in range(steps):
        world.random_step()
