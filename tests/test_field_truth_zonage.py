"""Issue 12, "Zonage across the Océan Indien split, and the ARS's own zones".

Each test names the sentence of the issue (or of the source) it follows.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from rich.console import Console
from sqlalchemy import text

from storage import rules
from storage.db import Database, read_connection
from storage.exchange.exports import export_records
from storage.exchange.imports import import_file
from storage.field_rules import split_retained_class
from storage.store import Store
from storage.territories import Territory, territory_details
from storage.validation import ValidationError

CILAOS, SAINT_PIERRE, MAMOUDZOU, LYON = "97424", "97416", "97611", "69123"
TODAY = date(2026, 12, 5)

#: ARS Océan Indien zoned Cilaos ZIP in 2018 with no end date; La Réunion's own first arrêté
#: took effect on 01/01/2023; Mayotte has none.
ZONAGE = """\
N° d'arrêté;Date d'effet;Date de fin;Code commune;Classe
ARS-OI-2018-7;01/03/2018;;97424;ZIP
ARS-OI-2018-7;01/03/2018;;97416;ZAC
ARS-OI-2018-7;01/03/2018;;97611;ZIP
ARS-REU-2023-1;01/01/2023;;97424;ZAC
"""


def _import(database: Database, tmp_path: Path, content: str, ars: str = "REU") -> None:
    path = tmp_path / "zonage.csv"
    path.write_text(content, encoding="utf-8")
    import_file(database.engine, "zonage", path, user="test", today=TODAY, ars_code=ars)


def _class(database: Database, commune: str, on: date) -> str | None:
    with read_connection(database.engine) as connection:
        return rules.zoning_class_on(connection, commune, on)


@pytest.fixture
def zoned(database: Database, tmp_path: Path) -> Database:
    header, *lines = ZONAGE.splitlines()
    # A device of La Réunion imports the 974 lines (OI's and REU's), one of Mayotte the 976 one.
    reunion = [line for line in lines if ";976" not in line]
    _import(database, tmp_path, "\n".join([header, *reunion]) + "\n", ars="REU")
    mayotte = [line for line in lines if ";976" in line]
    _import(database, tmp_path, "\n".join([header, *mayotte]) + "\n", ars="MAY")
    return database


# --- OI -> REU / MAY continuity -----------------------------------------------------------------


def test_an_oi_arrete_without_end_keeps_applying_until_a_reu_one(zoned: Database) -> None:
    """Issue: "An OI arrêté in force on 2019-12-31 with no end date (e.g. Cilaos ZIP) must keep
    applying to 974/976 communes from 2020-01-01 until a REU/MAY arrêté replaces it"."""
    assert _class(zoned, CILAOS, date(2019, 6, 1)) == "ZIP"  # OI's own time
    assert _class(zoned, CILAOS, date(2020, 1, 1)) == "ZIP"
    assert _class(zoned, CILAOS, date(2021, 3, 1)) == "ZIP"  # "was Cilaos ZIP on 01/03/2021?"
    assert _class(zoned, SAINT_PIERRE, date(2022, 12, 31)) == "ZAC"
    assert _class(zoned, CILAOS, date(2023, 1, 1)) == "ZAC"  # REU's arrêté replaces it
    assert _class(zoned, SAINT_PIERRE, date(2023, 1, 1)) == "HZ"  # not listed by REU's
    # Mayotte has no arrêté of its own: OI's still applies there.
    assert _class(zoned, MAMOUDZOU, TODAY) == "ZIP"
    with read_connection(zoned.engine) as connection:
        found = rules.zoning_on(connection, CILAOS, date(2021, 3, 1))
    assert found is not None
    assert (found.ars_code, found.order.ars_code, found.order.number) == (
        "REU",
        "OI",
        "ARS-OI-2018-7",
    )


def test_an_oi_arrete_ended_in_2019_does_not_apply_after(
    database: Database, tmp_path: Path
) -> None:
    _import(
        database,
        tmp_path,
        "N° d'arrêté;Date d'effet;Date de fin;Code commune;Classe\n"
        "ARS-OI-2018-7;01/03/2018;31/12/2019;97424;ZIP\n",
    )
    assert _class(database, CILAOS, date(2019, 12, 31)) == "ZIP"
    assert _class(database, CILAOS, date(2020, 1, 1)) is None


def test_once_replaced_the_oi_arrete_does_not_come_back(database: Database, tmp_path: Path) -> None:
    """ "until a REU/MAY arrêté replaces it": a REU arrêté that has since ended leaves no arrêté
    in force, not OI's again."""
    _import(
        database,
        tmp_path,
        "N° d'arrêté;Date d'effet;Code commune;Classe\nA-OI;01/03/2018;97424;ZIP\n",
    )
    _import(
        database,
        tmp_path,
        "N° d'arrêté;Date d'effet;Date de fin;Code commune;Classe\n"
        "A-REU;01/01/2021;31/12/2022;97424;ZAC\n",
        ars="REU",
    )
    assert _class(database, CILAOS, date(2020, 6, 1)) == "ZIP"
    assert _class(database, CILAOS, date(2022, 6, 1)) == "ZAC"
    assert _class(database, CILAOS, date(2023, 6, 1)) is None


def test_a_project_opened_in_2021_at_cilaos_gets_its_zonage(zoned: Database) -> None:
    """Issue: "today Cilaos has no class until the first REU arrêté, so projects opened in
    2020-2022 get no zonage"."""
    store = Store(zoned.engine, user="test", ars_code="REU")
    pro = store.create("professional", {"last_name": "Grondin", "first_name": "Léa"})
    project = store.create(
        "installation_project",
        {"professional_id": pro, "commune_code": CILAOS, "first_contact_date": "01/03/2021"},
    )
    assert store.get("installation_project", project)["zoning_class"] == "ZIP"


