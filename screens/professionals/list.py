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

from screens.section import SectionScreen, SectionSpec
from screens.widgets.paged_list import ListColumn, PagedList
from storage import fr

ENTITY = "professional"

COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("last_name", fr.COLUMN_LABELS["last_name"], width=20),
    ListColumn("first_name", fr.COLUMN_LABELS["first_name"], width=16),
    ListColumn("rpps", fr.COLUMN_LABELS["rpps"], width=11),
    ListColumn("profession", fr.COLUMN_LABELS["profession"], width=24),
    ListColumn("situation", fr.COLUMN_LABELS["situation"], width=22, essential=True),
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
        fr.PROFESSIONALS_TITLE,
        "ProfessionalRecordScreen",
        "ProfessionalForm",
        clears=False,
    )
    SELECT_FILTERS: ClassVar[dict[str, str]] = {"filter-situation": "situation"}

    def compose_section(self) -> ComposeResult:
        situations = fr.choices_for(ENTITY, "situation") or {}
        with Horizontal(id="professionals-filters"):
            yield Select(
                [(label, code) for code, label in situations.items()],
                prompt=fr.LIST_ANY_SITUATION,
                id="filter-situation",
            )
        yield PagedList(
            self.context.engine,
            ENTITY,
            COLUMNS,
            placeholder=fr.PICKER_PROFESSIONAL_PLACEHOLDER,
            id="professionals-list",
        )
