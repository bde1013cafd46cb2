"""The lines of an MSP and of an MCS: each kind declared once (:class:`screens.section.LineTable`)
gives its table, the key that adds a line (same keys, ids and French descriptions as ever) and
the form of a line, attached to the record shown."""

from __future__ import annotations

from textual.binding import Binding

from ars_tui.app import make_app
from screens.mcs.record import McsRecordScreen
from screens.msp.record import MspRecordScreen
from screens.widgets.record_form import RecordForm
from storage.db import Database
from storage.records.store import Store
from tests.section_support import SIZE, demo, sections_template, settle, wait_until
from tests.support.query_demo import opened_msp_with_empty_posts

__all__ = ["demo", "sections_template"]


def _line_keys(screen: type) -> list[tuple[str, str, str, str | None]]:
    bindings = [b for b in screen.BINDINGS if isinstance(b, Binding)]
    return [(b.key, b.action, b.description, b.id) for b in bindings]


def test_the_keys_adding_lines_keep_their_ids_and_descriptions() -> None:
    assert _line_keys(MspRecordScreen) == [
        ("p", "add_line('msp_staffing')", "Effectif", "msp.add_staffing"),
        ("i", "add_line('msp_site')", "Site", "msp.add_site"),
        ("f", "add_line('msp_funding')", "Financement", "msp.add_funding"),
    ]
    assert _line_keys(McsRecordScreen) == [
        ("f", "add_line('mcs_training')", "Formation", "mcs.add_training"),
        ("m", "add_line('mcs_equipment')", "Équipements remis", "mcs.add_equipment"),
        ("c", "add_line('mcs_commune')", "Communes couvertes", "mcs.add_commune"),
        ("v", "add_line('mcs_intervention')", "Interventions", "mcs.add_intervention"),
    ]


async def test_a_key_opens_the_form_of_a_new_line_of_the_record_shown(demo: Database) -> None:
    msp, _lines = opened_msp_with_empty_posts(Store(demo.engine, user="test", ars_code="REU"))
    app = make_app(demo, user="test")
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        assert app.context is not None
        page = MspRecordScreen(app.context, msp)
        app.push_screen(page)
        await wait_until(pilot, lambda: page.data is not None)
        await pilot.press("i")
        await wait_until(pilot, lambda: isinstance(app.screen, RecordForm))
        form = app.screen
        assert isinstance(form, RecordForm)
        assert form.entity == "msp_site" and form.record_id is None
        assert form.fixed == {"msp_id": msp}
        assert [f.name for f in form.fields] == ["commune_code", "qpv", "finess", "is_main_site"]
