"""Installations: the list of projets d'installation, filtered and sorted in SQL.

Filters: the text box (professional's name, commune, localité, référent, accent-free), the
status, the commune (type-ahead) and "Échéance passée" (the next action's due date is before
today). Sorting: click a column header, or ``s`` (next column) / ``S`` (reverse). Entrée opens
the project's page; ``n`` creates a project.

The list is a :class:`~screens.widgets.paged_list.PagedList`: one page of rows at a time, so it
stays instant on 100,000 projects.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Checkbox, Header, Select

from screens.base import BaseScreen
from screens.widgets.footer import AppFooter
from screens.widgets.lookup import CommuneLookup, TypeAhead
from screens.widgets.paged_list import ListColumn, PagedList
from screens.widgets.record_page import today
from screens.widgets.status_bar import StatusBar
from storage import fr

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from screens.context import ScreenContext
    from storage.queries import ListRequest, Page

ENTITY = "installation_project"

#: Widths fit 100 columns (the zonage class is on the record's page).
COLUMNS: tuple[ListColumn, ...] = (
    ListColumn("professional_name", fr.COLUMN_LABELS["professional_name"], width=20),
    ListColumn("commune_name", fr.COLUMN_LABELS["commune_name"], width=14),
    ListColumn("localite", fr.COLUMN_LABELS["localite"], width=12),
    ListColumn("status", fr.COLUMN_LABELS["status"], width=19, essential=True),
    ListColumn("first_contact_date", fr.COLUMN_LABELS["first_contact_date"], width=10),
    ListColumn("next_action_due", fr.COLUMN_LABELS["next_action_due"], width=10, essential=True),
)


def overdue_fetch(on_day: date) -> Callable[[Connection, ListRequest], Page]:
    """A list fetch keeping the projects whose next action was due before ``on_day``."""

    def fetch(connection: Connection, request: ListRequest) -> Page:
        from storage.models import InstallationProject
        from storage.queries import Page, count_query, page_query

        condition = InstallationProject.__table__.c.next_action_due < on_day
        rows = [
            dict(row) for row in connection.execute(page_query(request).where(condition)).mappings()
        ]
        total = connection.execute(count_query(request).where(condition)).scalar_one()
        return Page(rows=rows, total=total, offset=request.offset, limit=request.limit)

    return fetch


def status_options() -> list[tuple[str, str]]:
    """(French label, code) of every status of the installation workflow, in its order."""
    from storage.workflows import workflow_for

    workflow = workflow_for(ENTITY, {})
    return [(state.label, code) for code, state in workflow.states.items()]


class InstallationsScreen(BaseScreen):
    """The section "Installations" (key 2)."""

    DEFAULT_CSS = """
    InstallationsScreen #installations-filters {
        height: auto;
        padding: 0 0;
    }
    InstallationsScreen #filter-status {
        width: 30;
    }
    InstallationsScreen #filter-commune {
        width: 1fr;
    }
    InstallationsScreen #filter-commune #lookup-chosen {
        display: none;
    }
    InstallationsScreen #filter-overdue {
        width: auto;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", fr.BINDING_NEW, id="installations.new"),
        Binding("x", "clear_filters", fr.BINDING_CLEAR_FILTERS, id="installations.clear"),
    ]

    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="installations-filters"):
            yield Select(status_options(), prompt=fr.LIST_ANY_STATUS, id="filter-status")
            lookup = CommuneLookup(self.context.engine, id="filter-commune")
            lookup.ars_code = self.context.ars_code
            yield lookup
            yield Checkbox(fr.LIST_OVERDUE, id="filter-overdue")
        # The latest first contacts first: the projects being worked on.
        yield PagedList(
            self.context.engine, ENTITY, COLUMNS, descending=True, id="installations-list"
        )
        yield StatusBar()
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = fr.INSTALLATIONS_TITLE
        self.list.focus_table()  # keys (n, x, s, 1-9) work at once; / goes to the filter

    @property
    def list(self) -> PagedList:
        return self.query_one(PagedList)

    # --- filters -------------------------------------------------------------------------------

    @on(Select.Changed, "#filter-status")
    def _status_changed(self, event: Select.Changed) -> None:
        event.stop()
        value: Any = event.value
        self.list.set_filters(status=None if value is Select.NULL else value)

    @on(TypeAhead.Changed, "#filter-commune")
    def _commune_changed(self, event: TypeAhead.Changed) -> None:
        event.stop()
        if event.value is None and "commune_code" not in self.list.filters:
            return
        self.list.set_filters(commune_code=event.value)

    @on(Checkbox.Changed, "#filter-overdue")
    def _overdue_changed(self, event: Checkbox.Changed) -> None:
        event.stop()
        self.list.fetch = overdue_fetch(today()) if event.value else None
        self.list.reload()

    def action_clear_filters(self) -> None:
        self.query_one("#filter-status", Select).clear()
        self.query_one("#filter-overdue", Checkbox).value = False
        lookup = self.query_one("#filter-commune", CommuneLookup)
        lookup.input.value = ""
        paged = self.list
        paged.filter_input.value = ""
        paged.filters.clear()
        paged.search = ""
        paged.fetch = None
        paged.reload()

    # --- records -------------------------------------------------------------------------------

    @on(PagedList.Opened)
    def _open(self, event: PagedList.Opened) -> None:
        from screens.installations.record import InstallationRecordScreen

        event.stop()
        self.app.push_screen(InstallationRecordScreen(self.context, event.record_id))

    def on_screen_resume(self) -> None:
        """Back from a record, a form or another section: the records may have changed."""
        if self.list.shown_generation:
            self.list.reload(keep_offset=True)

    def action_new(self) -> None:
        from screens.installations.form import InstallationForm

        self.app.push_screen(InstallationForm(self.context), self._created)

    def _created(self, record_id: str | None) -> None:
        if record_id is not None:
            from screens.installations.record import InstallationRecordScreen

            self.app.push_screen(InstallationRecordScreen(self.context, record_id))
