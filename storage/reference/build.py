"""Build the packaged reference data (``storage/reference/data/``) from the public sources.

Run by a developer when the sources change, never by the app::

    python -m storage.reference.build SOURCES_FOLDER [--out storage/reference/data]

It reads the INSEE/DGCL files and the project's own tables (see ``reference/README.md`` beside the
sources), checks them, and writes one small UTF-8 CSV per reference table, whose header names the
table's columns (:mod:`storage.models.reference`), plus a ``VERSION`` file holding a short hash of
those CSVs. :mod:`storage.reference.load` loads the CSVs and compares ``VERSION`` with what a
database already holds, so an unchanged database costs one SELECT on open.

Every expected count is written below: if a new edition of a source changes one, the build stops
with a message saying what differs, so that a person looks before the app ships it.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path

#: Where ``python -m storage.reference.build`` writes by default (the package's data folder).
DEFAULT_OUTPUT = Path(__file__).parent / "data"

#: The files read, all expected in the source folder.
SOURCE_FILES = (
    "regions.csv",
    "departements.csv",
    "communes.csv",
    "collectivites-outremer.csv",
    "donnees_communes.csv",
    "donnees_communes_mayotte.csv",
    "epci_communes_2025.csv",
    "ars.csv",
    "indicateurs_nationaux.csv",
)

#: The collectivités d'outre-mer an ARS covers (ARS Guadeloupe): shipped as départements of kind
#: "collectivite" with their single commune. 975 (Saint-Pierre-et-Miquelon) has no ARS; 984 and
#: beyond are not covered by any ARS either.
COLLECTIVITES: dict[str, str] = {"977": "97701", "978": "97801"}
COLLECTIVITE_REGION = "01"

#: Communes that belong to no EPCI (islands made of one commune): Île-de-Bréhat, Île-de-Sein,
#: Ouessant, L'Île-d'Yeu. Saint-Barthélemy and Saint-Martin have none either (collectivités).
COMMUNES_WITHOUT_EPCI = frozenset({"22016", "29083", "29155", "85113"})

#: Paris, Lyon and Marseille are split into arrondissements (TYPECOM=ARM) in the populations file.
PLM = frozenset({"75056", "69123", "13055"})
#: epci_communes_2025.csv carries the previous edition of the populations légales: the ARM sums
#: must agree with its PLM figures within this ratio (measured: 0.3% to 1.0%).
PLM_TOLERANCE = 0.02

EXPECTED = {
    "regions": 18,
    "departements": 101,
    "communes": 34_875,
    "arrondissements": 45,
    "mayotte": 17,
    "ars": 19,
    "indicators": 21,
}

#: Output files, in load order (foreign keys first), with their header = the table's columns.
OUTPUT_COLUMNS: dict[str, tuple[str, ...]] = {
    "regions.csv": ("code", "name"),
    "departements.csv": ("code", "name", "region_code", "kind"),
    "ars.csv": ("code", "name", "region_code", "active_from", "active_to", "note"),
    "ars_departements.csv": ("ars_code", "departement_code"),
    "epci.csv": ("siren", "name", "nature"),
    "communes.csv": (
        "code",
        "name",
        "departement_code",
        "region_code",
        "epci_siren",
        "population",
        "population_total",
    ),
    "national_indicators.csv": ("code", "year", "kind", "label", "value", "source"),
}

VERSION_FILE = "VERSION"
VERSION_LENGTH = 16


class ReferenceBuildError(Exception):
    """The sources are missing or do not look as expected; the message says what differs."""


Row = tuple[str, ...]


@dataclass(frozen=True)
class ReferenceTables:
    """The rows of every output file, sorted, as the text written to the CSV."""

    tables: dict[str, list[Row]]


def _read(source: Path, name: str, delimiter: str = ",") -> list[dict[str, str]]:
    path = source / name
    if not path.is_file():
        raise ReferenceBuildError(f"missing source file: {path}")
    # utf-8-sig: an INSEE file saved by a spreadsheet may start with a BOM.
    with path.open(newline="", encoding="utf-8-sig") as handle:
        rows = list(csv.DictReader(handle, delimiter=delimiter))
    # A trailing separator-only line (",,,,,,,") is no row.
    return [row for row in rows if any((value or "").strip() for value in row.values())]


def _expect(what: str, actual: int, expected: int) -> None:
    if actual != expected:
        raise ReferenceBuildError(f"{what}: expected {expected}, found {actual}")


def _int(text: str, where: str) -> int:
    try:
        return int(text)
    except ValueError:
        raise ReferenceBuildError(f"{where}: not an integer: {text!r}") from None


def _populations(
    source: Path, communes: dict[str, dict[str, str]], arrondissements: dict[str, dict[str, str]]
) -> dict[str, tuple[int, int]]:
    """Population municipale and totale of every COM commune (INSEE populations légales).

    Paris, Lyon and Marseille appear in ``donnees_communes.csv`` only as arrondissements: their
    figure is the sum of their ARM rows, so that the three cities come from the same edition as
    every other commune (epci_communes_2025.csv holds the previous edition; it is only used to
    check the sums). Mayotte is in its own file (2017 census), its codes split in DEP and CODCOM.
    """
    parents = {
        code: row["COMPARENT"] for code, row in arrondissements.items() if row["COMPARENT"] in PLM
    }
    _expect(
        "arrondissements of Paris, Lyon and Marseille", len(parents), EXPECTED["arrondissements"]
    )
    populations: dict[str, tuple[int, int]] = {}
    plm_sums: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    for row in _read(source, "donnees_communes.csv", delimiter=";"):
        code = row["COM"]
        where = f"donnees_communes.csv {code}"
        figures = (_int(row["PMUN"], where), _int(row["PTOT"], where))
        if code in parents:
            total = plm_sums[parents[code]]
            total[0] += figures[0]
            total[1] += figures[1]
        elif code in communes:
            if code in populations:
                raise ReferenceBuildError(f"{where}: listed twice")
            populations[code] = figures
    _expect("cities summed from arrondissements", len(plm_sums), len(PLM))
    for code, (municipale, totale) in plm_sums.items():
        populations[code] = (municipale, totale)
    mayotte = _read(source, "donnees_communes_mayotte.csv", delimiter=";")
    _expect("Mayotte population rows", len(mayotte), EXPECTED["mayotte"])
    for row in mayotte:
        # Overseas, INSEE's 3-digit CODCOM repeats the département's last digit: DEP 976 +
        # CODCOM 611 is commune 97611 (not "976611").
        if not row["CODCOM"].startswith(row["DEP"][2:]):
            raise ReferenceBuildError(f"donnees_communes_mayotte.csv: CODCOM {row['CODCOM']!r}")
        code = row["DEP"][:2] + row["CODCOM"]
        where = f"donnees_communes_mayotte.csv {code}"
        if code not in communes:
            raise ReferenceBuildError(f"{where}: no such commune in communes.csv")
        populations[code] = (_int(row["PMUN"], where), _int(row["PTOT"], where))
    return populations


def _check_plm(populations: dict[str, tuple[int, int]], epci_rows: list[dict[str, str]]) -> None:
    """The arrondissement sums of Paris, Lyon, Marseille agree with the other source's figures."""
    rows = [row for row in epci_rows if row["insee"] in PLM]
    _expect("Paris, Lyon, Marseille in epci_communes_2025.csv", len(rows), len(PLM))
    for row in rows:
        code = row["insee"]
        for ours, theirs, label in (
            (populations[code][0], _int(row["pmun_2025"], code), "pmun"),
            (populations[code][1], _int(row["ptot_2025"], code), "ptot"),
        ):
            if abs(ours - theirs) > PLM_TOLERANCE * theirs:
                raise ReferenceBuildError(
                    f"{code}: sum of arrondissements {label} {ours} differs from "
                    f"epci_communes_2025.csv {theirs} by more than {PLM_TOLERANCE:.0%}"
                )


