"""``ars-tui zonage COMMUNE [--date JJ/MM/AAAA] [--db FICHIER]`` (issue 12): "A correspondent
answers 'was Cilaos ZIP on 01/03/2021?' in one command", OI -> REU continuity included."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from ars_tui.cli import main
from storage.db import Database
from storage.exchange.imports import import_file

ZONAGE = """\
N° d'arrêté;Date d'effet;Date de fin;Code commune;Classe
ARS-OI-2018-7;01/03/2018;;97424;ZIP
ARS-REU-2023-1;01/01/2023;;97424;ZAC-R
"""


@pytest.fixture
def zoned(database: Database, tmp_path: Path) -> Path:
    source = tmp_path / "zonage.csv"
    source.write_text(ZONAGE, encoding="utf-8")
    import_file(database.engine, "zonage", source, user="test", today=date(2026, 12, 5),
                ars_code="REU")  # fmt: skip
    database.dispose()
    return database.path


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_was_cilaos_zip_on_1_march_2021(zoned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "zonage", "Cilaos", "--date", "01/03/2021", "--db", str(zoned))
    assert code == 0
    assert out.splitlines() == [
        "Cilaos (97424) au 01/03/2021 : ZIP — Zone d'intervention prioritaire",
        "Arrêté ARS-OI-2018-7 de l'ARS OI (ARS Océan Indien), date d'effet 01/03/2018,"
        " date de fin : aucune",
        "Arrêté de l'ARS OI, toujours appliqué : l'ARS REU n'avait pas encore d'arrêté à cette"
        " date",
    ]


def test_the_reu_arrete_once_it_takes_effect(
    zoned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # By INSEE code, --db before the command; a territory retained by the ARS says so.
    code, out, _ = _run(capsys, "--db", str(zoned), "zonage", "97424", "--date", "2/1/2023")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "Cilaos (97424) au 02/01/2023 : ZAC — Zone d'action complémentaire"
    assert lines[1] == "Territoire retenu par l'ARS (besoins identifiés localement)"
    assert lines[2].startswith("Arrêté ARS-REU-2023-1 de l'ARS REU (")


def test_no_arrete_in_force(zoned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "zonage", "Mamoudzou", "--date", "01/03/2017", "--db", str(zoned))
    assert code == 0
    assert out.strip() == "Mamoudzou (97611) au 01/03/2017 : aucun arrêté en vigueur (ARS OI)"


def test_names_are_accent_and_case_insensitive_and_ambiguous_ones_listed(
    zoned: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = _run(capsys, "zonage", "CILAOS", "--date", "01/03/2021", "--db", str(zoned))
    assert code == 0 and out.startswith("Cilaos (97424)")
    code, out, _ = _run(capsys, "zonage", "l'etang sale", "--db", str(zoned))
    assert code == 0 and out.startswith("L'Étang-Salé (97404) au ")
    code, out, err = _run(capsys, "zonage", "Saint-Denis", "--db", str(zoned))
    assert code == 2 and out == ""
    assert "plusieurs communes s'appellent « Saint-Denis »" in err
    assert "97411  Saint-Denis (974)" in err and "93066  Saint-Denis (93)" in err


def test_unknown_commune_or_bad_date(zoned: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "zonage", "Atlantide", "--db", str(zoned))
    assert code == 2 and "aucune commune ne correspond à « Atlantide »" in err
    code, _, err = _run(capsys, "zonage", "Cilaos", "--date", "31/02/2021", "--db", str(zoned))
    assert code == 2 and "n'est pas une date" in err


def test_help_is_french(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "zonage", "--help")
    assert code == 0
    assert "JJ/MM/AAAA" in out and "code INSEE" in out and "options :" in out
    code, out, _ = _run(capsys, "--help")
    assert "zonage" in out and "la classe de zonage d'une commune" in out
