"""Small records that several test modules start from."""

from __future__ import annotations

from storage.records.store import Store

#: A professional's fields: no more than a create needs.
PRO = {"last_name": "Payet", "first_name": "Léa"}


def make_project(store: Store) -> tuple[str, str]:
    """A replacing GP (Marie-Claude Hoarau) and her installation project at Cilaos (97424),
    first contact 05/01/2026: (professional id, project id)."""
    pro = store.create(
        "professional",
        {"last_name": "Hoarau", "first_name": "Marie-Claude", "situation": "remplacant"},
    )
    project = store.create(
        "installation_project",
        {"professional_id": pro, "commune_code": "97424", "first_contact_date": "05/01/2026"},
    )
    return pro, project
