"""ars-tui: the application shell (command line, Textual app, sync client, central endpoint).

Textual paints at most 60 frames a second by default, so a change waits up to 17 ms for its
frame; measured on 100,000 projects (bench/bench_browse.py), 120 brings a filter keystroke
from about 55 ms to about 45 ms median. Frames are only drawn when something changed, so an
idle app costs nothing more. Set before Textual is imported; TEXTUAL_FPS still wins.
"""

import os

os.environ.setdefault("TEXTUAL_FPS", "120")
