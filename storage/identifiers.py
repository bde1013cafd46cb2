"""French identifiers: RPPS, SIREN, FINESS and INSEE commune codes. Pure functions, no database.

Each ``check_*`` takes what a person typed, removes the spaces (ordinary, no-break and narrow
no-break: "330 781 196" is how a FINESS is printed) and returns the compact value, or raises
:class:`~storage.validation.ValidationError` with a French message that says what is wrong (length,
a character that is not a digit, or the check key) without repeating the value: an RPPS is
personal data.

The check keys are Luhn keys (python-stdnum's ``stdnum.luhn``, the same algorithm as a bank card):

>>> make_rpps("1000123456")
'10001234565'
>>> check_rpps("1000 1234 565")
'10001234565'
>>> check_finess("330 781 196")   # CHU de Bordeaux
'330781196'

Whether an identifier *exists* (a commune in the reference data, an EPCI) is the business of
:func:`storage.validation.validate_record`, which has a database.
"""

from __future__ import annotations

import re
from typing import NoReturn

from stdnum import luhn

from storage import vocabulary as voc

RPPS_LENGTH = 11
SIREN_LENGTH = 9
FINESS_LENGTH = 9

#: Whitespace a number may be typed or pasted with (U+00A0 and U+202F come from word processors).
_SPACES = re.compile(r"[\s\u00a0\u202f]+")

#: Metropolitan département numbers a FINESS may start with: 01..95, less 20 (Corsica has been
#: 2A/2B since 1976, and FINESS numbers there start with 2A/2B).
_METRO_DEPARTEMENTS = frozenset(f"{n:02d}" for n in range(1, 96)) - {"20"}

#: Mayotte's FINESS numbers start with 98 (980501506), not 976: the register numbered Mayotte
#: before it became a département, and kept the numbers.
MAYOTTE_FINESS_PREFIX = "98"

#: INSEE commune code: 5 digits (metropolitan "01001", overseas "97611"), or Corsica "2A"/"2B"
#: followed by 3 digits.
_COMMUNE_CODE = re.compile(r"\d{5}|2[AB]\d{3}")


def _fail(field: str, message: str) -> NoReturn:
    # Imported here: storage.coercion imports this module at load time, and its error class
    # is what every check raises. By the time a check fails both modules are loaded.
    from storage.validation import FieldError, ValidationError

    raise ValidationError([FieldError(field, message)])


def compact(value: object) -> str:
    """``value`` as text with every space removed (the stored form of an identifier)."""
    text = str(value)
    if text.isalnum():  # no space to remove (most identifiers as read): no regex pass
        return text
    return _SPACES.sub("", text)


def _is_ascii_digits(text: str) -> bool:
    """Only 0-9 (``str.isdigit`` also takes "²" and full-width digits); True for ""."""
    return text.isascii() and (text.isdigit() or not text)


#: A digit doubled, less 9 when over 9 (Luhn), as text: one ``str.translate`` per number.
_DOUBLED = str.maketrans("0123456789", "0246813579")


def luhn_is_valid(number: str) -> bool:
    """The Luhn key of a string of ASCII digits (as ``stdnum.luhn.is_valid``, ten times faster:
    an import checks hundreds of thousands of RPPS)."""
    # The digits' codes summed as bytes, less 48 ("0") for each: no int() per digit.
    kept = sum(number[-1::-2].encode())
    doubled = sum(number[-2::-2].translate(_DOUBLED).encode())
    return (kept + doubled - 48 * len(number)) % 10 == 0


def _check_luhn_number(value: object, field: str, length: int) -> str:
    """Digits only, ``length`` of them, the last one a Luhn key over all of them."""
    if (
        type(value) is str
        and len(value) == length
        and value.isascii()
        and value.isdigit()
        and luhn_is_valid(value)
    ):
        return value  # a valid number as stored (an import checks every row's)
    label = voc.field_label(field)
    number = compact(value)
    if not _is_ascii_digits(number):
        _fail(field, voc.MSG_ID_NOT_DIGITS.format(label=label))
    if len(number) != length:
        _fail(field, voc.MSG_ID_LENGTH.format(label=label, expected=length, actual=len(number)))
    if not luhn_is_valid(number):
        _fail(field, voc.MSG_ID_BAD_KEY.format(label=label))
    return number


