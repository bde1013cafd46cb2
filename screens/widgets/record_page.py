"""The page of one record: its fields in French, its history, its journal de suivi.

A record page of a section is a small subclass::

    class InstallationRecordScreen(RecordScreen):
        ENTITY = "installation_project"
        FIELDS = ("professional_id", "commune_code", "localite", "status", "notes")
        FORM_FIELDS = (FormField("commune_code", kind="commune"), FormField("notes"))

    app.push_screen(InstallationRecordScreen(context, record_id))

What the base does:

- loads, in a thread worker, the record (:meth:`Store.get`), its history
  (:meth:`Store.history`: who changed which field, when, from what to what) and its journal
  entries (``follow_up`` records about it), plus the names behind its references (the
  professional's name, the commune's name and département), then shows them;
- every value goes through :func:`~screens.widgets.formatting.format_value` (dates JJ/MM/AAAA,
  1 234,5, amounts in euros, closed lists and statuses by their French labels);
- keys: ``e`` edit (a :class:`~screens.widgets.record_form.RecordForm` of ``FORM_FIELDS``),
  ``t`` change the status (:class:`~screens.widgets.status_actions.StatusActions`, only for
  records with a workflow), ``j`` add a journal entry, Échap back. After each, it reloads.

Subclasses may override :meth:`RecordScreen.describe` to show a field their own way.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical, VerticalScroll
from textual.message import Message
from textual.widgets import DataTable, Header, Static

from screens import text as tx
from screens.base import BaseScreen
from screens.widgets.footer import AppFooter
from screens.widgets.formatting import format_value, history_value
from screens.widgets.record_form import FormField, RecordForm
from screens.widgets.status_bar import StatusBar
from screens.workers import work
from storage import vocabulary as voc

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from screens.context import ScreenContext
    from storage.records.store import Change

#: The fields of a journal entry, as its form shows them.
JOURNAL_FIELDS: tuple[FormField, ...] = (
    FormField("event_date"),
    FormField("kind"),
    FormField("summary"),
    FormField("next_action"),
    FormField("next_action_due"),
)


#: Width of the label column of a record page (and below 90 columns).
LABEL_WIDTH, LABEL_WIDTH_NARROW = 30, 22


def today() -> date:
    """Today's date (tests replace it to freeze the calendar)."""
    return date.today()


@dataclass
class RecordData:
    """What a record page shows, read in one go by the worker."""

    record: dict[str, Any]
    history: list[Change]
    journal: list[dict[str, Any]]
    #: Display text of reference fields (``professional_id`` -> "Payet Léa — Médecin").
    names: dict[str, str] = field(default_factory=dict)
    #: Names of the ids and codes the history holds: (field, JSON value) -> "Saint-Paul (97415)".
    history_names: dict[tuple[str, str], str] = field(default_factory=dict)


def reference_names(connection: Connection, record: Mapping[str, Any]) -> dict[str, str]:
    """Display names of the references a record commonly has."""
    from screens.widgets.lookup import describe_commune, describe_professional

    names = {}
    if record.get("professional_id"):
        name = describe_professional(connection, record["professional_id"])
        if name:
            names["professional_id"] = name
    if record.get("commune_code"):
        name = describe_commune(connection, record["commune_code"])
        if name:
            names["commune_code"] = name
    return names


def field_names(names: str) -> tuple[str, ...]:
    """A record page's fields, in order, from their names separated by spaces."""
    return tuple(names.split())


