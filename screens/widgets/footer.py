"""The footer of every screen: Textual's, without the memory it keeps on each redraw.

Textual's ``Footer`` rebuilds its keys whenever the screen's bindings change (a screen shown, the
focus moved). Each key is bound to the footer's ``compact`` attribute, and that binding keeps the
old key alive until ``compact`` changes, which it never does here: about 0.5 MB more for every
record page opened and closed (Textualize/textual#6666, open in Textual 8.2.8). After each
rebuild this footer drops the bindings of the keys that are gone, as Textual itself does when
the attribute changes.
"""

from __future__ import annotations

from textual.widgets import Footer


class AppFooter(Footer):
    """``Footer`` that forgets the watchers of its removed keys after each rebuild."""

    async def recompose(self) -> None:
        await super().recompose()
        # Textual keeps an object's watchers under this attribute name (textual.reactive._watch).
        watchers: dict[str, list[tuple[object, object]]] = getattr(self, "__watchers", {})
        for entries in watchers.values():
            entries[:] = [
                (node, callback)
                for node, callback in entries
                if not getattr(node, "_closing", False) and getattr(node, "is_attached", True)
            ]
