"""A device offline for 30 days (issue 5; docs/SYNC.md, "The client loop", "The server").

The server is ``ars-tui serve --horizon 30`` started from a small script whose only change is
the server's clock: the real time plus a number of days read from a file the test writes (the
fake clock of tests/test_central_api.py, in a real process). The device is a real file synced
with :class:`~ars_tui.sync.client.SyncClient` over loopback through a transport that counts
what goes out.

- 5,000 changes saved over 30 days offline go in bounded batches: 200, then doubling, never over
  the server's ``max_ops_per_push`` (hello), each answered before the next leaves;
- meanwhile tombstones past the 30-day horizon were purged, so the device's cursor is too old:
  ``410 resync_required``, the device downloads everything again from 0, and its outbox is kept
  (a conflict and the op held behind it wait for the person), nothing lost or applied twice;
- records the device had, deleted by someone else and purged while it was away, must not stay
  on the device as if alive after the resync (every device identical to the server).
"""

from __future__ import annotations

import gzip
import json
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest

from ars_tui import protocol
from ars_tui.protocol import PULL_PATH, PUSH_PATH
from storage.records.store import Store
from storage.sync import conflicts as sync_conflicts
from storage.sync import progress as sync_progress
from tests.support import kills
from tests.support.kills import ENTITY, PRO, ScriptServer, outbox, saved_ops, sync_once

pytestmark = pytest.mark.slow

