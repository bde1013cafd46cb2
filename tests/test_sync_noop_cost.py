"""What ``ars-tui sync`` with nothing to do loads (issue 15: a no-op round under 0.35 s).

A cron job finds the device up to date most of the time: that round must not import what only
moving records needs (SQLModel and every table, about 0.2 s, nor httpx's own command line).
Timings are for bench/bench_sync.py; these tests check what gets imported, in a fresh process.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ars_tui.sync.client import _verify
from storage.db import open_database
from storage.migrations import HEAD_REVISION

#: A no-op round against a fake central server (hello, an empty pull page, nothing to push),
#: through the command line's own entry point; prints the modules it ended up importing.
NOOP_ROUND = textwrap.dedent(
    """
    import json, sys

    import ars_tui.sync.client as client  # first, as ``ars-tui sync`` does
    import httpx

    def answer(request):
        if request.url.path == "/v1/sync/hello":
            return httpx.Response(200, json={
                "protocol": 1, "schema": sys.argv[2], "server_time": "2026-12-05T06:00:00+00:00",
                "ars_code": "REU", "scope": ["REU"], "device": "d",
            })
        if request.url.path == "/v1/sync/pull":
            return httpx.Response(200, json={"rows": [], "cursor": 0, "has_more": False})
        return httpx.Response(500)

    original = client.SyncClient.__init__

    def fake_server(self, *args, **kwargs):
        original(self, *args, transport=httpx.MockTransport(answer), **kwargs)

    client.SyncClient.__init__ = fake_server
    from ars_tui.cli import main

    code = main(["sync", "--db", sys.argv[1], "--server", "http://central.test", "--token", "t"])
    loaded = sorted(name for name, module in sys.modules.items() if module is not None)
    print(json.dumps({"code": code, "modules": loaded}))
    """
)


@pytest.fixture
def up_to_date_device(tmp_path: Path) -> Path:
    path = tmp_path / "device.db"
    open_database(path).dispose()  # created, migrated and its reference data loaded
    return path


def noop_round_modules(path: Path, home: Path) -> tuple[int, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", NOOP_ROUND, str(path), HEAD_REVISION],
        capture_output=True,
        text=True,
        check=True,
        env={"ARS_TUI_HOME": str(home), "PATH": "/usr/bin:/bin"},
    )
    result = json.loads(done.stdout.strip().splitlines()[-1])
    return result["code"], set(result["modules"])


def test_a_noop_sync_does_not_import_the_tables(up_to_date_device: Path, tmp_path: Path) -> None:
    code, modules = noop_round_modules(up_to_date_device, tmp_path / "home")
    assert code == 0
    assert "ars_tui.sync.client" in modules  # the round did run
    assert "storage.models" not in modules
    assert "sqlmodel" not in modules
    assert "storage.reference.load" not in modules
    assert "storage.records.validation" not in modules
    assert "httpx._main" not in modules
    assert "rich" not in modules and "click" not in modules


def test_the_ca_bundle_is_loaded_for_https_and_proxies_only(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    for name in ("all_proxy", "http_proxy", "https_proxy"):
        monkeypatch.delenv(name, raising=False)
        monkeypatch.delenv(name.upper(), raising=False)
    assert _verify("https://central.ars.sante.fr") is True
    assert _verify("HTTPS://central.ars.sante.fr") is True
    assert _verify("http://127.0.0.1:8000") is False
    monkeypatch.setenv("HTTPS_PROXY", "https://proxy.ars.fr:3128")
    assert _verify("http://127.0.0.1:8000") is True


def test_the_history_type_spelled_by_sync_state_is_the_models_one() -> None:
    from storage import models
    from storage.sync import state as sync_state

    assert sync_state.HISTORY_ENTITY == models.HISTORY_ENTITY
    assert sync_state._synced_types() is models.SYNCED_TYPES
