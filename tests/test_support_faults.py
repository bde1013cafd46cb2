"""The fault injectors of tests/support against a trivial local HTTP server.

The server counts what reaches it and echoes pushes, so each test can tell what the fault did to
the server's side (got it or not, twice or once, a part of it) and to the client's side (which
exception, which answer). No timings are asserted: the proxy's pacing is checked through the
delays it planned, which are computed, not measured.
"""

from __future__ import annotations

import gzip
import json
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from tests.support.fault_transport import (
    AsyncFaultTransport,
    Fault,
    FaultSchedule,
    FaultTransport,
)
from tests.support.net_proxy import LinkSettings, NetProxy, ThreadedNetProxy

BIG = 200_000


class _Server(ThreadingHTTPServer):
    daemon_threads = True
    hits: Counter[str]
    pushes: list[list[object]]


class _Handler(BaseHTTPRequestHandler):
    server: _Server

    def log_message(self, *_args: object) -> None:  # quiet
        pass

    def _send(self, status: int, body: bytes) -> None:
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self) -> None:
        self.server.hits[self.path] += 1
        if self.path == "/big":
            self._send(200, b"x" * BIG)
        else:
            self._send(200, json.dumps({"hit": self.server.hits[self.path]}).encode())

    def do_POST(self) -> None:
        self.server.hits[self.path] += 1
        body = self.rfile.read(int(self.headers["Content-Length"]))
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        ops = json.loads(body)["ops"]
        self.server.pushes.append(ops)
        answer = {"results": [{"op_id": op["op_id"], "status": "applied"} for op in ops]}
        answer["hit"] = self.server.hits[self.path]
        self._send(200, json.dumps(answer).encode())


