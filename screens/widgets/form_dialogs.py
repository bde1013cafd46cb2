"""The two questions a form asks so that nothing typed is lost.

- :class:`LeaveFormDialog`: leaving a form with unsaved changes (Échap, Annuler, Ctrl+Q) asks
  "Enregistrer / Abandonner les modifications / Continuer la saisie"; dismissed with ``"save"``,
  ``"discard"`` or ``"continue"`` (Échap = continue: the safe answer).
- :class:`DraftOfferDialog`: a form opening on a draft kept from an unsaved session asks
  "Reprendre la saisie du 05/12 à 10:42 ?"; dismissed with True (resume) or False (ignore).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime
from typing import ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static
from textual.widgets.button import ButtonVariant

from screens import text as tx

AnswerT = TypeVar("AnswerT")

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


class QuestionDialog(ModalScreen[AnswerT]):
    """A question in a panel and its buttons; a button dismisses the dialog with its answer.

    A subclass gives the title, the buttons and the one focused first (the safe answer), and
    says what each button answers (:meth:`answer`).
    """

    DIALOG_TITLE: ClassVar[str]
    #: (id, label, variant) of each button, in order.
    BUTTONS: ClassVar[Sequence[tuple[str, str, ButtonVariant]]]
    FOCUSED: ClassVar[str]

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-panel") as panel:
            panel.border_title = self.DIALOG_TITLE
            yield Static(self.question, id="dialog-question")
            with Horizontal(id="dialog-buttons"):
                for button_id, label, variant in self.BUTTONS:
                    yield Button(label, variant=variant, id=button_id)

    def on_mount(self) -> None:
        self.query_one(f"#{self.FOCUSED}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(self.answer(event.button.id or self.FOCUSED))

    def answer(self, button_id: str) -> AnswerT:
        """What the button ``button_id`` answers."""
        raise NotImplementedError

    def action_answer(self, answer: AnswerT) -> None:
        self.dismiss(answer)


class LeaveFormDialog(QuestionDialog[str]):
    """Unsaved changes: save, abandon them, or go on typing."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="LeaveFormDialog")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer('continue')", tx.FORM_LEAVE_CONTINUE, id="leave.continue"),
    ]

    DIALOG_TITLE = tx.FORM_LEAVE_TITLE
    BUTTONS = (
        ("save", tx.FORM_LEAVE_SAVE, "primary"),
        ("discard", tx.FORM_LEAVE_DISCARD, "error"),
        ("continue", tx.FORM_LEAVE_CONTINUE, "default"),
    )
    FOCUSED = "continue"

    def __init__(self) -> None:
        super().__init__(tx.FORM_LEAVE_QUESTION)

    def answer(self, button_id: str) -> str:
        return button_id


def draft_question(saved_at: datetime) -> str:
    """ "Reprendre la saisie du 05/12 à 10:42 ?" (the local time of the draft)."""
    local = saved_at.astimezone()
    return tx.FORM_DRAFT_QUESTION.format(day=f"{local:%d/%m}", time=f"{local:%H:%M}")


class DraftOfferDialog(QuestionDialog[bool]):
    """A draft of this form was kept: take it back, or ignore (and delete) it."""

    DEFAULT_CSS = _DIALOG_CSS.format(name="DraftOfferDialog")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "answer(True)", tx.FORM_DRAFT_RESUME, id="draft.resume"),
    ]

    DIALOG_TITLE = tx.FORM_DRAFT_TITLE
    BUTTONS = (
        ("resume", tx.FORM_DRAFT_RESUME, "primary"),
        ("ignore", tx.FORM_DRAFT_IGNORE, "default"),
    )
    FOCUSED = "resume"

    def __init__(self, saved_at: datetime) -> None:
        super().__init__(draft_question(saved_at))

    def answer(self, button_id: str) -> bool:
        return button_id == "resume"
