"""The long profile of the convergence harness: many seeds, many steps, faults all along.

Each seed is one :class:`tests.support.convergence.World` (real SQLite files for the devices and
the server, the central app in-process behind the fault-injecting transport), driven by
:func:`~tests.support.convergence.run_random` for ``--steps`` random actions (create / edit /
delete / restore / resolve / sync) under seeded faults (lost request, lost response after the
server committed, duplicate delivery, 503, crash mid-batch). Then the faults stop, the world
settles (every device resolves what is left and syncs until nothing moves) and
:meth:`~tests.support.convergence.World.check` gives the invariants: nothing lost, nothing applied
twice, no silent overwrite, every device identical to the server, every outbox empty.

Prints each seed's Report summary, then the totals: operations, faults injected by kind, server
answers, lost / duplicated / silent overwrites / divergent, time. Exits 1 when any invariant
broke on any seed (or a world did not settle, or crashed): it is a soak, it may fail.

    .venv/bin/python tests/soak.py [--seeds 1-20] [--steps 1000] [--devices 4]
                                   [--profile default|harsh] [--keep-failed]

``--seeds`` takes ranges and lists: ``1-20``, ``3,7,11``, ``1-5,40``. ``harsh`` doubles every
fault rate (HARSH_RATES, tests/support/convergence_profiles.py). CI runs the short profile
(3 seeds x 150 steps, tests/test_convergence.py); this is the long one. It lives in tests/,
beside the harness it drives, because bench/ imports nothing from tests/.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
if str(REPO) not in sys.path:
    sys.path.insert(0, str(REPO))  # tests/ is a package: tests.support.convergence

from storage.db import open_database  # noqa: E402
from tests.support.convergence import Report, World, run_random  # noqa: E402
from tests.support.convergence_profiles import HARSH_RATES  # noqa: E402
from tests.support.fault_transport import Fault  # noqa: E402

INVARIANTS = ("lost", "duplicated", "silent_overwrites", "divergent")


def harsh_rates() -> dict[Fault, float]:
    """The HARSH_RATES of tests/support/convergence_profiles.py (every fault twice as likely)."""
    return dict(HARSH_RATES)


def parse_seeds(text: str) -> list[int]:
    """``1-20``, ``3,7,11`` or ``1-5,40`` -> the seeds, in order, without repeats."""
    seeds: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        first, dash, last = part.partition("-")
        try:
            start = int(first)
            end = int(last) if dash else start
        except ValueError:
            raise argparse.ArgumentTypeError(f"bad seeds: {part!r} (e.g. 1-20 or 3,7)") from None
        if end < start:
            raise argparse.ArgumentTypeError(f"bad range: {part!r}")
        seeds += [seed for seed in range(start, end + 1) if seed not in seeds]
    if not seeds:
        raise argparse.ArgumentTypeError("no seed given")
    return seeds


@dataclass
class Totals:
    seeds: int = 0
    failed: list[int] = field(default_factory=list)
    steps: int = 0
    broken: Counter[str] = field(default_factory=Counter)
    stats: Counter[str] = field(default_factory=Counter)
    requests: int = 0
    settle_passes: int = 0
    seconds: float = 0.0

    def add(self, report: Report, requests: int, passes: int) -> None:
        for name in INVARIANTS:
            self.broken[name] += len(getattr(report, name))
        self.broken["outbox_left"] += sum(report.outbox_left.values())
        self.broken["stuck"] += sum(report.quarantined_left.values())
        self.stats.update(report.stats)
        self.requests += requests
        self.settle_passes += passes


def run_seed(
    seed: int, args: argparse.Namespace, template: Path, rates: dict[Fault, float] | None
) -> tuple[Report | None, int, int, str]:
    """One world: (report or None when it did not settle or crashed, requests, passes, text)."""
    workdir = Path(tempfile.mkdtemp(prefix=f"ars-tui-soak-{seed}-"))
    world: World | None = None
    report: Report | None = None
    requests = passes = 0
    text = ""
    try:
        world = World(
            workdir,
            template,
            devices=args.devices,
            seed=seed,
            rates=rates,
            data_faults=args.data_faults,
        )
        run_random(world, args.steps)
        requests = world.schedule.requests
        passes = world.settle()
        report = world.check()
        text = report.summary()
    except AssertionError as error:  # settle(): did not settle, or a quiet sync failed
        text = f"did not settle: {error}"
    except Exception:
        text = "crashed:\n" + traceback.format_exc()
    finally:
        if world is not None:
            if report is None:
                requests = world.schedule.requests
            world.close()
        failed = report is None or not report.ok
        if failed and args.keep_failed:
            text += f"\n  kept: {workdir}"
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    return report, requests, passes, text


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seeds", type=parse_seeds, default=parse_seeds("1-20"))
    parser.add_argument("--steps", type=int, default=1000, help="random actions per seed")
    parser.add_argument("--devices", type=int, default=4)
    parser.add_argument("--profile", choices=("default", "harsh"), default="default")
    parser.add_argument(
        "--data-faults",
        type=float,
        default=0.0,
        help="share of steps that inject a data fault (rule-breaking, oversized, out-of-scope,"
        " NUL ops; legacy records no device can store; the same natural key created on two"
        " devices): the data-fault profile, e.g. 0.1",
    )
    parser.add_argument(
        "--keep-failed", action="store_true", help="keep the SQLite files of a failed seed"
    )
    args = parser.parse_args(argv)
    if args.steps < 1 or args.devices < 2:
        parser.error("--steps must be >= 1 and --devices >= 2")
    rates = harsh_rates() if args.profile == "harsh" else None

    print(
        f"soak: seeds {args.seeds[0]}..{args.seeds[-1]} ({len(args.seeds)}), "
        f"{args.steps} steps, {args.devices} devices, profile {args.profile}",
        flush=True,
    )
    totals = Totals()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="ars-tui-soak-template-") as folder:
        template = Path(folder) / "template.db"
        open_database(template).dispose()  # as the fresh_database_file fixture makes it
        for seed in args.seeds:
            began = time.perf_counter()
            report, requests, passes, text = run_seed(seed, args, template, rates)
            seconds = time.perf_counter() - began
            totals.seeds += 1
            totals.steps += args.steps
            ok = report is not None and report.ok
            if report is not None:
                totals.add(report, requests, passes)
            else:
                totals.requests += requests
            if not ok:
                totals.failed.append(seed)
            status = "ok" if ok else "FAILED"
            print(f"seed {seed} [{args.profile}] {status} in {seconds:.1f} s: {text}", flush=True)
    totals.seconds = time.perf_counter() - started
    print_totals(totals, args)
    return 1 if totals.failed else 0


def _group(stats: Counter[str], prefix: str) -> str:
    items = sorted(
        (key[len(prefix) :], value) for key, value in stats.items() if key.startswith(prefix)
    )
    return " ".join(f"{key}={value}" for key, value in items) or "none"


def print_totals(totals: Totals, args: argparse.Namespace) -> None:
    stats = totals.stats
    faults = sum(value for key, value in stats.items() if key.startswith("fault_"))
    actions = sum(value for key, value in stats.items() if key.startswith("action_"))
    print()
    print(f"=== totals: {totals.seeds} seeds x {args.steps} steps, profile {args.profile} ===")
    print(f"random steps:     {totals.steps}")
    print(f"actions done:     {actions} ({_group(stats, 'action_')})")
    print(
        f"ops saved:        {stats['ops_saved']}, applied {stats['ops_applied']}, "
        f"closed by a person {stats['ops_closed_by_user']}; records {stats['records']}, "
        f"natural-key records {stats.get('natural_records', 0)}"
    )
    print(f"sync requests:    {totals.requests} (during the faulty phase)")
    print(f"faults injected:  {faults} ({_group(stats, 'fault_')})")
    print(f"server answers:   {_group(stats, 'answer_')}")
    print(f"sync errors:      {_group(stats, 'sync_error_')}")
    print(f"data faults:      {_group(stats, 'data_fault_')}")
    print(f"settle passes:    {totals.settle_passes}")
    print(
        "invariants:       "
        + " ".join(
            f"{name}={totals.broken[name]}" for name in (*INVARIANTS, "outbox_left", "stuck")
        )
    )
    print(f"failed seeds:     {totals.failed or 'none'}")
    print(f"time:             {totals.seconds:.1f} s")


if __name__ == "__main__":
    sys.exit(main())
