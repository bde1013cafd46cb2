"""One sync round over HTTP: hello, push the outbox, pull the changes (docs/SYNC.md).

:meth:`SyncClient.run_round` holds the database's sync lock for the whole round and

1. asks ``GET /v1/sync/hello`` (the connectivity probe; also tells the device its ARS and the
   server's limits);
2. pushes the outbox in gzip'd batches (:class:`~ars_tui.sync.batching.BatchSizer`): each answer
   is written with :func:`storage.sync.outbox.apply_push_results` before the next batch leaves. A
   batch that fails (timeout, 413, 5xx, lost connection) is sent again with the same ops, so the
   server's ``applied_ops`` table turns any repeat into ``duplicate``;
3. pulls pages of 1,000 rows (or 2 MiB) until ``has_more`` is false, each page applied with its
   cursor in one transaction (:func:`storage.sync.pull.apply_pull_page`); a 410 resets the
   cursor and downloads the server's state again, outbox untouched.

Every failure is a :class:`SyncError` with a French message and a ``kind`` the caller can act on
(``unauthorized``, ``upgrade``, ``unreachable``...). Nothing on the device is deleted by an
error: ops only move on an explicit per-op result.
"""

from __future__ import annotations

import gc
import gzip
import os
import time
from collections.abc import Callable, Iterator, Mapping
from concurrent.futures import Future, ThreadPoolExecutor
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx
import pydantic_core

from ars_tui import cli_text as cli_tx
from ars_tui import protocol
from ars_tui.sync.backoff import backoff_delay, parse_retry_after
from ars_tui.sync.batching import START_BATCH, BatchSizer
from ars_tui.sync.lock import SyncBusy, sync_lock
from ars_tui.sync.outcome import RoundResult  # here since the no-op round needs it without httpx
from storage.sync import outbox as sync_outbox
from storage.sync import progress as sync_progress
from storage.sync import pull as sync_pull
from storage.sync.state import HISTORY_ENTITY  # not storage.models: see _ModelTable

#: Rows asked per pull page (the server's 2 MiB cap bounds a page of big records). A page is one
#: transaction: 1,000 rows cost a fifth less CPU than 500 (fewer commits and queries per row);
#: 2,000 cost no less, and a device pulling 80,000 rows peaked at 97 MiB instead of 87.
PULL_PAGE = 1000
#: How many times one request is tried again inside a round (5xx, 429/503, lost connection).
DEFAULT_RETRIES = 2
GZIP_LEVEL = 5


