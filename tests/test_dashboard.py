"""The dashboard and Territoires screens (Pilot) on the hand-counted fixture
(tests/support/dashboard_fixture.py); the figures themselves: tests/test_dashboard_figures.py.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from storage.db import Database, write_transaction
from storage.queries.territories import Territory
from tests import section_support
from tests.support.dashboard_fixture import (
    CIVIS,
    SAINT_DENIS,
    SAINT_PAUL,
    TODAY,
)

# --- The screens (Pilot) -----------------------------------------------------------------------

SCREEN_SIZE = (120, 40)


@pytest.fixture
def fixed_day(monkeypatch: pytest.MonkeyPatch) -> date:
    """The screens count for TODAY, not for the clock's day."""
    monkeypatch.setattr("screens.home.today", lambda: TODAY)
    return TODAY


async def _settle(pilot) -> None:  # type: ignore[no-untyped-def]
    """Let every worker end and its messages be handled (twice: a message may start one)."""
    for _ in range(3):
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()


async def _choose(pilot, level: str, value: str) -> None:  # type: ignore[no-untyped-def]
    from textual.widgets import Select

    pilot.app.screen.query_one(f"#picker-{level}", Select).value = value
    await _settle(pilot)


async def test_choosing_a_territory_changes_the_figures(filled: Database, fixed_day: date) -> None:
    from textual.widgets import Static

    from ars_tui.app import make_app
    from screens.home import HomeScreen

    app = make_app(filled, user="test")
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        await _settle(pilot)
        screen = app.screen
        assert isinstance(screen, HomeScreen)
        # No device ARS and no demo data: the first ARS with records, by code (MAY < REU).
        assert screen.figures.territory.code == "MAY"
        assert screen.figures.project_total == 1

        await _choose(pilot, "ars", "REU")
        assert screen.figures.territory == Territory("ars", "REU", "ARS La Réunion")
        assert screen.figures.project_total == 6
        await _choose(pilot, "departement", "974")
        assert screen.figures.territory.level == "departement"
        await _choose(pilot, "epci", "249740101")  # TCO: Saint-Paul's EPCI
        await _choose(pilot, "commune", SAINT_PAUL)
        figures = screen.figures
        assert figures.territory == Territory("commune", SAINT_PAUL, "Saint-Paul")
        assert figures.project_total == 2 and figures.population_beyond_30min == 850
        info = str(screen.query_one("#home-info", Static).render())
        assert "Commune : Saint-Paul (97415) — 108\u00a0088 hab." in info
        assert "Zonage :  ZAC  Zone d'action complémentaire" in info
        assert "Zone prioritaire : non" in info

        # Back to the whole département: the commune list stays, the figures widen again.
        await _choose(pilot, "epci", CIVIS)
        assert screen.figures.territory == Territory("epci", CIVIS, screen.figures.territory.name)
        assert "Zone prioritaire : oui" in str(screen.query_one("#home-info", Static).render())


async def test_a_reu_device_offers_its_own_ars_and_the_others_on_request(
    filled: Database, fixed_day: date
) -> None:
    """Issue 11: a REU database offered Mayotte (and every ARS) in its selector."""
    from textual.widgets import Select

    from ars_tui.app import make_app
    from storage.sync.progress import set_device_ars

    set_device_ars(filled.engine, "REU")
    app = make_app(filled, user="test")
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        await _settle(pilot)
        select = app.screen.query_one("#picker-ars", Select)
        assert app.screen.figures.territory.code == "REU"
        codes = [value for _, value in select._options if isinstance(value, str)]
        assert "MAY" not in codes and "ARA" not in codes
        assert codes[:2] == ["REU", "OI"]  # its own, and the former ARS Océan Indien
        await _choose(pilot, "ars", codes[-1])  # "Autres ARS…": asked for
        codes = [value for _, value in select._options if isinstance(value, str)]
        assert {"MAY", "ARA", "REU"} <= set(codes)
        assert select.value == "REU" and app.screen.figures.territory.code == "REU"


async def test_a_commune_shows_its_zonage_class(filled: Database, fixed_day: date) -> None:
    from textual.widgets import Static

    from ars_tui.app import make_app

    with write_transaction(filled.engine) as connection:
        connection.execute(text("INSERT INTO local_setting VALUES ('ars_code', 'REU')"))
    app = make_app(filled, user="test")
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        await _settle(pilot)
        assert app.screen.figures.territory.code == "REU"  # the device's ARS
        await _choose(pilot, "departement", "974")
        await _choose(pilot, "commune", SAINT_DENIS)
        info = str(app.screen.query_one("#home-info", Static).render())
        assert "Zonage :  ZIP  Zone d'intervention prioritaire" in info
        zoning = app.screen.query_one("#panel-zoning", Static)
        assert "A-2020" in str(zoning.content.caption)


