"""Issue 12, "field truth": what the dashboard and the report say follows the source texts.

Each test names, in its docstring, the source sentence or the rule it checks.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import text

from storage import vocabulary as voc
from storage.db import Database
from storage.exchange.report import build_report
from storage.queries.dashboard import Objective, dashboard_figures
from storage.queries.territories import Territory
from storage.records.store import Store
from storage.records.validation import ValidationError

TODAY = date(2026, 3, 2)


def rows_of(database: Database, territory: Territory, today: date = TODAY) -> dict:
    figures = dashboard_figures(database.engine, territory, today)
    return {row.code: row for row in figures.indicators}


# --- National figures are references, not targets of a territory ---------------------------


def test_a_national_target_reads_as_a_dated_reference() -> None:
    """Issue 12: "Repère national : 700 MCS visés pour 2017 (Pacte territoire santé 2)"."""
    assert (
        voc.reference_text("mcs_nombre", 700, 2017, True, "seed 001", regional=False)
        == "Repère national : 700 MCS visés pour 2017 (Pacte territoire santé 2)"
    )
    counted = voc.reference_text("msp_nombre", 370, 2013, False, "seed 000", regional=False)
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
    text = voc.reference_text("ptmg_nouvelles_installations", 200, 2014, True, "seed 000",
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
    """docs/DOMAIN.md / indicateurs_nationaux.csv: 23 MCS at Mayotte and 9 MSP at La Réunion come
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
    line = voc.reference_text("mayotte_mcs", 23, None, False, "seed 003", regional=True)
    assert line == (
        "Chiffre régional : 23 MCS à Mayotte (dispensaires) (fiche de résultats de l'ARS Océan "
        "Indien, non datée : postérieure à fin 2015, antérieure à 2020)"
    )
    assert "2016" not in line


# --- Regional objectives are the ARS's own ---------------------------------------------------


def objective(store: Store, ars: str, indicator: str, value: int, year: int) -> str:
    return store.create(
        "regional_objective",
        {"indicator": indicator, "value": value, "year": year, "source": "PRS 2018-2028"},
        ars_code=ars,
    )


def test_the_dashboard_measures_progress_against_the_ars_objective(database: Database) -> None:
    """Issue 12: "Regional objectives are the ARS's own (projet régional de santé) [...] the
    dashboard compares the territory with *those* when they exist"; an expired objective is
    shown as such, never as progress ("never compare an expired target with today's count")."""
    store = Store(database.engine, user="c.payet", ars_code="MAY")
    pro = store.create("professional", {"last_name": "Nom", "first_name": "A"})
    mcs = store.create("mcs", {"professional_id": pro, "samu_attachment": "SAMU 976",
                               "status": "actif"})  # fmt: skip
    store.create("mcs_commune", {"mcs_id": mcs, "commune_code": "97611"})
    objective(store, "MAY", "mcs_nombre", 4, 2027)
    objective(store, "MAY", "msp_nombre", 3, 2024)  # expired on TODAY (2026)
    for territory in (Territory("ars", "MAY"), Territory("departement", "976")):
        rows = rows_of(database, territory)
        assert rows["mcs_nombre"].objective == Objective(4, 2027, "PRS 2018-2028")
        assert rows["mcs_nombre"].progress == 0.25  # 1 active MCS of the 4 aimed at
        assert rows["msp_nombre"].objective is not None
        assert not rows["msp_nombre"].objective_running and rows["msp_nombre"].progress is None
    # REU's dashboard does not use Mayotte's objectives, nor does a single commune.
    assert rows_of(database, Territory("ars", "REU"))["mcs_nombre"].objective is None
    assert rows_of(database, Territory("commune", "97611"))["mcs_nombre"].objective is None
    _, page = build_report(database.engine, "MAY", today=TODAY)
    assert "Objectif de l&#x27;ARS : 4 pour 2027 (PRS 2018-2028)" in page
    assert "25 %" in page
    assert "échéance passée" in page


