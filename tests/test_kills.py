"""Real ``kill -9`` at the worst moments (issue 5; docs/SYNC.md, "How it is tested").

- the server (``ars-tui serve``, uvicorn) killed in the middle of a push batch of 1,000 ops:
  while the body is still arriving (an unchanged server behind a slow link), inside the write
  transaction, and after the commit but before the answer (the server started from a small
  script that monkeypatches the service to kill itself at that exact point); then restarted on
  the same database file, on the same port;
- a device process killed after the server committed a batch but before it wrote the answer
  down, and killed during a pull (after N pages committed, and inside the page's transaction),
  again from a child script that monkeypatches :mod:`storage.sync.state` and kills itself: no
  test hook in the product. The next sync is a new ``ars-tui sync`` process.

Afterwards: every op a device saved is applied exactly once (``applied_op``, record versions,
server seqs), devices and server hold the same records, outboxes are empty and ``PRAGMA
integrity_check`` is ``ok`` on every file (:func:`~tests.support.kills.check_invariants`, also
used by tests/test_clock.py and tests/test_long_offline.py).
"""

from __future__ import annotations

import gzip
import json
import re
import shutil
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from ars_tui.sync.client import SyncError
from storage.db import Database, open_database
from storage.records.store import Store
from storage.sync import outbox as sync_outbox
from tests.support.kills import (
    BATCH,
    CREATES,
    DEADLINE_S,
    ENTITY,
    KILLED,
    PRO,
    SELF_KILLING_SERVER,
    UPDATES,
    ScriptServer,
    applied_ids,
    check_invariants,
    cli_sync,
    copy_device,
    cursor_of,
    device_token,
    integrity,
    killed_device_sync,
    outbox,
    push_counts,
    query,
    saved_ops,
    script_server,
    server_file,
    settled_applied_ids,
    sync_once,
)
from tests.support.net_proxy import LinkSettings, ThreadedNetProxy

pytestmark = pytest.mark.slow


# --- Fixtures ------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def offline_device_file(
    tmp_path_factory: pytest.TempPathFactory, fresh_database_file: Path
) -> Path:
    """A device that saved CREATES creates then UPDATES updates offline (closed, WAL merged)."""
    path = tmp_path_factory.mktemp("offline") / "alice.db"
    shutil.copyfile(fresh_database_file, path)
    database = open_database(path)
    store = Store(database.engine, user="alice", ars_code="REU")
    with store.batch():
        ids = [store.create(ENTITY, {**PRO, "last_name": f"Nom {i}"}) for i in range(CREATES)]
    with store.batch():
        for index, record_id in enumerate(ids[:UPDATES]):
            store.update(ENTITY, record_id, {"phone": f"0692{index:06d}"})
    database.dispose()
    return path


@pytest.fixture
def server(tmp_path: Path) -> Iterator[ScriptServer]:
    running = script_server(tmp_path)
    yield running
    running.stop()


def in_thread(action: Callable[[], Any]) -> tuple[threading.Thread, list[BaseException]]:
    errors: list[BaseException] = []

    def run() -> None:
        try:
            action()
        except BaseException as error:  # reported in the test's thread
            errors.append(error)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    return thread, errors


# --- The server killed mid-batch -----------------------------------------------------------------


