"""Import speed: the Annuaire Santé scan, ``import professionnels``, and peak memory.

    python bench/bench_import.py [--lines 1000000] [--rows 10500 100000] [--dir DIR]

Generates (never committed; in a temporary folder unless ``--dir``) an Annuaire Santé activity
file of ``--lines`` lines in the official layout (about 1.5 % of the lines in La Réunion, its
share of the population, 1 to 2 lines per professional) and professionnels CSV files
of ``--rows`` rows; imports each into a new database of ARS REU, each in its own process, and
prints lines/s or rows/s and the process's peak memory (max RSS). The annuaire is also imported
at a quarter of its size: the two peaks show whether memory follows the file's size.
Targets (issue 13): annuaire >= 100,000 lines/s, professionnels >= 20,000 rows/s.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SAMPLE = ROOT / "tests" / "data" / "annuaire-sante-ps-libreacces-personne-activite.txt"


def make_annuaire(path: Path, lines: int, seed: int = 13) -> None:
    """An activity file of ``lines`` lines in the sample's layout (header and columns)."""
    from storage.db import open_database
    from storage.records.identifiers import make_rpps

    rng = random.Random(seed)
    sample = SAMPLE.read_text(encoding="utf-8").splitlines()
    header, template = sample[0], sample[1].split("|")
    names = [name.strip() for name in header.split("|")]
    at = {name: index for index, name in enumerate(names)}
    scratch = path.parent / "communes.db"
    database = open_database(scratch)
    with database.engine.connect() as connection:
        rows = connection.exec_driver_sql("SELECT code, name FROM commune").all()
    database.dispose()
    scratch.unlink()
    reunion = [row for row in rows if row[0].startswith("974")]
    elsewhere = [row for row in rows if not row[0].startswith("974")]
    professions = [("10", "Médecin"), ("60", "Infirmier"), ("40", "Chirurgien-Dentiste")]
    written = 0
    person = 0
    with path.open("w", encoding="utf-8") as out:
        out.write(header + "\n")
        while written < lines:
            person += 1
            rpps = make_rpps(f"{2_000_000_000 + person:010d}")
            places = 1 if rng.random() < 0.8 else 2
            here = rng.random() < 0.015
            code, label = rng.choice(professions)
            for _ in range(min(places, lines - written)):
                commune, commune_name = rng.choice(reunion if here else elsewhere)
                cells = list(template)
                cells[at["Identifiant PP"]] = rpps
                cells[at["Identification nationale PP"]] = "8" + rpps
                cells[at["Nom d'exercice"]] = f"NOM{person}"
                cells[at["Prénom d'exercice"]] = f"Prénom{person % 97}"
                cells[at["Code profession"]] = code
                cells[at["Libellé profession"]] = label
                cells[at["Code commune (coord. structure)"]] = commune
                cells[at["Libellé commune (coord. structure)"]] = commune_name
                # The line's other place cells follow its commune, as in the real file.
                cells[at["Code postal (coord. structure)"]] = commune
                departement = commune[:3] if commune.startswith("97") else commune[:2]
                cells[at["Code Département (structure)"]] = departement
                cells[at["Libellé Département (structure)"]] = ""
                out.write("|".join(cells) + "\n")
                written += 1


def make_professionals(path: Path, rows: int) -> None:
    from storage.records.identifiers import make_rpps

    with path.open("w", encoding="utf-8") as out:
        out.write("Nom;Prénom;RPPS;Profession;Spécialité;Situation;Téléphone;Courriel\n")
        for index in range(rows):
            rpps = make_rpps(f"{3_000_000_000 + index:010d}")
            out.write(
                f"Nom{index};Prénom{index % 89};{rpps};Médecin;Médecine générale;"
                f"Installé(e) en libéral;0262 12 34 {index % 100:02d};p{index}@exemple.fr\n"
            )


def run_one(kind: str, file: Path, workdir: Path) -> dict[str, float]:
    """In this process: a new database, one import, its figures (a child of main())."""
    from storage.db import open_database
    from storage.exchange.imports import import_file

    path = workdir / f"bench-{kind}-{time.monotonic_ns()}.db"
    database = open_database(path)
    began = time.perf_counter()
    cpu = time.process_time()
    result = import_file(database.engine, kind, file, user="bench", ars_code="REU")
    seconds = time.perf_counter() - began
    figures = {
        "seconds": seconds,
        "cpu": time.process_time() - cpu,
        "lines": result.lines,
        "created": result.total("created"),
        "max_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }
    database.dispose()
    for leftover in workdir.glob(f"{path.name}*"):
        leftover.unlink()
    return figures


def child(kind: str, file: Path, workdir: Path) -> dict[str, float]:
    output = subprocess.run(
        [sys.executable, __file__, "--child", kind, str(file), str(workdir)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return json.loads(output.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--lines", type=int, default=1_000_000)
    parser.add_argument("--rows", type=int, nargs="*", default=[10_500, 100_000])
    parser.add_argument("--dir", type=Path)
    parser.add_argument("--child", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, file, workdir = args.child
        print(json.dumps(run_one(kind, Path(file), Path(workdir))))
        return
    workdir = args.dir or Path(tempfile.mkdtemp(prefix="bench-import-"))
    workdir.mkdir(parents=True, exist_ok=True)
    try:
        for lines in (args.lines // 4, args.lines):
            file = workdir / f"PS_LibreAcces_Personne_activite_{lines}.txt"
            began = time.perf_counter()
            make_annuaire(file, lines)
            made = time.perf_counter() - began
            figures = child("annuaire", file, workdir)
            print(
                f"annuaire {lines:>9,} lines ({file.stat().st_size / 1e6:,.0f} MB, made in "
                f"{made:.1f} s): {figures['seconds']:.2f} s (cpu {figures['cpu']:.2f} s), "
                f"{lines / figures['seconds']:,.0f} lines/s, {figures['created']:,.0f} "
                f"professionals, peak {figures['max_rss_mb']:,.0f} MB"
            )
            file.unlink()
        for rows in args.rows:
            file = workdir / f"professionnels-{rows}.csv"
            make_professionals(file, rows)
            figures = child("professionnels", file, workdir)
            print(
                f"professionnels {rows:>7,} rows: {figures['seconds']:.2f} s "
                f"(cpu {figures['cpu']:.2f} s), {rows / figures['seconds']:,.0f} rows/s, "
                f"peak {figures['max_rss_mb']:,.0f} MB"
            )
            file.unlink()
    finally:
        if args.dir is None:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
