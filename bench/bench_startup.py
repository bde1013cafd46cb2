"""Start to first frame: ``ars-tui`` on 100,000 installation projects vs a bare Textual app.

Quality bar (docs/ARCHITECTURE.md): at most 1.5x a bare Textual app (a header, one empty
DataTable, a footer), measured in the same run.

Method, the same for both apps: each run spawns a new process on a pseudo-terminal (as a user's
terminal would run it) and measures, from just before the spawn, the time until the app's first
frame reaches the terminal: the bytes of a text only the first paint contains. That includes the
interpreter's start, every import and the first layout (ars-tui opens its database after its
first frame), which is what the user waits for first. Then Ctrl+Q is sent and the process
waits to end (not timed). Runs alternate between the two apps so that any drift of the machine
hits both; one unmeasured warm-up run of each fills the disk cache and the bytecode cache first.

For ars-tui the time until the dashboard shows its first figures (the projects by status and
their total, the line "Total" of the installations panel) is printed too, with its ratio to the
bare app's first frame: the bar is 2x, the goal 1.5x. The first frame itself is drawn before
the database is opened; the figures are read from it.

The 100,000-project database is made once with ``storage.demo.generator.generate_demo`` and
kept in the temp folder between runs (``--rebuild`` makes it again).

    .venv/bin/python bench/bench_startup.py [--runs 9] [--records 100000] [--db PATH] [--explain]

``--db PATH`` times an existing database instead (e.g. one made by
``ars-tui demo --db /tmp/demo100k.db --records 100000 --ars REU``).

``--explain`` adds where ars-tui's start-up time goes (imports, database open), measured
in-process, to find out what to cut when the ratio is bad.
"""

from __future__ import annotations

import argparse
import fcntl
import os
import pty
import select
import statistics
import struct
import subprocess
import sys
import tempfile
import termios
import textwrap
import time
from pathlib import Path

from _common import demo_database  # bench/ is on sys.path

ROOT = Path(__file__).resolve().parents[1]
PYTHON = sys.executable
COLUMNS, LINES = 120, 40

#: The bare app: a header, one empty DataTable (its columns only), a footer; the same Textual.
BARE_APP = textwrap.dedent(
    """
    from textual.app import App
    from textual.widgets import DataTable, Footer, Header

    class Bare(App):
        BINDINGS = [("ctrl+q", "quit", "Quit")]

        def compose(self):
            yield Header()
            yield DataTable()
            yield Footer()

        def on_mount(self):
            self.query_one(DataTable).add_columns("Colonne témoin", "Nombre")

    Bare().run()
    """
)
BARE_MARKER = "Colonne témoin".encode()
#: In the header of the dashboard, from the first frame on.
ARS_FIRST_FRAME_MARKER = b"Tableau de bord"
#: The total row of the installations panel appears once the worker's figures are on screen.
ARS_FIGURES_MARKER = b"Total"


def _spawn_and_time(
    command: list[str], markers: list[bytes], env: dict[str, str], timeout: float = 60.0
) -> list[float]:
    """Seconds from spawn until each marker has appeared on the terminal, in order."""
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
    start = time.perf_counter()
    process = subprocess.Popen(
        command, stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True
    )
    os.close(slave)
    seen = b""
    times: list[float] = []
    try:
        while len(times) < len(markers):
            if time.perf_counter() - start > timeout:
                raise TimeoutError(f"{command}: {markers[len(times)]!r} never shown")
            ready, _, _ = select.select([master], [], [], 0.05)
            if not ready:
                continue
            try:
                chunk = os.read(master, 65536)
            except OSError:  # the child closed the terminal
                raise RuntimeError(f"{command} ended early:\n{seen[-2000:]!r}") from None
            now = time.perf_counter()
            seen += chunk
            while len(times) < len(markers) and markers[len(times)] in seen:
                times.append(now - start)
        os.write(master, b"\x11")  # Ctrl+Q
        deadline = time.perf_counter() + 10
        while process.poll() is None and time.perf_counter() < deadline:
            if select.select([master], [], [], 0.05)[0]:
                try:
                    os.read(master, 65536)
                except OSError:
                    break
    finally:
        if process.poll() is None:
            process.kill()
        process.wait()
        os.close(master)
    return times


