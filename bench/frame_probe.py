"""What bench_browse.py measures with: a probe of the frames the app sends to the terminal
(:class:`FrameProbe`), the times a list's worker and handler posted their messages
(:class:`Stages`), and the process's memory. See bench_browse.py's docstring for the method.
"""

from __future__ import annotations

import asyncio
import math
import time
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any


def memory() -> tuple[float, float]:
    """(VmRSS, VmHWM) of this process in MB."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        name, _, rest = line.partition(":")
        if name in ("VmRSS", "VmHWM"):
            values[name] = int(rest.split()[0]) / 1024
    return values["VmRSS"], values["VmHWM"]


@dataclass(frozen=True)
class Frame:
    at: float  # perf_counter() once the terminal's bytes are made
    cpu: float  # thread_time() of the app's thread then
    output: str  # the terminal's bytes


@dataclass(frozen=True)
class Sample:
    t0: float
    ms: float  # wall time from the key to the frame
    cpu_ms: float  # CPU time of the app's thread meanwhile
    output: str


class FrameProbe:
    """Times frames, and tells which widgets' latest content has reached the terminal."""

    def __init__(self, app: Any) -> None:
        from textual._compositor import ChopsUpdate, LayoutUpdate
        from textual.widget import Widget

        self.app = app
        self._chops, self._layout = ChopsUpdate, LayoutUpdate
        self._original = app._display
        self._waiters: list[tuple[Callable[[Any], bool], asyncio.Future[Frame]]] = []
        self.frames = 0
        #: Widgets changed since a frame last wrote all of their visible region.
        self.pending: weakref.WeakSet[Any] = weakref.WeakSet()
        app._display = self._display
        self._widget = Widget
        self._refresh = refresh = Widget.refresh
        pending = self.pending

        def refreshed(widget: Any, *regions: Any, **options: Any) -> Any:
            if options.get("repaint", True) or options.get("recompose", False):
                pending.add(widget)
            return refresh(widget, *regions, **options)

        Widget.refresh = refreshed  # type: ignore[method-assign]

    def restore(self) -> None:
        self._widget.refresh = self._refresh  # type: ignore[method-assign]

    def shown(self, *widgets: Any) -> bool:
        """Each of ``widgets`` is on screen as it is now (no change of it waits for a frame)."""
        return not any(widget in self.pending for widget in widgets)

    def expect(self, condition: Callable[[Any], bool]) -> asyncio.Future[Frame]:
        """The first frame after which ``condition(screen)`` holds."""
        future: asyncio.Future[Frame] = asyncio.get_running_loop().create_future()
        self._waiters.append((condition, future))
        return future

    def _display(self, screen: Any, renderable: Any) -> None:
        self._original(screen, renderable)
        if renderable is None or self.app._batch_count:
            return
        spans: dict[int, list[tuple[int, int]]] = {}  # the lines and columns this frame writes
        if isinstance(renderable, self._layout):
            region = renderable.region
            spans = {y: [(region.x, region.right)] for y in range(region.y, region.bottom)}
        elif isinstance(renderable, self._chops):
            for y, x1, x2 in renderable.spans:
                spans.setdefault(y, []).append((x1, x2))
        output = renderable.render_segments(self.app.console) if spans else ""
        frame = Frame(time.perf_counter(), time.thread_time(), output)
        self.frames += 1
        visible = screen._compositor.visible_widgets
        for widget in list(self.pending):
            geometry = visible.get(widget)
            if geometry is None:
                continue
            region = geometry[0].intersection(geometry[1])
            if all(
                any(x1 <= region.x and region.right <= x2 for x1, x2 in spans.get(y, ()))
                for y in range(region.y, region.bottom)
            ):
                self.pending.discard(widget)
        for condition, future in self._waiters:
            if not future.done() and condition(screen):
                future.set_result(frame)
        self._waiters = [(c, f) for c, f in self._waiters if not f.done()]


class Stages:
    """When a list's worker and handler posted their messages (wraps its post_message)."""

    def __init__(self, paged: Any) -> None:
        self.times: dict[tuple[str, int], float] = {}
        original = paged.post_message

        def post_message(message: Any) -> bool:
            generation = getattr(message, "generation", None)
            if generation is not None:
                self.times.setdefault((type(message).__name__, generation), time.perf_counter())
            return original(message)

        paged.post_message = post_message

    def ms(self, start: float, message: str, generation: int) -> float:
        return (self.times.get((message, generation), math.nan) - start) * 1000
