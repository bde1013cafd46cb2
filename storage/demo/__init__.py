"""The demo generator of ``ars-tui demo`` and its data."""
