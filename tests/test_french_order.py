"""Sorting follows French order (issue 11): accents and case do not push a name to the end."""

from __future__ import annotations

from pathlib import Path

from storage.db import Database, read_connection
from storage.queries import territories
from storage.queries.paged import ListRequest, list_page
from storage.records.store import Store
from storage.text import french_compare


def test_the_collation_ignores_accents_and_case_then_breaks_ties() -> None:
    names = ["Boyer", "bernard", "Ébrard", "Bègue", "Ile-de-France", "Île-de-France", "Igor"]
    import functools

    ordered = sorted(names, key=functools.cmp_to_key(french_compare))
    assert ordered == [
        "Bègue",
        "bernard",
        "Boyer",
        "Ébrard",
        "Igor",
        "Ile-de-France",
        "Île-de-France",
    ]


def test_lists_and_sql_sort_in_french_order(database: Database) -> None:
    store = Store(database.engine, user="Marie Payet", ars_code="REU")
    for last in ("Boyer", "Bègue", "ÉBRARD", "bernard", "Zitte"):
        store.create(
            "professional", {"last_name": last, "first_name": "Léa", "situation": "remplacant"}
        )
    with read_connection(database.engine) as connection:
        page = list_page(connection, ListRequest("professional", sort="last_name", limit=10))
        names = [row["last_name"] for row in page.rows]
        assert names == ["Bègue", "bernard", "Boyer", "ÉBRARD", "Zitte"]
        ars = [name for _, name in territories.ars_options(connection)]
    # "Île-de-France" among the I, not after "Provence-Alpes-Côte d'Azur".
    index = ars.index("ARS Île-de-France")
    assert ars[index - 1 : index + 2] == [
        "ARS Hauts-de-France",
        "ARS Île-de-France",
        "ARS La Réunion",
    ]


def test_exports_sort_names_in_french_order(database: Database, tmp_path: Path) -> None:
    """Issue 11: the professionals' export in French order (accent-free key, then the id), read
    by small pages: homonyms across a page boundary are neither lost nor doubled."""
    import csv
    import io

    from storage.exchange.exports import export_records

    store = Store(database.engine, user="Marie Payet", ars_code="REU")
    people = [
        ("Boyer", "Léa"),
        ("Zitte", "Paul"),
        ("Bègue", "Amélie"),
        ("ÉBRARD", "Jean"),
        ("bernard", "Ana"),
        ("Bègue", "Amélie"),
        ("Île", "Marc"),
        ("Igor", "Eva"),
        ("Bègue", "Zoé"),
    ]
    for last, first in people:
        store.create("professional", {"last_name": last, "first_name": first})
    path = tmp_path / "professionnels.csv"
    export_records(database.engine, "professionnels", path, ars_code="REU", page_size=2)
    text = path.read_bytes()[3:].decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    assert [(row["Nom"], row["Prénom"]) for row in rows] == [
        ("Bègue", "Amélie"),
        ("Bègue", "Amélie"),
        ("Bègue", "Zoé"),
        ("bernard", "Ana"),
        ("Boyer", "Léa"),
        ("ÉBRARD", "Jean"),
        ("Igor", "Eva"),
        ("Île", "Marc"),
        ("Zitte", "Paul"),
    ]
    assert len({row["Identifiant"] for row in rows}) == len(people)
