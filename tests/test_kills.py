"""Real ``kill -9`` at the worst moments (issue 5, "Real processes"; SYNC.md, "How it is tested").

- the server (``ars-tui serve``, uvicorn) killed in the middle of a push batch of 1,000 ops:
  while the body is still arriving (an unchanged server behind a slow link), inside the write
  transaction, and after the commit but before the answer (the server started from a small
  script that monkeypatches the service to kill itself at that exact point); then restarted on
  the same database file, on the same port;
- a device process killed after the server committed a batch but before it wrote the answer
  down, and killed during a pull (after N pages committed, and inside the page's transaction),
  again from a child script that monkeypatches :mod:`storage.sync_state` and kills itself: no
  test hook in the product. The next sync is a new ``ars-tui sync`` process.

Afterwards: every op a device saved is applied exactly once (``applied_op``, record versions,
server seqs), devices and server hold the same records, outboxes are empty and ``PRAGMA
integrity_check`` is ``ok`` on every file (:func:`check_invariants`, also used by
tests/test_clock.py and tests/test_long_offline.py).
"""

from __future__ import annotations

import gzip
import json
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import pytest

from ars_tui.protocol import HEALTH_PATH
from ars_tui.sync.client import RoundResult, SyncClient, SyncError
from storage import sync_state
from storage.db import Database, open_database
from storage.store import Store
from tests.support.central_server import (
    START_TIMEOUT_S,
    RunningServer,
    ars_tui_command,
    free_port,
)
from tests.support.net_proxy import LinkSettings, ThreadedNetProxy

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[1]
ENTITY = "professional"
PRO = {"last_name": "Payet", "first_name": "Léa", "situation": "remplacant"}
KILLED = -signal.SIGKILL
#: The device file every test here starts from: CREATES creates, then UPDATES updates.
CREATES, UPDATES = 1500, 500
#: Ops per push in the server-kill tests (the server's limit).
BATCH = 1000
#: Bound of every child process and every wait.
DEADLINE_S = 60.0


# --- Servers -------------------------------------------------------------------------------------

#: ``ars-tui serve`` that SIGKILLs itself at $KILL_AT: inside the push's write transaction (after
#: its rows are written, before the commit) or after the commit, before the answer leaves.
SELF_KILLING_SERVER = """
import os, signal, sys
from ars_tui.central import service

def die(*_args, **_options):
    os.kill(os.getpid(), signal.SIGKILL)

where = os.environ["KILL_AT"]
if where == "in_transaction":
    real_write = service._write
    def write(*args, **options):
        real_write(*args, **options)
        die()
    service._write = write
elif where == "after_commit":
    real_push = service.push
    def push(*args, **options):
        real_push(*args, **options)
        die()
    service.push = push
from ars_tui.cli import main
sys.exit(main(sys.argv[1:]))
"""


@dataclass
class ScriptServer(RunningServer):
    """:class:`RunningServer` started from ``script`` (``python -c``) when given, with extra
    ``serve`` arguments and environment; ``script = None`` then ``start()``: plain serve again."""

    script: str | None = None
    extra_args: tuple[str, ...] = ()
    env: dict[str, str] = field(default_factory=dict)

    def start(self) -> None:
        args = ("serve", "--db", self.database_url, "--port", str(self.port), *self.extra_args)
        if self.script is None:
            command = ars_tui_command(*args)
        else:
            command = [sys.executable, "-c", self.script, *args]
        with self.log_path.open("ab") as log:
            self.process = subprocess.Popen(
                command,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=ROOT,
                env={**os.environ, **self.env},
            )
        deadline = time.monotonic() + START_TIMEOUT_S
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"the server exited:\n{self.log()}")
            try:
                if httpx.get(f"{self.url}{HEALTH_PATH}", timeout=1.0).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            time.sleep(0.05)
        self.stop()
        raise RuntimeError(f"the server did not answer in {START_TIMEOUT_S} s:\n{self.log()}")

    def wait_killed(self) -> int | None:
        assert self.process is not None
        return self.process.wait(timeout=DEADLINE_S)


