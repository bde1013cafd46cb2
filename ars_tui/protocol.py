"""The sync wire format, defined once for the client (ars_tui/sync/) and the server (central/).

Shapes and constants of the sync protocol (the contract), as pydantic v2 models. Field
values travel as :func:`storage.wire.encode_value` makes them (dates as ISO text), so what a
device logged in its outbox is exactly what is sent.

The models are deliberately lenient on strings (no length limits, ``kind`` a plain string): a
value the server cannot accept becomes a ``rejected`` result for that op alone, instead of a 422
that would refuse the whole batch and block every later op (CommCare's lesson).

No fastapi or httpx here: both sides import this module.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, StrictInt

from storage.migrations import HEAD_REVISION

#: Version of this wire format; a client sending an older one (or none) gets 426.
PROTOCOL_VERSION = 1
#: Oldest client protocol the server still serves.
MIN_PROTOCOL_VERSION = 1
#: Schema revision of the records (the device's Alembic head), sent in ``X-Ars-Schema``.
SCHEMA_VERSION = HEAD_REVISION

PROTOCOL_HEADER = "X-Ars-Protocol"
SCHEMA_HEADER = "X-Ars-Schema"
AUTHORIZATION_HEADER = "Authorization"
RETRY_AFTER_HEADER = "Retry-After"

MAX_OPS_PER_PUSH = 1000
#: Largest request body read, compressed or not (whichever the server reads).
MAX_BODY_BYTES = 4 * 1024 * 1024
#: Largest gzip'd body once decompressed (a guard against compression bombs).
MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024
MAX_PULL_LIMIT = 2000
#: A pull page stops after the row that passes this many bytes of JSON (at least one row).
MAX_PULL_BYTES = 2 * 1024 * 1024
DEFAULT_PULL_LIMIT = 500
#: Tombstones are kept this long; a ``since`` older than that gets 410 ``resync_required``.
TOMBSTONE_HORIZON_DAYS = 365

HEALTH_PATH = "/v1/health"
HELLO_PATH = "/v1/sync/hello"
PUSH_PATH = "/v1/sync/push"
PULL_PATH = "/v1/sync/pull"

OpKind = Literal["create", "update", "delete", "restore"]
OP_KINDS: tuple[str, ...] = ("create", "update", "delete", "restore")
ResultStatus = Literal["applied", "duplicate", "conflict", "rejected", "blocked"]

# Error codes of ErrorBody.error, by HTTP status.
ERROR_UNAUTHORIZED = "unauthorized"  # 401
ERROR_FORBIDDEN = "forbidden"  # 403
ERROR_RESYNC_REQUIRED = "resync_required"  # 410: tombstones newer than the cursor were purged
#: 410 too: the cursor is beyond the newest change (the server's data was replaced or restored).
ERROR_CURSOR_AHEAD = "cursor_ahead"
ERROR_TOO_LARGE = "too_large"  # 413
ERROR_UPGRADE_REQUIRED = "upgrade_required"  # 426
ERROR_INVALID_REQUEST = "invalid_request"  # 400 / 422: a body or query that does not parse
ERROR_RATE_LIMITED = "rate_limited"  # 429
ERROR_UNAVAILABLE = "unavailable"  # 503
ERROR_INTERNAL = "internal"  # 500: the client sends the same batch again later


class _Model(BaseModel):
    # Unknown keys are ignored: a newer peer may add fields without breaking an older one.
    model_config = ConfigDict(extra="ignore")


class Op(_Model):
    """One device edit: exactly the columns of the device's ``outbox_op`` (minus local state)."""

    op_id: str
    entity: str
    entity_id: str
    #: create | update | delete | restore (a plain string: an unknown kind is rejected per op)
    kind: str
    #: New values of the fields this op changes.
    fields: dict[str, Any] = Field(default_factory=dict)
    #: Values the user saw for those fields (empty for a create).
    base: dict[str, Any] = Field(default_factory=dict)
    #: Strict: a JSON true is not a version (pydantic would read it as 1); such a request is
    #: malformed as a whole (400/422), as the OpenAPI schema says.
    base_version: StrictInt = 0
    ars_code: str
    client_time: datetime
    user: str


class PushRequest(_Model):
    ops: list[Op]


class Conflict(_Model):
    """One field the server could not apply: what the user saw, wanted, and what is there."""

    field: str
    base: Any = None
    mine: Any = None
    theirs: Any = None
    #: Who last changed the server's value (``updated_by`` of the record), and when.
    by: str | None = None
    at: datetime | None = None


class Result(_Model):
    """The server's answer to one op (same order as the ops of the push)."""

    op_id: str
    status: ResultStatus
    version: int | None = None
    server_seq: int | None = None
    conflicts: list[Conflict] | None = None
    #: French text for a person (rejected, blocked, conflict on a deleted record).
    reason: str | None = None


class PushResponse(_Model):
    results: list[Result]
    server_time: datetime


class Row(_Model):
    """The latest server state of one record (a tombstone when ``deleted``)."""

    entity: str
    id: str
    ars_code: str
    version: int
    server_seq: int
    deleted: bool
    #: Every column of the record except the sync metadata (storage.models.SYNC_COLUMNS).
    fields: dict[str, Any]
    updated_at: datetime
    updated_by: str


class PullResponse(_Model):
    rows: list[Row]
    #: server_seq of the last row returned (``since`` when there is none).
    cursor: int
    has_more: bool


class Limits(_Model):
    max_ops_per_push: int = MAX_OPS_PER_PUSH
    max_body_bytes: int = MAX_BODY_BYTES
    max_pull_limit: int = MAX_PULL_LIMIT


class Hello(_Model):
    """Answer of ``GET /v1/sync/hello``: versions, the token's region and scope, limits.

    The wire key is ``schema``; the attribute is ``schema_version`` because ``schema`` is a
    BaseModel method. ``model_dump(by_alias=True)`` (FastAPI's default) writes ``schema``.
    """

    model_config = ConfigDict(extra="ignore", populate_by_name=True, serialize_by_alias=True)

    protocol: int
    schema_version: str = Field(alias="schema")
    server_time: datetime
    ars_code: str
    scope: list[str]
    device: str
    limits: Limits = Field(default_factory=Limits)


class Health(_Model):
    status: str = "ok"


class ErrorBody(_Model):
    """Body of every error answer: a code for programs, a French message for people."""

    error: str
    message: str


def client_headers(token: str) -> dict[str, str]:
    """Headers every sync call carries (the bearer token and both version headers)."""
    return {
        AUTHORIZATION_HEADER: f"Bearer {token}",
        PROTOCOL_HEADER: str(PROTOCOL_VERSION),
        SCHEMA_HEADER: SCHEMA_VERSION,
    }


def scope_for(ars_code: str) -> list[str]:
    """ARS codes a token of ``ars_code`` may read and write.

    The token's own ARS, plus ``OI`` (the former ARS Océan Indien) for La Réunion and Mayotte,
    whose historical records carry that code (one rule with the device:
    :func:`storage.records.record_rules.ars_scope`).
    """
    # Imported here: storage.records.record_rules pulls the reference data and every SQLModel table,
    # which the device's client (a no-op ``ars-tui sync``) never needs.
    from storage.records.record_rules import ars_scope

    return ars_scope(ars_code)
