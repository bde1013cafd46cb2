"""When the app syncs (ars_tui/sync_controller.py): after saves (debounced), on request, once
more after edits made during a round, and again after a failure once the backoff has passed,
which is how the outbox goes when the server becomes reachable. A refused token waits for a
person instead.

The controller runs in a real Textual app; the service behind it is a stand-in that counts
rounds and fails when told, and decides when to try again with the real rule
(``SyncService.retry_delay``, its backoff shortened); the real service and client are tested
in test_sync_e2e.py and test_sync_local_errors.py.
"""

from __future__ import annotations

import threading
from typing import Any

import pytest
from textual.app import App

from ars_tui import sync_controller
from ars_tui.sync import service as service_module
from ars_tui.sync.client import SyncError
from ars_tui.sync.service import SyncService
from ars_tui.sync_controller import SyncController
from storage.sync.snapshot import SyncSnapshot

#: The backoff of the tests (the real one waits 2 s at least).
SHORT_BACKOFF_S = 0.05


@pytest.fixture(autouse=True)
def short_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(service_module, "backoff_delay", lambda *_a, **_k: SHORT_BACKOFF_S)


class FakeService:
    """What SyncController needs of ars_tui.sync.service.SyncService."""

    def __init__(self) -> None:
        self.running = False
        self.rounds = 0
        #: Kinds of failure of the next rounds ("unreachable", "unauthorized"), then success.
        self.failures_to_come: list[str] = []
        self.last_kind: str | None = None
        # What SyncService.retry_delay reads.
        self.failures = 0
        self.last_error: SyncError | None = None
        self.message: str | None = None
        self.local_error: str | None = None
        self.hold = threading.Event()
        self.hold.set()

    def configured(self) -> bool:
        return True

    #: How many of the next snapshot() calls fail (a database that cannot be read).
    broken_reads = 0

    def snapshot(self) -> SyncSnapshot:
        if self.broken_reads:
            self.broken_reads -= 1
            raise OSError(5, "Input/output error")
        return SyncSnapshot(
            configured=True,
            running=False,
            online=self.last_kind is None,
            pending=0,
            conflicts=0,
            to_fix=0,
            last_sync=None,
            message=None,
        )

    def run_round(self) -> None:
        self.running = True
        try:
            self.hold.wait(5)
            self.rounds += 1
            self.last_kind = self.failures_to_come.pop(0) if self.failures_to_come else None
            if self.last_kind is None:
                self.failures, self.last_error = 0, None
            else:
                self.failures += 1
                self.last_error = SyncError("échec", kind=self.last_kind)
        finally:
            self.running = False

    #: The real rule, on this stand-in's ``failures`` and ``last_error``.
    retry_delay = SyncService.retry_delay


class Host(App[None]):
    def __init__(self, service: FakeService) -> None:
        super().__init__()
        self.controller = SyncController(self, service)  # type: ignore[arg-type]


async def _wait(pilot: Any, condition: Any, seconds: float = 5.0) -> None:
    for _ in range(int(seconds / 0.02)):
        if condition():
            return
        await pilot.pause(0.02)
    raise AssertionError("never happened")


async def test_a_burst_of_saves_makes_one_round(monkeypatch: Any) -> None:
    monkeypatch.setattr(sync_controller, "SAVE_DEBOUNCE_S", 0.2)
    service = FakeService()
    app = Host(service)
    async with app.run_test() as pilot:
        for _ in range(3):
            app.controller.record_saved()
            await pilot.pause(0.05)
        assert service.rounds == 0  # still waiting for the saves to stop
        await _wait(pilot, lambda: app.controller.rounds == 1)
        await pilot.pause(0.4)
        assert service.rounds == 1


async def test_a_request_during_a_round_gives_one_more_round() -> None:
    service = FakeService()
    service.hold.clear()
    app = Host(service)
    async with app.run_test() as pilot:
        app.controller.request_sync()
        await _wait(pilot, lambda: service.running)
        app.controller.request_sync()  # an edit saved while the round runs
        app.controller.request_sync()
        service.hold.set()
        await _wait(pilot, lambda: app.controller.rounds == 2)
        await pilot.pause(0.2)
        assert service.rounds == 2


async def test_after_a_failure_it_tries_again_until_the_server_answers() -> None:
    service = FakeService()
    service.failures_to_come = ["unreachable", "unreachable"]
    app = Host(service)
    async with app.run_test() as pilot:
        app.controller.request_sync()
        await _wait(pilot, lambda: app.controller.rounds == 3)
        await pilot.pause(0.2)
        assert service.rounds == 3 and service.last_kind is None
        assert app.controller.snapshot is not None and app.controller.snapshot.online


@pytest.mark.parametrize("kind", ["unauthorized", "upgrade", "forbidden"])
async def test_a_refused_token_waits_for_a_person(kind: str) -> None:
    service = FakeService()
    service.failures_to_come = [kind]
    app = Host(service)
    async with app.run_test() as pilot:
        app.controller.request_sync()
        await _wait(pilot, lambda: app.controller.rounds == 1)
        await pilot.pause(0.3)
        assert service.rounds == 1  # no retry on its own


async def test_a_local_error_is_retried_with_the_backoff() -> None:
    service = FakeService()
    service.failures_to_come = ["local"]
    app = Host(service)
    async with app.run_test() as pilot:
        app.controller.request_sync()
        await _wait(pilot, lambda: app.controller.rounds == 2)
        assert service.rounds == 2 and service.last_kind is None


async def test_a_round_ends_even_when_the_figures_cannot_be_read() -> None:
    service = FakeService()
    service.hold.clear()
    service.failures_to_come = ["local"]
    service.message = service.local_error = "le disque est plein"
    app = Host(service)
    async with app.run_test() as pilot:
        app.controller.request_sync()
        await _wait(pilot, lambda: service.running)
        app.controller.request_sync()  # an edit saved while the round runs
        service.broken_reads = 1  # and then the figures cannot be read
        service.hold.set()
        await _wait(pilot, lambda: app.controller.rounds >= 1)
        snapshot = app.controller.snapshot
        assert snapshot is not None and snapshot.local_error == "le disque est plein"
        # the retry (backoff), then the round asked for during the failed one
        await _wait(pilot, lambda: app.controller.rounds == 3)
        await pilot.pause(0.2)
        assert service.rounds == 3
        assert app.controller.snapshot is not None and not app.controller.snapshot.running