@pytest.mark.parametrize("kill_at", ["upload", "in_transaction", "after_commit"])
def test_server_killed_mid_push_batch_then_restarted(
    kill_at: str, tmp_path: Path, offline_device_file: Path
) -> None:
    server = script_server(
        tmp_path,
        script=None if kill_at == "upload" else SELF_KILLING_SERVER,
        env={"KILL_AT": kill_at},
    )
    database: Database | None = None
    try:
        token = device_token(server, "alice")
        path = copy_device(offline_device_file, tmp_path, "alice")
        saved = saved_ops(path)
        assert len(saved) == CREATES + UPDATES  # one op per edit (the server makes its history)
        database = open_database(path)
        if kill_at == "upload":
            # An unchanged server behind a link of ~1 s per batch: killed half way through it.
            pending = sync_outbox.pending_ops(database.engine, BATCH)
            wire = {"ops": [op.to_wire() for op in pending]}
            text = json.dumps(wire, ensure_ascii=False, separators=(",", ":"))
            body = gzip.compress(text.encode(), compresslevel=5)  # as the client sends it
            link = LinkSettings(bandwidth=len(body))
            with ThreadedNetProxy("127.0.0.1", server.port, link) as proxy:
                device_db = database  # not None, for the thread
                thread, errors = in_thread(
                    lambda: sync_once(device_db, proxy.url, token, start_batch=BATCH)
                )
                deadline = time.monotonic() + DEADLINE_S
                while proxy.stats.bytes_up < len(body) // 2 and time.monotonic() < deadline:
                    time.sleep(0.005)
                server.kill()
                uploaded = proxy.stats.bytes_up
                thread.join(DEADLINE_S)
            assert not thread.is_alive()
            assert len(body) // 2 <= uploaded < len(body)
            [error] = errors
        else:
            with pytest.raises(SyncError) as raised:
                sync_once(database, server.url, token, start_batch=BATCH)
            assert server.wait_killed() == KILLED
            error = raised.value
        assert isinstance(error, SyncError) and error.kind == "unreachable", error
        committed = len(applied_ids(server_file(server)))
        assert committed == (BATCH if kill_at == "after_commit" else 0)
        states = Counter(row["state"] for row in outbox(path))
        assert states == {"inflight": BATCH, "pending": CREATES + UPDATES - BATCH}

        # Restarted on the same file and port: the device sends the same batch again.
        server.script = None
        offset = len(server.log())
        server.start()
        result = sync_once(database, server.url, token, start_batch=BATCH)
        # The counts are the edits (their history records, pulled along, uncounted).
        assert (result.sent, result.received, result.conflicts) == (len(saved), CREATES, 0)
        pushes = push_counts(server.log()[offset:], "alice")
        first = pushes[0]
        if kill_at == "after_commit":
            assert first == Counter(ops=BATCH, duplicate=BATCH)
        else:
            assert first == Counter(ops=BATCH, applied=BATCH)
        assert sum(push["applied"] for push in pushes) == len(saved) - committed
        database.dispose()
        database = None
        server.stop()
        check_invariants(server_file(server), [path], saved)
    finally:
        if database is not None:
            database.dispose()
        server.stop()


# --- A device killed between the server's commit and its own acknowledgement ----------------------


def test_device_killed_after_server_commit_before_local_ack(
    tmp_path: Path, offline_device_file: Path, fresh_database_file: Path, server: ScriptServer
) -> None:
    token = device_token(server, "alice")
    path = copy_device(offline_device_file, tmp_path, "alice")
    saved = saved_ops(path)
    order = [row["op_id"] for row in outbox(path)]
    # Batches of 500 then 1,000: killed with the answer to the second one in hand.
    done = killed_device_sync(path, server.url, token, "push_ack", 2, start_batch=500)
    assert done.returncode == KILLED, done.stderr
    # The client sends the next batch as soon as an all-applied answer arrives, before it writes
    # that answer down: the third batch (the ops after the first 1,500) was on its way too, and
    # the server may or may not have committed it before the kill.
    third = order[1500:2500]
    on_server = settled_applied_ids(server_file(server))
    assert set(order[:1500]) <= on_server <= set(order[:1500] + third)
    states = {row["op_id"]: row["state"] for row in outbox(path)}
    assert {states[op_id] for op_id in order[:500]} == {"acked"}
    assert {states[op_id] for op_id in order[500:1500]} == {"inflight"}  # never acknowledged
    assert {states[op_id] for op_id in third} == {"inflight"}  # sent, never acknowledged
    assert {states[op_id] for op_id in order[2500:]} <= {"pending"}
    assert len(order) > 1500
    assert integrity(path) == "ok"

    offset = len(server.log())
    done = cli_sync(path, server.url, token)  # a new process
    assert done.returncode == 0, done.stderr
    assert "0 conflit(s), 0 à corriger" in done.stdout
    pushes = push_counts(server.log()[offset:], "alice")
    # Everything the server had committed is answered duplicate, the rest applied, once each.
    assert sum(push["duplicate"] for push in pushes) == len(on_server) - 500
    assert sum(push["applied"] for push in pushes) == len(saved) - len(on_server)
    assert sum(push["ops"] for push in pushes) == len(saved) - 500

    bruno = copy_device(fresh_database_file, tmp_path, "bruno")
    database = open_database(bruno)
    try:
        assert sync_once(database, server.url, device_token(server, "bruno")).received == CREATES
    finally:
        database.dispose()
    server.stop()
    check_invariants(server_file(server), [path, bruno], saved)


