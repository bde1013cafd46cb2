"""Messages screens post to the app (screens never import ``ars_tui``), and the base of the
messages a widget posts about itself."""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message
from textual.widget import Widget


@dataclass
class ControlMessage(Message):
    """A widget's message about itself: ``control`` is the widget, so that a handler can select
    it (``@on(PagedList.Opened, "#list")``), as Textual's own widgets' messages do."""

    widget: Widget

    @property
    def control(self) -> Widget:
        return self.widget


@dataclass
class RecordSaved(Message):
    """A screen saved a record: the app syncs a few seconds later (several saves, one round)."""

    entity: str
    record_id: str
