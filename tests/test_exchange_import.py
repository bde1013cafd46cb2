"""``import KIND FILE``: zonage, zones prioritaires, FINESS, professionals; atomic and dry run."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from storage import rules
from storage.db import Database
from storage.exchange.imports import ImportRefused, describe_import, import_file
from storage.identifiers import make_finess, make_rpps
from storage.store import Store

TODAY = date(2026, 3, 2)
TABLES = (
    "zoning_order",
    "zoning_entry",
    "priority_zone",
    "msp_project",
    "msp_site",
    "professional",
    "installation_project",
    "outbox_op",
    "history_entry",
)


def write(tmp_path: Path, text_: str, *, name: str = "in.csv", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text_.encode(encoding))
    return path


def counts(db: Database) -> dict[str, int]:
    with db.engine.connect() as connection:
        return {
            table: connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
            for table in TABLES
        }


def run(db: Database, kind: str, path: Path, **options):
    options.setdefault("ars_code", "REU")
    return import_file(db.engine, kind, path, user="c.payet", today=TODAY, **options)


def refused(db: Database, kind: str, path: Path, **options) -> list[str]:
    """The refusal's lines (``str`` of each error), checking that nothing was written."""
    before = counts(db)
    with pytest.raises(ImportRefused) as caught:
        run(db, kind, path, **options)
    assert counts(db) == before
    return [str(error) for error in caught.value.errors]


# --- zonage ---------------------------------------------------------------------------------

ZONAGE = """\
N° d'arrêté;Date d'effet;Date de fin;Code commune;Code TVS;Nom du TVS;Classe
ARS-OI-2018-7;01/03/2018;31/12/2019;97424;TS1;Cilaos;ZAC
ARS-REU-2020-1;01/01/2020;30/06/2025;97424;TS1;Cilaos;ZIP
ARS-REU-2020-1;01/01/2020;30/06/2025;97416;TS1;Cilaos;ZAC
ARS-REU-2020-1;01/01/2020;30/06/2025;97411;TN1;Saint-Denis;HZ
ARS-REU-2025-54;01/07/2025;;;TS1;;ZIP
ARS-REU-2025-54;01/07/2025;;97411;TN1;Saint-Denis;ZV
"""


def zoning_on(db: Database, commune: str, day: date) -> str | None:
    with db.engine.connect() as connection:
        return rules.zoning_class_on(connection, commune, day)


def test_zonage_history_stays_queryable_by_date(database: Database, tmp_path: Path) -> None:
    result = run(database, "zonage", write(tmp_path, ZONAGE))
    assert result.counts["zoning_order"]["created"] == 3
    # 1 + 3 entries, then the TVS line gives both communes of TS1, and Saint-Denis.
    assert result.counts["zoning_entry"]["created"] == 7
    assert zoning_on(database, "97424", date(2018, 6, 1)) == "ZAC"  # ARS Océan Indien's arrêté
    assert zoning_on(database, "97424", date(2022, 1, 1)) == "ZIP"
    assert zoning_on(database, "97416", date(2022, 1, 1)) == "ZAC"
    assert zoning_on(database, "97416", date(2025, 7, 1)) == "ZIP"  # through its TVS
    assert zoning_on(database, "97411", date(2025, 6, 30)) == "HZ"
    assert zoning_on(database, "97411", date(2026, 1, 1)) == "ZV"
    assert zoning_on(database, "97401", date(2026, 1, 1)) == "HZ"  # not listed
    with database.engine.connect() as connection:
        ars = dict(connection.execute(text("SELECT number, ars_code FROM zoning_order")).all())
        ops = connection.execute(text("SELECT COUNT(*) FROM outbox_op")).scalar_one()
        history = connection.execute(
            text("SELECT COUNT(DISTINCT op_id) FROM history_entry")
        ).scalar_one()
    assert ars == {"ARS-OI-2018-7": "OI", "ARS-REU-2020-1": "REU", "ARS-REU-2025-54": "REU"}
    assert ops == 3 + 7  # one outbox op per record, as if typed (its synced history: the server)
    assert history == ops  # and its history


