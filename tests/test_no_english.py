"""No English on screen (issue 11): F1 listed "Press button", "Scroll Up", "Submit"…; the
palette said "No matches found"."""

from __future__ import annotations

from textual.dom import DOMNode
from textual.widgets import Button, DataTable, Input

from ars_tui.app import ArsTuiApp
from screens import text as tx
from screens.help import HelpScreen, french
from screens.professionals.form import ProfessionalForm
from storage.db import Database
from tests.tui_core_support import settle, wait_until

pytest_plugins = ("tests.tui_core_fixtures",)

SIZE = (100, 32)


def _subclasses(cls: type) -> set[type]:
    found = set()
    for sub in cls.__subclasses__():
        found |= {sub} | _subclasses(sub)
    return found


def test_every_key_textual_describes_has_a_french_description() -> None:
    import textual.widgets as widgets

    for name in widgets.__all__:  # the lazily loaded widgets too
        getattr(widgets, name)
    untranslated = {
        (cls.__name__, item.description)
        for cls in _subclasses(DOMNode) | {DOMNode}
        if cls.__module__.startswith("textual")
        if cls._merged_bindings is not None
        for bindings in cls._merged_bindings.key_to_bindings.values()
        for item in bindings
        if item.description and french(item.description) == item.description
    }
    assert untranslated == set()
    assert french("Press button") == "Appuyer sur le bouton"


def _help_rows(screen: HelpScreen) -> list[tuple[str, ...]]:
    table = screen.query_one(DataTable)
    return [tuple(str(cell) for cell in table.get_row_at(i)) for i in range(table.row_count)]


async def test_f1_on_a_form_speaks_french(demo_database: Database, app: ArsTuiApp) -> None:
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p")
        await settle(pilot)
        await pilot.press(*"zzzqqq")  # no command matches
        await pilot.pause(1.2)
        palette = app.screen
        texts = " ".join(
            str(option.prompt) for option in palette.query("CommandList").first()._options
        )
        assert tx.PALETTE_NO_MATCHES in texts and "No matches" not in texts
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("3")
        await settle(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ProfessionalForm))
        await settle(pilot)
        for widget_type in (Input, Button):
            app.screen.query(widget_type).first().focus()
            await pilot.pause()
            await pilot.press("f1")
            await wait_until(pilot, lambda: isinstance(app.screen, HelpScreen))
            descriptions = {row[1] for row in _help_rows(app.screen)}
            assert not descriptions & set(tx.TEXTUAL_BINDINGS), widget_type
            await pilot.press("escape")
            await pilot.pause()
