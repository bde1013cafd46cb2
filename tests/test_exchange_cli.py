"""``ars-tui import / export / report / web``: French help, exit codes, nothing written."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from ars_tui.cli import main
from ars_tui.cli_exchange import web_command
from storage.db import Database
from storage.settings import ARS_SETTING, set_setting


@pytest.fixture
def reunion(database: Database) -> Database:
    """The test database, bound to ARS La Réunion."""
    with database.engine.begin() as connection:
        set_setting(connection, ARS_SETTING, "REU")
    return database


def rows(db: Database, table: str) -> int:
    with db.engine.connect() as connection:
        return connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()


@pytest.mark.parametrize("command", ["import", "export", "report", "web"])
def test_help_is_french(command: str, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([command, "--help"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("utilisation : ars-tui " + command)
    assert "options :" in out and "afficher cette aide et quitter" in out


def test_import_then_export(reunion: Database, tmp_path: Path, capsys) -> None:
    source = tmp_path / "pros.csv"
    source.write_text("Nom;Prénom\nHoarau;Élodie\nPayet;Jean\n", encoding="utf-8")
    db = str(reunion.path)
    assert main(["import", "professionnels", str(source), "--db", db, "--dry-run"]) == 0
    assert "Simulation" in capsys.readouterr().out
    assert rows(reunion, "professional") == 0
    assert main(["import", "professionnels", str(source), "--db", db]) == 0
    out = capsys.readouterr().out
    assert "2 créée(s)" in out and "séparateur « ; »" in out
    assert rows(reunion, "professional") == 2
    target = tmp_path / "out.csv"
    assert main(["export", "professionnels", str(target), "--db", db]) == 0
    assert "2 fiche(s) de l'ARS REU" in capsys.readouterr().out
    assert target.read_bytes().startswith(b"\xef\xbb\xbfIdentifiant;Nom;")


def test_refused_import_lists_every_bad_line_and_exits_2(
    reunion: Database, tmp_path: Path, capsys
) -> None:
    source = tmp_path / "zonage.csv"
    source.write_text(
        "N° d'arrêté;Date d'effet;Code commune;Classe\n"
        "A;01/01/2025;97424;ZIP\n"
        "A;01/01/2025;99999;ZIP\n"
        "A;32/01/2025;97411;ZIP\n",
        encoding="utf-8",
    )
    code = main(["import", "zonage", str(source), "--db", str(reunion.path)])
    err = capsys.readouterr().err.splitlines()
    assert code == 2
    assert err[0].startswith("ligne 3 : ") and err[1].startswith("ligne 4 : ")
    assert "rien n'a été écrit" in err[-1] and "2 erreur(s)" in err[-1]
    assert rows(reunion, "zoning_order") == rows(reunion, "outbox_op") == 0


def test_export_without_an_ars_is_refused_and_leaves_no_new_database(
    tmp_path: Path, capsys
) -> None:
    db = tmp_path / "new.db"
    assert main(["export", "msp", str(tmp_path / "x.csv"), "--db", str(db)]) == 2
    assert "--ars" in capsys.readouterr().err
    assert not db.exists() and not (tmp_path / "x.csv").exists()


def test_a_device_bound_to_an_ars_exports_no_other(
    reunion: Database, tmp_path: Path, capsys
) -> None:
    target = tmp_path / "mayotte.csv"
    code = main(
        ["export", "professionnels", str(target), "--db", str(reunion.path), "--ars", "MAY"]
    )
    assert code == 2
    assert "lié à l'ARS REU" in capsys.readouterr().err
    assert not target.exists()
    # La Réunion still sees the records of the former ARS Océan Indien.
    assert (
        main(["export", "professionnels", str(target), "--db", str(reunion.path), "--ars", "OI"])
        == 0
    )


def _one_professional(database: Database) -> None:
    from storage.records.store import Store

    Store(database.engine, user="Marie Payet", ars_code="REU").create(
        "professional", {"last_name": "Hoarau", "first_name": "Élodie", "situation": "remplacant"}
    )


def test_report(reunion: Database, tmp_path: Path, capsys) -> None:
    _one_professional(reunion)
    out = tmp_path / "r.html"
    assert main(["report", "--territory", "974", "--out", str(out), "--db", str(reunion.path)]) == 0
    assert "La Réunion (974)" in capsys.readouterr().out
    assert out.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    bad = ["report", "--territory", "nulle-part", "--out", str(out), "--db", str(reunion.path)]
    assert main(bad) == 2
    assert "Territoire inconnu" in capsys.readouterr().err


def test_web_runs_this_python_on_this_database(tmp_path: Path) -> None:
    command = web_command(tmp_path / "a b.db")
    assert command.endswith("-m ars_tui --db '" + str(tmp_path / "a b.db") + "'")


def test_report_without_db_reads_the_default_database(tmp_path: Path, capsys) -> None:
    """Issue 11: without --db, an all-zero report was written silently."""
    from ars_tui import paths
    from storage.db import open_database

    out = tmp_path / "r.html"
    # Nothing in the default database yet: refused, said clearly, nothing written.
    assert main(["report", "--territory", "974", "--out", str(out)]) == 2
    err = capsys.readouterr().err
    assert "ne contient aucune fiche" in err and "--db" in err
    assert not out.exists()
    database = open_database(paths.default_database_path())
    try:
        _one_professional(database)
    finally:
        database.dispose()
    assert main(["report", "--territory", "974", "--out", str(out)]) == 0
    assert "La Réunion (974)" in capsys.readouterr().out
    assert out.exists()
