"""What the real ``kill -9`` tests share (tests/test_kills.py, tests/test_clock.py,
tests/test_long_offline.py): a server started from a script that kills itself at a chosen
point, device processes that do the same, and the readers of the files afterwards, with
:func:`check_invariants` (every op applied exactly once, devices equal to the server, outboxes
empty, ``PRAGMA integrity_check`` ok).
"""

from __future__ import annotations

import json
import os
import re
import secrets
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections import Counter, defaultdict
from collections.abc import Iterable, Mapping
from contextlib import closing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from ars_tui.protocol import HEALTH_PATH
from ars_tui.sync.client import RoundResult, SyncClient
from storage.db import Database
from storage.sync import state as sync_state
from tests.support.central_server import (
    START_TIMEOUT_S,
    RunningServer,
    ars_tui_command,
    free_port,
)

ROOT = Path(__file__).resolve().parents[2]
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
from ars_tui.central import batch_writes, service

def die_after(module, name):
    real = getattr(module, name)
    def dying(*args, **options):
        real(*args, **options)
        os.kill(os.getpid(), signal.SIGKILL)
    setattr(module, name, dying)

where = os.environ["KILL_AT"]
if where == "in_transaction":
    die_after(batch_writes, "write_batch")
elif where == "after_commit":
    die_after(service, "push")
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
from storage.sync import state as sync_state
from storage.sync import outbox as sync_outbox
from storage.sync import pull as sync_pull
from storage.db import open_database

path, url, token, kill_at, nth, start_batch, pull_limit = sys.argv[1:]
calls = []

def count_and_maybe_die():
    calls.append(1)
    if len(calls) == int(nth):
        os.kill(os.getpid(), signal.SIGKILL)

if kill_at == "push_ack":
    real_ack = sync_outbox.apply_push_results
    def ack(engine, results, **options):
        count_and_maybe_die()
        return real_ack(engine, results, **options)
    sync_outbox.apply_push_results = ack
elif kill_at == "pull_page":
    real_page = sync_pull.apply_pull_page
    def page(engine, rows, cursor, **options):
        outcome = real_page(engine, rows, cursor, **options)
        count_and_maybe_die()
        return outcome
    sync_pull.apply_pull_page = page
elif kill_at == "pull_commit":
    real_set = sync_pull.set_setting
    def set_setting(connection, key, value):
        real_set(connection, key, value)
        if key == sync_state.CURSOR_SETTING:
            count_and_maybe_die()
    sync_pull.set_setting = set_setting
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


def settled_applied_ids(server_db: Path, *, quiet: float = 1.0, limit: float = 30.0) -> set[str]:
    """The server's applied ops once it has stopped writing them: a batch a killed device sent
    just before dying is still applied by the server, which does not know, maybe after a first
    look. Read until unchanged for ``quiet`` seconds (at most ``limit``)."""
    seen = applied_ids(server_db)
    started = changed = time.monotonic()
    while time.monotonic() - changed < quiet and time.monotonic() - started < limit:
        time.sleep(0.1)
        now = applied_ids(server_db)
        if now != seen:
            seen, changed = now, time.monotonic()
    return seen


def check_invariants(
    server_db: Path,
    devices: Iterable[Path],
    saved: Mapping[str, Mapping[str, Any]],
    *,
    closed: Iterable[str] = (),
) -> None:
    """docs/SYNC.md's invariants after the faults stopped and a final sync; fails with the list.

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
    # History records: rows of central_record (older pushes) or kept with their op.
    history = sorted(
        [row["id"] for row in records.values() if row["entity"] == "record_change"]
        + [
            row["op_id"]
            for row in query(server_db, "SELECT op_id FROM applied_op WHERE change_seq IS NOT NULL")
        ]
    )
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
