"""A list of records read from SQL one page at a time: filter box, table, row count.

Why pages: a DataTable holding 100,000 rows takes seconds to build and paint. This widget only
ever holds one page (``page_size`` rows, 50 by default) and asks SQL for the next one when the
user goes past the last row (↓ on the last row, or PageDown). Filtering and sorting happen in
SQL too (:func:`storage.queries.paged.list_page`), so a keystroke in the filter costs one small
query.

How a keystroke flows::

    Input.Changed -> reload() -> thread worker (exclusive: one per list)
        -> SQL page -> RowsLoaded(generation, rows)   (table refilled: what the user waits for)
        -> SQL count -> CountLoaded(generation, total) ("1 234 projets", a moment later)

Workers in threads cannot be interrupted, so every request carries a *generation* number and
only the answers of the latest one are shown: the last keystroke always wins.

The sections' list screens use it through :class:`screens.section.SectionScreen`: it posts
:class:`PagedList.Opened` when Entrée (or a click) chooses a row. The screen narrows the list
with :meth:`PagedList.set_filters` (exact matches declared by the record type's
:class:`~storage.queries.paged.ListSpec`) or, for anything else, gives a ``fetch`` function (same
signature as :func:`storage.queries.paged.list_page`) that adds its own conditions;
:meth:`PagedList.clear_filters` goes back to the whole list.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar, Literal

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.message import Message
from textual.widget import Widget
from textual.widgets import DataTable, Input, Static

from screens import text as tx
from screens.messages import ControlMessage
from screens.widgets.formatting import format_value
from screens.workers import work
from storage import vocabulary as voc

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from storage.queries.paged import ListRequest, Page

#: Same signature as storage.queries.paged.list_page.
Fetch = Callable[["Connection", "ListRequest"], "Page"]


@dataclass(frozen=True)
class ListColumn:
    """One column of the table: a column name of the record type's ListSpec."""

    key: str
    label: str
    #: Cells in characters; None lets the table size the column to its content.
    width: int | None = None
    sortable: bool = True
    justify: Literal["left", "right", "center"] = "left"
    #: ``format(value, row) -> text``; default: :func:`format_value` of the record type.
    format: Callable[[Any, Mapping[str, Any]], str] | None = None
    #: Kept on a narrow terminal (the first column always is): Échéance, Situation, Montant.
    essential: bool = False


#: Seconds between a page shown and its count (skipped when a newer request came meanwhile).
COUNT_DELAY_S = 0.12


def count_text(entity: str, total: int) -> str:
    """ "1 234 projets", "1 projet", "0 projet" (French: 0 and 1 take the singular)."""
    singular, plural = tx.COUNT_NOUNS.get(entity, ("fiche", "fiches"))
    return tx.LIST_COUNT.format(count=voc.format_int(total), noun=singular if total < 2 else plural)


