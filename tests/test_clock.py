"""Device clocks that lie change nothing (issue 5, "Time"): the server's seq orders, not the clock.

A real ``ars-tui serve`` on loopback (``--horizon 1``: tombstones kept one day only), three
device files synced with :class:`~ars_tui.sync.client.SyncClient`:

- *rapide*: its clock is 48 hours ahead; *lente*: 48 hours behind; *saute*: right, then it
  jumps back 72 hours in the middle of a session (between two edits of one field), and again
  between two sync rounds.

A device's clock is everything it stamps: the Store's ``clock`` (an op's ``client_time``, the
record's ``updated_at``, its history), the record and op ids (UUIDv7 are made from the time:
patched to use the device's clock), and :func:`storage.sync.state.utc_now` (last sync, conflict
dates) while it syncs. Checked: the edit that reaches the server first wins and the later one is
a conflict, whatever their timestamps; disjoint fields merge; a device's edits apply in the
order it saved them even when its clock went back; a tombstone stamped two days ago by a slow
clock is not purged by a one-day horizon (the server's time counts); cursors only move forward;
in the end every device equals the server, outboxes empty, nothing lost or applied twice.
"""

from __future__ import annotations

import secrets
import shutil
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any
from unittest import mock

import pytest

import storage.records.store as store_module
from ars_tui.sync.client import RoundResult
from storage.db import Database, open_database
from storage.records.store import Store
from storage.sync import conflicts as sync_conflicts
from storage.sync import state as sync_state
from tests.support import kills
from tests.support.kills import ENTITY, PRO, ScriptServer, query, server_file

pytestmark = pytest.mark.slow

#: Any server time must be this close to the real time.
SERVER_SLACK = timedelta(minutes=10)


def uuid7_at(moment: datetime) -> str:
    """A UUIDv7 made at ``moment`` (what uuid6.uuid7 gives on a machine whose clock says it)."""
    millis = int(moment.timestamp() * 1000) & ((1 << 48) - 1)
    rand_a, rand_b = secrets.randbits(12), secrets.randbits(62)
    value = (millis << 80) | (0x7 << 76) | (rand_a << 64) | (0b10 << 62) | rand_b
    return str(uuid.UUID(int=value))


@dataclass
class Device:
    name: str
    path: Path
    database: Database
    token: str
    url: str
    #: The device's clock is the real time plus this (the test moves it).
    offset: timedelta
    cursors: list[int] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.store = Store(self.database.engine, user=self.name, ars_code="REU", clock=self.now)

    def now(self) -> datetime:
        return datetime.now(UTC) + self.offset

    @contextmanager
    def clock(self) -> Iterator[None]:
        """Everything the device stamps in the block follows its clock."""
        with (
            mock.patch.object(store_module, "new_id", lambda: uuid7_at(self.now())),
            mock.patch.object(sync_state, "utc_now", self.now),
        ):
            yield

    def edit(self, record_id: str, **changes: Any) -> None:
        with self.clock():
            self.store.update(ENTITY, record_id, changes)

    def sync(self, saved: dict[str, Any]) -> RoundResult:
        kills.saved_ops(self.path, into=saved)
        with self.clock():
            result = kills.sync_once(self.database, self.url, self.token)
        self.cursors.append(kills.cursor_of(self.path))
        return result

    def get(self, record_id: str) -> dict[str, Any]:
        return self.store.get(ENTITY, record_id)

    def last_op(self) -> Any:
        return query(self.path, "SELECT * FROM outbox_op ORDER BY seq DESC LIMIT 1")[0]


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ScriptServer]:
    running = kills.script_server(tmp_path, extra_args=("--horizon", "1"))
    yield running
    running.stop()


@pytest.fixture
def devices(
    tmp_path: Path, fresh_database_file: Path, server: ScriptServer
) -> Iterator[dict[str, Device]]:
    made: dict[str, Device] = {}
    for name, hours in (("rapide", 48), ("lente", -48), ("saute", 0)):
        path = tmp_path / f"{name}.db"
        shutil.copyfile(fresh_database_file, path)
        made[name] = Device(
            name=name,
            path=path,
            database=open_database(path),
            token=kills.device_token(server, name),
            url=server.url,
            offset=timedelta(hours=hours),
        )
    yield made
    for device in made.values():
        device.database.dispose()


