"""Issue 11, "pickers that do not mislead": the device's communes first, the hint says what
Entrée does, homonyms told apart."""

from __future__ import annotations

from ars_tui.app import ArsTuiApp
from screens import text as tx
from screens.installations.form import InstallationForm
from screens.widgets.lookup import search_communes, search_professionals
from storage.db import Database, read_connection
from storage.records.identifiers import make_rpps
from storage.records.store import Store
from tests.tui_core_support import settle, wait_until

#: The fixtures demo_database and frozen_today.
pytest_plugins = ("tests.tui_core_fixtures",)


def test_the_communes_of_the_device_ars_come_first(demo_database: Database) -> None:
    with read_connection(demo_database.engine) as connection:
        found = search_communes(connection, "sainte rose", ars_code="REU")
        assert found[0] == ("97419", "Sainte-Rose (97419) — La Réunion")
        # Without a device ARS the most populated first (the one of Guadeloupe).
        assert search_communes(connection, "sainte rose")[0][0] == "97129"
        assert search_communes(connection, "saint paul", ars_code="REU")[0][0] == "97415"


async def test_following_the_hint_picks_the_commune_of_la_reunion(
    demo_database: Database, app: ArsTuiApp
) -> None:
    async with app.run_test(size=(100, 32)) as pilot:
        await settle(pilot)
        form = InstallationForm(app.context)
        app.push_screen(form)
        await wait_until(pilot, lambda: app.screen is form)
        picker = form.query_one("#field-commune_code")
        hint = str(picker.lookup.query_one("#lookup-chosen").render())
        assert "↓ puis Entrée" not in hint
        assert hint == tx.PICKER_NOT_CHOSEN
        assert "Entrée choisit la proposition en surbrillance" in hint
        picker.lookup.input.focus()
        await pilot.press(*"sainte rose")
        await wait_until(pilot, lambda: picker.lookup.proposals)
        await settle(pilot)
        await pilot.press("enter")  # what the hint says: the highlighted one
        assert picker.commune_code == "97419"


def test_homonyms_are_told_apart(demo_database: Database) -> None:
    store = Store(demo_database.engine, user="c.payet", ars_code="REU")
    common = {"last_name": "Grondinez", "first_name": "Marie"}
    store.create(
        "professional",
        {
            **common,
            "profession": "medecin",
            "specialty": "Pédiatrie",
            "rpps": make_rpps("1000000001"),
        },
    )
    store.create(
        "professional", {**common, "profession": "medecin", "rpps": make_rpps("1000000002")}
    )
    store.create("professional", {**common, "profession": "psychologue"})
    with read_connection(demo_database.engine) as connection:
        labels = [label for _, label in search_professionals(connection, "grondinez marie")]
    assert len(labels) == 3 and len(set(labels)) == 3
    assert any("Médecin, Pédiatrie" in label for label in labels)
    assert any("Psychologue" in label for label in labels)
    tails = [make_rpps("1000000001")[-4:], make_rpps("1000000002")[-4:]]
    assert sorted(label.split("RPPS …")[1] for label in labels if "RPPS …" in label) == sorted(
        tails
    )
    # Never the whole RPPS: a proposal may end up on a screenshot.
    assert not any(make_rpps("1000000001") in label for label in labels)