class RecordScreen(BaseScreen):
    """Base of a record page; subclasses set ENTITY, FIELDS and FORM (or FORM_FIELDS)."""

    ENTITY: ClassVar[str] = ""
    #: The fields shown, in order.
    FIELDS: ClassVar[tuple[str, ...]] = ()
    #: The fields of the edit form (empty: no edit)...
    FORM_FIELDS: ClassVar[tuple[FormField, ...]] = ()
    #: ...or the section's form, ``Form(context, record_id=..., values=...)``.
    FORM: ClassVar[Callable[..., RecordForm] | None] = None

    DEFAULT_CSS = """
    RecordScreen #record-body {
        height: 1fr;
        padding: 0 1;
    }
    RecordScreen #record-title {
        text-style: bold;
        color: $accent;
        padding: 0 1;
        height: auto;
    }
    RecordScreen #record-fields {
        height: auto;
        padding: 0 1;
    }
    RecordScreen .record-value {
        width: 100%;
        height: auto;
    }
    RecordScreen .record-section {
        text-style: bold;
        color: $accent;
        padding: 1 1 0 1;
    }
    RecordScreen .record-table {
        height: auto;
        max-height: 12;
        margin: 0 1;
    }
    RecordScreen .record-empty {
        color: $text-muted;
        text-style: italic;
        padding: 0 1;
    }
    """

    HORIZONTAL_BREAKPOINTS: ClassVar[list[tuple[int, str]]] = [(0, "-narrow"), (90, "-wide")]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("e", "edit", tx.BINDING_EDIT, id="record.edit"),
        Binding("t", "status", tx.BINDING_STATUS, id="record.status"),
        Binding("j", "journal", tx.BINDING_JOURNAL, id="record.journal"),
        Binding("escape", "back", tx.BINDING_BACK, id="record.back"),
    ]

    @dataclass
    class Loaded(Message):
        data: RecordData

    @dataclass
    class LoadFailed(Message):
        reason: str

    def __init__(self, context: ScreenContext, record_id: str) -> None:
        super().__init__()
        self.context = context
        self.record_id = record_id
        #: What is shown; None until loaded.
        self.data: RecordData | None = None
        #: The text shown for each field (the rows render tables: tests read this).
        self._shown_values: dict[str, str] = {}

    # --- to override ---------------------------------------------------------------------------

    def title_of(self, data: RecordData) -> str:
        """The line at the top of the page."""
        return data.names.get("professional_id") or voc.ENTITY_LABELS.get(self.ENTITY, "")

    def describe(self, data: RecordData, name: str) -> str:
        """The display text of field ``name``."""
        if name in data.names:
            return data.names[name]
        return format_value(self.ENTITY, name, data.record.get(name), data.record)

    def load_extra(self, connection: Connection, data: RecordData) -> None:
        """Read more for the page (in the worker); default: nothing."""

    # --- composition ---------------------------------------------------------------------------

    def _field_row(self, name: str, value: str) -> Table:
        """A field's label (muted, in a column of its own) and its value, wrapped beside it."""
        row = Table.grid()
        row.add_column(width=LABEL_WIDTH_NARROW if self.has_class("-narrow") else LABEL_WIDTH)
        row.add_column(ratio=1)
        row.add_row(Text(voc.field_label(name), style="dim"), Text(value))
        return row

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="record-body"):
            yield Static(Text(tx.RECORD_LOADING), id="record-title")
            # One widget a field (its label and value side by side): a page has some twenty
            # fields, and each widget more is time before the page shows.
            with Vertical(id="record-fields"):
                for name in self.FIELDS:
                    yield Static(
                        self._field_row(name, ""), id=f"value-{name}", classes="record-value"
                    )
            yield Static(tx.RECORD_JOURNAL, classes="record-section")
            yield DataTable(id="record-journal", classes="record-table", cursor_type="row")
            yield Static(tx.RECORD_NO_JOURNAL, id="journal-empty", classes="record-empty")
            yield Static(tx.RECORD_HISTORY, classes="record-section")
            yield DataTable(id="record-history", classes="record-table", cursor_type="row")
            yield Static(tx.RECORD_NO_HISTORY, id="history-empty", classes="record-empty")
        yield StatusBar()
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = voc.ENTITY_LABELS.get(self.ENTITY, self.ENTITY)
        journal = self.query_one("#record-journal", DataTable)
        journal.add_columns(*tx.JOURNAL_COLUMNS)
        history = self.query_one("#record-history", DataTable)
        history.add_columns(*tx.HISTORY_COLUMNS)
        self.reload()

    # --- loading -------------------------------------------------------------------------------

    def reload(self) -> None:
        self._load()

    @work(thread=True, exclusive=True, group="record-load", retry=True)
    def _load(self) -> None:
        from storage.db import read_connection
        from storage.queries.paged import journal_entries
        from storage.records.record_names import value_names
        from storage.records.validation import ValidationError

        store = self.context.store()
        try:
            record = store.get(self.ENTITY, self.record_id)
            history = store.history(self.ENTITY, self.record_id)
            with read_connection(self.context.engine) as connection:
                data = RecordData(
                    record=record,
                    history=history,
                    journal=journal_entries(connection, self.ENTITY, self.record_id),
                    names=reference_names(connection, record),
                    history_names=value_names(
                        connection,
                        [
                            (change.field, value)
                            for change in history
                            for value in (change.old_value, change.new_value)
                        ],
                    ),
                )
                self.load_extra(connection, data)
        except ValidationError as error:
            self.post_message(self.LoadFailed(str(error)))
        except Exception as error:  # shown, never fatal; no values in it
            self.post_message(self.LoadFailed(type(error).__name__))
        else:
            self.post_message(self.Loaded(data))

    @on(Loaded)
    def _show(self, message: Loaded) -> None:
        data = message.data
        self.data = data
        title = self.title_of(data)
        if data.record.get("deleted"):
            title = f"{title} — {tx.RECORD_DELETED}"
        self.query_one("#record-title", Static).update(Text(title))
        for name in self.FIELDS:
            value = self.describe(data, name)
            self._shown_values[name] = value
            self.query_one(f"#value-{name}", Static).update(self._field_row(name, value))
        self._show_journal(data)
        self._show_history(data)

    @on(LoadFailed)
    def _failed(self, message: LoadFailed) -> None:
        self.query_one("#record-title", Static).update(Text(message.reason, style="bold red"))

    def _show_journal(self, data: RecordData) -> None:
        table = self.query_one("#record-journal", DataTable)
        table.clear()
        for entry in data.journal:
            table.add_row(
                voc.format_date(entry["event_date"]),
                format_value("follow_up", "kind", entry["kind"]),
                Text(entry["summary"] or "", overflow="ellipsis", no_wrap=True),
                entry["next_action"] or "",
                voc.format_date(entry["next_action_due"]),
                key=entry["id"],
            )
        table.display = bool(data.journal)
        self.query_one("#journal-empty").display = not data.journal

    def _show_history(self, data: RecordData) -> None:
        table = self.query_one("#record-history", DataTable)
        table.clear()
        # The latest first: what changed last is what the user looks for.
        for index, change in enumerate(reversed(data.history)):
            table.add_row(
                f"{voc.format_date(change.at)} {change.at:%H:%M}",
                change.user,
                voc.field_label(change.field),
                self._history_text(data, change.field, change.old_value),
                self._history_text(data, change.field, change.new_value),
                key=str(index),
            )
        table.display = bool(data.history)
        self.query_one("#history-empty").display = not data.history

    def _history_text(self, data: RecordData, field: str, raw: str | None) -> str:
        """A history value: the name behind an id or a code, or the value in French."""
        if raw is not None and (name := data.history_names.get((field, raw))):
            return name
        return history_value(self.ENTITY, field, raw)

    def value_text(self, name: str) -> str:
        """The text shown for field ``name`` (tests read it)."""
        return self._shown_values.get(name, "")

    # --- actions -------------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "edit":
            return bool(self.FORM_FIELDS or self.FORM) and self.data is not None
        if action in ("status", "journal"):
            if self.data is None:
                return None  # shown greyed until the record is there
            if action == "status":
                from storage.records.workflows import has_workflow

                return has_workflow(self.ENTITY)
        return True

    def edit_form(self, data: RecordData) -> RecordForm:
        """The form of ``e`` (override to change it)."""
        if self.FORM is not None:
            return self.FORM(self.context, record_id=self.record_id, values=data.record)
        return RecordForm(
            self.context,
            self.ENTITY,
            self.FORM_FIELDS,
            record_id=self.record_id,
            values=data.record,
        )

    def action_edit(self) -> None:
        if self.data is not None and (self.FORM_FIELDS or self.FORM):
            self.app.push_screen(self.edit_form(self.data), self._after_change)

    def action_status(self) -> None:
        from screens.widgets.status_actions import StatusActions

        if self.data is not None:
            self.app.push_screen(
                StatusActions(self.context, self.ENTITY, self.record_id, self.data.record),
                self._after_change,
            )

    def action_journal(self) -> None:
        if self.data is None:
            return
        self.app.push_screen(
            RecordForm(
                self.context,
                "follow_up",
                JOURNAL_FIELDS,
                values={"event_date": today(), "kind": "appel"},
                fixed={
                    "entity": self.ENTITY,
                    "entity_id": self.record_id,
                    "author": self.context.user,
                },
                title=tx.JOURNAL_NEW,
                ars_code=self.data.record.get("ars_code"),
            ),
            self._after_change,
        )

    def _after_change(self, result: object) -> None:
        if result is not None:
            self.reload()

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 1:
            self.dismiss(None)
