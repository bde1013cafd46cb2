"""Textual's own key descriptions and palette texts, in French (ars_tui/french_textual.py
applies them).
"""

from storage.text_files import load_texts as _load_texts

_TEXTS = _load_texts(__package__, "keys.toml")
globals().update(_TEXTS)