class PageTable(DataTable[Any]):
    """The DataTable of a :class:`PagedList`: ↓ on the last row asks for the next page."""

    @dataclass
    class EdgeReached(Message):
        """The cursor tried to leave the page: ``step`` is +1 (down) or -1 (up)."""

        step: int

    def _render_cell(
        self,
        row_index: int,
        column_index: int,
        base_style: Style,
        width: int,
        cursor: bool = False,
        hover: bool = False,
    ) -> Any:
        """DataTable's, with a short way for the cells of a list: one line of plain text.

        Rich renders each cell through Padding, Styled and render_lines (about 0.07 ms a cell):
        after each filter keystroke the whole visible page is new, and that was a third of the
        time to the frame. Such a cell is cut (with "…") and aligned here, into one segment of
        the same style, the cell's meta (row, column) included; any other cell goes to Textual.
        """
        if row_index < 0 or column_index < 0 or self.fixed_rows or self.fixed_columns:
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        row_key = self._row_locations.get_key(row_index)
        column_key = self._column_locations.get_key(column_index)
        cache_key = (
            row_key,
            column_key,
            base_style,
            cursor,
            hover,
            self._show_hover_cursor,
            self._update_count,
            self._pseudo_class_state,
        )
        cached = self._cell_render_cache.get(cache_key)
        if cached is not None:
            return cached
        cell = self._get_row_renderables(row_index)[1][column_index]
        plain = cell.plain if isinstance(cell, Text) else ""
        if (
            not isinstance(cell, Text)
            or cell.spans
            or cell.style
            or self.rows[row_key].height != 1
            or "\n" in plain
            or not plain.isprintable()
        ):
            return super()._render_cell(row_index, column_index, base_style, width, cursor, hover)
        component_style, post_style = self._get_styles_to_render_cell(
            False,
            False,
            False,
            hover,
            cursor,
            self.show_cursor,
            self._show_hover_cursor,
            self.cursor_foreground_priority == "css",
            self.cursor_background_priority == "css",
        )
        style = (
            base_style
            + Style.from_meta({"row": row_index, "column": column_index})
            + component_style
            + post_style
        )
        padding = self.cell_padding
        inner = max(width - 2 * padding, 0)
        if cell_len(plain) > inner:
            plain = set_cell_size(plain, max(inner - 1, 0)) + "…" if inner else ""
        gap = inner - cell_len(plain)
        if cell.justify == "right":
            plain = " " * gap + plain
        elif cell.justify == "center":
            plain = " " * (gap // 2) + plain + " " * (gap - gap // 2)
        else:
            plain = plain + " " * gap
        lines = [[Segment(" " * padding + plain + " " * padding, style)]]
        self._cell_render_cache[cache_key] = lines
        return lines

    def action_cursor_down(self) -> None:
        if self.row_count and self.cursor_row >= self.row_count - 1:
            self.post_message(self.EdgeReached(+1))
        else:
            super().action_cursor_down()

    def action_cursor_up(self) -> None:
        if self.row_count and self.cursor_row <= 0:
            self.post_message(self.EdgeReached(-1))
        else:
            super().action_cursor_up()


class PagedList(Widget):
    """Filter box, one page of records, row count. See the module docstring."""

    DEFAULT_CSS = """
    PagedList {
        height: 1fr;
        layout: vertical;
    }
    PagedList > #list-filter {
        margin: 0 0 0 0;
    }
    PagedList > PageTable {
        height: 1fr;
    }
    PagedList > #list-count {
        height: 1;
        padding: 0 1;
        color: $text-muted;
    }
    PagedList > #list-count.-error {
        color: $error;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        # Priority: DataTable and Input have their own PageUp/PageDown, which would win.
        Binding("pagedown", "page(1)", tx.BINDING_NEXT_PAGE, priority=True, id="list.next_page"),
        Binding(
            "pageup", "page(-1)", tx.BINDING_PREVIOUS_PAGE, priority=True, id="list.previous_page"
        ),
        Binding("s", "cycle_sort", tx.BINDING_SORT, id="list.sort"),
        Binding("S", "reverse_sort", tx.BINDING_SORT_REVERSE, show=False, id="list.sort_reverse"),
        Binding("slash", "focus_filter", tx.BINDING_FILTER, id="list.filter"),
    ]

    @dataclass
    class Opened(ControlMessage):
        """The user chose a row (Entrée or click): open the record ``record_id``."""

        record_id: str

    @dataclass
    class RowsLoaded(Message):
        generation: int
        rows: list[dict[str, Any]]
        row_offset: int

    @dataclass
    class CountLoaded(Message):
        generation: int
        total: int

    @dataclass
    class LoadFailed(Message):
        generation: int
        reason: str

    @dataclass
    class Updated(Message):
        """A page has been put in the table (posted once the table is refilled)."""

        paged_list: PagedList
        generation: int

    def __init__(
        self,
        engine: Engine,
        entity: str,
        columns: Sequence[ListColumn],
        *,
        page_size: int = 50,
        filters: Mapping[str, Any] | None = None,
        sort: str | None = None,
        descending: bool = False,
        placeholder: str = tx.LIST_FILTER_PLACEHOLDER,
        fetch: Fetch | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """A list of ``entity`` records showing ``columns``.

        ``filters``: exact-match filters of the record type's ListSpec (None values ignored);
        ``sort``: a column key (default: the ListSpec's); ``fetch``: replaces
        :func:`storage.queries.paged.list_page` to add conditions of the screen's own.
        """
        super().__init__(id=id, classes=classes)
        self.engine = engine
        self.entity = entity
        self.columns = tuple(columns)
        self.page_size = page_size
        self.filters: dict[str, Any] = dict(filters or {})
        self.sort = sort
        self.descending = descending
        self.search = ""
        self.fetch = fetch
        self._placeholder = placeholder
        #: Offset of the first row shown.
        self.row_offset = 0
        #: Matching records in all (None until counted).
        self.total: int | None = None
        #: The rows of the page shown (dicts of the ListSpec's columns).
        self.rows: list[dict[str, Any]] = []
        self._generation = 0
        #: The generation whose rows are in the table (tests and benchmarks wait on it).
        self.shown_generation = 0
        #: Where the cursor goes once the next page arrives: "first", "last" or None (keep).
        self._cursor_target: str | None = "first"

    # --- composition ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self._placeholder, id="list-filter")
        table = PageTable(id="list-table", cursor_type="row", zebra_stripes=True)
        yield table
        yield Static(tx.LIST_LOADING, id="list-count")

    def on_mount(self) -> None:
        self._set_columns(self._plan([]))
        self.reload()

    # --- columns: sized to the terminal and to the page's text ----------------------------------

    def _plan(self, cells: list[list[Text]]) -> dict[str, int]:
        """Which columns to show and how wide, for the table's width and these cells."""
        from screens.widgets.column_plan import ColumnNeed, plan_widths

        needs = []
        for index, column in enumerate(self.columns):
            longest = max([len(column.label), *(row[index].cell_len for row in cells)])
            preferred = column.width if column.width is not None else longest
            needs.append(
                ColumnNeed(column.key, preferred, longest, column.essential, len(column.label))
            )
        table = self.table
        available = table.size.width - table.styles.scrollbar_size_vertical
        return plan_widths(needs, available if table.size.width else 0)

    def _set_columns(self, plan: dict[str, int]) -> bool:
        """Show the columns of ``plan``; True when they changed (the rows must be added again)."""
        table = self.table
        current = {str(key.value): column.width for key, column in table.columns.items()}
        if current == plan:
            return False
        table.clear(columns=True)
        for column in self.columns:
            if column.key in plan:
                table.add_column(column.label, key=column.key, width=plan[column.key])
        return True

    def on_resize(self) -> None:
        if not self.rows:
            self._set_columns(self._plan([]))
            return
        cells = [[self._cell(column, row) for column in self.columns] for row in self.rows]
        row = self.table.cursor_row
        if self._set_columns(self._plan(cells)):
            self._add_rows(cells)
            if self.table.row_count:
                self.table.move_cursor(row=min(row, self.table.row_count - 1), animate=False)

    def _add_rows(self, cells: list[list[Text]]) -> None:
        table = self.table
        shown = [index for index, column in enumerate(self.columns) if column.key in table.columns]
        for row, row_cells in zip(self.rows, cells, strict=True):
            table.add_row(*(row_cells[index] for index in shown), key=row["id"])

    @property
    def table(self) -> PageTable:
        return self.query_one(PageTable)

    @property
    def filter_input(self) -> Input:
        return self.query_one("#list-filter", Input)

    # --- what the screen calls -----------------------------------------------------------------

    def reload(self, *, keep_offset: bool = False) -> None:
        """Ask SQL again for the current page (from the first one unless ``keep_offset``)."""
        if not keep_offset:
            self.row_offset = 0
            self._cursor_target = "first"
        self._generation += 1
        self._load(self._generation, self._request())

    def set_filters(self, **filters: Any) -> None:
        """Change some exact-match filters (None removes one) and reload from the first page."""
        for name, value in filters.items():
            if value is None:
                self.filters.pop(name, None)
            else:
                self.filters[name] = value
        self.reload()

    def set_search(self, text: str) -> None:
        """Filter on ``text`` (what typing in the filter box does)."""
        self.search = text
        self.reload()

    def clear_filters(self, fetch: Fetch | None = None) -> None:
        """Back to the whole list: no filter, no search text, and ``fetch`` (the screen's own
        conditions that stay, e.g. a sort order; default: the plain list). Reloads."""
        self.filter_input.value = ""
        self.filters.clear()
        self.search = ""
        self.fetch = fetch
        self.reload()

    def set_sort(self, key: str, descending: bool = False) -> None:
        self.sort = key
        self.descending = descending
        self.reload()

    @property
    def selected_id(self) -> str | None:
        """The id of the row under the cursor, if any."""
        table = self.table
        if not table.row_count:
            return None
        row_key, _ = table.coordinate_to_cell_key(table.cursor_coordinate)
        return row_key.value

    def focus_table(self) -> None:
        self.table.focus()

    # --- loading -------------------------------------------------------------------------------

    def _request(self) -> ListRequest:
        from storage.queries.paged import ListRequest

        return ListRequest(
            self.entity,
            search=self.search,
            filters=dict(self.filters),
            sort=self.sort,
            descending=self.descending,
            limit=self.page_size,
            offset=self.row_offset,
        )

    @work(thread=True, exclusive=True, group="paged-list")
    def _load(self, generation: int, request: ListRequest) -> None:
        from storage.db import read_connection
        from storage.queries.paged import matching_count, page_rows

        try:
            with read_connection(self.engine) as connection:
                if self.fetch is not None:  # the screen's own conditions: one call does both
                    page = self.fetch(connection, request)
                    self.post_message(self.RowsLoaded(generation, page.rows, request.offset))
                    self.post_message(self.CountLoaded(generation, page.total))
                    return
                # The page first, the count after: the rows show sooner.
                rows = page_rows(connection, request)
            self.post_message(self.RowsLoaded(generation, rows, request.offset))
            # While the user types, the next key comes within this pause and its request's
            # count replaces this one: counting 100,000 rows for every key would take the CPU
            # from the next key's page (two cores on a field laptop).
            time.sleep(COUNT_DELAY_S)
            if generation != self._generation:
                return
            with read_connection(self.engine) as connection:
                total = matching_count(connection, request)
            self.post_message(self.CountLoaded(generation, total))
        except Exception as error:  # shown to the user; never the SQL or its values
            self.post_message(self.LoadFailed(generation, type(error).__name__))

    @on(RowsLoaded)
    def _show_rows(self, message: RowsLoaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        table = self.table
        keep_row = table.cursor_row if self._cursor_target is None else 0
        self.rows = message.rows
        self.row_offset = message.row_offset
        table.clear()
        cells = [[self._cell(column, row) for column in self.columns] for row in message.rows]
        self._set_columns(self._plan(cells))
        self._add_rows(cells)
        if table.row_count:
            if self._cursor_target == "last":
                table.move_cursor(row=table.row_count - 1, animate=False)
            else:
                table.move_cursor(row=min(keep_row, table.row_count - 1), animate=False)
        self._cursor_target = None
        self.shown_generation = message.generation
        self._show_count()
        self.post_message(self.Updated(self, message.generation))

    @on(CountLoaded)
    def _show_total(self, message: CountLoaded) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self.total = message.total
        self._show_count()

    @on(LoadFailed)
    def _show_failure(self, message: LoadFailed) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        label = self.query_one("#list-count", Static)
        label.update(Text(tx.LIST_FAILED.format(reason=message.reason)))
        label.add_class("-error")

    def _cell(self, column: ListColumn, row: Mapping[str, Any]) -> Text:
        value = row.get(column.key)
        if column.format is not None:
            text = column.format(value, row)
        else:
            text = format_value(self.entity, column.key, value, row)
        return Text(text, justify=column.justify, no_wrap=True, overflow="ellipsis")

    def _show_count(self) -> None:
        label = self.query_one("#list-count", Static)
        if label.has_class("-error"):  # a class change restyles the widget: only when needed
            label.remove_class("-error")
        parts = []
        if self.total is None:
            parts.append(tx.LIST_LOADING)
        elif self.total == 0:
            parts.append(tx.LIST_EMPTY)
        else:
            parts.append(count_text(self.entity, self.total))
            if self.rows:
                parts.append(
                    tx.LIST_PAGE.format(
                        first=voc.format_int(self.row_offset + 1),
                        last=voc.format_int(self.row_offset + len(self.rows)),
                    )
                )
        sort_key = self.sort or self._default_sort()
        sort_label = next((c.label for c in self.columns if c.key == sort_key), sort_key)
        direction = tx.LIST_DESCENDING if self.descending else tx.LIST_ASCENDING
        parts.append(tx.LIST_SORTED_BY.format(column=sort_label, direction=direction))
        # One line of fixed height: no layout of the screen needed (a layout per keystroke
        # would cost the filter a good share of its 50 ms).
        label.update(Text(" · ".join(parts)), layout=False)

    def _default_sort(self) -> str:
        from storage.queries.paged import list_spec

        return list_spec(self.entity).default_sort

    # --- events and actions --------------------------------------------------------------------

    @on(Input.Changed, "#list-filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        event.stop()
        self.set_search(event.value)

    @on(Input.Submitted, "#list-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.focus_table()

    @on(DataTable.RowSelected)
    def _row_selected(self, event: DataTable.RowSelected) -> None:
        event.stop()
        if event.row_key.value is not None:
            self.post_message(self.Opened(self, event.row_key.value))

    @on(DataTable.HeaderSelected)
    def _header_selected(self, event: DataTable.HeaderSelected) -> None:
        event.stop()
        key = event.column_key.value
        column = next((c for c in self.columns if c.key == key), None)
        if column is None or not column.sortable:
            return
        current = self.sort or self._default_sort()
        self.set_sort(key, descending=not self.descending if key == current else False)

    @on(PageTable.EdgeReached)
    def _edge_reached(self, event: PageTable.EdgeReached) -> None:
        event.stop()
        self.action_page(event.step, cursor="first" if event.step > 0 else "last")

    def action_page(self, step: int, cursor: str = "first") -> None:
        """Show the next (``step`` 1) or previous (-1) page, if there is one."""
        offset = self.row_offset + step * self.page_size
        if offset < 0 or (step > 0 and len(self.rows) < self.page_size):
            return
        if step > 0 and self.total is not None and offset >= self.total:
            return
        self.row_offset = offset
        self._cursor_target = cursor
        self.reload(keep_offset=True)

    def action_cycle_sort(self) -> None:
        """Sort on the next sortable column."""
        keys = [column.key for column in self.columns if column.sortable]
        if not keys:
            return
        current = self.sort or self._default_sort()
        index = keys.index(current) + 1 if current in keys else 0
        self.set_sort(keys[index % len(keys)])

    def action_reverse_sort(self) -> None:
        self.set_sort(self.sort or self._default_sort(), descending=not self.descending)

    def action_focus_filter(self) -> None:
        self.filter_input.focus()