def check_rpps(value: object, field: str = "rpps") -> str:
    """An RPPS number: 11 digits, the last a Luhn key over the 11. Returns it without spaces."""
    return _check_luhn_number(value, field, RPPS_LENGTH)


def make_rpps(body10: str) -> str:
    """The RPPS made of these 10 digits and their Luhn key (for demo data and tests)."""
    if len(body10) != RPPS_LENGTH - 1 or not _is_ascii_digits(body10):
        raise ValueError("an RPPS body is 10 digits")
    return body10 + luhn.calc_check_digit(body10)


def check_siren(value: object, field: str = "epci_siren") -> str:
    """A SIREN (companies, EPCI): 9 digits, the last a Luhn key. Returns it without spaces.

    Same rule as ``stdnum.fr.siren``; written through the shared Luhn helper so that the three
    failures (not digits, length, key) get their own French message.
    """
    return _check_luhn_number(value, field, SIREN_LENGTH)


def make_siren(body8: str) -> str:
    """The SIREN made of these 8 digits and their Luhn key (for demo data and tests)."""
    if len(body8) != SIREN_LENGTH - 1 or not _is_ascii_digits(body8):
        raise ValueError("a SIREN body is 8 digits")
    return body8 + luhn.calc_check_digit(body8)


def finess_departement(number: str) -> str | None:
    """The département a compact FINESS starts with ("33", "2A", "974"), or None if none."""
    if number[:2] in ("2A", "2B"):
        return number[:2]
    if number[:2] == "97" and len(number) > 2 and _is_ascii_digits(number[2]):
        return number[:3]
    if number[:2] == MAYOTTE_FINESS_PREFIX:
        return number[:2]
    if number[:2] in _METRO_DEPARTEMENTS:
        return number[:2]
    return None


def check_finess(value: object, field: str = "finess") -> str:
    """A FINESS number (établissement or entité juridique). Returns it without spaces, upper case.

    9 characters: the département ("01".."95", "2A"/"2B", or "97" and a digit overseas: "974..."
    for La Réunion; "98" for Mayotte), then digits; the last is a Luhn key over the 9 digits
    (checked on real numbers: CHU de Bordeaux 330781196, AP-HP 750712184, Mayotte 980501506).

    Corsica: only the format is checked. How the key is computed when the number starts with
    letters is not documented in what we have (à vérifier against the FINESS nomenclature before
    adding a key check there).
    """
    label = voc.field_label(field)
    number = compact(value).upper()
    if len(number) != FINESS_LENGTH:
        _fail(field, voc.MSG_FINESS_LENGTH.format(label=label, actual=len(number)))
    departement = finess_departement(number)
    if departement is None:
        _fail(field, voc.MSG_FINESS_DEPARTEMENT.format(label=label, prefix=number[:2]))
    rest = number[len(departement) :]
    if not _is_ascii_digits(rest):
        _fail(field, voc.MSG_FINESS_NOT_DIGITS.format(label=label))
    if departement in ("2A", "2B"):
        return number  # format only: see the docstring (à vérifier)
    if not luhn_is_valid(number):
        _fail(field, voc.MSG_ID_BAD_KEY.format(label=label))
    return number


def make_finess(body8: str) -> str:
    """The FINESS made of these 8 digits and their Luhn key (not for Corsica's 2A/2B numbers)."""
    if len(body8) != FINESS_LENGTH - 1 or not _is_ascii_digits(body8):
        raise ValueError("a FINESS body is 8 digits")
    number = body8 + luhn.calc_check_digit(body8)
    if finess_departement(number) is None:
        raise ValueError("a FINESS starts with a département number")
    return number


def check_commune_code(value: object, field: str = "commune_code") -> str:
    """The format of an INSEE commune code ("01001", "2A004", "97611"). Returns it compact, upper.

    Only the shape: whether the commune exists is checked against the reference data by
    :func:`storage.validation.validate_record`.
    """
    code = compact(value).upper()
    if not code.isascii() or _COMMUNE_CODE.fullmatch(code) is None:
        _fail(field, voc.MSG_COMMUNE_CODE_FORMAT.format(label=voc.field_label(field)))
    return code