def script_server(
    tmp_path: Path,
    *,
    script: str | None = None,
    extra_args: Iterable[str] = (),
    env: Mapping[str, str] | None = None,
) -> ScriptServer:
    """A started server on ``tmp_path / "central.db"`` (SQLite: the file is checked after)."""
    server = ScriptServer(
        database_url=f"sqlite:///{tmp_path / 'central.db'}",
        port=free_port(),
        log_path=tmp_path / f"central-{secrets.token_hex(4)}.log",
        script=script,
        extra_args=tuple(extra_args),
        env=dict(env or {}),
    )
    server.start()
    return server


def device_token(server: RunningServer, name: str, ars_code: str = "REU") -> str:
    """A device token written straight into the server's database (what ``ars-tui token
    create`` does, without starting a process: tests/test_sync_e2e.py covers the command)."""
    from ars_tui.central.db import make_central_engine
    from ars_tui.central.tokens import create_token

    engine = make_central_engine(server.database_url)
    try:
        return create_token(engine, ars_code=ars_code, name=name)[0]
    finally:
        engine.dispose()


def server_file(server: RunningServer) -> Path:
    return Path(server.database_url.removeprefix("sqlite:///"))


PUSH_LINE = re.compile(r"push device=(\S+) ars=\S+ ops=(\d+)((?: \w+=\d+)*)$", re.MULTILINE)


def push_counts(log: str, device: str) -> list[Counter[str]]:
    """Per push of ``device`` in a server log: its result counts (``applied``, ``duplicate``...)."""
    pushes: list[Counter[str]] = []
    for match in PUSH_LINE.finditer(log):
        if match.group(1) != device:
            continue
        counts: Counter[str] = Counter(ops=int(match.group(2)))
        for item in match.group(3).split():
            name, _, value = item.partition("=")
            counts[name] = int(value)
        pushes.append(counts)
    return pushes


# --- Devices -------------------------------------------------------------------------------------


def copy_device(template: Path, directory: Path, name: str) -> Path:
    path = directory / f"{name}.db"
    shutil.copyfile(template, path)
    return path


def sync_once(database: Database, url: str, token: str, **options: Any) -> RoundResult:
    """One round in this process, no retry inside it (a fault shows as a SyncError)."""
    options.setdefault("retries", 0)
    options.setdefault("timeout", 30.0)
    with SyncClient(database, url, token, **options) as client:
        return client.run_round()


def cli_sync(path: Path, url: str, token: str) -> subprocess.CompletedProcess[str]:
    """``ars-tui sync`` in a new process."""
    return subprocess.run(
        ars_tui_command("sync", "--db", str(path), "--server", url, "--token", token),
        capture_output=True,
        text=True,
        timeout=DEADLINE_S,
        cwd=ROOT,
    )


#: A device sync that SIGKILLs itself at argv's KILL_AT, on the NTH call:
#: ``push_ack``: the push answer is in hand (the server committed), before it is written down;
#: ``pull_page``: right after a pull page and its cursor were committed;
#: ``pull_commit``: inside a pull page's transaction, its cursor written, before the commit.
DEVICE_CHILD = """
import os, signal, sys
from ars_tui.sync.client import SyncClient
from storage import sync_state
from storage.db import open_database

path, url, token, kill_at, nth, start_batch, pull_limit = sys.argv[1:]
calls = []

def count_and_maybe_die():
    calls.append(1)
    if len(calls) == int(nth):
        os.kill(os.getpid(), signal.SIGKILL)

if kill_at == "push_ack":
    real_ack = sync_state.apply_push_results
    def ack(engine, results, **options):
        count_and_maybe_die()
        return real_ack(engine, results, **options)
    sync_state.apply_push_results = ack
elif kill_at == "pull_page":
    real_page = sync_state.apply_pull_page
    def page(engine, rows, cursor, **options):
        outcome = real_page(engine, rows, cursor, **options)
        count_and_maybe_die()
        return outcome
    sync_state.apply_pull_page = page
elif kill_at == "pull_commit":
    real_set = sync_state.set_setting
    def set_setting(connection, key, value):
        real_set(connection, key, value)
        if key == sync_state.CURSOR_SETTING:
            count_and_maybe_die()
    sync_state.set_setting = set_setting
else:
    raise SystemExit("unknown KILL_AT " + kill_at)
database = open_database(path)
options = dict(retries=0, timeout=30, start_batch=int(start_batch), pull_limit=int(pull_limit))
with SyncClient(database, url, token, **options) as client:
    client.run_round()
sys.exit(3)  # never killed: the test fails on this exit code
"""


