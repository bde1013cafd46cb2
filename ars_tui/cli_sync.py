"""``ars-tui sync`` (one round, for cron and systemd timers) and ``ars-tui config``.

::

    ars-tui sync --db FICHIER [--server URL] [--token JETON]
    ars-tui config set nom "Prénom Nom"
    ars-tui config set courriel ADRESSE
    ars-tui config set server URL
    ars-tui config set token JETON
    ars-tui config show

``sync`` prints one line (sent, received, conflicts, to fix) and exits 0 when the round went
through, conflicts or ops to fix included (they are listed: a person decides in the TUI). It
exits non-zero with a French message when it could not sync: not configured (2), another sync
running (3), server unreachable or unavailable (4), token refused (5), refused by the server
(403, 6), ars-tui too old (7). Nothing on the device is deleted in any case.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from ars_tui.cli import (
    EXIT_OK,
    EXIT_USAGE,
    CliError,
    FrenchHelpFormatter,
    add_db_argument,
    open_or_fail,
)
from storage import fr

EXIT_BUSY = 3
EXIT_UNREACHABLE = 4
EXIT_UNAUTHORIZED = 5
EXIT_FORBIDDEN = 6
EXIT_UPGRADE = 7
EXIT_BY_KIND = {
    "not_configured": EXIT_USAGE,
    "busy": EXIT_BUSY,
    "unreachable": EXIT_UNREACHABLE,
    "unavailable": EXIT_UNREACHABLE,
    "protocol": EXIT_UNREACHABLE,
    "unauthorized": EXIT_UNAUTHORIZED,
    "forbidden": EXIT_FORBIDDEN,
    "upgrade": EXIT_UPGRADE,
}


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    sync = commands.add_parser(
        "sync",
        help=fr.CLI_SYNC_HELP,
        description=fr.CLI_SYNC_DESCRIPTION,
        formatter_class=FrenchHelpFormatter,
    )
    add_db_argument(sync)
    sync.add_argument("--server", metavar="URL", help=fr.CLI_SYNC_SERVER_HELP)
    sync.add_argument("--token", metavar=fr.CLI_METAVAR_TOKEN, help=fr.CLI_SYNC_TOKEN_HELP)
    sync.set_defaults(run=_run_sync)

    config = commands.add_parser(
        "config",
        help=fr.CLI_CONFIG_HELP,
        description=fr.CLI_CONFIG_DESCRIPTION,
        formatter_class=FrenchHelpFormatter,
    )
    actions = config.add_subparsers(
        title=fr.CLI_COMMANDS_TITLE, metavar=fr.CLI_METAVAR_COMMAND, dest="config_action"
    )
    config_set = actions.add_parser(
        "set",
        help=fr.CLI_CONFIG_SET_HELP,
        description=fr.CLI_CONFIG_SET_HELP,
        formatter_class=FrenchHelpFormatter,
    )
    config_set.add_argument(
        "key", choices=("server", "token", "nom", "courriel"), metavar=fr.CLI_METAVAR_KEY
    )
    config_set.add_argument("value", metavar=fr.CLI_METAVAR_VALUE)
    config_set.set_defaults(run=_run_config_set)
    config_show = actions.add_parser(
        "show",
        help=fr.CLI_CONFIG_SHOW_HELP,
        description=fr.CLI_CONFIG_SHOW_HELP,
        formatter_class=FrenchHelpFormatter,
    )
    config_show.set_defaults(run=_run_config_show)
    config.set_defaults(run=_run_config_show)


def _run_sync(args: argparse.Namespace, path: Path) -> int:
    from ars_tui import config
    from ars_tui.sync.client import SyncClient, SyncError
    from storage import sync_state

    try:
        settings = config.resolve(args.server, args.token)
    except config.ConfigError as error:
        raise CliError(str(error)) from None
    if not settings.complete:
        raise CliError(fr.SYNC_NOT_CONFIGURED)
    assert settings.server is not None and settings.token is not None
    database = open_or_fail(path)
    try:
        with SyncClient(database, settings.server, settings.token) as client:
            try:
                result = client.run_round()
            except SyncError as error:
                if error.kind != "busy":
                    sync_state.log(database.engine, "error", error.message)
                raise CliError(error.message, EXIT_BY_KIND.get(error.kind, 1)) from None
        print(fr.CLI_SYNC_DONE.format(summary=result.summary()))
        if result.conflicts or result.to_fix:
            _print_problems(database.engine)
    finally:
        database.dispose()
    return EXIT_OK


def _print_problems(engine: object) -> None:
    from storage import sync_state

    for state, title in (
        (sync_state.CONFLICT, fr.CLI_SYNC_CONFLICT),
        (sync_state.REJECTED, fr.CLI_SYNC_TO_FIX),
    ):
        for problem in sync_state.problem_ops(engine, state):  # type: ignore[arg-type]
            label = fr.ENTITY_LABELS.get(problem.entity, problem.entity)
            fields = ", ".join(fr.field_label(name) for name in problem.fields)
            print(
                title.format(entity=label, record_id=problem.entity_id[-8:], fields=fields)
                + (f" : {problem.reason}" if problem.reason else "")
            )


def _run_config_set(args: argparse.Namespace, _path: Path) -> int:
    from ars_tui import config
    from storage.db import describe_error

    try:
        written = config.write_setting(args.key, args.value)
    except config.ConfigError as error:
        raise CliError(str(error)) from None
    except OSError as error:
        raise CliError(
            fr.CONFIG_UNWRITABLE.format(path=config.config_path(), reason=describe_error(error)[0])
        ) from None
    shown = config.mask_token(args.value) if args.key == "token" else args.value.strip()
    print(fr.CLI_CONFIG_SET_DONE.format(key=args.key, value=shown, path=written))
    return EXIT_OK


def _run_config_show(_args: argparse.Namespace, _path: Path) -> int:
    from ars_tui import config

    try:
        values = config.read_config()
    except config.ConfigError as error:
        raise CliError(str(error)) from None
    print(fr.CLI_CONFIG_FILE.format(path=config.config_path()))
    print(f"nom = {values.get('nom') or fr.CONFIG_NOT_SET}")
    print(f"courriel = {values.get('courriel') or fr.CONFIG_NOT_SET}")
    print(f"server = {values.get('server') or fr.CONFIG_NOT_SET}")
    print(f"token = {config.mask_token(values.get('token'))}")
    effective = config.resolve()
    if effective.server != values.get("server") or effective.token != values.get("token"):
        print(fr.CLI_CONFIG_ENV_OVERRIDES, file=sys.stdout)
    return EXIT_OK
