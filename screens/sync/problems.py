"""What Conflits and À corriger share: the sync's problems above, the selected one's fields below.

:class:`ProblemsScreen` reads the problems in a thread worker (a subclass's :meth:`load`),
lists them (one row per edit, keyed by its op id), shows the fields of the one under the
cursor, and after a decision written by a subclass's worker (:meth:`report_write`) tells the
user, asks the app's sync for a round and reads the problems again. Every worker reports with
a message (:class:`ProblemsScreen.Loaded`, :class:`ProblemsScreen.Done`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from screens import text as tx
from screens.base import BaseScreen
from screens.widgets.footer import AppFooter
from screens.widgets.routes import ActionRoutes
from screens.widgets.status_bar import StatusBar
from storage import vocabulary as voc

if TYPE_CHECKING:
    from screens.context import ScreenContext
    from storage.sync.conflicts import ProblemOp


def problems_css(screen: str, prefix: str, *, fields_height: str) -> str:
    """The layout of a problems screen (its class name, its ids' prefix): the list above, the
    fields below (``fields_height``), the help and the buttons under them."""
    return f"""
    {screen} #{prefix}-list {{
        height: 1fr;
        margin: 1 2 0 2;
    }}
    {screen} #{prefix}-fields {{
        height: {fields_height};
        margin: 1 2 0 2;
    }}
    {screen} #{prefix}-help, {screen} #{prefix}-empty {{
        padding: 0 2;
        color: $text-muted;
    }}
    {screen} #{prefix}-buttons {{
        height: auto;
        padding: 0 2;
    }}
    {screen} #{prefix}-buttons Button {{
        margin-right: 2;
    }}
    """


def record_label(problem: ProblemOp, titles: Mapping[str, str] | None = None) -> str:
    """What the record is ("Projet d'installation — Hoarau Marie-Claude, Cilaos")."""
    if titles and problem.op_id in titles:
        return titles[problem.op_id]
    entity = voc.ENTITY_LABELS.get(problem.entity, problem.entity)
    return f"{entity} …{problem.entity_id[-8:]}"


class ProblemsScreen(ActionRoutes, BaseScreen):
    """The base of Conflits and À corriger (see the module docstring)."""

    #: The ids' prefix: ``<prefix>-empty``, ``<prefix>-list``, ``<prefix>-fields``,
    #: ``<prefix>-help``.
    PREFIX: ClassVar[str]
    SUB_TITLE: ClassVar[str]
    #: What the screen says with no problem, and the help under the fields.
    EMPTY: ClassVar[str]
    HELP: ClassVar[str]
    #: (label, key) of the list's column between the record and the reason, and of the columns
    #: of the fields table.
    LIST_MIDDLE_COLUMN: ClassVar[tuple[str, str]]
    FIELD_COLUMNS: ClassVar[Sequence[tuple[str, str]]]

    @dataclass
    class Loaded(Message):
        """The problems, what their records are (op_id -> title) and the names of the
        reference ids among their values ((field, JSON value) -> name)."""

        problems: list[ProblemOp]
        titles: dict[str, str] = field(default_factory=dict)
        names: dict[tuple[str, str], str] = field(default_factory=dict)

    @dataclass
    class Done(Message):
        """A decision was written (``notice``), or refused (``error``: French text)."""

        error: str | None
        notice: str

    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.context = context
        self.problems: list[ProblemOp] = []
        self.selected: ProblemOp | None = None
        #: op_id -> what the record is; (field, JSON value) -> name (filled by the loader).
        self.titles: dict[str, str] = {}
        self.names: dict[tuple[str, str], str] = {}

    # --- what a subclass gives -----------------------------------------------------------------

    def load(self) -> None:
        """Read the problems in a thread worker, which posts :class:`Loaded`."""
        raise NotImplementedError

    def compose_controls(self) -> ComposeResult:
        """What stands under the help: inputs, buttons."""
        yield from ()

    def list_middle_cell(self, problem: ProblemOp) -> object:
        """The cell of ``problem``'s row between its record and its reason."""
        raise NotImplementedError

    def field_rows(self, problem: ProblemOp) -> Iterable[tuple[str, Sequence[object]]]:
        """(key, cells) of the rows of the fields table for ``problem``."""
        raise NotImplementedError

    def problems_loaded(self) -> None:
        """The problems were read again (before they are listed)."""

    def select(self, problem: ProblemOp | None) -> None:
        """Show ``problem``'s fields (None: nothing selected)."""
        self.selected = problem
        self.show_fields()

    def written(self) -> None:
        """A decision was written (before the problems are read again)."""

    # --- the shared behaviour ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(self.EMPTY, id=f"{self.PREFIX}-empty")
        yield DataTable(id=f"{self.PREFIX}-list", cursor_type="row", zebra_stripes=True)
        yield DataTable(id=f"{self.PREFIX}-fields", cursor_type="row", zebra_stripes=True)
        yield Static(self.HELP, id=f"{self.PREFIX}-help")
        yield from self.compose_controls()
        yield StatusBar()
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = self.SUB_TITLE
        list_columns = (
            (tx.SYNC_COLUMN_RECORD, "record"),
            self.LIST_MIDDLE_COLUMN,
            (tx.SYNC_COLUMN_REASON, "reason"),
        )
        for table, columns in ((self.list_table, list_columns), (self.fields, self.FIELD_COLUMNS)):
            for label, key in columns:
                table.add_column(label, key=key)
        self.load()

    @property
    def list_table(self) -> DataTable:
        return self.query_one(f"#{self.PREFIX}-list", DataTable)

    @property
    def fields(self) -> DataTable:
        return self.query_one(f"#{self.PREFIX}-fields", DataTable)

    @on(Loaded)
    def _loaded(self, message: Loaded) -> None:
        self.problems = message.problems
        self.titles, self.names = message.titles, message.names
        self.problems_loaded()
        table = self.list_table
        table.clear()
        for problem in self.problems:
            row = (record_label(problem, self.titles), self.list_middle_cell(problem))
            table.add_row(*row, problem.reason or "", key=problem.op_id)
        self.query_one(f"#{self.PREFIX}-empty", Static).display = not self.problems
        self.select(self.problems[0] if self.problems else None)

    @on(DataTable.RowHighlighted)
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        if event.data_table.id == f"{self.PREFIX}-list":
            op_id = event.row_key.value
            self.select(next((p for p in self.problems if p.op_id == op_id), None))

    def show_fields(self) -> None:
        """Fill the fields table for the selected problem, the cursor kept on its row."""
        table = self.fields
        row = table.cursor_row
        table.clear()
        if self.selected is None:
            return
        for key, cells in self.field_rows(self.selected):
            table.add_row(*cells, key=key)
        if table.row_count:
            table.move_cursor(row=min(row, table.row_count - 1))

    def report_write(self, write: Callable[[], str]) -> None:
        """Run ``write`` (in the caller's thread worker) and post what it did: its notice, or
        the French reason of a refusal."""
        from storage.records.validation import ValidationError

        try:
            notice = write()
        except ValidationError as error:
            self.post_message(self.Done(str(error), ""))
            return
        self.post_message(self.Done(None, notice))

    @on(Done)
    def _done(self, message: Done) -> None:
        if message.error:
            self.notify(message.error, title=tx.SYNC_CONFLICT_REFUSED, severity="error")
            return
        self.notify(message.notice)
        self.written()
        if self.context.sync is not None:
            self.context.sync.refresh()
            self.context.sync.request_sync()
        self.load()

    def action_close(self) -> None:
        self.dismiss(None)
