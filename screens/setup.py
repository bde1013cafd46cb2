"""First run: who uses this device (the author of every edit) and, if not known yet, its ARS.

Shown over the dashboard when no name is configured (``ars-tui config set nom``) or the device
does not know its ARS yet (no sync token has told it, no demo data). The screen only checks
what was typed; the app writes the name to the configuration file and the ARS to the database.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.css.query import NoMatches
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from screens import text as tx
from screens.widgets.routes import ActionRoutes
from storage import vocabulary as voc

if TYPE_CHECKING:
    from sqlalchemy import Engine


@dataclass(frozen=True)
class Identity:
    """What the set-up recorded."""

    name: str
    email: str | None
    ars_code: str


class SetupScreen(ActionRoutes, ModalScreen[Identity]):
    """The first-run questions; it cannot be left without an answer (the app needs a name)."""

    DEFAULT_CSS = """
    SetupScreen {
        align: center middle;
    }
    SetupScreen > Vertical {
        width: 76;
        max-width: 100%;
        height: auto;
        border: thick $accent;
        padding: 1 2;
        background: $surface;
    }
    SetupScreen Label {
        margin-top: 1;
    }
    SetupScreen #setup-ars {
        height: 8;
    }
    SetupScreen #setup-error {
        color: $error;
        height: auto;
    }
    SetupScreen #setup-buttons {
        height: auto;
        margin-top: 1;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", tx.SETUP_SAVE, id="setup.save"),
    ]
    BUTTON_ACTIONS: ClassVar[dict[str, str]] = {"setup-save": "save"}
    SUBMIT_ACTION = "save"

    def __init__(self, engine: Engine, name: str | None, ars_code: str | None) -> None:
        super().__init__()
        self._engine = engine
        self._name = name or ""
        self._ars_code = ars_code

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static(tx.SETUP_TITLE, classes="setup-title")
            yield Static(tx.SETUP_INTRO)
            yield Label(tx.SETUP_NAME)
            yield Input(self._name, placeholder=tx.SETUP_NAME_PLACEHOLDER, id="setup-name")
            yield Label(tx.SETUP_EMAIL)
            yield Input(placeholder=tx.SETUP_EMAIL_PLACEHOLDER, id="setup-email")
            yield Label(tx.SETUP_ARS)
            # A list, not a Select: nothing pops over, and it survives an app closing at once.
            yield OptionList(
                *(Option(label, id=code) for label, code in self._ars_options()), id="setup-ars"
            )
            yield Static("", id="setup-error")
            with Horizontal(id="setup-buttons"):
                yield Button(tx.SETUP_SAVE, id="setup-save", variant="primary")

    def on_mount(self) -> None:
        try:
            choices = self.query_one("#setup-ars", OptionList)
        except NoMatches:  # the app quit while this screen was mounting: nothing to set up
            return
        choices.highlighted = None
        if self._ars_code:
            with contextlib.suppress(Exception):  # an ARS the reference data lacks: none chosen
                choices.highlighted = choices.get_option_index(self._ars_code)
        self.query_one("#setup-name", Input).focus()

    def choose_ars(self, code: str) -> None:
        """Highlight ``code`` in the list (what a click or the arrows do)."""
        choices = self.query_one("#setup-ars", OptionList)
        choices.highlighted = choices.get_option_index(code)

    def _ars_options(self) -> list[tuple[str, str]]:
        """(label, code) of every ARS: 19 rows of the reference data, read at once."""
        from storage.db import read_connection
        from storage.queries.territories import ars_options

        with read_connection(self._engine) as connection:
            return [(f"{name} ({code})", code) for code, name in ars_options(connection)]

    def action_save(self) -> None:
        from storage.records.validation import is_valid_email

        name = " ".join(self.query_one("#setup-name", Input).value.split())
        email = self.query_one("#setup-email", Input).value.strip() or None
        choices = self.query_one("#setup-ars", OptionList)
        index = choices.highlighted
        ars = choices.get_option_at_index(index).id if index is not None else None
        problems = []
        if not name:
            problems.append(tx.SETUP_NAME_REQUIRED)
        elif len(name) > tx.SETUP_NAME_MAX:
            problems.append(tx.SETUP_NAME_TOO_LONG.format(max_length=tx.SETUP_NAME_MAX))
        if email is not None and not is_valid_email(email):
            problems.append(voc.CONFIG_BAD_EMAIL)
        if not isinstance(ars, str):
            problems.append(tx.SETUP_ARS_REQUIRED)
        if problems:
            self.query_one("#setup-error", Static).update("\n".join(problems))
            return
        assert isinstance(ars, str)
        self.dismiss(Identity(name=name, email=email, ars_code=ars))
