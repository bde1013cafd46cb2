"""Issue 11: at 80×24 the status bar keeps the last sync time (its parts shorten, least useful
first, rather than the end of the line being cut)."""

from __future__ import annotations

from datetime import datetime

from ars_tui.app import make_app
from screens.widgets.status_bar import StatusBar, status_text
from storage.db import Database
from tests.section_support import demo, sections_template, settle

__all__ = ["demo", "sections_template"]

SYNCED = datetime(2026, 3, 5, 14, 7)


def _shown(bar: StatusBar) -> str:
    """The characters the terminal shows on the bar's line (cut at its width)."""
    return "".join(segment.text for segment in bar.render_line(0))


async def test_at_80_columns_the_last_sync_time_stays_visible(demo: Database) -> None:
    app = make_app(demo, user="test")
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        bar = app.screen.query_one(StatusBar)
        bar.pending = 1234
        bar.last_sync = SYNCED
        await pilot.pause()
        shown = _shown(bar)
        # The day and time stay; the year goes first when the line must be shorter.
        assert "dernière synchronisation : 05/03 14:07" in shown
        assert "démo" in shown and "hors ligne" in shown and "1\u00a0234 en attente" in shown


def test_a_wide_line_is_unchanged_and_a_narrow_one_keeps_what_matters() -> None:
    figures = dict(online=False, sync_configured=False, pending=2, last_sync=SYNCED, demo=True)
    wide = status_text(**figures, width=200)
    assert wide == status_text(**figures)
    assert wide.startswith("données de démonstration │ hors ligne │ 2 modifications en attente")
    narrow = status_text(**figures, conflicts=3, to_fix=1, width=78)
    assert len(narrow) <= 78
    for part in ("démo", "3 conflit(s)", "1 à corriger", "dernière synchronisation : 05/03"):
        assert part in narrow