@pytest.mark.parametrize("kill_at", ["pull_page", "pull_commit"])
def test_device_killed_during_a_pull(
    kill_at: str,
    tmp_path: Path,
    offline_device_file: Path,
    fresh_database_file: Path,
    server: ScriptServer,
) -> None:
    # Alice's 2,000 ops reach the server (1,500 records); Bruno has 50 records of his own.
    alice = copy_device(offline_device_file, tmp_path, "alice")
    bruno = copy_device(fresh_database_file, tmp_path, "bruno")
    alice_token, bruno_token = device_token(server, "alice"), device_token(server, "bruno")
    saved = saved_ops(alice)
    database = open_database(alice)
    try:
        sync_once(database, server.url, alice_token, start_batch=BATCH)
    finally:
        database.dispose()
    database = open_database(bruno)
    try:
        store = Store(database.engine, user="bruno", ars_code="REU")
        own = [store.create(ENTITY, {**PRO, "first_name": f"B{i}"}) for i in range(50)]
    finally:
        database.dispose()
    saved_ops(bruno, into=saved)

    # Pages of 200: killed once 3 pages are committed, or inside the 4th page's transaction.
    nth = 3 if kill_at == "pull_page" else 4
    done = killed_device_sync(bruno, server.url, bruno_token, kill_at, nth, pull_limit=200)
    assert done.returncode == KILLED, done.stderr
    assert integrity(bruno) == "ok"
    # The 600th record by seq: rows of central_record, and history records kept with their op.
    [page_3_end] = query(
        server_file(server),
        "SELECT server_seq AS seq FROM central_record UNION ALL"
        " SELECT change_seq FROM applied_op WHERE change_seq IS NOT NULL"
        " ORDER BY seq LIMIT 1 OFFSET 599",
    )
    cursor = cursor_of(bruno)
    assert cursor == page_3_end["seq"]  # the 4th page left no trace (one transaction)
    # The 3 pages' rows are stored as visible rows: Alice's records and their history records,
    # without a shadow (no op of Bruno's on them); his own records still shown (acked, not yet
    # pulled).
    history = query(bruno, "SELECT id FROM record_change")
    rows = query(bruno, f"SELECT id FROM {ENTITY}")
    pulled = len(rows) - len(own)
    assert 0 < pulled < 600 and pulled + len(history) == 600
    assert query(bruno, "SELECT entity_id FROM sync_shadow") == []
    assert {row["state"] for row in outbox(bruno)} == {"acked"}
    assert applied_ids(server_file(server)) == set(saved)

    offset = len(server.log())
    done = cli_sync(bruno, server.url, bruno_token)
    assert done.returncode == 0, done.stderr
    assert "0 envoyée(s)" in done.stdout  # nothing sent twice
    pulls = re.findall(r"pull device=bruno ars=REU since=(\d+)", server.log()[offset:])
    assert int(pulls[0]) == cursor  # resumed from its cursor, not from zero
    database = open_database(alice)
    try:
        assert sync_once(database, server.url, alice_token).received == len(own)
    finally:
        database.dispose()
    server.stop()
    check_invariants(server_file(server), [alice, bruno], saved)
