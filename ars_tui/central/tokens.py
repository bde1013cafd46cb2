"""Device tokens: made once, stored as a hash, bound to an ARS and a device name, revocable.

A token is 256 random bits (``secrets.token_urlsafe(32)``: 43 characters). The server keeps only
its SHA-256: a stolen database gives no usable token. A presented token is looked up by its hash
(an indexed equality on a value the caller cannot steer) and the stored hash is compared again
with :func:`hmac.compare_digest`, so no timing tells how much of a guess was right.

Device names are unique among the tokens in use: revoking by name is then unambiguous, and a
device gets a new token only after its old one is revoked.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import UTC, datetime

import sqlalchemy as sa
from sqlalchemy import Engine

from ars_tui.central import messages as srv_tx
from ars_tui.central.db import as_utc, device_token, read_connection, write_transaction
from ars_tui.protocol import scope_for

#: Longest device name (the column's size).
MAX_NAME_LENGTH = 120


class TokenError(Exception):
    """A refused token command (French message, nothing written)."""


@dataclass(frozen=True)
class Device:
    """The device a valid token belongs to."""

    id: int
    name: str
    ars_code: str
    created_at: datetime
    revoked_at: datetime | None = None
    last_seen_at: datetime | None = None

    @property
    def scope(self) -> list[str]:
        return scope_for(self.ars_code)

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None


def hash_token(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def _utc_now() -> datetime:
    return datetime.now(UTC)


def _device(row: sa.RowMapping) -> Device:
    return Device(
        id=row["id"],
        name=row["name"],
        ars_code=row["ars_code"],
        created_at=as_utc(row["created_at"]),
        revoked_at=as_utc(row["revoked_at"]) if row["revoked_at"] else None,
        last_seen_at=as_utc(row["last_seen_at"]) if row["last_seen_at"] else None,
    )


def check_ars_code(code: str) -> str:
    """``code`` upper-cased if it is a packaged ARS code; TokenError (French) otherwise."""
    from storage.reference import packaged_ars

    normalized = code.strip().upper()
    known = [info.code for info in packaged_ars()]
    if normalized not in known:
        raise TokenError(srv_tx.CENTRAL_UNKNOWN_ARS.format(code=code, known=", ".join(known)))
    return normalized


def _new_token() -> str:
    """256 random bits, URL-safe, never starting with ``-``: ``sync --token -Abc…`` would be
    read as an option (about one token in 32 started with it)."""
    while (token := secrets.token_urlsafe(32)).startswith("-"):
        pass
    return token


def create_token(
    engine: Engine,
    *,
    ars_code: str,
    name: str,
    clock: Callable[[], datetime] = _utc_now,
) -> tuple[str, Device]:
    """Make a token for device ``name`` of ``ars_code``; returns it (shown once) and the device."""
    ars_code = check_ars_code(ars_code)
    name = name.strip()
    if not name:
        raise TokenError(srv_tx.CENTRAL_NAME_REQUIRED)
    if len(name) > MAX_NAME_LENGTH:
        raise TokenError(srv_tx.CENTRAL_NAME_TOO_LONG.format(limit=MAX_NAME_LENGTH))
    token = _new_token()
    now = clock()
    with write_transaction(engine) as connection:
        in_use = connection.execute(
            sa.select(device_token.c.id).where(
                device_token.c.name == name, device_token.c.revoked_at.is_(None)
            )
        ).first()
        if in_use is not None:
            raise TokenError(srv_tx.CENTRAL_NAME_IN_USE.format(name=name))
        new_id = connection.execute(
            sa.insert(device_token)
            .values(name=name, ars_code=ars_code, token_hash=hash_token(token), created_at=now)
            .returning(device_token.c.id)
        ).scalar_one()
    return token, Device(id=new_id, name=name, ars_code=ars_code, created_at=now)


def revoke_token(
    engine: Engine, name_or_id: str, *, clock: Callable[[], datetime] = _utc_now
) -> list[Device]:
    """Revoke the token in use of a device name, or the token of that number; returns them."""
    key = name_or_id.strip()
    with write_transaction(engine) as connection:
        active = device_token.c.revoked_at.is_(None)
        condition = device_token.c.name == key
        if key.isdigit():
            condition = sa.or_(condition, device_token.c.id == int(key))
        rows = connection.execute(sa.select(device_token).where(condition, active)).mappings()
        devices = [_device(row) for row in rows]
        if not devices:
            raise TokenError(srv_tx.CENTRAL_NO_SUCH_TOKEN.format(key=key))
        now = clock()
        connection.execute(
            sa.update(device_token)
            .where(device_token.c.id.in_([device.id for device in devices]))
            .values(revoked_at=now)
        )
    return [replace(device, revoked_at=now) for device in devices]


def list_tokens(engine: Engine) -> list[Device]:
    """Every token ever made (revoked ones too), oldest first; never the tokens themselves."""
    with read_connection(engine) as connection:
        rows = connection.execute(sa.select(device_token).order_by(device_token.c.id)).mappings()
        return [_device(row) for row in rows]


def touch(engine: Engine, device_id: int, now: datetime) -> None:
    """Note that the device was just heard from (``token list`` shows it to operators)."""
    with write_transaction(engine) as connection:
        connection.execute(
            sa.update(device_token).where(device_token.c.id == device_id).values(last_seen_at=now)
        )


def authenticate(engine: Engine, token: str) -> Device | None:
    """The device of ``token`` (revoked or not), or None for an unknown token."""
    wanted = hash_token(token)
    with read_connection(engine) as connection:
        row = (
            connection.execute(sa.select(device_token).where(device_token.c.token_hash == wanted))
            .mappings()
            .first()
        )
    if row is None or not hmac.compare_digest(row["token_hash"], wanted):
        return None
    return _device(row)
