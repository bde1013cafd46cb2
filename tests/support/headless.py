"""Run the TUI from the command line (``cli.main``) without a terminal, in tests."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from ars_tui.app import ArsTuiApp


def headless_run(opened: list[Path] | None = None) -> Callable[..., None]:
    """A stand-in for ``ArsTuiApp.run`` (``monkeypatch.setattr(ArsTuiApp, "run", ...)``): run
    headless, wait until the database is open or refused, note its path in ``opened``, quit."""
    real_run = ArsTuiApp.run

    def run(self: ArsTuiApp, *args: object, **kwargs: object) -> None:
        async def until_open(pilot) -> None:  # type: ignore[no-untyped-def]
            for _ in range(600):  # 30 s at most
                if self.database is not None or self.open_error is not None:
                    break
                await pilot.pause(0.05)
            if self.database is not None:  # on failure the app has already quit
                if opened is not None:
                    opened.append(self.database.path)
                self.exit()

        real_run(self, headless=True, auto_pilot=until_open)

    return run
