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
from typing import Any, ClassVar, TypeVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
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

    A subclass gives the title and the buttons, and which one is the safe answer: focused at
    first, and given by Échap (its binding's id ``<KEY_PREFIX>.<button id>``).
    """

    DIALOG_TITLE: ClassVar[str]
    #: (id, label, variant, answer) of each button, in order.
    BUTTONS: ClassVar[Sequence[tuple[str, str, ButtonVariant, object]]]
    SAFE: ClassVar[str]
    KEY_PREFIX: ClassVar[str]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if "BUTTONS" in cls.__dict__:  # before Textual merges the bindings, below
            cls.DEFAULT_CSS = _DIALOG_CSS.format(name=cls.__name__)
            label = next(label for key, label, *_ in cls.BUTTONS if key == cls.SAFE)
            binding = Binding(
                "escape", f"choose('{cls.SAFE}')", label, id=f"{cls.KEY_PREFIX}.{cls.SAFE}"
            )
            cls.BINDINGS = [binding]
        super().__init_subclass__(**kwargs)

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="dialog-panel") as panel:
            panel.border_title = self.DIALOG_TITLE
            yield Static(self.question, id="dialog-question")
            with Horizontal(id="dialog-buttons"):
                for button_id, label, variant, _ in self.BUTTONS:
                    yield Button(label, variant=variant, id=button_id)

    def on_mount(self) -> None:
        self.query_one(f"#{self.SAFE}", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_choose(event.button.id or self.SAFE)

    def action_choose(self, button_id: str) -> None:
        """Dismiss the dialog with the answer of button ``button_id``."""
        answer = next(answer for key, *_, answer in self.BUTTONS if key == button_id)
        self.dismiss(answer)  # type: ignore[arg-type]


class LeaveFormDialog(QuestionDialog[str]):
    """Unsaved changes: save, abandon them, or go on typing."""

    DIALOG_TITLE = tx.FORM_LEAVE_TITLE
    BUTTONS = (
        ("save", tx.FORM_LEAVE_SAVE, "primary", "save"),
        ("discard", tx.FORM_LEAVE_DISCARD, "error", "discard"),
        ("continue", tx.FORM_LEAVE_CONTINUE, "default", "continue"),
    )
    SAFE, KEY_PREFIX = "continue", "leave"

    def __init__(self) -> None:
        super().__init__(tx.FORM_LEAVE_QUESTION)


def draft_question(saved_at: datetime) -> str:
    """ "Reprendre la saisie du 05/12 à 10:42 ?" (the local time of the draft)."""
    local = saved_at.astimezone()
    return tx.FORM_DRAFT_QUESTION.format(day=f"{local:%d/%m}", time=f"{local:%H:%M}")


class DraftOfferDialog(QuestionDialog[bool]):
    """A draft of this form was kept: take it back, or ignore (and delete) it."""

    DIALOG_TITLE = tx.FORM_DRAFT_TITLE
    BUTTONS = (
        ("resume", tx.FORM_DRAFT_RESUME, "primary", True),
        ("ignore", tx.FORM_DRAFT_IGNORE, "default", False),
    )
    SAFE, KEY_PREFIX = "resume", "draft"

    def __init__(self, saved_at: datetime) -> None:
        super().__init__(draft_question(saved_at))
