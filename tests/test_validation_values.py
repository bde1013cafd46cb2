"""Typed values (coerce, is_valid_phone) with their French messages; whole-record checks
(validate_record): tests/test_validation.py.
"""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

import pytest
from hypothesis import given
from hypothesis import strategies as st

from storage import vocabulary as voc
from storage.coercion import coerce
from storage.identifiers import make_rpps
from storage.validation import (
    FieldError,
    ValidationError,
    is_valid_email,
    is_valid_phone,
)

RPPS = make_rpps("1000345678")


# --- ValidationError ----------------------------------------------------------------------------


def test_validation_error_joins_messages_and_knows_its_fields() -> None:
    error = ValidationError(
        [FieldError("last_name", "Nom : obligatoire."), FieldError(None, "Tout va mal.")]
    )
    assert str(error) == "Nom : obligatoire.\nTout va mal."
    assert error.fields == {"last_name"}
    assert error.messages_for("last_name") == ["Nom : obligatoire."]
    assert isinstance(error, ValueError)


# --- coerce: dates ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["05/03/2024", "5/3/2024", "2024-03-05", " 05.03.2024 ", "5-3-2024"]
)
def test_dates_in_french_and_iso_forms(typed: str) -> None:
    assert coerce("installation_project", "first_contact_date", typed) == date(2024, 3, 5)


def test_date_and_datetime_objects() -> None:
    assert coerce("aid_contract", "start_date", date(2024, 2, 29)) == date(2024, 2, 29)
    assert coerce("aid_contract", "start_date", datetime(2024, 2, 29, 18, 5)) == date(2024, 2, 29)


@pytest.mark.parametrize("typed", ["31/02/2024", "29/02/2023", "2024-13-01", "demain", "5/3/24"])
def test_not_a_date(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        coerce("aid_contract", "start_date", typed)
    assert caught.value.errors == [
        FieldError(
            "start_date",
            voc.MSG_NOT_A_DATE.format(label=voc.field_label("start_date"), value=typed),
        )
    ]


@given(st.dates(min_value=date(1900, 1, 1), max_value=date(2200, 12, 31)))
def test_a_date_as_the_app_shows_it_reads_back(day: date) -> None:
    assert coerce("mcs_training", "training_date", voc.format_date(day)) == day
    assert coerce("mcs_training", "training_date", day.isoformat()) == day


# --- coerce: numbers ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [("1234", 1234), ("1 234", 1234), ("1\u00a0234", 1234), ("1\u202f234", 1234), ("-3", -3)],
)
def test_integers_with_french_spaces(typed: str, value: int) -> None:
    assert coerce("urgent_care_coverage", "population_beyond_30min", typed) == value


@pytest.mark.parametrize("typed", ["12,5", "douze", "1.234", "1e3"])
def test_not_an_integer(typed: str) -> None:
    with pytest.raises(ValidationError, match="n'est pas un nombre entier"):
        coerce("solidarity_mission", "days", typed)


def test_python_numbers_for_an_integer_field() -> None:
    assert coerce("solidarity_mission", "days", 3) == 3
    assert coerce("solidarity_mission", "days", 3.0) == 3
    with pytest.raises(ValidationError):
        coerce("solidarity_mission", "days", 3.5)
    with pytest.raises(ValidationError):
        coerce("solidarity_mission", "days", True)


@given(st.integers(min_value=0, max_value=10**12))
def test_an_integer_as_the_app_shows_it_reads_back(number: int) -> None:
    assert coerce("cpts", "population_covered", voc.format_int(number)) == number


@pytest.mark.parametrize(("typed", "value"), [("0,5", 0.5), ("0.5", 0.5), ("1", 1.0), (",5", 0.5)])
def test_decimal_numbers_with_comma_or_point(typed: str, value: float) -> None:
    assert coerce("medical_assistant", "fte", typed) == value


@pytest.mark.parametrize("raw", ["nan", "inf", "1,2,3", float("nan"), float("inf")])
def test_not_a_finite_number(raw: object) -> None:
    with pytest.raises(ValidationError):
        coerce("medical_assistant", "fte", raw)


# --- coerce: amounts in euros -> cents ----------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "cents"),
    [
        ("1 200,50", 120050),
        ("1200.5", 120050),
        ("1\u202f200,5 €", 120050),
        ("1200", 120000),
        ("0,07", 7),
        ("12 EUR", 1200),
        (Decimal("1200.5"), 120050),
        (1200.5, 120050),
    ],
)
def test_amounts_typed_in_euros_are_stored_in_cents(typed: object, cents: int) -> None:
    assert coerce("aid_contract", "amount_cents", typed) == cents


def test_a_python_int_for_an_amount_is_already_cents() -> None:
    assert coerce("aid_contract", "amount_cents", 120050) == 120050


