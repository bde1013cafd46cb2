"""Small parts shared by the Aides et contrats, MSP, SAMU / MCS and Missions sections.

- :func:`today`: the day the sections compute with (ending soon, refresher due). It asks
  :func:`screens.widgets.record_page.today` each time, so a test that freezes that one freezes
  every section.
- :func:`add_detail_sections`: titled tables added to a record page, under the record's fields
  (MSP sites and staffing, an MCS's trainings...). The tables are the record page's own style.
- :func:`fill_table`: replace a DataTable's rows, numbers right-aligned.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date

from rich.text import Text
from textual.containers import VerticalScroll
from textual.screen import Screen
from textual.widgets import DataTable, Static

from screens.widgets import record_page


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