def test_a_974_commune_history_shows_the_oi_arretes(zoned: Database) -> None:
    """Issue: "A 974/976 commune's zonage history shows the OI arrêtés too"."""
    with read_connection(zoned.engine) as connection:
        details = territory_details(connection, Territory("commune", CILAOS), date(2021, 3, 1))
        later = territory_details(connection, Territory("commune", CILAOS), TODAY)
    history = [(row.number, row.ars_code, row.in_force) for row in details.zoning_history]
    assert history == [("ARS-REU-2023-1", "REU", False), ("ARS-OI-2018-7", "OI", True)]
    assert details.zoning.order_number == "ARS-OI-2018-7" and details.zoning.order_ars == "OI"
    assert [(row.number, row.in_force) for row in later.zoning_history] == [
        ("ARS-REU-2023-1", True),
        ("ARS-OI-2018-7", False),
    ]
    rendered = _render(details)
    assert "ARS-OI-2018-7 (ARS OI)" in rendered
    assert "Arrêté de l'ARS OI, toujours appliqué" in rendered


def _render(details: object) -> str:
    from screens.territories.screen import details_renderable

    console = Console(width=120, record=True, color_system=None)
    console.print(details_renderable(details))  # type: ignore[arg-type]
    return console.export_text()


# --- The ARS's own additions --------------------------------------------------------------------


def test_split_retained_class() -> None:
    """Source: the ARS "a la possibilité de retenir dans ce zonage d'autres territoires en
    fonction des besoins localement identifiés"."""
    assert split_retained_class("ZIP-R") == ("ZIP", True)
    assert split_retained_class("zac r") == ("zac", True)
    assert split_retained_class("ZIP") == ("ZIP", False)
    assert split_retained_class("HR") == ("HR", False)  # not a class followed by R


def test_zip_r_is_accepted_as_a_territory_retained_by_the_ars(
    database: Database, tmp_path: Path
) -> None:
    """Issue: "accept the ARS's own additions (a class or a flag on an entry, e.g. a territory
    retained by the ARS), shown as such; today "ZIP-R" is refused"."""
    _import(
        database,
        tmp_path,
        "N° d'arrêté;Date d'effet;Code commune;Classe;Retenu par l'ARS\n"
        "ARS-REU-2024-3;01/02/2024;97424;ZIP-R;\n"
        "ARS-REU-2024-3;01/02/2024;97416;ZAC;oui\n"
        "ARS-REU-2024-3;01/02/2024;97411;ZIP;non\n",
        ars="REU",
    )
    with read_connection(database.engine) as connection:
        rows = dict(
            connection.execute(
                text("SELECT commune_code, zone_class || ':' || retained_by_ars FROM zoning_entry")
            ).all()
        )
        found = rules.zoning_on(connection, CILAOS, TODAY)
        details = territory_details(connection, Territory("commune", CILAOS), TODAY)
        ars_level = territory_details(connection, Territory("ars", "REU"), TODAY)
    assert rows == {CILAOS: "ZIP:1", SAINT_PIERRE: "ZAC:1", "97411": "ZIP:0"}
    assert found is not None and found.zone_class == "ZIP" and found.retained_by_ars
    assert "Territoire retenu par l'ARS" in _render(details)
    assert "(ZIP (retenu par l'ARS)" not in _render(details)
    assert ars_level.zoning.retained == 2
    # Export: the flag in its own column, read back by the import.
    out = tmp_path / "zonage-export.csv"
    result = export_records(database.engine, "zonage", out, ars_code="REU")
    assert result.rows == 3
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(";")
    assert "Retenu par l'ARS" in header and "Classe" in header
    by_commune = {
        line.split(";")[0]: dict(zip(header, line.split(";"), strict=True)) for line in lines[1:]
    }
    assert by_commune[CILAOS]["Retenu par l'ARS"] == "oui"
    assert by_commune["97411"]["Retenu par l'ARS"] == "non"
    before = _count(database, "outbox_op")
    import_file(database.engine, "zonage", out, user="test", today=TODAY, ars_code="REU")
    assert _count(database, "outbox_op") == before  # the same arrêté: nothing changes


def _count(database: Database, table: str) -> int:
    with read_connection(database.engine) as connection:
        return int(connection.execute(text(f"SELECT COUNT(*) FROM {table}")).scalar_one())


def test_an_arrete_of_an_ars_holds_only_its_communes(database: Database) -> None:
    """Issue: "An arrêté of an ARS holds only communes of that ARS (a REU arrêté accepts Lyon
    today)"."""
    store = Store(database.engine, user="test", ars_code="REU")
    order = store.create(
        "zoning_order", {"number": "ARS-REU-2024-3", "effective_date": "01/02/2024"}
    )
    before = _count(database, "outbox_op")
    with pytest.raises(ValidationError) as refused:
        store.create("zoning_entry", {"order_id": order, "commune_code": LYON, "zone_class": "ZIP"})
    assert refused.value.fields == {"commune_code"}
    assert "ARA" in str(refused.value) and "ARS-REU-2024-3" in str(refused.value)
    assert _count(database, "outbox_op") == before
    # Mayotte is not La Réunion either; Cilaos is.
    with pytest.raises(ValidationError):
        store.create(
            "zoning_entry", {"order_id": order, "commune_code": MAMOUDZOU, "zone_class": "ZIP"}
        )
    assert store.create(
        "zoning_entry", {"order_id": order, "commune_code": CILAOS, "zone_class": "ZIP"}
    )
