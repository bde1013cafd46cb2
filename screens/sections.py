"""The sections of the app, in menu order: id, key, French label, and the screen that shows it.

The app (``ars_tui.app``) turns each entry into a Textual *mode* (one screen stack per section,
kept while the user goes elsewhere) and a binding with the id ``section.<id>``. A section's
screen class is named by ``module:Class`` and imported only when first opened, so that adding
sections costs nothing at start-up. Its constructor takes one
:class:`screens.context.ScreenContext`.

The dashboard is the app's default mode, shown before the database is open; the other sections
open once it is.
"""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from typing import TYPE_CHECKING

from screens import text as tx

if TYPE_CHECKING:
    from textual.screen import Screen

    from screens.context import ScreenContext

#: The id of the dashboard: the app's default mode.
HOME = "home"


@dataclass(frozen=True)
class Section:
    id: str
    key: str
    label: str
    #: "module:Class" of the screen; None for the dashboard (built by the app itself).
    screen: str | None

    def make_screen(self, context: ScreenContext) -> Screen:
        """A new screen of this section."""
        assert self.screen is not None, "the dashboard is built by the app"
        module_name, class_name = self.screen.split(":")
        screen_class = getattr(importlib.import_module(module_name), class_name)
        return screen_class(context)


SECTIONS: tuple[Section, ...] = (
    Section(HOME, "1", tx.SECTION_LABELS[HOME], None),
    Section(
        "installations",
        "2",
        tx.SECTION_LABELS["installations"],
        "screens.installations.list:InstallationsScreen",
    ),
    Section(
        "professionals",
        "3",
        tx.SECTION_LABELS["professionals"],
        "screens.professionals.list:ProfessionalsScreen",
    ),
    Section(
        "contracts",
        "4",
        tx.SECTION_LABELS["contracts"],
        "screens.contracts.list:ContractsScreen",
    ),
    Section("msp", "5", tx.SECTION_LABELS["msp"], "screens.msp.list:MspScreen"),
    Section("samu", "6", tx.SECTION_LABELS["samu"], "screens.mcs.list:McsScreen"),
    Section("missions", "7", tx.SECTION_LABELS["missions"], "screens.missions.list:MissionsScreen"),
    Section(
        "territories",
        "8",
        tx.SECTION_LABELS["territories"],
        "screens.territories.screen:TerritoriesScreen",
    ),
    Section("sync", "9", tx.SECTION_LABELS["sync"], "screens.sync.screen:SyncScreen"),
)


def section(section_id: str) -> Section:
    for entry in SECTIONS:
        if entry.id == section_id:
            return entry
    raise KeyError(section_id)
