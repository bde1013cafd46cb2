"""``python -m ars_tui``: the same as the ``ars-tui`` command."""

from __future__ import annotations

import sys

from ars_tui.cli import main

if __name__ == "__main__":
    sys.exit(main())
