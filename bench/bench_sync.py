"""Sync of 10,000 new records: device -> server -> a fresh device, over loopback.

Quality bar (docs/ARCHITECTURE.md): well under PouchDB's time for the same, about 1.2 s push +
1.2 s pull measured here; gzip'd wire bytes per record reported.

Method: a real ``ars-tui serve`` (uvicorn, SQLite file) in a subprocess on a free loopback port,
two device tokens made with ``ars-tui token create``. Device A gets 10,000 new records through
the store (5,000 professionals and their 5,000 installation projects: every one a real outbox
op, as if typed; made in one batch, not timed). Then, timed:

- **push**: A sends its outbox (``SyncClient.push_outbox``: batches from 200 doubling up to
  the server's 1,000, gzip'd), every answer written back into A's outbox;
- **pull**: B, a fresh device, downloads everything (``SyncClient.pull_changes``: pages of
  1,000, each applied in one transaction: a record without an op of the device is written
  as its visible row only, with no shadow row).

Wire bytes are the HTTP bodies as they travel (request bodies after gzip, response bodies
before decompression: ``httpx.Response.num_bytes_downloaded``), headers not counted.

The **floor** is what the same records cost at the least, measured in the same run: their ops as
the client sends them (read from A's outbox before the push), in batches of the server's maximum,
JSON-encoded, gzip'd, POSTed over loopback to an endpoint that does nothing (a bare ASGI app under
the same uvicorn), then bulk-inserted into a fresh SQLite file in one transaction (one row per
record: id, entity and its fields as JSON). Push and pull are printed per record beside it, with
their ratio to it.

The **no-op sync** is ``ars-tui sync`` from the command line on a device that is up to date (as a
cron job finds it most of the time): the whole process, interpreter start included, median of 7.

With ``--memory`` it also prints the peak memory (RSS) of a device pushing 100,000 records made
by an import (``BulkSave``, as ``ars-tui import`` does), and of a fresh device pulling them, each
round in its own process (its peak RSS, VmHWM), beside that of a round with nothing to do: a device
holds one batch or one page at a time, so both stay near the no-op figure.

With ``--slow-link`` it also pushes 1,000 changes through a throttling TCP proxy (64 kbit/s,
300 ms latency each way), then cuts the link in the middle of a second push and shows that the
next sync re-sends at most one batch (the server answers ``duplicate`` for what it had).

Push, pull and floor are measured ``--runs`` times (each run on its own server and devices);
the medians are printed, and the median of each run's ratios.

    .venv/bin/python bench/bench_sync.py [--records 10000] [--runs 3] [--slow-link] [--memory]
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
from _common import free_port, wait_until_healthy  # bench/ is on sys.path
from _slow_link import slow_link

from ars_tui import protocol
from ars_tui.sync.client import SyncClient
from storage.db import Database, open_database
from storage.records.store import Store
from storage.sync import outbox as sync_outbox
from storage.sync import progress as sync_progress

COMMUNES = ("97411", "97415", "97416", "97422", "97407", "97410")


def ars_tui(*args: str) -> list[str]:
    return [sys.executable, "-m", "ars_tui", *args]


@contextlib.contextmanager
def central_server(
    folder: Path, command: Callable[..., list[str]] | None = None
) -> Iterator[tuple[str, str]]:
    """A running ``ars-tui serve`` (``command``: how to start it, :func:`ars_tui` unless given);
    yields (url, database url)."""
    url_db = f"sqlite:///{folder / 'central.db'}"
    port = free_port()
    log = (folder / "central.log").open("wb")
    start = command or ars_tui
    process = subprocess.Popen(
        start("serve", "--db", url_db, "--port", str(port)), stdout=log, stderr=log
    )
    url = f"http://127.0.0.1:{port}"
    try:
        wait_until_healthy(url, process, log.name)
        yield url, url_db
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def token(url_db: str, name: str) -> str:
    done = subprocess.run(
        ars_tui("token", "create", "--ars", "REU", "--name", name, "--db", url_db),
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def professional_fields(index: int) -> dict[str, object]:
    """The ``index``-th professional of the benchmark (a phone and an email each)."""
    return {
        "last_name": f"Nom{index}",
        "first_name": "Léa",
        "situation": "remplacant",
        "phone": f"0692{index:06d}",
        "email": f"lea.nom{index}@exemple.fr",
    }


def project_fields(index: int, professional_id: str) -> dict[str, object]:
    """The installation project of the ``index``-th professional."""
    return {
        "professional_id": professional_id,
        "commune_code": COMMUNES[index % len(COMMUNES)],
        "first_contact_date": "2026-01-05",
        "localite": "Dos d'Âne",
        "referent": "C. Payet",
        "next_action": "Rappeler pour la visite du cabinet",
    }


def fill(database: Database, records: int) -> None:
    """``records`` new records (half professionals, half their projects), one op each."""
    store = Store(database.engine, user="c.payet", ars_code="REU")
    with store.batch():
        for index in range(records // 2):
            pro = store.create("professional", professional_fields(index))
            store.create("installation_project", project_fields(index, pro))


def wire_ops(database: Database, count: int) -> list[dict[str, object]]:
    """The ops waiting in ``database``'s outbox as the client puts them on the wire."""
    return [op.to_wire() for op in sync_outbox.pending_ops(database.engine, count)]


