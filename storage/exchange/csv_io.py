"""Reading the CSV files people really send, and writing the ones Excel FR opens as they are.

Reading (:func:`read_csv`): a file saved by Excel FR is Windows-1252 with ``;``; one made by a
script is UTF-8 with ``,``; LibreOffice adds a BOM or not. So:

- encoding: UTF-8 with a BOM, else UTF-8 if every byte decodes, else Windows-1252 (a file with
  NUL bytes is UTF-16 or not text at all: refused). UTF-8 is tried first because a UTF-8 file
  almost never decodes as valid Windows-1252 *and* means the same;
- separator: the one of ``;`` and ``,`` the header line holds most (outside quotes). A header
  with neither is one column, unless the file is tab- or pipe-separated: refused, with a French
  message that names the separator found;
- headers are matched by :func:`header_key`: case, accents, apostrophes and "N°" do not matter
  ("Date d'effet", "DATE D EFFET" and "date_d'effet" are one column).

Line numbers are the file's own (the header is line 1), so a message points at what the user
sees in their editor.

Writing (:class:`ExcelCsvWriter`): ``;``, UTF-8 with BOM (without it Excel reads UTF-8 as
Windows-1252 and "Réunion" becomes "RÃ©union"), CRLF line ends, dates JJ/MM/AAAA and decimal
commas (:func:`format_date`, :func:`format_number`, :func:`format_money`). The file is written
beside its target and renamed at the end, so an export that fails leaves no half file behind.
"""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from storage import vocabulary as voc
from storage.text import search_key

UTF8_BOM = b"\xef\xbb\xbf"
#: What :class:`CsvTable` says about the encoding it found (French: shown to the user).
ENCODING_UTF8 = "UTF-8"
ENCODING_UTF8_BOM = "UTF-8 avec BOM"
ENCODING_CP1252 = "Windows-1252"
SEPARATORS = (";", ",")
#: Separators we recognise only to say that they are not accepted.
OTHER_SEPARATORS = {"\t": "tabulation", "|": "barre verticale « | »"}
EXPORT_SEPARATOR = ";"

#: A text cell that starts with one of these, Excel (or LibreOffice) may run as a formula (CSV
#: injection: "=...", "@...", "+A1", "-2+3+cmd|' /C calc'!A0", a tab or a carriage return first).
#: Every such cell of a text column gets a leading apostrophe (OWASP's advice), "+33 6..." and
#: "-3" included: in a text column they are text. Numeric columns are written as they are.
_FORMULA_FIRST = frozenset("=+-@\t\r")
#: Any run of apostrophes before such a character: the guard adds one, reading takes one off, so
#: that a value that itself began with "'=" comes back unchanged from a round trip.
_GUARDED = re.compile(r"'*[=+\-@\t\r]")
FORMULA_GUARD = "'"


class CsvFormatError(ValueError):
    """The file as a whole cannot be read (encoding, separator, empty): a French message."""


@dataclass(frozen=True)
class CsvTable:
    """A read CSV file: its header cells and its rows, each with its line number."""

    header: list[str]
    #: (line number in the file, cells), blank lines left out.
    rows: list[tuple[int, list[str]]]
    encoding: str
    separator: str


def decode(data: bytes) -> tuple[str, str]:
    """The text of ``data`` and the name of its encoding (see the module docstring)."""
    if data.startswith(UTF8_BOM):
        try:
            return data[len(UTF8_BOM) :].decode("utf-8"), ENCODING_UTF8_BOM
        except UnicodeDecodeError:
            raise CsvFormatError(voc.MSG_CSV_BAD_UTF8) from None
    if b"\x00" in data:
        raise CsvFormatError(voc.MSG_CSV_NUL_BYTES)
    try:
        return data.decode("utf-8"), ENCODING_UTF8
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("cp1252"), ENCODING_CP1252
    except UnicodeDecodeError:
        # Five bytes (0x81, 0x8D, 0x8F, 0x90, 0x9D) have no character in Windows-1252.
        raise CsvFormatError(voc.MSG_CSV_UNKNOWN_ENCODING) from None


