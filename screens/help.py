"""F1: the application's help, in French, over the current screen, with every key and its id.

The app hands the help the bindings that are live where F1 was pressed (the focused widget,
its screen, the app) and the app's own; :func:`binding_rows` turns them into (key, action, id)
rows, the key as the keymap made it. The ids are what ``keys.toml`` remaps (see
``ars_tui/keymap.py``).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Static

from screens import text as tx
from screens.widgets.panel import Panel, PanelScreen

if TYPE_CHECKING:
    from textual.app import App

#: One line of the keys table: (key as shown, French description, binding id).
BindingRow = tuple[str, str, str]


def binding_rows(
    app: App[Any], app_bindings: Iterable[BindingType], active: Iterable[Any]
) -> list[BindingRow]:
    """Rows for the keys table: the live bindings first, then the app's others; one per id.

    ``active`` are Textual ``ActiveBinding`` items (``app.active_bindings.values()``), already
    remapped by the keymap; ``app_bindings`` the app's class BINDINGS (remapped here).
    """
    rows: dict[str, BindingRow] = {}
    keymap = getattr(app, "_keymap", {})
    for item in active:
        binding = item.binding
        if not binding.description:
            continue
        key_id = binding.id or f"—{binding.action}"
        rows.setdefault(
            key_id, (app.get_key_display(binding), french(binding.description), binding.id or "—")
        )
    for binding in app_bindings:
        if not isinstance(binding, Binding) or not binding.description or binding.id is None:
            continue
        if binding.id in rows:
            continue
        key = keymap.get(binding.id, binding.key)
        shown = Binding(key.split(",")[0], binding.action, binding.description)
        rows[binding.id] = (app.get_key_display(shown), french(binding.description), binding.id)
    return list(rows.values())


def french(description: str) -> str:
    """A key's description in French (Textual's widgets describe theirs in English)."""
    return tx.TEXTUAL_BINDINGS.get(description, description)


class HelpScreen(PanelScreen):
    """A modal panel with the help text; F1 or Échap closes it."""

    PANEL = Panel("help-panel", 96, "help.close", keys="escape,f1")
    DEFAULT_CSS = """
    HelpScreen #help-keys-title {
        padding: 1 0 0 0;
    }
    HelpScreen #help-keys {
        height: auto;
    }
    """

    def __init__(self, bindings: Sequence[BindingRow] = (), *, keys_path: str = "") -> None:
        """The help text and, when given, the table of ``bindings`` (key, action, id)."""
        super().__init__()
        self.bindings = list(bindings)
        self.keys_path = keys_path

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-panel") as panel:
            panel.border_title = tx.HELP_TITLE
            yield Static(tx.HELP_TEXT, id="help-text")
            if self.bindings:
                yield Static(
                    Text(tx.HELP_BINDINGS_TITLE.format(path=self.keys_path), style="bold"),
                    id="help-keys-title",
                )
                yield DataTable(id="help-keys", cursor_type="row", zebra_stripes=True)

    def on_mount(self) -> None:
        if self.bindings:
            table = self.query_one("#help-keys", DataTable)
            table.add_columns(*tx.HELP_KEYS_COLUMNS)
            for key, description, binding_id in self.bindings:
                table.add_row(key, description, binding_id)
