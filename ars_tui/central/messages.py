"""The central server's French messages: HTTP errors and per-change reasons.

Read as ``from ars_tui.central import messages as srv_tx``. Never quote a value the user typed.
"""

from storage.text_files import load_texts as _load_texts

_TEXTS = _load_texts(__package__, "messages.toml")
globals().update(_TEXTS)