def _outside_quotes(line: str) -> str:
    """``line`` without its quoted parts (a "," inside "Dupont, Marie" is no separator)."""
    return re.sub(r'"[^"]*"', "", line)


def detect_separator(header_line: str) -> str:
    """``;`` or ``,``: whichever the header line holds most (``;`` on a tie, as Excel FR)."""
    bare = _outside_quotes(header_line)
    counts = {separator: bare.count(separator) for separator in SEPARATORS}
    if max(counts.values()) == 0:
        for separator, name in OTHER_SEPARATORS.items():
            if separator in bare:
                raise CsvFormatError(voc.MSG_CSV_BAD_SEPARATOR.format(found=name))
        return SEPARATORS[0]  # one column
    return max(SEPARATORS, key=lambda separator: counts[separator])


def _numbered(reader: Any) -> Iterator[tuple[int, list[str]]]:
    """Each row of a ``csv.reader`` with the line it starts on (a quoted cell may span lines);
    a file the reader cannot split raises :class:`CsvFormatError` naming the line."""
    try:
        while True:
            line_number = reader.line_num + 1
            try:
                cells = next(reader)
            except StopIteration:
                return
            yield line_number, cells
    except csv.Error as error:
        raise CsvFormatError(
            voc.MSG_CSV_UNREADABLE.format(line=reader.line_num, reason=error)
        ) from None


def parse_text(text: str, encoding: str = ENCODING_UTF8) -> CsvTable:
    """Header and rows of CSV ``text`` (see :func:`read_csv`)."""
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if not first_line.strip():
        raise CsvFormatError(voc.MSG_CSV_EMPTY)
    separator = detect_separator(first_line)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=separator)
    rows: list[tuple[int, list[str]]] = []
    header: list[str] | None = None
    for line_number, cells in _numbered(reader):
        if header is None:
            header = [cell.strip() for cell in cells]
            continue
        if any(cell.strip() for cell in cells):
            rows.append((line_number, [_unguard(cell.strip()) for cell in cells]))
    assert header is not None
    return CsvTable(header=header, rows=rows, encoding=encoding, separator=separator)


def read_csv(path: Path | str) -> CsvTable:
    """Read a CSV file whatever its encoding and separator (module docstring).

    Raises :class:`CsvFormatError` (French) for a file that cannot be read as a table, OSError
    for a file that cannot be opened.
    """
    text, encoding = decode(Path(path).read_bytes())
    return parse_text(text, encoding)


#: Bytes read at a time when a file is streamed (:func:`open_csv_stream`).
READ_BLOCK = 1 << 18
#: The five bytes that have no character in Windows-1252.
_CP1252_HOLES = (b"\x81", b"\x8d", b"\x8f", b"\x90", b"\x9d")


