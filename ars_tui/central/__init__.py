"""The central endpoint: the region's server that devices sync with (docs/SYNC.md, "The server").

- :mod:`ars_tui.central.app`: the FastAPI app (:func:`make_central_app`);
- :mod:`ars_tui.central.service`: push, pull and tombstone purge, without HTTP;
- :mod:`ars_tui.central.merge`: the pure three-way merge of an update;
- :mod:`ars_tui.central.tokens`: device tokens;
- :mod:`ars_tui.central.db`: the server's own tables and engine (SQLite or PostgreSQL).

Importing this package imports nothing heavy; ``make_central_app`` loads FastAPI when called.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from fastapi import FastAPI


def make_central_app(database_url: str, **options: Any) -> FastAPI:
    """See :func:`ars_tui.central.app.make_central_app`."""
    from ars_tui.central.app import make_central_app as make

    return make(database_url, **options)


__all__ = ["make_central_app"]