@contextlib.contextmanager
def null_endpoint() -> Iterator[str]:
    """An endpoint that reads the request body and answers ``{}``: the server's floor."""
    import uvicorn

    async def app(scope, receive, send):  # type: ignore[no-untyped-def]
        if scope["type"] != "http":
            return
        more = True
        while more:
            message = await receive()
            more = message.get("more_body", False)
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": b"{}"})

    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, port=port, log_level="error", lifespan="off"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    while not server.started:
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


def floor_seconds(ops: list[dict[str, object]], batch: int, folder: Path) -> float:
    """Encode, gzip, POST to a no-op endpoint, bulk-insert into SQLite: the least a sync costs."""
    path = folder / "floor.db"
    with null_endpoint() as url, httpx.Client(base_url=url) as http:
        connection = sqlite3.connect(path)
        connection.execute("PRAGMA journal_mode=WAL")
        connection.execute("CREATE TABLE record (id TEXT PRIMARY KEY, entity TEXT, fields TEXT)")
        started = time.perf_counter()
        for start in range(0, len(ops), batch):
            chunk = ops[start : start + batch]
            raw = json.dumps({"ops": chunk}, ensure_ascii=False, separators=(",", ":"))
            body = gzip.compress(raw.encode(), compresslevel=5)
            http.post("/", content=body, headers={"Content-Encoding": "gzip"}).raise_for_status()
            with connection:
                connection.executemany(
                    "INSERT INTO record VALUES (?, ?, ?)",
                    ((op["entity_id"], op["entity"], json.dumps(op["fields"])) for op in chunk),
                )
        seconds = time.perf_counter() - started
        connection.close()
    path.unlink()
    return seconds


def noop_sync_seconds(
    path: Path, url: str, device_token: str, runs: int = 7
) -> tuple[float, float]:
    """Median wall time of ``ars-tui sync`` on an up-to-date device, process start included,
    and the median CPU time of that process (what a shared, loaded machine inflates least)."""
    import resource

    times, cpu = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        subprocess.run(
            ars_tui("sync", "--db", str(path), "--server", url, "--token", device_token),
            check=True,
            capture_output=True,
        )
        times.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu.append(after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime)
    return statistics.median(times), statistics.median(cpu)


def new_device(template: Path, folder: Path, name: str) -> Database:
    path = folder / f"{name}.db"
    shutil.copyfile(template, path)
    return open_database(path)


def limits(client: SyncClient) -> protocol.Limits:
    return client.hello().limits


