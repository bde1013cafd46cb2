"""A small TCP proxy on loopback that makes a bad link: latency, a bandwidth cap, resets.

Toxiproxy and ``tc netem`` are not available on this machine, so this stands between a client and
a real server (``ars-tui serve``) and shapes the bytes. Its :class:`LinkSettings` may be changed
while it runs (the next chunk obeys them):

- ``latency``: seconds added to every chunk, each way (pipelined, like a long wire: a 300 ms link
  delays each chunk by 300 ms, not by 300 ms per chunk queued behind it);
- ``bandwidth``: bytes per second each way (64 kbit/s = 8000), paced in small slices;
- ``reset_after``: abort each connection (a TCP RST) once it has carried that many bytes, both
  ways together, counted from its start;
- ``down``: refuse the link: new connections are reset at once, open ones are cut.

From async code (a pytest-asyncio test)::

    proxy = NetProxy("127.0.0.1", server_port, LinkSettings(latency=0.3, bandwidth=8000))
    await proxy.start()
    ... httpx.AsyncClient(base_url=proxy.url) ...
    proxy.settings.down = True        # the link drops
    await proxy.stop()

From sync code (a bench script, the sync client): :class:`ThreadedNetProxy` runs the same proxy
on an event loop of its own thread::

    with ThreadedNetProxy("127.0.0.1", port, LinkSettings(latency=0.3, bandwidth=8000)) as proxy:
        SyncClient(database, proxy.url, token).run_round()

``stats`` counts connections, bytes each way, resets, and the pacing the proxy asked for
(``planned_delay``: seconds it scheduled, a computed figure tests may check without a clock).
"""

from __future__ import annotations

import asyncio
import contextlib
import socket
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

CHUNK = 16 * 1024
#: Pacing slices per second under a bandwidth cap (smooth enough, few wake-ups).
SLICES_PER_SECOND = 20


@dataclass
class LinkSettings:
    latency: float = 0.0
    bandwidth: float | None = None
    reset_after: int | None = None
    down: bool = False


@dataclass
class ProxyStats:
    connections: int = 0
    refused: int = 0
    resets: int = 0
    bytes_up: int = 0  # client -> server
    bytes_down: int = 0  # server -> client
    planned_delay: float = 0.0


@dataclass(eq=False)  # hashed by identity: kept in a set while open
class _Connection:
    carried: int = 0
    writers: list[asyncio.StreamWriter] = field(default_factory=list)
    closed: bool = False


def _abort(writer: asyncio.StreamWriter) -> None:
    """Close with a RST rather than a FIN: the peer sees "connection reset"."""
    sock = writer.get_extra_info("socket")
    if sock is not None:
        with contextlib.suppress(OSError):
            sock.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
    writer.transport.abort()


