"""Pieces of the sync client that need no server: backoff, batch sizes, config file, lock."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from ars_tui import config
from ars_tui.sync.backoff import MAX_DELAY, MIN_DELAY, backoff_delay, parse_retry_after
from ars_tui.sync.batching import START_BATCH, BatchSizer
from ars_tui.sync.lock import SyncBusy, sync_lock


def test_backoff_grows_with_full_jitter_between_2_s_and_5_min() -> None:
    # rng() = 1: the ceiling itself, doubling from 2 s and capped at 5 min.
    assert [backoff_delay(n, rng=lambda: 1.0) for n in (1, 2, 3, 4)] == [2.0, 4.0, 8.0, 16.0]
    assert backoff_delay(30, rng=lambda: 1.0) == MAX_DELAY
    # rng() = 0: never below the floor; in between, uniform under the ceiling.
    assert backoff_delay(10, rng=lambda: 0.0) == MIN_DELAY
    assert backoff_delay(5, rng=lambda: 0.5) == 16.0
    assert all(MIN_DELAY <= backoff_delay(n) <= MAX_DELAY for n in range(1, 40))


def test_backoff_honours_retry_after() -> None:
    assert backoff_delay(1, retry_after=30, rng=lambda: 1.0) == 30.0
    assert backoff_delay(8, retry_after=1, rng=lambda: 1.0) == 256.0  # jitter already longer
    assert parse_retry_after("120") == 120.0
    assert parse_retry_after("Wed, 21 Oct 2015 07:28:00 GMT") is None
    assert parse_retry_after(None) is None


def test_batch_doubles_on_success_up_to_the_limit_and_halves_on_trouble() -> None:
    sizer = BatchSizer(maximum=1000)
    assert sizer.size == START_BATCH == 200
    sizer.succeeded()
    sizer.succeeded()
    assert sizer.size == 800
    sizer.succeeded()
    assert sizer.size == 1000
    assert sizer.shrink() and sizer.size == 500
    small = BatchSizer(maximum=3)
    assert small.size == 3
    assert small.shrink() and small.size == 1
    assert not small.shrink()


def test_config_file_is_created_0600_and_keeps_other_keys(ars_tui_home: Path) -> None:
    path = config.write_setting("server", "https://sync.example.fr/")
    config.write_setting("token", 'abc"\\é')
    assert path == config.config_path()
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert config.read_config() == {"server": "https://sync.example.fr", "token": 'abc"\\é'}
    assert not list(path.parent.glob(".*.tmp"))


def test_config_refuses_bad_values_in_french() -> None:
    with pytest.raises(config.ConfigError, match="clé inconnue"):
        config.write_setting("password", "x")
    with pytest.raises(config.ConfigError, match="http"):
        config.write_setting("server", "sync.example.fr")
    assert not config.config_path().exists()


def test_flags_beat_environment_beat_file(monkeypatch: pytest.MonkeyPatch) -> None:
    config.write_setting("server", "https://file.example.fr")
    config.write_setting("token", "file-token")
    assert config.resolve() == config.SyncConfig("https://file.example.fr", "file-token")
    monkeypatch.setenv(config.TOKEN_ENV, "env-token")
    assert config.resolve().token == "env-token"
    assert config.resolve(token="flag-token").token == "flag-token"
    assert config.resolve(server="https://flag").server == "https://flag"
    assert "file-token" not in config.mask_token("file-token")


def test_the_author_of_cli_edits_is_the_name_else_the_login_else_inconnu(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import getpass

    monkeypatch.setenv(config.NAME_ENV, "  Marie   Payet ")
    monkeypatch.setattr(getpass, "getuser", lambda: "mpayet")
    assert config.current_user() == "Marie Payet"
    monkeypatch.delenv(config.NAME_ENV)
    assert config.current_user() == "mpayet"

    def no_login() -> str:
        raise OSError("no USER and no passwd entry")

    monkeypatch.setattr(getpass, "getuser", no_login)
    assert config.current_user() == "inconnu"


def test_one_sync_lock_per_database(tmp_path: Path) -> None:
    database = tmp_path / "device.db"
    with sync_lock(database):
        with pytest.raises(SyncBusy, match="déjà en cours"), sync_lock(database):
            pass
        # Another process is refused too (flock is per open file, across processes).
        code = textwrap.dedent(
            f"""
            from ars_tui.sync.lock import SyncBusy, sync_lock
            try:
                with sync_lock({str(database)!r}):
                    print("pris")
            except SyncBusy as busy:
                print(busy)
            """
        )
        output = subprocess.run(
            [sys.executable, "-c", code], capture_output=True, text=True, check=True
        ).stdout
        assert "déjà en cours" in output
    with sync_lock(database):  # released
        pass
    assert os.path.exists(f"{database}.sync.lock")
