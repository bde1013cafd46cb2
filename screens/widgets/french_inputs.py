"""Inputs that read numbers and dates the French way: "1 234,5" and "05/03/2026".

Textual's ``Input(type="number")`` refuses "12,5" (it wants a dot) and knows nothing of
thousands separators, so numbers here are plain text inputs with a validator:

>>> parse_french_number("1 234,5")
Decimal('1234.5')
>>> parse_french_date("5/3/2026")
datetime.date(2026, 3, 5)

The validators give French messages; a form shows them beside the field (the store checks the
whole record again when saving, with the same rules, so the two never disagree for long).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any, ClassVar, TypeVar

from textual.events import Blur
from textual.validation import ValidationResult, Validator
from textual.widgets import Input

from screens import text as tx
from storage import vocabulary as voc

T = TypeVar("T")

#: Ordinary, no-break (U+00A0) and narrow no-break (U+202F) spaces: all group thousands.
_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_NUMBER = re.compile(r"[+-]?(\d+([.,]\d*)?|[.,]\d+)")
_DATE = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})")
#: Characters a number may be typed with (the input refuses any other key).
NUMBER_CHARACTERS = r"[0-9 ,.+\-\u00a0\u202f]*"
DATE_CHARACTERS = r"[0-9/.\-]*"


def parse_french_number(text: str) -> Decimal:
    """ "1 234,5" -> Decimal("1234.5"); raises ValueError (French message) otherwise."""
    compact = _SPACES.sub("", text)
    if not _NUMBER.fullmatch(compact):
        raise ValueError(tx.MSG_NOT_A_FRENCH_NUMBER.format(value=text.strip()))
    try:
        return Decimal(compact.replace(",", "."))
    except InvalidOperation:  # pragma: no cover - the pattern already excludes it
        raise ValueError(tx.MSG_NOT_A_FRENCH_NUMBER.format(value=text.strip())) from None


def parse_french_date(text: str) -> date:
    """ "05/03/2026" (also "5/3/2026", "05.03.2026") -> date; ValueError (French) otherwise."""
    match = _DATE.fullmatch(text.strip())
    if match is not None:
        day, month, year = (int(part) for part in match.groups())
        try:
            return date(year, month, day)
        except ValueError:
            pass  # 31/02/2026 and the like
    raise ValueError(tx.MSG_NOT_A_FRENCH_DATE.format(value=text.strip()))


class FrenchValidator(Validator):
    """Accepts an empty value (the store says whether the field is required) or what ``parse``
    reads; else fails with ``parse``'s French message."""

    def __init__(self, parse: Callable[[str], object]) -> None:
        super().__init__()
        self.parse = parse

    def validate(self, value: str) -> ValidationResult:
        try:
            if value.strip():
                self.parse(value)
        except ValueError as error:
            return self.failure(str(error))
        return self.success()


class FrenchNumberValidator(FrenchValidator):
    def __init__(self) -> None:
        super().__init__(parse_french_number)


class FrenchDateValidator(FrenchValidator):
    def __init__(self) -> None:
        super().__init__(parse_french_date)


def _parsed(parse: Callable[[str], T], text: str) -> T | None:
    """``parse(text)``; None when ``text`` is empty or does not parse."""
    try:
        return parse(text) if text.strip() else None
    except ValueError:
        return None


class FrenchInput(Input):
    """A text input for a French value: only its characters get in, and its validator says in
    French what is wrong when the user leaves it or presses Entrée. A subclass gives them, with
    its width and placeholder."""

    WIDTH: ClassVar[int]
    PLACEHOLDER: ClassVar[str]
    CHARACTERS: ClassVar[str]
    VALIDATOR: ClassVar[Callable[[], Validator]]
    #: The longest text (0: no limit).
    MAX_LENGTH: ClassVar[int] = 0

    def __init_subclass__(cls, **kwargs: Any) -> None:
        cls.DEFAULT_CSS = f"{cls.__name__} {{ width: {cls.WIDTH}; }}"
        super().__init_subclass__(**kwargs)

    def __init__(self, value: str = "", **kwargs: object) -> None:
        super().__init__(
            value,
            placeholder=self.PLACEHOLDER,
            restrict=self.CHARACTERS,
            max_length=self.MAX_LENGTH,
            validators=[self.VALIDATOR()],
            validate_on=["blur", "submitted"],
            **kwargs,  # type: ignore[arg-type]
        )


class NumberInput(FrenchInput):
    """A text input for a French number: only digits, spaces, comma, dot and sign get in."""

    WIDTH = 24
    PLACEHOLDER = tx.FORM_NUMBER_PLACEHOLDER
    CHARACTERS = NUMBER_CHARACTERS
    VALIDATOR = FrenchNumberValidator

    @property
    def number(self) -> Decimal | None:
        """The value as a number; None when empty or not a number."""
        return _parsed(parse_french_number, self.value)


class DateInput(FrenchInput):
    """A text input for a date JJ/MM/AAAA; "5/12/2026" becomes "05/12/2026" when left."""

    WIDTH = 16
    PLACEHOLDER = tx.FORM_DATE_PLACEHOLDER
    CHARACTERS = DATE_CHARACTERS
    MAX_LENGTH = 10
    VALIDATOR = FrenchDateValidator

    @property
    def date(self) -> date | None:
        return _parsed(parse_french_date, self.value)

    def normalize(self) -> None:
        """Show a date typed short ("5/12/2026", "5.12.2026") as JJ/MM/AAAA."""
        parsed = self.date
        if parsed is not None and voc.format_date(parsed) != self.value:
            self.value = voc.format_date(parsed)

    def _on_blur(self, event: Blur) -> None:
        # Textual calls Input's own _on_blur after this one: it then checks the shown text.
        self.normalize()