def test_a_wrong_objective_is_refused_in_french_and_nothing_is_written(
    database: Database,
) -> None:
    """AGENTS rule "Bad input gets a clear French message and nothing is written": an unknown
    indicator, a year out of range and a value of 0 are refused together."""
    store = Store(database.engine, user="c.payet", ars_code="REU")
    with pytest.raises(ValidationError) as caught:
        store.create(
            "regional_objective",
            {"indicator": "mcs_total", "value": 5, "year": 2027, "source": "PRS"},
            ars_code="REU",
        )
    assert caught.value.fields == {"indicator"} and "Indicateur" in str(caught.value)
    with pytest.raises(ValidationError) as caught:
        store.create(
            "regional_objective",
            {"indicator": "mcs_nombre", "value": 0, "year": 1990, "source": ""},
            ars_code="REU",
        )
    assert caught.value.fields == {"value", "year", "source"}
    assert "Année" in str(caught.value)
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM regional_objective")).scalar() == 0
        assert connection.execute(text("SELECT COUNT(*) FROM outbox_op")).scalar() == 0


def test_an_objective_syncs_like_any_record(tmp_path: Path, fresh_database_file: Path) -> None:
    """docs/SYNC.md generic machinery: an objective goes through the outbox, the push and the pull
    like every record type, is kept in the central server's records, and only devices of its
    ARS receive it."""
    import shutil
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from starlette.testclient import TestClient

    from ars_tui.central.app import make_central_app
    from ars_tui.central.tokens import create_token
    from ars_tui.sync.client import SyncClient
    from storage.db import open_database

    app = make_central_app(f"sqlite:///{tmp_path / 'central.db'}")
    devices = {}
    with TestClient(app) as client:
        for name, ars in (("a", "REU"), ("b", "REU"), ("c", "MAY")):
            shutil.copyfile(fresh_database_file, tmp_path / f"{name}.db")
            token, _ = create_token(app.state.engine, ars_code=ars, name=name)
            devices[name] = (open_database(tmp_path / f"{name}.db"), token)

        def sync(name: str) -> None:
            database, token = devices[name]
            options = {"transport": client._transport, "sleep": lambda _s: None}
            with SyncClient(database, "http://central.test", token, **options) as sync_client:
                sync_client.run_round()

        try:
            store = Store(devices["a"][0].engine, user="c.payet", ars_code="REU")
            made = objective(store, "REU", "msp_nombre", 20, 2028)
            with devices["a"][0].engine.connect() as connection:
                pending = connection.execute(
                    text("SELECT entity FROM outbox_op WHERE state = 'pending'")
                ).scalars()
                # The objective's op (older versions also queued its history record).
                assert set(pending) - {"record_change"} == {"regional_objective"}
            for name in ("a", "b", "c"):
                sync(name)
            with app.state.engine.connect() as connection:
                stored = connection.execute(
                    text("SELECT ars_code FROM central_record WHERE entity = 'regional_objective'")
                ).scalars()
                assert list(stored) == ["REU"]
            b = Store(devices["b"][0].engine, user="x", ars_code="REU").get(
                "regional_objective", made
            )
            assert (b["indicator"], b["value"], b["year"]) == ("msp_nombre", 20, 2028)
            with devices["c"][0].engine.connect() as connection:
                count = connection.execute(text("SELECT COUNT(*) FROM regional_objective"))
                assert count.scalar() == 0
        finally:
            for database, _ in devices.values():
                database.dispose()


