"""A bar chart of monthly counts drawn with block characters ("▁▂▃▄▅▆▇█").

Each month is one column of bars, ``height - 1`` rows tall with eight steps per row, so small
differences still show; the scale (the highest month) is written on the left and the years under
their January. It fits its width: 3 cells a month when there is room, 2, then 1.

::

    chart = MonthlyBarChart()
    chart.data = [(date(2025, 1, 1), 3), (date(2025, 2, 1), 5)]
"""

from __future__ import annotations

from datetime import date

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget

from screens import text as tx
from storage import vocabulary as voc

#: Eighths of a cell, from empty to full.
BLOCKS = " ▁▂▃▄▅▆▇█"


def chart_lines(data: list[tuple[date, int]], width: int, height: int) -> list[str]:
    """The chart as ``height`` lines of at most ``width`` characters (the last: the years)."""
    if not data or width < 4 or height < 2:
        return []
    rows = height - 1
    peak = max(count for _, count in data)
    axis = len(voc.format_int(peak)) + 1
    room = max(1, (width - axis) // len(data))
    step = min(3, room)
    bar = step - 1 if step > 1 else 1
    lines = []
    for row in range(rows, 0, -1):  # top row first
        label = voc.format_int(peak) if row == rows else ("0" if row == 1 else "")
        cells = [label.rjust(axis - 1) + "│"]
        for _, count in data:
            eighths = round(count * rows * 8 / peak) if peak else 0
            # A month with installations never draws as empty: at least one eighth.
            if count and not eighths:
                eighths = 1
            filled = max(0, min(8, eighths - (row - 1) * 8))
            cells.append(BLOCKS[filled] * bar + " " * (step - bar))
        lines.append("".join(cells))
    years = [" "] * (axis + step * len(data))

    def place(text: str, start: int) -> None:
        # Written only where it leaves a blank cell on both sides of what is already there.
        if all(cell == " " for cell in years[max(0, start - 1) : start + len(text) + 1]):
            years[start : start + len(text)] = list(text)

    for index, (month, _) in enumerate(data):  # each January: its year
        if month.month == 1:
            place(str(month.year), axis + index * step)
    first = data[0][0]
    if first.month != 1:  # the first month, if it fits before the first January
        place(f"{first.month:02d}/{first.year % 100:02d}", axis)
    lines.append("".join(years).rstrip())
    return [line[:width] for line in lines]


class MonthlyBarChart(Widget):
    """Counts per month as vertical bars; set :attr:`data` to draw."""

    DEFAULT_CSS = """
    MonthlyBarChart {
        height: 7;
        width: 1fr;
        color: $accent;
    }
    """

    #: (first day of the month, count), oldest first.
    data: reactive[list[tuple[date, int]]] = reactive(list, always_update=True)

    def render(self) -> Text:
        lines = chart_lines(self.data, self.size.width, self.size.height)
        if not lines:
            return Text()
        if not any(count for _, count in self.data):
            return Text(tx.DASH_TREND_EMPTY, style="italic")
        text = Text("\n".join(lines[:-1]))
        text.append("\n" + lines[-1], style="dim")
        return text
