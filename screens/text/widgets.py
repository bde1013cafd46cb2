"""Text of the TUI core: lists, record pages, forms and pickers."""

from storage.text_files import load_texts as _load_texts

_TEXTS = _load_texts(__package__, "widgets.toml")
globals().update(_TEXTS)