class SyncError(Exception):
    """A round that stopped. ``message`` is French for the user; ``kind`` says why.

    kinds: ``not_configured``, ``busy`` (another sync of this database), ``unreachable``,
    ``unauthorized`` (401), ``forbidden`` (403), ``upgrade`` (426), ``unavailable`` (429/503/5xx
    still failing after the retries), ``protocol`` (an answer that makes no sense).
    """

    def __init__(self, message: str, *, kind: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.retry_after = retry_after

    @property
    def offline(self) -> bool:
        """True when the server could not be reached at all."""
        return self.kind == "unreachable"


class _Database:
    """What the client needs of an opened database: its file (for the lock) and its engine."""

    path: Path
    engine: Any


class SyncClient:
    """Talks to one central endpoint for one database. Not thread-safe: one round at a time."""

    def __init__(
        self,
        database: _Database,
        server: str,
        token: str,
        *,
        transport: httpx.BaseTransport | None = None,
        timeout: float = 60.0,
        retries: int = DEFAULT_RETRIES,
        sleep: Callable[[float], None] = time.sleep,
        pull_limit: int = PULL_PAGE,
        start_batch: int = START_BATCH,
    ) -> None:
        self.database = database
        self.engine = database.engine
        self.retries = retries
        self.sleep = sleep
        self.pull_limit = pull_limit
        self.start_batch = start_batch
        self.bytes_sent = 0
        self.bytes_received = 0
        headers = protocol.client_headers(token)
        headers["Accept-Encoding"] = "gzip"
        self._http = httpx.Client(
            base_url=server.rstrip("/"),
            headers=headers,
            transport=transport,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            verify=_verify(server),
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # --- one round -----------------------------------------------------------------------------

    def run_round(self) -> RoundResult:
        """Hello, push, pull, under the database's sync lock; raises :class:`SyncError`."""
        try:
            with sync_lock(self.database.path):
                return self._round()
        except SyncBusy as busy:
            raise SyncError(str(busy), kind="busy") from None

    def _round(self) -> RoundResult:
        result = RoundResult()
        start_sent, start_received = self.bytes_sent, self.bytes_received
        hello = self.hello()
        result.ars_code = hello.ars_code
        sync_progress.set_device_ars(self.engine, hello.ars_code)
        started = time.perf_counter()
        result.sent = self.push_outbox(hello.limits)
        result.push_seconds = time.perf_counter() - started
        started = time.perf_counter()
        result.received = self.pull_changes(hello.limits)
        result.pull_seconds = time.perf_counter() - started
        status = sync_progress.sync_status(self.engine)
        result.conflicts, result.to_fix, result.pending = (
            status.conflicts,
            status.rejected,
            status.pending,
        )
        result.bytes_sent = self.bytes_sent - start_sent
        result.bytes_received = self.bytes_received - start_received
        sync_progress.record_success(self.engine, result.summary())
        return result

    def hello(self) -> protocol.Hello:
        response = self._call("GET", protocol.HELLO_PATH)
        try:
            return protocol.Hello.model_validate(response.json())
        except ValueError:
            raise SyncError(cli_tx.SYNC_BAD_ANSWER, kind="protocol") from None

    # --- push ----------------------------------------------------------------------------------

    def push_outbox(self, limits: protocol.Limits) -> int:
        """Send every op waiting (in batches); returns how many got an answer.

        Batches reach the server one after the other (ops of one record stay in order). While
        the server works on one batch, the next is read from the outbox; when the answer is all
        ``applied`` / ``duplicate``, that next batch is sent at once and the answer is written
        down while it travels. Otherwise (a conflict, a rejection or a block: later ops of those
        records are now held) the answer is written first and the outbox read again.
        """
        sizer = BatchSizer(
            maximum=min(limits.max_ops_per_push, protocol.MAX_OPS_PER_PUSH), size=self.start_batch
        )
        max_body = min(limits.max_body_bytes, protocol.MAX_BODY_BYTES)
        answered = 0
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ars-tui-push") as pool:
            sending = self._start_batch(pool, sizer, max_body, after_seq=0)
            while sending is not None:
                ops, request = sending
                following = sync_outbox.pending_ops(
                    self.engine, sizer.after_success(), after_seq=ops[-1].seq
                )
                # Its body too, while the server works: on the answer, it leaves at once.
                following_body = _gzip_body(following) if following else None
                try:
                    response = request.result()
                except _Shrink:
                    # A timeout or a 413: the same ops, fewer at a time (same op_ids).
                    if not sizer.shrink():
                        raise SyncError(cli_tx.SYNC_UNREACHABLE_SLOW, kind="unreachable") from None
                    sending = self._start_batch(pool, sizer, max_body, after_seq=ops[0].seq - 1)
                    continue
                results = _push_results(response, ops)
                sizer.succeeded()
                sending = None
                if all(result.get("status") in ("applied", "duplicate") for result in results):
                    batch = following[: sizer.size]
                    body = following_body if len(batch) == len(following) else None
                    sending = self._send(pool, batch, max_body, body)
                sync_outbox.apply_push_results(self.engine, results)
                # What the user made: the history record each edit carries is not counted.
                answered += sum(op.entity != HISTORY_ENTITY for op in ops)
                if sending is None:
                    sending = self._start_batch(pool, sizer, max_body, after_seq=ops[-1].seq)
        return answered

    def _start_batch(
        self, pool: ThreadPoolExecutor, sizer: BatchSizer, max_body: int, *, after_seq: int
    ) -> tuple[list[sync_outbox.PendingOp], Future[httpx.Response]] | None:
        """Read the next batch after ``after_seq`` and send it; None when nothing is waiting."""
        while True:
            ops = sync_outbox.pending_ops(self.engine, sizer.size, after_seq=after_seq)
            if not ops:
                return None
            sending = self._send(pool, ops, max_body)
            if sending is not None:
                return sending
            if not sizer.shrink():
                raise SyncError(cli_tx.SYNC_OP_TOO_LARGE, kind="protocol")

    def _send(
        self,
        pool: ThreadPoolExecutor,
        ops: list[sync_outbox.PendingOp],
        max_body: int,
        body: bytes | None = None,
    ) -> tuple[list[sync_outbox.PendingOp], Future[httpx.Response]] | None:
        """Post ``ops`` in the pool and mark them in flight (``body``: their gzip'd body, if
        made already); None if empty or too big.

        Marked as they leave, not before: the write then runs while the server works instead of
        delaying each batch. An op is sent again by the next round whether pending or in flight
        (and never edited in place), so a crash in between changes nothing.
        """
        if not ops:
            return None
        body = body if body is not None else _gzip_body(ops)
        if len(body) > max_body:
            return None
        request = pool.submit(
            self._call,
            "POST",
            protocol.PUSH_PATH,
            content=body,
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
            shrinkable=True,
        )
        sync_outbox.mark_inflight(self.engine, [op.op_id for op in ops])
        return ops, request

    # --- pull ----------------------------------------------------------------------------------

    def _pull_page(self, cursor: int, limit: int) -> tuple[list[dict[str, Any]], int, bool]:
        """One page of changes after ``cursor``: (rows, new cursor, has_more)."""
        response = self._call("GET", protocol.PULL_PATH, params={"since": cursor, "limit": limit})
        try:
            # pydantic's parser (a dependency already): the same values as json.loads, in less
            # than half its time, on the pages of a first pull (megabytes).
            page = pydantic_core.from_json(response.content)
            return page["rows"], int(page["cursor"]), bool(page["has_more"])
        except (ValueError, KeyError, TypeError):
            raise SyncError(cli_tx.SYNC_BAD_ANSWER, kind="protocol") from None

    def pull_changes(self, limits: protocol.Limits) -> int:
        """Pull pages until the server has nothing more; returns the rows applied.

        Each page is applied in one transaction, in order; the next one is downloaded while
        the current one is being applied (a failure drops it: the cursor only moves with a
        page applied).
        """
        with _heap_frozen():
            return self._pull_pages(limits)

    def _pull_pages(self, limits: protocol.Limits) -> int:
        limit = max(1, min(self.pull_limit, limits.max_pull_limit))
        cursor = sync_progress.get_cursor(self.engine)
        received = 0
        resynced = False
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="ars-tui-pull") as pool:
            following: Future[tuple[list[dict[str, Any]], int, bool]] | None = None
            while True:
                try:
                    if following is not None:
                        rows, new_cursor, has_more = following.result()
                    else:
                        rows, new_cursor, has_more = self._pull_page(cursor, limit)
                except _ResyncRequired as resync:
                    if resynced:
                        raise SyncError(cli_tx.SYNC_BAD_ANSWER, kind="protocol") from None
                    resynced = True
                    sync_progress.reset_cursor(self.engine, purged=resync.purged)
                    cursor, following = 0, None
                    continue
                following = None
                if has_more and rows:
                    following = pool.submit(self._pull_page, new_cursor, limit)
                sync_pull.apply_pull_page(self.engine, rows, new_cursor)
                received += sum(row.get("entity") != HISTORY_ENTITY for row in rows)
                if not has_more or not rows:
                    # After purged tombstones: what the full download did not send again was
                    # deleted on the server (nothing to do otherwise, or on a later round's pull).
                    sync_progress.finish_resync(self.engine)
                    return received
                cursor = new_cursor

    # --- HTTP ----------------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        *,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        shrinkable: bool = False,
    ) -> httpx.Response:
        """One request, tried again on 5xx / 429 / a lost connection; errors as SyncError."""
        failures = 0
        while True:
            try:
                if content is not None:
                    self.bytes_sent += len(content)
                response = self._http.request(
                    method, path, content=content, headers=headers, params=params
                )
                self.bytes_received += response.num_bytes_downloaded
            except httpx.TimeoutException:
                if shrinkable:
                    raise _Shrink() from None
                failures += 1
                if failures > self.retries:
                    raise SyncError(cli_tx.SYNC_UNREACHABLE_SLOW, kind="unreachable") from None
                self.sleep(backoff_delay(failures))
                continue
            except httpx.TransportError:
                failures += 1
                if failures > self.retries:
                    raise SyncError(cli_tx.SYNC_UNREACHABLE, kind="unreachable") from None
                self.sleep(backoff_delay(failures))
                continue
            status = response.status_code
            if status < 400:
                return response
            if status == 401:
                raise SyncError(cli_tx.SYNC_TOKEN_REFUSED, kind="unauthorized")
            if status == 403:
                detail = _error_field(response, "message")
                raise SyncError(cli_tx.SYNC_FORBIDDEN.format(detail=detail), kind="forbidden")
            if status == 426:
                raise SyncError(cli_tx.SYNC_UPGRADE, kind="upgrade")
            if status == 410:
                code = _error_field(response, "error")
                raise _ResyncRequired(purged=code != protocol.ERROR_CURSOR_AHEAD)
            if status == 413 and shrinkable:
                raise _Shrink()
            retry_after = parse_retry_after(response.headers.get(protocol.RETRY_AFTER_HEADER))
            if status in (429, 503) or status >= 500:
                failures += 1
                if failures > self.retries:
                    raise SyncError(
                        cli_tx.SYNC_UNAVAILABLE.format(status=status),
                        kind="unavailable",
                        retry_after=retry_after,
                    )
                self.sleep(backoff_delay(failures, retry_after=retry_after))
                continue
            raise SyncError(
                cli_tx.SYNC_REFUSED.format(status=status, detail=_error_field(response, "message")),
                kind="protocol",
            )


