"""The official files as published: the FINESS stock file and the Annuaire Santé activity file.

The samples in tests/data are copies of the public layouts of the FINESS and Annuaire Santé
files (never read at run time).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import Database
from storage.exchange.annuaire import create_detected_project, latest_changes
from storage.exchange.csv_io import FINESS_STRUCTUREET_FIELDS
from storage.exchange.imports import ImportRefused, describe_import, import_file
from storage.records.identifiers import check_finess, make_finess, make_rpps
from storage.records.store import Store
from tests.support import sql
from tests.support.official_files import ANNUAIRE, FINESS, second_annuaire

TODAY = date(2026, 6, 1)


def run(db: Database, kind: str, path: Path, ars: str, **options):
    return import_file(db.engine, kind, path, user="c.payet", ars_code=ars, today=TODAY, **options)


def _with_a_typo(source: Path, right: str, wrong: str, copy: Path) -> Path:
    """``source`` copied to ``copy`` with ``right`` replaced by ``wrong`` everywhere."""
    copy.write_text(source.read_text(encoding="utf-8").replace(right, wrong), encoding="utf-8")
    return copy


def _refused_lines(db: Database, kind: str, path: Path) -> list[int]:
    """The lines named by the refusal of importing ``path`` (fails if it is not refused)."""
    with pytest.raises(ImportRefused) as caught:
        run(db, kind, path, "REU")
    return [error.line for error in caught.value.errors]


def msp_sites(db: Database) -> dict[str, list[tuple[str, str, bool]]]:
    """MSP name -> its sites (FINESS, commune, main), as stored."""
    found: dict[str, list[tuple[str, str, bool]]] = {}
    for name, kind, finess, commune, main in sql.rows(
        db,
        "SELECT p.name, p.kind, s.finess, s.commune_code, s.is_main_site FROM msp_site s"
        " JOIN msp_project p ON p.id = s.msp_id ORDER BY s.finess",
    ):
        found.setdefault(f"{kind}:{name}", []).append((finess, commune, bool(main)))
    return found


def cpts(db: Database) -> list[tuple[str, str, str]]:
    with db.engine.connect() as connection:
        return [
            tuple(row)
            for row in connection.execute(
                text("SELECT name, finess, commune_code FROM cpts ORDER BY name")
            )
        ]


# --- FINESS ----------------------------------------------------------------------------------


def test_mayotte_finess_numbers_start_with_98_and_are_accepted() -> None:
    assert check_finess("980501506") == "980501506"
    assert check_finess("980 599 922") == "980599922"


def test_finess_sample_for_la_reunion_makes_cilaos_with_two_sites(database: Database) -> None:
    result = run(database, "finess", FINESS, "REU")
    assert msp_sites(database) == {
        "msp:MSP DE CILAOS": [("970499901", "97424", True), ("970499919", "97424", False)]
    }
    assert cpts(database) == []
    assert result.counts["msp_project"]["created"] == 1
    assert result.counts["msp_site"]["created"] == 2


def test_finess_sample_for_mayotte_makes_the_south_msp_and_the_cpts(database: Database) -> None:
    run(database, "finess", FINESS, "MAY")
    assert msp_sites(database) == {
        "msp:MSP DU SUD MAYOTTE": [("980599906", "97606", True), ("980599914", "97604", False)]
    }
    assert cpts(database) == [("CPTS GRAND SUD MAYOTTE", "980599930", "97606")]


def test_msp_finess_alias_latin1_and_no_geolocation_read_the_same(
    database: Database, tmp_path: Path
) -> None:
    lines = FINESS.read_text(encoding="utf-8").splitlines()
    plain = [line for line in lines if not line.startswith("geolocalisation;")]
    latin1 = tmp_path / "etalab-cs1100502-stock.csv"
    latin1.write_bytes("\r\n".join(plain).encode("latin-1"))
    run(database, "msp-finess", latin1, "REU")
    assert list(msp_sites(database)) == ["msp:MSP DE CILAOS"]


def test_finess_reimport_changes_nothing(database: Database) -> None:
    run(database, "finess", FINESS, "MAY")
    with database.engine.connect() as connection:
        ops = connection.execute(text("SELECT COUNT(*) FROM outbox_op")).scalar_one()
    again = run(database, "finess", FINESS, "MAY")
    assert again.total("created") == again.total("updated") == 0
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM outbox_op")).scalar_one() == ops


def test_centre_de_sante_is_kept_as_such(database: Database, tmp_path: Path) -> None:
    site, legal = make_finess("97049993"), make_finess("97049994")
    fields = dict.fromkeys(FINESS_STRUCTUREET_FIELDS, "")
    fields.update(
        nofinesset=site, nofinessej=legal, rs="CENTRE DE SANTE DU PORT", commune="407",
        departement="9D", categetab="124", dateouv="2020-01-01",
    )  # fmt: skip
    path = tmp_path / "cs.csv"
    line = ";".join(["structureet", *fields.values(), ""])
    path.write_text(f"finess;etalab;111;2026-05-12\n{line}\n", encoding="utf-8")
    run(database, "finess", path, "REU")
    assert msp_sites(database) == {"centre_sante:CENTRE DE SANTE DU PORT": [(site, "97407", True)]}


def _make_msp(database: Database, name: str, commune: str) -> str:
    store = Store(database.engine, user="c.payet", ars_code="REU")
    msp = store.create("msp_project", {"name": name, "status": "ouverte"})
    store.create("msp_site", {"msp_id": msp, "commune_code": commune, "is_main_site": True})
    return msp


def test_finess_matches_an_msp_by_name_whatever_accents_and_word_order(
    database: Database,
) -> None:
    msp = _make_msp(database, "Cilaos (MSP de)", "97424")
    result = run(database, "finess", FINESS, "REU")
    with database.engine.connect() as connection:
        projects = connection.execute(text("SELECT id FROM msp_project")).scalars().all()
        finess = connection.execute(
            text("SELECT finess FROM msp_site WHERE msp_id = :m ORDER BY finess"), {"m": msp}
        ).scalars()
        assert projects == [msp]
        assert list(finess) == ["970499901", "970499919"]
    assert result.counts["msp_project"]["created"] == 0


def test_finess_ambiguous_name_is_listed_not_guessed(database: Database) -> None:
    _make_msp(database, "MSP de Cilaos", "97424")
    _make_msp(database, "Maison de santé de CILAOS", "97424")
    result = run(database, "finess", FINESS, "REU")
    assert result.counts.get("msp_project", {}).get("created", 0) == 0
    with database.engine.connect() as connection:
        assert (
            connection.execute(
                text("SELECT COUNT(*) FROM msp_site WHERE finess IS NOT NULL")
            ).scalar_one()
            == 0
        )
    assert len(result.ambiguous) == 1
    summary = describe_import(result, FINESS)
    assert "970499927" in summary


def test_finess_bad_key_in_stock_file_is_refused(database: Database, tmp_path: Path) -> None:
    bad = _with_a_typo(FINESS, "970499919", "970499918", tmp_path / "bad.csv")
    assert _refused_lines(database, "finess", bad) == [11]
    assert msp_sites(database) == {}


# --- Annuaire Santé --------------------------------------------------------------------------


def professionals(db: Database) -> dict[str, tuple]:
    """RPPS -> (name, profession, specialty, situation, places), as stored."""
    rows = sql.rows(
        db,
        "SELECT rpps, last_name, profession, specialty, situation, practice_places"
        " FROM professional WHERE deleted = 0",
    )
    return {row[0]: tuple(row[1:]) for row in rows}


def test_annuaire_keeps_the_ars_professionals_one_per_rpps(database: Database) -> None:
    result = run(database, "annuaire", ANNUAIRE, "REU")
    found = professionals(database)
    assert sorted(found) == [
        "10009900019",
        "10009900027",
        "10009900035",
        "10009900043",
        "10009900100",
    ]
    name, profession, specialty, situation, places = found["10009900027"]
    assert (name, profession, specialty, situation) == (
        "PAYET",
        "medecin",
        "Médecine Générale",
        "installe_liberal",
    )
    assert places.splitlines() == [
        "97408 La Possession · Libéral · CABINET MEDICAL",
        "97415 Saint-Paul · Libéral · MSP DE MAFATE",
    ]
    assert found["10009900043"][3] == "salarie"
    assert result.lines == 12
    assert result.counts["professional"]["created"] == 5


def test_annuaire_for_mayotte(database: Database) -> None:
    run(database, "annuaire", ANNUAIRE, "MAY")
    found = professionals(database)
    assert sorted(found) == [
        "10009900050",
        "10009900068",
        "10009900076",
        "10009900084",
        "10009900118",
    ]
    assert found["10009900076"][1] == "infirmier"
    assert found["10009900084"][1] == "chirurgien_dentiste"
    assert found["10009900118"][1] == "sage_femme"


def test_second_annuaire_lists_exactly_the_arrival_and_the_departure(
    database: Database, tmp_path: Path
) -> None:
    zonage = tmp_path / "zonage.csv"
    zonage.write_text(
        "N° d'arrêté;Date d'effet;Code commune;Classe\nARS-REU-2020-1;01/01/2020;97424;ZIP\n",
        encoding="utf-8",
    )
    run(database, "zonage", zonage, "REU")
    first = run(database, "annuaire", ANNUAIRE, "REU")
    assert first.detected == []  # the first import is the reference
    path, newcomer = second_annuaire(tmp_path)
    second = import_file(
        database.engine,
        "annuaire",
        path,
        user="c.payet",
        ars_code="REU",
        today=date(2026, 7, 1),
    )
    found = {
        (change.kind, change.rpps, change.commune_code, change.previous_commune)
        for change in second.detected
    }
    assert found == {
        ("arrivee", newcomer, "97424", None),
        ("depart", "10009900035", None, "97410"),
    }
    arrival = next(change for change in second.detected if change.kind == "arrivee")
    assert (arrival.commune_name, arrival.zoning_class) == ("Cilaos", "ZIP")
    summary = describe_import(second, path)
    assert "Installations détectées" in summary and "NOUVEAU" in summary
    # The same file again: nothing new.
    third = import_file(
        database.engine, "annuaire", path, user="c.payet", ars_code="REU", today=date(2026, 7, 2)
    )
    assert third.detected == []
    assert third.total("created") == third.total("updated") == 0


def test_a_detected_installation_becomes_a_project_in_one_call(
    database: Database, tmp_path: Path
) -> None:
    run(database, "annuaire", ANNUAIRE, "REU")
    path, _ = second_annuaire(tmp_path)
    import_file(
        database.engine, "annuaire", path, user="c.payet", ars_code="REU", today=date(2026, 7, 1)
    )
    changes = latest_changes(database.engine, "REU")
    arrival = next(change for change in changes if change.kind == "arrivee")
    project_id = create_detected_project(database.engine, arrival.id, user="c.payet")
    store = Store(database.engine, user="c.payet", ars_code="REU")
    project = store.get("installation_project", project_id)
    assert project["status"] == "installe"
    assert project["installation_date"] == project["first_contact_date"] == date(2026, 7, 1)
    assert project["commune_code"] == "97424"
    assert "détectée par l'annuaire" in project["notes"]
    again = next(c for c in latest_changes(database.engine, "REU") if c.kind == "arrivee")
    assert again.project_id == project_id


def test_annuaire_bad_rpps_key_is_refused_and_nothing_written(
    database: Database, tmp_path: Path
) -> None:
    bad = _with_a_typo(ANNUAIRE, "|10009900019|", "|10009900018|", tmp_path / "bad.txt")
    assert _refused_lines(database, "annuaire", bad) == [2]
    assert professionals(database) == {}


# --- progress and interruption ---------------------------------------------------------------


def _table_counts(db: Database) -> tuple[int, ...]:
    with db.engine.connect() as connection:
        return tuple(
            connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one()
            for table in ("professional", "outbox_op", "history_entry", "annuaire_import")
        )


def _professionals_csv(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "professionnels.csv"
    lines = ["Nom;Prénom;RPPS"]
    lines += [f"Nom{i};Prénom;{make_rpps(f'{3_000_000_000 + i:010d}')}" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_progress_is_reported_up_to_the_end(database: Database, tmp_path: Path) -> None:
    seen: list[tuple[int, int]] = []
    path = _professionals_csv(tmp_path, 2_500)
    run(database, "professionnels", path, "REU", progress=lambda d, t: seen.append((d, t)))
    assert seen[-1] == (2_500, 2_500)
    assert [done for done, _ in seen] == sorted(done for done, _ in seen)
    assert len(seen) >= 3


@pytest.mark.parametrize("kind", ["professionnels", "annuaire"])
def test_ctrl_c_in_the_middle_writes_nothing(database: Database, tmp_path: Path, kind) -> None:
    path = _professionals_csv(tmp_path, 2_500) if kind == "professionnels" else ANNUAIRE
    before = _table_counts(database)

    def interrupt(done: int, total: int) -> None:
        # professionnels: after a first chunk was written in the transaction.
        if done >= (2_000 if kind == "professionnels" else 1):
            raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run(database, kind, path, "REU", progress=interrupt)
    assert _table_counts(database) == before


# --- command line ----------------------------------------------------------------------------


def test_cli_imports_both_official_files(database: Database, capsys) -> None:
    from ars_tui.cli import main

    db = str(database.path)
    assert main(["import", "msp-finess", str(FINESS), "--db", db, "--ars", "MAY"]) == 0
    assert main(["import", "annuaire", str(ANNUAIRE), "--db", db, "--ars", "MAY"]) == 0
    out = capsys.readouterr().out
    assert "séparateur « | »" in out
    assert list(msp_sites(database)) == ["msp:MSP DU SUD MAYOTTE"]
    assert len(professionals(database)) == 5


def test_cli_progress_bar_and_ctrl_c(database: Database, tmp_path: Path, monkeypatch, capsys):
    import io

    from ars_tui import cli_exchange
    from ars_tui.cli import main

    stream = io.StringIO()
    bar = cli_exchange.ProgressBar(stream)
    for done in (0, 500, 1_000):
        bar(done, 1_000)
    assert stream.getvalue().endswith("[##############################] 100 %")

    def interrupted(*args, **kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr("storage.exchange.imports.import_file", interrupted)
    code = main(["import", "annuaire", str(ANNUAIRE), "--db", str(database.path), "--ars", "REU"])
    assert code == 130
    assert "interrompu : rien n'a été écrit" in capsys.readouterr().err


def test_bulk_import_writes_the_row_outbox_and_history_a_save_writes(
    database: Database, tmp_path: Path
) -> None:
    """The same professional saved from the TUI and imported: same row, op and history."""
    values = {
        "last_name": "Hoarau",
        "first_name": "Élodie",
        "rpps": make_rpps("1000123456"),
        "profession": "medecin",
        "specialty": "Médecine générale",
        "email": "e.hoarau@exemple.fr",
        "consent_date": date(2026, 1, 5),
    }
    saved = Store(database.engine, user="c.payet", ars_code="REU").create("professional", values)
    path = tmp_path / "p.csv"
    path.write_text(
        "Nom;Prénom;RPPS;Profession;Spécialité;Courriel;Date de consentement\n"
        f"Hoarau;Élodie;{make_rpps('1000123464')};Médecin;Médecine générale;"
        "e.hoarau@exemple.fr;05/01/2026\n",
        encoding="utf-8",
    )
    run(database, "professionnels", path, "REU")
    with database.engine.connect() as connection:
        ops = connection.execute(
            text(
                "SELECT entity_id, kind, fields, base, base_version, ars_code, state, user"
                " FROM outbox_op WHERE entity != 'record_change' ORDER BY seq"
            )
        ).all()
        history = connection.execute(
            text("SELECT entity_id, field, old_value, new_value, user FROM history_entry")
        ).all()
        rows = connection.execute(
            text(
                "SELECT id, last_name, first_name, profession, specialty, situation, email,"
                " consent_date, search_key, version, deleted FROM professional ORDER BY id"
            )
        ).all()
    assert ops[0].entity_id == saved and len(ops) == 2
    with database.engine.connect() as connection:
        # Neither writes a synced history record: the server derives it from the op.
        assert connection.execute(text("SELECT count(*) FROM record_change")).scalar() == 0
        assert connection.execute(text("SELECT count(*) FROM outbox_op")).scalar() == 2
    imported = ops[1].entity_id
    rpps_a, rpps_b = values["rpps"], make_rpps("1000123464")
    assert ops[0][1:] == tuple(
        value.replace(rpps_b, rpps_a) if isinstance(value, str) else value for value in ops[1][1:]
    )

    def of(record_id: str) -> set:
        return {tuple(h[1:]) for h in history if h.entity_id == record_id}

    assert of(saved) == {
        tuple(v.replace(rpps_b, rpps_a) if isinstance(v, str) else v for v in h)
        for h in of(imported)
    }
    assert rows[0][1:-3] == rows[1][1:-3] and rows[0][-2:] == rows[1][-2:]


def test_an_identical_line_is_refused_once_with_its_first(database: Database, tmp_path: Path):
    path = tmp_path / "p.csv"
    path.write_text("Nom;Prénom\nHoarau;Élodie\nPayet;Jean\nHoarau;Élodie\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as caught:
        run(database, "professionnels", path, "REU")
    assert [str(error) for error in caught.value.errors] == [
        "ligne 4 : ligne en double : mêmes valeurs que la ligne 2."
    ]


def test_centres_de_sante_are_not_counted_as_msp_on_the_dashboard(
    database: Database, tmp_path: Path
) -> None:
    from storage.queries.dashboard import dashboard_figures
    from storage.queries.territories import Territory

    site = make_finess("97049993")
    fields = dict.fromkeys(FINESS_STRUCTUREET_FIELDS, "")
    fields.update(
        nofinesset=site, rs="CENTRE DE SANTE DU PORT", commune="407", departement="9D",
        categetab="124",
    )  # fmt: skip
    path = tmp_path / "stock.csv"
    lines = [*FINESS.read_text(encoding="utf-8").splitlines()]
    lines.append(";".join(["structureet", *fields.values(), ""]))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    run(database, "finess", path, "REU")
    assert len(msp_sites(database)) == 2  # the MSP of Cilaos and the centre de santé
    figures = dashboard_figures(database.engine, Territory("ars", "REU"), TODAY)
    assert figures.msp_by_status == {"ouverte": 1}
