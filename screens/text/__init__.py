"""The TUI's French text: screen titles, columns, keys, hints and messages.

Split by theme, one TOML file per module (``sections.toml`` beside ``sections.py``...: each module
loads its file at import, see docs/ARCHITECTURE.md, "French texts"); this package re-exports
every name, so screens write
``from screens import text as tx`` then ``tx.NAME``. Domain labels and closed lists are in
:mod:`storage.vocabulary`.
"""

from screens.text.keys import *  # noqa: F403
from screens.text.sections import *  # noqa: F403
from screens.text.shell import *  # noqa: F403
from screens.text.sync import *  # noqa: F403
from screens.text.territories import *  # noqa: F403
from screens.text.widgets import *  # noqa: F403
