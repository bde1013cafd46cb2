"""Benchmark of ``ars-tui demo``'s engine: N installation projects (and everything in proportion)
into a new database, timed. The quality bar: N = 100,000 in under 10 s on the 2-core machine.

    .venv/bin/python bench/bench_demo.py [--records 100000] [--ars REU] [--seed 2026] [--repeat 1]

Prints, for each run, the rows written per table, the total, the seconds ``generate_demo`` took
(its own measure: one write transaction, commit included) and rows per second; then the time to
open the new database (migrations and reference data, not part of the generation) and to close it
(SQLite's WAL checkpoint at the last close), and the file size.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from storage.db import open_database
from storage.demo.generator import generate_demo


def run_once(records: int, ars: str, seed: int) -> float:
    with tempfile.TemporaryDirectory(prefix="bench_demo_") as folder:
        path = Path(folder) / "demo.db"
        began = time.perf_counter()
        database = open_database(path)
        opened = time.perf_counter() - began
        summary = generate_demo(database.engine, records=records, ars_code=ars, seed=seed)
        began = time.perf_counter()
        database.dispose()
        closed = time.perf_counter() - began
        size = path.stat().st_size
        total = sum(summary.counts.values())
        width = max(len(table) for table in summary.counts)
        print(f"ARS {ars}, records={records:,}, seed={seed}")
        for table, count in summary.counts.items():
            print(f"  {table:<{width}}  {count:>9,}")
        print(f"  {'total':<{width}}  {total:>9,}")
        print(
            f"generate_demo: {summary.seconds:.2f} s, {total / summary.seconds:,.0f} rows/s"
            f" | open (new database) {opened:.2f} s, close {closed:.2f} s,"
            f" file {size / 1e6:.0f} MB | load average {os.getloadavg()[0]:.2f}"
        )
        return summary.seconds


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--ars", default="REU")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--repeat", type=int, default=1)
    args = parser.parse_args(argv)
    times = [run_once(args.records, args.ars, args.seed) for _ in range(args.repeat)]
    if len(times) > 1:
        times.sort()
        print(
            f"best {times[0]:.2f} s, median {times[len(times) // 2]:.2f} s over {len(times)} runs"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
