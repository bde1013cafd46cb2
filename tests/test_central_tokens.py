"""Device tokens and their commands: ``ars-tui token create|revoke|list`` and ``serve --help``."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
import sqlalchemy as sa

from ars_tui import paths
from ars_tui.central.db import device_token, init_schema, make_central_engine
from ars_tui.central.tokens import authenticate, create_token, list_tokens, revoke_token
from ars_tui.cli import main


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'central.db'}"


def test_create_prints_the_token_alone_on_stdout_and_stores_only_its_hash(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    code, out, err = run(
        capsys, "token", "create", "--ars", "reu", "--name", "tablette-1", "--db", db_url
    )
    assert code == 0
    token = out.strip()
    assert len(token) == 43 and "\n" not in token  # secrets.token_urlsafe(32): 256 bits
    assert "tablette-1" in err and "REU" in err and "plus affiché" in err
    engine = make_central_engine(db_url)
    with engine.connect() as connection:
        rows = connection.execute(sa.select(device_token)).mappings().all()
    assert len(rows) == 1
    assert rows[0]["token_hash"] == hashlib.sha256(token.encode()).hexdigest()
    assert token not in str(dict(rows[0]))
    device = authenticate(engine, token)
    assert device is not None and (device.name, device.ars_code) == ("tablette-1", "REU")
    assert device.scope == ["REU", "OI"]
    assert authenticate(engine, token + "x") is None
    assert authenticate(engine, "") is None


def test_an_unknown_ars_is_refused_in_french_and_nothing_is_written(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    database = tmp_path / "central.db"
    code, out, err = run(
        capsys, "token", "create", "--ars", "XYZ", "--name", "a", "--db", f"sqlite:///{database}"
    )
    assert code == 2 and out == ""
    assert "ARS inconnue : « XYZ »" in err and "REU" in err
    assert not database.exists()


def test_one_token_in_use_per_device_name_and_revoke_by_name_or_number(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    assert run(capsys, "token", "create", "--ars", "MAY", "--name", "m1", "--db", db_url)[0] == 0
    code, _, err = run(capsys, "token", "create", "--ars", "MAY", "--name", "m1", "--db", db_url)
    assert code == 2 and "révoquez-le d'abord" in err
    code, out, _ = run(capsys, "token", "revoke", "m1", "--db", db_url)
    assert code == 0 and "révoqué" in out
    code, out, _ = run(capsys, "token", "create", "--ars", "MAY", "--name", "m1", "--db", db_url)
    assert code == 0
    second = out.strip()
    code, out, _ = run(capsys, "token", "revoke", "2", "--db", db_url)
    assert code == 0 and "n° 2" in out
    code, _, err = run(capsys, "token", "revoke", "m1", "--db", db_url)
    assert code == 2 and "Aucun jeton en service" in err
    device = authenticate(make_central_engine(db_url), second)
    assert device is not None and device.revoked


def test_list_shows_devices_and_states_never_tokens(
    capsys: pytest.CaptureFixture[str], db_url: str
) -> None:
    assert run(capsys, "token", "list", "--db", db_url)[1].strip() == "Aucun jeton."
    tokens = []
    for name in ("a1", "b2"):
        tokens.append(
            run(capsys, "token", "create", "--ars", "ARA", "--name", name, "--db", db_url)[1]
        )
    run(capsys, "token", "revoke", "a1", "--db", db_url)
    code, out, _ = run(capsys, "token", "list", "--db", db_url)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].split() == ["n°", "appareil", "ARS", "créé", "le", "vu", "le", "état"]
    assert "a1" in lines[1] and "révoqué le" in lines[1]
    assert "b2" in lines[2] and "en service" in lines[2]
    for token in tokens:
        assert token.strip() not in out


def test_the_default_server_database_is_in_the_data_folder(
    capsys: pytest.CaptureFixture[str],
) -> None:
    code, _, _ = run(capsys, "token", "create", "--ars", "GUY", "--name", "cayenne")
    assert code == 0
    assert (paths.data_dir() / "central.db").exists()


def test_an_unreachable_database_is_a_french_error_without_the_password(
    capsys: pytest.CaptureFixture[str],
) -> None:
    url = "postgresql+psycopg://ars:motdepasse-secret@127.0.0.1:1/nulle"
    code, _, err = run(capsys, "token", "list", "--db", url)
    assert code == 1
    assert "Base du serveur inaccessible" in err
    assert "motdepasse-secret" not in err and "***" in err


def test_serve_and_token_help_are_in_french(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = run(capsys, "serve", "--help")
    assert code == 0
    assert "serveur central" in out and "--port" in out and "postgresql+psycopg" in out
    code, out, _ = run(capsys, "token", "create", "--help")
    assert code == 0 and "code de l'ARS" in out
    code, _, err = run(capsys, "token", "create", "--name", "x")
    assert code == 2 and "--ars" in err


def test_token_functions_directly(tmp_path: Path) -> None:
    engine = make_central_engine(f"sqlite:///{tmp_path / 'c.db'}")
    init_schema(engine)
    token, device = create_token(engine, ars_code=" oi ", name="  historique ")
    assert (device.ars_code, device.name) == ("OI", "historique")
    assert [d.name for d in list_tokens(engine)] == ["historique"]
    [revoked] = revoke_token(engine, str(device.id))
    assert revoked.revoked
    found = authenticate(engine, token)
    assert found is not None and found.revoked


def test_the_cli_does_not_import_the_server_to_build_its_parser() -> None:
    """``ars-tui`` (the TUI) starts without pydantic, FastAPI or the central endpoint."""
    import subprocess
    import sys

    from ars_tui import cli_central, protocol

    assert cli_central.TOMBSTONE_HORIZON_DAYS == protocol.TOMBSTONE_HORIZON_DAYS
    code = (
        "import sys; from ars_tui.cli import build_parser, _argparse_in_french\n"
        "with _argparse_in_french(): build_parser()\n"
        "print(sorted(m for m in ('fastapi', 'uvicorn', 'pydantic', 'ars_tui.central') "
        "if m in sys.modules))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]"


def test_a_token_never_starts_with_a_dash(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """``ars-tui sync --token -Abc…`` reads the token as an option: one token in 32 did."""
    import secrets

    drawn = iter(["-starts-with-a-dash", "Ok-token"])
    monkeypatch.setattr(secrets, "token_urlsafe", lambda _bytes: next(drawn))
    engine = make_central_engine(f"sqlite:///{tmp_path / 'c.db'}")
    init_schema(engine)
    token, _device = create_token(engine, ars_code="REU", name="tablette")
    assert token == "Ok-token"
    assert authenticate(engine, token) is not None
