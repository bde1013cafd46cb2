"""``export KIND FILE``: Excel FR format, one ARS, personal data only where meant, round trips."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import Database
from storage.exchange import EXPORT_KINDS
from storage.exchange.exports import ExportError, export_records
from storage.exchange.imports import ImportRefused, import_file
from storage.records.identifiers import make_rpps
from storage.records.store import Store
from tests.support.databases import open_copy

NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
PHONE = "0692 12 34 56"
EMAIL = "e.hoarau@example.fr"


@pytest.fixture
def other_database(tmp_path: Path, fresh_database_file: Path) -> Iterator[Database]:
    """A second new database (the one an export is imported into)."""
    yield from open_copy(fresh_database_file, tmp_path / "other.db")


def store_for(db: Database, ars: str) -> Store:
    return Store(db.engine, user="c.payet", ars_code=ars, clock=lambda: NOW)


def fill(db: Database) -> dict[str, str]:
    """A few records of La Réunion, and one professional and project of Mayotte."""
    reu = store_for(db, "REU")
    hoarau = reu.create(
        "professional",
        {
            "last_name": "Hoarau",
            "first_name": "Élodie",
            "rpps": make_rpps("1000123456"),
            "phone": PHONE,
            "email": EMAIL,
            "situation": "remplacant",
            "consent_date": "12/01/2026",
        },
    )
    payet = reu.create("professional", {"last_name": "Payet", "first_name": "Jean-Luc"})
    project = reu.create(
        "installation_project",
        {
            "professional_id": hoarau,
            "commune_code": "97424",
            "localite": "Îlet à Cordes",
            "first_contact_date": "05/09/2025",
            "planned_installation_date": "01/06/2026",
            "practice_mode": "msp",
            "next_action": "=Appeler la mairie",  # a formula for Excel if left as it is
            "notes": "Conjoint ; cherche un emploi",
        },
    )
    reu.create(
        "installation_project",
        {
            "professional_id": payet,
            "commune_code": "97411",
            "first_contact_date": "02/02/2026",
            "status": "en_accompagnement",
        },
    )
    reu.create(
        "aid_contract",
        {
            "professional_id": payet,
            "kind": "cesp",
            "start_date": "01/09/2019",
            "practice_start_date": "01/09/2025",
            "months_paid": 30,
            "monthly_amount_cents": "1 150,50",
        },
    )
    zone = reu.create("priority_zone", {"epci_siren": "249740077"}, ars_code="REU")
    reu.create(
        "solidarity_mission",
        {
            "priority_zone_id": zone,
            "professional_id": payet,
            "days": 2,
            "status": "realisee",
            "start_date": "10/02/2026",
            "end_date": "11/02/2026",
        },
    )
    may = store_for(db, "MAY")
    mayotte = may.create("professional", {"last_name": "Ahamada", "first_name": "Nadjma"})
    may.create(
        "installation_project",
        {"professional_id": mayotte, "commune_code": "97611", "first_contact_date": "03/03/2025"},
    )
    return {"hoarau": hoarau, "payet": payet, "project": project}


def read_export(path: Path) -> list[list[str]]:
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8 right
    return list(csv.reader(io.StringIO(raw[3:].decode("utf-8"), newline=""), delimiter=";"))


def as_dicts(rows: list[list[str]]) -> list[dict[str, str]]:
    return [dict(zip(rows[0], row, strict=True)) for row in rows[1:]]


def test_excel_fr_format(database: Database, tmp_path: Path) -> None:
    fill(database)
    path = tmp_path / "installations.csv"
    result = export_records(database.engine, "installations", path, ars_code="REU")
    assert result.rows == 2
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf") and b"\r\n" in raw
    rows = as_dicts(read_export(path))
    first = next(row for row in rows if row["Code commune"] == "97424")
    assert first["Date du premier contact"] == "05/09/2025"
    assert first["Commune"] == "Cilaos" and first["Localité"] == "Îlet à Cordes"
    assert first["Mode d'exercice"] == "MSP" and first["Statut"] == "Premier contact"
    assert first["Notes"] == "Conjoint ; cherche un emploi"  # quoted, not split
    assert first["Prochaine action"] == "'=Appeler la mairie"  # no formula for Excel
    contracts = as_dicts(read_export(_export(database, tmp_path, "contrats")))
    assert contracts[0]["Montant mensuel (€)"] == "1150,50"
    # CESP: start of practice + 30 months (issue 12), the allowance's start apart.
    assert contracts[0]["Date de fin"] == contracts[0]["Fin (calculée)"] == "01/03/2028"
    assert contracts[0]["Début d'exercice dans le lieu choisi"] == "01/09/2025"
    assert contracts[0]["Date de début"] == "01/09/2019"
    missions = as_dicts(read_export(_export(database, tmp_path, "missions")))
    # 2 days x 200 €, not yet paid (2 days a month at most: issue 12, docs/DOMAIN.md).
    assert missions[0]["Indemnité due (€)"] == "400,00"
    assert missions[0]["SIREN de l'EPCI"] == "249740077"


def _export(db: Database, tmp_path: Path, kind: str, ars: str = "REU") -> Path:
    path = tmp_path / f"{kind}.csv"
    export_records(db.engine, kind, path, ars_code=ars)
    return path


def test_no_other_ars_and_no_contact_details_outside_professionnels(
    database: Database, tmp_path: Path
) -> None:
    fill(database)
    for kind in EXPORT_KINDS:
        content = _export(database, tmp_path, kind).read_text(encoding="utf-8-sig")
        assert "Ahamada" not in content and "97611" not in content, kind  # Mayotte's
        if kind != "professionnels":
            assert PHONE not in content and EMAIL not in content, kind
            assert make_rpps("1000123456") not in content, kind
    installations = read_export(_export(database, tmp_path, "installations"))
    assert not {"Téléphone", "Courriel", "RPPS"} & set(installations[0])
    assert {"Nom", "Prénom"} <= set(installations[0])
    professionals = _export(database, tmp_path, "professionnels").read_text(encoding="utf-8-sig")
    assert PHONE in professionals and EMAIL in professionals
    mayotte = as_dicts(read_export(_export(database, tmp_path, "professionnels", ars="MAY")))
    assert [row["Nom"] for row in mayotte] == ["Ahamada"]


def test_export_needs_a_known_ars(database: Database, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="--ars"):
        export_records(database.engine, "msp", tmp_path / "x.csv", ars_code=None)
    with pytest.raises(ExportError, match="ZZZ"):
        export_records(database.engine, "msp", tmp_path / "x.csv", ars_code="ZZZ")
    assert not (tmp_path / "x.csv").exists()


def test_pages_tile_without_overlap(database: Database, tmp_path: Path) -> None:
    reu = store_for(database, "REU")
    for index in range(11):
        reu.create("professional", {"last_name": f"Nom{index:02d}", "first_name": "X"})
    path = tmp_path / "p.csv"
    export_records(database.engine, "professionnels", path, ars_code="REU", page_size=3)
    rows = as_dicts(read_export(path))
    assert sorted(row["Nom"] for row in rows) == [f"Nom{index:02d}" for index in range(11)]
    assert len({row["Identifiant"] for row in rows}) == 11


def test_every_kind_exports(database: Database, tmp_path: Path) -> None:
    fill(database)
    sizes = {kind: len(read_export(_export(database, tmp_path, kind))) - 1 for kind in EXPORT_KINDS}
    assert sizes == {
        "installations": 2,
        "professionnels": 2,
        "msp": 0,
        "mcs": 0,
        "couverture": 0,
        "contrats": 1,
        "missions": 1,
        "zonage": 0,
    }


# --- Round trips ----------------------------------------------------------------------------


def _without_ids(path: Path) -> list[list[str]]:
    rows = read_export(path)
    drop = {i for i, name in enumerate(rows[0]) if name.startswith("Identifiant")}
    return sorted([cell for i, cell in enumerate(row) if i not in drop] for row in rows)


def test_round_trip_into_another_database(
    database: Database, other_database: Database, tmp_path: Path
) -> None:
    fill(database)
    for kind in ("professionnels", "installations"):
        exported = _export(database, tmp_path, kind)
        result = import_file(other_database.engine, kind, exported, user="t", ars_code="REU")
        assert result.total("created") == 2, kind
        again = tmp_path / f"again-{kind}.csv"
        export_records(other_database.engine, kind, again, ars_code="REU")
        assert _without_ids(again) == _without_ids(exported), kind


def test_round_trip_into_the_same_database_changes_nothing(
    database: Database, tmp_path: Path
) -> None:
    fill(database)
    with database.engine.connect() as connection:
        ops_before = connection.execute(text("SELECT COUNT(*) FROM outbox_op")).scalar_one()
    for kind in ("professionnels", "installations"):
        result = import_file(
            database.engine, kind, _export(database, tmp_path, kind), user="t", ars_code="REU"
        )
        assert result.total("unchanged") == 2 and result.total("created") == 0, kind
    with database.engine.connect() as connection:
        ops_after = connection.execute(text("SELECT COUNT(*) FROM outbox_op")).scalar_one()
    assert ops_after == ops_before


def test_an_edited_export_updates_its_records(database: Database, tmp_path: Path) -> None:
    ids = fill(database)
    path = _export(database, tmp_path, "installations")
    content = path.read_text(encoding="utf-8-sig")
    # Excel FR saves as Windows-1252 by default: the edited file comes back in it.
    edited = content.replace("Premier contact", "En accompagnement").replace(
        "Conjoint ; cherche un emploi", "Conjointe trouvée"
    )
    path.write_bytes(edited.encode("cp1252"))
    result = import_file(database.engine, "installations", path, user="t", ars_code="REU")
    assert result.counts["installation_project"] == {"created": 0, "updated": 1, "unchanged": 1}
    record = store_for(database, "REU").get("installation_project", ids["project"])
    assert record["status"] == "en_accompagnement" and record["notes"] == "Conjointe trouvée"
    assert record["next_action"] == "=Appeler la mairie"  # the guard apostrophe is read back
    assert record["first_contact_date"] == date(2025, 9, 5)


def test_an_illegal_status_change_is_refused(database: Database, tmp_path: Path) -> None:
    fill(database)
    path = _export(database, tmp_path, "installations")
    edited = path.read_text(encoding="utf-8-sig").replace("Premier contact", "Installé(e)")
    path.write_text(edited, encoding="utf-8-sig")
    with pytest.raises(ImportRefused) as caught:
        import_file(database.engine, "installations", path, user="t", ars_code="REU")
    assert "ligne" in str(caught.value) and "Premier contact" in str(caught.value)


#: Text a person may type that a spreadsheet would run (OWASP "CSV injection").
INJECTIONS = {
    "notes": "-2+3+cmd|' /C calc'!A0",
    "localite": "@SOMME(A1:A9)",
    "referent": "+33 6 12 34 56 78",
    "aids_requested": '=HYPERLINK("http://x.example";"aide")',
}


def test_every_export_guards_formula_text_and_a_round_trip_keeps_it(
    database: Database, other_database: Database, tmp_path: Path
) -> None:
    ids = fill(database)
    reu = store_for(database, "REU")
    reu.update("installation_project", ids["project"], dict(INJECTIONS))
    reu.update("professional", ids["payet"], {"specialty": "-1"})

    rows = as_dicts(read_export(_export(database, tmp_path, "installations")))
    project = next(row for row in rows if row["Code commune"] == "97424")
    for field, value in INJECTIONS.items():
        column = next(c for c in project if header_of(field) == c)
        assert project[column] == "'" + value, field
    assert project["Date du premier contact"] == "05/09/2025"  # dates: not text, as they are
    pros = as_dicts(read_export(_export(database, tmp_path, "professionnels")))
    assert next(p for p in pros if p["Nom"] == "Payet")["Spécialité"] == "'-1"  # text column

    # Every export: no text cell starts like a formula without the guard.
    for kind in EXPORT_KINDS:
        exported = read_export(_export(database, tmp_path, kind))
        for row in exported[1:]:
            for cell in row:
                assert cell[:1] not in ("=", "+", "@", "\t", "\r"), (kind, cell)

    # Our import takes the guard off: the values come back as they were typed.
    for kind in ("professionnels", "installations"):
        import_file(other_database.engine, kind, tmp_path / f"{kind}.csv", user="t", ars_code="REU")
    with other_database.engine.connect() as connection:
        copied = (
            connection.execute(
                text("SELECT * FROM installation_project WHERE commune_code = '97424'")
            )
            .one()
            ._mapping
        )
        specialty = connection.execute(
            text("SELECT specialty FROM professional WHERE last_name = 'Payet'")
        ).scalar_one()
    assert {field: copied[field] for field in INJECTIONS} == INJECTIONS
    assert specialty == "-1"


def header_of(field: str) -> str:
    from storage.exchange.export_format import header

    return header(field)