class CsvStream:
    """A CSV file read a row at a time (:func:`open_csv_stream`): the header, the encoding and
    separator found, and :attr:`rows` as an iterator; memory does not follow the file's size."""

    def __init__(self, path: Path, encoding: str, codec: str, lines: int) -> None:
        self.encoding = encoding
        #: Data lines, counted on the bytes (blank lines and quoted line breaks included): a
        #: progress bar's total, not the count of rows (:attr:`read` says that at the end).
        self.estimated_rows = lines
        #: Rows given so far (blank lines left out), as ``len(CsvTable.rows)``.
        self.read = 0
        self._file = path.open(encoding=codec, newline="")
        first_line = self._file.readline().rstrip("\r\n")
        if not first_line.strip():
            self._file.close()
            raise CsvFormatError(voc.MSG_CSV_EMPTY)
        self.separator = detect_separator(first_line)
        self._file.seek(0)
        self._reader = csv.reader(self._file, delimiter=self.separator)
        self.header = [cell.strip() for cell in self._next_cells() or []]
        self.rows: Iterator[tuple[int, list[str]]] = self._rows()

    def _next_cells(self) -> list[str] | None:
        try:
            return next(self._reader)
        except StopIteration:
            return None
        except csv.Error as error:
            line = self._reader.line_num
            raise CsvFormatError(voc.MSG_CSV_UNREADABLE.format(line=line, reason=error)) from None

    def _rows(self) -> Iterator[tuple[int, list[str]]]:
        """As :func:`parse_text`'s rows: (line number, stripped and unguarded cells)."""
        while True:
            line_number = self._reader.line_num + 1
            cells = self._next_cells()
            if cells is None:
                self.close()
                return
            stripped = list(map(str.strip, cells))
            if any(stripped):
                self.read += 1
                # Only a cell starting with the guard can be guarded: the line's cells are
                # looked at one by one only when the guard is somewhere in the line (rare).
                guard = FORMULA_GUARD
                if guard in "".join(stripped):
                    stripped = [_unguard(c) if c[:1] == guard else c for c in stripped]
                yield line_number, stripped

    def close(self) -> None:
        self._file.close()

    def __enter__(self) -> CsvStream:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def open_csv_stream(path: Path | str) -> CsvStream:
    """:func:`read_csv`, a row at a time: the same encoding, separator, rows and errors.

    The bytes are read once first, a block at a time, to choose the encoding as
    :func:`decode` does (UTF-8 only if the whole file decodes) and to count the lines.
    """
    path = Path(path)
    with path.open("rb") as raw:
        bom = raw.read(len(UTF8_BOM)) == UTF8_BOM
        raw.seek(len(UTF8_BOM) if bom else 0)
        utf8 = codecs.getincrementaldecoder("utf-8")()
        is_utf8, cp1252_hole, newlines, last = True, False, 0, b""
        while block := raw.read(READ_BLOCK):
            if not bom and b"\x00" in block:
                raise CsvFormatError(voc.MSG_CSV_NUL_BYTES)
            if is_utf8:
                try:
                    utf8.decode(block)
                except UnicodeDecodeError:
                    is_utf8 = False
            cp1252_hole = cp1252_hole or any(hole in block for hole in _CP1252_HOLES)
            newlines += block.count(b"\n")
            last = block[-1:]
        if is_utf8:
            try:
                utf8.decode(b"", final=True)
            except UnicodeDecodeError:
                is_utf8 = False
    if bom and not is_utf8:
        raise CsvFormatError(voc.MSG_CSV_BAD_UTF8)
    if not is_utf8 and cp1252_hole:
        raise CsvFormatError(voc.MSG_CSV_UNKNOWN_ENCODING)
    lines = max(newlines + (1 if last not in (b"", b"\n") else 0) - 1, 0)
    if bom:
        return CsvStream(path, ENCODING_UTF8_BOM, "utf-8-sig", lines)
    if is_utf8:
        return CsvStream(path, ENCODING_UTF8, "utf-8", lines)
    return CsvStream(path, ENCODING_CP1252, "cp1252", lines)


#: The fields of a ``structureet`` line of the public FINESS stock file, in order (after the
#: line's own "structureet" tag; the line ends with a ";" that makes one more empty cell).
FINESS_STRUCTUREET_FIELDS: tuple[str, ...] = (
    "nofinesset", "nofinessej", "rs", "rslongue", "complrs", "compldistrib", "numvoie",
    "typvoie", "voie", "compvoie", "lieuditbp", "commune", "departement", "libdepartement",
    "ligneacheminement", "telephone", "telecopie", "categetab", "libcategetab", "categagretab",
    "libcategagretab", "siret", "codeape", "codemft", "libmft", "codesph", "libsph", "dateouv",
    "dateautor", "datemaj",
)  # fmt: skip
FINESS_STOCK_FIRST_CELLS = ("finess", "etalab")


def read_finess_stock(path: Path | str) -> CsvTable | None:
    """The ``structureet`` lines of a public FINESS stock file, as a table with named columns.

    The file as published (``etalab-cs1100502-stock-*.csv``): no header, a first line
    ``finess;etalab;<version>;<date>``, then ``structureet;...`` lines and, in the geolocated
    file, ``geolocalisation;...`` lines (left out). UTF-8 or Latin-1 (read as Windows-1252,
    which is Latin-1 for every letter French uses), quoted fields with doubled quotes inside.
    None when the file does not start like that (an extraction with a header: read_csv).
    """
    text, encoding = decode(Path(path).read_bytes())
    first = text.split("\n", 1)[0].strip().lower().split(";")
    if tuple(cell.strip('" ') for cell in first[:2]) != FINESS_STOCK_FIRST_CELLS:
        return None
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=";")
    width = len(FINESS_STRUCTUREET_FIELDS)
    rows = [
        (line_number, [cell.strip() for cell in cells[1 : width + 1]])
        for line_number, cells in _numbered(reader)
        if cells and cells[0].strip().lower() == "structureet"
    ]
    return CsvTable(
        header=list(FINESS_STRUCTUREET_FIELDS), rows=rows, encoding=encoding, separator=";"
    )


