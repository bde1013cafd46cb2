"""Text of the dashboard and the Territoires screen."""

from storage.text_files import load_texts as _load_texts

_TEXTS = _load_texts(__package__, "territories.toml")
globals().update(_TEXTS)
