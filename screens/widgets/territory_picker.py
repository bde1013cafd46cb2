"""A cascading territory picker: ARS -> département -> EPCI -> commune, four compact selects.

The option lists come from the reference tables in SQL (:mod:`storage.queries.territories`), read in
thread workers: choosing an ARS lists its départements, a département its EPCI and its communes,
an EPCI its communes in that département. Each choice posts :class:`TerritoryPicker.Changed`
with the narrowest territory chosen (a blank select means "all of the one above").

The picker is empty and disabled until :meth:`TerritoryPicker.start` hands it an engine and the
first ARS options (the dashboard reads those in its own first worker, with its figures).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.message import Message
from textual.widgets import Select

from screens import text as tx
from screens.messages import ControlMessage
from screens.workers import work
from storage.queries.territories import Territory

if TYPE_CHECKING:
    from sqlalchemy import Engine

Options = list[tuple[str, str]]

#: Select ids, from the widest level to the narrowest.
#: The value of the ARS list's last option, "Autres ARS…" (not an ARS code).
OTHER_ARS = "*"
SELECTS: tuple[tuple[str, str], ...] = (
    ("ars", "picker-ars"),
    ("departement", "picker-departement"),
    ("epci", "picker-epci"),
    ("commune", "picker-commune"),
)


class TerritoryPicker(Horizontal):
    """Four selects in a row; the narrowest one chosen is the territory."""

    DEFAULT_CSS = """
    TerritoryPicker {
        height: 1;
        width: 1fr;
        padding: 0 1;
    }
    TerritoryPicker Select {
        width: 1fr;
        margin-right: 1;
    }
    """

    @dataclass
    class Changed(ControlMessage):
        """The user chose another territory."""

        territory: Territory

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._engine: Engine | None = None
        self._names: dict[str, dict[str, str]] = {level: {} for level, _ in SELECTS}
        self._every_ars: Options = []
        #: The territory last announced (None before the first).
        self.territory: Territory | None = None

    def compose(self) -> ComposeResult:
        for level, select_id in SELECTS:
            yield Select(
                [],
                prompt=tx.PICKER_PROMPTS[level],
                id=select_id,
                compact=True,
                disabled=True,
                classes=f"picker-{level}",
            )

    def _select(self, level: str) -> Select[str]:
        return self.query_one(f"#picker-{level}", Select)

    def _value(self, level: str) -> str | None:
        value = self._select(level).value
        return value if isinstance(value, str) else None

    def start(
        self,
        engine: Engine,
        ars: Options,
        ars_code: str | None,
        departements: Options,
        *,
        every_ars: Options | None = None,
    ) -> None:
        """Fill the ARS and département lists and show ``ars_code`` (no Changed message).

        ``every_ars``: when ``ars`` is only the device's own, the whole list, offered by a last
        option "Autres ARS…" (a REU correspondent is not offered Mayotte unless they ask).
        """
        self._engine = engine
        self._every_ars = every_ars or ars
        if len(self._every_ars) > len(ars):
            ars = [*ars, (OTHER_ARS, tx.PICKER_OTHER_ARS)]
        self._fill("ars", ars, ars_code)
        self._fill("departement", departements, None)
        if ars_code:
            self.territory = Territory("ars", ars_code, self._names["ars"].get(ars_code, ""))

    def _fill(self, level: str, options: Options, value: str | None) -> None:
        self._names[level] = dict(options)
        select = self._select(level)
        # Labels show the code too: "974 La Réunion", "Saint-Paul (97415)".
        select.set_options([(_option_label(level, code, name), code) for code, name in options])
        if value is not None and value in self._names[level]:
            select.value = value
        select.disabled = not options

    @on(Select.Changed)
    def _select_changed(self, event: Select.Changed) -> None:
        event.stop()
        if self._engine is None:
            return
        level = next(lvl for lvl, sid in SELECTS if sid == event.select.id)
        value = event.value if isinstance(event.value, str) else None
        if level == "ars" and value == OTHER_ARS:
            shown = self.territory.code if self.territory is not None else None
            self._fill("ars", self._every_ars, shown if shown in dict(self._every_ars) else None)
            return
        if level == "ars" and value:
            self._clear_below("ars")
            self._load_options("departement", value, None)
        elif level == "departement":
            self._clear_below("departement")
            if value:
                self._load_options("epci", value, None)
                self._load_options("commune", value, None)
        elif level == "epci":
            self._clear_below("epci")
            departement = self._value("departement")
            if departement:
                self._load_options("commune", departement, value)
        self._announce()

    def _clear_below(self, level: str) -> None:
        levels = [lvl for lvl, _ in SELECTS]
        for lower in levels[levels.index(level) + 1 :]:
            select = self._select(lower)
            if self._names[lower]:
                self._names[lower] = {}
                with self.prevent(Select.Changed):
                    select.set_options([])
            select.disabled = True

    def current(self) -> Territory | None:
        """The narrowest territory chosen (None before the ARS list is there)."""
        for level, _ in reversed(SELECTS):
            code = self._value(level)
            if code:
                return Territory(level, code, self._names[level].get(code, ""))  # type: ignore[arg-type]
        return None

    def _announce(self) -> None:
        territory = self.current()
        if territory is not None and territory != self.territory:
            self.territory = territory
            self.post_message(self.Changed(self, territory))

    @work(thread=True, group="picker-options")
    def _load_options(self, level: str, parent: str, epci: str | None) -> None:
        from storage.db import read_connection
        from storage.queries import territories

        assert self._engine is not None
        with read_connection(self._engine) as connection:
            if level == "departement":
                options = territories.departement_options(connection, parent)
            elif level == "epci":
                options = territories.epci_options(connection, parent)
            else:
                options = territories.commune_options(connection, parent, epci)
        self.post_message(self._OptionsLoaded(level, parent, epci, options))

    @dataclass
    class _OptionsLoaded(Message):
        """The options of ``level`` under ``parent`` (and ``epci``), read by the worker."""

        level: str
        parent: str
        epci: str | None
        options: Options

    @on(_OptionsLoaded)
    def _options_loaded(self, message: _OptionsLoaded) -> None:
        message.stop()
        level, parent, epci = message.level, message.parent, message.epci
        # A list asked for before the user changed the level above is dropped.
        above = {"departement": "ars", "epci": "departement", "commune": "departement"}[level]
        if self._value(above) != parent or (level == "commune" and self._value("epci") != epci):
            return
        with self.prevent(Select.Changed):
            self._fill(level, message.options, None)


def _option_label(level: str, code: str, name: Any) -> str:
    if level == "ars":
        return str(name)
    if level == "departement":
        return f"{code} {name}"
    return f"{name} ({code})" if level == "commune" else str(name)
