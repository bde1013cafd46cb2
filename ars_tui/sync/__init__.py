"""The sync client: one round against the central endpoint (SYNC.md, "The client loop").

- :mod:`ars_tui.sync.client`: hello, push the outbox in batches, pull pages (httpx, no Textual);
- :mod:`ars_tui.sync.backoff`: how long to wait after a failure (full jitter, Retry-After);
- :mod:`ars_tui.sync.batching`: how many ops per push;
- :mod:`ars_tui.sync.lock`: one sync at a time per database file.

The database side (outbox states, shadow, overlay, cursor) is :mod:`storage.sync_state`.
"""
