"""Messages of validation, of the store, of the field rules and of storage failures.

No message repeats the value of a personal field (RPPS, téléphone, courriel): they may end
up in a log or a screenshot.
"""

from storage.text_files import load_texts as _load_texts

_TEXTS = _load_texts(__package__, "messages.toml")
globals().update(_TEXTS)

# The names the code below reads (the others are only read by importers).
DB_REASONS: dict[str, str] = _TEXTS["DB_REASONS"]
#: The same for the system's errors (errno names), met before SQLite opens the file: its own
#: texts in messages.toml, and two of DB_REASONS'.
OS_REASONS: dict[str, str] = {
    "ENOSPC": DB_REASONS["SQLITE_FULL"],
    **_TEXTS["OS_REASONS"],
    "EIO": DB_REASONS["SQLITE_IOERR"],
}