def test_zonage_reimport_changes_nothing_and_an_edit_updates(
    database: Database, tmp_path: Path
) -> None:
    run(database, "zonage", write(tmp_path, ZONAGE))
    before = counts(database)
    again = run(database, "zonage", write(tmp_path, ZONAGE))
    assert again.total("created") == again.total("updated") == 0
    assert again.total("unchanged") == 10
    assert counts(database) == before
    edited = run(
        database,
        "zonage",
        write(tmp_path, ZONAGE.replace("97411;TN1;Saint-Denis;ZV", "97411;TN1;Saint-Denis;ZIP")),
    )
    assert edited.counts["zoning_entry"]["updated"] == 1
    assert zoning_on(database, "97411", date(2026, 1, 1)) == "ZIP"


def test_zonage_refuses_every_bad_line_and_writes_nothing(
    database: Database, tmp_path: Path
) -> None:
    bad = (
        "N° d'arrêté;Date d'effet;Date de fin;Code commune;Classe\n"
        "A-1;01/01/2024;;97424;ZIP\n"  # 2: fine
        "A-1;01/01/2024;;99999;ZIP\n"  # 3: unknown commune
        "A-1;31/02/2024;;97416;ZIP\n"  # 4: bad date
        "A-1;01/01/2024;;97411;ZZZ\n"  # 5: unknown class
        "A-1;01/01/2024;;97424;ZIP\n"  # 6: same line as 2
        "A-1;01/01/2024;;97424;ZAC\n"  # 7: same arrêté and commune as 2
        "A-1;01/01/2024;;01001;ZIP\n"  # 8: another ARS's commune
    )
    lines = refused(database, "zonage", write(tmp_path, bad))
    assert [line.split(" : ")[0] for line in lines] == [f"ligne {n}" for n in (3, 4, 5, 6, 7, 8)]
    assert "99999" in lines[0] and "commune" in lines[0].lower()
    assert "date" in lines[1]
    assert "ZZZ" in lines[2]
    assert "ligne en double" in lines[3] and "ligne 2" in lines[3]
    assert "ligne en double" in lines[4]
    assert "01001" in lines[5] and "REU" in lines[5]


def test_zonage_missing_column_and_unknown_tvs(database: Database, tmp_path: Path) -> None:
    lines = refused(
        database,
        "zonage",
        write(tmp_path, "Code commune;Date d'effet;Classe\n97424;01/01/2024;ZIP\n"),
    )
    assert lines == ["ligne 1 : colonne manquante : « N° d'arrêté »."]
    lines = refused(
        database,
        "zonage",
        write(tmp_path, "Arrêté;Date d'effet;TVS;Classe\nX;01/01/2024;NOPE;ZIP\n"),
    )
    assert len(lines) == 1 and "NOPE" in lines[0] and lines[0].startswith("ligne 2 :")


def test_zonage_comma_separated_and_other_headers(database: Database, tmp_path: Path) -> None:
    csv = "numero de l'arrete,DATE EFFET,fin,CODGEO,zonage\nB-2,2024-01-01,2026-12-31,97411,zac\n"
    result = run(database, "zonage", write(tmp_path, csv))
    assert result.separator == "," and result.counts["zoning_entry"]["created"] == 1
    assert zoning_on(database, "97411", date(2025, 1, 1)) == "ZAC"


# --- zones prioritaires ---------------------------------------------------------------------


