"""The two questions a form asks so that nothing typed is lost.

- :class:`LeaveFormDialog`: leaving a form with unsaved changes (Échap, Annuler, Ctrl+Q) asks
  "Enregistrer / Abandonner les modifications / Continuer la saisie"; dismissed with ``"save"``,
  ``"discard"`` or ``"continue"`` (Échap = continue: the safe answer).
- :class:`DraftOfferDialog`: a form opening on a draft kept from an unsaved session asks
  "Reprendre la saisie du 05/12 à 10:42 ?"; dismissed with True (resume) or False (ignore).
"""

from __future__ import annotations

from datetime import datetime
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from screens import text as tx

_DIALOG_CSS = """
{name} {{
    align: center middle;
}}
{name} #dialog-panel {{
    width: 76;
    max-width: 100%;
    height: auto;
    border: round $warning;
    border-title-color: $warning;
    background: $surface;
    padding: 0 1;
}}
{name} #dialog-question {{
    padding: 1 0;
}}
{name} #dialog-buttons {{
    height: auto;
}}
{name} #dialog-buttons Button {{
    margin: 0 1 0 0;
}}
"""


class LeaveFormDialog(ModalScreen[str]):
    """Unsaved changes: save, abandon them, or go on typing."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="LeaveFormDialog")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer('continue')", tx.FORM_LEAVE_CONTINUE, id="leave.continue"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-panel") as panel:
            panel.border_title = tx.FORM_LEAVE_TITLE
            yield Static(tx.FORM_LEAVE_QUESTION, id="dialog-question")
            with Horizontal(id="dialog-buttons"):
                yield Button(tx.FORM_LEAVE_SAVE, variant="primary", id="save")
                yield Button(tx.FORM_LEAVE_DISCARD, variant="error", id="discard")
                yield Button(tx.FORM_LEAVE_CONTINUE, id="continue")

    def on_mount(self) -> None:
        self.query_one("#continue", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id or "continue")

    def action_answer(self, answer: str) -> None:
        self.dismiss(answer)


def draft_question(saved_at: datetime) -> str:
    """ "Reprendre la saisie du 05/12 à 10:42 ?" (the local time of the draft)."""
    local = saved_at.astimezone()
    return tx.FORM_DRAFT_QUESTION.format(day=f"{local:%d/%m}", time=f"{local:%H:%M}")


class DraftOfferDialog(ModalScreen[bool]):
    """A draft of this form was kept: take it back, or ignore (and delete) it."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="DraftOfferDialog")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(True)", tx.FORM_DRAFT_RESUME, id="draft.resume"),
    ]

    def __init__(self, saved_at: datetime) -> None:
        super().__init__()
        self.question = draft_question(saved_at)

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-panel") as panel:
            panel.border_title = tx.FORM_DRAFT_TITLE
            yield Static(self.question, id="dialog-question")
            with Horizontal(id="dialog-buttons"):
                yield Button(tx.FORM_DRAFT_RESUME, variant="primary", id="resume")
                yield Button(tx.FORM_DRAFT_IGNORE, id="ignore")

    def on_mount(self) -> None:
        self.query_one("#resume", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "resume")

    def action_answer(self, resume: bool) -> None:
        self.dismiss(resume)
