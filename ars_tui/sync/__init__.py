"""The sync client: one round against the central endpoint (docs/SYNC.md, "The client loop").

- :mod:`ars_tui.sync.client`: hello, push the outbox in batches, pull pages (httpx, no Textual);
- :mod:`ars_tui.sync.backoff`: how long to wait after a failure (full jitter, Retry-After);
- :mod:`ars_tui.sync.batching`: how many ops per push;
- :mod:`ars_tui.sync.lock`: one sync at a time per database file.

The database side (outbox states, shadow, overlay, cursor) is :mod:`storage.sync.state`.
"""

import sys

# httpx's own command line (httpx._main) imports click, rich and pygments (about 40 ms) only to
# define ``httpx.main``. A None entry in sys.modules makes that import raise ImportError (Python's
# documented import behaviour), and httpx then defines a stub ``main`` instead: its fallback when
# the CLI extras are missing. Set here, before ars_tui.sync.client imports httpx; without effect
# if httpx was already imported, and nothing in ars-tui uses httpx's command line.
sys.modules.setdefault("httpx._main", None)  # type: ignore[arg-type]