def test_priority_zones_keep_this_ars_and_refuse_bad_sirens(
    database: Database, tmp_path: Path
) -> None:
    good = (
        "SIREN;Nom\n"
        "249740077;CA CIVIS\n"
        "249 740 093;CIREST\n"
        "200046977;Métropole de Lyon\n"  # another ARS: left out, counted
    )
    result = run(database, "zones-prioritaires", write(tmp_path, good))
    assert result.counts["priority_zone"]["created"] == 2
    assert result.ignored == 1
    with database.engine.connect() as connection:
        rows = connection.execute(
            text("SELECT epci_siren, year, ars_code, population FROM priority_zone ORDER BY 1")
        ).all()
    assert [(siren, year, ars) for siren, year, ars, _ in rows] == [
        ("249740077", 2025, "REU"),
        ("249740093", 2025, "REU"),
    ]
    assert rows[0][3] > 100_000  # the EPCI's population from the reference data

    bad = (
        "SIREN;Nom\n249740078;clé fausse\n12345;trop court\n123456782;inconnu\n"
        "249740077;x\n249740077;y\n"
    )
    lines = refused(database, "zones-prioritaires", write(tmp_path, bad))
    assert [line.split(" : ")[0] for line in lines] == ["ligne 2", "ligne 3", "ligne 4", "ligne 6"]
    assert "clé de contrôle" in lines[0]
    assert "9 chiffres" in lines[1]
    assert "aucun EPCI" in lines[2]
    assert "ligne en double" in lines[3]


# --- msp-finess -----------------------------------------------------------------------------


def test_msp_finess_creates_updates_and_keeps_category_603(
    database: Database, tmp_path: Path
) -> None:
    store = Store(database.engine, user="c.payet", ars_code="REU")
    existing = store.create("msp_project", {"name": "Maison de santé de Cilaos"})
    store.create("msp_site", {"msp_id": existing, "commune_code": "97424"})
    finess_new, finess_cilaos, finess_other = (
        make_finess("97400001"),
        make_finess("97400002"),
        make_finess("97400003"),
    )
    extraction = (
        "nofinesset;rs;categetab;departement;commune;dateouv\n"
        f"{finess_new};MSP DU PORT;603;9D;407;2023-05-02\n"
        f"{finess_cilaos};MAISON DE SANTE DE CILAOS;603;9D;424;2021-09-01\n"
        f"{finess_other};PHARMACIE DU PORT;620;9D;407;2001-01-01\n"
    )
    result = run(database, "msp-finess", write(tmp_path, extraction))
    assert result.counts["msp_project"] == {"created": 1, "updated": 1, "unchanged": 0}
    assert result.counts["msp_site"] == {"created": 1, "updated": 1, "unchanged": 0}
    assert result.ignored == 1  # the pharmacy
    with database.engine.connect() as connection:
        sites = dict(connection.execute(text("SELECT finess, commune_code FROM msp_site")).all())
        opening = connection.execute(
            text("SELECT opening_date FROM msp_project WHERE id = :id"), {"id": existing}
        ).scalar_one()
    assert sites == {finess_new: "97407", finess_cilaos: "97424"}
    assert opening == "2021-09-01"
    # Again: matched by FINESS now, nothing changes.
    again = run(database, "msp-finess", write(tmp_path, extraction))
    assert again.total("created") == again.total("updated") == 0


def test_msp_finess_bad_number_is_refused(database: Database, tmp_path: Path) -> None:
    extraction = "N° FINESS;Raison sociale;Catégorie;Code commune\n974000019;MSP;603;97407\n"
    lines = refused(database, "msp-finess", write(tmp_path, extraction))
    assert len(lines) == 1 and lines[0].startswith("ligne 2 :") and "clé" in lines[0]


# --- professionnels -------------------------------------------------------------------------


def test_professionals_atomic_refusal_lists_every_bad_line(
    database: Database, tmp_path: Path
) -> None:
    rpps = make_rpps("1000123456")
    bad = (
        "Nom;Prénom;RPPS;Profession;Situation;Téléphone;Courriel\n"
        f"Hoarau;Élodie;{rpps};Médecin;Remplaçant(e);0692 12 34 56;e.hoarau@example.fr\n"
        "Payet;Jean;10001234560;Médecin;Interne;;\n"  # bad RPPS key
        f"Grondin;Marie;{rpps};Médecin;Interne;;\n"  # same RPPS as line 2
        "Técher;Luc;;Plombier;Interne;;\n"  # unknown profession
        "Robert;Ana;;Médecin;Interne;12;pas-un-courriel\n"  # bad phone and email
    )
    lines = refused(database, "professionnels", write(tmp_path, bad))
    assert [line.split(" : ")[0] for line in lines] == [
        "ligne 3",
        "ligne 4",
        "ligne 5",
        "ligne 6",
        "ligne 6",
    ]
    # Personal data never in a message.
    assert not any(rpps in line or "10001234560" in line or "Payet" in line for line in lines)


