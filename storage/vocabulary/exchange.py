"""Texts of imports, exports, the HTML report and the demo's banners."""

from storage.text_files import load_texts as _load_texts

_TEXTS = _load_texts(__package__, "exchange.toml")
globals().update(_TEXTS)
