"""Applying a pulled page: shadow rows and the cursor in one transaction, then the overlay."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from sqlalchemy import (
    Connection,
    Engine,
    bindparam,
    delete,
    select,
    text,
)

from storage import vocabulary as voc
from storage.db import write_transaction
from storage.settings import set_setting
from storage.sync import overlay as sync_overlay
from storage.sync import sqlite_rows
from storage.sync import state as sync_state
from storage.sync.overlay import _quarantine, _release_quarantine
from storage.sync.state import (
    _QUARANTINE,
    _RESYNC,
    CURSOR_SETTING,
    _synced_types,
    write_log,
)

if TYPE_CHECKING:
    pass


# --- Pull: shadow rows, then the overlay --------------------------------------------------------


@contextmanager
def _pull_transaction(engine: Engine) -> Iterator[Connection]:
    """A write transaction with foreign keys not enforced.

    The server sends each record's latest state in server-seq order, so a child can arrive before
    the newer state of its parent (even in a later page). The server's state is the reference:
    its rows are written as they come, and the parent arrives in the same round.
    ``PRAGMA foreign_keys`` only takes effect outside a transaction, hence the raw connection.
    """
    with engine.connect() as connection:
        raw = connection.connection.driver_connection
        assert raw is not None
        raw.execute("PRAGMA foreign_keys=OFF")
        try:
            connection.execution_options(ars_tui_begin_immediate=True)
            with connection.begin():
                yield connection
        finally:
            raw.execute("PRAGMA foreign_keys=ON")


@dataclass
class PullOutcome:
    rows: int = 0
    #: Rows this device could not store, set aside in the quarantine (:func:`quarantined`).
    quarantined: int = 0


def apply_pull_page(
    engine: Engine, rows: Sequence[Mapping[str, Any]], cursor: int, *, user: str | None = None
) -> PullOutcome:
    """Apply one page of pulled rows and move the cursor, all in ONE transaction.

    1. each row's server state replaces its shadow row if an op of this device is on the
       record (see :func:`_apply_rows`);
    2. acked ops that this state includes (``server_seq`` <= the row's) are dropped;
    3. each touched visible row is recomputed: shadow + the ops not yet superseded (the history
       of other devices' edits arrives as ``record_change`` rows, handled like any record);
    4. the cursor is written.
    A crash anywhere leaves the page as not applied, and the next round pulls it again.

    One record never stops the device: the rows of a type are applied in a savepoint; if one
    of them breaks a local rule (a NOT NULL, UNIQUE or CHECK constraint, a value that does not
    decode), they are applied again one by one and each failing row goes to the quarantine
    with its reason (:func:`quarantined`), its previous state left as it was. The rest of the
    page is applied and the cursor moves on. A database that fails (locked, disk full) is not
    a row's fault: that error ends the round, and nothing of the page is kept.
    """
    outcome = PullOutcome(rows=len(rows))
    if not rows:  # the last page of a round, or a sync with nothing new: the cursor only
        with write_transaction(engine) as connection:
            set_setting(connection, CURSOR_SETTING, str(cursor))
        return outcome
    started = sync_state.utc_now()
    synced_types = _synced_types()
    by_entity: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for row in rows:
        if row.get("entity") in synced_types:  # a type this version does not know waits in vain
            by_entity[row["entity"]].append(row)
    with _pull_transaction(engine) as connection:
        # Only during a full re-download after purged tombstones (nearly never): no per-row
        # delete on the ordinary pull path.
        resyncing = connection.execute(select(_RESYNC.c.entity).limit(1)).first() is not None
        waiting = connection.execute(select(_QUARANTINE.c.entity).limit(1)).first() is not None
        for entity, entity_rows in by_entity.items():
            if waiting:  # a newer state replaces one set aside (set aside again if still bad)
                _release_quarantine(connection, entity, entity_rows)
            try:
                with connection.begin_nested():
                    _apply_rows(connection, entity, entity_rows, resyncing, outcome)
            except Exception as error:
                if not sync_overlay._is_row_fault(error):
                    raise
                for row in entity_rows:
                    try:
                        with connection.begin_nested():
                            _apply_rows(connection, entity, [row], resyncing, outcome)
                    except Exception as row_error:
                        if not sync_overlay._is_row_fault(row_error):
                            raise
                        _quarantine(connection, entity, row, row_error)
        # Set aside here or by sync_overlay._recompute (a state stored in the shadow that the
        # visible table refuses): counted once, from the table.
        outcome.quarantined = int(
            connection.execute(
                select(text("count(*)")).select_from(_QUARANTINE).where(_QUARANTINE.c.at >= started)
            ).scalar()
            or 0
        )
        if outcome.quarantined:
            write_log(
                connection,
                "quarantine",
                voc.SYNC_LOG_QUARANTINED.format(count=voc.format_int(outcome.quarantined)),
            )
        set_setting(connection, CURSOR_SETTING, str(cursor))
    return outcome


def _apply_rows(
    connection: Connection,
    entity: str,
    entity_rows: Sequence[Mapping[str, Any]],
    resyncing: bool,
    outcome: PullOutcome,
) -> None:
    """Steps 1 to 4 of :func:`apply_pull_page` for some rows of one type."""
    ids = [row["id"] for row in entity_rows]
    if resyncing:
        connection.execute(
            delete(_RESYNC).where(
                _RESYNC.c.entity == bindparam("b_entity"),
                _RESYNC.c.entity_id == bindparam("b_id"),
            ),
            [{"b_entity": entity, "b_id": entity_id} for entity_id in ids],
        )
    # Who changed what arrives as record_change records (the history every device reads).
    overlaid, kept = sqlite_rows.drop_superseded(connection, entity, entity_rows)
    # Only a record with an op of this device on it (in any state) keeps its server state in
    # the shadow, which the overlay and the Conflits / À corriger lists read. The others show
    # the pulled state itself; an edit copies it into the shadow when it gives the record its
    # first op (storage.records.server_state).
    if kept:
        sqlite_rows.write_shadows(
            connection, entity, [row for row in entity_rows if row["id"] in kept]
        )
    # Most records have no op of this device left on them: their visible row is the pulled
    # state, written from the page itself. The others are recomputed from shadow + ops.
    plain = [row for row in entity_rows if row["id"] not in overlaid]
    if plain:
        try:
            with connection.begin_nested():
                sqlite_rows.write_visible(connection, entity, plain)
        except Exception as error:
            if not sync_overlay._is_row_fault(error):
                raise
            # A row the visible table refuses: its state goes to the shadow and the recompute
            # writes the others one by one and sets that one aside, as for any record.
            sqlite_rows.write_shadows(
                connection, entity, [row for row in plain if row["id"] not in kept]
            )
            overlaid.update(row["id"] for row in plain)
    sync_overlay._recompute(connection, entity, overlaid)
