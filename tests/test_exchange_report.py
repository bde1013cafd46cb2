"""``report --territory CODE``: the dashboard's figures in a self-contained, printable page."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import text

from storage.db import Database
from storage.exchange.report import ReportError, build_report, resolve_territory, write_report
from storage.records.store import Store

TODAY = date(2026, 3, 2)
NOW = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)


def fill(db: Database) -> None:
    store = Store(db.engine, user="c.payet", ars_code="REU", clock=lambda: NOW)
    pros = [
        store.create("professional", {"last_name": f"Nom{i}", "first_name": "A"}) for i in range(5)
    ]
    # Cilaos (97424, CIVIS): 2 projects; Saint-Denis (97411, CINOR): 3.
    store.create(
        "installation_project",
        {"professional_id": pros[0], "commune_code": "97424", "first_contact_date": "01/02/2025"},
    )
    store.create(
        "installation_project",
        {
            "professional_id": pros[1],
            "commune_code": "97424",
            "first_contact_date": "01/03/2025",
            "status": "installe",
            "installation_date": "15/01/2026",
        },
    )
    for index in (2, 3, 4):
        store.create(
            "installation_project",
            {
                "professional_id": pros[index],
                "commune_code": "97411",
                "first_contact_date": "01/06/2025",
                "status": "en_accompagnement",
                "next_action": "Rappeler",
                "next_action_due": "01/01/2026",  # overdue on TODAY
            },
        )
    zone = store.create("priority_zone", {"epci_siren": "249740077"}, ars_code="REU")
    store.create(
        "solidarity_mission",
        {"priority_zone_id": zone, "professional_id": pros[0], "days": 2, "status": "realisee"},
    )


def cells(page: str, label: str) -> list[str]:
    """The cells of the table row whose first cell is ``label``."""
    match = re.search(rf"<tr><td>{re.escape(label)}</td>(.*?)</tr>", page)
    assert match, label
    return re.findall(r"<td[^>]*>(.*?)</td>", match.group(1))


def test_figures_match_the_database(database: Database) -> None:
    fill(database)
    _, page = build_report(database.engine, "REU", today=TODAY)
    with database.engine.connect() as connection:
        by_status = dict(
            connection.execute(
                text(
                    "SELECT status, COUNT(*) FROM installation_project"
                    " WHERE ars_code = 'REU' AND deleted = 0 GROUP BY status"
                )
            ).all()
        )
    assert by_status == {"premier_contact": 1, "installe": 1, "en_accompagnement": 3}
    assert cells(page, "Premier contact") == ["1"]
    assert cells(page, "Installé(e)") == ["1"]
    assert cells(page, "En accompagnement") == ["3"]
    assert cells(page, "Abandonné")[0] == "0"
    assert re.search(r"<b>1</b>installations en 2026", page)
    assert re.search(r"<b>3</b>relances en retard", page)
    assert re.search(r"<b>400,00 €</b>indemnités dues", page)  # 2 days x 200 €


def test_territory_levels_narrow_the_figures(database: Database) -> None:
    fill(database)
    _, cilaos = build_report(database.engine, "97424", today=TODAY)
    _, civis = build_report(database.engine, "249 740 077", today=TODAY)
    _, reunion = build_report(database.engine, "974", today=TODAY)
    assert "Cilaos (97424)" in cilaos
    assert cells(cilaos, "En accompagnement") == ["0"]  # those are in Saint-Denis
    assert cells(civis, "Premier contact") == ["1"]
    assert cells(reunion, "En accompagnement") == ["3"]


def test_page_is_self_contained_printable_and_french(database: Database, tmp_path: Path) -> None:
    fill(database)
    out = tmp_path / "rapport.html"
    territory = write_report(database.engine, "reu", out, today=TODAY)
    assert territory.code == "REU"
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>") and '<html lang="fr">' in page
    assert "@media print" in page
    assert page.count("<svg") >= 2  # the two charts, drawn here
    assert "<script" not in page and "<img" not in page and "<link" not in page
    # No resource to fetch: the only URL is the SVG namespace.
    assert set(re.findall(r"https?://[^\"' )]+", page)) == {"http://www.w3.org/2000/svg"}
    assert "Projets par statut" in page and "repères nationaux" in page


def test_unknown_territory(database: Database) -> None:
    with database.engine.connect() as connection:
        assert resolve_territory(connection, "2A").level == "departement"
        assert resolve_territory(connection, "oi").level == "ars"
        with pytest.raises(ReportError, match="ZZZ"):
            resolve_territory(connection, "ZZZ")
