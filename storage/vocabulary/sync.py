"""Texts of the sync engine's log and quarantine, and those the CLI and the screens share
about sync and settings (storage is the layer both may import).
"""

from storage.text_files import load_texts as _load_texts

_TEXTS = _load_texts(__package__, "sync.toml")
globals().update(_TEXTS)
