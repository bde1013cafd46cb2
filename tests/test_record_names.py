"""History and conflicts speak French: names instead of ids (issue 11)."""

from __future__ import annotations

import json

from storage import record_names
from storage.db import Database
from storage.store import Store
from tests.support.records import make_project


def test_reference_values_become_names(database: Database) -> None:
    store = Store(database.engine, user="c.payet", ars_code="REU")
    pro, _ = make_project(store)
    with database.engine.connect() as connection:
        names = record_names.value_names(
            connection,
            [("professional_id", json.dumps(pro)), ("commune_code", '"97415"'), ("note", '"x"')],
        )
    assert names == {
        ("professional_id", json.dumps(pro)): "Hoarau Marie-Claude",
        ("commune_code", '"97415"'): "Saint-Paul (97415)",
    }


def test_a_record_is_named_by_what_it_is_about(database: Database) -> None:
    store = Store(database.engine, user="c.payet", ars_code="REU")
    pro, project = make_project(store)
    with database.engine.connect() as connection:
        assert (
            record_names.record_title(connection, "installation_project", project)
            == "Projet d'installation — Hoarau Marie-Claude, Cilaos"
        )
        assert (
            record_names.record_title(connection, "professional", pro)
            == "Professionnel — Hoarau Marie-Claude"
        )
        unknown = record_names.record_title(connection, "professional", "0" * 36)
    assert unknown == "Professionnel …00000000"
