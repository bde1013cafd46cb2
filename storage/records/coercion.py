"""From what a person typed to a column's value: :func:`coerce` (and :func:`coercer`, its fast
form for an import's columns).

:func:`coerce` turns one typed value (or a Python value) into its column's type, reading the type,
whether it may be empty and its maximum length from the SQLModel model
(:func:`storage.records.field_specs.field_specs`), and its closed list of values from
:func:`storage.vocabulary.choices_for`:

>>> coerce("aid_contract", "start_date", "1/9/2024")
datetime.date(2024, 9, 1)
>>> coerce("aid_contract", "amount_cents", "1 200,50")
120050
>>> coerce("aid_contract", "secteur", "Secteur 1")
1

Whether the value may be empty, and the checks of a whole record, are
:func:`storage.records.validation.validate_record`'s.
"""

from __future__ import annotations

import math
import re
import typing
from collections.abc import Callable, Mapping
from datetime import date, datetime
from decimal import Decimal
from functools import cache, lru_cache

from storage import vocabulary as voc
from storage.records import identifiers
from storage.records.field_specs import FieldSpec, ValidationError, _spec
from storage.text import search_key

# --- coerce -------------------------------------------------------------------------------------

#: Spaces a number may be typed with: ordinary, no-break (U+00A0), narrow no-break (U+202F).
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_INTEGER = re.compile(r"[+-]?\d+")
_DECIMAL = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")
#: Euros: at most two decimals, an optional trailing "€" or "EUR".
_EUROS = re.compile(r"([+-]?\d+(?:\.\d{1,2})?)(?:€|EUR)?", re.IGNORECASE)
_ISO_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_FRENCH_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")

_BOOLEANS: dict[str, bool] = {
    "oui": True,
    "o": True,
    "vrai": True,
    "1": True,
    "true": True,
    "non": False,
    "n": False,
    "faux": False,
    "0": False,
    "false": False,
}

#: Identifier fields: coerce stores them without spaces (and, for those with letters, in upper
#: case); validate_record checks them with these functions.
IDENTIFIER_CHECKS: dict[str, Callable[[object, str], str]] = {
    "rpps": identifiers.check_rpps,
    "epci_siren": identifiers.check_siren,
    "finess": identifiers.check_finess,
    "commune_code": identifiers.check_commune_code,
}
_UPPER_CASE_IDENTIFIERS = frozenset({"finess", "commune_code"})


def coerce(entity: str, field: str, raw: object) -> object:
    """What the user typed for ``entity.field`` (or a Python value), as the column's Python type.

    - Blank text and None give None: whether the field may be empty is
      :func:`validate_record`'s call (it lists every missing field at once).
    - Dates: "JJ/MM/AAAA", "J/M/AAAA" (also with "." or "-"), ISO "AAAA-MM-JJ", a date.
    - Whole numbers: "1 234" (ordinary, no-break or narrow no-break spaces), "-3".
      Decimal numbers: "12,5" or "12.5".
    - Yes/no: oui/non, vrai/faux, o/n, 1/0 (any case).
    - Amounts (int columns whose name ends in ``_cents``): **text and decimals are euros**,
      "1 200,50", "1200.5 €" and ``Decimal("1200.5")`` all give 120050; **a Python int is
      already cents** (the stored form, so coercing a stored value gives it back unchanged).
    - Closed lists (:func:`storage.vocabulary.choices_for`): the code or the French label, whatever
      the case and accents; the code is returned.
    - Text is stripped; longer than the column allows is an error. Identifiers (RPPS, SIREN,
      FINESS, commune code) lose their spaces; :func:`validate_record` checks them.

    Raises :class:`ValidationError` (French message) for a value that does not fit, or for a
    field the record type does not have; ValueError for an unknown record type.
    """
    spec = _spec(entity, field)
    if raw is None:
        return None
    if isinstance(raw, str):
        raw = raw.strip()
        if not raw:
            return None
    elif isinstance(raw, list | tuple | dict | set):
        # A list or an object where one value goes (only a forged op sends one): refused, not
        # stored as its Python text.
        _fail(field, voc.MSG_NOT_A_SINGLE_VALUE)
    choices = voc.choices_for(entity, field)
    if choices is not None:
        raw = _match_choice(entity, field, choices, raw)
    if spec.python_type is bool:
        return _to_bool(raw, field)
    if spec.is_money:
        return _to_cents(raw, field)
    if spec.python_type is int:
        return _to_int(raw, field)
    if spec.python_type is float:
        return _to_float(raw, field)
    if spec.python_type is datetime:
        return _to_datetime(raw, field)
    if spec.python_type is date:
        return _to_date(raw, field)
    return _to_text(spec, raw)


