"""Reading and writing CSV: encodings, separators, headers, Excel FR cells."""

from __future__ import annotations

import csv
import io
from datetime import date
from pathlib import Path

import pytest

from storage.exchange.csv_io import (
    CsvFormatError,
    decode,
    detect_separator,
    excel_csv,
    format_date,
    format_money,
    format_number,
    header_key,
    parse_text,
    read_csv,
    read_finess_stock,
)


def test_encodings() -> None:
    assert decode("é".encode()) == ("é", "UTF-8")
    assert decode(b"\xef\xbb\xbf" + "é".encode()) == ("é", "UTF-8 avec BOM")
    assert decode("Réunion œ €".encode("cp1252")) == ("Réunion œ €", "Windows-1252")
    with pytest.raises(CsvFormatError, match="UTF-16"):
        decode("a;b".encode("utf-16"))
    with pytest.raises(CsvFormatError, match="Windows-1252"):
        decode(b"\xe9\x81")  # not UTF-8, and 0x81 has no Windows-1252 character


def test_separators() -> None:
    assert detect_separator("a;b;c") == ";"
    assert detect_separator("a,b,c") == ","
    assert detect_separator('"Nom, prénom";Ville') == ";"  # a comma inside quotes is text
    assert detect_separator("seule") == ";"
    with pytest.raises(CsvFormatError, match="barre verticale"):
        detect_separator("a|b|c")


def test_headers_compare_without_accents_case_or_punctuation() -> None:
    assert header_key("N° d'arrêté") == header_key("n_d_arrete") == "n d arrete"
    assert header_key(" Date d'Effet ") == "date d effet"


def test_line_numbers_count_the_file_lines() -> None:
    table = parse_text('Nom;Notes\nA;"deux\nlignes"\n\nB;x\n')
    assert [number for number, _ in table.rows] == [2, 5]
    assert table.rows[0][1] == ["A", "deux\nlignes"]


def test_excel_cells() -> None:
    assert format_date(date(2026, 3, 2)) == "02/03/2026"
    assert format_number(0.5) == "0,5" and format_number(1234) == "1234"
    assert format_number(12.345, 2) == "12,35"
    assert format_money(120050) == "1200,50" and format_money(-5) == "-0,05"


def test_writer_bom_separator_crlf_and_no_half_file(tmp_path: Path) -> None:
    path = tmp_path / "x.csv"
    with excel_csv(path) as writer:
        writer.header(["Nom", "Note"])
        writer.row(["Payet", "@SOMME(A1)"])
        writer.row(["+33 6 12 34 56 78", "a;b"])
    assert path.read_bytes() == (
        b"\xef\xbb\xbfNom;Note\r\nPayet;'@SOMME(A1)\r\n'+33 6 12 34 56 78;\"a;b\"\r\n"
    )
    with pytest.raises(RuntimeError), excel_csv(path) as writer:
        writer.row(["changed"])
        raise RuntimeError
    assert path.read_bytes().startswith(b"\xef\xbb\xbfNom;Note")  # the old file is intact
    assert list(tmp_path.iterdir()) == [path]  # and no temporary file is left


#: Cells a spreadsheet may run as formulas (OWASP "CSV injection"), and what the export writes.
DANGEROUS = [
    "=1+1",
    "-2+3+cmd|' /C calc'!A0",
    "+33 6 12 34 56 78",
    "-3",
    "@SOMME(A1)",
    "\tx",
    "\rx",
    "'=déjà gardé",
]


@pytest.mark.parametrize("value", DANGEROUS)
def test_every_text_cell_that_starts_like_a_formula_is_guarded_and_read_back(
    value: str, tmp_path: Path
) -> None:
    path = tmp_path / "x.csv"
    with excel_csv(path) as writer:
        writer.header(["Texte", "Nombre"])
        writer.row([value, "-3"], [True, False])
    text = path.read_bytes().decode("utf-8-sig")
    [_header, row] = list(csv.reader(io.StringIO(text, newline=""), delimiter=";"))
    # guarded; a number in a numeric column is not text: as it is
    assert row == ["'" + value, "-3"]
    assert read_csv(path).rows[0][1] == [value, "-3"]  # our import takes the guard off


def test_ordinary_text_is_left_alone() -> None:
    table = parse_text("A;B\nPayet;'apostrophe\n")
    assert table.rows[0][1] == ["Payet", "'apostrophe"]


def test_a_file_the_csv_reader_cannot_split_names_its_line(tmp_path: Path) -> None:
    """A cell beyond the csv module's limit: a French message with the line, no rows."""
    huge = "x" * (csv.field_size_limit() + 1)
    with pytest.raises(CsvFormatError, match="illisible à la ligne 3"):
        parse_text(f"a;b\n1;2\n3;{huge}\n")
    stock = tmp_path / "stock.csv"
    stock.write_text(f"finess;etalab;2026\nstructureet;1;2\nstructureet;{huge}\n", "utf-8")
    with pytest.raises(CsvFormatError, match="illisible à la ligne 3"):
        read_finess_stock(stock)
