"""Import of the FINESS stock file (``finess``, ``msp-finess``): MSP and centres de santé with
their sites, and CPTS; an MSP already followed is matched by a site's FINESS, else by name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from typing import Any

import sqlalchemy as sa

from storage import vocabulary as voc
from storage.exchange.csv_io import CsvTable
from storage.exchange.export_format import header
from storage.exchange.import_run import (
    BAD,
    CENTRE_SANTE_FINESS_CATEGORY,
    CPTS_FINESS_CATEGORY,
    FINESS_OVERSEAS,
    MSP_FINESS_CATEGORY,
    ImportColumn,
    ImportRun,
    Line,
    _Duplicates,
    _prepare,
    resolve_columns,
)
from storage.records import identifiers, rules
from storage.records.validation import ValidationError
from storage.text import search_key

# --- finess (msp-finess) -----------------------------------------------------------------------

#: FINESS categories the import keeps: what each becomes (record type, MSP ``kind``).
FINESS_KEPT: dict[str, tuple[str, str | None]] = {
    MSP_FINESS_CATEGORY: ("msp_project", "msp"),
    CENTRE_SANTE_FINESS_CATEGORY: ("msp_project", "centre_sante"),
    CPTS_FINESS_CATEGORY: ("cpts", None),
}

FINESS_COLUMNS = (
    ImportColumn("finess", required=True),
    ImportColumn("finess_legal"),
    ImportColumn("finess_name", required=True),
    ImportColumn("finess_long_name"),
    ImportColumn("finess_category", required=True),
    # Before commune_code: FINESS's own "commune" column holds 3 digits, not an INSEE code.
    ImportColumn("finess_departement"),
    ImportColumn("finess_commune"),
    ImportColumn("commune_code"),
    ImportColumn("opening_date"),
)


@dataclass
class _Establishment:
    """One kept line of a FINESS file."""

    line: int
    finess: str
    legal: str | None
    category: str
    name: str
    long_name: str
    commune: str
    opening: date | None

    @property
    def group(self) -> tuple[str, str]:
        """Sites of one entité juridique are one multi-site MSP (or centre de santé)."""
        return (self.category, self.legal or self.finess)


def _finess_commune(run: ImportRun, line: Line) -> str | None:
    """The INSEE code of a FINESS line: given whole, or département + 3-digit commune."""
    if line.get("commune_code").strip():
        return run.commune(line, line.get("commune_code"))
    departement = line.get("finess_departement").strip().upper()
    commune = line.get("finess_commune").strip()
    if not departement or not commune:
        run.fail(line.number, voc.MSG_IMPORT_FINESS_NO_COMMUNE)
        return None
    if len(commune) == 5:
        return run.commune(line, commune)
    if departement in FINESS_OVERSEAS:
        # 9D + 424 -> 97424: the 3 digits already carry the overseas département's digit.
        return run.commune(line, "97" + commune.zfill(3))
    return run.commune(line, departement.zfill(2) + commune.zfill(3))


def _read_establishment(run: ImportRun, line: Line) -> _Establishment | None:
    category = line.get("finess_category").strip()
    if category not in FINESS_KEPT:
        run.ignored += 1
        return None
    try:
        finess = identifiers.check_finess(line.get("finess"))
        legal_raw = line.get("finess_legal").strip()
        legal = identifiers.check_finess(legal_raw, "finess_legal") if legal_raw else None
    except ValidationError as error:
        run.fail_validation(line.number, error)
        return None
    name = line.get("finess_name").strip() or line.get("finess_long_name").strip()
    if not name:
        run.fail(line.number, voc.MSG_REQUIRED.format(label=header("finess_name")))
    commune = _finess_commune(run, line)
    opening = run.value(line, "msp_project", "opening_date")
    if not name or commune is None or opening is BAD:
        return None
    if not run.in_scope(commune):
        run.ignored += 1
        return None
    long_name = line.get("finess_long_name").strip() or name
    return _Establishment(
        line.number, finess, legal, category, name[:160], long_name, commune, opening
    )


def _import_msp_finess(run: ImportRun, table: CsvTable) -> None:
    found, _ = resolve_columns(run.kind, table.header, FINESS_COLUMNS)
    has_place = "commune_code" in found or {"finess_departement", "finess_commune"} <= set(found)
    if not has_place:
        run.fail(1, voc.MSG_IMPORT_FINESS_PLACE_COLUMN)
    lines = _prepare(run, table, FINESS_COLUMNS)
    if lines is None or not has_place:
        return
    duplicates = _Duplicates(run)
    groups: dict[tuple[str, str], list[_Establishment]] = {}
    for line in lines:
        kept = _read_establishment(run, line)
        if kept is not None and duplicates.check(line, kept.finess, voc.MSG_IMPORT_SAME_FINESS):
            groups.setdefault(kept.group, []).append(kept)
        run.tick()
    if run.errors:
        return
    for (category, _), sites in groups.items():
        entity, kind = FINESS_KEPT[category]
        if entity == "cpts":
            for site in sites:
                _save_cpts(run, site)
        else:
            assert kind is not None
            _save_msp(run, kind, sites)


#: Words every MSP, centre or CPTS name may hold: they tell nothing apart.
_GENERIC_NAME_WORDS = frozenset(
    (
        *("msp", "maison", "maisons", "sante", "pluriprofessionnelle", "pluriprofessionnel"),
        *("pluridisciplinaire", "pluri", "professionnelle", "site", "cs", "centre", "cpts"),
        *("communaute", "territoriale", "de", "du", "des", "d", "la", "le", "les", "l", "et"),
        *("a", "au", "aux", "en", "sur"),
    )
)


def name_key(name: str) -> tuple[str, ...]:
    """The words of an establishment's name that tell it apart, sorted.

    Accents, case, punctuation, word order and the generic words ("MSP", "maison de santé",
    "de", "site"...) aside: "MSP DE CILAOS" and "Cilaos (Maison de santé de)" are one name.
    """
    words = re.findall(r"[a-z0-9]+", search_key(name))
    kept = sorted(word for word in words if word not in _GENERIC_NAME_WORDS)
    return tuple(kept or sorted(words))


def _main_first(sites: list[_Establishment]) -> list[_Establishment]:
    """The main site first: the shortest name (the others add "- SITE DE ..."), then oldest."""
    return sorted(sites, key=lambda site: (len(site.name), site.opening or date.max, site.finess))


def _save_msp(run: ImportRun, kind: str, sites: list[_Establishment]) -> None:
    sites = _main_first(sites)
    main = sites[0]
    project_id = _match_msp(run, sites)
    if project_id is _AMBIGUOUS:
        return
    if project_id is None:
        openings = [site.opening for site in sites if site.opening is not None]
        values = {
            "name": main.name,
            "kind": kind,
            "status": "ouverte",
            "opening_date": min(openings) if openings else None,
        }
        ars = rules.ars_of_commune(main.commune, run.today)
        project_id = run.create(main.line, "msp_project", values, ars_code=ars)
        if project_id is None:
            return
    else:
        project = run.load("msp_project", project_id)
        assert project is not None
        changes = {}
        if project["opening_date"] is None and main.opening is not None:
            changes["opening_date"] = main.opening
        run.update(main.line, "msp_project", project, changes)
    existing = [
        dict(row)
        for row in run.connection.execute(
            sa.text("SELECT * FROM msp_site WHERE msp_id = :msp AND deleted = 0 ORDER BY id"),
            {"msp": project_id},
        ).mappings()
    ]
    has_main = any(site["is_main_site"] for site in existing)
    for site in sites:
        current = next((row for row in existing if row["finess"] == site.finess), None)
        if current is None:
            # A site typed by hand in that commune, without its FINESS yet.
            current = next(
                (r for r in existing if not r["finess"] and r["commune_code"] == site.commune),
                None,
            )
        if current is not None:
            run.update(site.line, "msp_site", dict(current), {"finess": site.finess})
            current["finess"] = site.finess  # taken: not matched twice
            continue
        values = {
            "msp_id": project_id,
            "commune_code": site.commune,
            "finess": site.finess,
            "is_main_site": not has_main,
        }
        has_main = True
        run.create(site.line, "msp_site", values)


class _Ambiguous:
    """Several records could be the establishment: listed for the user, not guessed."""


_AMBIGUOUS: Any = _Ambiguous()


def _match_msp(run: ImportRun, sites: list[_Establishment]) -> str | None:
    """The MSP (or centre de santé) these sites are: by a site's FINESS, else by name."""
    by_finess = (
        run.connection.execute(
            sa.text(
                "SELECT DISTINCT p.id FROM msp_site s JOIN msp_project p ON p.id = s.msp_id"
                " WHERE s.deleted = 0 AND p.deleted = 0 AND s.finess IN ("
                + ", ".join(f":f{index}" for index in range(len(sites)))
                + ")"
            ),
            {f"f{index}": site.finess for index, site in enumerate(sites)},
        )
        .scalars()
        .all()
    )
    if len(by_finess) == 1:
        return str(by_finess[0])
    if len(by_finess) > 1:
        return _ambiguous(run, sites[0], len(by_finess))
    wanted = {name_key(site.name) for site in sites} | {name_key(site.long_name) for site in sites}
    communes = sorted({site.commune for site in sites})
    rows = run.connection.execute(
        sa.text(
            "SELECT DISTINCT p.id, p.name FROM msp_site s JOIN msp_project p ON p.id = s.msp_id"
            " WHERE s.deleted = 0 AND p.deleted = 0 AND s.commune_code IN ("
            + ", ".join(f":c{index}" for index in range(len(communes)))
            + ")"
        ),
        {f"c{index}": code for index, code in enumerate(communes)},
    ).all()
    matches = sorted({row.id for row in rows if name_key(row.name) in wanted})
    if len(matches) > 1:
        return _ambiguous(run, sites[0], len(matches))
    return matches[0] if matches else None


