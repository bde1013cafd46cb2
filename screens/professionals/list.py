"""Professionnels: the list of the professionals followed, filtered and sorted in SQL.

Filters: the text box (name, first name or RPPS, accent-free) and the situation (étudiant,
interne, installé en libéral...). Sorting: click a header, or ``s`` / ``S``. Entrée opens the
professional's page; ``n`` creates one.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Header, Select

from screens.base import BaseScreen
from screens.widgets.footer import AppFooter
from screens.widgets.paged_list import ListColumn, PagedList
from screens.widgets.status_bar import StatusBar
from storage import fr

if TYPE_CHECKING:
    from screens.context import ScreenContext

ENTITY = "professional"

COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("last_name", fr.COLUMN_LABELS["last_name"], width=20),
    ListColumn("first_name", fr.COLUMN_LABELS["first_name"], width=16),
    ListColumn("rpps", fr.COLUMN_LABELS["rpps"], width=11),
    ListColumn("profession", fr.COLUMN_LABELS["profession"], width=24),
    ListColumn("situation", fr.COLUMN_LABELS["situation"], width=22, essential=True),
)


class ProfessionalsScreen(BaseScreen):
    """The section "Professionnels" (key 3)."""

    DEFAULT_CSS = """
    ProfessionalsScreen #professionals-filters {
        height: auto;
    }
    ProfessionalsScreen #filter-situation {
        width: 36;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", fr.BINDING_NEW, id="professionals.new"),
    ]

    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        situations = fr.choices_for(ENTITY, "situation") or {}
        yield Header()
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
        yield StatusBar()
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = fr.PROFESSIONALS_TITLE
        self.list.focus_table()  # keys (n, x, s, 1-9) work at once; / goes to the filter

    @property
    def list(self) -> PagedList:
        return self.query_one(PagedList)

    @on(Select.Changed, "#filter-situation")
    def _situation_changed(self, event: Select.Changed) -> None:
        event.stop()
        value: Any = event.value
        self.list.set_filters(situation=None if value is Select.NULL else value)

    @on(PagedList.Opened)
    def _open(self, event: PagedList.Opened) -> None:
        from screens.professionals.record import ProfessionalRecordScreen

        event.stop()
        self.app.push_screen(ProfessionalRecordScreen(self.context, event.record_id))

    def on_screen_resume(self) -> None:
        """Back from a record, a form or another section: the records may have changed."""
        if self.list.shown_generation:
            self.list.reload(keep_offset=True)

    def action_new(self) -> None:
        from screens.professionals.form import ProfessionalForm

        self.app.push_screen(ProfessionalForm(self.context), self._created)

    def _created(self, record_id: str | None) -> None:
        if record_id is not None:
            from screens.professionals.record import ProfessionalRecordScreen

            self.app.push_screen(ProfessionalRecordScreen(self.context, record_id))
