"""The closed lists of legal codes (``CHOICES``): code stored -> French label.

Validation accepts a code or its label; the forms offer the labels.
"""

from storage.text_files import load_texts as _load_texts

_TEXTS = _load_texts(__package__, "choices.toml")
globals().update(_TEXTS)

# The names the code below reads (the others are only read by importers).
PROFESSIONS: dict[str, str] = _TEXTS["PROFESSIONS"]

CHOICES: dict[str, dict[str, str]] = {"professional.profession": PROFESSIONS, **_TEXTS["CHOICES"]}


CHOICES["installation_project.zoning_class"] = CHOICES["zone_class"]


def choices_for(entity: str, field: str) -> dict[str, str] | None:
    """The closed list of values of ``entity.field``, if it has one."""
    return CHOICES.get(f"{entity}.{field}") or CHOICES.get(field)