def import_records(database: Database, records: int) -> None:
    """``records`` new records (half professionals, half projects) as an import makes them."""
    from storage.records.bulk import BulkSave

    store = Store(database.engine, user="c.payet", ars_code="REU")
    # Professionals first: a queued record is not seen by the checks of the next ones.
    with store.batch() as connection:
        bulk = BulkSave(store, connection)
        professionals = []
        for index in range(records // 2):
            professionals.append(bulk.create("professional", professional_fields(index)))
            if bulk.pending >= 2_000:
                bulk.flush()
        bulk.flush()
        for index, pro in enumerate(professionals):
            bulk.create("installation_project", project_fields(index, pro))
            if bulk.pending >= 2_000:
                bulk.flush()
        bulk.flush()


def peak_rss_mib() -> float:
    """This process's peak RSS (VmHWM). Not ``ru_maxrss``: Linux carries that over ``exec`` from
    the forked parent, so each step would report at least the size of this bench."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024  # kB
    raise RuntimeError("no VmHWM in /proc/self/status (Linux only)")


@dataclass(frozen=True)
class Timed:
    """One timed push or pull: what it moved, its seconds, its HTTP body bytes each way."""

    limits: protocol.Limits
    count: int
    seconds: float
    bytes_sent: int
    bytes_received: int


def timed_round(
    database: Database,
    url: str,
    device_token: str,
    step: Callable[[SyncClient, protocol.Limits], int],
) -> Timed:
    """``step`` (``SyncClient.push_outbox`` or ``pull_changes``) timed, its bytes counted."""
    with SyncClient(database, url, device_token) as client:
        server_limits = limits(client)
        client.bytes_sent = client.bytes_received = 0
        started = time.perf_counter()
        count = step(client, server_limits)
        seconds = time.perf_counter() - started
        return Timed(server_limits, count, seconds, client.bytes_sent, client.bytes_received)


def run_step(step: str, path: Path, url: str, device_token: str) -> None:
    """One round of a ``--memory`` measure, in this (fresh) process; prints "count peak_MiB"."""
    database = open_database(path)
    with SyncClient(database, url, device_token) as client:
        server_limits = limits(client)
        if step == "push":
            count = client.push_outbox(server_limits)
        elif step == "pull":
            count = client.pull_changes(server_limits)
        else:
            count = client.run_round().sent
    database.dispose()
    print(f"{count} {peak_rss_mib():.1f}")


def step_in_process(step: str, path: Path, url: str, device_token: str) -> tuple[int, float]:
    command = [sys.executable, __file__, "--step", step, "--db", str(path), "--server", url]
    done = subprocess.run(
        [*command, "--token", device_token],
        capture_output=True,
        text=True,
        check=True,
    )
    count, peak = done.stdout.split()
    return int(count), float(peak)


def memory(template: Path, folder: Path, url: str, url_db: str, records: int) -> None:
    """Peak RSS of a push and of a pull of ``records`` made by an import, each in its process."""
    device = new_device(template, folder, "import")
    started = time.perf_counter()
    import_records(device, records)
    print(f"memory: {records} records imported in {time.perf_counter() - started:.1f} s")
    device.dispose()
    _, idle = step_in_process("noop", folder / "b.db", url, token(url_db, "idle"))
    sent, push_peak = step_in_process("push", folder / "import.db", url, token(url_db, "import"))
    fresh = new_device(template, folder, "fresh")
    fresh.dispose()
    received, pull_peak = step_in_process("pull", folder / "fresh.db", url, token(url_db, "fresh"))
    assert sent == records, (sent, records)
    assert received >= records, (received, records)
    print(
        f"peak RSS: push of {sent} records {push_peak:.0f} MiB, pull of {received} records "
        f"{pull_peak:.0f} MiB (a round with nothing to do: {idle:.0f} MiB)"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    # The push and pull of one run swing by a fifth from run to run on a shared machine.
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--slow-link", action="store_true")
    parser.add_argument("--memory", action="store_true")
    parser.add_argument("--memory-records", type=int, default=100_000)
    # One round of --memory in a fresh process (used by the bench itself).
    parser.add_argument("--step", choices=("push", "pull", "noop"), help=argparse.SUPPRESS)
    parser.add_argument("--db", type=Path, help=argparse.SUPPRESS)
    parser.add_argument("--server", help=argparse.SUPPRESS)
    parser.add_argument("--token", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.step:
        run_step(args.step, args.db, args.server, args.token)
        return

    with tempfile.TemporaryDirectory(prefix="bench-sync-") as tmp:
        folder = Path(tmp)
        os.environ["ARS_TUI_HOME"] = str(folder / "home")
        template = folder / "template.db"
        open_database(template).dispose()
        rounds: list[Round] = []
        for number in range(1, args.runs + 1):
            # Each run on its own server and devices: the same work, measured again.
            run_folder = folder / f"run{number}"
            run_folder.mkdir()
            with central_server(run_folder) as (url, url_db):
                device_a = new_device(template, run_folder, "a")
                measured = sync_round(device_a, template, run_folder, url, url_db, args.records)
                rounds.append(measured)
                print(f"run {number}: {measured.line()}", flush=True)
                if number < args.runs:
                    device_a.dispose()
                    continue
                print_medians(rounds)
                noop_s, noop_cpu = noop_sync_seconds(run_folder / "b.db", url, measured.token_b)
                print(
                    f"ars-tui sync with nothing to do: {noop_s:.2f} s, {noop_cpu:.2f} s of CPU "
                    f"(medians of 7, goal 0.35 s; load average {os.getloadavg()[0]:.1f})"
                )
                if args.slow_link:
                    slow_link(device_a, url, lambda name: token(url_db, name))
                if args.memory:
                    memory(template, run_folder, url, url_db, args.memory_records)
                device_a.dispose()


@dataclass(frozen=True)
class Round:
    """One measured run: the same records pushed by A, pulled by a fresh B, and the floor."""

    records: int
    push_s: float
    pull_s: float
    floor_s: float
    push_up: int
    push_down: int
    pull_bytes: int
    token_b: str

    def micros(self, seconds: float) -> float:
        return seconds * 1e6 / self.records

    def line(self) -> str:
        return (
            f"floor {self.micros(self.floor_s):.0f} µs/record, "
            f"push {self.micros(self.push_s):.0f} µs/record = {self.push_s / self.floor_s:.1f} x, "
            f"pull {self.micros(self.pull_s):.0f} µs/record = {self.pull_s / self.floor_s:.1f} x"
        )


def sync_round(
    device_a: Database, template: Path, folder: Path, url: str, url_db: str, records: int
) -> Round:
    """Fill A (not timed), push it, pull everything on a fresh B, then measure the floor."""
    started = time.perf_counter()
    fill(device_a, records)
    ops = sync_progress.sync_status(device_a.engine).pending
    print(f"device A: {ops} new records made in {time.perf_counter() - started:.1f} s")
    on_the_wire = wire_ops(device_a, ops)

    push = timed_round(device_a, url, token(url_db, "a"), SyncClient.push_outbox)
    assert push.count == ops, (push.count, ops)

    device_b = new_device(template, folder, "b")
    token_b = token(url_db, "b")
    pull = timed_round(device_b, url, token_b, SyncClient.pull_changes)
    assert pull.count == ops, (pull.count, ops)
    with device_b.engine.connect() as connection:
        visible = connection.exec_driver_sql(
            "SELECT (SELECT count(*) FROM professional)"
            " + (SELECT count(*) FROM installation_project)"
        ).scalar()
    assert visible == ops, visible
    device_b.dispose()
    floor_s = floor_seconds(on_the_wire, pull.limits.max_ops_per_push, folder)
    return Round(
        records=ops,
        push_s=push.seconds,
        pull_s=pull.seconds,
        floor_s=floor_s,
        push_up=push.bytes_sent,
        push_down=push.bytes_received,
        pull_bytes=pull.bytes_sent + pull.bytes_received,
        token_b=token_b,
    )


def print_medians(rounds: list[Round]) -> None:
    """The figures of the runs: medians of each, and of each run's ratios."""
    ops = rounds[-1].records

    def median(values: Iterator[float]) -> float:
        return statistics.median(list(values))

    push_s = median(r.push_s for r in rounds)
    pull_s = median(r.pull_s for r in rounds)
    floor_s = median(r.floor_s for r in rounds)
    last = rounds[-1]
    runs = f"median of {len(rounds)} runs"
    print(f"push {ops} records: {push_s:.2f} s  (PouchDB reference: about 1.2 s; {runs})")
    print(f"pull {ops} records: {pull_s:.2f} s  (PouchDB reference: about 1.2 s; {runs})")
    print(
        f"wire, push: {(last.push_up + last.push_down) / ops:.0f} bytes/record gzip'd "
        f"({last.push_up / ops:.0f} up, {last.push_down / ops:.0f} down)"
    )
    print(f"wire, pull: {last.pull_bytes / ops:.0f} bytes/record gzip'd")
    print(
        f"floor (encode + gzip + POST to a no-op endpoint + bulk insert): "
        f"{last.micros(floor_s):.0f} µs/record ({runs})"
    )
    push_ratio = median(r.push_s / r.floor_s for r in rounds)
    pull_ratio = median(r.pull_s / r.floor_s for r in rounds)
    print(
        f"push {last.micros(push_s):.0f} µs/record = {push_ratio:.1f} x floor; "
        f"pull {last.micros(pull_s):.0f} µs/record = {pull_ratio:.1f} x floor "
        f"(goal: 3 x or less; {runs}, ratios taken within each run)"
    )


if __name__ == "__main__":
    main()