def collect(source: Path) -> ReferenceTables:
    """Read and check the sources; return the rows to write. Raises ReferenceBuildError."""
    source = Path(source)
    if not source.is_dir():
        raise ReferenceBuildError(f"source folder not found: {source}")
    for name in SOURCE_FILES:
        if not (source / name).is_file():
            raise ReferenceBuildError(f"missing source file: {source / name}")

    regions = {row["REG"]: row["LIBELLE"] for row in _read(source, "regions.csv")}
    _expect("régions", len(regions), EXPECTED["regions"])

    departements: dict[str, Row] = {}
    for row in _read(source, "departements.csv"):
        if row["REG"] not in regions:
            raise ReferenceBuildError(f"département {row['DEP']}: unknown région {row['REG']}")
        departements[row["DEP"]] = (row["DEP"], row["LIBELLE"], row["REG"], "departement")
    _expect("départements", len(departements), EXPECTED["departements"])

    cog = _read(source, "communes.csv")
    communes = {row["COM"]: row for row in cog if row["TYPECOM"] == "COM"}
    arrondissements = {row["COM"]: row for row in cog if row["TYPECOM"] == "ARM"}
    _expect("communes (TYPECOM=COM)", len(communes), EXPECTED["communes"])
    for code, row in communes.items():
        if row["DEP"] not in departements or row["REG"] != departements[row["DEP"]][2]:
            raise ReferenceBuildError(
                f"commune {code}: département/région {row['DEP']}/{row['REG']}"
            )

    outremer = {row["code_commune"]: row for row in _read(source, "collectivites-outremer.csv")}
    collectivite_communes: dict[str, tuple[str, str, int]] = {}
    for dep, code in COLLECTIVITES.items():
        row = outremer.get(code)
        if row is None or row["code_collectivite"] != dep:
            raise ReferenceBuildError(
                f"collectivites-outremer.csv: commune {code} of {dep} missing"
            )
        departements[dep] = (dep, row["nom_collectivite"], COLLECTIVITE_REGION, "collectivite")
        population = _int(row["population"], f"collectivites-outremer.csv {code}")
        collectivite_communes[code] = (row["nom_commune"], dep, population)

    populations = _populations(source, communes, arrondissements)
    missing = sorted(set(communes) - set(populations))
    if missing:
        raise ReferenceBuildError(f"communes without a population: {', '.join(missing[:20])}")

    epci_rows = _read(source, "epci_communes_2025.csv")
    _check_plm(populations, epci_rows)
    epcis: dict[str, Row] = {}
    commune_epci: dict[str, str] = {}
    for row in epci_rows:
        code, siren = row["insee"], row["epci_siren"]
        if code not in communes:
            raise ReferenceBuildError(f"epci_communes_2025.csv: unknown commune {code}")
        if len(siren) != 9 or not siren.isdigit():
            raise ReferenceBuildError(f"epci_communes_2025.csv {code}: bad SIREN {siren!r}")
        epci = (siren, row["epci_nom"], row["epci_nature"])
        if epcis.setdefault(siren, epci) != epci:
            raise ReferenceBuildError(f"EPCI {siren}: two names or natures")
        if commune_epci.setdefault(code, siren) != siren:
            raise ReferenceBuildError(f"commune {code}: two EPCI")
    without = set(communes) - set(commune_epci)
    if without != COMMUNES_WITHOUT_EPCI:
        raise ReferenceBuildError(
            f"communes without an EPCI: expected {sorted(COMMUNES_WITHOUT_EPCI)}, "
            f"found {sorted(without)}"
        )

    commune_rows: list[Row] = [
        (
            code,
            row["LIBELLE"],
            row["DEP"],
            row["REG"],
            commune_epci.get(code, ""),
            str(populations[code][0]),
            str(populations[code][1]),
        )
        for code, row in communes.items()
    ]
    # The source gives one figure for these two (population municipale); no totale: left empty.
    commune_rows += [
        (code, name, dep, COLLECTIVITE_REGION, "", str(population), "")
        for code, (name, dep, population) in collectivite_communes.items()
    ]

    ars_rows, ars_links = _ars(source, regions, departements)
    indicators = _indicators(source)

    tables = {
        "regions.csv": [(code, name) for code, name in regions.items()],
        "departements.csv": list(departements.values()),
        "ars.csv": ars_rows,
        "ars_departements.csv": ars_links,
        "epci.csv": list(epcis.values()),
        "communes.csv": commune_rows,
        "national_indicators.csv": indicators,
    }
    return ReferenceTables({name: sorted(rows) for name, rows in tables.items()})


