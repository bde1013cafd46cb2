"""A centre de santé (FINESS category 124, kept as msp_project kind "centre_sante") is never an
MSP without saying so: the MSP list labels it and filters it, territories count it apart."""

from __future__ import annotations

from textual.widgets import DataTable, Select

from ars_tui.app import make_app
from screens.msp.list import MspScreen
from storage.db import Database, read_connection
from storage.queries.paged import ListRequest, list_page
from storage.queries.territories import Territory, record_counts
from storage.records.store import Store
from tests import section_support
from tests.section_support import SIZE, wait_until


def _two_of_each(database: Database) -> None:
    store = Store(database.engine, user="test", ars_code="REU")
    for name, kind in (
        ("MSP de Cilaos", "msp"),
        ("MSP du Tampon", "msp"),
        ("Centre de santé de Saint-Denis", "centre_sante"),
        ("Centre de santé du Port", "centre_sante"),
    ):
        msp = store.create("msp_project", {"name": name, "kind": kind})
        store.create("msp_site", {"msp_id": msp, "commune_code": "97424"})


def test_the_msp_list_carries_the_kind_and_filters_on_it(database: Database) -> None:
    _two_of_each(database)
    with read_connection(database.engine) as connection:
        every = list_page(connection, ListRequest("msp_project"))
        centres = list_page(
            connection, ListRequest("msp_project", filters={"kind": "centre_sante"})
        )
        msp = list_page(connection, ListRequest("msp_project", filters={"kind": "msp"}))
    assert {row["kind"] for row in every.rows} == {"msp", "centre_sante"}
    assert sorted(row["name"] for row in centres.rows) == [
        "Centre de santé de Saint-Denis",
        "Centre de santé du Port",
    ]
    assert sorted(row["name"] for row in msp.rows) == ["MSP de Cilaos", "MSP du Tampon"]


def test_territories_count_centres_de_sante_apart_from_msp(database: Database) -> None:
    _two_of_each(database)
    with read_connection(database.engine) as connection:
        counts = record_counts(connection, Territory("commune", "97424", "Cilaos"))
        by_ars = record_counts(connection, Territory("ars", "REU", "La Réunion"))
    assert counts["msp_project"] == 2 and counts["centre_sante"] == 2
    assert by_ars["msp_project"] == 2 and by_ars["centre_sante"] == 2


async def test_the_msp_screen_labels_a_centre_and_its_filter_keeps_them(database: Database):
    _two_of_each(database)
    app = make_app(database, user="test")
    async with app.run_test(size=SIZE) as pilot:
        screen = await section_support.open_section(pilot, "5", MspScreen)
        table = screen.query_one("#msp-list DataTable", DataTable)

        def names() -> list[str]:
            return sorted(str(table.get_row_at(row)[0]) for row in range(table.row_count))

        await wait_until(pilot, lambda: table.row_count == 4)
        assert names() == [
            "Centre de santé de Saint-Denis (centre de santé)",
            "Centre de santé du Port (centre de santé)",
            "MSP de Cilaos",
            "MSP du Tampon",
        ]
        screen.query_one("#filter-kind", Select).value = "centre_sante"
        await wait_until(pilot, lambda: table.row_count == 2)
        assert all(name.endswith("(centre de santé)") for name in names())
        screen.query_one("#filter-kind", Select).value = "msp"
        await wait_until(pilot, lambda: names() == ["MSP de Cilaos", "MSP du Tampon"])
