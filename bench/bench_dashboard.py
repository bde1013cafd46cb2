"""The dashboard's figures (``storage.queries.dashboard.dashboard_figures``) on a big database.

Times the figures of one territory at each level (ARS, its first département, the EPCI and the
commune with the most installation projects), in this process, with the database opened as the
app opens it. The first run of each is cold for that territory's pages; the median of the next
ones is what a user sees when choosing it again. Territoires' details and search are timed too.

    .venv/bin/python bench/bench_dashboard.py [--db /tmp/demo100k.db] [--runs 7]

The database must exist (make one with ``ars-tui demo --db PATH --records 100000 --ars REU``).
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/demo100k.db"))
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    if not args.db.exists():
        raise SystemExit(f"{args.db}: no such database (see --help)")

    from sqlalchemy import text

    from storage.db import open_database, read_connection
    from storage.models import RECORD_TYPES
    from storage.queries.dashboard import dashboard_figures
    from storage.queries.territories import (
        Territory,
        default_ars,
        search_territories,
        territory_details,
    )

    database = open_database(args.db)
    today = date.today()
    with read_connection(database.engine) as connection:
        ars = default_ars(connection, tuple(RECORD_TYPES)) or "REU"
        commune, epci, departement, projects = connection.execute(
            text(
                "SELECT p.commune_code, c.epci_siren, c.departement_code, COUNT(*)"
                " FROM installation_project p JOIN commune c ON c.code = p.commune_code"
                " WHERE p.ars_code = :ars GROUP BY 1 ORDER BY 4 DESC LIMIT 1"
            ),
            {"ars": ars},
        ).one()
        total = connection.execute(
            text("SELECT COUNT(*) FROM installation_project WHERE deleted = 0")
        ).scalar_one()
    print(f"Database: {args.db} ({total} installation projects), day {today}, {args.runs} runs")
    territories = [
        Territory("ars", ars),
        Territory("departement", departement),
        Territory("epci", epci),
        Territory("commune", commune),
    ]
    for territory in territories:
        seconds = []
        for _ in range(args.runs):
            figures = dashboard_figures(database.engine, territory, today)
            seconds.append(figures.seconds)
        print(
            f"  dashboard {territory.level:<12} {territory.code:<10}"
            f" {figures.project_total:>7} projects: first {seconds[0] * 1000:6.0f} ms,"
            f" then median {statistics.median(seconds[1:]) * 1000:6.0f} ms"
        )
    print(f"  (the commune has {projects} projects)")
    for label, run in (
        ("Territoires details (commune)", lambda c: territory_details(c, territories[3], today)),
        ("Territoires details (ARS)", lambda c: territory_details(c, territories[0], today)),
        ("Territoires search 'saint'", lambda c: search_territories(c, "saint")),
    ):
        seconds = []
        for _ in range(args.runs):
            started = time.perf_counter()
            with read_connection(database.engine) as connection:
                run(connection)
            seconds.append(time.perf_counter() - started)
        print(f"  {label:<34} median {statistics.median(seconds) * 1000:6.0f} ms")
    database.dispose()


if __name__ == "__main__":
    main()
