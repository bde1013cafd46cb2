"""Commands of the central endpoint: ``ars-tui serve`` and ``ars-tui token create|revoke|list``.

::

    ars-tui serve [--db URL] [--host H] [--port P]
    ars-tui token create --ars CODE --name NAME [--db URL]   prints the token once
    ars-tui token revoke NAME-or-NUMBER [--db URL]
    ars-tui token list [--db URL]                           never prints a token

``--db`` here is the server's database URL (``sqlite:///FILE`` by default, in the data folder;
``postgresql+psycopg://user:password@host/base`` in production), not a device's file.
FastAPI, uvicorn and SQLAlchemy are imported by the command that runs, so ``--help`` is quick.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ars_tui import cli_text as cli_tx
from ars_tui import paths
from ars_tui.cli import (
    EXIT_CANNOT_OPEN,
    EXIT_OK,
    CliError,
    add_command,
    add_defaulted_option,
    positive_int,
    require_extra,
)
from storage import vocabulary as voc

if TYPE_CHECKING:
    from sqlalchemy import Engine

#: File name of the central endpoint's SQLite database in the data folder.
CENTRAL_DATABASE_FILE = "central.db"
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8765
#: ars_tui.protocol.TOMBSTONE_HORIZON_DAYS, repeated so that building the parser (every start of
#: the TUI) does not import pydantic; a test keeps them equal.
TOMBSTONE_HORIZON_DAYS = 365


def default_database_url() -> str:
    return f"sqlite:///{paths.data_dir() / CENTRAL_DATABASE_FILE}"


def _shown_url(url: str) -> str:
    """The URL without its password (it goes to the terminal and maybe to logs)."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparsable URL has no password we could find either
        return "?"


def _add_server_db(command: argparse.ArgumentParser) -> None:
    command.add_argument(
        "--db",
        dest="server_db",
        metavar="URL",
        default=None,
        help=cli_tx.CLI_SERVER_DB_HELP.format(default=default_database_url()).replace("%", "%%"),
    )


def register(commands: Any) -> None:
    """Add ``serve`` and ``token`` to the subparsers of ``ars-tui``."""
    serve = add_command(
        commands, "serve", _run_serve, cli_tx.CLI_SERVE_HELP, cli_tx.CLI_SERVE_DESCRIPTION
    )
    _add_server_db(serve)
    add_defaulted_option(serve, "--host", DEFAULT_HOST, "H", cli_tx.CLI_SERVE_HOST_HELP)
    add_defaulted_option(
        serve, "--port", DEFAULT_PORT, "P", cli_tx.CLI_SERVE_PORT_HELP, type=positive_int
    )
    add_defaulted_option(
        serve,
        "--horizon",
        TOMBSTONE_HORIZON_DAYS,
        "JOURS",
        cli_tx.CLI_SERVE_HORIZON_HELP,
        type=positive_int,
    )

    # No run of its own: one of its actions is required.
    token = add_command(
        commands, "token", None, cli_tx.CLI_TOKEN_HELP, cli_tx.CLI_TOKEN_DESCRIPTION
    )
    actions = token.add_subparsers(
        title=cli_tx.CLI_TOKEN_ACTIONS_TITLE, metavar="ACTION", dest="token_action", required=True
    )
    create = add_command(actions, "create", _run_token_create, cli_tx.CLI_TOKEN_CREATE_HELP)
    create.add_argument("--ars", required=True, metavar="CODE", help=cli_tx.CLI_TOKEN_ARS_HELP)
    create.add_argument("--name", required=True, metavar="NOM", help=cli_tx.CLI_TOKEN_NAME_HELP)
    _add_server_db(create)
    revoke = add_command(actions, "revoke", _run_token_revoke, cli_tx.CLI_TOKEN_REVOKE_HELP)
    revoke.add_argument("key", metavar="NOM-OU-NUMÉRO", help=cli_tx.CLI_TOKEN_KEY_HELP)
    _add_server_db(revoke)
    _add_server_db(add_command(actions, "list", _run_token_list, cli_tx.CLI_TOKEN_LIST_HELP))


