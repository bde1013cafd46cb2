"""What the sections share: :class:`SectionScreen`, the base of their list screens, and parts.

- :class:`SectionScreen`: a section's list screen (Installations, Professionnels, Aides et
  contrats, MSP, SAMU / MCS, Missions): the context, the list, Entrée on a row opens the record's
  page, ``n`` the form, ``x`` clears the filters, the lists' status Selects, and the section's
  summary (figures, tabs) read in a thread worker that reports with messages.
- :func:`today`: the day the sections compute with (ending soon, refresher due). It asks
  :func:`screens.widgets.record_page.today` each time, so a test that freezes that one freezes
  every section.
- :class:`LinesRecordScreen`: a record page with tables of the lines attached to the record
  (an MSP's sites, staffing and fundings; an MCS's trainings, equipment...), each line added
  and edited with its own small form; each kind of line declared once, as a :class:`LineTable`.
- :func:`add_detail_sections`: titled tables added to a record page, under the record's fields
  (MSP sites and staffing, an MCS's trainings...). The tables are the record page's own style.
- :func:`fill_table`: replace a DataTable's rows, numbers right-aligned.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import partial
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.message import Message
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import Checkbox, DataTable, Header, Select, Static

from screens import text as tx
from screens.base import BaseScreen
from screens.widgets import record_page
from screens.widgets.footer import AppFooter
from screens.widgets.form_fields import form_fields
from screens.widgets.lookup import TypeAhead
from screens.widgets.paged_list import Fetch, ListColumn, PagedList
from screens.widgets.record_form import FormField, RecordForm
from screens.widgets.record_page import RecordScreen
from screens.widgets.status_bar import StatusBar
from screens.workers import work

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from screens.context import ScreenContext

#: What a section's summary worker runs: read its figures on a read connection.
SummaryReader = Callable[["Connection"], Any]


def today() -> date:
    """Today (tests freeze it through ``screens.widgets.record_page.today``)."""
    return record_page.today()


def number_cell(text: str) -> Text:
    """A right-aligned cell (numbers, amounts)."""
    return Text(text, justify="right", no_wrap=True)


def fill_table(table: DataTable, rows: Iterable[Sequence[object]], keys: Iterable[str]) -> None:
    """Put ``rows`` (cells: text or rich Text) in ``table``, the n-th under the n-th key (extra
    keys are ignored: a list of record ids may name more rows than a total line)."""
    table.clear()
    for key, row in zip(keys, rows, strict=False):
        table.add_row(*row, key=key)


def add_detail_sections(screen: Screen, sections: Sequence[tuple[str, str, Sequence[str]]]) -> None:
    """Mount, in a record page's body right under the record's fields, for each
    ``(section_id, title, columns)``: a title, a remark line (id ``section_id-note``) and a table
    (id ``section_id``). Call it from the page's ``on_mount``."""
    widgets = []
    for section_id, title, columns in sections:
        table: DataTable = DataTable(id=section_id, classes="record-table", cursor_type="row")
        table.add_columns(*columns)
        note = Static("", id=f"{section_id}-note", classes="record-empty")
        widgets += [Static(title, classes="record-section"), note, table]
    screen.query_one("#record-body", VerticalScroll).mount_all(widgets, after="#record-fields")


def show_detail_rows(
    screen: Screen,
    section_id: str,
    rows: Sequence[Sequence[object]],
    *,
    note: str | Text = "",
    keys: Sequence[str] | None = None,
) -> None:
    """Fill a section made by :func:`add_detail_sections`; ``note`` shows above the table;
    ``keys`` are the rows' keys (default: their numbers)."""
    table = screen.query_one(f"#{section_id}", DataTable)
    fill_table(table, rows, keys if keys is not None else [str(n) for n in range(len(rows))])
    table.display = bool(rows)
    line = screen.query_one(f"#{section_id}-note", Static)
    line.update(note)
    line.display = bool(note)


def show_lines(
    screen: Screen, section_id: str, rows: Sequence[Sequence[object]], lines: Sequence[Any]
) -> None:
    """Fill a section of attached lines: one row per line (keyed by its record id), "Aucun"
    when there is none. A total row, after the lines, is keyed "#total"."""
    keys = [line.id for line in lines] + ["#total"]
    show_detail_rows(screen, section_id, rows, note="" if rows else tx.MSP_NOTHING, keys=keys)