HORIZON_DAYS = 30
#: ``ars-tui serve`` with its clock moved by the number of days in $ARS_TEST_SERVER_DAYS_FILE.
FAKE_CLOCK_SERVER = """
import os, sys
from datetime import UTC, datetime, timedelta
from pathlib import Path
import ars_tui.central.app as central_app

days = Path(os.environ["ARS_TEST_SERVER_DAYS_FILE"])

def clock():
    return datetime.now(UTC) + timedelta(days=float(days.read_text()))

real_make = central_app.make_central_app
def make_central_app(url, **options):
    options.setdefault("clock", clock)
    return real_make(url, **options)
central_app.make_central_app = make_central_app
from ars_tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


class CountingTransport(httpx.HTTPTransport):
    """A real HTTP transport that notes each push's op count and each pull's since and status."""

    def __init__(self) -> None:
        super().__init__()
        self.pushes: list[int] = []
        self.pulls: list[tuple[int, int]] = []

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        response = super().handle_request(request)
        if request.url.path == PUSH_PATH:
            self.pushes.append(len(json.loads(gzip.decompress(request.content))["ops"]))
        elif request.url.path == PULL_PATH:
            self.pulls.append((int(request.url.params["since"]), response.status_code))
        return response


class ServerClock:
    def __init__(self, path: Path) -> None:
        self.path = path
        self.set(0)

    def set(self, days: float) -> None:
        self.path.write_text(str(days))


@pytest.fixture
def server_clock(tmp_path: Path) -> ServerClock:
    return ServerClock(tmp_path / "server-days.txt")


@pytest.fixture
def server(tmp_path: Path, server_clock: ServerClock) -> Iterator[ScriptServer]:
    running = kills.script_server(
        tmp_path,
        script=FAKE_CLOCK_SERVER,
        extra_args=("--horizon", str(HORIZON_DAYS)),
        env={"ARS_TEST_SERVER_DAYS_FILE": str(server_clock.path)},
    )
    yield running
    running.stop()


def _tokens(server: ScriptServer) -> dict[str, str]:
    """The sync token of each of the two devices of these tests."""
    return {name: kills.device_token(server, name) for name in ("dina", "olivier")}


def test_thirty_days_offline_5000_changes_bounded_batches_then_resync(
    server: ScriptServer, server_clock: ServerClock, fresh_copies: Any, monkeypatch: Any
) -> None:
    dina, olivier = fresh_copies("dina"), fresh_copies("olivier")
    tokens = _tokens(server)
    saved: dict[str, Any] = {}
    start = datetime.now(UTC)
    shared_store = Store(olivier.engine, user="olivier", ars_code="REU", clock=lambda: start)
    shared = [shared_store.create(ENTITY, {**PRO, "last_name": f"P{i}"}) for i in range(20)]
    saved_ops(olivier.path, into=saved)
    sync_once(olivier, server.url, tokens["olivier"])
    sync_once(dina, server.url, tokens["dina"])
    assert kills.cursor_of(dina.path) == 40  # 20 records and their 20 history records

    # Day 0.5, Dina is away: Olivier makes 10 records and deletes them, and edits a shared one.
    server_clock.set(0.5)
    with shared_store.batch():
        temporary = [shared_store.create(ENTITY, {**PRO, "first_name": "Tmp"}) for _ in range(10)]
        for record_id in temporary:
            shared_store.delete(ENTITY, record_id)
    shared_store.update(ENTITY, shared[0], {"phone": "0262000000"})
    saved_ops(olivier.path, into=saved)
    sync_once(olivier, server.url, tokens["olivier"])

    # Dina, 30 days offline: 3,000 creates, 1,998 edits of them, then two edits of a shared
    # record (the phone Olivier changed too: a conflict, and the next op is held behind it).
    moment = [start]
    store = Store(dina.engine, user="dina", ars_code="REU", clock=lambda: moment[0])
    created: list[str] = []
    for day in range(30):
        moment[0] = start + timedelta(days=day, hours=9)
        with store.batch():
            created += [store.create(ENTITY, {**PRO, "first_name": f"J{day}"}) for _ in range(100)]
    for first in range(0, 1998, 100):
        moment[0] = start + timedelta(days=10 + first // 100, hours=14)
        with store.batch():
            for index in range(first, min(first + 100, 1998)):
                store.update(ENTITY, created[index], {"phone": f"0692{index:06d}"})
    moment[0] = start + timedelta(days=30)
    store.update(ENTITY, shared[0], {"phone": "0693999999"})
    store.update(ENTITY, shared[0], {"last_name": "Payet-Hoarau"})
    saved_ops(dina.path, into=saved)
    assert len(outbox(dina.path)) == 5000  # one op per edit (the server writes its history)

    # Day 31: the tombstones of day 0.5 are past the horizon (purged at the next pull).
    server_clock.set(HORIZON_DAYS + 1)
    at_resync: list[Counter[str]] = []
    real_reset = sync_progress.reset_cursor

    def reset_cursor(engine: Any, **options: Any) -> None:
        at_resync.append(Counter(row["state"] for row in outbox(dina.path)))
        real_reset(engine, **options)

    monkeypatch.setattr(sync_progress, "reset_cursor", reset_cursor)
    transport = CountingTransport()
    offset = len(server.log())
    result = sync_once(dina, server.url, tokens["dina"], transport=transport)

    limit = protocol.Limits().max_ops_per_push
    assert transport.pushes == [200, 400, 800, *[1000] * 3, 600]
    assert max(transport.pushes) <= limit
    pushes = kills.push_counts(server.log()[offset:], "dina")
    assert [push["ops"] for push in pushes] == transport.pushes  # each answered, none resent
    totals = sum(pushes, Counter())
    assert (totals["applied"], totals["conflict"], totals["blocked"]) == (4998, 1, 1)
    assert result.sent == 5000 and result.conflicts == 1
    # The old cursor: 410, then everything again from 0, with the whole outbox still there.
    assert transport.pulls[0] == (40, 410)
    assert transport.pulls[1] == (0, 200)
    assert {status for _since, status in transport.pulls[1:]} == {200}
    assert at_resync == [Counter(acked=4998, conflict=1, pending=1)]
    assert Counter(row["state"] for row in outbox(dina.path)) == {"conflict": 1, "pending": 1}
    purged = kills.query(
        kills.server_file(server), "SELECT max(purged_seq) AS seq FROM seq_counter"
    )
    # The 10 tombstones went (seqs 41 to 80 hold the creates, the deletes and their history
    # records, which are not tombstones: the last tombstone is at 79).
    assert purged[0]["seq"] == 79
    assert kills.cursor_of(dina.path) > 79
    shown = store.get(ENTITY, shared[0])
    assert (shown["phone"], shown["last_name"]) == ("0262000000", "Payet-Hoarau")

    # Dina keeps her phone number; then everyone syncs.
    [problem] = sync_conflicts.problem_ops(dina.engine, "conflict")
    assert sync_conflicts.resolve_conflict(store, problem.op_id, {"phone": "mine"})
    saved_ops(dina.path, into=saved)
    assert sync_once(dina, server.url, tokens["dina"]).conflicts == 0
    sync_once(olivier, server.url, tokens["olivier"])
    assert store.get(ENTITY, shared[0])["phone"] == "0693999999"
    for database in (dina, olivier):
        database.dispose()
    server.stop()
    kills.check_invariants(
        kills.server_file(server), [dina.path, olivier.path], saved, closed={problem.op_id}
    )


def test_records_deleted_and_purged_while_away_do_not_stay_alive_after_resync(
    server: ScriptServer, server_clock: ServerClock, fresh_copies: Any
) -> None:
    dina, olivier = fresh_copies("dina"), fresh_copies("olivier")
    tokens = _tokens(server)
    saved: dict[str, Any] = {}
    olivier_store = Store(olivier.engine, user="olivier", ars_code="REU")
    records = [olivier_store.create(ENTITY, {**PRO, "last_name": f"P{i}"}) for i in range(5)]
    saved_ops(olivier.path, into=saved)
    sync_once(olivier, server.url, tokens["olivier"])
    sync_once(dina, server.url, tokens["dina"])
    assert len(kills.query(dina.path, f"SELECT id FROM {ENTITY} WHERE deleted = 0")) == 5

    server_clock.set(0.5)
    for record_id in records[:3]:
        olivier_store.delete(ENTITY, record_id)
    saved_ops(olivier.path, into=saved)
    sync_once(olivier, server.url, tokens["olivier"])

    dina_store = Store(dina.engine, user="dina", ars_code="REU")
    for index in range(10):
        dina_store.create(ENTITY, {**PRO, "first_name": f"D{index}"})
    saved_ops(dina.path, into=saved)
    server_clock.set(HORIZON_DAYS + 1)
    transport = CountingTransport()
    sync_once(dina, server.url, tokens["dina"], transport=transport)
    # The deletions Dina never saw were purged (her cursor: 5 records, 5 history records).
    assert transport.pulls[0] == (10, 410)
    sync_once(dina, server.url, tokens["dina"])
    sync_once(olivier, server.url, tokens["olivier"])
    assert outbox(dina.path) == []

    # Olivier and the server no longer have the 3 deleted records; Dina must not show them.
    server_records = {
        row["id"]: row
        for row in kills.query(
            kills.server_file(server),
            "SELECT id, version, server_seq, deleted, data FROM central_record WHERE entity = ?",
            ENTITY,
        )
    }
    assert set(records[:3]).isdisjoint(server_records)
    alive = {
        row["id"] for row in kills.query(dina.path, f"SELECT id FROM {ENTITY} WHERE deleted = 0")
    }
    assert alive.isdisjoint(records[:3]), "deleted on the server, still alive on the device"
    assert kills.compare_with_server(dina.path, server_records) == []
    for database in (dina, olivier):
        database.dispose()
    server.stop()
    kills.check_invariants(kills.server_file(server), [dina.path, olivier.path], saved)
