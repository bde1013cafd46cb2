"""The central endpoint as a FastAPI app: the endpoints of the sync protocol (see README).

:func:`make_central_app` builds everything (engine, tables, purge of old tombstones); nothing
happens at import time. The HTTP layer only checks the request (protocol version, token, size,
JSON shape) and hands the work to :mod:`ars_tui.central.service`.

Errors are ``{"error": code, "message": French text}`` (:class:`ars_tui.protocol.ErrorBody`).
The push body is read as a stream and refused with 413 as soon as it passes the limit (or at
once from its Content-Length), and a gzip'd body is decompressed with a cap.

Logs name the device and its ARS and count ops and results: never a field value nor a person.
"""

from __future__ import annotations

import json
import logging
import re
import zlib
from collections import Counter
from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any

import pydantic
from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.middleware.gzip import GZipMiddleware
from fastapi.openapi.utils import get_openapi
from fastapi.responses import JSONResponse, Response
from sqlalchemy import Engine
from sqlalchemy.exc import DataError, OperationalError
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException as StarletteHTTPException

from ars_tui import protocol
from ars_tui.central import messages as srv_tx
from ars_tui.central import op_checks, pull_pages, service
from ars_tui.central.db import init_schema, make_central_engine
from ars_tui.central.tokens import Device, authenticate, touch
from ars_tui.protocol import (
    DEFAULT_PULL_LIMIT,
    HEALTH_PATH,
    HELLO_PATH,
    MAX_BODY_BYTES,
    MAX_DECOMPRESSED_BYTES,
    MAX_OPS_PER_PUSH,
    MAX_PULL_LIMIT,
    PULL_PATH,
    PUSH_PATH,
    ErrorBody,
    Health,
    Hello,
    Limits,
    PullResponse,
    PushRequest,
    PushResponse,
)
from storage import vocabulary as voc

log = logging.getLogger("ars_tui.central")

#: Seconds a client waits before trying again after a 503.
RETRY_AFTER_SECONDS = 5
#: Responses smaller than this are not worth compressing.
GZIP_MINIMUM_SIZE = 1000
#: zlib level of the responses: 6 makes a pull page 2 % bigger than Starlette's default 9 for
#: 40 % of its CPU time (a pull of 10,000 rows: 33 ms instead of 82 ms, 386 kB instead of 379).
GZIP_LEVEL = 6
#: How often a running server purges old tombstones (besides at start).
PURGE_EVERY = timedelta(days=1)
#: Deepest nesting of lists and objects accepted in a push body (a real one needs 4).
MAX_JSON_DEPTH = 32


def _utc_now() -> datetime:
    return datetime.now(UTC)


class ApiError(Exception):
    """An error answer: HTTP status, code (ErrorBody.error), French message, extra headers."""

    def __init__(
        self, status: int, error: str, message: str, headers: dict[str, str] | None = None
    ) -> None:
        super().__init__(message)
        self.status = status
        self.error = error
        self.message = message
        self.headers = headers or {}


def _error_response(
    status: int, error: str, message: str, headers: dict[str, str] | None = None
) -> JSONResponse:
    body = ErrorBody(error=error, message=message).model_dump()
    return JSONResponse(body, status_code=status, headers=headers)


def _database_refusal(
    log_text: str, refusal: ApiError
) -> Callable[[Request, Exception], Awaitable[JSONResponse]]:
    """A handler of a database error: ``refusal`` answered, the error's type (``log_text``'s
    ``%s``) logged, never its text (it quotes the statement and the values)."""

    async def handler(_request: Request, error: Exception) -> JSONResponse:
        log.warning(log_text, type(getattr(error, "orig", None)).__name__)
        return _error_response(refusal.status, refusal.error, refusal.message, refusal.headers)

    return handler


def _invalid(detail: str, status: int = 400) -> ApiError:
    return ApiError(
        status, protocol.ERROR_INVALID_REQUEST, srv_tx.CENTRAL_INVALID_REQUEST.format(detail=detail)
    )


def _too_large(message: str) -> ApiError:
    return ApiError(413, protocol.ERROR_TOO_LARGE, message)