def _ars(
    source: Path, regions: dict[str, str], departements: dict[str, Row]
) -> tuple[list[Row], list[Row]]:
    rows: list[Row] = []
    links: list[Row] = []
    for row in _read(source, "ars.csv"):
        code = row["code"]
        if row["region_code"] and row["region_code"] not in regions:
            raise ReferenceBuildError(f"ARS {code}: unknown région {row['region_code']}")
        if not row["actif_du"]:
            raise ReferenceBuildError(f"ARS {code}: no start date")
        rows.append(
            (
                code,
                row["libelle"],
                row["region_code"],
                row["actif_du"],
                row["actif_au"],
                row["note"],
            )
        )
        covered = row["departements"].split()
        if not covered:
            raise ReferenceBuildError(f"ARS {code}: no département")
        for dep in covered:
            if dep not in departements:
                raise ReferenceBuildError(f"ARS {code}: unknown département {dep}")
            links.append((code, dep))
    _expect("ARS", len(rows), EXPECTED["ars"])
    return rows, links


def _indicators(source: Path) -> list[Row]:
    rows: dict[tuple[str, str, str], Row] = {}
    for row in _read(source, "indicateurs_nationaux.csv"):
        key = (row["code"], row["annee"], row["type"])
        _int(row["annee"], f"indicator {row['code']}")
        if row["type"] not in ("realise", "cible"):
            raise ReferenceBuildError(f"indicator {row['code']}: type {row['type']!r}")
        try:
            float(row["valeur"])
        except ValueError:
            raise ReferenceBuildError(f"indicator {row['code']}: value {row['valeur']!r}") from None
        if key in rows:
            raise ReferenceBuildError(f"indicator {key}: listed twice")
        rows[key] = (*key, row["libelle"], row["valeur"], row["source"])
    _expect("national indicators", len(rows), EXPECTED["indicators"])
    return list(rows.values())


