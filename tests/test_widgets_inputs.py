"""French numbers and dates: parsing, validators, inputs that refuse other characters."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from textual.app import App, ComposeResult

from screens.widgets.formatting import format_money, format_value, history_value
from screens.widgets.french_inputs import (
    DateInput,
    FrenchDateValidator,
    FrenchNumberValidator,
    NumberInput,
    parse_french_date,
    parse_french_number,
)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234,5", Decimal("1234.5")),  # no-break space, as the app writes numbers
        ("1\u202f234", Decimal("1234")),  # narrow no-break space
        ("12.5", Decimal("12.5")),
        ("-3", Decimal("-3")),
        (" 0,75 ", Decimal("0.75")),
    ],
)
def test_french_numbers_parse(typed: str, expected: Decimal) -> None:
    assert parse_french_number(typed) == expected


@pytest.mark.parametrize("typed", ["12,3,4", "abc", "1 234,5 €", ",", "--1", ""])
def test_not_numbers_get_a_french_message(typed: str) -> None:
    with pytest.raises(ValueError, match=r"n'est pas un nombre \(ex\. 1 234,5\)"):
        parse_french_number(typed)


def test_french_dates() -> None:
    assert parse_french_date("05/03/2026") == date(2026, 3, 5)
    assert parse_french_date("5/3/2026") == date(2026, 3, 5)
    assert parse_french_date("05.03.2026") == date(2026, 3, 5)
    for typed in ("31/02/2025", "2026-03-05", "5/3/26", "hier"):
        with pytest.raises(ValueError, match=r"n'est pas une date \(JJ/MM/AAAA\)"):
            parse_french_date(typed)


def test_validators_accept_empty_and_say_why_not() -> None:
    assert FrenchNumberValidator().validate("").is_valid
    assert FrenchNumberValidator().validate("1 234,5").is_valid
    result = FrenchNumberValidator().validate("12,3,4")
    assert not result.is_valid
    assert result.failure_descriptions == ["« 12,3,4 » n'est pas un nombre (ex. 1 234,5)."]
    assert FrenchDateValidator().validate("").is_valid
    assert not FrenchDateValidator().validate("32/01/2025").is_valid


def test_values_shown_the_french_way() -> None:
    assert format_value("aid_contract", "amount_cents", 120050) == "1\u00a0200,50\u00a0€"
    assert format_money(5) == "0,05\u00a0€"
    assert format_value("x", "days", 1234) == "1\u00a0234"
    assert format_value("x", "fte", 0.5) == "0,5"
    assert format_value("professional", "situation", "interne") == "Interne"
    assert format_value("installation_project", "status", "recherche_lieu") == (
        "Recherche de lieu d'exercice"
    )
    assert format_value("installation_project", "first_contact_date", date(2025, 5, 12)) == (
        "12/05/2025"
    )
    assert format_value("x", "at", datetime(2025, 5, 12, 9, 5)) == "12/05/2025 09:05"
    assert format_value("msp_site", "qpv", True) == "Oui"
    assert format_value("x", "notes", None) == "—"
    assert history_value("installation_project", "installation_date", '"2025-05-12"') == (
        "12/05/2025"
    )
    assert history_value("installation_project", "status", '"installe"') == "Installé(e)"
    assert history_value("installation_project", "notes", None) == "—"


class InputsApp(App[None]):
    def compose(self) -> ComposeResult:
        yield NumberInput(id="number")
        yield DateInput(id="date")


async def test_inputs_take_french_typing_only() -> None:
    app = InputsApp()
    async with app.run_test() as pilot:
        number = app.query_one(NumberInput)
        number.focus()
        await pilot.press(*"1 234,5x")  # the letter does not get in
        assert number.value == "1 234,5"
        assert number.number == Decimal("1234.5")
        date_input = app.query_one(DateInput)
        date_input.focus()
        await pilot.press(*"05/03/2026a")
        assert date_input.value == "05/03/2026"
        assert date_input.date == date(2026, 3, 5)
