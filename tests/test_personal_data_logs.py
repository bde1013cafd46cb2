"""No personal data (names, RPPS, phone, email) in any log of a full sync.

Two devices of one ARS and a real ``ars-tui serve`` on loopback. Device A records professionals
with every kind of personal data; both devices edit the same phone (a conflict, resolved), A
deletes one; each syncs with the command line (``ars-tui sync``) and in-process with every
Python logger captured at DEBUG (httpx's included). Then the server's log file, the command
line's output, the captured client logs and the device's sync log (shown in the
Synchronisation screen) are searched for each personal value.
"""

from __future__ import annotations

import logging
import shutil
import subprocess
from pathlib import Path

import pytest
from sqlalchemy import text
from stdnum import luhn

from ars_tui.sync.client import SyncClient
from storage.db import open_database
from storage.records.store import Store
from storage.sync import conflicts as sync_conflicts
from storage.sync import state as sync_state
from tests.support.central_server import ars_tui_command, start_central_server


def _rpps(base: str) -> str:
    return base + luhn.calc_check_digit(base)


PEOPLE = [
    {
        "last_name": "Técher-Grondin",
        "first_name": "Marie-Josée",
        "rpps": _rpps("1000012345"),
        "phone": "0692 45 67 89",
        "email": "mj.techer@medecin-reunion.fr",
        "situation": "remplacant",
    },
    {
        "last_name": "Ramassamy",
        "first_name": "Kévin",
        "rpps": _rpps("1000098765"),
        "phone": "0262 33 44 55",
        "email": "k.ramassamy@exemple.re",
        "situation": "installe_liberal",
    },
]
CONFLICTING_PHONES = ("0693 11 11 11", "0693 22 22 22")


def _secrets() -> list[str]:
    values: list[str] = list(CONFLICTING_PHONES)
    for person in PEOPLE:
        values += [person[key] for key in ("last_name", "first_name", "rpps", "phone", "email")]
    # Also as they may be written elsewhere: digits of a phone without spaces.
    values += [value.replace(" ", "") for value in values if value[:1].isdigit()]
    return values


def _cli_sync(path: Path, url: str, token: str) -> str:
    done = subprocess.run(
        ars_tui_command("sync", "--db", str(path), "--server", url, "--token", token),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    return done.stdout + done.stderr


def test_a_full_sync_logs_no_personal_data(
    tmp_path: Path, fresh_database_file: Path, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    paths = {name: tmp_path / f"{name}.db" for name in ("alice", "bruno")}
    for path in paths.values():
        shutil.copyfile(fresh_database_file, path)
    outputs: list[str] = []
    with start_central_server(f"sqlite:///{tmp_path / 'central.db'}", tmp_path) as server:
        tokens = {name: server.token("REU", name) for name in paths}
        alice = open_database(paths["alice"])
        bruno = open_database(paths["bruno"])
        try:
            store_a = Store(alice.engine, user="alice", ars_code="REU")
            store_b = Store(bruno.engine, user="bruno", ars_code="REU")
            ids = [store_a.create("professional", person) for person in PEOPLE]
            outputs.append(_cli_sync(paths["alice"], server.url, tokens["alice"]))
            outputs.append(_cli_sync(paths["bruno"], server.url, tokens["bruno"]))
            # The same field on both devices: a conflict, resolved by Bruno keeping his value.
            store_a.update("professional", ids[0], {"phone": CONFLICTING_PHONES[0]})
            store_b.update("professional", ids[0], {"phone": CONFLICTING_PHONES[1]})
            store_a.delete("professional", ids[1])
            for database, name in ((alice, "alice"), (bruno, "bruno")):
                with SyncClient(database, server.url, tokens[name], retries=0) as client:
                    client.run_round()
            [conflict] = sync_conflicts.problem_ops(bruno.engine, sync_state.CONFLICT)
            sync_conflicts.resolve_conflict(store_b, conflict.op_id, {"phone": sync_state.MINE})
            outputs.append(_cli_sync(paths["bruno"], server.url, tokens["bruno"]))
            outputs.append(_cli_sync(paths["alice"], server.url, tokens["alice"]))
            device_logs = []
            for database in (alice, bruno):
                with database.engine.connect() as connection:
                    device_logs += [
                        row[0] for row in connection.execute(text("SELECT summary FROM sync_log"))
                    ]
            shown = Store(alice.engine, user="alice").get("professional", ids[0])
        finally:
            alice.dispose()
            bruno.dispose()
        server_log = server.log()
    # The sync did carry the data (the check below would pass on an empty run otherwise).
    assert shown["phone"] == CONFLICTING_PHONES[1] and shown["rpps"] == PEOPLE[0]["rpps"]
    assert "push device=alice" in server_log and device_logs and caplog.text
    places = {
        "server log": server_log,
        "ars-tui sync output": "\n".join(outputs),
        "client logs": caplog.text,
        "device sync log": "\n".join(device_logs),
    }
    leaks = [
        f"{value!r} in {place}"
        for place, content in places.items()
        for value in _secrets()
        if value in content
    ]
    assert leaks == []
