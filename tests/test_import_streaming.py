"""``import professionnels`` reads its file in chunks: memory does not follow the file's size,
and the import stays all or nothing (issue 13)."""

from __future__ import annotations

import gc
import tracemalloc
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import Database
from storage.exchange.import_run import ImportResult, ImportRun
from storage.exchange.imports import COLLECTOR_PAUSED, ImportRefused, import_file
from storage.records.identifiers import make_rpps

#: An ignored column of this many characters on every line: the file is large, the rows small.
PADDING = 4_000


def _professionals(path: Path, rows: int, *, bad_at: int | None = None, latin1: bool = False):
    lines = ["Nom;Prénom;RPPS;Remarque ignorée"]
    for index in range(rows):
        rpps = make_rpps(f"{3_000_000_000 + index:010d}")
        if index == bad_at:
            rpps = rpps[:-1] + str((int(rpps[-1]) + 1) % 10)  # a wrong key
        lines.append(f"Nom{index};Éloïse;{rpps};{'x' * PADDING}")
    path.write_bytes(("\n".join(lines) + "\n").encode("cp1252" if latin1 else "utf-8"))
    return path


def _run(database: Database, path: Path):
    return import_file(
        database.engine, "professionnels", path, user="t", ars_code="REU", today=date(2026, 6, 1)
    )


def _count(database: Database, table: str) -> int:
    with database.engine.connect() as connection:
        return connection.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()


def test_import_memory_does_not_follow_the_file_size(
    database: Database, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr("storage.exchange.import_run.CHUNK_LINES", 100)
    path = _professionals(tmp_path / "p.csv", 2_500)
    size = path.stat().st_size  # about 10 MB
    tracemalloc.start()
    try:
        result = _run(database, path)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    assert result.total("created") == 2_500 and result.lines == 2_500
    # Reading the whole file holds its bytes and its text at least (2 x size).
    assert peak < size / 4, f"peak {peak / 1e6:.1f} MB for a file of {size / 1e6:.1f} MB"


def test_a_bad_line_after_written_chunks_leaves_nothing(
    database: Database, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.setattr("storage.exchange.import_run.CHUNK_LINES", 100)
    path = _professionals(tmp_path / "p.csv", 1_000, bad_at=950)
    before = [_count(database, t) for t in ("professional", "outbox_op", "history_entry")]
    with pytest.raises(ImportRefused) as caught:
        _run(database, path)
    assert [error.line for error in caught.value.errors] == [952]
    assert [_count(database, t) for t in ("professional", "outbox_op", "history_entry")] == before


def test_a_latin1_file_is_read_in_chunks_too(database: Database, tmp_path: Path, monkeypatch):
    monkeypatch.setattr("storage.exchange.import_run.CHUNK_LINES", 100)
    path = _professionals(tmp_path / "p.csv", 300, latin1=True)
    result = _run(database, path)
    assert result.encoding == "Windows-1252" and result.total("created") == 300
    with database.engine.connect() as connection:
        names = connection.execute(text("SELECT DISTINCT first_name FROM professional")).all()
    assert names == [("Éloïse",)]


def test_identical_lines_far_apart_are_still_refused(
    database: Database, tmp_path: Path, monkeypatch
):
    monkeypatch.setattr("storage.exchange.import_run.CHUNK_LINES", 100)
    lines = ["Nom;Prénom"] + [f"Nom{i};Jean" for i in range(500)] + ["Nom3;Jean"]
    path = tmp_path / "p.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as caught:
        _run(database, path)
    assert [str(error) for error in caught.value.errors] == [
        "ligne 502 : ligne en double : mêmes valeurs que la ligne 5."
    ]
    assert _count(database, "professional") == 0


@pytest.mark.parametrize(
    "data",
    [
        'Nom;Prénom\r\nHoarau;Élodie\r\n\r\nPayet;"Jean\nMarie"\r\n'.encode("utf-8-sig"),
        "Nom,Prénom\nHoarau,Élodie\n  ,  \n'=Payet,Jean".encode(),
        "Nom;Prénom\nHoarau;Élodie\n".encode("cp1252"),
        b"",
        b"Nom;Pr\x00nom\n",
        b"Nom;Pr\x81nom\n",
        "Nom;Prénom\n".encode("utf-8-sig")[:3] + b"Nom;Pr\xe9nom\n",
        b'Nom;Prenom\n"Hoarau;Elodie\n',
    ],
)
def test_a_stream_reads_what_read_csv_reads(tmp_path: Path, data: bytes) -> None:
    from storage.exchange.csv_io import CsvFormatError, open_csv_stream, read_csv

    path = tmp_path / "f.csv"
    path.write_bytes(data)
    try:
        table = read_csv(path)
    except CsvFormatError as error:
        with pytest.raises(CsvFormatError) as caught, open_csv_stream(path) as stream:
            list(stream.rows)
        assert str(caught.value) == str(error)
        return
    with open_csv_stream(path) as stream:
        rows = list(stream.rows)
        assert (stream.header, stream.encoding, stream.separator) == (
            table.header,
            table.encoding,
            table.separator,
        )
        assert rows == table.rows and stream.read == len(rows)
        assert stream.estimated_rows >= len(rows)


def test_a_line_digest_tells_apart_lines_with_nul_and_empty_cells() -> None:
    """Two lines share a digest only when their picked cells are the same, a NUL inside a cell
    (a UTF-8 file with a BOM may carry one) or empty cells included."""
    from storage.exchange.import_run import _line_digest

    lines = [
        ("a", "b"),
        ("a\x00b", ""),
        ("a", "\x00b"),
        ("", "a\x00b"),
        ("a\x00", "b"),
        ("", ""),
        ("",),
        ("\x00",),
        ("('a\\x00', 'b')",),
        ("", "('a\\x00', 'b')"),
        ("a\x00b",),
        ("a", "b", ""),
    ]
    digests = [_line_digest(values) for values in lines]
    assert len(set(digests)) == len(lines)
    assert [_line_digest(tuple(values)) for values in lines] == digests


@pytest.mark.parametrize("kind", sorted(COLLECTOR_PAUSED))
def test_a_large_import_runs_without_the_collector_and_makes_no_cycles(
    database: Database, tmp_path: Path, monkeypatch, kind: str
) -> None:
    """The cyclic collector is paused while professionals or the annuaire are imported (its
    passes cost 5 %): safe only because those imports leave no reference cycles behind; it runs
    again afterwards, the import refused or not."""
    monkeypatch.setattr("storage.exchange.import_run.CHUNK_LINES", 100)
    path = (
        _professionals(tmp_path / "p.csv", 500)
        if kind == "professionnels"
        else Path(__file__).parent / "data" / "annuaire-sante-ps-libreacces-personne-activite.txt"
    )

    def run() -> ImportResult:
        return import_file(
            database.engine, kind, path, user="t", ars_code="REU", today=date(2026, 6, 1)
        )

    gc.collect()
    gc.disable()  # every cycle the import makes stays for gc.collect() to count
    try:
        created = run().total("created")
        left = gc.collect()
    finally:
        gc.enable()
    assert created and left == 0
    during: list[bool] = []
    real_flush = ImportRun.flush

    def flush(self: ImportRun) -> None:
        during.append(gc.isenabled())
        real_flush(self)

    monkeypatch.setattr(ImportRun, "flush", flush)
    assert run().lines and gc.isenabled()
    assert during and not any(during)
    with pytest.raises(ImportRefused):
        _run(database, _professionals(tmp_path / "bad.csv", 5, bad_at=2))
    assert gc.isenabled()