def _explain(database: Path, env: dict[str, str]) -> None:
    """Where ars-tui's start-up goes, measured inside one fresh process."""
    code = textwrap.dedent(
        f"""
        import time
        t0 = time.perf_counter()
        import ars_tui.cli
        t1 = time.perf_counter()
        import textual.app, textual.widgets
        t2 = time.perf_counter()
        import ars_tui.app
        t3 = time.perf_counter()
        import storage.db
        t4 = time.perf_counter()
        database = storage.db.open_database({str(database)!r})
        t5 = time.perf_counter()
        for label, seconds in [
            ("import ars_tui.cli (argparse, paths, cli_text, storage.vocabulary)", t1 - t0),
            ("import textual.app + widgets", t2 - t1),
            ("import ars_tui.app (screens, summary, workflows)", t3 - t2),
            ("import storage.db (sqlalchemy)", t4 - t3),
            ("open_database (migration check, models, reference check)", t5 - t4),
        ]:
            print(f"  {{label:<62}} {{seconds * 1000:7.0f}} ms")
        """
    )
    print("Where ars-tui's start-up goes (one process, no terminal):")
    subprocess.run([PYTHON, "-c", code], env=env, cwd=ROOT, check=True)
    result = subprocess.run(
        [
            PYTHON,
            "-X",
            "importtime",
            "-c",
            "import ars_tui.app, storage.db, storage.reference.load, storage.migrations,"
            " storage.models",
        ],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    top: dict[str, int] = {}
    for line in result.stderr.splitlines():
        parts = line.split("|")
        if len(parts) != 3 or not parts[1].strip().isdigit():
            continue
        name = parts[2]
        if len(name) - len(name.lstrip()) == 1:  # one space: imported by the script itself
            top[name.strip()] = int(parts[1])
    print("Costliest top-level imports (cumulative, -X importtime):")
    for name, micros in sorted(top.items(), key=lambda item: -item[1])[:10]:
        print(f"  {name:<40} {micros / 1000:7.0f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--records", type=int, default=100_000)
    parser.add_argument("--rebuild", action="store_true")
    parser.add_argument("--explain", action="store_true")
    parser.add_argument("--db", type=Path, help="an existing database to time instead")
    args = parser.parse_args()

    database = args.db or demo_database(args.records, args.rebuild)
    home = Path(tempfile.mkdtemp(prefix="ars-tui-bench-home-"))
    env = {
        **os.environ,
        "TERM": "xterm-256color",
        "COLUMNS": str(COLUMNS),
        "LINES": str(LINES),
        "ARS_TUI_HOME": str(home),
        # A device in use: its correspondent is known, so no first-run set-up screen.
        "ARS_TUI_NOM": "Marie Payet",
        "PYTHONPATH": str(ROOT),
    }
    ars_command = [PYTHON, "-m", "ars_tui", "--db", str(database)]
    bare_command = [PYTHON, "-c", BARE_APP]

    load_before = os.getloadavg()[0]
    # Warm-up (not measured): disk cache, bytecode, WAL of the cached database.
    _spawn_and_time(bare_command, [BARE_MARKER], env)
    _spawn_and_time(ars_command, [ARS_FIRST_FRAME_MARKER, ARS_FIGURES_MARKER], env)

    bare: list[float] = []
    ars_first: list[float] = []
    ars_figures: list[float] = []
    for _ in range(args.runs):
        bare.extend(_spawn_and_time(bare_command, [BARE_MARKER], env))
        first, figures = _spawn_and_time(
            ars_command, [ARS_FIRST_FRAME_MARKER, ARS_FIGURES_MARKER], env
        )
        ars_first.append(first)
        ars_figures.append(figures)

    def ms(values: list[float]) -> str:
        return (
            f"median {statistics.median(values) * 1000:6.0f} ms "
            f"(min {min(values) * 1000:.0f}, max {max(values) * 1000:.0f})"
        )

    ratio = statistics.median(ars_first) / statistics.median(bare)
    print(f"Database: {database}, {args.runs} runs each")
    # A loaded machine stretches both apps but not by the same factor: say how loaded it was.
    load_after = os.getloadavg()[0]
    print(f"  load average (1 min), before / after   : {load_before:.1f} / {load_after:.1f}")
    if env.get("PYTHONDONTWRITEBYTECODE"):
        print(
            "  PYTHONDONTWRITEBYTECODE is set: ars-tui's own modules are compiled at every start "
            "(an installed ars-tui has its .pyc; Textual's are in site-packages)"
        )
    print(f"  bare Textual + DataTable, first frame  : {ms(bare)}")
    print(f"  ars-tui, first frame                   : {ms(ars_first)}")
    print(f"  ars-tui, dashboard figures on screen   : {ms(ars_figures)}")
    verdict = "within the 1.5x bar" if ratio <= 1.5 else "ABOVE the 1.5x bar"
    print(f"  ratio ars-tui / bare (first frame)     : {ratio:.2f} ({verdict})")
    figures_ratio = statistics.median(ars_figures) / statistics.median(bare)
    verdict = (
        "within the 1.5x goal"
        if figures_ratio <= 1.5
        else "within the 2x bar"
        if figures_ratio <= 2
        else "ABOVE the 2x bar"
    )
    print(f"  ratio figures / bare first frame       : {figures_ratio:.2f} ({verdict})")
    if args.explain:
        _explain(database, env)


if __name__ == "__main__":
    main()
