"""``ars-tui sync`` (one round, for cron and systemd timers) and ``ars-tui config``.

::

    ars-tui sync --db FICHIER [--server URL] [--token JETON]
    ars-tui config set nom "Prénom Nom"
    ars-tui config set courriel ADRESSE
    ars-tui config set server URL
    ars-tui config set token JETON
    ars-tui config set token -          (the token read from standard input: not in ps/history)
    ars-tui config show

``sync`` prints one line (sent, received, conflicts, to fix) and exits 0 when the round went
through, conflicts or ops to fix included (they are listed: a person decides in the TUI). It
exits non-zero with a French message when it could not sync: not configured (2), another sync
running (3), server unreachable or unavailable (4), token refused (5), refused by the server
(403, 6), ars-tui too old (7), stopped by this device itself: its database, a full disk, its
rights (8). Nothing on the device is deleted in any case, and no traceback is printed: the
French reason only, never the SQL nor a value.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from ars_tui import cli_text as cli_tx
from ars_tui.cli import (
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    add_command,
    add_db_argument,
    opened_database,
)
from storage import vocabulary as voc

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from ars_tui.sync.client import RoundResult
    from storage.db import Database

EXIT_BUSY = 3
EXIT_UNREACHABLE = 4
EXIT_UNAUTHORIZED = 5
EXIT_FORBIDDEN = 6
EXIT_UPGRADE = 7
EXIT_LOCAL = 8
#: ``config set token -``: the value is read from standard input.
STDIN = "-"
EXIT_BY_KIND = {
    "not_configured": EXIT_USAGE,
    "busy": EXIT_BUSY,
    "unreachable": EXIT_UNREACHABLE,
    "unavailable": EXIT_UNREACHABLE,
    "protocol": EXIT_UNREACHABLE,
    "unauthorized": EXIT_UNAUTHORIZED,
    "forbidden": EXIT_FORBIDDEN,
    "upgrade": EXIT_UPGRADE,
    "local": EXIT_LOCAL,
}


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sync = add_command(
        commands, "sync", _run_sync, cli_tx.CLI_SYNC_HELP, cli_tx.CLI_SYNC_DESCRIPTION
    )
    add_db_argument(sync)
    sync.add_argument("--server", metavar="URL", help=cli_tx.CLI_SYNC_SERVER_HELP)
    sync.add_argument("--token", metavar=cli_tx.CLI_METAVAR_TOKEN, help=cli_tx.CLI_SYNC_TOKEN_HELP)

    # Without an action, ``config`` shows the settings.
    config = add_command(
        commands, "config", _run_config_show, cli_tx.CLI_CONFIG_HELP, cli_tx.CLI_CONFIG_DESCRIPTION
    )
    actions = config.add_subparsers(
        title=cli_tx.CLI_COMMANDS_TITLE, metavar=cli_tx.CLI_METAVAR_COMMAND, dest="config_action"
    )
    config_set = add_command(
        actions, "set", _run_config_set, cli_tx.CLI_CONFIG_SET_HELP, cli_tx.CLI_CONFIG_SET_HELP
    )
    config_set.add_argument(
        "key", choices=("server", "token", "nom", "courriel"), metavar=cli_tx.CLI_METAVAR_KEY
    )
    config_set.add_argument("value", metavar=cli_tx.CLI_METAVAR_VALUE)
    add_command(
        actions, "show", _run_config_show, cli_tx.CLI_CONFIG_SHOW_HELP, cli_tx.CLI_CONFIG_SHOW_HELP
    )


def _run_sync(args: argparse.Namespace, path: Path) -> int:
    from ars_tui import config

    try:
        settings = config.resolve(args.server, args.token)
    except config.ConfigError as error:
        raise CliError(str(error)) from None
    if not settings.complete:
        raise CliError(voc.SYNC_NOT_CONFIGURED)
    assert settings.server is not None and settings.token is not None
    if _noop_round(path, settings.server, settings.token):
        return EXIT_OK
    from ars_tui.sync.client import SyncError

    with opened_database(path) as database:
        try:
            result = _round(database, settings.server, settings.token)
        except SyncError as error:
            if error.kind != "busy":
                _log_error(database.engine, error.message)
            raise CliError(error.message, EXIT_BY_KIND.get(error.kind, 1)) from None
        print(cli_tx.CLI_SYNC_DONE.format(summary=result.summary()))
        if result.conflicts or result.to_fix:
            try:
                _print_problems(database.engine)
            except Exception as error:  # the round went through; the list cannot be read
                from ars_tui.sync.service import local_error

                reason = local_error(error).reason
                raise CliError(
                    cli_tx.CLI_SYNC_LOCAL_ERROR.format(reason=reason), EXIT_LOCAL
                ) from None
    return EXIT_OK


def _noop_round(path: Path, server: str, token: str) -> bool:
    """The round of an up-to-date device, without SQLAlchemy, httpx nor pydantic (see
    :mod:`ars_tui.sync.noop`); False when there is anything to do: the full round runs then."""
    from ars_tui.sync.noop import noop_round

    result = noop_round(path.absolute(), server, token)
    if result is None:
        return False
    print(cli_tx.CLI_SYNC_DONE.format(summary=result.summary()))
    return True


def _round(database: Database, server: str, token: str) -> RoundResult:
    """One round; a local fault (database, full disk, rights) comes out as a SyncError."""
    from ars_tui.sync.client import SyncClient, SyncError
    from ars_tui.sync.service import LOCAL, local_error

    try:
        with SyncClient(database, server, token) as client:
            return client.run_round()
    except SyncError:
        raise
    except Exception as error:  # never a traceback: its text would quote the SQL and values
        raise SyncError(
            cli_tx.CLI_SYNC_LOCAL_ERROR.format(reason=local_error(error).reason), kind=LOCAL
        ) from None


def _log_error(engine: Engine, message: str) -> None:
    """Write the failure to the sync log, if the database still takes a write (full disk...)."""
    from storage.sync import state as sync_state

    with contextlib.suppress(Exception):  # the message is printed anyway
        sync_state.log(engine, "error", message)


def _print_problems(engine: object) -> None:
    from storage.sync import conflicts as sync_conflicts
    from storage.sync import state as sync_state

    for state, title in (
        (sync_state.CONFLICT, cli_tx.CLI_SYNC_CONFLICT),
        (sync_state.REJECTED, cli_tx.CLI_SYNC_TO_FIX),
    ):
        for problem in sync_conflicts.problem_ops(engine, state):  # type: ignore[arg-type]
            label = voc.ENTITY_LABELS.get(problem.entity, problem.entity)
            fields = ", ".join(voc.field_label(name) for name in problem.fields)
            print(
                title.format(entity=label, record_id=problem.entity_id[-8:], fields=fields)
                + (f" : {problem.reason}" if problem.reason else "")
            )


def _run_config_set(args: argparse.Namespace, _path: Path) -> int:
    from ars_tui import config
    from storage.db import describe_error

    value = _read_stdin(args.key) if args.value == STDIN else args.value
    try:
        written = config.write_setting(args.key, value)
    except config.ConfigError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(
            cli_tx.CONFIG_UNWRITABLE.format(
                path=config.config_path(), reason=describe_error(error)[0]
            )
        ) from None
    shown = config.mask_token(value.strip()) if args.key == "token" else value.strip()
    print(cli_tx.CLI_CONFIG_SET_DONE.format(key=args.key, value=shown, path=written))
    return EXIT_OK


def _read_stdin(key: str) -> str:
    """The value from standard input: typed without echo at a terminal, else its first line.

    So that a token never appears in ``ps`` nor in the shell's history
    (``ars-tui config set token - < jeton.txt``, or typed at the prompt).
    """
    import getpass

    try:
        if sys.stdin.isatty():
            return getpass.getpass(cli_tx.CONFIG_VALUE_PROMPT.format(key=key))
        return sys.stdin.readline()
    except (OSError, EOFError, UnicodeDecodeError, AttributeError):  # AttributeError: no stdin
        raise CliError(cli_tx.CONFIG_STDIN_UNREADABLE) from None


def _run_config_show(_args: argparse.Namespace, _path: Path) -> int:
    from ars_tui import config

    try:
        values = config.read_config()
    except config.ConfigError as error:
        raise CliError(str(error)) from None
    print(cli_tx.CLI_CONFIG_FILE.format(path=config.config_path()))
    print(f"nom = {values.get('nom') or cli_tx.CONFIG_NOT_SET}")
    print(f"courriel = {values.get('courriel') or cli_tx.CONFIG_NOT_SET}")
    print(f"server = {values.get('server') or cli_tx.CONFIG_NOT_SET}")
    print(f"token = {config.mask_token(values.get('token'))}")
    effective = config.resolve()
    if effective.server != values.get("server") or effective.token != values.get("token"):
        print(cli_tx.CLI_CONFIG_ENV_OVERRIDES, file=sys.stdout)
    return EXIT_OK
