"""The slow link of bench/bench_sync.py (``--slow-link``): 1,000 changes pushed through a
throttling TCP proxy (64 kbit/s, 300 ms latency each way), then a cut in the middle of a second
push, and what the next sync sends again (at most one batch: the server answers ``duplicate``
for what it had)."""

from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable

from _common import free_port  # bench/ is on sys.path

from ars_tui.sync.batching import START_BATCH
from ars_tui.sync.client import SyncClient, SyncError
from storage.db import Database
from storage.records.store import Store
from storage.sync import outbox as sync_outbox
from storage.sync import progress as sync_progress


class ThrottlingProxy:
    """A TCP proxy on loopback: ``rate`` bytes/s and ``latency`` s each way; ``cut()`` resets."""

    def __init__(self, target_port: int, *, rate: float, latency: float) -> None:
        self.target_port = target_port
        self.rate = rate
        self.latency = latency
        self.port = free_port()
        self.bytes_up = 0
        self._loop = asyncio.new_event_loop()
        self._writers: list[asyncio.StreamWriter] = []
        self.cut_after_up: int | None = None
        self._ready = threading.Event()
        threading.Thread(target=self._run, daemon=True).start()
        self._ready.wait()

    def _run(self) -> None:
        asyncio.set_event_loop(self._loop)
        server = self._loop.run_until_complete(
            asyncio.start_server(self._handle, "127.0.0.1", self.port)
        )
        self._ready.set()
        self._loop.run_forever()
        server.close()

    async def _handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        up_reader, up_writer = await asyncio.open_connection("127.0.0.1", self.target_port)
        self._writers += [writer, up_writer]
        await asyncio.gather(
            self._pipe(reader, up_writer, up=True),
            self._pipe(up_reader, writer, up=False),
            return_exceptions=True,
        )

    async def _pipe(
        self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter, *, up: bool
    ) -> None:
        first = True
        try:
            while chunk := await reader.read(512):
                if first:
                    await asyncio.sleep(self.latency)
                    first = False
                await asyncio.sleep(len(chunk) / self.rate)
                if up:
                    self.bytes_up += len(chunk)
                    if self.cut_after_up is not None and self.bytes_up >= self.cut_after_up:
                        self.cut_after_up = None
                        self._reset_all()
                        return
                writer.write(chunk)
                await writer.drain()
            writer.close()
        except (ConnectionError, OSError):
            writer.close()

    def _reset_all(self) -> None:
        for writer in self._writers:
            transport = writer.transport
            if not transport.is_closing():
                transport.abort()
        self._writers.clear()

    def close(self) -> None:
        self._loop.call_soon_threadsafe(self._loop.stop)


def slow_link(device: Database, url: str, token: Callable[[str], str]) -> None:
    """Push 1,000 changes through the proxy, then cut the link in the middle of the next 1,000.

    ``token(name)`` makes a device token on the server at ``url``.
    """
    port = int(url.rsplit(":", 1)[1])
    proxy = ThrottlingProxy(port, rate=64_000 / 8, latency=0.3)
    proxied = f"http://127.0.0.1:{proxy.port}"
    store = Store(device.engine, user="c.payet", ars_code="REU")
    with device.engine.connect() as connection:
        ids = [
            row[0] for row in connection.exec_driver_sql("SELECT id FROM professional LIMIT 1000")
        ]
    # Bring A up to date first (its own 10,000 rows come back; not part of the figure).
    with SyncClient(device, url, token("a2")) as client:
        client.pull_changes(client.hello().limits)
    with store.batch():
        for number, record_id in enumerate(ids):
            store.update("professional", record_id, {"specialty": f"Spécialité {number}"})
    slow_token = token("a-slow")
    with SyncClient(device, proxied, slow_token, timeout=120) as client:
        server_limits = client.hello().limits
        client.bytes_sent = 0
        started = time.perf_counter()
        sent = client.push_outbox(server_limits)
        seconds = time.perf_counter() - started
    client_bytes_per_op = client.bytes_sent / sent
    print(
        f"slow link (64 kbit/s, 300 ms): {sent} changes pushed in {seconds:.1f} s, "
        f"{client_bytes_per_op:.0f} bytes/change up"
    )

    # Cut the link half way through the next 1,000 changes.
    with store.batch():
        for number, record_id in enumerate(ids):
            store.update("professional", record_id, {"specialty": f"Autre {number}"})
    proxy.cut_after_up = None  # the hello must get through; the cut is armed after it
    with SyncClient(device, proxied, slow_token, timeout=120, retries=0) as client:
        server_limits = client.hello().limits
        proxy.bytes_up = 0
        # Half way into the second batch: the first (START_BATCH ops) gets through and is acked,
        # the second (twice as many) is cut while it is being sent.
        per_op = client_bytes_per_op
        proxy.cut_after_up = int(per_op * START_BATCH * 2)
        try:
            client.push_outbox(server_limits)
            print("the link was not cut (batch smaller than expected)")
        except SyncError as error:
            print(f"link cut mid-push: {error.message}")
    status = sync_progress.sync_status(device.engine)
    with device.engine.connect() as connection:
        inflight = connection.exec_driver_sql(
            "SELECT count(*) FROM outbox_op WHERE state = 'inflight'"
        ).scalar()
        acked = connection.exec_driver_sql(
            "SELECT count(*) FROM outbox_op WHERE state = 'acked' AND fields LIKE '%Autre%'"
        ).scalar()
    print(
        f"after the cut: {acked} acked before it, {status.pending} still to send, "
        f"of which {inflight} were in flight"
    )
    with SyncClient(device, url, slow_token) as client:
        results: list[str] = []
        original = sync_outbox.apply_push_results

        def spy(engine, batch_results, **kwargs):  # type: ignore[no-untyped-def]
            results.extend(result["status"] for result in batch_results)
            return original(engine, batch_results, **kwargs)

        sync_outbox.apply_push_results = spy  # type: ignore[assignment]
        try:
            client.push_outbox(client.hello().limits)
        finally:
            sync_outbox.apply_push_results = original  # type: ignore[assignment]
    duplicates = results.count("duplicate")
    print(
        f"next sync: {len(results)} ops sent, {duplicates} answered 'duplicate' "
        f"(re-sent after the cut: the {inflight} in flight, one batch; the {acked} acked "
        "before it not sent again)"
    )
    proxy.close()
