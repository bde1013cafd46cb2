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

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Button, DataTable, Header, Input, Static

from screens.base import BaseScreen
from screens.sync.conflicts import display_value, record_label
from screens.widgets.footer import AppFooter
from screens.widgets.status_bar import StatusBar
from screens.workers import work
from storage import fr

if TYPE_CHECKING:
    from screens.context import ScreenContext
    from storage.sync_state import ProblemOp


class ToFixScreen(BaseScreen):
    """Correct and resend, or discard, the edits the server refused."""

    DEFAULT_CSS = """
    ToFixScreen #fix-list {
        height: 1fr;
        margin: 1 2 0 2;
    }
    ToFixScreen #fix-fields {
        height: 1fr;
        margin: 1 2 0 2;
    }
    ToFixScreen #fix-empty, ToFixScreen #fix-help {
        padding: 0 2;
        color: $text-muted;
    }
    ToFixScreen #fix-value {
        margin: 0 2;
    }
    ToFixScreen #fix-buttons {
        height: auto;
        padding: 0 2;
    }
    ToFixScreen #fix-buttons Button {
        margin-right: 2;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "resend", fr.SYNC_BINDING_RESEND, id="to_fix.resend"),
        Binding("d", "discard", fr.SYNC_BINDING_DISCARD, id="to_fix.discard"),
        Binding("escape", "close", fr.SYNC_BINDING_BACK, id="to_fix.back"),
    ]

    class Loaded(Message):
        def __init__(self, problems: list[ProblemOp]) -> None:
            super().__init__()
            self.problems = problems

    class Done(Message):
        def __init__(self, error: str | None, notice: str) -> None:
            super().__init__()
            self.error = error
            self.notice = notice

    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.context = context
        self.problems: list[ProblemOp] = []
        self.selected: ProblemOp | None = None
        #: Corrections typed for the selected op: field -> text.
        self.edits: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(fr.SYNC_TO_FIX_EMPTY, id="fix-empty")
        yield DataTable(id="fix-list", cursor_type="row", zebra_stripes=True)
        yield DataTable(id="fix-fields", cursor_type="row", zebra_stripes=True)
        yield Static(fr.SYNC_TO_FIX_HELP, id="fix-help")
        yield Input(placeholder=fr.SYNC_TO_FIX_PLACEHOLDER, id="fix-value")
        with Horizontal(id="fix-buttons"):
            yield Button(fr.SYNC_BINDING_RESEND, id="fix-resend", variant="primary")
            yield Button(fr.SYNC_BINDING_DISCARD, id="fix-discard", variant="error")
        yield StatusBar()
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = fr.SYNC_TO_FIX_TITLE
        ops = self.query_one("#fix-list", DataTable)
        ops.add_column(fr.SYNC_COLUMN_RECORD, key="record")
        ops.add_column(fr.SYNC_COLUMN_KIND, key="kind")
        ops.add_column(fr.SYNC_COLUMN_REASON, key="reason")
        fields = self.query_one("#fix-fields", DataTable)
        fields.add_column(fr.SYNC_COLUMN_FIELD, key="field")
        fields.add_column(fr.SYNC_COLUMN_SENT, key="value")
        self.load()

    @work(thread=True, exclusive=True, group="to-fix-load", retry=True)
    def load(self) -> None:
        from storage.sync_state import REJECTED, problem_ops, quarantined_problems

        engine = self.context.engine
        problems = problem_ops(engine, REJECTED) + quarantined_problems(engine)
        self.post_message(self.Loaded(problems))

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.problems = message.problems
        table = self.query_one("#fix-list", DataTable)
        table.clear()
        for problem in self.problems:
            table.add_row(
                record_label(problem),
                fr.SYNC_KIND_LABELS.get(problem.kind, problem.kind),
                problem.reason or "",
                key=problem.op_id,
            )
        self.query_one("#fix-empty", Static).display = not self.problems
        self._select(self.problems[0] if self.problems else None)

    @on(DataTable.RowHighlighted, "#fix-list")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._select(next((p for p in self.problems if p.op_id == event.row_key.value), None))

    def _select(self, problem: ProblemOp | None) -> None:
        if problem is None or self.selected is None or problem.op_id != self.selected.op_id:
            self.edits = {}
        self.selected = problem
        self._show_fields()

    def _values(self) -> dict[str, Any]:
        assert self.selected is not None
        return {**self.selected.fields, **self.edits}

    def _show_fields(self) -> None:
        table = self.query_one("#fix-fields", DataTable)
        row = table.cursor_row
        table.clear()
        if self.selected is None:
            return
        for field, value in self._values().items():
            shown = (
                value if field in self.edits else display_value(self.selected.entity, field, value)
            )
            table.add_row(fr.field_label(field), shown, key=field)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    @on(Input.Submitted, "#fix-value")
    def _value_typed(self, event: Input.Submitted) -> None:
        """The typed text replaces the value of the field under the cursor."""
        event.stop()
        table = self.query_one("#fix-fields", DataTable)
        if self.selected is None or not table.row_count:
            return
        field = list(self._values())[table.cursor_row]
        self.edits[field] = event.value
        event.input.value = ""
        self._show_fields()

    @on(Button.Pressed, "#fix-resend")
    def _resend_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_resend()

    @on(Button.Pressed, "#fix-discard")
    def _discard_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_discard()

    def action_resend(self) -> None:
        if self.selected is not None:
            self._run("resend", self.selected, dict(self.edits))

    def action_discard(self) -> None:
        if self.selected is not None:
            self._run("discard", self.selected, {})

    @work(thread=True, exclusive=True, group="to-fix-write")
    def _run(self, what: str, problem: ProblemOp, edits: dict[str, str]) -> None:
        from storage import sync_state
        from storage.validation import ValidationError

        engine = self.context.engine
        set_aside = problem.state == sync_state.QUARANTINED
        try:
            if what == "resend" and set_aside:
                sync_state.resend_quarantined(
                    self.context.store(), problem.entity, problem.entity_id, edits
                )
                notice = fr.SYNC_TO_FIX_RESENT
            elif what == "resend":
                sync_state.resend_rejected(engine, problem.op_id, edits)
                notice = fr.SYNC_TO_FIX_RESENT
            elif set_aside:
                sync_state.discard_quarantined(engine, problem.entity, problem.entity_id)
                notice = fr.SYNC_TO_FIX_SET_ASIDE
            else:
                sync_state.discard_rejected(engine, problem.op_id)
                notice = fr.SYNC_TO_FIX_DISCARDED
        except ValidationError as error:
            self.post_message(self.Done(str(error), ""))
            return
        self.post_message(self.Done(None, notice))

    @on(Done)
    def _done(self, message: Done) -> None:
        if message.error:
            self.notify(message.error, title=fr.SYNC_CONFLICT_REFUSED, severity="error")
            return
        self.notify(message.notice)
        self.edits = {}
        if self.context.sync is not None:
            self.context.sync.refresh()
            self.context.sync.request_sync()
        self.load()

    def action_close(self) -> None:
        self.dismiss(None)
