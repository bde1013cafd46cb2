"""The form's two questions (QuestionDialog): each button answers its own way, Échap gives the
safe answer (the button focused first) under the same key id and French description as ever."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from textual.app import App
from textual.binding import Binding
from textual.screen import ModalScreen
from textual.widgets import Button

from screens.widgets.form_dialogs import DraftOfferDialog, LeaveFormDialog


def _escape(dialog: type[ModalScreen]) -> tuple[str, str, str, str | None]:
    (binding,) = [b for b in dialog.BINDINGS if isinstance(b, Binding)]
    return (binding.key, binding.action, binding.description, binding.id)


def test_escape_keeps_its_id_and_description() -> None:
    assert _escape(LeaveFormDialog) == (
        "escape",
        "choose('continue')",
        "Continuer la saisie",
        "leave.continue",
    )
    assert _escape(DraftOfferDialog) == (
        "escape",
        "choose('resume')",
        "Reprendre la saisie",
        "draft.resume",
    )


def _leave() -> LeaveFormDialog:
    return LeaveFormDialog()


def _draft() -> DraftOfferDialog:
    return DraftOfferDialog(datetime(2026, 12, 5, 9, 42, tzinfo=UTC))


@pytest.mark.parametrize(
    ("make", "keys", "expected_focus", "answer"),
    [
        (_leave, ["escape"], "continue", "continue"),
        (_leave, ["shift+tab", "enter"], "continue", "discard"),
        (_leave, ["shift+tab", "shift+tab", "enter"], "continue", "save"),
        (_draft, ["escape"], "resume", True),
        (_draft, ["enter"], "resume", True),
        (_draft, ["tab", "enter"], "resume", False),
    ],
)
async def test_each_button_gives_its_answer(make, keys, expected_focus, answer) -> None:  # type: ignore[no-untyped-def]
    answers: list[object] = []
    app = App[None]()
    async with app.run_test() as pilot:
        app.push_screen(make(), answers.append)
        await pilot.pause()
        focused = app.focused
        assert isinstance(focused, Button) and focused.id == expected_focus
        for key in keys:
            await pilot.press(key)
        await pilot.pause()
    assert answers == [answer]
