"""How long opening a database takes: new (create + migrate + load reference) and already loaded.

    .venv/bin/python bench/bench_reference_load.py [--runs 5]

Each new database is made in a fresh temporary folder. Modules are imported before timing, so the
figures are the database work only (the import cost is printed on its own line). Prints medians.
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from collections.abc import Callable
from functools import partial
from pathlib import Path


def _median_ms(samples: list[float]) -> str:
    low, high = min(samples) * 1000, max(samples) * 1000
    return f"{statistics.median(samples) * 1000:8.1f} ms  (min {low:.1f}, max {high:.1f})"


def _timed(action: Callable[[], object]) -> float:
    start = time.perf_counter()
    action()
    return time.perf_counter() - start


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    runs = parser.parse_args().runs

    start = time.perf_counter()
    from storage.db import make_engine, open_database, write_transaction
    from storage.migrations import upgrade_to_head
    from storage.reference.load import ensure_reference_data, packaged_version

    packaged_version()
    print(f"import storage.db/migrations/reference: {(time.perf_counter() - start) * 1000:.1f} ms")

    new_open: list[float] = []
    migrate: list[float] = []
    load: list[float] = []
    reopen: list[float] = []
    fast_path: list[float] = []

    def open_and_close(path: Path) -> None:
        open_database(path).dispose()

    for _ in range(runs):
        with tempfile.TemporaryDirectory() as folder:
            path = Path(folder) / "bench.db"
            new_open.append(_timed(partial(open_and_close, path)))
            reopen.append(_timed(partial(open_and_close, path)))
            database = open_database(path)
            with write_transaction(database.engine) as connection:
                fast_path.append(_timed(partial(ensure_reference_data, connection)))
            database.dispose()

        # The same work split in its two steps (one transaction, as open_database does).
        with tempfile.TemporaryDirectory() as folder:
            engine = make_engine(Path(folder) / "split.db")
            with write_transaction(engine) as connection:
                migrate.append(_timed(partial(upgrade_to_head, connection)))
                load.append(_timed(partial(ensure_reference_data, connection)))
            engine.dispose()

    print(f"runs: {runs} (median, min, max)")
    print(f"new database (create + migrate + load + commit): {_median_ms(new_open)}")
    print(f"  of which migrations:                           {_median_ms(migrate)}")
    print(f"  of which reference load (34,877 communes):     {_median_ms(load)}")
    print(f"open of an already loaded database:              {_median_ms(reopen)}")
    print(
        "  ensure_reference_data when up to date:         "
        f"{statistics.median(fast_path) * 1e6:8.1f} µs  (max {max(fast_path) * 1e6:.1f})"
    )


if __name__ == "__main__":
    main()