@pytest.mark.parametrize("typed", ["12,345", "1.200,50", "douze euros", "12 $"])
def test_not_an_amount(typed: str) -> None:
    with pytest.raises(ValidationError, match="n'est pas un montant en euros"):
        coerce("msp_funding", "amount_cents", typed)


@given(st.integers(min_value=0, max_value=10**12))
def test_an_amount_as_the_app_shows_it_reads_back(cents: int) -> None:
    shown = voc.format_decimal(cents / 100, digits=2)
    assert coerce("aid_contract", "amount_cents", shown) == cents


# --- coerce: yes/no, choices, text --------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "value"),
    [("oui", True), ("Non", False), ("VRAI", True), ("faux", False), ("1", True), ("0", False)],
)
def test_yes_no(typed: str, value: bool) -> None:
    assert coerce("msp_site", "qpv", typed) is value


def test_not_yes_no() -> None:
    with pytest.raises(ValidationError, match="n'est pas oui ou non"):
        coerce("msp_site", "qpv", "peut-être")


@pytest.mark.parametrize(
    "typed",
    ["installe_liberal", "Installé(e) en libéral", "INSTALLE(E) EN LIBERAL", "installe liberal"],
)
def test_closed_list_takes_code_or_label_and_stores_the_code(typed: str) -> None:
    assert coerce("professional", "situation", typed) == "installe_liberal"


def test_closed_list_of_an_integer_field() -> None:
    assert coerce("aid_contract", "secteur", "Secteur 2") == 2
    assert coerce("aid_contract", "secteur", 1) == 1
    with pytest.raises(ValidationError) as caught:
        coerce("aid_contract", "secteur", 3)
    assert "Secteur 1, Secteur 2" in str(caught.value)


def test_closed_list_depends_on_the_record_type() -> None:
    assert coerce("msp_staffing", "profession", "Médecin généraliste") == "mg"
    with pytest.raises(ValidationError):
        coerce("professional", "profession", "mg")


def test_blank_is_none_and_text_is_stripped() -> None:
    assert coerce("professional", "specialty", "   ") is None
    assert coerce("professional", "specialty", None) is None
    assert coerce("professional", "last_name", "  Hoarau ") == "Hoarau"


def test_text_longer_than_the_column() -> None:
    assert coerce("professional", "last_name", "x" * 80) == "x" * 80
    with pytest.raises(ValidationError) as caught:
        coerce("professional", "last_name", "x" * 81)
    assert str(caught.value) == voc.MSG_TOO_LONG.format(label="Nom", max_length=80)


def test_identifiers_lose_their_spaces() -> None:
    assert coerce("professional", "rpps", f"{RPPS[:4]} {RPPS[4:]}") == RPPS
    assert coerce("msp_site", "finess", "2a 000 0014") == "2A0000014"
    assert coerce("msp_site", "commune_code", "2a004") == "2A004"


def test_an_identifier_too_long_gets_the_identifier_message() -> None:
    with pytest.raises(ValidationError, match="11 chiffres attendus, 12 saisis"):
        coerce("professional", "rpps", RPPS + "1")


def test_unknown_field_and_unknown_record_type() -> None:
    with pytest.raises(ValidationError) as caught:
        coerce("professional", "shoe_size", "42")
    assert caught.value.errors[0].field == "shoe_size"
    assert "n'existe pas pour une fiche « Professionnel »" in str(caught.value)
    with pytest.raises(ValueError, match="unknown record type"):
        coerce("spaceship", "name", "x")


@pytest.mark.parametrize(
    "phone",
    [
        "06 12 34 56 78",
        "0612345678",
        "01.23.45.67.89",
        "+33 6 12 34 56 78",
        "0033 6 12 34 56 78",
        "0262 21 00 00",
        "0692 12 34 56",
        "0269 61 00 00",
        "+262 692 12 34 56",
        "+262 269 61 00 00",
        "+269 639 12 34 56",
        "+590 590 12 34 56",
        "+508 41 23 45",
        "06-12-34-56-78",
    ],
)
def test_valid_phones(phone: str) -> None:
    assert is_valid_phone(phone)


@pytest.mark.parametrize(
    "phone",
    [
        "612345678",
        "06 12 34 56 7",
        "06 12 34 56 789",
        "+33 06 12 34 56 78",
        "+44 20 7946 0958",
        "+262 692 12 34 5",
        "06 12 34 56 7a",
        "00 12 34 56 78",
        "",
    ],
)
def test_invalid_phones(phone: str) -> None:
    assert not is_valid_phone(phone)


@pytest.mark.parametrize(
    ("email", "ok"),
    [
        ("elodie.hoarau@ars.sante.fr", True),
        ("a+b@example.re", True),
        ("sans-arobase.fr", False),
        ("a@b", False),
        ("a@.fr", False),
        ("a b@example.fr", False),
        ("a@@example.fr", False),
        ("a@example.", False),
    ],
)
def test_email_shape(email: str, ok: bool) -> None:
    assert is_valid_email(email) is ok