def test_dry_run_reports_and_writes_nothing(database: Database, tmp_path: Path) -> None:
    csv = "Nom;Prénom;RPPS\nHoarau;Élodie;10001234565\nPayet;Jean;\n"
    before = counts(database)
    result = run(database, "professionnels", write(tmp_path, csv), dry_run=True)
    assert result.dry_run and result.counts["professional"]["created"] == 2
    assert counts(database) == before
    assert "rien n'a été écrit" in describe_import(result, "x.csv")
    assert "2 créée(s)" in describe_import(result, "x.csv")


def test_windows_1252_file_with_accents_reads_right(database: Database, tmp_path: Path) -> None:
    csv = "Nom;Prénom;Spécialité\nLégère;Zoé;Médecine générale\nCœur;Anaïs;Pédiatrie\n"
    result = run(database, "professionnels", write(tmp_path, csv, encoding="cp1252"))
    assert result.encoding == "Windows-1252"
    with database.engine.connect() as connection:
        names = connection.execute(
            text("SELECT last_name, first_name, specialty FROM professional ORDER BY 1")
        ).all()
    assert [tuple(row) for row in names] == [
        ("Cœur", "Anaïs", "Pédiatrie"),
        ("Légère", "Zoé", "Médecine générale"),
    ]


def test_file_level_refusals(database: Database, tmp_path: Path) -> None:
    utf16 = write(tmp_path, "Nom;Prénom\nA;B\n", encoding="utf-16")
    assert "UTF-16" in refused(database, "professionnels", utf16)[0]
    tabs = write(tmp_path, "Nom\tPrénom\nA\tB\n")
    assert "tabulation" in refused(database, "professionnels", tabs)[0]
    empty = write(tmp_path, "")
    assert "vide" in refused(database, "professionnels", empty)[0]
    with pytest.raises(ImportRefused) as caught:
        run(database, "professionnels", tmp_path / "absent.csv")
    assert "Impossible de lire" in str(caught.value)


def test_professionals_need_an_ars(database: Database, tmp_path: Path) -> None:
    csv = write(tmp_path, "Nom;Prénom\nA;B\n")
    with pytest.raises(ImportRefused) as caught:
        import_file(database.engine, "professionnels", csv, user="x", ars_code=None)
    assert "--ars" in str(caught.value)


def test_import_writes_history_and_outbox_like_the_tui(database: Database, tmp_path: Path) -> None:
    run(database, "professionnels", write(tmp_path, "Nom;Prénom\nHoarau;Élodie\n"))
    with database.engine.connect() as connection:
        [op] = connection.execute(
            text("SELECT op_id, entity, entity_id, kind, user, state FROM outbox_op ORDER BY seq")
        ).all()
    assert (op.entity, op.kind, op.user, op.state) == (
        "professional",
        "create",
        "c.payet",
        "pending",
    )
    history = Store(database.engine, user="c.payet").history("professional", op.entity_id)
    assert {(c.field, c.old_value, c.new_value) for c in history} >= {
        ("last_name", None, '"Hoarau"'),
        ("first_name", None, '"Élodie"'),
    }
    assert {(c.op_id, c.user) for c in history} == {(op.op_id, "c.payet")}  # under its op


def test_a_refused_record_in_a_batch_does_not_leave_half_writes(
    database: Database, tmp_path: Path
) -> None:
    """The Store's batch: a savepoint per edit, one transaction for all, rolled back whole."""
    store = Store(
        database.engine,
        user="t",
        ars_code="REU",
        clock=lambda: datetime(2026, 3, 2, tzinfo=UTC),
    )
    before = counts(database)
    with pytest.raises(RuntimeError), store.batch():
        store.create("professional", {"last_name": "A", "first_name": "B"})
        with pytest.raises(ValueError):
            store.create("professional", {"last_name": "", "first_name": "C"})
        raise RuntimeError("roll the whole batch back")
    assert counts(database) == before
