"""The ``ars-tui`` command line (docs/ARCHITECTURE.md, "The command line": a contract).

::

    ars-tui [--db FICHIER]                     open the TUI (the database is created if missing)
    ars-tui demo [--db FICHIER] [--records N] [--ars CODE] [--seed S]

Every message is French, argparse's own included (see :func:`_argparse_in_french`). Exit codes:
0 success, 1 the database cannot be opened, 2 bad usage or refused input (nothing written).

Heavy imports (Textual, the demo generator) happen inside the command that needs them, so
``--help`` and errors answer at once.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import re
import sys
import textwrap
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

from ars_tui import cli_text as cli_tx
from ars_tui import paths
from storage import vocabulary as voc

if TYPE_CHECKING:
    from storage.db import Database

PROG = "ars-tui"
#: Modules that add commands: each has ``register(commands)``, called with the subparsers
#: action, which adds each command with :func:`add_command` and its ``run`` (a :data:`Runner`).
#: They must import nothing heavy at module level (``--help`` answers at once).
COMMAND_MODULES: tuple[str, ...] = (
    "ars_tui.cli_sync",
    "ars_tui.cli_central",
    "ars_tui.cli_exchange",
    "ars_tui.cli_zonage",
)
DEFAULT_DEMO_RECORDS = 1000
DEFAULT_DEMO_ARS = "REU"
#: The generator's own default (storage.demo.generator.generate_demo), not imported for
#: --help's sake.
DEFAULT_DEMO_SEED = 2026

EXIT_OK = 0
EXIT_CANNOT_OPEN = 1
EXIT_USAGE = 2
#: The command needs an optional part of the package that this install lacks (``[serveur]``,
#: ``[web]``): a field install is ``pip install ars-tui``, without the server or web stack.
EXIT_MISSING_EXTRA = 9

#: What a command runs: ``run(args, db_path)`` returns the exit code.
Runner = Callable[[argparse.Namespace, Path], int]


class CliError(Exception):
    """A refusal to report on stderr (French text) with exit code ``code``."""

    def __init__(self, message: str, code: int = EXIT_USAGE) -> None:
        super().__init__(message)
        self.code = code


def require_extra(extra: str, *modules: str) -> None:
    """Import ``modules`` (what ``ars-tui[extra]`` installs) or refuse with the pip command.

    One French line and :data:`EXIT_MISSING_EXTRA` instead of a traceback, on a field install.
    """
    for name in modules:
        try:
            importlib.import_module(name)
        except ImportError:
            raise CliError(
                cli_tx.CLI_MISSING_EXTRA.format(extra=extra), code=EXIT_MISSING_EXTRA
            ) from None


@contextmanager
def _argparse_in_french() -> Iterator[None]:
    """Make argparse speak French while the command line is built and parsed.

    argparse calls the module globals ``argparse._`` (gettext) and ``argparse.ngettext`` each time
    it makes a message (titles, "usage: ", its error messages), so answering those calls from the
    catalogue in :mod:`ars_tui.cli_text` translates everything it prints. The usual gettext route
    would need compiled ``.mo`` files and would change the process-wide text domain; this swap is
    limited to the parse and undone afterwards.
    """
    saved = argparse._, argparse.ngettext  # type: ignore[attr-defined]

    def translate(message: str) -> str:
        return cli_tx.ARGPARSE_MESSAGES.get(message, message)

    def translate_plural(singular: str, plural: str, count: int) -> str:
        if singular in cli_tx.ARGPARSE_PLURALS:
            one, many = cli_tx.ARGPARSE_PLURALS[singular]
            return one if count == 1 else many
        return singular if count == 1 else plural

    argparse._ = translate  # type: ignore[attr-defined]
    argparse.ngettext = translate_plural
    try:
        yield
    finally:
        argparse._, argparse.ngettext = saved  # type: ignore[attr-defined]


class FrenchHelpFormatter(argparse.HelpFormatter):
    """Section headings with the space French puts before a colon ("options :")."""

    def start_section(self, heading: str | None) -> None:
        super().start_section(f"{heading} " if heading else heading)

    def _split_lines(self, text: str, width: int) -> list[str]:
        # Never cut a path ("ars-tui.db", "/tmp/x-y/") at a hyphen or in the middle: it stays
        # whole, to be copied. Only ASCII whitespace collapses, as in argparse: the no-break
        # space of "1 000" stays.
        text = re.sub(r"[ \t\n\r\f\v]+", " ", text).strip()
        return textwrap.wrap(text, width, break_on_hyphens=False, break_long_words=False)


def positive_int(value: str) -> int:
    """argparse type: a whole number >= 1, with a French message otherwise."""
    try:
        number = int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(cli_tx.CLI_NOT_AN_INT.format(value=value)) from None
    if number < 1:
        raise argparse.ArgumentTypeError(cli_tx.CLI_NOT_A_POSITIVE_INT.format(value=value))
    return number


def _int(value: str) -> int:
    try:
        return int(value)
    except ValueError:
        raise argparse.ArgumentTypeError(cli_tx.CLI_NOT_AN_INT.format(value=value)) from None


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("ars-tui")
    except PackageNotFoundError:
        return cli_tx.CLI_UNKNOWN_VERSION


class _VersionAction(argparse.Action):
    """``--version``: looks the version up only when asked.

    argparse's own "version" action wants the text when the parser is built, and reading the
    installed package's metadata costs about 30 ms, on every start of the TUI.
    """

    def __init__(self, option_strings: Sequence[str], dest: str, help: str | None = None) -> None:
        super().__init__(option_strings, dest=dest, nargs=0, default=argparse.SUPPRESS, help=help)

    def __call__(self, parser: argparse.ArgumentParser, *_args: object, **_kwargs: object) -> None:
        print(f"{parser.prog} {_version()}")
        parser.exit()


def build_parser() -> argparse.ArgumentParser:
    """The parser of every command (call it inside :func:`_argparse_in_french`)."""
    parser = argparse.ArgumentParser(
        prog=PROG, description=cli_tx.CLI_DESCRIPTION, formatter_class=FrenchHelpFormatter
    )
    parser.add_argument("--version", action=_VersionAction, help=cli_tx.CLI_VERSION_HELP)
    parser.add_argument("--db", type=Path, metavar=cli_tx.CLI_METAVAR_FILE, help=_db_help())
    parser.set_defaults(run=_run_tui)

    commands = parser.add_subparsers(
        title=cli_tx.CLI_COMMANDS_TITLE, metavar=cli_tx.CLI_METAVAR_COMMAND, dest="command"
    )

    demo = add_command(
        commands, "demo", _run_demo, cli_tx.CLI_DEMO_HELP, cli_tx.CLI_DEMO_DESCRIPTION
    )
    add_db_argument(demo)
    add_defaulted_option(
        demo,
        "--records",
        DEFAULT_DEMO_RECORDS,
        "N",
        cli_tx.CLI_DEMO_RECORDS_HELP,
        type=positive_int,
        shown=voc.format_int(DEFAULT_DEMO_RECORDS),
    )
    add_defaulted_option(demo, "--ars", DEFAULT_DEMO_ARS, "CODE", cli_tx.CLI_DEMO_ARS_HELP)
    add_defaulted_option(
        demo, "--seed", DEFAULT_DEMO_SEED, "S", cli_tx.CLI_DEMO_SEED_HELP, type=_int
    )

    for module_name in COMMAND_MODULES:
        importlib.import_module(module_name).register(commands)
    return parser


def add_command(
    commands: argparse._SubParsersAction,  # type: ignore[type-arg]
    name: str,
    run: Runner | None,
    help_text: str,
    description: str | None = None,
) -> argparse.ArgumentParser:
    """Add the sub-command ``name``: its help, its description, French headings, and ``run``
    (None for a command that only groups required actions)."""
    command: argparse.ArgumentParser = commands.add_parser(
        name, help=help_text, description=description, formatter_class=FrenchHelpFormatter
    )
    if run is not None:
        command.set_defaults(run=run)
    return command


def add_defaulted_option(
    command: argparse.ArgumentParser,
    flag: str,
    default: object,
    metavar: str,
    help_text: str,
    *,
    type: Callable[[str], object] | None = None,
    shown: str | None = None,
) -> None:
    """An option whose help names its default (``help_text`` has a ``{default}`` field), written
    as ``shown`` when given (a number in the French way)."""
    command.add_argument(
        flag,
        type=type,
        default=default,
        metavar=metavar,
        help=help_text.format(default=default if shown is None else shown),
    )


def _db_help() -> str:
    # argparse %-formats help texts: a "%" in the user's path must stay a "%".
    return cli_tx.CLI_DB_HELP.format(default=paths.default_database_path()).replace("%", "%%")


def add_db_argument(command: argparse.ArgumentParser) -> None:
    """``--db FICHIER`` after a command's name too; SUPPRESS keeps a ``--db`` given before it."""
    command.add_argument(
        "--db",
        type=Path,
        metavar=cli_tx.CLI_METAVAR_FILE,
        default=argparse.SUPPRESS,
        help=_db_help(),
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Run ``ars-tui`` with ``argv`` (default: the process's arguments); return the exit code."""
    with _argparse_in_french():
        parser = build_parser()
        try:
            args = parser.parse_args(argv)
        except SystemExit as exit_:  # --help, --version, or a usage error already printed
            return exit_.code if isinstance(exit_.code, int) else EXIT_USAGE
    path: Path = (args.db or paths.default_database_path()).expanduser()
    run: Runner = args.run
    try:
        return run(args, path)
    except CliError as error:
        prog = f"{PROG} {args.command}" if args.command else PROG
        print(cli_tx.CLI_ERROR.format(prog=prog, message=error), file=sys.stderr)
        return error.code


# --- Commands ------------------------------------------------------------------------------------


def open_or_fail(path: Path) -> Database:
    """Open (create and migrate if missing) the database, or raise a French :class:`CliError`.

    The TUI opens its database in a worker instead (``ArsTuiApp._open_database``), with the same
    message; the two stay separate so that commands without a screen never import Textual.
    """
    from sqlalchemy.exc import SQLAlchemyError

    from storage.db import describe_error, open_database

    try:
        return open_database(path)
    except (SQLAlchemyError, OSError) as error:
        # A French reason ("le disque est plein"), never the SQL or its parameters.
        reason, _code = describe_error(error)
        raise CliError(
            cli_tx.CLI_CANNOT_OPEN_DB.format(path=path, reason=reason), EXIT_CANNOT_OPEN
        ) from None


@contextmanager
def new_database_removed_on_error(path: Path) -> Iterator[None]:
    """If the command fails, remove the database file (and folders) it created.

    "Nothing written" must hold for a refused command on a new path too: the file that
    ``open_database`` made for it, with its WAL companions and any folder made for it, goes.
    A database that existed before is left to the command's own transaction.
    """
    path = path.absolute()
    if path.exists():
        yield
        return
    new_dirs = [folder for folder in path.parents if not folder.exists()]
    try:
        yield
    except BaseException:
        for suffix in ("", "-wal", "-shm", "-journal"):
            # never made (a file where a folder should be): nothing to remove
            with contextlib.suppress(OSError):
                Path(f"{path}{suffix}").unlink(missing_ok=True)
        for folder in new_dirs:  # deepest first; rmdir leaves a folder someone else filled
            try:
                folder.rmdir()
            except OSError:
                break
        raise


@contextmanager
def opened_database(path: Path, *, remove_if_new: bool = False) -> Iterator[Database]:
    """The database at ``path`` (:func:`open_or_fail`), disposed of when the block ends.

    With ``remove_if_new``, a file the command created goes again if the block fails
    (:func:`new_database_removed_on_error`).
    """
    guard = new_database_removed_on_error(path) if remove_if_new else contextlib.nullcontext()
    with guard:
        database = open_or_fail(path)
        try:
            yield database
        finally:
            database.dispose()


def _run_tui(_args: argparse.Namespace, path: Path) -> int:
    # The app opens the database itself, after its first frame (see ars_tui.app); the first
    # figures are read meanwhile, while Textual is imported (storage.queries.first_figures).
    from storage.queries.first_figures import start_early_peek

    early_peek = start_early_peek(path.expanduser())
    from ars_tui.app import make_app

    app = make_app(path, early_peek=early_peek)
    try:
        app.run()
    finally:
        if app.database is not None:
            app.database.dispose()
    if app.open_error is not None:
        raise CliError(app.open_error, EXIT_CANNOT_OPEN)
    return app.return_code or EXIT_OK


def _run_demo(args: argparse.Namespace, path: Path) -> int:
    from storage.db import StorageError
    from storage.demo.generator import generate_demo
    from storage.records.validation import ValidationError

    with opened_database(path, remove_if_new=True) as database:
        try:
            summary = generate_demo(
                database.engine, records=args.records, ars_code=args.ars, seed=args.seed
            )
        except ValidationError as error:
            raise CliError(str(error)) from None
        except StorageError as error:  # disk full, file turned read-only: rolled back
            raise CliError(
                cli_tx.CLI_CANNOT_WRITE_DB.format(path=path, reason=error), EXIT_CANNOT_OPEN
            ) from None
    print(cli_tx.CLI_DEMO_DONE.format(path=path, ars=args.ars.strip().upper()))
    print(_counts_table(summary.counts))
    print(cli_tx.CLI_DEMO_SECONDS.format(seconds=voc.format_decimal(summary.seconds, 1)))
    return EXIT_OK


def _counts_table(counts: dict[str, int]) -> str:
    """Rows per record type with French labels, numbers aligned right, and the total."""
    rows = [(voc.ENTITY_LABELS.get(entity, entity), count) for entity, count in counts.items()]
    rows.append((cli_tx.CLI_DEMO_TOTAL, sum(counts.values())))
    label_width = max(len(label) for label, _ in rows)
    number_width = max(len(voc.format_int(count)) for _, count in rows)
    return "\n".join(
        f"  {label:<{label_width}}  {voc.format_int(count):>{number_width}}"
        for label, count in rows
    )
