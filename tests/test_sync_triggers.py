"""When the app syncs (ars_tui/sync_controller.py): after saves (debounced), on request, once
more after edits made during a round, and again after a failure once the backoff has passed,
which is how the outbox goes when the server becomes reachable. A refused token waits for a
person instead.

The controller runs in a real Textual app; the service behind it is a stand-in that counts
rounds and fails when told (the real service and client are tested in test_sync_e2e.py).
"""

from __future__ import annotations

import threading
from typing import Any

from textual.app import App

from ars_tui import sync_controller
from ars_tui.sync_controller import SyncController
from screens.sync_types import SyncSnapshot


class FakeService:
    """What SyncController needs of ars_tui.sync.service.SyncService."""

    def __init__(self) -> None:
        self.running = False
        self.rounds = 0
        #: Kinds of failure of the next rounds ("unreachable", "unauthorized"), then success.
        self.failures_to_come: list[str] = []
        self.last_kind: str | None = None
        self.hold = threading.Event()
        self.hold.set()

    def configured(self) -> bool:
        return True

    def snapshot(self) -> SyncSnapshot:
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
        finally:
            self.running = False

    def retry_delay(self) -> float | None:
        if self.last_kind is None or self.last_kind == "unauthorized":
            return None
        return 0.05  # the backoff, shortened for the test


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


async def test_a_refused_token_waits_for_a_person() -> None:
    service = FakeService()
    service.failures_to_come = ["unauthorized"]
    app = Host(service)
    async with app.run_test() as pilot:
        app.controller.request_sync()
        await _wait(pilot, lambda: app.controller.rounds == 1)
        await pilot.pause(0.3)
        assert service.rounds == 1  # no retry on its own
