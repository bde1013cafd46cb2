"""Browsing 100,000 installation projects: a filter keystroke, a record page, the memory.

Quality bars (the issue): a filter keystroke repaints the list in at most 50 ms (median); a
record page opened from the list shows its data in at most 100 ms (median); the app stays under
150 MB resident while browsing.

Method. The whole app (``ars_tui.app.make_app`` on the database's path, as the command line
does) runs headless in this process with ``App.run_test()`` at 120x40, section "2". No
pilot.press() (it waits 60 ms or more by design): each key is an ``events.Key`` posted to the
app's queue, what the terminal driver posts for a keystroke, and t0 is taken just before.

The end is a frame. A screen's refresh hands each compositor update to ``App._display``; the
bench wraps it, turns the update into the terminal's bytes as a terminal run would (the headless
driver skips that) and takes the time then. It also wraps ``Widget.refresh`` (what any change
of content calls): a changed widget is *pending* until a frame's update covers all of its
visible region, which is when its new lines go out (the compositor renders more widgets than
it sends, so having been rendered is not enough). A sample ends at the first frame where:

- filter and page turns: the list shows a request made after the key (``shown_generation``)
  and neither its table nor its filter box is pending; the frame's text is checked to hold the
  first new row;
- record page: the page has the record's data, and its title, its fields and its journal and
  history (the tables, or their "none" lines) are not pending.

Besides the wall time, each sample gives the CPU time of the app's thread (``thread_time``) from
the key to the frame: the machine's other work inflates the first, hardly the second. The
workers' SQL runs in other threads: the stages say how long it took.

1. Page turns: PageDown ``--pages`` times.
2. Filter: words typed letter by letter ("saint", "payet", "mafate"..., cycled up to
   ``--samples`` keys), one key every ``--pace`` seconds at most (a key waits for the frame of
   the previous one), the box emptied and the workers left to finish between words. One word
   first is not measured (its first key is printed as the cold keystroke). Stages: page query
   done (the worker posted RowsLoaded), table refilled (PagedList.Updated posted), frame; and
   the count query that follows the page (last key of each word).
3. Record pages: Entrée on a row (a different one each time; the second half in the list
   filtered on "payet") until the page is painted with its data, ``--opens`` times; Échap back
   to the list (which reloads its page) is timed too. Demo records have no history lines (demo
   data never goes through the store), and few journal entries.
4. Memory: VmRSS and its peak VmHWM from /proc/self/status after each step. The database is
   built in a child process, so the peak is the app's (plus this bench, a few MB).

The machine's other work makes the figures noisy: run it twice. It prints, it asserts nothing.

    .venv/bin/python bench/bench_browse.py [--records N] [--db PATH] [--samples N] [--opens N]
                                           [--pages N] [--pace SECONDS] [--rebuild] [--profile]

The 100,000-project database is made once (``storage.demo.generator.generate_demo``, seed 1,
ARS REU: the same file as bench_startup.py's) and kept in the temp folder; ``--db PATH`` browses
another one (e.g. one made by ``ars-tui demo --db /tmp/demo100k.db --records 100000 --ars REU``).
``--profile`` adds a cProfile of the app's thread during the filter keystrokes.
"""

from __future__ import annotations

import argparse
import asyncio
import cProfile
import io
import math
import os
import pstats
import re
import statistics
import sys
import tempfile
import time
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from _common import demo_database  # noqa: E402 (bench/ is on sys.path)
from frame_probe import FrameProbe, Sample, Stages, memory  # noqa: E402 (bench/ is on sys.path)

SIZE = (120, 40)
#: In the demo data of La Réunion: communes, surnames, a localité (from 1,800 to 73,000 matches).
WORDS = ("saint", "payet", "mafate", "hoarau", "cilaos", "riviere", "grondin", "tampon")
WARM_UP_WORD = "boyer"
TIMEOUT = 30.0
FILTER_BAR_MS, RECORD_BAR_MS, MEMORY_BAR_MB = 50.0, 100.0, 150.0
ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]|\x1b\][^\x07]*\x07")


