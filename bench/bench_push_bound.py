"""How close to the floor a push could come if the server checked nothing (issue 15's 3x goal).

``bench_sync.py`` compares a push with its floor: the same ops encoded, gzip'd, POSTed to an
endpoint that does nothing, bulk-inserted into SQLite. This bench runs the same rounds against
two servers, one after the other, each measured against its own floor in the same run:

- **as shipped**: ``ars-tui serve``;
- **without its checks**: the same server started by this file after switching off, in that
  process only, what a push must do and the floor does not: the field checks and record rules
  (``service._record_rules_reason``) and the history record each edit carries
  (``service._derived_change``). Parsing, the per-op decision, the scope check and the durable
  writes stay. Such a server would store what a device refuses and lose the history: it only
  says how much of the gap those two take, and how much is left without them.

    .venv/bin/python bench/bench_push_bound.py [--records 5000] [--runs 3]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import bench_sync  # bench/ is on sys.path

from storage.db import open_database


def serve_without_checks(argv: list[str]) -> int:
    """``ars-tui`` with the push's checks and history switched off (this process only)."""
    from ars_tui.central import service

    # Replaced, never added: a renamed function would otherwise leave this server checking
    # everything while the bench says it checks nothing.
    for name in ("_record_rules_reason", "_derived_change"):
        if not callable(getattr(service, name, None)):
            raise SystemExit(f"ars_tui.central.service.{name} is gone: update this bench")
        setattr(service, name, lambda *_args: None)
    from ars_tui.cli import main

    return main(argv)


def without_checks(*args: str) -> list[str]:
    return [sys.executable, __file__, "--serve-without-checks", *args]


def measure(label: str, records: int, runs: int, command: Callable[..., list[str]] | None) -> float:
    """``runs`` rounds of bench_sync on the server ``command`` starts; the median push ratio."""
    ratios = []
    with tempfile.TemporaryDirectory(prefix="bench-bound-") as tmp:
        folder = Path(tmp)
        os.environ["ARS_TUI_HOME"] = str(folder / "home")
        template = folder / "template.db"
        open_database(template).dispose()
        for number in range(1, runs + 1):
            run_folder = folder / f"run{number}"
            run_folder.mkdir()
            with bench_sync.central_server(run_folder, command) as (url, url_db):
                device = bench_sync.new_device(template, run_folder, "a")
                measured = bench_sync.sync_round(device, template, run_folder, url, url_db, records)
                device.dispose()
            ratios.append(measured.push_s / measured.floor_s)
            print(f"{label}, run {number}: {measured.line()}", flush=True)
    return statistics.median(ratios)


def main() -> None:
    if sys.argv[1:2] == ["--serve-without-checks"]:
        sys.exit(serve_without_checks(sys.argv[2:]))
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=5_000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    shipped = measure("as shipped", args.records, args.runs, None)
    bare = measure("without its checks", args.records, args.runs, without_checks)
    print(
        f"push / floor, median of {args.runs} runs: as shipped {shipped:.1f} x; "
        f"without the field checks, record rules and history {bare:.1f} x (goal: 3 x)"
    )


if __name__ == "__main__":
    main()