def killed_device_sync(
    path: Path,
    url: str,
    token: str,
    kill_at: str,
    nth: int,
    *,
    start_batch: int = 200,
    pull_limit: int = 500,
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable,
            "-c",
            DEVICE_CHILD,
            str(path),
            url,
            token,
            kill_at,
            str(nth),
            str(start_batch),
            str(pull_limit),
        ],
        capture_output=True,
        text=True,
        timeout=DEADLINE_S,
        cwd=ROOT,
    )


# --- Reading the files ---------------------------------------------------------------------------


def query(path: Path, sql: str, *params: Any) -> list[sqlite3.Row]:
    with closing(sqlite3.connect(path, timeout=10)) as connection:
        connection.row_factory = sqlite3.Row
        return connection.execute(sql, params).fetchall()


def integrity(path: Path) -> str:
    return "; ".join(row[0] for row in query(path, "PRAGMA integrity_check"))


def outbox(path: Path) -> list[sqlite3.Row]:
    return query(path, "SELECT * FROM outbox_op ORDER BY seq")


def saved_ops(*paths: Path, into: dict[str, dict[str, Any]] | None = None) -> dict[str, Any]:
    """The ops waiting in the devices' outboxes (op_id -> entity_id, kind, fields), added to
    ``into``: call it before each sync to know every op a person saved."""
    ops = into if into is not None else {}
    for path in paths:
        for row in outbox(path):
            ops.setdefault(
                row["op_id"],
                {
                    "entity_id": row["entity_id"],
                    "kind": row["kind"],
                    "fields": json.loads(row["fields"]),
                    "device": path.stem,
                },
            )
    return ops


def cursor_of(path: Path) -> int:
    rows = query(path, "SELECT value FROM local_setting WHERE key = ?", sync_state.CURSOR_SETTING)
    return int(rows[0]["value"]) if rows else 0


def applied_ids(server_db: Path) -> set[str]:
    return {row["op_id"] for row in query(server_db, "SELECT op_id FROM applied_op")}


