"""A real ``ars-tui serve`` process on a loopback port, on SQLite and on PostgreSQL.

What the in-process tests cannot show: the command starts a working server, sockets and gzip
work end to end, concurrent deliveries of the same batch (a client retrying while the first send
is still in flight) are applied once, and a killed server keeps every committed change.
"""

from __future__ import annotations

import gzip
import json
import threading
from typing import Any

import httpx
import pytest

from ars_tui import protocol
from ars_tui.protocol import PULL_PATH, PUSH_PATH, PullResponse, PushResponse, client_headers
from storage.ids import new_id
from tests.support.central_api import op
from tests.support.central_server import (  # noqa: F401 (fixtures)
    RunningServer,
    central_db_url,
    central_server,
)

pytestmark = pytest.mark.slow


def test_serve_answers_push_and_pull_over_a_socket(central_server: RunningServer) -> None:  # noqa: F811
    token = central_server.token("REU", "tablette-1")
    assert len(token) >= 43  # 256 bits, url-safe base64
    headers = client_headers(token)
    with httpx.Client(base_url=central_server.url, headers=headers, timeout=10) as client:
        hello = client.get("/v1/sync/hello").json()
        assert (hello["ars_code"], hello["device"]) == ("REU", "tablette-1")
        ops = [op("create", new_id()) for _ in range(30)]
        response = client.post(
            PUSH_PATH,
            content=gzip.compress(json.dumps({"ops": ops}).encode()),
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )
        assert response.status_code == 200, response.text
        results = PushResponse.model_validate(response.json()).results
        # Each applied edit's history record (derived by the server) takes the next seq.
        assert [r.server_seq for r in results] == list(range(1, 61, 2))
        pulled = client.get(PULL_PATH, params={"since": 0})
        assert pulled.headers["content-encoding"] == "gzip"
        page = PullResponse.model_validate(pulled.json())
        pairs = [(o["entity_id"], o["op_id"]) for o in ops]
        assert [row.id for row in page.rows] == [name for pair in pairs for name in pair]
        # Over the size limit: a clean 413 answer, not a dropped connection.
        big = client.post(PUSH_PATH, content=b" " * (protocol.MAX_BODY_BYTES + 1))
        assert big.status_code == 413
        assert big.json()["error"] == "too_large"
        assert client.get("/openapi.json").status_code == 200
    log = central_server.log()
    assert "push device=tablette-1 ars=REU ops=30 applied=30" in log
    for personal in ("Payet", "Léa", "c.payet"):
        assert personal not in log
    assert '"POST /v1/sync/push' not in log  # no access log: it would record addresses


def test_five_identical_pushes_at_once_are_applied_once(central_server: RunningServer) -> None:  # noqa: F811
    token = central_server.token("REU", "tablette-1")
    records = [new_id() for _ in range(40)]
    ops: list[dict[str, Any]] = [op("create", record) for record in records]
    ops += [
        op("update", record, {"phone": "0692123456"}, base={"phone": None}) for record in records
    ]
    body = {"ops": ops}
    barrier = threading.Barrier(5)
    answers: list[PushResponse] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            with httpx.Client(
                base_url=central_server.url, headers=client_headers(token), timeout=60
            ) as client:
                barrier.wait()
                response = client.post(PUSH_PATH, json=body)
                assert response.status_code == 200, response.text
                answers.append(PushResponse.model_validate(response.json()))
        except BaseException as error:  # reported below, in the test's thread
            errors.append(error)

    threads = [threading.Thread(target=send) for _ in range(5)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors, errors
    assert len(answers) == 5
    for index in range(len(ops)):
        statuses = sorted(answer.results[index].status for answer in answers)
        assert statuses == ["applied"] + ["duplicate"] * 4, (index, statuses)
        seqs = {answer.results[index].server_seq for answer in answers}
        assert len(seqs) == 1  # every delivery got the stored result of the one application
    with httpx.Client(base_url=central_server.url, headers=client_headers(token)) as client:
        page = PullResponse.model_validate(
            client.get(PULL_PATH, params={"since": 0, "limit": 2000}).json()
        )
    rows = [row for row in page.rows if row.entity != "record_change"]
    history = [row.id for row in page.rows if row.entity == "record_change"]
    assert sorted(row.id for row in rows) == sorted(records)
    assert {row.version for row in rows} == {2}
    assert sorted(history) == sorted(o["op_id"] for o in ops)  # one history record per edit
    # Two seqs per applied op (the record, its history record), none wasted on duplicates.
    assert page.cursor == 2 * len(ops)


def test_a_killed_server_keeps_every_committed_change(central_server: RunningServer) -> None:  # noqa: F811
    token = central_server.token("REU", "tablette-1")
    ops = [op("create", new_id()) for _ in range(10)]
    with httpx.Client(base_url=central_server.url, headers=client_headers(token)) as client:
        assert client.post(PUSH_PATH, json={"ops": ops}).status_code == 200
    central_server.kill()
    central_server.start()
    with httpx.Client(base_url=central_server.url, headers=client_headers(token)) as client:
        again = PushResponse.model_validate(client.post(PUSH_PATH, json={"ops": ops}).json())
        assert {r.status for r in again.results} == {"duplicate"}
        page = PullResponse.model_validate(client.get(PULL_PATH).json())
    assert len(page.rows) == 20  # the 10 records and their history records