def _ambiguous(run: ImportRun, site: _Establishment, count: int) -> Any:
    run.ambiguous.append(
        voc.IMPORT_FINESS_AMBIGUOUS.format(
            line=site.line, finess=site.legal or site.finess, name=site.name, count=count
        )
    )
    return _AMBIGUOUS


def _save_cpts(run: ImportRun, site: _Establishment) -> None:
    rows = run.connection.execute(
        sa.text(
            "SELECT id, name, finess, commune_code FROM cpts WHERE deleted = 0"
            " AND (finess = :finess OR commune_code = :commune) ORDER BY id"
        ),
        {"finess": site.finess, "commune": site.commune},
    ).all()
    matches = [row.id for row in rows if row.finess == site.finess]
    if not matches:
        wanted = {name_key(site.name), name_key(site.long_name)}
        matches = [
            row.id
            for row in rows
            if row.commune_code == site.commune and not row.finess and name_key(row.name) in wanted
        ]
    if len(matches) > 1:
        _ambiguous(run, site, len(matches))
        return
    if not matches:
        values = {"name": site.name, "commune_code": site.commune, "finess": site.finess}
        run.create(site.line, "cpts", values)
        return
    current = run.load("cpts", matches[0])
    assert current is not None
    run.update(site.line, "cpts", current, {"finess": site.finess})
