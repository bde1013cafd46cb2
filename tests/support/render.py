"""What a widget shows, as plain text, for tests that read the screen."""

from __future__ import annotations

import os

from rich.console import Console
from textual.widgets import Static


def plain(static: Static, width: int = 100) -> str:
    """What a Static shows, as plain text (its content may be a Rich table)."""
    console = Console(width=width, record=True, file=open(os.devnull, "w"))  # noqa: SIM115
    console.print(static.content)
    return console.export_text()