def _error_fields(errors: list[Any]) -> str:
    """Where a body or query is wrong ("ops.3.client_time"), never the value sent."""
    places = []
    for error in errors[:5]:
        place = ".".join(str(part) for part in error.get("loc", ()) if part != "body")
        places.append(place or "?")
    return srv_tx.CENTRAL_INVALID_FIELDS.format(fields=", ".join(places))


#: OpenAPI description of the error answers every sync call can give.
_ERRORS: dict[int | str, dict[str, Any]] = {
    status: {"model": ErrorBody, "description": description}
    for status, description in (
        (401, "unauthorized: missing, unknown or revoked token"),
        (422, "invalid_request: body or query does not parse"),
        (426, "upgrade_required: X-Ars-Protocol missing or too old"),
        (503, "unavailable: try again after Retry-After seconds"),
    )
}


async def _read_body(request: Request) -> bytes:
    """The request body, refused with 413 past the limit without reading all of it."""
    length = request.headers.get("content-length")
    if length is not None:
        try:
            declared = int(length)
        except ValueError:
            raise _invalid("Content-Length") from None
        if declared > MAX_BODY_BYTES:
            raise _too_large(
                srv_tx.CENTRAL_BODY_TOO_LARGE.format(limit=voc.format_int(MAX_BODY_BYTES))
            )
    received = bytearray()
    async for chunk in request.stream():
        received += chunk
        if len(received) > MAX_BODY_BYTES:
            raise _too_large(
                srv_tx.CENTRAL_BODY_TOO_LARGE.format(limit=voc.format_int(MAX_BODY_BYTES))
            )
    encoding = request.headers.get("content-encoding", "identity").strip().lower()
    if encoding in ("", "identity"):
        return bytes(received)
    if encoding != "gzip":
        raise _invalid(srv_tx.CENTRAL_INVALID_ENCODING.format(encoding=encoding[:20]), status=415)
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    try:
        data = inflater.decompress(bytes(received), MAX_DECOMPRESSED_BYTES + 1)
    except zlib.error:
        raise _invalid(srv_tx.CENTRAL_INVALID_GZIP) from None
    if len(data) > MAX_DECOMPRESSED_BYTES or inflater.unconsumed_tail:
        raise _too_large(
            srv_tx.CENTRAL_BODY_TOO_LARGE.format(limit=voc.format_int(MAX_DECOMPRESSED_BYTES))
        )
    if not inflater.eof:
        raise _invalid(srv_tx.CENTRAL_INVALID_GZIP)
    return data


def _storable(payload: Any) -> bool:
    """No lone UTF-16 surrogate in any string (keys too), and nesting of at most MAX_JSON_DEPTH.

    ``"\\ud800"`` is valid JSON, but no UTF-8 column can store it; and a value nested hundreds
    of levels deep (echoed back in a conflict's ``base``) is more than the answer can serialise.
    """
    stack: list[tuple[Any, int]] = [(payload, 0)]
    while stack:
        value, depth = stack.pop()
        if isinstance(value, str):
            if not value.isascii():
                try:
                    value.encode("utf-8")
                except UnicodeEncodeError:
                    return False
        elif isinstance(value, dict | list):
            if depth >= MAX_JSON_DEPTH:
                return False
            items = value.items() if isinstance(value, dict) else ((None, v) for v in value)
            for key, item in items:
                stack.append((item, depth + 1))
                if key is not None:
                    stack.append((key, depth + 1))
    return True


#: A ``\\uD800``-``\\uDFFF`` escape: the only way JSON in UTF-8 can spell a surrogate.
_SURROGATE_ESCAPE = re.compile(rb"\\u[dD][89a-fA-F]")


def _plainly_storable(raw: bytes, payload: Any) -> bool:
    """:func:`_storable` for the common case, read off the raw body and the containers of its
    parsed ``payload``; False means "walk it".

    Walking every string of 1,000 ops took a sixth of a push. In strict UTF-8 (no NUL byte:
    json.loads would not take it for UTF-16/32) a lone surrogate can only come from a
    ``\\uD8xx``-style escape, which devices never write (``ensure_ascii=False``); so only
    the nesting is left to see, one level of containers at a time (strings skipped unread).
    """
    if b"\x00" in raw or _SURROGATE_ESCAPE.search(raw):
        return False
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError:
        return False
    return _nested_at_most(payload, MAX_JSON_DEPTH)