def test_wrong_and_jumping_clocks_change_nothing(
    devices: dict[str, Device], server: ScriptServer
) -> None:
    fast, slow, jumpy = devices["rapide"], devices["lente"], devices["saute"]
    saved: dict[str, Any] = {}
    with fast.clock():
        p1, p2, p3, p4 = (
            fast.store.create(ENTITY, {**PRO, "last_name": name, "phone": "0262000001"})
            for name in ("Payet", "Hoarau", "Grondin", "Técher")
        )
    for device in (fast, slow, jumpy):
        device.sync(saved)

    # p1: the slow clock's edit arrives first; the fast clock's, stamped 96 h later, conflicts.
    slow.edit(p1, phone="0692111111")
    assert slow.sync(saved).conflicts == 0
    fast.edit(p1, phone="0693222222")
    # p2: the other way round.
    fast.edit(p2, phone="0693222222")
    assert fast.sync(saved).conflicts == 1
    slow.edit(p2, phone="0692111111")
    assert slow.sync(saved).conflicts == 1
    # A disjoint field merges, whatever the clock.
    jumpy.edit(p1, specialty="Gériatrie")
    assert jumpy.sync(saved).conflicts == 0

    [fast_conflict] = sync_conflicts.problem_ops(fast.database.engine, "conflict")
    [slow_conflict] = sync_conflicts.problem_ops(slow.database.engine, "conflict")
    for problem, record, mine, theirs in (
        (fast_conflict, p1, "0693222222", "0692111111"),
        (slow_conflict, p2, "0692111111", "0693222222"),
    ):
        assert problem.entity_id == record
        [line] = [c for c in problem.conflicts if c.conflicting]
        assert (line.field, line.base, line.mine, line.theirs) == (
            "phone",
            "0262000001",
            mine,
            theirs,
        )
        # The date shown for the server's value is the server's, not a device clock's.
        assert line.at is not None
        assert abs(datetime.fromisoformat(line.at) - datetime.now(UTC)) < SERVER_SLACK
    # Resolutions: the fast device keeps its value, the slow one takes the server's.
    with fast.clock():
        assert sync_conflicts.resolve_conflict(fast.store, fast_conflict.op_id, {"phone": "mine"})
    with slow.clock():
        assert (
            sync_conflicts.resolve_conflict(slow.store, slow_conflict.op_id, {"phone": "theirs"})
            is None
        )
    fast.sync(saved)
    slow.sync(saved)

    # The clock jumps back 72 h between two edits of one field: the later edit still wins.
    jumpy.edit(p3, specialty="Pédiatrie")
    before = jumpy.last_op()
    jumpy.offset = timedelta(hours=-72)
    jumpy.edit(p3, specialty="Cardiologie")
    after = jumpy.last_op()
    assert after["seq"] > before["seq"]
    assert after["client_time"] < before["client_time"]
    assert after["op_id"] < before["op_id"]  # even the UUIDv7 went back
    jumpy.sync(saved)
    applied = {
        row["op_id"]: row["server_seq"]
        for row in query(server_file(server), "SELECT op_id, server_seq FROM applied_op")
    }
    assert applied[before["op_id"]] < applied[after["op_id"]]
    history = [c.new_value for c in jumpy.store.history(ENTITY, p3) if c.field == "specialty"]
    assert history == ['"Pédiatrie"', '"Cardiologie"']  # in saving order, not by date

    # A tombstone stamped 48 h ago by the slow clock, with a one-day horizon: kept, because the
    # server dates it with its own clock (a restart purges old tombstones).
    slow.edit(p4, phone="0262999999")
    with slow.clock():
        slow.store.delete(ENTITY, p4)
    slow.sync(saved)
    server.restart()
    purged = query(server_file(server), "SELECT max(purged_seq) AS seq FROM seq_counter")
    assert purged[0]["seq"] == 0
    [tombstone] = query(server_file(server), "SELECT deleted FROM central_record WHERE id = ?", p4)
    assert tombstone["deleted"] == 1

    # Settle: the jumping clock goes back again between two rounds.
    for device in (fast, slow, jumpy):
        device.sync(saved)
    jumpy.offset = timedelta(hours=-150)
    for device in (fast, slow, jumpy):
        assert device.sync(saved).received == 0

    last_seq = query(server_file(server), "SELECT last_seq FROM seq_counter WHERE seq_group='OI'")
    for device in (fast, slow, jumpy):
        assert device.cursors == sorted(device.cursors), device.name  # never backwards
        assert device.cursors[-1] == last_seq[0]["last_seq"]
        record = device.get(p1)
        assert (record["phone"], record["specialty"]) == ("0693222222", "Gériatrie")
        assert device.get(p2)["phone"] == "0693222222"
        assert device.get(p3)["specialty"] == "Cardiologie"
        assert device.get(p4)["deleted"] is True
    rows = query(server_file(server), "SELECT updated_at FROM central_record")
    for row in rows:
        stamped = datetime.fromisoformat(row["updated_at"]).replace(tzinfo=UTC)
        assert abs(stamped - datetime.now(UTC)) < SERVER_SLACK  # server time, never a device's
    for device in devices.values():
        device.database.dispose()
    server.stop()
    kills.check_invariants(
        server_file(server),
        [device.path for device in devices.values()],
        saved,
        closed={fast_conflict.op_id, slow_conflict.op_id},
    )