@dataclass(frozen=True)
class LineTable:
    """A kind of line attached to a record (an MSP's sites, an MCS's trainings...): its table on
    the record page, the key that adds one, and the fields of its form (a record page writes
    them in this order)."""

    #: The table's widget id, and the record type of its lines.
    table: str
    entity: str
    #: The key adding a line (its id ``<section>.add_<kind>`` from ``entity``).
    key: str
    title: str
    columns: Sequence[str]
    #: The fields of a line's form, as :func:`~screens.widgets.form_fields.form_fields` reads them.
    fields: str
    #: The key's description (default: the table's title).
    label: str | None = None

    def binding(self) -> Binding:
        section, _, kind = self.entity.partition("_")
        label = self.label or self.title
        return Binding(self.key, f"add_line('{self.entity}')", label, id=f"{section}.add_{kind}")


class LinesRecordScreen(RecordScreen):
    """A record page with tables of the lines attached to the record by :data:`LINE_PARENT`.

    A subclass gives :data:`LINE_TABLES`; the tables are mounted under the record's fields; the
    key of each adds a line (``add_line('<entity>')``), Entrée on a line edits it; the page
    reloads after each save (:meth:`line_saved` may say more).
    """

    #: The field of a line naming its record (``msp_id``...): set by the form, never shown.
    LINE_PARENT: ClassVar[str]
    #: The kinds of lines, in the order of their tables (and of their keys in the footer).
    LINE_TABLES: ClassVar[Sequence[LineTable]]

    def __init_subclass__(cls, **kwargs: Any) -> None:
        tables = cls.__dict__.get("LINE_TABLES")
        if tables is not None and "BINDINGS" not in cls.__dict__:
            cls.BINDINGS = [table.binding() for table in tables]  # before Textual merges them
        super().__init_subclass__(**kwargs)

    def on_mount(self) -> None:
        add_detail_sections(self, [(t.table, t.title, t.columns) for t in self.LINE_TABLES])

    def line_form(
        self, entity: str, record_id: str | None = None, values: Mapping[str, Any] | None = None
    ) -> RecordForm:
        """The form of a new line of ``entity`` (``record_id`` None), or of line ``record_id``."""
        table = next(t for t in self.LINE_TABLES if t.entity == entity)
        return RecordForm(
            self.context,
            entity,
            form_fields(table.fields),
            record_id=record_id,
            values=values,
            fixed={self.LINE_PARENT: self.record_id} if record_id is None else None,
        )

    def action_add_line(self, entity: str) -> None:
        self.app.push_screen(self.line_form(entity), partial(self._after_line, entity))

    @on(DataTable.RowSelected)
    def _edit_line(self, event: DataTable.RowSelected) -> None:
        table = next((t for t in self.LINE_TABLES if t.table == event.data_table.id), None)
        key = event.row_key.value
        if table is None or key is None or key.startswith("#"):
            return  # the record page's own tables, or a total line
        event.stop()
        entity = table.entity
        values = self.context.store().get(entity, key)
        self.app.push_screen(self.line_form(entity, key, values), partial(self._after_line, entity))

    def _after_line(self, entity: str, result: object = None) -> None:
        if result is not None:
            self.line_saved(entity, str(result))
            self.reload()

    def line_saved(self, entity: str, line_id: str) -> None:
        """A line of ``entity`` was saved (before the page reloads)."""


def list_columns(
    labels: Mapping[str, str],
    spec: str,
    *,
    right: Iterable[str] = (),
    essential: Iterable[str] = (),
    formats: Mapping[str, Callable[[Any, Mapping[str, Any]], str]] | None = None,
) -> tuple[ListColumn, ...]:
    """A list's columns from ``"key:width key:width ..."`` (no width: sized to the content),
    each labelled ``labels[key]``; ``right``: numbers, right-aligned; ``essential``: kept on a
    narrow terminal; ``formats``: the cells of a column written its own way."""
    right, essential, formats = set(right), set(essential), formats or {}
    columns = []
    for item in spec.split():
        key, _, width = item.partition(":")
        justify: Literal["left", "right"] = "right" if key in right else "left"
        columns.append(
            ListColumn(
                key,
                labels[key],
                width=int(width) if width else None,
                justify=justify,
                format=formats.get(key),
                essential=key in essential,
            )
        )
    return tuple(columns)


