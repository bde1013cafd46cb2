"""The ``ars-tui`` command line: French help and errors, exit codes, database paths, ``demo``."""

from __future__ import annotations

import argparse
import sqlite3
from pathlib import Path

import platformdirs
import pytest

from ars_tui import cli, paths
from ars_tui import cli_text as cli_tx
from ars_tui.app import ArsTuiApp
from storage import vocabulary as voc
from storage.db import open_database
from storage.queries.database_summary import database_summary
from tests.support.headless import headless_run

ENGLISH_LEFTOVERS = ("usage:", "show this help", "options:\n  -h", "error:", "the following")


def _run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = cli.main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _demo(capsys: pytest.CaptureFixture[str], target: Path, *options: str) -> tuple[int, str, str]:
    """``ars-tui demo --db target *options`` (skipped where the demo generator is not
    installed): (exit code, stdout, stderr)."""
    pytest.importorskip("storage.demo.generator")
    return _run(capsys, "demo", "--db", str(target), *options)


def _count(path: Path, table: str) -> int:
    with sqlite3.connect(path) as connection:
        return connection.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


# --- Help and usage errors -----------------------------------------------------------------------


def test_main_help_is_french(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--help")
    assert code == 0
    assert out.startswith("utilisation : ars-tui")
    assert "-h, --help" in out and "afficher cette aide et quitter" in out
    assert "--version" in out and "afficher la version et quitter" in out
    assert "commandes :" in out and "demo" in out and cli_tx.CLI_DEMO_HELP in out
    for english in ENGLISH_LEFTOVERS:
        assert english not in out


def test_demo_help_is_french(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "demo", "--help")
    assert code == 0
    assert out.startswith("utilisation : ars-tui demo")
    assert "afficher cette aide et quitter" in out
    assert "--records N" in out and "1\u00a0000" in out
    assert "--ars CODE" in out and "REU" in out
    assert "--seed S" in out and "--db FICHIER" in out
    for english in ENGLISH_LEFTOVERS:
        assert english not in out


def test_unknown_option_is_a_french_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(capsys, "--bogus")
    assert code == 2
    assert out == ""
    assert err.startswith("utilisation : ars-tui")
    assert "ars-tui : erreur : arguments non reconnus : --bogus" in err


def test_unknown_command_lists_the_commands(capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(capsys, "frobnicate")
    assert code == 2
    assert "erreur : argument COMMANDE : choix invalide : 'frobnicate'" in err
    assert "'demo'" in err


@pytest.mark.parametrize(
    ("value", "message"),
    [("beaucoup", "« beaucoup » n'est pas un nombre entier"), ("0", "« 0 » n'est pas un nombre")],
)
def test_bad_record_count_is_refused_in_french(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, value: str, message: str
) -> None:
    target = tmp_path / "demo.db"
    code, _, err = _run(capsys, "demo", "--db", str(target), "--records", value)
    assert code == 2
    assert "ars-tui demo : erreur : argument --records : " + message in err
    assert not target.exists()


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(capsys, "--version")
    assert code == 0
    assert out.strip() == f"ars-tui {cli._version()}"


def test_argparse_speaks_english_again_after_main(capsys: pytest.CaptureFixture[str]) -> None:
    _run(capsys, "--help")
    assert argparse._("usage: ") == "usage: "  # type: ignore[attr-defined]
    assert argparse.ngettext("expected %s argument", "expected %s arguments", 2) == (
        "expected %s arguments"
    )


def test_french_numbers_and_dates() -> None:
    from datetime import date, datetime

    assert voc.format_int(1234567) == "1\u00a0234\u00a0567"
    assert voc.format_int(-1234) == "-1\u00a0234"
    assert voc.format_int(999) == "999"
    assert voc.format_decimal(1234.5) == "1\u00a0234,5"
    assert voc.format_decimal(0.25, 2) == "0,25"
    assert voc.format_date(date(2026, 3, 5)) == "05/03/2026"
    assert voc.format_date(datetime(2019, 12, 31, 23, 59)) == "31/12/2019"
    assert voc.format_date(None) == ""


# --- Paths ----------------------------------------------------------------------------------------


def test_ars_tui_home_moves_every_location(ars_tui_home: Path) -> None:
    assert paths.data_dir() == ars_tui_home / "data"
    assert paths.config_dir() == ars_tui_home / "config"
    assert paths.cache_dir() == ars_tui_home / "cache"
    assert paths.log_dir() == ars_tui_home / "log"
    assert paths.default_database_path() == ars_tui_home / "data" / "ars-tui.db"
    assert list(ars_tui_home.iterdir()) == []  # asking for a place creates nothing


def test_without_ars_tui_home_the_platform_places_are_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(paths.HOME_ENV)
    expected = platformdirs.user_data_path("ars-tui", appauthor=False) / "ars-tui.db"
    assert paths.default_database_path() == expected
    assert paths.config_dir() == platformdirs.user_config_path("ars-tui", appauthor=False)


def test_help_shows_the_default_database(
    capsys: pytest.CaptureFixture[str], ars_tui_home: Path
) -> None:
    _, out, _ = _run(capsys, "--help")
    assert str(ars_tui_home / "data" / "ars-tui.db") in " ".join(out.split())


def test_tui_opens_the_default_database_created_and_migrated(
    monkeypatch: pytest.MonkeyPatch, ars_tui_home: Path
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(ArsTuiApp, "run", headless_run(opened))
    assert cli.main([]) == 0
    expected = ars_tui_home / "data" / "ars-tui.db"
    assert opened == [expected]
    assert _count(expected, "commune") > 30_000  # migrated and reference data loaded


def test_tui_db_option_is_created_in_a_new_folder(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    opened: list[Path] = []
    monkeypatch.setattr(ArsTuiApp, "run", headless_run(opened))
    target = tmp_path / "nouveau" / "dossier" / "terrain.db"
    assert cli.main(["--db", str(target)]) == 0
    assert opened == [target]
    assert _count(target, "ars") >= 18


def test_a_file_that_is_not_a_database_is_refused(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setattr(ArsTuiApp, "run", headless_run([]))
    target = tmp_path / "notes.txt"
    target.write_text("ceci n'est pas une base\n" * 200)
    code, _, err = _run(capsys, "--db", str(target))
    assert code == 1
    assert f"ars-tui : erreur : impossible d'ouvrir la base {target} (" in err
    assert target.read_text() == "ceci n'est pas une base\n" * 200


# --- demo -----------------------------------------------------------------------------------------


def test_demo_fills_a_new_database_and_prints_a_french_summary(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "sous-dossier" / "demo.db"
    code, out, err = _demo(capsys, target, "--records", "30", "--seed", "7")
    assert (code, err) == (0, "")
    assert out.splitlines()[0] == f"Base de démonstration remplie : {target} (ARS REU)"
    assert voc.ENTITY_LABELS["installation_project"] in out
    assert out.splitlines()[-1].startswith("Durée : ")

    database = open_database(target)
    try:
        summary = database_summary(database.engine)
    finally:
        database.dispose()
    # The printed total is what the database now holds, grouped the French way.
    total_line = next(line for line in out.splitlines() if line.strip().startswith("Total"))
    assert total_line.endswith(voc.format_int(summary.total_records))
    assert summary.record_counts["installation_project"] > 0
    assert summary.demo_ars == "REU"


def test_demo_refuses_an_unknown_ars_and_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "nouveau" / "demo.db"
    code, out, err = _demo(capsys, target, "--ars", "XXX", "--records", "5")
    assert code == 2
    assert out == ""
    assert err.startswith("ars-tui demo : erreur : ") and "XXX" in err
    assert not target.exists()
    assert not target.parent.exists()


def test_demo_refusal_leaves_an_existing_database_as_it_was(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    target = tmp_path / "demo.db"
    assert _demo(capsys, target, "--records", "10")[0] == 0
    before = _count(target, "installation_project"), _count(target, "outbox_op")
    code, _, err = _demo(capsys, target, "--ars", "XXX")
    assert code == 2 and "XXX" in err
    assert (_count(target, "installation_project"), _count(target, "outbox_op")) == before


def test_demo_without_db_fills_the_default_database(
    capsys: pytest.CaptureFixture[str], ars_tui_home: Path
) -> None:
    pytest.importorskip("storage.demo.generator")
    code, out, _ = _run(capsys, "demo", "--records", "5")
    expected = ars_tui_home / "data" / "ars-tui.db"
    assert code == 0
    assert str(expected) in out
    assert _count(expected, "installation_project") > 0
