"""Buttons, and Entrée in a field, that do what a key does: a table on the screen says which
action each one runs, instead of a handler each that stops the event and calls the action.

    class SetupScreen(ActionRoutes, ModalScreen[Identity]):
        BUTTON_ACTIONS = {"setup-save": "save"}
        SUBMIT_ACTION = "save"

An action is written as in a binding (``"choose_all('mine')"``) and runs ``action_<name>`` of
the screen, at once (as the handler it replaces did).
"""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.actions import parse
from textual.message import Message
from textual.message_pump import MessagePump
from textual.widgets import Button, Input


class ActionRoutes(MessagePump):
    """Mixed in before a screen's class: routes its buttons and Entrée to its actions."""

    #: Button id -> the action it runs.
    BUTTON_ACTIONS: ClassVar[dict[str, str]] = {}
    #: The action Entrée runs in any of the screen's inputs (None: Entrée is left alone).
    SUBMIT_ACTION: ClassVar[str | None] = None

    @on(Button.Pressed)
    def _route_button(self, event: Button.Pressed) -> None:
        self._run_route(event, self.BUTTON_ACTIONS.get(event.button.id or ""))

    @on(Input.Submitted)
    def _route_submit(self, event: Input.Submitted) -> None:
        self._run_route(event, self.SUBMIT_ACTION)

    def _run_route(self, event: Message, action: str | None) -> None:
        if action is not None:
            event.stop()
            _, name, arguments = parse(action)
            getattr(self, f"action_{name}")(*arguments)