def status_options(entity: str) -> list[tuple[str, str]]:
    """(French label, code) of every status of ``entity``'s workflow, in its order."""
    from storage.records.workflows import workflow_for

    workflow = workflow_for(entity, {})
    return [(state.label, code) for code, state in workflow.states.items()]


def import_screen(name: str) -> type[Screen[Any]]:
    """The screen class named ``"module:Class"``, imported when first used (light start-up)."""
    module_name, class_name = name.split(":")
    return getattr(importlib.import_module(module_name), class_name)


@dataclass
class SummaryRead(Message):
    """A section's summary worker finished: ``summary`` what it read, or ``failure`` (French)."""

    summary: Any
    failure: str | None


@dataclass(frozen=True)
class SectionSpec:
    """What a section's list screen shows and opens."""

    #: The section's id (``screens.sections``): its keys' ids are ``<id>.new``, ``<id>.clear``.
    section: str
    #: The record type listed.
    entity: str
    #: The screen's subtitle (the section's French title).
    title: str
    #: The record page's class (``Screen(context, record_id)``) in the section's ``record``
    #: module, and the form's in its ``form`` module (both imported when first opened).
    record: str
    form: str
    #: Whether ``x`` clears the filters (a section with one Select may do without).
    clears: bool = True

    def bindings(self) -> list[BindingType]:
        keys: list[BindingType] = [Binding("n", "new", tx.BINDING_NEW, id=f"{self.section}.new")]
        if self.clears:
            keys.append(
                Binding("x", "clear_filters", tx.BINDING_CLEAR_FILTERS, id=f"{self.section}.clear")
            )
        return keys


