"""Objectifs régionaux: the objectives the ARS set itself (projet régional de santé).

A list (indicator, year, value, source) and a form. The dashboard measures a territory's
progress only against these, never against a national figure. Reached from the command palette
("Objectifs régionaux de l'ARS") or the dashboard (key ``o``). Entrée edits the objective, ``n``
creates one for the device's ARS.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Header, Static

from screens import text as tx
from screens.base import BaseScreen
from screens.section import EntityForm, list_columns
from screens.widgets.footer import AppFooter
from screens.widgets.form_fields import form_fields
from screens.widgets.paged_list import PagedList
from screens.widgets.status_bar import StatusBar
from storage import vocabulary as voc

if TYPE_CHECKING:
    from screens.context import ScreenContext

ENTITY = "regional_objective"

COLUMNS = list_columns(
    voc.FIELD_LABELS,
    "ars_code:5 indicator:44 year:6 value:12 source",
    right=("year", "value"),
)

FIELDS = form_fields("indicator value year source")


class ObjectiveForm(EntityForm):
    """The form of one objective (new when ``record_id`` is None), for the device's ARS."""

    ENTITY = ENTITY
    FIELDS = FIELDS


class ObjectivesScreen(BaseScreen):
    """The list of the ARS's objectives."""

    DEFAULT_CSS = """
    ObjectivesScreen #objectives-hint {
        padding: 0 1;
        color: $text-muted;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "new", tx.BINDING_NEW, id="objectives.new"),
        Binding("escape", "close", tx.BINDING_BACK, id="objectives.back"),
    ]

    def __init__(self, context: ScreenContext) -> None:
        super().__init__()
        self.context = context

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(tx.OBJECTIVES_HINT, id="objectives-hint")
        yield PagedList(
            self.context.engine,
            ENTITY,
            COLUMNS,
            placeholder=tx.OBJECTIVES_PLACEHOLDER,
            id="objectives-list",
        )
        yield StatusBar()
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = tx.OBJECTIVES_TITLE
        self.list.focus_table()

    @property
    def list(self) -> PagedList:
        return self.query_one(PagedList)

    @on(PagedList.Opened)
    def _open(self, event: PagedList.Opened) -> None:
        event.stop()
        self.app.push_screen(ObjectiveForm(self.context, record_id=event.record_id))

    def on_screen_resume(self) -> None:
        """Back from the form: the objectives may have changed."""
        if self.list.shown_generation:
            self.list.reload(keep_offset=True)

    def action_close(self) -> None:
        self.app.pop_screen()

    def action_new(self) -> None:
        self.app.push_screen(ObjectiveForm(self.context))
