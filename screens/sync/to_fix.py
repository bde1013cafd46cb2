"""À corriger: edits the server refused (a value it does not accept, a record out of scope),
and records pulled from the server that this device could not store (set aside, "à examiner").

Above, the refused edits with the server's reason. Below, the fields of the selected one with
the values sent. The user can correct a value (pick the field, type the new value in the box,
Entrée) and *Renvoyer* (``r``) the edit, or *Abandonner* (``d``) it: the record then shows the
server's state. Nothing else ever removes a refused edit. Later edits of the same record wait
behind it (they are not sent) until one or the other is done. For a record set aside, *Renvoyer*
stores the server's state with the corrections and sends them as an edit; *Abandonner* leaves
the record as the device had it.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button, Input

from screens import text as tx
from screens.sync.conflicts import display_value
from screens.sync.problems import ProblemsScreen, problems_css
from screens.workers import work
from storage import vocabulary as voc

if TYPE_CHECKING:
    from screens.context import ScreenContext
    from storage.sync.conflicts import ProblemOp


class ToFixScreen(ProblemsScreen):
    """Correct and resend, or discard, the edits the server refused."""

    DEFAULT_CSS = (
        problems_css("ToFixScreen", "fix", fields_height="1fr")
        + """
    ToFixScreen #fix-value {
        margin: 0 2;
    }
    """
    )

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "resend", tx.SYNC_BINDING_RESEND, id="to_fix.resend"),
        Binding("d", "discard", tx.SYNC_BINDING_DISCARD, id="to_fix.discard"),
        Binding("escape", "close", tx.SYNC_BINDING_BACK, id="to_fix.back"),
    ]

    PREFIX = "fix"
    SUB_TITLE = tx.SYNC_TO_FIX_TITLE
    EMPTY = tx.SYNC_TO_FIX_EMPTY
    HELP = tx.SYNC_TO_FIX_HELP
    LIST_MIDDLE_COLUMN = (tx.SYNC_COLUMN_KIND, "kind")
    FIELD_COLUMNS = ((tx.SYNC_COLUMN_FIELD, "field"), (tx.SYNC_COLUMN_SENT, "value"))
    BUTTON_ACTIONS: ClassVar[dict[str, str]] = {"fix-resend": "resend", "fix-discard": "discard"}

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        #: Corrections typed for the selected op: field -> text.
        self.edits: dict[str, str] = {}

    def compose_controls(self) -> ComposeResult:
        yield Input(placeholder=tx.SYNC_TO_FIX_PLACEHOLDER, id="fix-value")
        with Horizontal(id="fix-buttons"):
            yield Button(tx.SYNC_BINDING_RESEND, id="fix-resend", variant="primary")
            yield Button(tx.SYNC_BINDING_DISCARD, id="fix-discard", variant="error")

    @work(thread=True, exclusive=True, group="to-fix-load", retry=True)
    def load(self) -> None:
        from storage.sync.conflicts import problem_ops
        from storage.sync.quarantine import quarantined_problems
        from storage.sync.state import REJECTED

        engine = self.context.engine
        problems = problem_ops(engine, REJECTED) + quarantined_problems(engine)
        self.post_message(self.Loaded(problems))

    def list_middle_cell(self, problem: ProblemOp) -> object:
        return tx.SYNC_KIND_LABELS.get(problem.kind, problem.kind)

    def select(self, problem: ProblemOp | None) -> None:
        if problem is None or self.selected is None or problem.op_id != self.selected.op_id:
            self.edits = {}
        super().select(problem)

    def _values(self) -> dict[str, Any]:
        assert self.selected is not None
        return {**self.selected.fields, **self.edits}

    def field_rows(self, problem: ProblemOp) -> Iterable[tuple[str, Sequence[object]]]:
        for field, value in self._values().items():
            shown = value if field in self.edits else display_value(problem.entity, field, value)
            yield field, (voc.field_label(field), shown)

    @on(Input.Submitted, "#fix-value")
    def _value_typed(self, event: Input.Submitted) -> None:
        """The typed text replaces the value of the field under the cursor."""
        event.stop()
        table = self.fields
        if self.selected is None or not table.row_count:
            return
        field = list(self._values())[table.cursor_row]
        self.edits[field] = event.value
        event.input.value = ""
        self.show_fields()

    def action_resend(self) -> None:
        if self.selected is not None:
            self._run("resend", self.selected, dict(self.edits))

    def action_discard(self) -> None:
        if self.selected is not None:
            self._run("discard", self.selected, {})

    @work(thread=True, exclusive=True, group="to-fix-write")
    def _run(self, what: str, problem: ProblemOp, edits: dict[str, str]) -> None:
        from storage.sync import conflicts as sync_conflicts
        from storage.sync import quarantine as sync_quarantine

        engine = self.context.engine
        set_aside = problem.state == sync_quarantine.QUARANTINED

        def write() -> str:
            if what == "resend" and set_aside:
                sync_quarantine.resend_quarantined(
                    self.context.store(), problem.entity, problem.entity_id, edits
                )
                notice = tx.SYNC_TO_FIX_RESENT
            elif what == "resend":
                sync_conflicts.resend_rejected(engine, problem.op_id, edits)
                notice = tx.SYNC_TO_FIX_RESENT
            elif set_aside:
                sync_quarantine.discard_quarantined(engine, problem.entity, problem.entity_id)
                notice = tx.SYNC_TO_FIX_SET_ASIDE
            else:
                sync_conflicts.discard_rejected(engine, problem.op_id)
                notice = tx.SYNC_TO_FIX_DISCARDED
            return notice

        self.report_write(write)

    def written(self) -> None:
        self.edits = {}
