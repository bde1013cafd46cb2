"""Conflits: edits the server could not apply because someone else changed the same fields.

Above, the conflicted edits (oldest first). Below, the fields of the selected one, each with
*valeur d'origine* (what the user saw when editing), *ma valeur*, *valeur du serveur* (with its
author and date) and the choice: ``m`` keeps mine for the field under the cursor, ``s`` takes the
server's; ``M`` / ``S`` do it for every field; ``v`` (or *Valider*) applies the choices. Fields
the server did not object to default to "mine" (they are sent again).

Applying writes a NEW edit through the store on top of the server's state (so it cannot
overwrite anyone silently) and closes the conflict, in one transaction
(:func:`storage.sync.conflicts.resolve_conflict`); the app then syncs. Database work runs in thread
workers.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.widgets import Button

from screens import text as tx
from screens.sync.problems import ProblemsScreen, problems_css
from screens.workers import work
from storage import vocabulary as voc

if TYPE_CHECKING:
    from screens.context import ScreenContext
    from storage.sync.conflicts import ProblemOp

MINE, THEIRS = "mine", "theirs"


def display_value(
    entity: str,
    field: str,
    value: Any,
    record: Mapping[str, Any] | None = None,
    names: Mapping[tuple[str, str], str] | None = None,
) -> str:
    """A stored or wire value as the user reads it (``names``: reference ids -> names)."""
    if names and isinstance(value, str) and (name := names.get((field, json.dumps(value)))):
        return name
    if field == "status" and isinstance(value, str):
        from screens.widgets.formatting import format_value

        return format_value(entity, field, value, record or {})
    if field == "deleted":
        return tx.SYNC_VALUE_DELETED if value else tx.SYNC_VALUE_PRESENT
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return tx.SYNC_VALUE_YES if value else tx.SYNC_VALUE_NO
    choices = voc.choices_for(entity, field)
    if choices and value in choices:
        return choices[value]
    if isinstance(value, str) and len(value) == 10 and value[4] == "-" and value[7] == "-":
        try:
            return voc.format_date(datetime.fromisoformat(value).date())
        except ValueError:
            return value
    return str(value)


def _author(by: str | None, at: str | None) -> str:
    when = ""
    if at:
        try:
            moment = datetime.fromisoformat(at).astimezone()
            when = f"{voc.format_date(moment)} {moment:%H:%M}"
        except ValueError:
            when = at
    return tx.SYNC_CONFLICT_BY.format(by=by or "?", at=when or "?")


class ConflictsScreen(ProblemsScreen):
    """Decide, field by field, between my edit and the server's value."""

    DEFAULT_CSS = problems_css("ConflictsScreen", "conflict", fields_height="2fr")

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("m", "choose('mine')", tx.SYNC_BINDING_MINE, id="conflicts.mine"),
        Binding("s", "choose('theirs')", tx.SYNC_BINDING_THEIRS, id="conflicts.theirs"),
        Binding("M", "choose_all('mine')", tx.SYNC_BINDING_ALL_MINE, id="conflicts.all_mine"),
        Binding("S", "choose_all('theirs')", tx.SYNC_BINDING_ALL_THEIRS, id="conflicts.all_theirs"),
        Binding("v", "resolve", tx.SYNC_BINDING_RESOLVE, id="conflicts.resolve"),
        Binding("escape", "close", tx.SYNC_BINDING_BACK, id="conflicts.back"),
    ]

    PREFIX = "conflict"
    SUB_TITLE = tx.SYNC_CONFLICTS_TITLE
    EMPTY = tx.SYNC_CONFLICTS_EMPTY
    HELP = tx.SYNC_CONFLICTS_HELP
    LIST_MIDDLE_COLUMN = (tx.SYNC_COLUMN_FIELDS, "fields")
    FIELD_COLUMNS = (
        (tx.SYNC_COLUMN_FIELD, "field"),
        (tx.SYNC_COLUMN_BASE, "base"),
        (tx.SYNC_COLUMN_MINE, "mine"),
        (tx.SYNC_COLUMN_THEIRS, "theirs"),
        (tx.SYNC_COLUMN_CHOICE, "choice"),
    )
    BUTTON_ACTIONS: ClassVar[dict[str, str]] = {
        "conflict-all-mine": f"choose_all('{MINE}')",
        "conflict-all-theirs": f"choose_all('{THEIRS}')",
        "conflict-resolve": "resolve",
    }

    def __init__(self, context: ScreenContext) -> None:
        super().__init__(context)
        #: op_id -> field -> choice
        self.choices: dict[str, dict[str, str]] = {}

    def compose_controls(self) -> ComposeResult:
        with Horizontal(id="conflict-buttons"):
            yield Button(tx.SYNC_BINDING_ALL_MINE, id="conflict-all-mine")
            yield Button(tx.SYNC_BINDING_ALL_THEIRS, id="conflict-all-theirs")
            yield Button(tx.SYNC_BINDING_RESOLVE, id="conflict-resolve", variant="primary")

    @work(thread=True, exclusive=True, group="conflicts-load", retry=True)
    def load(self) -> None:
        from storage.db import read_connection
        from storage.records.record_names import record_title, value_names
        from storage.sync.conflicts import problem_ops
        from storage.sync.state import CONFLICT

        problems = problem_ops(self.context.engine, CONFLICT)
        with read_connection(self.context.engine) as connection:
            titles = {p.op_id: record_title(connection, p.entity, p.entity_id) for p in problems}
            values = [
                (c.field, json.dumps(value))
                for p in problems
                for c in p.conflicts
                for value in (c.base, c.mine, c.theirs)
                if isinstance(value, str)
            ]
            names = value_names(connection, values)
        self.post_message(self.Loaded(problems, titles, names))

    def problems_loaded(self) -> None:
        for problem in self.problems:
            self.choices.setdefault(problem.op_id, {c.field: MINE for c in problem.conflicts})
        if self.problems:
            self.fields.focus()

    def list_middle_cell(self, problem: ProblemOp) -> object:
        return ", ".join(
            voc.field_label(c.field) for c in problem.conflicts if c.conflicting
        ) or ", ".join(voc.field_label(c.field) for c in problem.conflicts)

    def field_rows(self, problem: ProblemOp) -> Iterable[tuple[str, Sequence[object]]]:
        choices = self.choices[problem.op_id]
        record, names = problem.server, self.names
        for conflict in problem.conflicts:
            name = voc.field_label(conflict.field)
            if conflict.conflicting:
                name = f"⚠ {name}"
            theirs = display_value(problem.entity, conflict.field, conflict.theirs, record, names)
            yield (
                conflict.field,
                (
                    name,
                    display_value(problem.entity, conflict.field, conflict.base, record, names),
                    display_value(problem.entity, conflict.field, conflict.mine, record, names),
                    f"{theirs} ({_author(conflict.by, conflict.at)})",
                    tx.SYNC_CHOICE_MINE
                    if choices[conflict.field] == MINE
                    else tx.SYNC_CHOICE_THEIRS,
                ),
            )

    def action_choose(self, choice: str) -> None:
        """Mine or the server's, for the field under the cursor."""
        if self.selected is None:
            return
        table = self.fields
        if not table.row_count:
            return
        field = self.selected.conflicts[table.cursor_row].field
        self.choices[self.selected.op_id][field] = choice
        self.show_fields()

    def action_choose_all(self, choice: str) -> None:
        if self.selected is None:
            return
        for field in self.choices[self.selected.op_id]:
            self.choices[self.selected.op_id][field] = choice
        self.show_fields()

    def action_resolve(self) -> None:
        if self.selected is None:
            return
        self._resolve(self.selected.op_id, dict(self.choices[self.selected.op_id]))

    @work(thread=True, exclusive=True, group="conflicts-resolve")
    def _resolve(self, op_id: str, choices: dict[str, str]) -> None:
        from storage.sync.conflicts import resolve_conflict

        def write() -> str:
            resolve_conflict(self.context.store(), op_id, choices)
            return tx.SYNC_CONFLICT_RESOLVED

        self.report_write(write)
