"""The test harness's ``ars-tui serve`` (tests/support/central_server.py) is started on a port
of its own, never mistaken for a stranger that answers on the port it was given.

Why: ``test_a_revoked_token_stops_sync_and_deletes_nothing`` failed once under load. The port
found free by ``free_port()`` was taken before our server bound it (other test runs share the
machine's loopback); our server exited on "address already in use" while /v1/health answered
200 from the other run's server, so the test talked to a stranger that then went away
("serveur injoignable", exit 4 instead of 5).
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import httpx
import pytest

from ars_tui.protocol import HEALTH_PATH, client_headers
from tests.support.central_server import RunningServer


class _Stranger(BaseHTTPRequestHandler):
    """Another program on the port: healthy, knows no token."""

    def do_GET(self) -> None:
        self.send_response(200 if self.path == HEALTH_PATH else 418)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def log_message(self, *_args: object) -> None:
        return


@pytest.fixture
def stranger() -> Iterator[int]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), _Stranger)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


def test_a_taken_port_is_replaced_not_mistaken_for_our_server(
    stranger: int, tmp_path: Path
) -> None:
    server = RunningServer(
        database_url=f"sqlite:///{tmp_path / 'central.db'}",
        port=stranger,
        log_path=tmp_path / "central.log",
    )
    server.start(new_port_if_taken=True)
    try:
        assert server.port != stranger
        assert server.process is not None and server.process.poll() is None
        token = server.token("REU", "alice")
        hello = httpx.get(f"{server.url}/v1/sync/hello", headers=client_headers(token))
        assert hello.status_code == 200  # our server: it knows the token just made
    finally:
        server.stop()


def test_a_restart_never_moves_to_another_port(stranger: int, tmp_path: Path) -> None:
    server = RunningServer(
        database_url=f"sqlite:///{tmp_path / 'central.db'}",
        port=stranger,
        log_path=tmp_path / "central.log",
    )
    with pytest.raises(RuntimeError, match="could not bind"):
        server.start()  # a restart keeps its address: it says so rather than move
    assert server.port == stranger
