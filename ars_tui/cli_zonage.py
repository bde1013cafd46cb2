"""``ars-tui zonage COMMUNE [--date JJ/MM/AAAA] [--db FICHIER]``: a commune's zonage on a date.

Prints the class in force, the arrêté (number, date d'effet) and its ARS, or "aucun arrêté en
vigueur" (:mod:`storage.queries.zoning_lookup`). Exit codes as everywhere (``ars_tui.cli``): 0
answered, 1 the database cannot be opened, 2 unknown or ambiguous commune, or a bad date (the
communes of an ambiguous name are listed).
"""

from __future__ import annotations

import argparse
from datetime import date
from pathlib import Path

from ars_tui import cli_text as cli_tx
from ars_tui.cli import EXIT_OK, CliError, add_command, add_db_argument, opened_database


def register(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add ``zonage`` to the command line."""
    zonage = add_command(
        commands, "zonage", _run_zonage, cli_tx.CLI_ZONAGE_HELP, cli_tx.CLI_ZONAGE_DESCRIPTION
    )
    zonage.add_argument(
        "commune", metavar=cli_tx.CLI_METAVAR_COMMUNE, help=cli_tx.CLI_ZONAGE_COMMUNE_HELP
    )
    zonage.add_argument("--date", metavar=cli_tx.CLI_METAVAR_DATE, help=cli_tx.CLI_ZONAGE_DATE_HELP)
    add_db_argument(zonage)


def _day(text: str | None) -> date:
    from storage.records.coercion import coerce
    from storage.records.validation import ValidationError

    if text is None:
        return date.today()
    try:
        day = coerce("zoning_order", "effective_date", text)
    except ValidationError as error:
        raise CliError(str(error)) from None
    assert isinstance(day, date)
    return day


def _run_zonage(args: argparse.Namespace, path: Path) -> int:
    from storage.db import read_connection
    from storage.queries.zoning_lookup import find_communes, zoning_answer

    on = _day(args.date)
    with opened_database(path) as database, read_connection(database.engine) as connection:
        hits = find_communes(connection, args.commune)
        if not hits:
            raise CliError(cli_tx.CLI_ZONAGE_UNKNOWN_COMMUNE.format(query=args.commune))
        if len(hits) > 1:
            rows = [
                cli_tx.CLI_ZONAGE_AMBIGUOUS_ROW.format(
                    code=hit.code, name=hit.name, departement=hit.departement_code
                )
                for hit in hits
            ]
            raise CliError(
                "\n".join([cli_tx.CLI_ZONAGE_AMBIGUOUS.format(query=args.commune), *rows])
            )
        lines = zoning_answer(connection, hits[0], on)
    print("\n".join(lines))
    return EXIT_OK
