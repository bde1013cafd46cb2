"""Type-ahead pickers: type a few letters, SQL proposes the matches, ↓ and Entrée choose.

A Select of 35,000 communes would take seconds to build and be useless to scroll. A
:class:`TypeAhead` instead runs one small query per keystroke in a thread worker (the latest
keystroke wins) on the table's accent-free ``search_key``, every typed word having to appear:
"etang sale" finds L'Étang-Salé (key ``l'etang-sale 97404``), "mamoudzou" finds Mamoudzou, and
"97611" finds it by its INSEE code.

- :class:`CommunePicker`: a commune (name, INSEE code, département) and, beside it, the
  localité (free text below the commune: "Dos d'Âne", an îlet of Mafate).
- :class:`ProfessionalPicker`: a professional (name, first name, profession and specialty, the
  commune of their latest project, the last four digits of the RPPS: homonyms are told apart;
  found by name or RPPS; the whole RPPS is never shown, a proposal may end up on a screenshot).

Keys: type, Entrée chooses the highlighted proposal (the first at once), ↓/↑ move the
highlight (or a click). ``value`` is the chosen
code or id (None while nothing is chosen); :class:`TypeAhead.Changed` tells the screen.

    picker = CommunePicker(engine, id="commune")   # in compose()
    picker.commune_code, picker.localite            # when saving
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.actions import SkipAction
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static
from textual.widgets.option_list import Option

from screens import text as tx
from screens.messages import ControlMessage
from screens.workers import work
from storage import vocabulary as voc

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from storage.queries.lookups import CommuneRow, ProfessionalRow

#: How many proposals a picker shows.
MAX_PROPOSALS = 8


def search_communes(
    connection: Connection, text: str, limit: int = MAX_PROPOSALS, *, ars_code: str | None = None
) -> list[tuple[str, str]]:
    """(INSEE code, "Name (code) — Département") of the communes matching ``text``, those of
    ``ars_code`` first (:func:`storage.queries.lookups.matching_communes`)."""
    from storage.queries.lookups import matching_communes

    return [
        (row.code, _commune_label(row))
        for row in matching_communes(connection, text, limit, ars_code=ars_code)
    ]


def describe_commune(connection: Connection, code: str) -> str | None:
    from storage.queries.lookups import commune_by_code

    row = commune_by_code(connection, code)
    return None if row is None else _commune_label(row)


def _commune_label(row: CommuneRow) -> str:
    return tx.PICKER_COMMUNE_OPTION.format(
        name=row.name, code=row.code, departement=row.departement
    )


def _professional_label(
    last_name: str,
    first_name: str,
    profession: str | None,
    specialty: str | None = None,
    rpps: str | None = None,
    commune: str | None = None,
) -> str:
    """ "Grondin Marie — Médecin, médecine générale — Saint-Paul — RPPS …4567".

    Enough to tell homonyms apart: profession and specialty, the commune of their latest
    project, and only the last digits of the RPPS (a proposal may end up on a screenshot).
    """
    job = (voc.choices_for("professional", "profession") or {}).get(profession or "", "")
    job = ", ".join(part for part in (job, specialty) if part)
    parts = [f"{last_name} {first_name}", job, commune or "", _rpps_tail(rpps)]
    return " — ".join(part for part in parts if part)


def _rpps_tail(rpps: str | None) -> str:
    return tx.PICKER_RPPS_TAIL.format(digits=rpps[-4:]) if rpps and len(rpps) > 4 else ""


def _label_of(row: ProfessionalRow) -> str:
    return _professional_label(
        row.last_name, row.first_name, row.profession, row.specialty, row.rpps, row.commune
    )


def search_professionals(
    connection: Connection,
    text: str,
    limit: int = MAX_PROPOSALS,
    *,
    professions: tuple[str, ...] | None = None,
) -> list[tuple[str, str]]:
    """(id, "Nom Prénom — Profession, spécialité — Commune — RPPS …1234") of the live
    professionals matching ``text`` (see :func:`_professional_label`), of ``professions`` only
    when given (an MCS is a physician: the picker does not offer a psychologue)."""
    from storage.queries.lookups import matching_professionals

    rows = matching_professionals(connection, text, limit, professions=professions)
    return [(row.id, _label_of(row)) for row in rows]


def describe_professional(
    connection: Connection, record_id: str, *, detailed: bool = False
) -> str | None:
    """ "Nom Prénom — Profession"; ``detailed``: with what tells homonyms apart (pickers)."""
    from storage.queries.lookups import professional_by_id

    row = professional_by_id(connection, record_id)
    if row is None:
        return None
    return _label_of(row) if detailed else _professional_label(*row[1:4])


class TypeAhead(Widget, can_focus=False):
    """An Input whose keystrokes query SQL for proposals; subclasses say how (``search``)."""

    DEFAULT_CSS = """
    TypeAhead {
        height: auto;
        width: 1fr;
    }
    TypeAhead > OptionList {
        display: none;
        max-height: 10;
        height: auto;
        border: round $accent;
    }
    TypeAhead.-open > OptionList {
        display: block;
    }
    TypeAhead > #lookup-chosen {
        height: 1;
        color: $text-muted;
        padding: 0 1;
    }
    TypeAhead > #lookup-chosen.-chosen {
        color: $success;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("down", "move(1)", show=False, id="lookup.next"),
        Binding("up", "move(-1)", show=False, id="lookup.previous"),
        Binding("escape", "close", show=False, id="lookup.close"),
    ]

    placeholder: ClassVar[str] = ""

    @dataclass
    class Changed(ControlMessage):
        """The chosen value changed (None: the text no longer names a chosen value)."""

        value: str | None

    @dataclass
    class _Proposals(Message):
        generation: int
        proposals: list[tuple[str, str]]

    @dataclass
    class _Described(Message):
        value: str
        label: str | None

    def __init__(
        self,
        engine: Engine,
        *,
        value: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """A picker reading ``engine``; ``value`` is the code/id chosen at first, if any."""
        super().__init__(id=id, classes=classes)
        self.engine = engine
        self.value: str | None = value
        self._chosen_label: str | None = None
        self._generation = 0
        #: The proposals shown, (value, label).
        self.proposals: list[tuple[str, str]] = []

    # Subclasses: the query of proposals and the label of a value.
    def search(self, connection: Connection, text: str) -> list[tuple[str, str]]:
        raise NotImplementedError

    def describe(self, connection: Connection, value: str) -> str | None:
        raise NotImplementedError

    def compose(self) -> ComposeResult:
        yield Input(placeholder=self.placeholder, id="lookup-input")
        yield OptionList(id="lookup-options")
        yield Static(tx.PICKER_NOT_CHOSEN, id="lookup-chosen")

    def on_mount(self) -> None:
        if self.value is not None:
            self._describe(self.value)

    @property
    def input(self) -> Input:
        return self.query_one("#lookup-input", Input)

    def focus(self, scroll_visible: bool = True) -> TypeAhead:
        self.input.focus(scroll_visible)
        return self

    def choose(self, value: str, label: str) -> None:
        """Make ``value`` the chosen one, shown as ``label``."""
        self.value = value
        self._chosen_label = label
        if self.input.value != label:
            self.input.value = label
        self._show_chosen()
        self.remove_class("-open")
        self.post_message(self.Changed(self, value))

    def set_value(self, value: str | None, text: str | None = None) -> None:
        """Show ``value`` as chosen (its label is looked up), or ``text`` typed, nothing chosen."""
        if value is not None:
            self.value = value
            self._chosen_label = None
            self._describe(value)
        else:
            self.input.value = text or ""

    # --- workers -------------------------------------------------------------------------------

    @work(thread=True, exclusive=True, group="lookup-search")
    def _search(self, generation: int, text: str) -> None:
        from storage.db import read_connection

        try:
            with read_connection(self.engine) as connection:
                proposals = self.search(connection, text)
        except Exception:  # a failed lookup shows no proposal; the form says what is missing
            proposals = []
        self.post_message(self._Proposals(generation, proposals))

    @work(thread=True, group="lookup-describe")
    def _describe(self, value: str) -> None:
        from storage.db import read_connection

        with read_connection(self.engine) as connection:
            self.post_message(self._Described(value, self.describe(connection, value)))

    @on(_Described)
    def _described(self, message: _Described) -> None:
        message.stop()
        if message.value == self.value and message.label is not None:
            self._chosen_label = message.label
            self.input.value = message.label
            self._show_chosen()

    @on(_Proposals)
    def _show_proposals(self, message: _Proposals) -> None:
        message.stop()
        if message.generation != self._generation:
            return
        self.proposals = message.proposals
        options = self.query_one(OptionList)
        options.clear_options()
        if message.proposals:
            options.add_options([Option(label, id=value) for value, label in message.proposals])
            options.highlighted = 0
        else:
            options.add_option(Option(Text(tx.PICKER_NO_MATCH, style="italic"), disabled=True))
        self.add_class("-open")

    # --- events --------------------------------------------------------------------------------

    @on(Input.Changed, "#lookup-input")
    def _typed(self, event: Input.Changed) -> None:
        event.stop()
        if self._chosen_label is not None and event.value == self._chosen_label:
            return  # the label put there by choose()
        if self.value is not None:
            self.value = None
            self._chosen_label = None
            self._show_chosen()
            self.post_message(self.Changed(self, None))
        self._generation += 1
        if event.value.strip():
            self._search(self._generation, event.value)
        else:
            self.proposals = []
            self.remove_class("-open")

    @on(Input.Submitted, "#lookup-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._choose_highlighted()

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option.id is not None:
            self.choose(event.option.id, str(event.option.prompt))
            self.input.focus()

    def _choose_highlighted(self) -> None:
        options = self.query_one(OptionList)
        if not self.has_class("-open") or options.highlighted is None:
            return
        option = options.get_option_at_index(options.highlighted)
        if option.id is not None:
            self.choose(option.id, str(option.prompt))

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if not self.has_class("-open") or not options.option_count:
            raise SkipAction()  # no proposals: the key goes on to the screen
        current = options.highlighted if options.highlighted is not None else -1
        options.highlighted = max(0, min(options.option_count - 1, current + step))

    def action_close(self) -> None:
        if not self.has_class("-open"):
            raise SkipAction()  # Échap then closes the form, as everywhere else
        self.remove_class("-open")

    def _show_chosen(self) -> None:
        chosen = self.query_one("#lookup-chosen", Static)
        if self.value is not None and self._chosen_label is not None:
            chosen.update(Text(tx.PICKER_CHOSEN.format(text=self._chosen_label)))
            chosen.add_class("-chosen")
        else:
            chosen.update(Text(tx.PICKER_NOT_CHOSEN))
            chosen.remove_class("-chosen")


class CommuneLookup(TypeAhead):
    """Type-ahead over the ~35,000 communes (name or INSEE code), the device's ARS first."""

    placeholder = tx.PICKER_COMMUNE_PLACEHOLDER
    #: The device's ARS, whose communes are proposed first (None: no preference).
    ars_code: str | None = None

    def search(self, connection: Connection, text: str) -> list[tuple[str, str]]:
        return search_communes(connection, text, ars_code=self.ars_code)

    def describe(self, connection: Connection, value: str) -> str | None:
        return describe_commune(connection, value)


class ProfessionalPicker(TypeAhead):
    """Type-ahead over the professionals (name, first name or RPPS)."""

    placeholder = tx.PICKER_PROFESSIONAL_PLACEHOLDER
    #: Only these professions are proposed (None: every one).
    professions: tuple[str, ...] | None = None

    def search(self, connection: Connection, text: str) -> list[tuple[str, str]]:
        return search_professionals(connection, text, professions=self.professions)

    def describe(self, connection: Connection, value: str) -> str | None:
        return describe_professional(connection, value, detailed=True)


class CommunePicker(Vertical):
    """A commune (type-ahead) and, beside it, its localité (free text, optional)."""

    DEFAULT_CSS = """
    CommunePicker {
        height: auto;
    }
    CommunePicker > Horizontal {
        height: auto;
    }
    CommunePicker CommuneLookup {
        width: 2fr;
    }
    CommunePicker #picker-localite {
        width: 1fr;
    }
    """

    def __init__(
        self,
        engine: Engine,
        *,
        commune_code: str | None = None,
        localite: str | None = None,
        ars_code: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        """``ars_code``: the device's ARS, whose communes are proposed first."""
        super().__init__(id=id, classes=classes)
        self._engine = engine
        self._commune_code = commune_code
        self._localite = localite or ""
        self._ars_code = ars_code

    def compose(self) -> ComposeResult:
        with Horizontal():
            lookup = CommuneLookup(self._engine, value=self._commune_code, id="picker-commune")
            lookup.ars_code = self._ars_code
            yield lookup
            yield Input(
                self._localite, placeholder=tx.PICKER_LOCALITE_PLACEHOLDER, id="picker-localite"
            )

    @property
    def lookup(self) -> CommuneLookup:
        return self.query_one(CommuneLookup)

    @property
    def commune_code(self) -> str | None:
        """The chosen commune's INSEE code (None until one is chosen)."""
        return self.lookup.value

    @property
    def localite(self) -> str:
        return self.query_one("#picker-localite", Input).value

    def focus(self, scroll_visible: bool = True) -> CommunePicker:
        self.lookup.focus(scroll_visible)
        return self


__all__: Sequence[str] = (
    "CommuneLookup",
    "CommunePicker",
    "ProfessionalPicker",
    "TypeAhead",
    "search_communes",
    "search_professionals",
)