class NetProxy:
    """Listens on ``listen_host:listen_port`` (0: any free port), forwards to the target."""

    def __init__(
        self,
        target_host: str,
        target_port: int,
        settings: LinkSettings | None = None,
        *,
        listen_host: str = "127.0.0.1",
        listen_port: int = 0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.target = (target_host, target_port)
        self.settings = settings or LinkSettings()
        self.stats = ProxyStats()
        self._listen = (listen_host, listen_port)
        self._clock = clock
        self._server: asyncio.Server | None = None
        self._open: set[_Connection] = set()
        self._tasks: set[asyncio.Task[None]] = set()
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://{self._listen[0]}:{self.port}"

    async def start(self) -> None:
        self._server = await asyncio.start_server(self._accept, *self._listen)
        self.port = self._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._server is not None:
            self._server.close()
            for connection in list(self._open):
                self._reset(connection, count=False)
            for task in list(self._tasks):
                task.cancel()
            await asyncio.gather(*self._tasks, return_exceptions=True)
            await self._server.wait_closed()
            self._server = None

    def cut_all(self) -> None:
        """Reset every open connection now (the link drops mid-stream)."""
        for connection in list(self._open):
            self._reset(connection)

    def _reset(self, connection: _Connection, *, count: bool = True) -> None:
        if connection.closed:
            return
        connection.closed = True
        self.stats.resets += count
        for writer in connection.writers:
            _abort(writer)
        self._open.discard(connection)

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        task = asyncio.current_task()
        assert task is not None
        self._tasks.add(task)
        try:
            await self._serve(reader, writer)
        except asyncio.CancelledError:
            pass  # stopped: asyncio would log a cancelled connection task as an error
        finally:
            self._tasks.discard(task)

    async def _serve(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.settings.down:
            self.stats.refused += 1
            _abort(writer)
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            self.stats.refused += 1
            _abort(writer)
            return
        self.stats.connections += 1
        connection = _Connection(writers=[writer, up_writer])
        self._open.add(connection)
        try:
            await asyncio.gather(
                self._pipe(connection, reader, up_writer, upstream=True),
                self._pipe(connection, up_reader, writer, upstream=False),
            )
        finally:
            if not connection.closed:
                connection.closed = True
                self._open.discard(connection)
                for end in (writer, up_writer):
                    end.close()

    async def _pipe(
        self,
        connection: _Connection,
        reader: asyncio.StreamReader,
        writer: asyncio.StreamWriter,
        *,
        upstream: bool,
    ) -> None:
        """Copy one direction: a reader task stamps chunks, this loop delivers them on time."""
        queue: asyncio.Queue[tuple[float, bytes] | None] = asyncio.Queue()

        async def read() -> None:
            try:
                while not connection.closed:
                    data = await reader.read(CHUNK)
                    if not data:
                        break
                    await queue.put((self._clock() + self.settings.latency, data))
            except (ConnectionError, OSError):
                pass
            finally:
                await queue.put(None)

        reading = asyncio.create_task(read())
        next_free = 0.0  # when the (capped) link is free to send again
        try:
            while (item := await queue.get()) is not None:
                deliver_at, data = item
                if self.settings.latency:
                    self.stats.planned_delay += self.settings.latency
                wait = deliver_at - self._clock()
                if wait > 0:
                    await asyncio.sleep(wait)
                for piece in self._slices(data):
                    if connection.closed:
                        return
                    limit = self.settings.reset_after
                    if limit is not None and connection.carried + len(piece) > limit:
                        room = max(limit - connection.carried, 0)
                        if room:
                            writer.write(piece[:room])
                            connection.carried += room
                        self._reset(connection)
                        return
                    bandwidth = self.settings.bandwidth
                    if bandwidth:
                        now = self._clock()
                        start = max(now, next_free)
                        next_free = start + len(piece) / bandwidth
                        self.stats.planned_delay += len(piece) / bandwidth
                        if start > now:
                            await asyncio.sleep(start - now)
                    writer.write(piece)
                    await writer.drain()
                    connection.carried += len(piece)
                    if upstream:
                        self.stats.bytes_up += len(piece)
                    else:
                        self.stats.bytes_down += len(piece)
            if not connection.closed and writer.can_write_eof():
                writer.write_eof()  # half-close: the other direction may still be talking
        except (ConnectionError, OSError):
            self._reset(connection)
        finally:
            reading.cancel()

    def _slices(self, data: bytes) -> list[bytes]:
        bandwidth = self.settings.bandwidth
        size = max(256, int(bandwidth / SLICES_PER_SECOND)) if bandwidth else len(data)
        return [data[i : i + size] for i in range(0, len(data), size)] or [data]


class ThreadedNetProxy:
    """:class:`NetProxy` on an event loop in a thread of its own, for synchronous callers."""

    def __init__(self, target_host: str, target_port: int, settings: LinkSettings | None = None):
        self._loop = asyncio.new_event_loop()
        self.proxy = NetProxy(target_host, target_port, settings)
        self._thread = threading.Thread(target=self._loop.run_forever, daemon=True)

    @property
    def settings(self) -> LinkSettings:
        return self.proxy.settings

    @property
    def stats(self) -> ProxyStats:
        return self.proxy.stats

    @property
    def url(self) -> str:
        return self.proxy.url

    def start(self) -> ThreadedNetProxy:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self.proxy.start(), self._loop).result(10)
        return self

    def cut_all(self) -> None:
        self._loop.call_soon_threadsafe(self.proxy.cut_all)

    def stop(self) -> None:
        if self._thread.is_alive():
            asyncio.run_coroutine_threadsafe(self.proxy.stop(), self._loop).result(10)
            self._loop.call_soon_threadsafe(self._loop.stop)
            self._thread.join(10)
        self._loop.close()

    def __enter__(self) -> ThreadedNetProxy:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()
