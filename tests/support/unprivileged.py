"""Children that file modes bind even when the tests run as root (CI): setpriv drops root's right
to ignore them, or the test is skipped with the reason (never silently passed)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest


def unprivileged_prefix(probe_dir: Path) -> list[str]:
    """The command prefix under which file modes bind this process's children, or skip."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("root ignores file modes and setpriv (util-linux) is missing here")
    prefix = [
        setpriv,
        "--bounding-set=-dac_override,-dac_read_search,-fowner,-linux_immutable",
        "--inh-caps=-all",
        "--",
    ]
    probe = probe_dir / "probe"
    probe.write_text("")
    probe.chmod(0o444)
    tried = subprocess.run(
        [*prefix, sys.executable, "-c", f"open({str(probe)!r}, 'a').write('x')"],
        capture_output=True,
    )
    probe.unlink()
    if tried.returncode == 0:
        pytest.skip("setpriv could not take root's right to ignore file modes on this machine")
    return prefix
