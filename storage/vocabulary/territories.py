"""Texts of territories, zoning and the dashboard's figures (computed in storage)."""

from datetime import date

from storage.text_files import load_texts as _load_texts
from storage.vocabulary.formats import format_date, format_int

_TEXTS = _load_texts(__package__, "territories.toml")
globals().update(_TEXTS)

# The names the code below reads (the others are only read by importers).
SCOPE_ARS: str = _TEXTS["SCOPE_ARS"]
SCOPE_BELOW: str = _TEXTS["SCOPE_BELOW"]
SCOPE_ARS_WITH_FORMER: str = _TEXTS["SCOPE_ARS_WITH_FORMER"]
SCOPE_BELOW_WITH_FORMER: str = _TEXTS["SCOPE_BELOW_WITH_FORMER"]
SCOPE_ENDED: str = _TEXTS["SCOPE_ENDED"]
REFERENCE_UNITS: dict[str, tuple[str, bool]] = _TEXTS["REFERENCE_UNITS"]
SOURCE_NAMES: dict[str, str] = _TEXTS["SOURCE_NAMES"]
REFERENCE_NATIONAL_COUNT: str = _TEXTS["REFERENCE_NATIONAL_COUNT"]
REFERENCE_REGIONAL: str = _TEXTS["REFERENCE_REGIONAL"]
REFERENCE_NATIONAL_TARGET: str = _TEXTS["REFERENCE_NATIONAL_TARGET"]


def scope_text(
    level: str, ended: tuple[str, date] | None, former: tuple[tuple[str, str, date], ...]
) -> str:
    """Which records a dashboard level counts (issue 12: "say in the UI which records each
    level includes"). ``ended``: (name, last day) of a former ARS counted on its last day."""
    if ended is not None:
        return SCOPE_ENDED.format(name=ended[0], day=format_date(ended[1]))
    if former:
        _, name, end = former[0]
        template = SCOPE_ARS_WITH_FORMER if level == "ars" else SCOPE_BELOW_WITH_FORMER
        return template.format(former=name, end=format_date(end))
    return SCOPE_ARS if level == "ars" else SCOPE_BELOW


def reference_text(
    code: str, value: float, year: int | None, is_target: bool, source: str, *, regional: bool
) -> str:
    """One dated reference as a sentence: "Repère national : 700 MCS visés pour 2017 (Pacte
    territoire santé 2)"; a regional sheet figure has no year (its source is undated)."""
    unit, feminine = REFERENCE_UNITS.get(code, ("", False))
    number = format_int(round(value))
    name = SOURCE_NAMES.get(source, source)
    if regional or year is None:
        return REFERENCE_REGIONAL.format(value=number, unit=unit, source=name)
    if is_target:
        aimed = "visées" if feminine else "visés"
        return REFERENCE_NATIONAL_TARGET.format(
            value=number, unit=unit, aimed=aimed, year=year, source=name
        )
    return REFERENCE_NATIONAL_COUNT.format(value=number, unit=unit, year=year, source=name)
