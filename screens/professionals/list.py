"""Professionnels: the list of the professionals followed, filtered and sorted in SQL.

Filters: the text box (name, first name or RPPS, accent-free) and the situation (étudiant,
interne, installé en libéral...). Sorting: click a header, or ``s`` / ``S``. Entrée opens the
professional's page; ``n`` creates one.
"""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Select

from screens import text as tx
from screens.section import SectionScreen, SectionSpec, list_columns
from screens.widgets.paged_list import PagedList
from storage import vocabulary as voc

ENTITY = "professional"

COLUMNS = list_columns(
    tx.COLUMN_LABELS,
    "last_name:20 first_name:16 rpps:11 profession:24 situation:22",
    essential=("situation",),
)


class ProfessionalsScreen(SectionScreen):
    """The section "Professionnels" (key 3)."""

    DEFAULT_CSS = """
    ProfessionalsScreen #professionals-filters {
        height: auto;
    }
    ProfessionalsScreen #filter-situation {
        width: 36;
    }
    """

    SPEC = SectionSpec(
        "professionals",
        ENTITY,
        tx.PROFESSIONALS_TITLE,
        "ProfessionalRecordScreen",
        "ProfessionalForm",
        clears=False,
    )
    SELECT_FILTERS: ClassVar[dict[str, str]] = {"filter-situation": "situation"}

    def compose_section(self) -> ComposeResult:
        situations = voc.choices_for(ENTITY, "situation") or {}
        with Horizontal(id="professionals-filters"):
            yield Select(
                [(label, code) for code, label in situations.items()],
                prompt=tx.LIST_ANY_SITUATION,
                id="filter-situation",
            )
        yield PagedList(
            self.context.engine,
            ENTITY,
            COLUMNS,
            placeholder=tx.PICKER_PROFESSIONAL_PLACEHOLDER,
            id="professionals-list",
        )