def check_invariants(
    server_db: Path,
    devices: Iterable[Path],
    saved: Mapping[str, Mapping[str, Any]],
    *,
    closed: Iterable[str] = (),
) -> None:
    """SYNC.md's invariants after the faults stopped and a final sync; fails with the list.

    ``saved``: every op the devices saved (:func:`saved_ops`); ``closed``: those a person closed
    (a conflict resolved: the resolution is a new op), which must not have been applied.
    """
    problems: list[str] = []
    closed = set(closed)
    if (state := integrity(server_db)) != "ok":
        problems.append(f"server integrity_check: {state}")
    applied = query(
        server_db,
        "SELECT op_id, entity_id, version, server_seq FROM applied_op ORDER BY server_seq",
    )
    records = {
        row["id"]: row
        for row in query(
            server_db,
            # Every entity: each edit's history record is a record of its own.
            "SELECT entity, id, version, server_seq, deleted, data FROM central_record",
        )
    }
    [counter] = query(server_db, "SELECT last_seq FROM seq_counter WHERE seq_group = 'OI'")
    ids = [row["op_id"] for row in applied]
    if lost := sorted(set(saved) - set(ids) - closed):
        problems.append(f"lost: {len(lost)} saved ops never applied, e.g. {lost[:3]}")
    if reopened := sorted(closed & set(ids)):
        problems.append(f"closed by a person yet applied: {reopened[:3]}")
    if unknown := sorted(set(ids) - set(saved)):
        problems.append(f"applied ops no device saved: {unknown[:3]}")
    # Every op here changes its record and brings its history record (the server derives it):
    # one version and two server seqs per application, one history record per applied op.
    seqs = [row["server_seq"] for row in applied]
    if len(set(seqs)) != len(seqs) or counter["last_seq"] != 2 * len(seqs):
        problems.append(
            f"duplicated: {len(seqs)} ops applied, {len(set(seqs))} distinct seqs,"
            f" counter at {counter['last_seq']}"
        )
    history = sorted(row["id"] for row in records.values() if row["entity"] == "record_change")
    if history != sorted(ids):
        problems.append(f"history: {len(history)} records for {len(ids)} applied ops")
    by_record: dict[str, list[sqlite3.Row]] = defaultdict(list)
    for row in applied:
        by_record[row["entity_id"]].append(row)
    for record_id, rows in by_record.items():
        # Replay the ops in server order: the server holds what they set.
        state: dict[str, Any] = {}
        deleted = False
        for row in rows:
            op = saved.get(row["op_id"])
            if op is None:
                continue
            if op["kind"] in ("create", "update"):
                state.update(op["fields"])
            deleted = {"delete": True, "restore": False}.get(op["kind"], deleted)
        record = records.get(record_id)
        if record is None:
            if not deleted:  # only a tombstone past the horizon may be gone
                problems.append(f"{record_id[:8]}: applied ops, no record on the server")
            continue
        versions = [row["version"] for row in rows]
        if versions != list(range(1, record["version"] + 1)):
            problems.append(f"{record_id[:8]}: version {record['version']}, ops gave {versions}")
        data = json.loads(record["data"])
        differing = sorted(name for name, value in state.items() if data.get(name) != value)
        if differing or bool(record["deleted"]) != deleted:
            problems.append(f"{record_id[:8]}: server lost {differing or ['deleted']}")
    for path in devices:
        if (state := integrity(path)) != "ok":
            problems.append(f"{path.stem} integrity_check: {state}")
        if left := outbox(path):
            problems.append(
                f"{path.stem}: outbox not empty: {Counter(row['state'] for row in left)}"
            )
        problems += compare_with_server(
            path, {key: row for key, row in records.items() if row["entity"] == ENTITY}
        )
    assert not problems, "\n".join(problems[:30])


def compare_with_server(path: Path, records: Mapping[str, sqlite3.Row]) -> list[str]:
    """What differs between a device's visible records and the server's."""
    rows = {row["id"]: row for row in query(path, f"SELECT * FROM {ENTITY}")}
    problems: list[str] = []
    for record_id, record in records.items():
        row = rows.get(record_id)
        if row is None:
            if not record["deleted"]:
                problems.append(f"{path.stem}: {record_id[:8]} missing")
            continue
        data = json.loads(record["data"])
        differing = [name for name, value in data.items() if row[name] != value]
        if bool(row["deleted"]) != bool(record["deleted"]):
            differing.append("deleted")
        if row["version"] != record["version"]:
            differing.append("version")
        if differing:
            problems.append(f"{path.stem}: {record_id[:8]} differs on {differing}")
    for record_id, row in rows.items():
        if record_id not in records and not row["deleted"]:
            problems.append(f"{path.stem}: {record_id[:8]} shown, not on the server")
    return problems


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
            pending = sync_state.pending_ops(database.engine, BATCH)
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
    on_server = applied_ids(server_file(server))
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
    [page_3_end] = query(
        server_file(server),
        "SELECT server_seq FROM central_record ORDER BY server_seq LIMIT 1 OFFSET 599",
    )
    cursor = cursor_of(bruno)
    assert cursor == page_3_end["server_seq"]  # the 4th page left no trace (one transaction)
    assert len(query(bruno, "SELECT entity_id FROM sync_shadow")) == 600
    rows = query(bruno, f"SELECT id FROM {ENTITY}")
    # The pages hold records and their history records; his own records still shown (acked,
    # not yet pulled).
    shadowed = query(bruno, "SELECT entity_id FROM sync_shadow WHERE entity = ?", ENTITY)
    assert 0 < len(shadowed) < 600 and len(rows) == len(shadowed) + len(own)
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