async def test_objectives_are_entered_from_the_dashboard_and_shown_there(
    database: Database, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 12: a regional objective is "entered in the TUI" (a list and a form reachable
    from the dashboard, key o, or the palette) and "the dashboard compares the territory with
    *those*"."""
    from ars_tui.app import make_app
    from screens.home import HomeScreen
    from screens.objectives import ObjectiveForm, ObjectivesScreen
    from screens.widgets.paged_list import PagedList
    from tests.tui_core_support import settle, wait_until

    monkeypatch.setattr("screens.home.today", lambda: TODAY)
    with database.engine.begin() as connection:
        connection.execute(text("INSERT INTO local_setting VALUES ('ars_code', 'MAY')"))
    app = make_app(database, user="c.payet")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, ObjectivesScreen))
        await settle(pilot)
        await pilot.press("n")
        await wait_until(pilot, lambda: isinstance(app.screen, ObjectiveForm))
        form = app.screen
        form.query_one("#field-indicator").value = "mcs_nombre"
        form.query_one("#field-value").value = "30"
        form.query_one("#field-year").value = "2028"
        form.query_one("#field-source").value = "PRS Mayotte 2023-2033"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: isinstance(app.screen, ObjectivesScreen))
        await settle(pilot)
        rows = app.screen.query_one(PagedList).rows
        assert [(r["ars_code"], r["indicator"], r["value"]) for r in rows] == [
            ("MAY", "mcs_nombre", 30)
        ]
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, HomeScreen))
        await pilot.press("r")
        await settle(pilot)
        indicators = {row.code: row for row in app.screen.figures.indicators}
        assert indicators["mcs_nombre"].objective == Objective(30, 2028, "PRS Mayotte 2023-2033")


def test_objectives_import_all_or_nothing_then_update(database: Database, tmp_path: Path) -> None:
    """Issue 12: a regional objective is "entered in the TUI or imported"; README "Imports,
    tout ou rien": one bad line refuses the file and writes nothing; a known (ARS, indicator,
    year) is updated, not duplicated."""
    from storage.exchange.imports import ImportRefused, import_file

    good = tmp_path / "objectifs.csv"
    good.write_text(
        "Indicateur;Année;Valeur visée;Source\n"
        "Médecins correspondants du SAMU actifs;2028;40;PRS 2018-2028\n"
        "msp_nombre;2027;15;PRS 2018-2028\n",
        encoding="utf-8",
    )
    bad = tmp_path / "faux.csv"
    bad.write_text(
        "ARS;Indicateur;Année;Valeur visée;Source\n"
        "REU;mcs_nombre;2028;40;PRS\n"
        "MAY;mcs_nombre;2028;40;PRS\n"
        "REU;médecins;2028;40;PRS\n",
        encoding="utf-8",
    )
    with pytest.raises(ImportRefused) as refused:
        import_file(database.engine, "objectifs", bad, user="c.payet", ars_code="REU")
    messages = [error.line for error in refused.value.errors]
    assert messages == [3, 4]
    assert "seuls les objectifs de votre ARS (REU)" in str(refused.value)
    with database.engine.connect() as connection:
        assert connection.execute(text("SELECT COUNT(*) FROM regional_objective")).scalar() == 0

    result = import_file(database.engine, "objectifs", good, user="c.payet", ars_code="REU")
    assert result.counts["regional_objective"]["created"] == 2
    good.write_text(
        "Indicateur;Année;Valeur visée;Source\nmcs_nombre;2028;45;PRS révisé\n", encoding="utf-8"
    )
    result = import_file(database.engine, "objectifs", good, user="c.payet", ars_code="REU")
    assert result.counts["regional_objective"]["updated"] == 1
    rows = rows_of(database, Territory("ars", "REU"))
    assert rows["mcs_nombre"].objective == Objective(45, 2028, "PRS révisé")
    assert rows["msp_nombre"].objective == Objective(15, 2027, "PRS 2018-2028")


# --- Dated right, counted the same at every level -------------------------------------------


def fill_island(database: Database) -> None:
    """La Réunion across the split: OI-era records (dated before 2020) and REU's own."""
    store = Store(database.engine, user="c.payet", ars_code="REU")
    pros = [store.create("professional", {"last_name": f"N{i}", "first_name": "A"})
            for i in range(4)]  # fmt: skip
    # OI era (the store gives them to ARS Océan Indien by their date).
    store.create("installation_project", {
        "professional_id": pros[0], "commune_code": "97424", "first_contact_date": "01/03/2018",
        "status": "en_accompagnement", "next_action": "Rappeler",
        "next_action_due": "01/06/2019"})  # fmt: skip
    store.create("installation_project", {
        "professional_id": pros[1], "commune_code": "97411", "first_contact_date": "01/03/2019",
        "status": "en_accompagnement", "next_action": "Rappeler",
        "next_action_due": "01/02/2020"})  # fmt: skip
    # REU's own.
    store.create("installation_project", {
        "professional_id": pros[2], "commune_code": "97411",
        "first_contact_date": "01/03/2025"})  # fmt: skip
    mcs = store.create("mcs", {"professional_id": pros[3], "samu_attachment": "SAMU 974",
                               "status": "actif"}, ars_code="OI")  # fmt: skip
    store.create("mcs_commune", {"mcs_id": mcs, "commune_code": "97424"})
    store.create("mcs_training", {"mcs_id": mcs, "kind": "initiale",
                                  "training_date": "01/06/2019"})  # fmt: skip


