"""Text of the sync screens (conflicts, to fix) and of the workers' error policy."""

from storage.text_files import load_texts as _load_texts

_TEXTS = _load_texts(__package__, "sync.toml")
globals().update(_TEXTS)
