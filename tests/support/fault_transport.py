"""An httpx transport that breaks the link on a seeded schedule (docs/SYNC.md, "How it is tested").

Wrap the real transport (an ASGI app in-process, or ``httpx.HTTPTransport()`` to a socket) and
hand the wrapper to the client. For each request that matches ``paths``, the schedule draws at
most one fault, from its own :class:`random.Random` seeded once, so a seed replays the same run:

=================  ======================================================================
``lost_request``   never reaches the server: raises :class:`httpx.ConnectError`
``lost_response``  the server handles it (and commits), the answer is lost:
                   :class:`httpx.ReadError`
``duplicate``      delivered twice (a retry by some proxy); the second answer is returned
``unavailable``    the server is not asked; 503 with ``Retry-After`` (a load balancer)
``crash_mid_batch`` a push whose server dies half way: the first k of its n ops reach the server
                   (as a push of their own, committed), then the connection drops:
                   :class:`httpx.RemoteProtocolError`. Only for pushes of 2 ops or more.
=================  ======================================================================

Each fault applied is counted by kind in :attr:`FaultSchedule.counts` (and listed in
``events``); :meth:`FaultSchedule.force` queues given faults for the next requests (unit tests),
and ``enabled = False`` stops all faults (the final, quiet syncs of a convergence run).
Works for both the sync (:class:`FaultTransport`) and async (:class:`AsyncFaultTransport`) httpx.
"""

from __future__ import annotations

import gzip
import json
import random
import threading
from collections import Counter, deque
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

import httpx


class Fault(StrEnum):
    LOST_REQUEST = "lost_request"
    LOST_RESPONSE = "lost_response"
    DUPLICATE = "duplicate"
    UNAVAILABLE = "unavailable"
    CRASH_MID_BATCH = "crash_mid_batch"


#: Default chance per request of each fault (about one request in three is hit).
DEFAULT_RATES: dict[Fault, float] = {
    Fault.LOST_REQUEST: 0.08,
    Fault.LOST_RESPONSE: 0.08,
    Fault.DUPLICATE: 0.06,
    Fault.UNAVAILABLE: 0.05,
    Fault.CRASH_MID_BATCH: 0.06,
}
PUSH_PATH = "/v1/sync/push"


@dataclass
class FaultSchedule:
    """Which request gets which fault: seeded draws, forced faults, counts."""

    seed: int = 0
    rates: Mapping[Fault, float] = field(default_factory=lambda: dict(DEFAULT_RATES))
    #: Path prefixes that may be hit (health checks and others pass untouched).
    paths: tuple[str, ...] = ("/v1/sync/",)
    #: The ``Retry-After`` of an ``unavailable`` answer, in seconds (text, as on the wire).
    retry_after: str = "0"
    enabled: bool = True
    counts: Counter[Fault] = field(default_factory=Counter)
    #: (fault, method, path) of every fault applied, in order.
    events: list[tuple[Fault, str, str]] = field(default_factory=list)
    requests: int = 0

    def __post_init__(self) -> None:
        self._random = random.Random(self.seed)
        self._forced: deque[Fault | None] = deque()
        self._lock = threading.Lock()  # the server may answer from several threads

    def force(self, *faults: Fault | None) -> None:
        """Apply these faults (None: none) to the next matching requests, before any draw.

        A forced ``crash_mid_batch`` waits for the next push of 2 ops or more (the requests
        before it pass untouched).
        """
        with self._lock:
            self._forced.extend(faults)

    def stop(self) -> None:
        """No more faults: the drawn ones stop and the forced ones still queued are dropped."""
        with self._lock:
            self.enabled = False
            self._forced.clear()

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    def draw(self, request: httpx.Request, op_count: int | None) -> Fault | None:
        """The fault for this request (counted), or None. One random draw per matching request.

        ``op_count``: the number of ops when the request is a push (None otherwise).
        """
        path = request.url.path
        if not any(path.startswith(prefix) for prefix in self.paths):
            return None
        with self._lock:
            self.requests += 1
            roll = self._random.random()  # always drawn: the sequence depends on requests only
            batch = op_count is not None and op_count >= 2
            if self._forced and (self._forced[0] is not Fault.CRASH_MID_BATCH or batch):
                fault = self._forced.popleft()
            elif self._forced:
                return None  # a forced crash waits for a push it can cut in half
            elif not self.enabled:
                return None
            else:
                fault = None
                threshold = 0.0
                for kind in Fault:
                    threshold += self.rates.get(kind, 0.0)
                    if roll < threshold:
                        fault = kind
                        break
            if fault is Fault.CRASH_MID_BATCH and not batch:
                fault = None  # nothing to cut in half
            if fault is not None:
                self.counts[fault] += 1
                self.events.append((fault, request.method, path))
            return fault

    # --- shared pieces of both transports -------------------------------------------------------

    def crash_cut(self, op_count: int) -> int:
        """How many ops of a crashed push reach the server (1 .. n-1)."""
        with self._lock:
            return self._random.randint(1, op_count - 1)


