"""AppFooter: the footer's keys, rebuilt on every change of bindings, do not pile up in memory.

Textual's Footer keeps each removed key alive through its ``compact`` watcher list
(Textualize/textual#6666); AppFooter prunes it after each rebuild.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import App, ComposeResult
from textual.binding import BindingType
from textual.widgets import Button, Footer

from screens.widgets.footer import AppFooter


def _compact_watchers(footer: Footer) -> int:
    return len(getattr(footer, "__watchers", {}).get("compact", []))


class Host(App[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        ("a", "bell", "Un"),
        ("b", "bell", "Deux"),
        ("c", "bell", "Trois"),
    ]

    def __init__(self, footer_class: type[Footer]) -> None:
        super().__init__()
        self.footer_class = footer_class

    def compose(self) -> ComposeResult:
        yield Button("un", id="one")
        yield Button("deux", id="two")
        yield self.footer_class()


async def _watchers_after_focus_changes(footer_class: type[Footer]) -> tuple[int, int]:
    app = Host(footer_class)
    async with app.run_test() as pilot:
        await pilot.pause()
        footer = app.query_one(footer_class)
        start = _compact_watchers(footer)
        for _ in range(10):  # each focus change rebuilds the footer's keys
            await pilot.press("tab")
            await pilot.pause(0.05)
        await pilot.pause(0.1)
        return start, _compact_watchers(footer)


async def test_the_footer_keeps_the_watchers_of_its_current_keys_only() -> None:
    start, end = await _watchers_after_focus_changes(AppFooter)
    assert start > 0
    assert end <= start + 1  # the keys on show now (the palette key may come and go)


async def test_textual_footer_alone_piles_them_up() -> None:
    """The control: without the pruning the list grows with every rebuild (the bug is real)."""
    start, end = await _watchers_after_focus_changes(Footer)
    assert end > 2 * start
