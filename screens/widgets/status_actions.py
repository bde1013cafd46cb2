"""Change a record's status: only the moves its workflow allows are offered.

The workflow (``storage/records/workflows.toml``, :mod:`storage.records.workflows`) says, for each
status, where a record may go next and which fields a status needs (an installation is "Installé(e)"
only with its installation date). This modal lists exactly those moves; choosing one asks the store
(:meth:`storage.records.store.Store.transition`, in a thread worker), which checks again and writes
the row, its change-log op and its history at once. When the chosen status needs fields the record
lacks ("Date d'installation effective" for Installé(e)), the modal asks for them below the list
and "Valider" (or Entrée) makes the move with them, in one op; a refusal (a date that does not
parse, one in the future) is shown in the modal and nothing is written.

    def action_status(self):  # in a record screen
        self.app.push_screen(
            StatusActions(self.context, "installation_project", record_id, record),
            self._status_changed,  # called with the new status, or None when closed
        )
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from screens import text as tx
from screens.widgets.panel import panel_css
from screens.widgets.routes import ActionRoutes
from screens.workers import work
from storage import vocabulary as voc

if TYPE_CHECKING:
    from screens.context import ScreenContext
    from storage.records.workflows import Workflow


def legal_targets(entity: str, record: Mapping[str, Any]) -> list[tuple[str, str, list[str]]]:
    """(status, French label, fields it needs that the record lacks), in the workflow's order."""
    from storage.records.workflows import workflow_for

    workflow: Workflow = workflow_for(entity, record)
    moves = []
    for target in workflow.targets(record["status"]):
        missing = [
            field
            for field in workflow.states[target].requires
            if record.get(field) in (None, "", 0)
        ]
        moves.append((target, workflow.label_of(target), missing))
    return moves


def _field_input(kind: str, value: str, widget_id: str) -> Input:
    """The input of a field a status needs (a date JJ/MM/AAAA, a number, or text)."""
    from screens.widgets.french_inputs import DateInput, NumberInput

    if kind == "date":
        return DateInput(value, id=widget_id)
    if kind in ("number", "money"):
        return NumberInput(value, id=widget_id)
    return Input(value, id=widget_id)