def _push_ops(request: httpx.Request) -> tuple[list[object], bool] | None:
    """The ops of a push request and whether its body was gzip'd (None when not a push)."""
    if request.method != "POST" or request.url.path != PUSH_PATH:
        return None
    body = request.content
    gzipped = request.headers.get("content-encoding", "").lower() == "gzip"
    try:
        payload = json.loads(gzip.decompress(body) if gzipped else body)
        ops = payload["ops"]
    except (ValueError, KeyError, TypeError, OSError):
        return None
    return (ops, gzipped) if isinstance(ops, list) else None


def _prefix_request(request: httpx.Request, ops: list[object], gzipped: bool) -> httpx.Request:
    """The same push with only ``ops``: what the server had taken in when it died."""
    raw = json.dumps({"ops": ops}).encode()
    content = gzip.compress(raw) if gzipped else raw
    headers = {k: v for k, v in request.headers.items() if k.lower() != "content-length"}
    return httpx.Request(request.method, request.url, headers=headers, content=content)


def _unavailable(request: httpx.Request, retry_after: str) -> httpx.Response:
    body = {"error": "unavailable", "message": "Service indisponible (panne simulée)."}
    return httpx.Response(503, headers={"Retry-After": retry_after}, json=body, request=request)


@dataclass(frozen=True)
class _Plan:
    """What happens to one request, drawn before it is sent (shared by both transports)."""

    fault: Fault | None
    #: Answered without asking the server (``unavailable``).
    answer: httpx.Response | None = None
    #: The first ops of a push, sent alone before the server dies (``crash_mid_batch``).
    dying_push: httpx.Request | None = None


def _plan(schedule: FaultSchedule, request: httpx.Request) -> _Plan:
    """Draw the request's fault; raise at once if the request is lost on its way."""
    push = _push_ops(request)
    fault = schedule.draw(request, len(push[0]) if push else None)
    if fault is Fault.LOST_REQUEST:
        raise httpx.ConnectError("fault: request lost", request=request)
    if fault is Fault.UNAVAILABLE:
        return _Plan(fault, answer=_unavailable(request, schedule.retry_after))
    if fault is Fault.CRASH_MID_BATCH and push is not None:
        ops, gzipped = push
        cut = schedule.crash_cut(len(ops))
        return _Plan(fault, dying_push=_prefix_request(request, ops[:cut], gzipped))
    return _Plan(fault)


def _died_mid_batch(request: httpx.Request) -> httpx.RemoteProtocolError:
    return httpx.RemoteProtocolError("fault: server died mid-batch", request=request)


def _lose_response_if(fault: Fault | None, request: httpx.Request) -> None:
    """The server has handled the request; its answer is lost on the way back."""
    if fault is Fault.LOST_RESPONSE:
        raise httpx.ReadError("fault: response lost", request=request)


class FaultTransport(httpx.BaseTransport):
    """A sync transport that passes requests to ``inner`` and breaks some (see module doc)."""

    def __init__(self, inner: httpx.BaseTransport, schedule: FaultSchedule) -> None:
        self.inner = inner
        self.schedule = schedule

    def _forward(self, request: httpx.Request) -> httpx.Response:
        response = self.inner.handle_request(request)
        response.read()
        return response

    def handle_request(self, request: httpx.Request) -> httpx.Response:
        request.read()
        plan = _plan(self.schedule, request)
        if plan.answer is not None:
            return plan.answer
        if plan.dying_push is not None:
            self._forward(plan.dying_push)
            raise _died_mid_batch(request)
        response = self._forward(request)
        _lose_response_if(plan.fault, request)
        return self._forward(request) if plan.fault is Fault.DUPLICATE else response

    def close(self) -> None:
        self.inner.close()


class AsyncFaultTransport(httpx.AsyncBaseTransport):
    """The same as :class:`FaultTransport` for ``httpx.AsyncClient``."""

    def __init__(self, inner: httpx.AsyncBaseTransport, schedule: FaultSchedule) -> None:
        self.inner = inner
        self.schedule = schedule

    async def _forward(self, request: httpx.Request) -> httpx.Response:
        response = await self.inner.handle_async_request(request)
        await response.aread()
        return response

    async def handle_async_request(self, request: httpx.Request) -> httpx.Response:
        await request.aread()
        plan = _plan(self.schedule, request)
        if plan.answer is not None:
            return plan.answer
        if plan.dying_push is not None:
            await self._forward(plan.dying_push)
            raise _died_mid_batch(request)
        response = await self._forward(request)
        _lose_response_if(plan.fault, request)
        return await self._forward(request) if plan.fault is Fault.DUPLICATE else response

    async def aclose(self) -> None:
        await self.inner.aclose()