def render(columns: Sequence[str], rows: Iterable[Row]) -> bytes:
    """The CSV bytes of one output file: header, then rows; ``\\n`` line ends, minimal quoting."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(columns)
    writer.writerows(rows)
    return buffer.getvalue().encode("utf-8")


def content_version(files: dict[str, bytes]) -> str:
    """A short hash of the generated files (names and bytes), stable across machines."""
    digest = hashlib.sha256()
    for name in sorted(files):
        digest.update(name.encode("utf-8") + b"\0")
        digest.update(hashlib.sha256(files[name]).digest())
    return digest.hexdigest()[:VERSION_LENGTH]


def build(source: Path, output: Path = DEFAULT_OUTPUT) -> tuple[str, dict[str, int]]:
    """Write every output file and ``VERSION`` into ``output``.

    Returns the version and the number of rows written per file. Nothing is written when a check
    fails.
    """
    tables = collect(source).tables
    files = {name: render(OUTPUT_COLUMNS[name], tables[name]) for name in OUTPUT_COLUMNS}
    version = content_version(files)
    output.mkdir(parents=True, exist_ok=True)
    for name, data in files.items():
        (output / name).write_bytes(data)
    (output / VERSION_FILE).write_bytes(version.encode("ascii") + b"\n")
    return version, {name: len(rows) for name, rows in tables.items()}


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m storage.reference.build",
        description="Build storage/reference/data/ from the reference sources.",
    )
    parser.add_argument("source", type=Path, help="folder of the source CSV files")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUTPUT, help="output folder")
    args = parser.parse_args(argv)
    version, counts = build(args.source, args.out)
    for name, count in counts.items():
        print(f"{name}: {count} rows")
    print(f"VERSION {version}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
