"""The look of the app's modal panels (help, import/export, status change, detected changes):
the screen centred over the app, its panel framed in the accent colour; and
:class:`PanelScreen`, the base of the panels that only close.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from textual.binding import Binding
from textual.screen import ModalScreen

from screens import text as tx


def panel_css(
    screen: str,
    panel: str,
    *,
    width: int,
    height: str = "auto",
    max_height: str | None = "90%",
    padding: str = "1 2",
) -> str:
    """CSS for the modal ``screen`` (its class name) and its panel (widget id ``panel``)."""
    limit = f"\n        max-height: {max_height};" if max_height else ""
    return f"""
    {screen} {{
        align: center middle;
    }}
    {screen} #{panel} {{
        width: {width};
        max-width: 100%;
        height: {height};{limit}
        border: round $accent;
        border-title-color: $accent;
        background: $surface;
        padding: {padding};
    }}
    """


@dataclass(frozen=True)
class Panel:
    """The panel of a :class:`PanelScreen`: its widget id and size (as :func:`panel_css` takes
    them), and its close key: ``keys`` bound to ``dismiss`` under the id ``close_id``."""

    id: str
    width: int
    close_id: str
    keys: str = "escape"
    height: str = "auto"
    max_height: str | None = "90%"

    def css(self, screen: str) -> str:
        size = {"height": self.height, "max_height": self.max_height}
        return panel_css(screen, self.id, width=self.width, **size)

    def close_binding(self) -> Binding:
        return Binding(self.keys, "dismiss", tx.BINDING_CLOSE, id=self.close_id)


class PanelScreen(ModalScreen[None]):
    """A modal panel that only closes (help, import/export, detected changes). A subclass names
    its :data:`PANEL`; its own ``DEFAULT_CSS`` and ``BINDINGS`` come after the panel's."""

    PANEL: ClassVar[Panel]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        panel = cls.__dict__.get("PANEL")
        if panel is not None:  # before Textual reads the CSS and merges the bindings, below
            cls.DEFAULT_CSS = panel.css(cls.__name__) + cls.__dict__.get("DEFAULT_CSS", "")
            cls.BINDINGS = [panel.close_binding(), *cls.__dict__.get("BINDINGS", [])]
        super().__init_subclass__(**kwargs)