async def test_national_references_have_no_progress_bar_and_the_trend_is_drawn(
    filled: Database, fixed_day: date
) -> None:
    """Issue 12: national figures are shown as dated references ("Repère national : 700 MCS
    visés pour 2017 (Pacte territoire santé 2)"), never as this territory's goal."""
    from textual.widgets import ProgressBar, Static

    from ars_tui.app import make_app
    from screens.home import IndicatorView
    from screens.widgets.bar_chart import MonthlyBarChart

    with write_transaction(filled.engine) as connection:
        connection.execute(text("INSERT INTO local_setting VALUES ('ars_code', 'REU')"))
    app = make_app(filled, user="test")
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        await _settle(pilot)
        views = {view.row.code: view for view in app.screen.query(IndicatorView)}
        assert len(views) == 7
        assert not any(view.query(ProgressBar) for view in views.values())
        mcs_lines = [str(line.render()) for line in views["mcs_nombre"].query(Static)]
        assert "Repère national : 700 MCS visés pour 2017 (Pacte territoire santé 2)" in mcs_lines
        assert not any("prorata" in line for line in mcs_lines)
        chart = app.screen.query_one(MonthlyBarChart)
        drawn = str(chart.render())
        assert "█" in drawn or "▁" in drawn
        assert "2025" in drawn  # January 2025 is labelled under its bar


def test_the_chart_draws_the_highest_month_full_and_labels_years() -> None:
    from screens.widgets.bar_chart import chart_lines

    data = [(date(2024, 12, 1), 0), (date(2025, 1, 1), 8), (date(2025, 2, 1), 1)]
    lines = chart_lines(data, width=20, height=3)
    # 3 cells a month (a bar of 2 and a gap), 2 rows of 8 steps: 8 fills both rows, 1 is 2/16.
    assert lines[0] == "8│   ██    "
    assert lines[1] == "0│   ██ ▂▂ "
    assert lines[2] == "     2025"  # under January; "12/24" has no room before it
    assert chart_lines(data, width=8, height=3)[0] == "8│  █   "  # 2 cells: bar and gap
    assert chart_lines(data, width=5, height=3)[0] == "8│ █ "  # narrow: 1 cell a month
    assert chart_lines([], width=20, height=3) == []


async def test_territories_search_shows_zonage_history_and_what_is_there(
    filled: Database, fixed_day: date
) -> None:
    from textual.widgets import Input, OptionList

    from ars_tui.app import make_app
    from screens.territories.screen import TerritoriesScreen

    app = make_app(filled, user="test")
    async with app.run_test(size=SCREEN_SIZE) as pilot:
        screen = await section_support.open_section(pilot, "8", TerritoriesScreen)
        screen.query_one(Input).value = "saint denis"
        await _settle(pilot)
        results = screen.query_one(OptionList)
        assert results.option_count > 1
        ids = [results.get_option_at_index(i).id for i in range(results.option_count)]
        # Départements first (Seine-Saint-Denis), then EPCI, then communes, biggest first.
        assert ids[0] == "departement:93"
        assert screen.details is not None and screen.details.territory.code == "93"
        results.highlighted = ids.index(f"commune:{SAINT_DENIS}")
        await _settle(pilot)
        details = screen.details
        assert details is not None and details.territory.code == SAINT_DENIS
        shown = _plain(screen.query_one("#territories-details").content)
        assert "Zonage :  ZIP  Zone d'intervention prioritaire" in shown
        assert "A-2025" in shown and "01/07/2025" in shown and "30/06/2025" in shown
        assert "ZIP (en vigueur)" in shown
        assert "Projets d'installation" in shown

        screen.query_one(Input).value = "zzzz introuvable"
        await _settle(pilot)
        assert "Aucun territoire ne correspond" in _plain(
            screen.query_one("#territories-details").content
        )


def _plain(renderable: object, width: int = 100) -> str:
    import os

    from rich.console import Console

    with open(os.devnull, "w") as sink:
        console = Console(width=width, record=True, file=sink)
        console.print(renderable)
    return console.export_text()


def test_territories_snapshot(filled: Database, fixed_day: date, snap_compare) -> None:  # type: ignore[no-untyped-def]
    """Territoires at 100 x 32 on the fixture: Saint-Paul found, its zonage and history."""
    from textual.widgets import Input

    from ars_tui.app import make_app

    async def search(pilot) -> None:  # type: ignore[no-untyped-def]
        await _settle(pilot)
        await pilot.press("8")
        await _settle(pilot)
        pilot.app.screen.query_one(Input).value = "saint-paul"
        await _settle(pilot)

    assert snap_compare(make_app(filled, user="test"), terminal_size=(100, 32), run_before=search)
