"""RPPS, SIREN, FINESS and INSEE commune codes: format, Luhn keys, French messages."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from stdnum import luhn
from stdnum.fr import siren as stdnum_siren

from storage import vocabulary as voc
from storage.identifiers import (
    check_commune_code,
    check_finess,
    check_rpps,
    check_siren,
    make_finess,
    make_rpps,
    make_siren,
)
from storage.validation import ValidationError


def body(length: int) -> st.SearchStrategy[str]:
    return st.text(alphabet="0123456789", min_size=length, max_size=length)


def other_digit(digit: str, shift: int) -> str:
    """A different digit (shift in 1..9)."""
    return str((int(digit) + shift) % 10)


# --- RPPS ---------------------------------------------------------------------------------------


def test_rpps_made_by_make_rpps_passes_with_any_spacing() -> None:
    rpps = make_rpps("1000123456")
    assert len(rpps) == 11 and rpps.startswith("1000123456")
    spaced = f"{rpps[:4]} {rpps[4:8]}\u00a0{rpps[8:]}\u202f"
    assert check_rpps(spaced) == rpps


@given(body(10))
def test_make_rpps_output_is_always_valid(body10: str) -> None:
    rpps = make_rpps(body10)
    assert check_rpps(rpps) == rpps
    assert luhn.is_valid(rpps)


@given(body(10), st.integers(min_value=0, max_value=10), st.integers(min_value=1, max_value=9))
def test_any_single_digit_change_of_an_rpps_is_refused(body10: str, position: int, shift: int):
    rpps = make_rpps(body10)
    changed = rpps[:position] + other_digit(rpps[position], shift) + rpps[position + 1 :]
    with pytest.raises(ValidationError) as caught:
        check_rpps(changed)
    assert caught.value.errors[0].field == "rpps"
    assert "clé de contrôle" in str(caught.value)


@pytest.mark.parametrize(
    ("typed", "expected_words"),
    [
        ("1000123456", "11 chiffres attendus, 10 saisis"),
        ("100012345655", "11 chiffres attendus, 12 saisis"),
        ("1000I234565", "seuls des chiffres"),
        ("１０００１２３４５６５", "seuls des chiffres"),  # full-width digits are not ASCII
        ("", "11 chiffres attendus, 0 saisis"),
    ],
)
def test_rpps_errors_say_what_is_wrong_without_the_value(typed: str, expected_words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_rpps(typed)
    message = str(caught.value)
    assert expected_words in message
    assert message.startswith(voc.field_label("rpps"))
    if typed:
        assert typed not in message  # an RPPS is personal data


def test_check_rpps_uses_the_field_it_is_given_for_the_label() -> None:
    with pytest.raises(ValidationError) as caught:
        check_rpps("123", field="employer_id")
    assert caught.value.errors[0].field == "employer_id"
    assert str(caught.value).startswith(voc.field_label("employer_id"))


@pytest.mark.parametrize("bad_body", ["123456789", "12345678901", "12345abcde", ""])
def test_make_rpps_needs_ten_digits(bad_body: str) -> None:
    with pytest.raises(ValueError):
        make_rpps(bad_body)


# --- SIREN --------------------------------------------------------------------------------------


def test_real_epci_siren_passes_and_is_compacted() -> None:
    # CC de la Dombes (01) and CINOR (La Réunion), from the packaged reference data.
    assert check_siren("200 069 193") == "200069193"
    assert check_siren("249740119") == "249740119"


@given(body(9))
def test_check_siren_agrees_with_stdnum(number: str) -> None:
    try:
        check_siren(number)
        accepted = True
    except ValidationError:
        accepted = False
    assert accepted == stdnum_siren.is_valid(number)


@given(body(8))
def test_make_siren_is_valid(body8: str) -> None:
    assert stdnum_siren.is_valid(make_siren(body8))


def test_siren_errors() -> None:
    with pytest.raises(ValidationError, match="9 chiffres attendus, 8 saisis"):
        check_siren("20006919")
    with pytest.raises(ValidationError, match="clé de contrôle"):
        check_siren("200069194")
    with pytest.raises(ValidationError, match="seuls des chiffres"):
        check_siren("2000-69193")


# --- FINESS -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("330781196", "330781196"),  # CHU de Bordeaux
        ("750 712 184", "750712184"),  # AP-HP
    ],
)
def test_real_finess_numbers_pass(typed: str, stored: str) -> None:
    assert check_finess(typed) == stored


def test_finess_with_a_wrong_key_is_refused() -> None:
    with pytest.raises(ValidationError, match="clé de contrôle"):
        check_finess("330781197")


@given(body(5))
def test_overseas_finess_key_is_luhn(rest: str) -> None:
    number = make_finess("974" + rest)
    assert check_finess(number) == number
    wrong = number[:-1] + other_digit(number[-1], 1)
    with pytest.raises(ValidationError):
        check_finess(wrong)


@pytest.mark.parametrize(
    ("typed", "words"),
    [
        ("33078119", "9 caractères attendus, 8 saisis"),
        ("960000000", "« 96 » n'est pas un département"),
        ("000000000", "« 00 » n'est pas un département"),
        ("200000000", "« 20 » n'est pas un département"),  # Corsica is 2A / 2B
        ("9A0000000", "« 9A » n'est pas un département"),
        ("33078119X", "seuls des chiffres"),
        ("2A00000X4", "seuls des chiffres"),
    ],
)
def test_finess_format_errors(typed: str, words: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_finess(typed)
    assert words in str(caught.value)
    assert caught.value.errors[0].field == "finess"


@pytest.mark.parametrize("typed", ["2A0000014", "2b 000 0019", "2A1234567"])
def test_corsican_finess_is_checked_for_format_only(typed: str) -> None:
    number = check_finess(typed)
    assert number == typed.replace(" ", "").upper()
    assert number[:2] in ("2A", "2B")


def test_make_finess_refuses_a_body_without_departement() -> None:
    with pytest.raises(ValueError):
        make_finess("96000000")
    with pytest.raises(ValueError):
        make_finess("1234")


# --- INSEE commune codes ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [("01001", "01001"), ("2a004", "2A004"), ("2B 033", "2B033"), ("97611", "97611")],
)
def test_commune_codes_in_the_right_shape(typed: str, stored: str) -> None:
    assert check_commune_code(typed) == stored


@pytest.mark.parametrize("typed", ["1001", "010011", "2C004", "2A04", "AB123", "0100A", ""])
def test_commune_codes_in_the_wrong_shape(typed: str) -> None:
    with pytest.raises(ValidationError) as caught:
        check_commune_code(typed)
    assert "5 caractères" in str(caught.value)
    assert caught.value.errors[0].field == "commune_code"


def test_fast_luhn_agrees_with_stdnum() -> None:
    import random

    from stdnum import luhn

    from storage.identifiers import luhn_is_valid

    rng = random.Random(13)
    numbers = [
        "".join(rng.choice("0123456789") for _ in range(rng.choice((9, 11)))) for _ in range(3000)
    ]
    assert [luhn_is_valid(n) for n in numbers] == [luhn.is_valid(n) for n in numbers]
    assert any(luhn_is_valid(n) for n in numbers) and not all(luhn_is_valid(n) for n in numbers)