def _open_engine(url: str) -> Engine:
    """The server's engine with its tables made, or a French CliError (password hidden)."""
    from sqlalchemy.exc import ArgumentError, SQLAlchemyError

    from ars_tui.central.db import init_schema, make_central_engine, normalize_url

    if normalize_url(url).startswith("postgresql"):
        require_extra("serveur", "psycopg")  # SQLite is in Python; PostgreSQL needs the driver
    try:
        engine = make_central_engine(url)
        init_schema(engine)
    except (SQLAlchemyError, ArgumentError, OSError, ValueError) as error:
        if getattr(getattr(error, "orig", None), "sqlite_errorcode", None) is not None:
            from storage.db import describe_error

            reason = describe_error(error)[0]  # French ("fichier endommagé"...)
        else:  # PostgreSQL's own first line ("connection refused"...), never a password
            reason = str(getattr(error, "orig", None) or type(error).__name__).splitlines()[0]
        raise CliError(
            cli_tx.CLI_SERVER_DB_ERROR.format(url=_shown_url(url), reason=reason), EXIT_CANNOT_OPEN
        ) from None
    return engine


def _url(args: argparse.Namespace) -> str:
    return args.server_db or default_database_url()


@contextmanager
def _server_engine(args: argparse.Namespace) -> Iterator[Engine]:
    """The engine of ``--db`` (:func:`_open_engine`), disposed of when the block ends."""
    engine = _open_engine(_url(args))
    try:
        yield engine
    finally:
        engine.dispose()


def _run_token_create(args: argparse.Namespace, _path: Path) -> int:
    from ars_tui.central.tokens import TokenError, check_ars_code, create_token

    try:
        check_ars_code(args.ars)  # before touching any database
        with _server_engine(args) as engine:
            token, device = create_token(engine, ars_code=args.ars, name=args.name)
    except TokenError as error:
        raise CliError(str(error)) from None
    # The explanation on stderr, the token alone on stdout: TOKEN=$(ars-tui token create ...).
    print(
        cli_tx.CLI_TOKEN_CREATED.format(id=device.id, name=device.name, ars=device.ars_code),
        file=sys.stderr,
    )
    print(token)
    return EXIT_OK


def _run_token_revoke(args: argparse.Namespace, _path: Path) -> int:
    from ars_tui.central.tokens import TokenError, revoke_token

    with _server_engine(args) as engine:
        try:
            devices = revoke_token(engine, args.key)
        except TokenError as error:
            raise CliError(str(error)) from None
    for device in devices:
        print(cli_tx.CLI_TOKEN_REVOKED.format(id=device.id, name=device.name, ars=device.ars_code))
    return EXIT_OK


def _run_token_list(args: argparse.Namespace, _path: Path) -> int:
    from ars_tui.central.tokens import list_tokens

    with _server_engine(args) as engine:
        devices = list_tokens(engine)
    if not devices:
        print(cli_tx.CLI_TOKEN_NONE)
        return EXIT_OK
    rows = [
        (
            str(device.id),
            device.name,
            device.ars_code,
            voc.format_date(device.created_at),
            voc.format_date(device.last_seen_at) if device.last_seen_at else "-",
            cli_tx.CLI_TOKEN_REVOKED_ON.format(date=voc.format_date(device.revoked_at))
            if device.revoked_at
            else cli_tx.CLI_TOKEN_ACTIVE,
        )
        for device in devices
    ]
    header = cli_tx.CLI_TOKEN_LIST_HEADER
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(len(header))]
    for row in [header, *rows]:
        cells = (cell.ljust(width) for cell, width in zip(row, widths, strict=True))
        print("  ".join(cells).rstrip())
    return EXIT_OK


def _run_serve(args: argparse.Namespace, _path: Path) -> int:
    import gc
    import logging

    require_extra("serveur", "fastapi", "uvicorn")
    import uvicorn

    from ars_tui.central.app import make_central_app

    url = _url(args)
    engine = _open_engine(url)
    app = make_central_app(url, engine=engine, tombstone_horizon_days=args.horizon)
    # What start-up loaded (reference data, models, the app: a few hundred thousand objects)
    # lives as long as the process: frozen out of the cyclic collector's way, whose full passes
    # otherwise walk all of it again during each large push (a sixth of a push's CPU).
    gc.collect()
    gc.freeze()
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s %(message)s")
    print(
        cli_tx.CLI_SERVE_STARTING.format(host=args.host, port=args.port, db=_shown_url(url)),
        file=sys.stderr,
        flush=True,
    )
    # No access log: it would record each device's address; the app logs what operators need
    # (device name, ARS, counts) and nothing personal.
    uvicorn.run(app, host=args.host, port=args.port, log_level="info", access_log=False)
    return EXIT_OK