def header_key(text: str) -> str:
    """The comparable form of a column header: lower case, no accents, words only.

    >>> header_key("N° d'arrêté"), header_key("DATE_D_EFFET")
    ('n d arrete', 'date d effet')
    """
    return " ".join(re.sub(r"[^0-9a-z]+", " ", search_key(text)).split())


def _unguard(cell: str) -> str:
    """Undo :func:`_guard` on a cell read back from one of our exports."""
    if cell.startswith(FORMULA_GUARD) and _GUARDED.match(cell[1:]):
        return cell[1:]
    return cell


# --- Writing ------------------------------------------------------------------------------------


def format_date(value: date | datetime | None) -> str:
    """JJ/MM/AAAA, empty for no date."""
    if value is None:
        return ""
    return f"{value.day:02d}/{value.month:02d}/{value.year:04d}"  # strftime is 5x slower


def format_number(value: float | int | None, digits: int | None = None) -> str:
    """A number as Excel FR reads it: decimal comma, no thousands separator ("1234,5").

    Grouping spaces are left out on purpose: Excel reads "1 234,5" as text in many set-ups.
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, int) and digits is None:
        return str(value)
    text = f"{value:.{digits}f}" if digits is not None else repr(float(value))
    if digits is None and text.endswith(".0"):
        text = text[:-2]
    return text.replace(".", ",")


def format_money(cents: int | None) -> str:
    """Whole cents as euros with two decimals: 120050 -> "1200,50"."""
    if cents is None:
        return ""
    sign = "-" if cents < 0 else ""
    euros, rest = divmod(abs(cents), 100)
    return f"{sign}{euros},{rest:02d}"


def format_bool(value: bool | None) -> str:
    if value is None:
        return ""
    return voc.EXPORT_YES if value else voc.EXPORT_NO


def _guard(cell: str) -> str:
    """A text cell Excel could take for a formula gets a leading apostrophe (OWASP advice)."""
    if cell[:1] in _FORMULA_FIRST or (cell[:1] == FORMULA_GUARD and _GUARDED.match(cell)):
        return FORMULA_GUARD + cell
    return cell


class ExcelCsvWriter:
    """Rows into a CSV for Excel FR (see the module docstring); use :func:`excel_csv`."""

    def __init__(self, stream: io.TextIOBase) -> None:
        self._writer = csv.writer(stream, delimiter=EXPORT_SEPARATOR, lineterminator="\r\n")
        self.rows_written = 0

    def header(self, cells: Sequence[str]) -> None:
        self._writer.writerow(cells)

    def row(self, cells: Iterable[str], text: Sequence[bool] | None = None) -> None:
        """One row; ``text[i]`` False for a numeric column (number, date, amount): not guarded.

        Without ``text``, every cell is text (guarded when it starts like a formula).
        """
        if text is None:
            self._writer.writerow([_guard(cell) for cell in cells])
        else:
            self._writer.writerow([_guard(c) if t else c for c, t in zip(cells, text, strict=True)])
        self.rows_written += 1


@contextmanager
def excel_csv(path: Path | str) -> Iterator[ExcelCsvWriter]:
    """A writer on ``path``: written to a temporary file beside it, renamed when the block ends.

    An error in the block removes the temporary file and leaves ``path`` as it was.
    """
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        with temporary.open("w", encoding="utf-8-sig", newline="") as stream:
            yield ExcelCsvWriter(stream)  # type: ignore[arg-type]
        os.replace(temporary, target)
    finally:
        temporary.unlink(missing_ok=True)
