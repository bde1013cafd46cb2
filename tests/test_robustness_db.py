"""The local store under bad files and bad disks: a clear French error, nothing overwritten.

Each case runs the real commands that open a database (``ars-tui demo`` and the TUI's start,
which opens its database in a worker after the first frame) and the
:class:`~storage.records.store.Store`. What is real and what is simulated, honestly:

- Damaged files (random bytes, files cut short): real files written by the test.
- Read-only file or folder: real. The tests run as root here, and root ignores file modes; so the
  command runs in a child process started by ``setpriv`` with CAP_DAC_OVERRIDE (and its
  relatives) removed, where root obeys ``chmod`` like anyone. Run as an ordinary user, the child
  needs no ``setpriv``. The in-process Store case is simulated: SQLite's own read-only open
  (``mode=ro``), which fails writes with the same SQLITE_READONLY.
- Full disk: simulated in-process with ``PRAGMA max_page_count`` (SQLite then refuses to grow the
  file with the very SQLITE_FULL a full disk gives); real in a child process on a small tmpfs
  filled to the brim, when this machine lets the test mount one (skipped with the reason if not).
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine, create_engine, event

import storage.db
from ars_tui import cli
from ars_tui.app import ArsTuiApp
from storage import vocabulary as voc
from storage.db import StorageError, make_engine
from storage.records.store import Store
from tests.support.headless import headless_run
from tests.support.unprivileged import unprivileged_prefix

FULL = voc.DB_REASONS["SQLITE_FULL"]
NOT_A_DB = voc.DB_REASONS["SQLITE_NOTADB"]
DAMAGED = voc.DB_REASONS["SQLITE_CORRUPT"]
READ_ONLY = voc.DB_REASONS["SQLITE_READONLY"]
CANT_OPEN = voc.DB_REASONS["SQLITE_CANTOPEN"]
#: The driver's English words, which must not reach the user.
ENGLISH = (
    "file is not a database",
    "malformed",
    "readonly database",
    "disk is full",
    "unable to open",
    "Traceback",
    "File exists",
    "Not a directory",
    "sqlalche.me",
)
#: Personal data typed in the Store tests: never in an error message.
PERSON = {"last_name": "Técher", "first_name": "Léa", "rpps": "10000000009"}

# A child process that runs the command line with the TUI headless: it waits for the database to
# open (then quits, exit 0) or for the app to give up (exit 1 and the French message).
TUI_CHILD = """
import sys
from ars_tui import cli
from ars_tui.app import ArsTuiApp

real_run = ArsTuiApp.run

def run(self, *args, **kwargs):
    async def until_open(pilot):
        for _ in range(600):
            if self.database is not None or self.open_error is not None:
                break
            await pilot.pause(0.05)
        if self.database is not None:
            self.exit()
    real_run(self, headless=True, auto_pilot=until_open)

