"""ActionRoutes: a button, or Entrée in a field, runs the action its screen's table names; the
others go on to whoever handles them; and every table of the app names actions that exist."""

from __future__ import annotations

from typing import ClassVar

import pytest
from textual.app import App, ComposeResult
from textual.screen import Screen
from textual.widgets import Button, Input

from screens.setup import SetupScreen
from screens.sync.conflicts import ConflictsScreen
from screens.sync.screen import SyncScreen
from screens.sync.to_fix import ToFixScreen
from screens.widgets.record_form import RecordForm
from screens.widgets.routes import ActionRoutes
from screens.widgets.status_actions import StatusActions


class Routed(ActionRoutes, Screen[None]):
    BUTTON_ACTIONS: ClassVar[dict[str, str]] = {"save": "save", "pick": "pick('b', 2)"}
    SUBMIT_ACTION = "save"

    def __init__(self) -> None:
        super().__init__()
        self.done: list[object] = []

    def compose(self) -> ComposeResult:
        yield Button("Enregistrer", id="save")
        yield Button("Choisir", id="pick")
        yield Button("Autre", id="other")
        yield Input(id="field")

    def action_save(self) -> None:
        self.done.append("save")

    def action_pick(self, name: str, count: int) -> None:
        self.done.append((name, count))


class Host(App[None]):
    def __init__(self) -> None:
        super().__init__()
        self.unrouted: list[str] = []

    def on_mount(self) -> None:
        self.push_screen(Routed())

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.unrouted.append(event.button.id or "")


async def test_buttons_and_entree_run_the_actions_of_the_table() -> None:
    app = Host()
    async with app.run_test() as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, Routed)
        await pilot.click("#save")
        await pilot.click("#pick")
        await pilot.click("#other")
        screen.query_one("#field", Input).focus()
        await pilot.press("enter")
        await pilot.pause()
        assert screen.done == ["save", ("b", 2), "save"]
        # A button the table does not name is not stopped: it reaches the app.
        assert app.unrouted == ["other"]


@pytest.mark.parametrize(
    "screen", [SetupScreen, SyncScreen, ConflictsScreen, ToFixScreen, RecordForm, StatusActions]
)
def test_every_route_names_an_action_of_its_screen(screen: type[ActionRoutes]) -> None:
    from textual.actions import parse

    actions = [*screen.BUTTON_ACTIONS.values(), screen.SUBMIT_ACTION]
    assert screen.BUTTON_ACTIONS
    for action in filter(None, actions):
        assert callable(getattr(screen, f"action_{parse(action)[1]}", None)), action
