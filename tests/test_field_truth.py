"""Issue 12, "field truth": what the dashboard and the report say follows the source texts.

Each test names, in its docstring, the source sentence or the rule it checks.
"""

from __future__ import annotations

from datetime import date

from storage import fr
from storage.dashboard import dashboard_figures
from storage.db import Database
from storage.exchange.report import build_report
from storage.territories import Territory

TODAY = date(2026, 3, 2)


def rows_of(database: Database, territory: Territory, today: date = TODAY) -> dict:
    figures = dashboard_figures(database.engine, territory, today)
    return {row.code: row for row in figures.indicators}


# --- National figures are references, not targets of a territory ---------------------------


def test_a_national_target_reads_as_a_dated_reference() -> None:
    """Issue 12: "Repère national : 700 MCS visés pour 2017 (Pacte territoire santé 2)"."""
    assert (
        fr.reference_text("mcs_nombre", 700, 2017, True, "seed 001", regional=False)
        == "Repère national : 700 MCS visés pour 2017 (Pacte territoire santé 2)"
    )
    counted = fr.reference_text("msp_nombre", 370, 2013, False, "seed 000", regional=False)
    assert counted == (
        "Repère national : 370 MSP en fonctionnement en 2013 "
        "(Pacte territoire santé, communiqué du 10/02/2014)"
    )


def test_the_650_mcs_of_2014_are_a_projection_and_200_ptmg_a_yearly_flow(
    database: Database,
) -> None:
    """indicateurs_nationaux.csv: « de 150 en 2012, à 650 en 2014 » is a projection for 2014
    (type cible); « 200 nouvelles installations sont prévues pour 2014 » is a flow of new PTMG
    (code ptmg_nouvelles_installations), not a total of PTMG in place."""
    rows = rows_of(database, Territory("ars", "REU"))
    mcs = {(r.year, r.kind): r.value for r in rows["mcs_nombre"].references}
    assert mcs == {(2012, "realise"): 150, (2014, "cible"): 650, (2017, "cible"): 700}
    ptmg = {(r.code, r.year, r.kind): r.value for r in rows["ptmg_signes"].references}
    assert ptmg == {
        ("ptmg_signes", 2013, "realise"): 180,
        ("ptmg_nouvelles_installations", 2014, "cible"): 200,
    }
    text = fr.reference_text("ptmg_nouvelles_installations", 200, 2014, True, "seed 000",
                             regional=False)  # fmt: skip
    assert "200 nouvelles installations de PTMG dans l'année visées pour 2014" in text


def test_no_figure_is_prorated_and_no_progress_without_an_ars_objective(
    database: Database,
) -> None:
    """Issue 12: "No source sets a territory's target this way: remove prorating" (Mayotte
    got a "target" of 2.6 MCS while the source says 23 MCS cover its dispensaires)."""
    for code in ("MAY", "REU", "OI"):
        for row in rows_of(database, Territory("ars", code)).values():
            assert row.progress is None and row.objective is None
    _, page = build_report(database.engine, "MAY", today=TODAY)
    assert "prorata" not in page.lower()
    assert "Repère national : 700 MCS visés pour 2017 (Pacte territoire santé 2)" in page


def test_regional_figures_are_those_of_the_undated_ars_oi_sheet(database: Database) -> None:
    """DOMAIN.md / indicateurs_nationaux.csv: 23 MCS at Mayotte and 9 MSP at La Réunion come
    from an "ARS Océan Indien results sheet", undated, after the end of 2015 and before 2020."""
    may = rows_of(database, Territory("ars", "MAY"))["mcs_nombre"].regional
    assert [(r.code, r.value, r.year) for r in may] == [("mayotte_mcs", 23, None)]
    reunion = rows_of(database, Territory("departement", "974"))["msp_nombre"].regional
    assert [(r.code, r.value, r.year) for r in reunion] == [("reunion_msp", 9, None)]
    oi = rows_of(database, Territory("ars", "OI"))
    assert [r.code for r in oi["mcs_nombre"].regional] == ["mayotte_mcs"]
    assert [r.code for r in oi["msp_nombre"].regional] == ["reunion_msp"]
    # A regional figure describes a whole island, not one commune.
    assert rows_of(database, Territory("commune", "97611"))["mcs_nombre"].regional == ()
    assert rows_of(database, Territory("ars", "REU"))["mcs_nombre"].regional == ()
    line = fr.reference_text("mayotte_mcs", 23, None, False, "seed 003", regional=True)
    assert line == (
        "Chiffre régional : 23 MCS à Mayotte (dispensaires) (fiche de résultats de l'ARS Océan "
        "Indien, non datée : postérieure à fin 2015, antérieure à 2020)"
    )
    assert "2016" not in line