class SectionScreen(BaseScreen):
    """A section's list screen. A subclass gives its record type, title and screens, composes
    its filters and list in :meth:`compose_section`, and may add a summary (figures, tabs).

    The widgets whose id starts with ``filter-`` are the filters: ``x`` (``clear_filters``)
    empties every one of them, and the list with :meth:`PagedList.clear_filters`.
    """

    #: What the section shows and opens; its ``n`` and ``x`` keys are made from it.
    SPEC: ClassVar[SectionSpec]
    #: id of a Select -> the list filter it sets (its blank removes the filter).
    SELECT_FILTERS: ClassVar[dict[str, str]] = {}
    #: id of the Checkbox that narrows the list with :meth:`list_fetch`, if any.
    FETCH_CHECKBOX: ClassVar[str | None] = None

    def __init_subclass__(cls, **kwargs: Any) -> None:
        spec = cls.__dict__.get("SPEC")
        if spec is not None and "BINDINGS" not in cls.__dict__:
            cls.BINDINGS = spec.bindings()  # before Textual merges the bindings, below
        super().__init_subclass__(**kwargs)

    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.context = context

    def section_screen(self, kind: str) -> type[Screen[Any]]:
        """The section's record page (``kind`` "record") or form ("form") class."""
        package = type(self).__module__.rpartition(".")[0]
        name = self.SPEC.record if kind == "record" else self.SPEC.form
        return import_screen(f"{package}.{kind}:{name}")

    # --- what a section gives ------------------------------------------------------------------

    def compose_section(self) -> ComposeResult:
        """The filters and the list (between the header and the status bar)."""
        raise NotImplementedError

    def list_fetch(self, narrowed: bool) -> Fetch | None:
        """The list's fetch, with :data:`FETCH_CHECKBOX` ticked or not (None: the plain one)."""
        return None

    def summary_reader(self) -> SummaryReader | None:
        """What the section's summary reads (run in a thread worker); None: it has none."""
        return None

    def show_summary(self, summary: Any) -> None:
        """Show what :meth:`summary_reader` read."""

    def show_summary_failure(self, reason: str) -> None:
        """Say the summary could not be read (the reason only, never values)."""

    def new_form(self) -> Screen[Any] | None:
        """The form ``n`` opens (None: nothing opens, the section said why)."""
        return self.section_screen("form")(self.context)

    def status_filter(self) -> Select[str]:
        """The filter on the status (``filter-status``): the workflow's statuses, in order."""
        options = status_options(self.SPEC.entity)
        return Select(options, prompt=tx.LIST_ANY_STATUS, id="filter-status")

    def focus_first(self) -> None:
        """Where the focus starts: the list, so that the section keys (1-9) work at once."""
        self.list.focus_table()

    # --- the shared behaviour ------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield from self.compose_section()
        yield StatusBar()
        yield AppFooter()

    def on_mount(self) -> None:  # after a subclass's own on_mount (Textual calls both)
        self.sub_title = self.SPEC.title
        self.focus_first()
        self.load_summary()

    @property
    def list(self) -> PagedList:
        return self.query_one(PagedList)

    def on_screen_resume(self) -> None:
        """Back from a record, a form or another section: the records may have changed."""
        if self.list.shown_generation:
            self.list.reload(keep_offset=True)
            self.load_summary()

    def load_summary(self) -> None:
        reader = self.summary_reader()
        if reader is not None:
            self._read_summary(reader)

    @work(thread=True, exclusive=True, group="section-summary", retry=True)
    def _read_summary(self, reader: SummaryReader) -> None:
        from storage.db import read_connection

        try:
            with read_connection(self.context.engine) as connection:
                summary = reader(connection)
        except Exception as error:  # shown, never fatal; no values in it
            self.post_message(SummaryRead(None, tx.LIST_FAILED.format(reason=type(error).__name__)))
        else:
            self.post_message(SummaryRead(summary, None))

    @on(SummaryRead)
    def _summary_read(self, message: SummaryRead) -> None:
        message.stop()
        if message.failure is not None:
            self.show_summary_failure(message.failure)
        else:
            self.show_summary(message.summary)

    @on(Select.Changed)
    def _select_filter_changed(self, event: Select.Changed) -> None:
        name = self.SELECT_FILTERS.get(event.select.id or "")
        if name is not None:
            event.stop()
            value: Any = event.value
            self.list.set_filters(**{name: None if value is Select.NULL else value})

    @on(Checkbox.Changed)
    def _fetch_filter_changed(self, event: Checkbox.Changed) -> None:
        if self.FETCH_CHECKBOX is not None and event.checkbox.id == self.FETCH_CHECKBOX:
            event.stop()
            self.list.fetch = self.list_fetch(event.value)
            self.list.reload()

    def action_clear_filters(self) -> None:
        for widget in self.query(Widget):
            if (widget.id or "").startswith("filter-"):
                clear_filter(widget)
        self.list.clear_filters(self.list_fetch(False))

    @on(PagedList.Opened)
    def _opened(self, event: PagedList.Opened) -> None:
        event.stop()
        self.show_record(event.record_id)

    def show_record(self, record_id: str) -> None:
        self.app.push_screen(self.section_screen("record")(self.context, record_id))

    def action_new(self) -> None:
        form = self.new_form()
        if form is not None:
            self.app.push_screen(form, self.created)

    def created(self, record_id: str | None) -> None:
        """The form closed: its new record's page, if it made one."""
        if record_id is not None:
            self.show_record(record_id)


def clear_filter(widget: Widget) -> None:
    """Empty one filter widget (a Select, a Checkbox, a type-ahead)."""
    if isinstance(widget, Select):
        widget.clear()
    elif isinstance(widget, Checkbox):
        widget.value = False
    elif isinstance(widget, TypeAhead):
        widget.input.value = ""


class EntityForm(RecordForm):
    """The form of one record type, new when ``record_id`` is None: a subclass names its
    ``ENTITY`` and ``FIELDS`` (the sections' forms)."""

    ENTITY: ClassVar[str]
    FIELDS: ClassVar[tuple[FormField, ...]]

    def __init__(
        self,
        context: ScreenContext,
        *,
        record_id: str | None = None,
        values: Mapping[str, Any] | None = None,
    ) -> None:
        if record_id is None:
            values = {**self.new_record_values(), **(values or {})}
        super().__init__(context, self.ENTITY, self.FIELDS, record_id=record_id, values=values)

    def new_record_values(self) -> dict[str, Any]:
        """What a new record starts with beside the model's defaults (override)."""
        return {}
