"""Column widths of a list for the width of the terminal and the text of the page.

:func:`plan_widths` is pure: given each column's preferred width, its longest text (header
included) and whether it must stay, it returns the columns to show and their widths:

1. too narrow: columns wider than their longest text shrink to it; then the columns that may
   go are dropped from the right (the first column and the ones marked ``essential`` —
   Échéance, Situation, Montant — stay), then the rest shrink toward their minimum;
2. room to spare: columns whose text is cut grow toward their longest text (a header such as
   "Population à plus de 30 min" is not cut while half the width is empty).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

#: Cells DataTable adds around each column (one on each side).
PADDING = 2
#: No column shrinks below this (or its preferred width, if smaller).
MIN_WIDTH = 6


@dataclass(frozen=True)
class ColumnNeed:
    key: str
    preferred: int
    #: The longest text of the column, its header included.
    longest: int
    essential: bool = False
    #: The header's length (a header is made whole before any cell grows).
    header: int = 0


def plan_widths(needs: Sequence[ColumnNeed], available: int) -> dict[str, int]:
    """Key -> width of the columns to show, in their order (``available`` <= 0: as preferred)."""
    if available <= 0:
        return {need.key: need.preferred for need in needs}
    shown = list(needs)
    widths = {need.key: need.preferred for need in needs}

    def total() -> int:
        return sum(widths[need.key] + PADDING for need in shown)

    if total() > available:  # first what costs nothing: room no text of the page uses
        for need in shown:
            widths[need.key] = min(widths[need.key], max(need.longest, MIN_WIDTH))
    for need in reversed(needs[1:]):  # drop from the right, never the first or an essential one
        if total() <= available:
            break
        if not need.essential:
            shown.remove(need)
    excess = total() - available
    for need in sorted(shown, key=lambda n: -widths[n.key]):  # the widest give first
        if excess <= 0:
            break
        floor = min(MIN_WIDTH, need.preferred)
        give = min(excess, widths[need.key] - floor)
        widths[need.key] -= give
        excess -= give
    spare = available - total()
    if spare >= 0 and any(widths[n.key] < n.header for n in shown):
        # Cut headers first ("1er contac"): columns with room their text does not use give it.
        for need in shown:
            widths[need.key] = min(widths[need.key], max(need.longest, MIN_WIDTH))
        spare = available - total()
    for target in ("header", "longest"):  # whole headers first, then whole texts
        for need in shown:
            if spare <= 0:
                break
            grow = min(spare, max(0, getattr(need, target) - widths[need.key]))
            widths[need.key] += grow
            spare -= grow
    return {need.key: widths[need.key] for need in shown}
