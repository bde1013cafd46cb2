"""Identifiers made on the device."""

from __future__ import annotations

import uuid6


def new_id() -> str:
    """A new UUIDv7 as text: unique without a server, and ordered by creation time."""
    return str(uuid6.uuid7())