@dataclass
class Results:
    #: Milliseconds of each sample, by what was timed: "filter" (a keystroke, and its stages
    #: "filter_page", "filter_fill", "filter_paint", "filter_count"), "page", "open" (a record,
    #: with "open_first_frame", "open_read"), "back"; "…_cpu": the app thread's CPU time.
    ms: defaultdict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    filter_checked: int = 0
    cold_key_ms: float = math.nan
    journal_rows: list[int] = field(default_factory=list)
    memory: list[tuple[str, float, float]] = field(default_factory=list)
    frames: int = 0
    profile: cProfile.Profile | None = None
    notes: list[str] = field(default_factory=list)

    def add(self, name: str, sample: Sample) -> None:
        """A sample's wall time under ``name``, the app thread's CPU time under ``name_cpu``."""
        self.ms[name].append(sample.ms)
        self.ms[f"{name}_cpu"].append(sample.cpu_ms)


async def _browse(database: Path, args: argparse.Namespace, results: Results) -> None:
    from ars_tui.app import make_app

    app = make_app(database, user="bench")
    app.sync_auto = False
    probe = FrameProbe(app)
    try:
        async with app.run_test(size=SIZE) as pilot:
            await _run(app, pilot, probe, args, results)
    finally:
        probe.restore()


async def _run(
    app: Any, pilot: Any, probe: FrameProbe, args: argparse.Namespace, results: Results
) -> None:
    from textual import events

    from screens.installations.list import InstallationsScreen
    from screens.installations.record import InstallationRecordScreen

    def checkpoint(label: str) -> None:
        results.memory.append((label, *memory()))

    async def idle() -> None:
        """No worker running, the messages they posted handled."""
        for _ in range(int(TIMEOUT / 0.02)):
            await pilot.pause()
            if not any(worker.is_running for worker in app.workers):
                await pilot.pause()
                if not any(worker.is_running for worker in app.workers):
                    await pilot.pause()
                    return
            await asyncio.sleep(0.02)
        raise TimeoutError("workers still running")

    async def until(condition: Callable[[], object]) -> None:
        deadline = time.perf_counter() + TIMEOUT
        while not condition():
            if time.perf_counter() > deadline:
                raise TimeoutError("the app never got there")
            await asyncio.sleep(0.01)

    async def key(name: str, condition: Callable[[Any], bool]) -> Sample:
        """Post the key ``name`` as the driver would; the first frame where ``condition``."""
        future = probe.expect(condition)
        event = events.Key(name, name if len(name) == 1 else None)
        event.set_sender(app)
        cpu0 = time.thread_time()
        t0 = time.perf_counter()
        app.post_message(event)
        frame = await asyncio.wait_for(future, TIMEOUT)
        return Sample(t0, (frame.at - t0) * 1000, (frame.cpu - cpu0) * 1000, frame.output)

    await until(lambda: app.context is not None)
    await idle()  # the dashboard's figures
    checkpoint("dashboard shown (start)")

    await pilot.press("2")
    await until(lambda: isinstance(app.screen, InstallationsScreen))
    screen = app.screen
    paged = screen.list
    table = paged.table
    await until(lambda: paged.shown_generation > 0)
    await idle()
    stages = Stages(paged)
    checkpoint("installations list shown")

    def list_shown(s: Any, before: int) -> bool:
        """The rows of a request made after ``before`` are on screen (and what was typed)."""
        return (
            s is screen
            and paged.shown_generation > before
            and probe.shown(paged.filter_input, table)
        )

    # --- page turns ----------------------------------------------------------------------------
    paged.focus_table()
    await pilot.pause()
    for _ in range(args.pages):
        before, offset = paged.shown_generation, paged.row_offset + paged.page_size
        sample = await key(
            "pagedown",
            lambda s, before=before, offset=offset: (
                list_shown(s, before) and paged.row_offset == offset
            ),
        )
        results.add("page", sample)
        await asyncio.sleep(args.pace)
    await idle()
    checkpoint(f"after {args.pages} page turns")

    # --- filter keystrokes ---------------------------------------------------------------------
    async def type_word(word: str, measured: bool) -> None:
        paged.filter_input.focus()
        await pilot.pause()
        for index, letter in enumerate(word, start=1):
            before = paged.shown_generation
            start = time.perf_counter()
            sample = await key(letter, lambda s, before=before: list_shown(s, before))
            if paged.search != word[:index]:
                results.notes.append(f"filter {word[:index]!r}: the list shows {paged.search!r}")
            if not measured:
                if index == 1:
                    results.cold_key_ms = sample.ms
            else:
                generation = paged.shown_generation
                results.add("filter", sample)
                rows_ms = stages.ms(sample.t0, "RowsLoaded", generation)
                filled_ms = stages.ms(sample.t0, "Updated", generation)
                results.ms["filter_page"].append(rows_ms)
                results.ms["filter_fill"].append(filled_ms - rows_ms)
                results.ms["filter_paint"].append(sample.ms - filled_ms)
                if paged.rows:
                    name = str(paged.rows[0].get("professional_name") or "")[:12]
                    results.filter_checked += name in ANSI.sub("", sample.output)
                if len(results.ms["filter"]) >= args.samples:
                    break
            await asyncio.sleep(max(0.0, start + args.pace - time.perf_counter()))
        await idle()
        # The count of the last request (the worker skips those of requests already replaced).
        generation = paged.shown_generation
        rows_at = stages.times.get(("RowsLoaded", generation), math.nan)
        if measured and ("CountLoaded", generation) in stages.times:
            results.ms["filter_count"].append(stages.ms(rows_at, "CountLoaded", generation))
        paged.filter_input.value = ""
        await idle()

    await type_word(WARM_UP_WORD, measured=False)
    words = iter(WORDS * (args.samples // len(WORDS) + 2))
    profiler = cProfile.Profile() if args.profile else None
    if profiler is not None:
        profiler.enable()  # this thread only: the app's, not the workers' SQL
    while len(results.ms["filter"]) < args.samples:
        await type_word(next(words), measured=True)
    if profiler is not None:
        profiler.disable()
        results.profile = profiler
    checkpoint(f"after {len(results.ms['filter'])} filter keystrokes")

    # --- record pages --------------------------------------------------------------------------
    loaded_at: list[float] = []  # when the page's worker posted the record it read
    post_message = InstallationRecordScreen.post_message

    def posted(page: Any, message: Any) -> bool:
        if isinstance(message, InstallationRecordScreen.Loaded):
            loaded_at.append(time.perf_counter())
        return post_message(page, message)

    def loaded(s: Any, record_id: str | None) -> bool:
        """The page of ``record_id`` has its fields, journal and history on screen."""
        if not (
            isinstance(s, InstallationRecordScreen)
            and s.data is not None
            and s.data.record.get("id") == record_id
        ):
            return False
        journal = "#record-journal" if s.data.journal else "#journal-empty"
        history = "#record-history" if s.data.history else "#history-empty"
        return probe.shown(
            s.query_one("#record-title"),
            *s.query(".record-value"),
            s.query_one(journal),
            s.query_one(history),
        )

    InstallationRecordScreen.post_message = posted  # type: ignore[method-assign]
    try:
        for index in range(args.opens):
            if index == args.opens // 2:
                paged.filter_input.value = "payet"
                await idle()
            paged.focus_table()
            table.move_cursor(row=(index * 7) % max(1, table.row_count), animate=False)
            await idle()
            record_id = paged.selected_id
            first_frame = probe.expect(lambda s: isinstance(s, InstallationRecordScreen))
            loaded_at.clear()
            sample = await key("enter", lambda s, record_id=record_id: loaded(s, record_id))
            results.add("open", sample)
            results.ms["open_first_frame"].append(((await first_frame).at - sample.t0) * 1000)
            results.ms["open_read"].append(
                (loaded_at[0] - sample.t0) * 1000 if loaded_at else math.nan
            )
            results.journal_rows.append(len(app.screen.data.journal))
            await idle()
            before = paged.shown_generation
            sample = await key("escape", lambda s, before=before: list_shown(s, before))
            results.ms["back"].append(sample.ms)
            await idle()
    finally:
        del InstallationRecordScreen.post_message  # MessagePump's again
    checkpoint(f"after {args.opens} record pages")
    results.frames = probe.frames


def _figures(values: list[float]) -> str:
    values = sorted(v for v in values if not math.isnan(v))
    if not values:
        return "no sample"
    p90 = values[max(0, math.ceil(0.9 * len(values)) - 1)]
    return (
        f"median {statistics.median(values):6.1f}  p90 {p90:6.1f}  max {values[-1]:6.1f} ms"
        f"  (n={len(values)})"
    )


def _bar(label: str, value: float, bar: float, unit: str) -> str:
    verdict = "within the bar" if value <= bar else "ABOVE the bar"
    return f"  {label:<28} {value:6.1f} {unit} <= {bar:.0f} {unit}: {verdict}"


def _report(results: Results, args: argparse.Namespace, heading: str, elapsed: float) -> None:
    print(heading)
    print("Filter keystroke, key posted -> the new rows painted:")
    print(f"  total                              {_figures(results.ms['filter'])}")
    print(f"    page query (worker)              {_figures(results.ms['filter_page'])}")
    print(f"    table refilled (handler)         {_figures(results.ms['filter_fill'])}")
    print(f"    layout, render, frame            {_figures(results.ms['filter_paint'])}")
    print(f"  app thread's CPU                   {_figures(results.ms['filter_cpu'])}")
    print(f"  count query after the page         {_figures(results.ms['filter_count'])}")
    print(f"  cold keystroke (the app's first)   {results.cold_key_ms:6.1f} ms")
    keystrokes = len(results.ms["filter"])
    print(f"  frames holding the new first row   {results.filter_checked}/{keystrokes}")
    print("Record page, Entrée -> the page painted with its data:")
    print(f"  total                              {_figures(results.ms['open'])}")
    print(f"    first frame (Chargement…)        {_figures(results.ms['open_first_frame'])}")
    print(f"    record read (worker posted it)   {_figures(results.ms['open_read'])}")
    print(f"  app thread's CPU                   {_figures(results.ms['open_cpu'])}")
    print(f"  journal rows shown                 {results.journal_rows}")
    print(f"  Échap -> the list repainted        {_figures(results.ms['back'])}")
    print("Page turn, PageDown -> the next page painted:")
    print(f"  total                              {_figures(results.ms['page'])}")
    print(f"  app thread's CPU                   {_figures(results.ms['page_cpu'])}")
    print("Memory (this process)                    VmRSS      VmHWM (peak)")
    for label, rss, peak in results.memory:
        print(f"  {label:<36} {rss:7.1f} MB {peak:7.1f} MB")
    load = os.getloadavg()[0]
    print(f"  ({results.frames} frames, {elapsed:.1f} s in all; load average then {load:.2f})")

    def median(values: list[float]) -> float:
        return statistics.median(values) if values else math.nan

    peak = max((peak for _, _, peak in results.memory), default=math.nan)
    print("Bars:")
    print(_bar("filter keystroke, median", median(results.ms["filter"]), FILTER_BAR_MS, "ms"))
    print(_bar("record page, median", median(results.ms["open"]), RECORD_BAR_MS, "ms"))
    print(_bar("peak memory (VmHWM)", peak, MEMORY_BAR_MB, "MB"))
    for note in results.notes:
        print(f"  note: {note}")
    if results.profile is not None:
        out = io.StringIO()
        stats = pstats.Stats(results.profile, stream=out)
        stats.sort_stats("cumulative").print_stats(30)
        stats.sort_stats("tottime").print_stats(15)
        print("The app's thread during the filter keystrokes (cProfile; inflates every time):")
        print(out.getvalue())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--db", type=Path, help="an existing database to browse instead")
    parser.add_argument("--samples", type=int, default=30, help="filter keystrokes timed")
    parser.add_argument("--opens", type=int, default=10, help="record pages opened")
    parser.add_argument("--pages", type=int, default=20, help="page turns (PageDown)")
    parser.add_argument("--pace", type=float, default=0.2, help="seconds between two keys")
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--profile", action="store_true", help="cProfile the filter keystrokes")
    args = parser.parse_args()

    database = args.db or demo_database(args.records, args.rebuild)
    if not database.exists():
        raise SystemExit(f"{database}: no such database")
    # No keys.toml nor settings of the user's: a home of the bench's own.
    os.environ["ARS_TUI_HOME"] = tempfile.mkdtemp(prefix="ars-tui-bench-home-")

    import sqlite3

    import textual

    with sqlite3.connect(database) as connection:
        (projects,) = connection.execute(
            "SELECT count(*) FROM installation_project WHERE deleted = 0"
        ).fetchone()
    heading = (
        f"Database: {database} ({projects} installation projects); Textual"
        f" {textual.__version__}, {SIZE[0]}x{SIZE[1]}, a key every {args.pace} s at most;"
        f" load average {os.getloadavg()[0]:.2f} ({os.cpu_count()} CPUs)"
    )
    results = Results()
    started = time.perf_counter()
    asyncio.run(_browse(database, args, results))
    _report(results, args, heading, time.perf_counter() - started)


if __name__ == "__main__":
    main()
