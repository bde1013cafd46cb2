"""The pickers' queries, in storage (no SQL in screens): rows, not labels."""

from __future__ import annotations

from storage.db import Database, read_connection
from storage.lookup_queries import (
    commune_by_code,
    matching_communes,
    matching_professionals,
    professional_by_id,
    search_words,
)
from storage.store import Store


def test_typed_text_becomes_accent_free_words() -> None:
    assert search_words("L'Étang-Salé") == ["l", "etang", "sale"]
    assert search_words("  Saint  Pierre ") == ["saint", "pierre"]
    assert search_words("   ") == []


def test_communes_match_every_word_own_ars_first_and_wildcards_are_escaped(
    database: Database,
) -> None:
    with read_connection(database.engine) as connection:
        [etang] = matching_communes(connection, "etang sale", 8)
        assert etang == ("97404", "L'Étang-Salé", "La Réunion")
        assert etang.departement == "La Réunion"
        assert matching_communes(connection, "sainte rose", 8)[0].code == "97129"
        assert matching_communes(connection, "sainte rose", 8, ars_code="REU")[0].code == "97419"
        assert len(matching_communes(connection, "saint", 3)) == 3
        assert matching_communes(connection, "100%", 8) == []
        assert matching_communes(connection, "", 8) == []
        assert commune_by_code(connection, "97611") == ("97611", "Mamoudzou", "Mayotte")
        assert commune_by_code(connection, "00000") is None


def test_professionals_match_by_name_live_only_and_by_profession(database: Database) -> None:
    store = Store(database.engine, user="test", ars_code="REU")
    kept = store.create(
        "professional",
        {"last_name": "Zephirin", "first_name": "Anne", "profession": "medecin"},
    )
    nurse = store.create(
        "professional",
        {"last_name": "Zephirin", "first_name": "Paul", "profession": "infirmier"},
    )
    gone = store.create(
        "professional",
        {"last_name": "Zephirin", "first_name": "Zoé", "profession": "medecin"},
    )
    store.delete("professional", gone)
    with read_connection(database.engine) as connection:
        found = matching_professionals(connection, "ZÉPHIRIN", 8)
        assert [row.id for row in found] == [kept, nurse]  # by name, the deleted one left out
        assert found[0].commune is None  # no installation project yet
        physicians = matching_professionals(connection, "zephirin", 8, professions=("medecin",))
        assert [row.id for row in physicians] == [kept]
        row = professional_by_id(connection, nurse)
        assert row is not None and (row.last_name, row.profession) == ("Zephirin", "infirmier")
        assert professional_by_id(connection, "no-such-id") is None