def _nested_at_most(payload: Any, levels: int) -> bool:
    """No container of ``payload`` (parsed JSON: dicts and lists) deeper than ``levels``."""
    level = [payload]
    for _ in range(levels):
        deeper = [
            value
            for container in level
            if type(container) is dict or type(container) is list
            for value in (container.values() if type(container) is dict else container)
            if type(value) is dict or type(value) is list
        ]
        if not deeper:
            return True
        level = deeper
    return False


def _parse_push(raw: bytes) -> PushRequest:
    """The push body as a PushRequest; 413 for too many ops (before validating them).

    400 for a body that is not JSON, is nested too deep, or holds a lone surrogate
    (:func:`_storable`).
    """
    plain = _parse_plain_push(raw)
    if plain is not None:
        return plain
    try:
        payload = json.loads(raw)
    except (ValueError, UnicodeDecodeError, RecursionError):
        raise _invalid(srv_tx.CENTRAL_INVALID_JSON) from None
    if not _plainly_storable(raw, payload) and not _storable(payload):
        raise _invalid(srv_tx.CENTRAL_INVALID_JSON)
    ops = payload.get("ops") if isinstance(payload, dict) else None
    if isinstance(ops, list) and len(ops) > MAX_OPS_PER_PUSH:
        raise _too_large(
            srv_tx.CENTRAL_TOO_MANY_OPS.format(
                count=voc.format_int(len(ops)), limit=voc.format_int(MAX_OPS_PER_PUSH)
            )
        )
    try:
        return PushRequest.model_validate(payload)
    except pydantic.ValidationError as error:
        raise _invalid(_error_fields(error.errors()), status=422) from None


def _parse_plain_push(raw: bytes) -> PushRequest | None:
    """A body with nothing to refuse, parsed and validated in one pass of pydantic's JSON
    parser (half the CPU of ``json.loads`` then validation); None for anything else, which
    :func:`_parse_push` then checks step by step to say what is wrong. The same dicts come
    out either way; a lone surrogate escape or a NUL byte (:func:`_plainly_storable`) never
    takes this path, and the nesting of the fields is seen as :func:`_parse_push` sees it."""
    try:
        request = PushRequest.model_validate_json(raw)
    except pydantic.ValidationError:
        return None
    if len(request.ops) > MAX_OPS_PER_PUSH:
        return None
    # Only fields and base hold nested values: the same depths as in the whole body.
    nested = {"ops": [{"fields": op.fields, "base": op.base} for op in request.ops]}
    return request if _plainly_storable(raw, nested) else None


def sync_device(request: Request) -> Device:
    """Every sync call: protocol version first (426), then the bearer token (401)."""
    version = request.headers.get(protocol.PROTOCOL_HEADER, "").strip()
    if not version.isdigit() or int(version) < protocol.MIN_PROTOCOL_VERSION:
        raise ApiError(
            426,
            protocol.ERROR_UPGRADE_REQUIRED,
            srv_tx.CENTRAL_UPGRADE_REQUIRED.format(minimum=protocol.MIN_PROTOCOL_VERSION),
            {"Upgrade": f"ars-sync/{protocol.PROTOCOL_VERSION}"},
        )
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    unauthorized = {"WWW-Authenticate": "Bearer"}
    if scheme.lower() != "bearer" or not token.strip():
        raise ApiError(401, protocol.ERROR_UNAUTHORIZED, srv_tx.CENTRAL_UNAUTHORIZED, unauthorized)
    device = authenticate(request.app.state.engine, token.strip())
    if device is None:
        raise ApiError(401, protocol.ERROR_UNAUTHORIZED, srv_tx.CENTRAL_UNAUTHORIZED, unauthorized)
    if device.revoked:
        raise ApiError(401, protocol.ERROR_UNAUTHORIZED, srv_tx.CENTRAL_REVOKED, unauthorized)
    return device


