"""Numbers, dates and place names as the French write them (every layer reads them)."""

from datetime import date

from storage.text_files import load_texts as _load_texts

_TEXTS = _load_texts(__package__, "formats.toml")
globals().update(_TEXTS)

# The names the code below reads (the others are only read by importers).
THOUSANDS_SEPARATOR: str = _TEXTS["THOUSANDS_SEPARATOR"]
MONTHS: tuple[str, ...] = _TEXTS["MONTHS"]


def format_int(value: int) -> str:
    """A whole number with grouped thousands: ``format_int(1234)`` -> ``"1 234"``."""
    return f"{value:,d}".replace(",", THOUSANDS_SEPARATOR)


def format_decimal(value: float, digits: int = 1) -> str:
    """A number with a decimal comma: ``format_decimal(1234.5)`` -> ``"1 234,5"``."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", THOUSANDS_SEPARATOR).replace(".", ",")


_VOWELS = frozenset("AEIOUYÀÂÉÈÊËÎÏÔÛÜaeiouyàâéèêëîïôûü")


def of_place(name: str) -> str:
    """ "de" + a place name with French elision and contraction: "du Tampon", "des Avirons",
    "d'Acoua", "de La Possession", "de Saint-Denis"."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name[:1] in _VOWELS:
        return "d'" + name
    return "de " + name


def format_date(value: date | None) -> str:
    """A date as JJ/MM/AAAA (a datetime shows its date only); empty text for no date."""
    return value.strftime("%d/%m/%Y") if value is not None else ""


def format_month(value: date) -> str:
    """A month as French write it: ``format_month(date(2025, 3, 9))`` -> ``"mars 2025"``."""
    return f"{MONTHS[value.month - 1]} {value.year}"