def test_the_former_ars_is_counted_on_its_last_day(database: Database) -> None:
    """Issue 12: "The historical OI report and dashboard are dated 2019-12-31 (the last day of
    the ARS), not today: no '1,422 relances en retard' or '31 MCS à recycler' computed against
    2026" (ars.csv: OI active until 2019-12-31)."""
    fill_island(database)
    oi = dashboard_figures(database.engine, Territory("ars", "OI", "ARS Océan Indien"), TODAY)
    assert oi.today == date(2019, 12, 31) and oi.ended_on == date(2019, 12, 31)
    assert oi.project_total == 2
    assert oi.overdue_followups == 1  # due 01/06/2019; the one due 01/02/2020 is not late yet
    assert (oi.mcs_active, oi.mcs_refresher_due) == (1, 0)  # trained 6 months before the end
    assert oi.priority_epci == 0  # the zones prioritaires are of 2025
    _, page = build_report(database.engine, "OI", today=TODAY)
    assert "situation au 31/12/2019" in page
    assert "Chiffres au 31/12/2019, dernier jour de l&#x27;ARS Océan Indien" in page
    # Counted today, the same records would all look late.
    reu = dashboard_figures(database.engine, Territory("ars", "REU"), TODAY)
    assert reu.today == TODAY and reu.ended_on is None


def test_the_same_island_gives_the_same_figures_at_every_level(database: Database) -> None:
    """Issue 12: "The same island gives the same figures whatever the level [...] Say in the UI
    which records each level includes, and make them add up": ARS REU counts OI's records on
    its communes, like département 974 does."""
    from screens.home import scope_line

    fill_island(database)
    reu = dashboard_figures(database.engine, Territory("ars", "REU"), TODAY)
    dep = dashboard_figures(database.engine, Territory("departement", "974"), TODAY)
    for name in ("project_total", "overdue_followups", "mcs_active", "mcs_refresher_due",
                 "projects_by_status", "contracts", "msp_by_status"):  # fmt: skip
        assert getattr(reu, name) == getattr(dep, name), name
    assert reu.project_total == 3 and reu.mcs_active == 1
    # Mayotte is another island: none of La Réunion's OI records.
    may = dashboard_figures(database.engine, Territory("ars", "MAY"), TODAY)
    assert may.project_total == 0 and may.mcs_active == 0
    # The communes add up: Cilaos + Saint-Denis = the island's projects.
    communes = [dashboard_figures(database.engine, Territory("commune", code), TODAY)
                for code in ("97424", "97411")]  # fmt: skip
    assert sum(c.project_total for c in communes) == reu.project_total
    assert scope_line(reu) == (
        "Fiches comptées : celles de l'ARS et celles de l'ARS Océan Indien (jusqu'au "
        "31/12/2019) sur ses communes, comme pour ses départements."
    )
    assert "dont celles de l'ARS Océan Indien (jusqu'au 31/12/2019)" in scope_line(dep)
    metropolitan = dashboard_figures(database.engine, Territory("ars", "BRE"), TODAY)
    assert scope_line(metropolitan) == "Fiches comptées : celles de l'ARS."


# --- Demo data says it is demo data ----------------------------------------------------------

DEMO_TODAY = date(2026, 6, 15)


