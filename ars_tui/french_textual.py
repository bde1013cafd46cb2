"""Textual's command palette saying in French that nothing matches.

(The English descriptions of Textual's keys are translated where they are shown: the F1 help,
``screens/help.py``, from ``tx.TEXTUAL_BINDINGS``.)
"""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from screens import text as tx


class FrenchCommandPalette(CommandPalette):
    """The command palette, saying in French that nothing matches."""

    def _start_no_matches_countdown(self, search_value: str) -> None:
        self._stop_no_matches_countdown()

        def _show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(
                    Option(
                        Align.center(Text(tx.PALETTE_NO_MATCHES, style="not bold")),
                        disabled=True,
                        id=self._NO_MATCHES,
                    )
                )
                self._list_visible = True
            else:
                self._list_visible = False

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, _show_no_matches)
