"""What several benchmarks share: a free loopback port, waiting for a started ``ars-tui serve``,
and the demo database kept between runs.

Benchmarks import it as ``_common`` (run as scripts, ``bench/`` is on ``sys.path``); like every
benchmark it measures the package and imports nothing from ``tests/``.
"""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def free_port() -> int:
    """A loopback port free now (the server binds it a moment later)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_until_healthy(
    url: str, process: subprocess.Popen[bytes], log: str, seconds: float = 60.0
) -> None:
    """Wait for the server at ``url`` to answer its health check; raise if it exits or is late."""
    import httpx  # here: bench_startup imports this module and measures a bare start

    from ars_tui import protocol

    deadline = time.monotonic() + seconds
    while True:
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"the server did not start, see {log}")
        with contextlib.suppress(httpx.TransportError):
            if httpx.get(url + protocol.HEALTH_PATH, timeout=1).status_code == 200:
                return
        time.sleep(0.1)


def demo_database(records: int, rebuild: bool) -> Path:
    """The demo database of ``records`` projects (seed 1, ARS REU), made once and kept in the temp
    folder; made in a child process, so that the benchmark's own memory stays the app's."""
    folder = Path(tempfile.gettempdir()) / "ars-tui-bench"
    path = folder / f"startup-{records}.db"
    if path.exists() and not rebuild:
        return path
    folder.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(f"{path}{suffix}").unlink(missing_ok=True)
    print(f"Building the demo database ({records} installation projects)...", flush=True)
    code = textwrap.dedent(
        f"""
        from storage.db import open_database
        from storage.demo.generator import generate_demo
        from storage.queries.database_summary import database_summary
        database = open_database({str(path)!r})
        try:
            summary = generate_demo(database.engine, records={records}, ars_code="REU", seed=1)
            figures = database_summary(database.engine)
        finally:
            database.dispose()
        projects = figures.record_counts["installation_project"]
        print(f"  {{sum(summary.counts.values())}} rows in {{summary.seconds:.1f}} s; "
              f"{{projects}} installation projects")
        """
    )
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, check=True)
    return path