_UNSET = object()
#: Distinct typed values remembered per field by :func:`coercer` (closed lists, dates, numbers).
_COERCER_MEMO = 4_096


@cache
def coercer(entity: str, field: str) -> Callable[[object], object]:
    """:func:`coerce` for one field, faster for an import's hundred thousand cells: the same
    result or the same error. Plain text skips the general dispatch; a closed list, a date, a
    number (whose cells repeat: "Médecin", "Installé(e) en libéral") answers from a memo."""
    spec = _spec(entity, field)
    if voc.choices_for(entity, field) is not None or spec.python_type is not str:
        memo: dict[str, object] = {}

        def by_value(raw: object) -> object:
            if type(raw) is not str:
                return coerce(entity, field, raw)
            found = memo.get(raw, _UNSET)
            if found is _UNSET:
                found = coerce(entity, field, raw)  # an error is raised, never remembered
                if len(memo) < _COERCER_MEMO:
                    memo[raw] = found
            return found

        return by_value
    max_length = spec.max_length
    if field in IDENTIFIER_CHECKS:
        upper = field in _UPPER_CASE_IDENTIFIERS

        def identifier(raw: object) -> object:
            # An identifier as read (no inner space, not too long) is its stripped text, in
            # upper case for those with letters; any other goes through coerce.
            if type(raw) is str:
                text = raw.strip()
                text = text.upper() if upper else text
                if text.isalnum() and (max_length is None or len(text) <= max_length):
                    return text
            return coerce(entity, field, raw)

        return identifier

    def text(raw: object) -> object:
        if type(raw) is not str:
            return coerce(entity, field, raw)
        stripped = raw.strip()
        if not stripped:
            return None
        if max_length is not None and len(stripped) > max_length:
            return coerce(entity, field, raw)  # raises its message
        return stripped

    return text


def _coerce_often(entity: str, field: str, raw: object) -> object:
    """:func:`coerce`, remembered for the short values that recur (codes, dates, amounts).

    The central server checks thousands of records a push with the same statuses, communes
    and dates; a free text longer than 40 characters is not worth remembering.
    """
    if type(raw) in (str, int, bool) and (type(raw) is not str or len(raw) <= 40):
        return _coerce_cached(entity, field, raw)
    return coerce(entity, field, raw)


#: :func:`coerce` for a batch of synced values (the central server's per-op check).
coerce_often = _coerce_often


@lru_cache(maxsize=8192, typed=True)  # typed: True and 1 are different values
def _coerce_cached(entity: str, field: str, raw: object) -> object:
    return coerce(entity, field, raw)


def _shown(raw: object) -> str:
    """A typed value quoted back in a message (kept short)."""
    text = str(raw)
    return text if len(text) <= 40 else text[:39] + "…"


@lru_cache(maxsize=4096)
def _choice_key(text: str) -> str:
    # Cached: an import reads the same few labels ("Médecin", "Installé(e) en libéral") on
    # every line, and the accent folding is the costly part.
    return search_key(text.replace("_", " "))


@cache
def _choice_index(entity: str, field: str) -> dict[str, str]:
    """Normalised code or label -> code, for one closed list."""
    choices = voc.choices_for(entity, field) or {}
    index = {_choice_key(label): code for code, label in choices.items()}
    index.update({_choice_key(code): code for code in choices})  # a code wins over a label
    return index


def _match_choice(entity: str, field: str, choices: Mapping[str, str], raw: object) -> str:
    if isinstance(raw, str) and raw in choices:
        return raw  # the code itself (what devices send): no need to normalise
    if isinstance(raw, bool):
        raw = int(raw)
    code = _choice_index(entity, field).get(_choice_key(str(raw)))
    if code is None:
        raise ValidationError.single(
            field,
            voc.MSG_NOT_IN_CHOICES.format(
                label=voc.field_label(field), value=_shown(raw), choices=", ".join(choices.values())
            ),
        )
    return code


