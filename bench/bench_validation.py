"""Share of the server's push time spent validating ops (issue 10: at most 20 %).

A device is filled with ``--records`` new records (half professionals, half their installation
projects, as ``bench_sync.py`` does); its ops, as the client puts them on the wire, are pushed
in process to ``ars_tui.central.service.push`` on a fresh SQLite central database, in batches of
the server's maximum. The per-op checks (``op_checks.check_op``: what the server can store) and the
record rules (``rule_reason``: the same rules as a device's save, on the whole record) are
timed by wrapping them; the share printed is their time over the whole push time (no HTTP).
Times are CPU seconds of this process (``time.process_time``: a loaded machine's waits do not
count), the median of ``--repeat`` runs, each on a fresh database with cold caches for values.
With ``--profile`` it also prints the top of a cProfile of the pushes (slower).

    python bench/bench_validation.py --records 2000
"""

from __future__ import annotations

import argparse
import cProfile
import pstats
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))

from ars_tui import protocol  # noqa: E402
from ars_tui.central import op_checks, service  # noqa: E402
from ars_tui.central.db import init_schema, make_central_engine  # noqa: E402
from ars_tui.central.tokens import create_token  # noqa: E402
from bench.bench_sync import fill, wire_ops  # noqa: E402
from storage.db import open_database  # noqa: E402


class Timer:
    """Wraps a function of ``op_checks`` (the push's checks) and adds up the time spent in it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.seconds = 0.0
        self.original: Callable[..., Any] = getattr(op_checks, name)

    def __enter__(self) -> Timer:
        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.process_time()
            try:
                return self.original(*args, **kwargs)
            finally:
                self.seconds += time.process_time() - started

        setattr(op_checks, self.name, timed)
        return self

    def __exit__(self, *_exc: object) -> None:
        setattr(op_checks, self.name, self.original)


def clear_value_caches() -> None:
    """Forget the coerced values a previous run remembered (real pushes bring new values)."""
    from storage.records import validation

    for name in ("_coerce_cached",):
        cached = getattr(validation, name, None)
        if cached is not None and hasattr(cached, "cache_clear"):
            cached.cache_clear()


def push_all(folder: Path, ops: list[protocol.Op]) -> float:
    """Push ``ops`` to a fresh central database; the seconds it took."""
    engine = make_central_engine(f"sqlite:///{folder / f'central-{time.monotonic_ns()}.db'}")
    init_schema(engine)
    _, device = create_token(engine, ars_code="REU", name="bench")
    op_checks.warm_rules()
    now = datetime.now(UTC)
    started = time.process_time()
    for start in range(0, len(ops), protocol.MAX_OPS_PER_PUSH):
        service.push(engine, device, ops[start : start + protocol.MAX_OPS_PER_PUSH], now)
    seconds = time.process_time() - started
    engine.dispose()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--profile", action="store_true")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        database = open_database(folder / "device.db")
        fill(database, args.records)
        ops = [protocol.Op.model_validate(op) for op in wire_ops(database, args.records)]
        database.dispose()
        push_all(folder, ops[:50])  # imports warm
        runs = []
        for _ in range(args.repeat):
            clear_value_caches()
            with Timer("check_op") as check, Timer("rule_reason") as rules:
                total = push_all(folder, ops)
            runs.append((check.seconds + rules.seconds, total, check.seconds, rules.seconds))
        shares = sorted(checking / total for checking, total, _, _ in runs)
        checking, total, check_s, rules_s = sorted(runs, key=lambda run: run[0] / run[1])[
            len(runs) // 2
        ]
        print(
            f"push of {len(ops)} ops in process: {total:.3f} s CPU; check_op {check_s:.3f} s,"
            f" rule_reason {rules_s:.3f} s: validation {checking / total:.0%} of push time"
            f" (median of {len(runs)}, from {shares[0]:.0%} to {shares[-1]:.0%};"
            " goal: 20 % or less)"
        )
        if args.profile:
            profiler = cProfile.Profile()
            profiler.runcall(push_all, folder, ops)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
