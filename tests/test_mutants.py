"""Mutation controls: deliberately broken syncs must make the convergence invariants FAIL.

An invariant checker that passes everything proves nothing. Each mutant below breaks one promise
of docs/SYNC.md (by monkeypatching the real client or server for one test), runs the same seeded
World as tests/test_convergence.py, and asserts that the check reports the breach, in the
category expected:

======================  ===========================================  =====================
mutant                  what it breaks                                caught as
======================  ===========================================  =====================
no_idempotency          the server forgets the ops it applied         duplicated
cursor_off_by_one       the device stores cursor + 1 after a page     divergent
last_writer_wins        the server applies an update whatever the     silent_overwrites
                        base (no conflict)
pull_into_visible       pulled rows written straight into the         silent_overwrites
                        visible tables (ElectricSQL's failure)        (a local edit hidden)
drop_on_network_error   ops in flight dropped when a round fails      lost
                        (DHIS2-like)
skip_validation         the server stores ops that break the rules    lost (a rule-breaking
                        (data-fault profile)                          op applied)
raise_on_bad_row        the device raises on a pulled row it cannot   stuck (never settles)
                        store (data-fault profile)
batch_refused_whole     one refused op refuses the whole batch        stuck (never settles)
                        (data-fault profile)
======================  ===========================================  =====================

The last three run the "data fault" profile (tests/test_convergence.py) instead of the harsh
one: without bad data they would have nothing to break. "stuck" is a run that never settles
(every round fails on the same data) or ends with records set aside.

Each mutant runs the harsh profile of tests/test_convergence.py (every fault twice as likely) on
its fixed seeds, which the real sync passes; it is caught when at least one seed's check reports
the breach in the expected category (the suite would fail on it).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import sqlalchemy as sa

from tests.support.convergence import World, run_random
from tests.support.convergence_profiles import DATA_FAULT_SHARE, HARSH_RATES, SEEDS, STEPS


def _no_idempotency(monkeypatch: pytest.MonkeyPatch) -> None:
    from ars_tui.central import service
    from ars_tui.central.db import applied_op

    monkeypatch.setattr(service, "_stored_results", lambda _connection, _op_ids: {})

    class _Sa:
        """sqlalchemy, but the applied_op insert ignores the primary key it would break."""

        def __getattr__(self, name: str) -> Any:
            return getattr(sa, name)

        def insert(self, table: Any) -> Any:
            statement = sa.insert(table)
            return statement.prefix_with("OR IGNORE") if table is applied_op else statement

    monkeypatch.setattr(service, "sa", _Sa())


def _cursor_off_by_one(monkeypatch: pytest.MonkeyPatch) -> None:
    from storage.sync import pull as sync_pull

    real = sync_pull.apply_pull_page

    def apply_pull_page(engine: Any, rows: Any, cursor: int, **options: Any) -> Any:
        return real(engine, rows, cursor + 1 if rows else cursor, **options)

    monkeypatch.setattr(sync_pull, "apply_pull_page", apply_pull_page)


def _last_writer_wins(monkeypatch: pytest.MonkeyPatch) -> None:
    from ars_tui.central import service
    from ars_tui.central.merge import MergeOutcome

    def merge_fields(_base: Any, mine: Any, theirs: Any) -> MergeOutcome:
        return MergeOutcome(changes={k: v for k, v in mine.items() if theirs.get(k) != v})

    monkeypatch.setattr(service, "merge_fields", merge_fields)


def _pull_into_visible(monkeypatch: pytest.MonkeyPatch) -> None:
    from storage import wire
    from storage.db import write_transaction
    from storage.sync import pull as sync_pull
    from storage.sync import state as sync_state

    real = sync_pull.apply_pull_page

    def apply_pull_page(engine: Any, rows: Any, cursor: int, **options: Any) -> Any:
        outcome = real(engine, rows, cursor, **options)
        table = sync_state._table("professional")
        with write_transaction(engine) as connection:
            for row in rows:
                if row["entity"] == "professional":
                    values = wire.decode_fields("professional", row["fields"])
                    values = {k: v for k, v in values.items() if k in table.c}
                    connection.execute(
                        sa.update(table)
                        .where(table.c.id == row["id"])
                        .values(**values, deleted=bool(row["deleted"]), version=row["version"])
                    )
        return outcome

    monkeypatch.setattr(sync_pull, "apply_pull_page", apply_pull_page)


def _drop_on_network_error(monkeypatch: pytest.MonkeyPatch) -> None:
    from ars_tui.sync.client import SyncClient, SyncError

    real = SyncClient.run_round

    def run_round(self: SyncClient) -> Any:
        try:
            return real(self)
        except SyncError:
            with self.engine.begin() as connection:
                connection.exec_driver_sql("DELETE FROM outbox_op WHERE state = 'inflight'")
            raise

    monkeypatch.setattr(SyncClient, "run_round", run_round)


def _skip_validation(monkeypatch: pytest.MonkeyPatch) -> None:
    from ars_tui.central import op_checks

    monkeypatch.setattr(op_checks, "rule_reason", lambda *_args, **_kwargs: None)
    real = op_checks.check_op

    def check_op(op: Any) -> Any:
        checked = real(op)
        if checked.reason is not None and "\x00" not in op.op_id + op.entity_id + op.user:
            checked.reason = None
            checked.fields = {
                k: v for k, v in op.fields.items() if k in op_checks.user_columns(op.entity)
            }
        return checked

    monkeypatch.setattr(op_checks, "check_op", check_op)


def _raise_on_bad_row(monkeypatch: pytest.MonkeyPatch) -> None:
    from storage.sync import overlay as sync_overlay

    monkeypatch.setattr(sync_overlay, "_is_row_fault", lambda _error: False)


def _batch_refused_whole(monkeypatch: pytest.MonkeyPatch) -> None:
    from ars_tui.central import service

    real = service.push

    def push(engine: Any, device: Any, ops: Any, now: Any) -> Any:
        if any(op.ars_code not in device.scope for op in ops):
            raise service.Forbidden("refused whole")
        return real(engine, device, ops, now)

    monkeypatch.setattr(service, "push", push)


MUTANTS: dict[str, tuple[Callable[[pytest.MonkeyPatch], None], str]] = {
    "no_idempotency": (_no_idempotency, "duplicated"),
    "cursor_off_by_one": (_cursor_off_by_one, "divergent"),
    "last_writer_wins": (_last_writer_wins, "silent_overwrites"),
    "pull_into_visible": (_pull_into_visible, "silent_overwrites"),
    "drop_on_network_error": (_drop_on_network_error, "lost"),
    "skip_validation": (_skip_validation, "lost"),
    "raise_on_bad_row": (_raise_on_bad_row, "stuck"),
    "batch_refused_whole": (_batch_refused_whole, "stuck"),
}
#: Mutants that break how bad data is handled: they run the data-fault profile.
DATA_FAULT_MUTANTS = frozenset({"skip_validation", "raise_on_bad_row", "batch_refused_whole"})


@pytest.mark.parametrize("mutant", list(MUTANTS))
def test_the_invariants_catch_the_mutant(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path, fresh_database_file: Path, mutant: str
) -> None:
    breaks, caught_as = MUTANTS[mutant]
    breaks(monkeypatch)
    caught_by: list[int] = []
    for seed in SEEDS:
        options: dict[str, Any] = (
            {"data_faults": DATA_FAULT_SHARE} if mutant in DATA_FAULT_MUTANTS else {}
        )
        world = World(
            tmp_path / f"seed-{seed}",
            fresh_database_file,
            seed=seed,
            rates=HARSH_RATES,
            **options,
        )
        stuck = None
        try:
            try:
                run_random(world, STEPS)
                world.settle()
            except Exception as error:  # a mutant may also keep the devices from settling
                stuck = f"{type(error).__name__}: {str(error)[:200]}"
            report = world.check()
        finally:
            world.close()
        print(f"{mutant} seed {seed}: stuck={stuck} {report.summary()}")
        caught = (
            stuck is not None or any(report.quarantined_left.values())
            if caught_as == "stuck"
            else bool(getattr(report, caught_as))
        )
        if caught:
            caught_by.append(seed)
    print(f"{mutant}: caught as {caught_as} by seeds {caught_by}")
    assert caught_by, f"the invariants missed {mutant} on every seed {SEEDS}"