def _fail(field: str, message: str, **values: object) -> typing.NoReturn:
    raise ValidationError.single(field, message.format(label=voc.field_label(field), **values))


def _to_bool(raw: object, field: str) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, int) and raw in (0, 1):
        return bool(raw)
    if isinstance(raw, str) and raw.lower() in _BOOLEANS:
        return _BOOLEANS[raw.lower()]
    _fail(field, voc.MSG_NOT_A_BOOLEAN, value=_shown(raw))


def _refuse_bool(raw: object, field: str, message: str) -> None:
    """A yes/no where a number goes is refused (Python would take True for 1)."""
    if isinstance(raw, bool):
        _fail(field, message, value=_shown(raw))


def _to_int(raw: object, field: str) -> int:
    _refuse_bool(raw, field, voc.MSG_NOT_AN_INTEGER)
    if isinstance(raw, int):
        return raw
    if isinstance(raw, float | Decimal):
        if math.isfinite(raw) and raw == int(raw):
            return int(raw)
        _fail(field, voc.MSG_NOT_AN_INTEGER, value=_shown(raw))
    text = _SPACES.sub("", str(raw))
    if _INTEGER.fullmatch(text):
        return int(text)
    _fail(field, voc.MSG_NOT_AN_INTEGER, value=_shown(raw))


def _to_float(raw: object, field: str) -> float:
    _refuse_bool(raw, field, voc.MSG_NOT_A_NUMBER)
    if isinstance(raw, int | float | Decimal):
        value = float(raw)
        if not math.isfinite(value):
            _fail(field, voc.MSG_NOT_FINITE, value=_shown(raw))
        return value
    text = _SPACES.sub("", str(raw)).replace(",", ".")
    if _DECIMAL.fullmatch(text):
        return float(text)
    _fail(field, voc.MSG_NOT_A_NUMBER, value=_shown(raw))


def _to_cents(raw: object, field: str) -> int:
    _refuse_bool(raw, field, voc.MSG_NOT_AN_AMOUNT)
    if isinstance(raw, int):
        return raw  # already cents: see coerce's docstring
    if isinstance(raw, float | Decimal):
        if not math.isfinite(raw):
            _fail(field, voc.MSG_NOT_AN_AMOUNT, value=_shown(raw))
        euros = Decimal(str(raw))
    else:
        match = _EUROS.fullmatch(_SPACES.sub("", str(raw)).replace(",", "."))
        if match is None:
            _fail(field, voc.MSG_NOT_AN_AMOUNT, value=_shown(raw))
        euros = Decimal(match.group(1))
    cents = euros * 100
    if cents != cents.to_integral_value():  # more than two decimals: not an amount in euros
        _fail(field, voc.MSG_NOT_AN_AMOUNT, value=_shown(raw))
    return int(cents)


def _to_date(raw: object, field: str) -> date:
    if isinstance(raw, datetime):
        return raw.date()
    if isinstance(raw, date):
        return raw
    text = str(raw)
    parts: tuple[str, str, str] | None = None
    if match := _ISO_DATE.fullmatch(text):
        parts = (match.group(1), match.group(2), match.group(3))
    elif match := _FRENCH_DATE.fullmatch(text):
        parts = (match.group(3), match.group(2), match.group(1))
    if parts is not None:
        try:
            return date(int(parts[0]), int(parts[1]), int(parts[2]))
        except ValueError:
            pass  # 31/02/2024 and the like
    _fail(field, voc.MSG_NOT_A_DATE, value=_shown(raw))


def _to_datetime(raw: object, field: str) -> datetime:
    if isinstance(raw, datetime):
        return raw
    try:
        return datetime.fromisoformat(str(raw))
    except ValueError:
        _fail(field, voc.MSG_NOT_A_DATE, value=_shown(raw))


def _to_text(spec: FieldSpec, raw: object) -> str:
    text = str(raw).strip()
    if spec.name in IDENTIFIER_CHECKS:
        text = identifiers.compact(text)
        if spec.name in _UPPER_CASE_IDENTIFIERS:
            text = text.upper()
        if spec.max_length is not None and len(text) > spec.max_length:
            IDENTIFIER_CHECKS[spec.name](text, spec.name)  # its message says more (length, key)
    if spec.max_length is not None and len(text) > spec.max_length:
        _fail(spec.name, voc.MSG_TOO_LONG, max_length=spec.max_length)
    return text
