"""Commands to exchange data with the region: ``import``, ``export``, ``report`` and ``web``.

::

    ars-tui import KIND FICHIER [--db FICHIER] [--ars CODE] [--dry-run]
    ars-tui export KIND FICHIER [--db FICHIER] [--ars CODE]
    ars-tui report --territory CODE --out FICHIER.html [--db FICHIER]
    ars-tui web [--port P] [--host H] [--db FICHIER]

Exit codes as everywhere (``ars_tui.cli``): 0 done, 1 the database cannot be opened, 2 refused
input, every bad line listed on stderr, nothing written. The work itself is in
:mod:`storage.exchange`; this module only parses, prints and maps errors to exit codes. Nothing
heavy is imported before a command runs (``--help`` answers at once).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TextIO

from ars_tui import cli_text as cli_tx
from ars_tui.cli import (
    EXIT_OK,
    CliError,
    add_command,
    add_db_argument,
    add_defaulted_option,
    open_or_fail,
    opened_database,
    positive_int,
    require_extra,
)
from storage import vocabulary as voc
from storage.exchange import EXPORT_KINDS, IMPORT_KINDS

#: Port of ``ars-tui web`` when none is given.
DEFAULT_WEB_PORT = 8000
DEFAULT_WEB_HOST = "localhost"


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``import``, ``export``, ``report`` and ``web`` to the command line."""
    imp = add_command(
        commands, "import", _run_import, cli_tx.CLI_IMPORT_HELP, cli_tx.CLI_IMPORT_DESCRIPTION
    )
    _add_kind_and_file(imp, IMPORT_KINDS, cli_tx.CLI_IMPORT_KIND_HELP, cli_tx.CLI_IMPORT_FILE_HELP)
    imp.add_argument("--dry-run", action="store_true", help=cli_tx.CLI_IMPORT_DRY_RUN_HELP)

    exp = add_command(
        commands, "export", _run_export, cli_tx.CLI_EXPORT_HELP, cli_tx.CLI_EXPORT_DESCRIPTION
    )
    _add_kind_and_file(exp, EXPORT_KINDS, cli_tx.CLI_EXPORT_KIND_HELP, cli_tx.CLI_EXPORT_FILE_HELP)

    rep = add_command(
        commands, "report", _run_report, cli_tx.CLI_REPORT_HELP, cli_tx.CLI_REPORT_DESCRIPTION
    )
    rep.add_argument(
        "--territory", required=True, metavar="CODE", help=cli_tx.CLI_REPORT_TERRITORY_HELP
    )
    rep.add_argument(
        "--out",
        required=True,
        type=Path,
        metavar=cli_tx.CLI_METAVAR_FILE,
        help=cli_tx.CLI_REPORT_OUT_HELP,
    )
    add_db_argument(rep)

    web = add_command(commands, "web", _run_web, cli_tx.CLI_WEB_HELP, cli_tx.CLI_WEB_DESCRIPTION)
    add_defaulted_option(
        web, "--port", DEFAULT_WEB_PORT, "P", cli_tx.CLI_WEB_PORT_HELP, type=positive_int
    )
    add_defaulted_option(web, "--host", DEFAULT_WEB_HOST, "H", cli_tx.CLI_WEB_HOST_HELP)
    add_db_argument(web)


def _add_kind_and_file(
    command: argparse.ArgumentParser, kinds: Sequence[str], kind_help: str, file_help: str
) -> None:
    """``TYPE FICHIER [--db FICHIER] [--ars CODE]``: what ``import`` and ``export`` share."""
    command.add_argument("kind", choices=kinds, metavar="TYPE", help=kind_help)
    command.add_argument("file", type=Path, metavar=cli_tx.CLI_METAVAR_FILE, help=file_help)
    add_db_argument(command)
    command.add_argument("--ars", metavar="CODE", help=cli_tx.CLI_EXCHANGE_ARS_HELP)


class ProgressBar:
    """``Import : [#####.....]  45 %`` on stderr, redrawn in place (a terminal only)."""

    WIDTH = 30

    def __init__(self, stream: TextIO) -> None:
        self.stream = stream
        self.shown = -1

    def __call__(self, done: int, total: int) -> None:
        percent = 100 * done // total if total else 100
        if percent == self.shown:
            return
        self.shown = percent
        filled = self.WIDTH * percent // 100
        bar = "#" * filled + "." * (self.WIDTH - filled)
        self.stream.write(f"\r{cli_tx.CLI_IMPORT_PROGRESS} [{bar}] {percent:3d} %")
        self.stream.flush()

    def close(self) -> None:
        if self.shown >= 0:
            self.stream.write("\r" + " " * (self.WIDTH + 30) + "\r")
            self.stream.flush()