@pytest.fixture(scope="module")
def demos(tmp_path_factory: pytest.TempPathFactory, fresh_database_file: Path):  # type: ignore[no-untyped-def]
    """One demo database per ARS of the island(s): 2,000 projects each (Mayotte's case)."""
    import shutil

    from storage.db import open_database
    from storage.demo.generator import generate_demo

    made = {}
    for ars in ("OI", "REU", "MAY"):
        path = tmp_path_factory.mktemp(f"demo-{ars}") / "demo.db"
        shutil.copyfile(fresh_database_file, path)
        made[ars] = open_database(path)
        generate_demo(made[ars].engine, records=2000, ars_code=ars, today=DEMO_TODAY)
    yield made
    for database in made.values():
        database.dispose()


def scalar(database: Database, sql: str) -> object:
    with database.engine.connect() as connection:
        return connection.execute(text(sql)).scalar()


def strings(database: Database, sql: str) -> list[str]:
    with database.engine.connect() as connection:
        return [str(value) for value in connection.execute(text(sql)).scalars() if value]


def test_a_demo_database_says_so_everywhere(demos: dict, tmp_path: Path) -> None:
    """Issue 12: "Dashboard, report, exports and the status bar say 'données de
    démonstration' on a demo database"."""
    from screens.widgets.status_bar import status_text
    from storage.exchange.exports import export_records

    database = demos["REU"]
    figures = dashboard_figures(database.engine, Territory("ars", "REU"), DEMO_TODAY)
    assert figures.demo
    _, page = build_report(database.engine, "REU", today=DEMO_TODAY)
    assert "(données de démonstration)</title>" in page
    assert "Données de démonstration : fiches fictives" in page
    out = tmp_path / "mcs.csv"
    done = export_records(database.engine, "mcs", out, ars_code="REU")
    lines = out.read_text(encoding="utf-8-sig").splitlines()
    assert done.demo and lines[0].endswith(";Données")
    assert all(line.endswith(";données de démonstration") for line in lines[1:])
    line = status_text(online=False, sync_configured=False, pending=0, last_sync=None, demo=True)
    assert line.startswith("données de démonstration │ ")


def test_a_real_database_says_nothing_of_the_kind(database: Database, tmp_path: Path) -> None:
    """The same sentence must not appear on a correspondent's own database."""
    from storage.exchange.exports import export_records

    assert not dashboard_figures(database.engine, Territory("ars", "REU"), TODAY).demo
    _, page = build_report(database.engine, "REU", today=TODAY)
    assert "démonstration" not in page
    done = export_records(database.engine, "mcs", tmp_path / "mcs.csv", ars_code="REU")
    assert not done.demo


def test_demo_makes_nothing_official_looking_and_no_zones_overseas(demos: dict) -> None:
    """Issue 12: "an arrêté number or a zone prioritaire made by demo must never look
    official"; "The 151 zones prioritaires of 2025 are metropolitan ('chaque zone
    métropolitaine'): demo makes none for REU, MAY or OI, and no missions there"."""
    for ars, database in demos.items():
        numbers = strings(database, "SELECT number FROM zoning_order")
        assert numbers and all(number.startswith("DÉMO-") for number in numbers), ars
        assert scalar(database, "SELECT COUNT(*) FROM priority_zone") == 0, ars
        assert scalar(database, "SELECT COUNT(*) FROM solidarity_mission") == 0, ars


def test_mafate_holds_about_700_people_and_hospital_quartiers_are_within_30_min(
    demos: dict,
) -> None:
    """Issue 12 realism: "Mafate's îlets hold about 700 people in all (not 2,600+);
    quartiers next to a hospital are not beyond 30 minutes"."""
    database = demos["REU"]
    mafate = strings(
        database,
        "SELECT MAX(population_beyond_30min) || '|' || localite FROM urgent_care_coverage"
        " WHERE localite LIKE 'Mafate%' GROUP BY localite",
    )
    assert mafate, "the demo measures Mafate's îlets first"
    assert sum(int(row.split("|")[0]) for row in mafate) <= 700
    near_hospital = scalar(
        database,
        "SELECT COALESCE(SUM(population_beyond_30min), 0) FROM urgent_care_coverage"
        " WHERE commune_code IN ('97411', '97416', '97410', '97415')"
        " AND (localite IS NULL OR localite NOT LIKE 'Mafate%')"
        " AND localite IS NOT 'Îlet Bethléem'",
    )
    assert near_hospital == 0


