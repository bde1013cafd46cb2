"""French labels of the record types and of their fields."""

from storage.text_files import load_texts as _load_texts

_TEXTS = _load_texts(__package__, "labels.toml")
globals().update(_TEXTS)

# The names the code below reads (the others are only read by importers).
FIELD_LABELS: dict[str, str] = _TEXTS["FIELD_LABELS"]


def field_label(field: str) -> str:
    """The French label of a field, or the field's own name when none is known."""
    return FIELD_LABELS.get(field, field)
