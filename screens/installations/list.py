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
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Checkbox

from screens import text as tx
from screens.section import SectionScreen, SectionSpec, list_columns
from screens.widgets.lookup import CommuneLookup, TypeAhead
from screens.widgets.paged_list import Fetch, PagedList
from screens.widgets.record_page import today

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from storage.queries import ListRequest, Page

ENTITY = "installation_project"

#: Widths fit 100 columns (the zonage class is on the record's page).
COLUMNS = list_columns(
    tx.COLUMN_LABELS,
    "professional_name:20 commune_name:14 localite:12 status:19 first_contact_date:10"
    " next_action_due:10",
    essential=("status", "next_action_due"),
)


def overdue_fetch(on_day: date) -> Callable[[Connection, ListRequest], Page]:
    """A list fetch keeping the projects whose next action was due before ``on_day``."""

    def fetch(connection: Connection, request: ListRequest) -> Page:
        from storage.queries import list_page_where, next_action_overdue

        return list_page_where(connection, request, [next_action_overdue(on_day)])

    return fetch


class InstallationsScreen(SectionScreen):
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

    SPEC = SectionSpec(
        "installations",
        ENTITY,
        tx.INSTALLATIONS_TITLE,
        "InstallationRecordScreen",
        "InstallationForm",
    )
    SELECT_FILTERS: ClassVar[dict[str, str]] = {"filter-status": "status"}
    FETCH_CHECKBOX = "filter-overdue"

    def compose_section(self) -> ComposeResult:
        with Horizontal(id="installations-filters"):
            yield self.status_filter()
            lookup = CommuneLookup(self.context.engine, id="filter-commune")
            lookup.ars_code = self.context.ars_code
            yield lookup
            yield Checkbox(tx.LIST_OVERDUE, id="filter-overdue")
        # The latest first contacts first: the projects being worked on.
        yield PagedList(
            self.context.engine, ENTITY, COLUMNS, descending=True, id="installations-list"
        )

    def list_fetch(self, narrowed: bool) -> Fetch | None:
        return overdue_fetch(today()) if narrowed else None

    @on(TypeAhead.Changed, "#filter-commune")
    def _commune_changed(self, event: TypeAhead.Changed) -> None:
        event.stop()
        if event.value is None and "commune_code" not in self.list.filters:
            return
        self.list.set_filters(commune_code=event.value)
