"""Change a record's status: only the moves its workflow allows are offered.

The workflow (``storage/workflows.toml``, :mod:`storage.workflows`) says, for each status, where
a record may go next and which fields a status needs (an installation is "Installé(e)" only with
its installation date). This modal lists exactly those moves; choosing one asks the store
(:meth:`storage.store.Store.transition`, in a thread worker), which checks again and writes the
row, its change-log op and its history at once. When a needed field is missing, the store's
French refusal is shown in the modal and nothing is written; the user fills the field (Modifier)
and comes back.

    def action_status(self):  # in a record screen
        self.app.push_screen(
            StatusActions(self.context, "installation_project", record_id, record),
            self._status_changed,  # called with the new status, or None when closed
        )
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from screens.workers import work
from storage import fr

if TYPE_CHECKING:
    from screens.context import ScreenContext
    from storage.workflows import Workflow


def legal_targets(entity: str, record: Mapping[str, Any]) -> list[tuple[str, str, list[str]]]:
    """(status, French label, fields it needs that the record lacks), in the workflow's order."""
    from storage.workflows import workflow_for

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


class StatusActions(ModalScreen[str | None]):
    """The legal next statuses of one record; dismissed with the new status (or None)."""

    DEFAULT_CSS = """
    StatusActions {
        align: center middle;
    }
    StatusActions #status-panel {
        width: 72;
        max-width: 100%;
        height: auto;
        max-height: 90%;
        border: round $accent;
        border-title-color: $accent;
        background: $surface;
        padding: 0 1;
    }
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
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss_none", fr.BINDING_CLOSE, id="status.close"),
    ]

    class _Done(Message):
        def __init__(self, target: str) -> None:
            super().__init__()
            self.target = target

    class _Refused(Message):
        def __init__(self, message: str) -> None:
            super().__init__()
            self.message = message

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

    def compose(self) -> ComposeResult:
        from storage.workflows import workflow_for

        current = workflow_for(self.entity, self.record).label_of(self.record["status"])
        with Vertical(id="status-panel") as panel:
            panel.border_title = fr.STATUS_TITLE.format(current=current)
            if self.moves:
                yield OptionList(
                    *(
                        Option(self._option_text(label, missing), id=target)
                        for target, label, missing in self.moves
                    ),
                    id="status-options",
                )
            else:
                yield Static(fr.STATUS_NONE_LEFT.format(current=current), id="status-none")
            yield Static(id="status-refusal")

    def on_mount(self) -> None:
        if self.moves:
            self.query_one(OptionList).focus()

    @staticmethod
    def _option_text(label: str, missing: list[str]) -> Text:
        text = Text(label)
        if missing:
            needs = ", ".join(fr.field_label(field) for field in missing)
            text.append(f"  ({fr.STATUS_NEEDS.format(fields=needs)})", style="italic dim")
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
        """Ask the store to move the record to ``target`` (a worker; the answer comes back)."""
        self._transition(target)

    @work(thread=True, exclusive=True, group="status-transition")
    def _transition(self, target: str) -> None:
        from storage.validation import ValidationError

        try:
            self.context.store().transition(self.entity, self.record_id, target)
        except ValidationError as error:
            self.post_message(self._Refused(str(error)))
        except Exception as error:  # reported, never fatal; no values in it
            self.post_message(
                self._Refused(fr.FORM_SAVE_FAILED.format(reason=type(error).__name__))
            )
        else:
            self.post_message(self._Done(target))

    @on(_Refused)
    def _refused(self, message: _Refused) -> None:
        box = self.query_one("#status-refusal", Static)
        box.update(Text(message.message))
        box.add_class("-shown")

    @on(_Done)
    def _done(self, message: _Done) -> None:
        from screens.widgets.record_form import record_saved_message
        from storage.workflows import workflow_for

        label = workflow_for(self.entity, self.record).label_of(message.target)
        self.app.post_message(record_saved_message(self.entity, self.record_id))
        self.app.notify(fr.STATUS_CHANGED.format(status=label))
        self.dismiss(message.target)

    def action_dismiss_none(self) -> None:
        self.dismiss(None)
