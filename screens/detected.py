""" "Installations détectées": what the last Annuaire Santé import found new in the ARS.

Arrivals (a professional practising in the ARS who did not at the previous import), changes of
commune, and departures, each with its commune and zonage. On an arrival or a move, the key
``i`` makes the installation project (status Installé(e), dated the import's day, marked
"détectée par l'annuaire"); the line then shows the project is made. Reached from the command
palette and from the import modal.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import DataTable, Static

from screens import text as tx
from screens.widgets.panel import Panel, PanelScreen
from storage import vocabulary as voc

if TYPE_CHECKING:
    from screens.context import ScreenContext
    from storage.exchange.annuaire import Detected


class DetectedScreen(PanelScreen):
    """The list of the last annuaire import's changes; ``i`` makes a project, Échap closes."""

    PANEL = Panel("detected-panel", 110, "detected.close", height="80%", max_height=None)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("i", "create_project", tx.DETECTED_CREATE, id="detected.create"),
    ]

    DEFAULT_CSS = """
    DetectedScreen DataTable {
        height: 1fr;
    }
    DetectedScreen #detected-message {
        height: auto;
        margin-top: 1;
    }
    """

    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.context = context
        self.changes: list[Detected] = []

    def compose(self) -> ComposeResult:
        with Vertical(id="detected-panel") as panel:
            panel.border_title = tx.DETECTED_TITLE
            yield DataTable(id="detected-table", cursor_type="row", zebra_stripes=True)
            yield Static("", id="detected-message")

    def on_mount(self) -> None:
        table = self.query_one(DataTable)
        table.add_columns(*tx.DETECTED_COLUMNS)
        self.reload()
        table.focus()

    def reload(self) -> None:
        from storage.exchange.annuaire import latest_changes

        self.changes = latest_changes(self.context.engine, self.context.ars_code)
        table = self.query_one(DataTable)
        cursor = table.cursor_row
        table.clear()
        for change in self.changes:
            table.add_row(*self._cells(change), key=str(change.id))
        if self.changes:
            table.move_cursor(row=min(cursor, len(self.changes) - 1))
        message = tx.DETECTED_HINT if self.changes else tx.DETECTED_NONE
        self.query_one("#detected-message", Static).update(Text(message))

    @staticmethod
    def _cells(change: Detected) -> list[str]:
        commune = change.commune_code or change.previous_commune or ""
        if change.kind == "depart":
            project = ""
        else:
            project = tx.DETECTED_PROJECT_MADE if change.project_id else tx.DETECTED_PROJECT_TODO
        return [
            voc.DETECTED_KINDS[change.kind],
            change.name,
            change.profession,
            f"{commune} {change.commune_name or ''}".strip(),
            change.zoning_class or voc.DETECTED_NO_ZONING,
            voc.format_date(change.imported_on),
            project,
        ]

    def action_create_project(self) -> None:
        from storage.exchange.annuaire import create_detected_project
        from storage.records.validation import ValidationError

        table = self.query_one(DataTable)
        if not self.changes:
            return
        change = self.changes[table.cursor_row]
        try:
            create_detected_project(self.context.engine, change.id, user=self.context.user)
        except ValidationError as error:
            self.notify(str(error.errors[0].message), severity="warning")
            return
        self.notify(tx.DETECTED_PROJECT_CREATED.format(name=change.name))
        self.reload()