#: Exit code of an import interrupted by Ctrl+C (128 + SIGINT, as shells do).
EXIT_INTERRUPTED = 130


def _run_import(args: argparse.Namespace, path: Path) -> int:
    from ars_tui import config
    from storage.exchange.imports import ImportRefused, describe_import, import_file

    bar = ProgressBar(sys.stderr) if sys.stderr.isatty() else None
    with opened_database(path, remove_if_new=True) as database:
        try:
            result = import_file(
                database.engine,
                args.kind,
                args.file,
                user=config.current_user(),
                ars_code=args.ars,
                dry_run=args.dry_run,
                progress=bar,
            )
        except KeyboardInterrupt:
            # The import's one transaction was rolled back on the way out: nothing written.
            if bar is not None:
                bar.close()
            print(cli_tx.CLI_IMPORT_INTERRUPTED.format(file=args.file), file=sys.stderr)
            return EXIT_INTERRUPTED
        except ImportRefused as refused:
            if bar is not None:
                bar.close()
            for error in refused.errors:
                print(str(error), file=sys.stderr)
            raise CliError(
                voc.CLI_IMPORT_REFUSED.format(file=args.file, count=len(refused.errors))
            ) from None
    if bar is not None:
        bar.close()
    print(describe_import(result, args.file))
    return EXIT_OK


def _run_export(args: argparse.Namespace, path: Path) -> int:
    from ars_tui.protocol import scope_for
    from storage.exchange.exports import ExportError, export_records
    from storage.settings import device_ars_code

    with opened_database(path, remove_if_new=True) as database, _refused(ExportError, args.file):
        device_ars = device_ars_code(database.engine)
        ars = args.ars or device_ars
        if args.ars and device_ars and args.ars.strip().upper() not in scope_for(device_ars):
            # A device bound to one ARS never hands out another's records (RGPD).
            raise CliError(cli_tx.CLI_EXPORT_OTHER_ARS.format(device=device_ars, asked=args.ars))
        result = export_records(database.engine, args.kind, args.file, ars_code=ars)
    print(
        voc.CLI_EXPORT_DONE.format(
            kind=result.kind, count=voc.format_int(result.rows), ars=result.ars_code, file=args.file
        )
        + (voc.EXPORT_DEMO_NOTE if result.demo else "")
    )
    return EXIT_OK


def _run_report(args: argparse.Namespace, path: Path) -> int:
    from storage.exchange.report import ReportError, write_report
    from storage.queries.database_summary import database_summary

    with opened_database(path, remove_if_new=True) as database, _refused(ReportError, args.out):
        if database_summary(database.engine).total_records == 0:
            # An all-zero report of an empty file says nothing: most likely the wrong file.
            raise CliError(cli_tx.CLI_REPORT_EMPTY_DATABASE.format(path=path))
        territory = write_report(database.engine, args.territory, args.out)
    print(voc.CLI_REPORT_DONE.format(file=args.out, territory=territory.label))
    return EXIT_OK


@contextmanager
def _refused(refusal: type[Exception], written: Path) -> Iterator[None]:
    """``refusal`` (its French message) and a failed write of ``written`` as a :class:`CliError`."""
    from storage.db import describe_error

    try:
        yield
    except refusal as error:
        raise CliError(str(error)) from None
    except OSError as error:
        reason = describe_error(error)[0]
        raise CliError(voc.CLI_CANNOT_WRITE.format(path=written, reason=reason)) from None


def web_command(path: Path) -> str:
    """The shell command textual-serve runs for each browser tab: this Python, this database."""
    import shlex

    return " ".join(
        shlex.quote(part) for part in (sys.executable, "-m", "ars_tui", "--db", str(path))
    )


def _run_web(args: argparse.Namespace, path: Path) -> int:
    require_extra("web", "textual_serve")
    from textual_serve.server import Server

    # Opened (created, migrated) once here, so that a bad path fails now, in French, not in the
    # browser tab.
    open_or_fail(path).dispose()
    server = Server(
        web_command(path.absolute()), host=args.host, port=args.port, title=cli_tx.APP_TITLE
    )
    print(cli_tx.CLI_WEB_SERVING.format(url=server.public_url), flush=True)
    server.serve()
    return EXIT_OK