@pytest.fixture
def server() -> Iterator[_Server]:
    httpd = _Server(("127.0.0.1", 0), _Handler)
    httpd.hits = Counter()
    httpd.pushes = []
    thread = threading.Thread(target=httpd.serve_forever, args=(0.05,), daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()
    httpd.server_close()


def _url(server: _Server) -> str:
    return f"http://127.0.0.1:{server.server_address[1]}"


def _client(server: _Server, schedule: FaultSchedule) -> httpx.Client:
    transport = FaultTransport(httpx.HTTPTransport(), schedule)
    return httpx.Client(base_url=_url(server), transport=transport)


def _push_body(count: int) -> bytes:
    ops = [{"op_id": f"op-{i}"} for i in range(count)]
    return gzip.compress(json.dumps({"ops": ops}).encode())


GZIP = {"Content-Encoding": "gzip", "Content-Type": "application/json"}


# --- Fault transport -----------------------------------------------------------------------------


def test_a_lost_request_never_reaches_the_server(server: _Server) -> None:
    schedule = FaultSchedule(enabled=False)
    schedule.force(Fault.LOST_REQUEST)
    with _client(server, schedule) as client:
        with pytest.raises(httpx.ConnectError):
            client.get("/v1/sync/hello")
        assert server.hits["/v1/sync/hello"] == 0
        assert client.get("/v1/sync/hello").json() == {"hit": 1}  # the next one goes through
    assert schedule.counts == {Fault.LOST_REQUEST: 1}


def test_a_lost_response_was_handled_by_the_server(server: _Server) -> None:
    schedule = FaultSchedule(enabled=False)
    schedule.force(Fault.LOST_RESPONSE)
    with _client(server, schedule) as client, pytest.raises(httpx.ReadError):
        client.post("/v1/sync/push", content=_push_body(3), headers=GZIP)
    assert server.hits["/v1/sync/push"] == 1
    assert [op["op_id"] for op in server.pushes[0]] == ["op-0", "op-1", "op-2"]
    assert schedule.counts == {Fault.LOST_RESPONSE: 1}


def test_a_duplicate_delivery_reaches_the_server_twice(server: _Server) -> None:
    schedule = FaultSchedule(enabled=False)
    schedule.force(Fault.DUPLICATE)
    with _client(server, schedule) as client:
        answer = client.post("/v1/sync/push", content=_push_body(2), headers=GZIP)
    assert server.hits["/v1/sync/push"] == 2
    assert server.pushes[0] == server.pushes[1]
    assert answer.json()["hit"] == 2  # the client sees the second answer
    assert schedule.counts == {Fault.DUPLICATE: 1}


def test_unavailable_is_a_503_with_retry_after_and_no_server_work(server: _Server) -> None:
    schedule = FaultSchedule(enabled=False, retry_after="7")
    schedule.force(Fault.UNAVAILABLE)
    with _client(server, schedule) as client:
        answer = client.get("/v1/sync/pull")
    assert answer.status_code == 503
    assert answer.headers["Retry-After"] == "7"
    assert answer.json()["error"] == "unavailable"
    assert server.hits["/v1/sync/pull"] == 0


@pytest.mark.parametrize("gzipped", [True, False])
def test_a_crash_mid_batch_commits_a_prefix_then_drops(server: _Server, gzipped: bool) -> None:
    schedule = FaultSchedule(enabled=False, seed=3)
    schedule.force(Fault.CRASH_MID_BATCH)
    raw = json.dumps({"ops": [{"op_id": f"op-{i}"} for i in range(10)]}).encode()
    body, headers = (gzip.compress(raw), GZIP) if gzipped else (raw, {})
    with _client(server, schedule) as client, pytest.raises(httpx.RemoteProtocolError):
        client.post("/v1/sync/push", content=body, headers=headers)
    assert len(server.pushes) == 1
    received = [op["op_id"] for op in server.pushes[0]]
    assert 1 <= len(received) <= 9
    assert received == [f"op-{i}" for i in range(len(received))]  # a prefix, in order
    assert schedule.counts == {Fault.CRASH_MID_BATCH: 1}


def test_a_crash_needs_a_batch_to_cut(server: _Server) -> None:
    schedule = FaultSchedule(enabled=False)
    schedule.force(Fault.CRASH_MID_BATCH, Fault.CRASH_MID_BATCH)
    with _client(server, schedule) as client:
        assert client.post("/v1/sync/push", content=_push_body(1), headers=GZIP).is_success
        assert client.get("/v1/sync/hello").is_success
    assert schedule.total == 0


def test_other_paths_are_never_hit(server: _Server) -> None:
    schedule = FaultSchedule(rates={Fault.LOST_REQUEST: 1.0})
    with _client(server, schedule) as client:
        assert client.get("/v1/health").is_success
        with pytest.raises(httpx.ConnectError):
            client.get("/v1/sync/hello")
    assert schedule.counts == {Fault.LOST_REQUEST: 1}


def _run_schedule(server: _Server, seed: int, requests: int = 60) -> list[Fault | None]:
    """Outcome of each request of a fixed sequence under ``seed``."""
    schedule = FaultSchedule(seed=seed)
    outcomes: list[Fault | None] = []
    with _client(server, schedule) as client:
        for i in range(requests):
            before = schedule.total
            try:
                if i % 2:
                    client.post("/v1/sync/push", content=_push_body(4), headers=GZIP)
                else:
                    client.get("/v1/sync/pull")
            except httpx.TransportError:
                pass
            outcomes.append(schedule.events[-1][0] if schedule.total > before else None)
    assert sum(1 for outcome in outcomes if outcome) == schedule.total
    assert Counter(o for o in outcomes if o) == schedule.counts
    return outcomes


def test_a_seed_replays_the_same_faults(server: _Server) -> None:
    first = _run_schedule(server, seed=11)
    assert first == _run_schedule(server, seed=11)
    assert first != _run_schedule(server, seed=12)
    assert len({outcome for outcome in first if outcome}) >= 3  # a mix, not one kind


def test_a_disabled_schedule_lets_everything_through(server: _Server) -> None:
    schedule = FaultSchedule(rates={Fault.LOST_REQUEST: 1.0}, enabled=False)
    with _client(server, schedule) as client:
        for _ in range(5):
            assert client.get("/v1/sync/pull").is_success
    assert schedule.total == 0 and schedule.requests == 5


async def test_the_async_transport_injects_the_same_faults(server: _Server) -> None:
    schedule = FaultSchedule(enabled=False)
    schedule.force(Fault.LOST_REQUEST, Fault.LOST_RESPONSE, Fault.DUPLICATE, Fault.CRASH_MID_BATCH)
    transport = AsyncFaultTransport(httpx.AsyncHTTPTransport(), schedule)
    async with httpx.AsyncClient(base_url=_url(server), transport=transport) as client:
        with pytest.raises(httpx.ConnectError):
            await client.post("/v1/sync/push", content=_push_body(4), headers=GZIP)
        with pytest.raises(httpx.ReadError):
            await client.post("/v1/sync/push", content=_push_body(4), headers=GZIP)
        answer = await client.post("/v1/sync/push", content=_push_body(4), headers=GZIP)
        with pytest.raises(httpx.RemoteProtocolError):
            await client.post("/v1/sync/push", content=_push_body(4), headers=GZIP)
    assert answer.json()["hit"] == 3
    assert [len(ops) for ops in server.pushes[:3]] == [4, 4, 4]
    assert 1 <= len(server.pushes[3]) <= 3
    assert schedule.counts == dict.fromkeys(
        [Fault.LOST_REQUEST, Fault.LOST_RESPONSE, Fault.DUPLICATE, Fault.CRASH_MID_BATCH], 1
    )


# --- TCP proxy -----------------------------------------------------------------------------------


async def test_the_proxy_forwards_both_ways_intact(server: _Server) -> None:
    proxy = NetProxy("127.0.0.1", server.server_address[1])
    await proxy.start()
    try:
        async with httpx.AsyncClient(base_url=proxy.url) as client:
            big = await client.get("/big")
            pushed = await client.post("/v1/sync/push", content=_push_body(50), headers=GZIP)
    finally:
        await proxy.stop()
    assert big.content == b"x" * BIG
    assert len(pushed.json()["results"]) == 50
    assert proxy.stats.bytes_down > BIG and proxy.stats.bytes_up > 0
    assert proxy.stats.resets == 0


async def test_the_proxy_resets_a_connection_after_n_bytes(server: _Server) -> None:
    proxy = NetProxy("127.0.0.1", server.server_address[1], LinkSettings(reset_after=50_000))
    await proxy.start()
    try:
        async with httpx.AsyncClient(base_url=proxy.url) as client:
            with pytest.raises(httpx.TransportError):
                await client.get("/big")
            assert (await client.get("/small")).is_success  # small answers still pass
            proxy.settings.reset_after = None  # toggled while running
            assert (await client.get("/big")).content == b"x" * BIG
    finally:
        await proxy.stop()
    assert proxy.stats.resets == 1
    assert server.hits["/big"] == 2


async def test_a_link_down_refuses_and_comes_back(server: _Server) -> None:
    proxy = NetProxy("127.0.0.1", server.server_address[1], LinkSettings(down=True))
    await proxy.start()
    try:
        async with httpx.AsyncClient(base_url=proxy.url) as client:
            with pytest.raises(httpx.TransportError):
                await client.get("/v1/sync/hello")
            proxy.settings.down = False
            assert (await client.get("/v1/sync/hello")).is_success
    finally:
        await proxy.stop()
    assert proxy.stats.refused == 1 and server.hits["/v1/sync/hello"] == 1


def test_the_threaded_proxy_paces_a_slow_link(server: _Server) -> None:
    """64 kbit/s and 300 ms: the proxy plans at least bytes/8000 s of pacing, plus latency."""
    settings = LinkSettings(latency=0.3, bandwidth=1_000_000)  # fast enough for a test run
    with ThreadedNetProxy("127.0.0.1", server.server_address[1], settings) as proxy:
        answer = httpx.get(f"{proxy.url}/big", timeout=30)
        settings.bandwidth, settings.latency = None, 0.0
        assert httpx.get(f"{proxy.url}/small").is_success
    assert answer.content == b"x" * BIG
    carried = proxy.stats.bytes_down + proxy.stats.bytes_up
    assert proxy.stats.planned_delay >= BIG / 1_000_000 + 2 * 0.3
    assert proxy.stats.planned_delay <= carried / 1_000_000 + 0.3 * 100