ArsTuiApp.run = run
sys.exit(cli.main(sys.argv[1:]))
"""


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _integrity(path: Path) -> str:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return connection.execute("PRAGMA integrity_check").fetchone()[0]


def _tables(path: Path) -> list[str]:
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return [row[0] for row in connection.execute("SELECT name FROM sqlite_master")]


@pytest.fixture
def run_command(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> Callable[[str, Path], tuple[int, str]]:
    """Run ``demo`` or the TUI (``tui``) in this process on a path: (exit code, stderr)."""

    def run(command: str, path: Path) -> tuple[int, str]:
        if command == "tui":
            monkeypatch.setattr(ArsTuiApp, "run", headless_run())
            code = cli.main(["--db", str(path)])
        else:
            code = cli.main(["demo", "--db", str(path), "--records", "20"])
        return code, capsys.readouterr().err

    return run


def _assert_french_refusal(code: int, err: str, path: Path, reason: str) -> None:
    assert code == cli.EXIT_CANNOT_OPEN, err
    assert err.count("\n") == 1, err  # one line: no traceback
    assert str(path) in err and reason in err, err
    for english in ENGLISH:
        assert english not in err, err


# --- Damaged files -------------------------------------------------------------------------------


def _garbage(template: bytes) -> bytes:
    return os.urandom(64 * 1024)


def _first_50_bytes(template: bytes) -> bytes:
    return template[:50]


def _first_third(template: bytes) -> bytes:
    return template[: len(template) // 3]


def _all_but_last_page(template: bytes) -> bytes:
    return template[:-4096]


def _header_scribbled(template: bytes) -> bytes:
    return b"\x00" * 100 + template[100:]


DAMAGES = {
    "octets-aleatoires": (_garbage, NOT_A_DB),
    "50-premiers-octets": (_first_50_bytes, DAMAGED),
    "premier-tiers": (_first_third, DAMAGED),
    "sans-la-derniere-page": (_all_but_last_page, DAMAGED),
    "en-tete-efface": (_header_scribbled, NOT_A_DB),
}


@pytest.mark.parametrize("command", ["demo", "tui"])
@pytest.mark.parametrize("damage", list(DAMAGES))
def test_a_damaged_file_is_refused_in_french_and_left_as_it_was(
    run_command: Callable[[str, Path], tuple[int, str]],
    tmp_path: Path,
    fresh_database_file: Path,
    damage: str,
    command: str,
) -> None:
    make, reason = DAMAGES[damage]
    target = tmp_path / "terrain.db"
    target.write_bytes(make(fresh_database_file.read_bytes()))
    before = _sha(target)

    code, err = run_command(command, target)

    _assert_french_refusal(code, err, target, reason)
    assert _sha(target) == before


@pytest.mark.parametrize("command", ["demo", "tui"])
def test_a_path_under_a_file_is_refused_in_french(
    run_command: Callable[[str, Path], tuple[int, str]], tmp_path: Path, command: str
) -> None:
    not_a_folder = tmp_path / "notes.txt"
    not_a_folder.write_text("pas un dossier\n")
    target = not_a_folder / "terrain.db"

    code, err = run_command(command, target)

    _assert_french_refusal(code, err, target, voc.OS_REASONS["ENOTDIR"])
    assert not_a_folder.read_text() == "pas un dossier\n"


# --- Read-only file or folder (real, in a child process) ----------------------------------------


def _run_child(prefix: list[str], command: str, path: Path) -> subprocess.CompletedProcess[str]:
    if command == "tui":
        argv = [sys.executable, "-c", TUI_CHILD, "--db", str(path)]
    else:
        argv = [sys.executable, "-m", "ars_tui", "demo", "--db", str(path), "--records", "20"]
    return subprocess.run([*prefix, *argv], capture_output=True, text=True, timeout=120)


@pytest.mark.parametrize("command", ["demo", "tui"])
def test_a_read_only_file_is_refused_and_unchanged(
    tmp_path: Path, terrain: Path, command: str
) -> None:
    prefix = unprivileged_prefix(tmp_path)
    target = terrain
    target.chmod(0o444)
    before = _sha(target)

    child = _run_child(prefix, command, target)

    _assert_french_refusal(child.returncode, child.stderr, target, READ_ONLY)
    assert _sha(target) == before


@pytest.mark.parametrize("command", ["demo", "tui"])
def test_a_database_in_a_read_only_folder_is_refused_and_unchanged(
    tmp_path: Path, fresh_database_file: Path, command: str
) -> None:
    prefix = unprivileged_prefix(tmp_path)
    folder = tmp_path / "lecture-seule"
    folder.mkdir()
    target = folder / "terrain.db"
    shutil.copyfile(fresh_database_file, target)
    before = _sha(target)
    folder.chmod(0o555)  # the file may be written, but its WAL companions cannot be made
    try:
        child = _run_child(prefix, command, target)
    finally:
        folder.chmod(0o755)

    _assert_french_refusal(child.returncode, child.stderr, target, READ_ONLY)
    assert _sha(target) == before
    assert sorted(p.name for p in folder.iterdir()) == ["terrain.db"]


def test_a_new_database_in_a_read_only_folder_is_refused(tmp_path: Path) -> None:
    prefix = unprivileged_prefix(tmp_path)
    folder = tmp_path / "lecture-seule"
    folder.mkdir(mode=0o555)
    try:
        child = _run_child(prefix, "demo", folder / "sous-dossier" / "terrain.db")
    finally:
        folder.chmod(0o755)

    _assert_french_refusal(child.returncode, child.stderr, folder, voc.OS_REASONS["EACCES"])
    assert list(folder.iterdir()) == []


def test_a_store_edit_on_a_read_only_database_changes_nothing(terrain: Path) -> None:
    """Simulated: SQLite opened with ``mode=ro`` refuses writes as a read-only file does."""
    target = terrain
    before = _sha(target)
    engine = create_engine(f"sqlite:///file:{target}?mode=ro&uri=true")
    try:
        store = Store(engine, user="c.payet", ars_code="REU")
        with pytest.raises(StorageError) as raised:
            store.create("professional", PERSON)
    finally:
        engine.dispose()
    assert raised.value.kind == "SQLITE_READONLY"
    assert str(raised.value) == READ_ONLY
    assert _sha(target) == before


# --- Full disk -----------------------------------------------------------------------------------


def _cap_file_size(engine: Engine) -> None:
    """Let the file grow no more: SQLite answers SQLITE_FULL as on a full disk.

    ``max_page_count`` cannot go below the file's current size: asking for 1 page means "as it
    is now" (0 pages for a new, empty file).
    """

    @event.listens_for(engine, "connect")
    def _no_growth(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.execute("PRAGMA max_page_count=1")


@pytest.fixture
def full_disk(monkeypatch: pytest.MonkeyPatch) -> None:
    """Every engine the code under test makes sits on a (simulated) full disk."""

    def make_full_engine(path: Path) -> Engine:
        engine = make_engine(path)
        _cap_file_size(engine)
        return engine

    monkeypatch.setattr(storage.db, "make_engine", make_full_engine)


@pytest.mark.usefixtures("full_disk")
def test_demo_on_a_full_disk_is_refused_and_the_database_unchanged(
    run_command: Callable[[str, Path], tuple[int, str]], terrain: Path
) -> None:
    target = terrain
    before = _sha(target)

    code, err = run_command("demo", target)

    _assert_french_refusal(code, err, target, FULL)
    assert "rien n'a été modifié" in err
    assert _sha(target) == before
    assert _integrity(target) == "ok"


@pytest.mark.usefixtures("full_disk")
@pytest.mark.parametrize("command", ["demo", "tui"])
def test_a_new_database_on_a_full_disk_is_refused_and_left_empty(
    run_command: Callable[[str, Path], tuple[int, str]], tmp_path: Path, command: str
) -> None:
    target = tmp_path / "terrain.db"

    code, err = run_command(command, target)

    _assert_french_refusal(code, err, target, FULL)
    # demo removes the file it made; the TUI may leave an empty file (0 pages), never half a schema
    assert not target.exists() or _tables(target) == []


@pytest.mark.usefixtures("full_disk")
def test_the_tui_still_opens_an_existing_database_on_a_full_disk(
    monkeypatch: pytest.MonkeyPatch, terrain: Path
) -> None:
    """Reading needs no room: a full disk does not lock the correspondent out of their records."""
    target = terrain
    before = _sha(target)
    monkeypatch.setattr(ArsTuiApp, "run", headless_run())
    assert cli.main(["--db", str(target)]) == cli.EXIT_OK
    assert _sha(target) == before


def _snapshot(path: Path) -> dict[str, list[tuple[object, ...]]]:
    """Every row of the tables an edit writes, in a stable order."""
    with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as connection:
        return {
            table: connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()
            for table in ("professional", "outbox_op", "history_entry")
        }


@pytest.fixture
def store_on_full_disk(terrain: Path) -> Iterator[tuple[Store, Path]]:
    target = terrain
    engine = make_engine(target)
    _cap_file_size(engine)
    yield Store(engine, user="c.payet", ars_code="REU"), target
    engine.dispose()


def _until_full(edit, path: Path, limit: int = 2000) -> tuple[StorageError, dict, dict]:  # type: ignore[no-untyped-def,type-arg]
    """Repeat ``edit(i)`` until the disk is full: (the error, the tables before and after)."""
    for i in range(limit):
        before = _snapshot(path)
        try:
            edit(i)
        except StorageError as error:
            return error, before, _snapshot(path)
    raise AssertionError(f"the disk never filled in {limit} edits")


def test_a_store_create_on_a_full_disk_writes_nothing(
    store_on_full_disk: tuple[Store, Path],
) -> None:
    store, path = store_on_full_disk

    def create(i: int) -> None:
        store.create("professional", {**PERSON, "specialty": f"médecine générale {i}"})

    error, before, after = _until_full(create, path)

    assert error.kind == "SQLITE_FULL"
    assert str(error) == FULL
    assert not any(value in str(error) for value in PERSON.values())
    assert after == before  # row, outbox op and history: all or nothing
    # The successes are whole: each record has its op and its history line.
    assert len(before["outbox_op"]) == len(before["professional"])
    assert len(before["history_entry"]) == len(before["professional"])
    assert _integrity(path) == "ok"


def test_a_store_update_on_a_full_disk_writes_nothing(
    store_on_full_disk: tuple[Store, Path],
) -> None:
    store, path = store_on_full_disk
    with store.engine.connect() as connection:  # make a few pages of room for one record
        connection.exec_driver_sql("PRAGMA max_page_count=100000")
        record_id = store.create("professional", PERSON)
    store.engine.dispose()  # back to a file that cannot grow

    saved: list[str] = []

    def update(i: int) -> None:
        store.update("professional", record_id, {"specialty": f"médecine générale {i}"})
        saved.append(f"médecine générale {i}")

    error, before, after = _until_full(update, path)

    assert error.kind == "SQLITE_FULL"
    assert after == before
    assert saved, "the first update should have found room"
    assert store.get("professional", record_id)["specialty"] == saved[-1]
    assert len(store.history("professional", record_id)) == len(PERSON) + len(saved) + 2
    assert _integrity(path) == "ok"


# --- Full disk, real (a tmpfs filled to the brim, in a child process) ----------------------------


@pytest.fixture
def small_tmpfs(tmp_path: Path) -> Iterator[Path]:
    """A 16 MiB tmpfs mounted for this test (needs root with CAP_SYS_ADMIN), unmounted after."""
    mount_point = tmp_path / "petit-disque"
    mount_point.mkdir()
    mounted = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=16m", "tmpfs", str(mount_point)],
        capture_output=True,
        text=True,
    )
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a small tmpfs here: {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


def _fill(folder: Path, leave: int) -> None:
    """Fill the file system of ``folder`` until ``leave`` bytes remain free."""
    stats = os.statvfs(folder)
    free = stats.f_bavail * stats.f_frsize
    with open(folder / "remplissage", "wb") as filler:
        filler.write(b"\0" * max(free - leave, 0))


@pytest.mark.parametrize("command", ["demo", "tui"])
def test_a_real_full_disk_is_refused_and_the_database_unchanged(
    small_tmpfs: Path, fresh_database_file: Path, command: str
) -> None:
    target = small_tmpfs / "terrain.db"
    shutil.copyfile(fresh_database_file, target)
    before = _sha(target)
    # Room for SQLite's shared-memory index and a few pages, not for a demo's records.
    _fill(small_tmpfs, leave=160 * 1024)

    child = _run_child([], command, target)

    if command == "tui":  # reading needs no room: the TUI opens
        assert child.returncode == 0, child.stderr
    else:
        _assert_french_refusal(child.returncode, child.stderr, target, FULL)
    assert _sha(target) == before
    assert _integrity(target) == "ok"


def test_sync_and_serve_on_a_corrupt_file_say_so_in_french_and_touch_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    damaged = tmp_path / "terrain.db"
    damaged.write_bytes(b"pas une base SQLite " * 300)
    before = damaged.read_bytes()
    code = cli.main(
        ["sync", "--db", str(damaged), "--server", "http://127.0.0.1:9", "--token", "x"]
    )
    assert code == 1
    assert "n'est pas une base ars-tui" in capsys.readouterr().err
    served = subprocess.run(
        [sys.executable, "-m", "ars_tui", "serve", "--db", f"sqlite:///{damaged}", "--port", "9"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert served.returncode == 1
    assert "Base du serveur inaccessible" in served.stderr
    assert "n'est pas une base" in served.stderr  # French, not the driver's English
    assert damaged.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["terrain.db"]