SyncDevice = Annotated[Device, Depends(sync_device)]


def make_central_app(
    database_url: str,
    *,
    clock: Callable[[], datetime] = _utc_now,
    tombstone_horizon_days: int = protocol.TOMBSTONE_HORIZON_DAYS,
    engine: Engine | None = None,
) -> FastAPI:
    """The central endpoint on ``database_url`` (``sqlite:///FILE`` or ``postgresql+psycopg://``).

    Creates the missing tables and purges the tombstones older than ``tombstone_horizon_days``
    (also once a day while it runs). ``clock`` gives the server time (tests move it).
    ``app.state.engine`` is the engine (tests and the CLI reuse it).
    """
    engine = engine or make_central_engine(database_url)
    init_schema(engine)
    op_checks.warm_rules()
    pull_pages.purge_tombstones(engine, now=clock(), horizon_days=tombstone_horizon_days)
    last_purge = {"at": clock()}

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        yield
        engine.dispose()

    app = FastAPI(
        title="ars-tui — serveur central",
        version=str(protocol.PROTOCOL_VERSION),
        description="Synchronisation des appareils ars-tui (protocole v1).",
        lifespan=lifespan,
    )
    app.state.engine = engine
    app.state.clock = clock
    app.add_middleware(GZipMiddleware, minimum_size=GZIP_MINIMUM_SIZE, compresslevel=GZIP_LEVEL)

    # --- errors ----------------------------------------------------------------------------------

    @app.exception_handler(ApiError)
    async def _api_error(_request: Request, error: ApiError) -> JSONResponse:
        return _error_response(error.status, error.error, error.message, error.headers)

    @app.exception_handler(RequestValidationError)
    async def _validation_error(_request: Request, error: RequestValidationError) -> JSONResponse:
        message = srv_tx.CENTRAL_INVALID_REQUEST.format(detail=_error_fields(list(error.errors())))
        return _error_response(422, protocol.ERROR_INVALID_REQUEST, message)

    @app.exception_handler(StarletteHTTPException)
    async def _http_error(_request: Request, error: StarletteHTTPException) -> JSONResponse:
        messages = {404: srv_tx.CENTRAL_NOT_FOUND, 405: srv_tx.CENTRAL_METHOD_NOT_ALLOWED}
        message = messages.get(
            error.status_code, srv_tx.CENTRAL_HTTP_ERROR.format(status=error.status_code)
        )
        return _error_response(error.status_code, "http_error", message, error.headers)

    # The database is locked or unreachable: the client sends the same batch again later.
    unavailable = ApiError(
        503,
        protocol.ERROR_UNAVAILABLE,
        srv_tx.CENTRAL_UNAVAILABLE.format(seconds=RETRY_AFTER_SECONDS),
        {protocol.RETRY_AFTER_HEADER: str(RETRY_AFTER_SECONDS)},
    )
    app.add_exception_handler(
        OperationalError, _database_refusal("database unavailable: %s", unavailable)
    )
    # A value the database cannot hold (PostgreSQL: a NUL character, a number out of range)
    # that got past the per-op checks: the request is wrong, not the server, and sending it
    # again would fail again. The values are never logged.
    unstorable = _invalid(srv_tx.CENTRAL_UNSTORABLE_DETAIL)
    app.add_exception_handler(
        DataError, _database_refusal("request refused by the database: %s", unstorable)
    )

    @app.exception_handler(Exception)
    async def _internal_error(_request: Request, error: Exception) -> JSONResponse:
        # The client sends the same batch again (5xx); the traceback goes to the server's log.
        return _error_response(500, protocol.ERROR_INTERNAL, srv_tx.CENTRAL_INTERNAL_ERROR)

    # --- endpoints -------------------------------------------------------------------------------

    @app.get(HEALTH_PATH, response_model=Health)
    def health() -> Health:
        return Health()

    @app.get(HELLO_PATH, response_model=Hello, responses=_ERRORS)
    def hello(device: SyncDevice) -> Hello:
        now = clock()
        touch(engine, device.id, now)  # hello is each sync round's first call: one write
        return Hello(
            protocol=protocol.PROTOCOL_VERSION,
            schema_version=protocol.SCHEMA_VERSION,
            server_time=now,
            ars_code=device.ars_code,
            scope=device.scope,
            device=device.name,
            limits=Limits(),
        )

    push_errors = {
        **_ERRORS,
        400: {
            "model": ErrorBody,
            "description": "invalid_request: body not JSON, bad gzip or Content-Length",
        },
        403: {"model": ErrorBody, "description": "forbidden: an op outside the token's scope"},
        413: {"model": ErrorBody, "description": "too_large: too many ops or body too big"},
        415: {"model": ErrorBody, "description": "invalid_request: Content-Encoding not gzip"},
    }

    @app.post(PUSH_PATH, response_model=PushResponse, responses=push_errors)
    async def push(request: Request, device: SyncDevice) -> Response:
        raw = await _read_body(request)
        # Parsing 1,000 ops takes a few ms of CPU: off the event loop, like the database work.
        payload = await run_in_threadpool(_parse_push, raw)
        now = clock()
        try:
            results = await run_in_threadpool(service.push, engine, device, payload.ops, now)
        except service.Forbidden as refusal:
            log.warning(
                "push refused (scope): device=%s ars=%s ops=%d",
                device.name,
                device.ars_code,
                len(payload.ops),
            )
            raise ApiError(403, protocol.ERROR_FORBIDDEN, str(refusal)) from None
        counts = Counter(result.status for result in results)
        log.info(
            "push device=%s ars=%s ops=%d %s",
            device.name,
            device.ars_code,
            len(payload.ops),
            " ".join(f"{status}={count}" for status, count in sorted(counts.items())),
        )
        body = PushResponse(results=results, server_time=now).model_dump_json()
        return Response(body.encode("utf-8"), media_type="application/json")

    pull_errors = {
        **_ERRORS,
        410: {"model": ErrorBody, "description": "resync_required: download again from 0"},
    }

    @app.get(PULL_PATH, response_model=PullResponse, responses=pull_errors)
    def pull(
        device: SyncDevice,
        since: Annotated[int, Query(ge=0)] = 0,
        limit: Annotated[int, Query(ge=1)] = DEFAULT_PULL_LIMIT,
    ) -> Response:
        now = clock()
        if now - last_purge["at"] >= PURGE_EVERY:
            last_purge["at"] = now
            pull_pages.purge_tombstones(engine, now=now, horizon_days=tombstone_horizon_days)
        try:
            page = pull_pages.pull(engine, device, since, min(limit, MAX_PULL_LIMIT))
        except service.ResyncRequired as resync:
            log.info(
                "pull since=%d: resync required (purged=%s), device=%s",
                since,
                resync.purged,
                device.name,
            )
            code = protocol.ERROR_RESYNC_REQUIRED if resync.purged else protocol.ERROR_CURSOR_AHEAD
            raise ApiError(410, code, srv_tx.CENTRAL_RESYNC_REQUIRED) from None
        log.info(
            "pull device=%s ars=%s since=%d rows=%d has_more=%s",
            device.name,
            device.ars_code,
            since,
            page.rows,
            page.has_more,
        )
        return Response(page.body, media_type="application/json")

    _declare_push_body(app)
    return app


def _declare_push_body(app: FastAPI) -> None:
    """Put PushRequest in /openapi.json as the push body (the endpoint reads the raw stream)."""

    def build() -> dict[str, Any]:
        if app.openapi_schema:
            return app.openapi_schema
        schema = get_openapi(
            title=app.title, version=app.version, description=app.description, routes=app.routes
        )
        request_schema = PushRequest.model_json_schema(ref_template="#/components/schemas/{model}")
        components = schema.setdefault("components", {}).setdefault("schemas", {})
        for name, definition in request_schema.pop("$defs", {}).items():
            components.setdefault(name, definition)
        components["PushRequest"] = request_schema
        schema["paths"][PUSH_PATH]["post"]["requestBody"] = {
            "required": True,
            "content": {
                "application/json": {"schema": {"$ref": "#/components/schemas/PushRequest"}}
            },
        }
        app.openapi_schema = schema
        return schema

    app.openapi = build  # type: ignore[method-assign]