@contextmanager
def _heap_frozen() -> Iterator[None]:
    """The cyclic collector leaves alone what exists before the pull (the app, its modules,
    their caches: hundreds of thousands of objects) until it ends.

    A page's rows live while the page is applied, so they reach the oldest generation, and
    its full passes walked the whole heap again: a fifth of a first pull's CPU on the device,
    charged to the page's JSON decoding. What the pull makes is still collected as usual.
    Objects frozen before (``ars-tui serve`` freezes its start-up) stay frozen.
    """
    already = gc.get_freeze_count() > 0
    gc.freeze()
    try:
        yield
    finally:
        if not already:
            gc.unfreeze()


class _Shrink(Exception):
    """The batch must be made smaller (timeout or 413)."""


class _ResyncRequired(Exception):
    """410: the cursor is older than the server's tombstones (or ahead of the server)."""

    def __init__(self, *, purged: bool) -> None:
        super().__init__()
        self.purged = purged


def _push_results(response: httpx.Response, ops: list[sync_outbox.PendingOp]) -> list[Any]:
    """The per-op results of a push answer, checked to be about the ops sent."""
    try:
        results = response.json()["results"]
        by_id = {result["op_id"] for result in results}
    except (ValueError, KeyError, TypeError):
        raise SyncError(cli_tx.SYNC_BAD_ANSWER, kind="protocol") from None
    if not by_id <= {op.op_id for op in ops}:
        raise SyncError(cli_tx.SYNC_BAD_ANSWER, kind="protocol")
    return results


#: Environment variables through which httpx may route requests via a (possibly TLS) proxy.
_PROXY_VARIABLES = ("all_proxy", "http_proxy", "https_proxy")


def _verify(server: str) -> bool:
    """httpx's ``verify``: False only for a plain-http server reached without any proxy.

    ``verify=True`` loads certifi's whole CA bundle into an SSL context (about 35 ms) even for
    a loopback or LAN ``http://`` URL, which never uses it; ``False`` makes an empty context.
    Any https URL, or a proxy from the environment (which may itself be https), keeps the
    default verification.
    """
    if server.lower().startswith("https:"):
        return True
    names = {name.lower() for name in os.environ}
    return any(variable in names for variable in _PROXY_VARIABLES)


def _gzip_body(ops: list[sync_outbox.PendingOp]) -> bytes:
    """The push request body of ``ops``, gzip'd."""
    return gzip.compress(sync_outbox.wire_body(ops).encode(), compresslevel=GZIP_LEVEL)


def _error_field(response: httpx.Response, name: str) -> str:
    """A field of an error body (ErrorBody: ``error`` code, French ``message``); empty if none."""
    try:
        return str(response.json().get(name) or "")
    except (ValueError, AttributeError):
        return ""