class StatusActions(ActionRoutes, ModalScreen[str | None]):
    """The legal next statuses of one record; dismissed with the new status (or None)."""

    DEFAULT_CSS = (
        panel_css("StatusActions", "status-panel", width=72, padding="0 1")
        + """
    StatusActions OptionList {
        height: auto;
        max-height: 14;
    }
    StatusActions #status-refusal {
        display: none;
        color: $error;
        padding: 1 0 0 0;
    }
    StatusActions #status-refusal.-shown {
        display: block;
    }
    StatusActions #status-fields {
        height: auto;
        display: none;
    }
    StatusActions #status-fields.-shown {
        display: block;
    }
    StatusActions #status-fields Horizontal {
        height: auto;
    }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", tx.BINDING_CLOSE, id="status.close"),
    ]
    #: "Confirmer", or Entrée in a field the move needs, makes the move.
    BUTTON_ACTIONS: ClassVar[dict[str, str]] = {"status-confirm": "confirm"}
    SUBMIT_ACTION = "confirm"

    @dataclass
    class _Done(Message):
        target: str

    @dataclass
    class _Refused(Message):
        message: str

    def __init__(
        self,
        context: ScreenContext,
        entity: str,
        record_id: str,
        record: Mapping[str, Any],
    ) -> None:
        super().__init__()
        self.context = context
        self.entity = entity
        self.record_id = record_id
        self.record = dict(record)
        self.moves = legal_targets(entity, record)
        #: The status whose needed fields are being asked for (None: none asked).
        self.pending: str | None = None

    def compose(self) -> ComposeResult:
        from storage.records.workflows import workflow_for

        current = workflow_for(self.entity, self.record).label_of(self.record["status"])
        with Vertical(id="status-panel") as panel:
            panel.border_title = tx.STATUS_TITLE.format(current=current)
            if self.moves:
                yield OptionList(
                    *(
                        Option(self._option_text(label, missing), id=target)
                        for target, label, missing in self.moves
                    ),
                    id="status-options",
                )
            else:
                yield Static(tx.STATUS_NONE_LEFT.format(current=current), id="status-none")
            yield Vertical(id="status-fields")
            yield Static(id="status-refusal")

    def on_mount(self) -> None:
        if self.moves:
            self.query_one(OptionList).focus()

    @staticmethod
    def _option_text(label: str, missing: list[str]) -> Text:
        text = Text(label)
        if missing:
            needs = ", ".join(voc.field_label(field) for field in missing)
            text.append(f"  ({tx.STATUS_NEEDS.format(fields=needs)})", style="italic dim")
        return text

    @property
    def offered(self) -> list[str]:
        """The statuses offered (tests read it)."""
        return [target for target, _, _ in self.moves]

    @property
    def refusal(self) -> str:
        box = self.query_one("#status-refusal", Static)
        return str(box.render()) if box.has_class("-shown") else ""

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.choose(event.option.id)

    def choose(self, target: str) -> None:
        """Move the record to ``target``; when it needs fields the record lacks, ask for them
        first (below the list), and move once they are given (:meth:`confirm`)."""
        missing = next((m for t, _, m in self.moves if t == target), [])
        if missing:
            self.call_later(self._ask_fields, target, missing)
        else:
            self._transition(target, {})

    async def _ask_fields(self, target: str, missing: list[str]) -> None:
        from screens.widgets.record_form import FormField, field_kind, initial_text

        self.pending = target
        box = self.query_one("#status-fields", Vertical)
        await box.remove_children()
        label = next(label for t, label, _ in self.moves if t == target)
        widgets: list[Any] = [Label(tx.STATUS_FIELDS_FOR.format(status=label))]
        for name in missing:
            kind = field_kind(self.entity, FormField(name))
            value = initial_text(kind, self.record.get(name))
            widgets.append(Label(f"{voc.field_label(name)} *"))
            widgets.append(_field_input(kind, value, f"status-field-{name}"))
        widgets.append(
            Horizontal(Button(tx.STATUS_CONFIRM, variant="primary", id="status-confirm"))
        )
        await box.mount_all(widgets)
        box.add_class("-shown")
        self._show_refusal(None)
        box.query(Input).first().focus()

    def action_confirm(self) -> None:
        """Make the move asked for, with the fields typed below the list."""
        if self.pending is None:
            return
        typed = {
            widget.id.removeprefix("status-field-"): widget.value.strip() or None
            for widget in self.query("#status-fields Input").results(Input)
            if widget.id is not None
        }
        self._transition(self.pending, typed)

    @work(thread=True, exclusive=True, group="status-transition")
    def _transition(self, target: str, changes: dict[str, Any]) -> None:
        from storage.records.validation import ValidationError

        try:
            self.context.store().transition(self.entity, self.record_id, target, changes)
        except ValidationError as error:
            self.post_message(self._Refused(str(error)))
        except Exception as error:  # reported, never fatal; no values in it
            self.post_message(
                self._Refused(tx.FORM_SAVE_FAILED.format(reason=type(error).__name__))
            )
        else:
            self.post_message(self._Done(target))

    @on(_Refused)
    def _refused(self, message: _Refused) -> None:
        self._show_refusal(message.message)

    def _show_refusal(self, message: str | None) -> None:
        box = self.query_one("#status-refusal", Static)
        box.update(Text(message or ""))
        box.set_class(bool(message), "-shown")

    @on(_Done)
    def _done(self, message: _Done) -> None:
        from screens.widgets.record_form import record_saved_message
        from storage.records.workflows import workflow_for

        label = workflow_for(self.entity, self.record).label_of(message.target)
        self.app.post_message(record_saved_message(self.entity, self.record_id))
        self.app.notify(tx.STATUS_CHANGED.format(status=label))
        self.dismiss(message.target)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
