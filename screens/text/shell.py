"""Text of the application shell, the home screen, the help and the first-run set-up."""

from storage.text_files import load_texts as _load_texts

_TEXTS = _load_texts(__package__, "shell.toml")
globals().update(_TEXTS)
SETUP_NAME_MAX = 80
