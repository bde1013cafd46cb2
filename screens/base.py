"""What every screen of the app shares: Textual's own screen keys, described in French."""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType
from textual.screen import Screen

from screens import text as tx


class BaseScreen(Screen[None]):
    """A full screen of the app. Subclasses add their bindings (with ids) to these."""

    # Same keys and actions as textual.screen.Screen's, French descriptions: they show in the
    # keys panel of the command palette.
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("tab", "app.focus_next", tx.BINDING_FOCUS_NEXT, show=False, id="screen.next"),
        Binding(
            "shift+tab",
            "app.focus_previous",
            tx.BINDING_FOCUS_PREVIOUS,
            show=False,
            id="screen.previous",
        ),
        Binding(
            "ctrl+c,super+c", "screen.copy_text", tx.BINDING_COPY, show=False, id="screen.copy"
        ),
    ]