def test_demo_names_are_french_and_msp_are_not_dispensaires(demos: dict) -> None:
    """Issue 12 realism: "MSP are not named after dispensaires; 'de Le Tampon', 'de Les
    Avirons' become 'du Tampon', 'des Avirons'"."""
    assert voc.of_place("Le Tampon") == "du Tampon"
    assert voc.of_place("Les Avirons") == "des Avirons"
    assert voc.of_place("Acoua") == "d'Acoua"
    assert voc.of_place("La Possession") == "de La Possession"
    for ars, database in demos.items():
        names = strings(database, "SELECT name FROM msp_project")
        names += strings(database, "SELECT sponsor_name FROM msp_project")
        names += strings(database, "SELECT funder FROM aid_contract")
        assert names, ars
        assert not [n for n in names if "de Le " in n or "de Les " in n], ars
        msp = strings(database, "SELECT name FROM msp_project")
        assert not [n for n in msp if "Dispensaire" in n or "Centre de référence" in n], ars


def test_demo_contracts_follow_their_history(demos: dict) -> None:
    """Issue 12 realism: "no PTMG before 2013 (Pacte territoire santé); CESP candidates have no
    months paid yet"."""
    for ars, database in demos.items():
        first = scalar(database, "SELECT MIN(start_date) FROM aid_contract WHERE kind = 'ptmg'")
        assert first is None or str(first) >= "2013-01-01", ars
        paid = scalar(
            database,
            "SELECT COUNT(*) FROM aid_contract WHERE kind = 'cesp'"
            " AND status IN ('candidature', 'retenu', 'signe') AND months_paid > 0",
        )
        assert paid == 0, ars
    assert scalar(demos["OI"], "SELECT COUNT(*) FROM aid_contract WHERE kind = 'cesp'") > 0


def test_demo_volumes_follow_the_population(demos: dict) -> None:
    """Issue 12 realism: "volumes scale with the territory's population (Mayotte: not 40 MSP
    and 65 GPs present for 2,000 projects)"; the ARS OI sheet counts 23 MCS at Mayotte."""
    mayotte = demos["MAY"]
    assert scalar(mayotte, "SELECT COUNT(*) FROM msp_project") <= 10
    assert scalar(mayotte, "SELECT COUNT(*) FROM mcs") <= 25
    present = scalar(mayotte, "SELECT SUM(present) FROM msp_staffing WHERE profession = 'mg'")
    assert present is None or int(present) < 65  # type: ignore[call-overload]
    # La Réunion, 3.5 times as many people, gets about 3.5 times as many MSP.
    reunion = scalar(demos["REU"], "SELECT COUNT(*) FROM msp_project")
    assert 3 * scalar(mayotte, "SELECT COUNT(*) FROM msp_project") <= reunion <= 2000 // 50


def test_a_demo_zone_prioritaire_says_it_is_fictional(
    tmp_path: Path, fresh_database_file: Path
) -> None:
    """Issue 12: "a zone prioritaire made by demo must never look official" (a metropolitan
    demo draws some: the real list of 151 EPCI is not in the sources)."""
    import shutil

    from screens.home import priority_text
    from storage.db import open_database
    from storage.demo.generator import generate_demo

    shutil.copyfile(fresh_database_file, tmp_path / "bre.db")
    database = open_database(tmp_path / "bre.db")
    try:
        generate_demo(database.engine, records=200, ars_code="BRE", today=DEMO_TODAY)
        figures = dashboard_figures(database.engine, Territory("ars", "BRE"), DEMO_TODAY)
        assert figures.is_priority
        assert str(priority_text(figures)).endswith("(fictif : données de démonstration)")
        _, page = build_report(database.engine, "BRE", today=DEMO_TODAY)
        assert "(fictif : données de démonstration)" in page
    finally:
        database.dispose()
