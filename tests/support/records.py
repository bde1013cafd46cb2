"""Small records that several test modules start from."""

from __future__ import annotations

from typing import Any

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


def pulled_pro(record_id: str, seq: int, **fields: Any) -> dict[str, Any]:
    """A professional as a pull page brings it: server seq and version ``seq``, changed by
    another device ("autre"), with ``fields`` over a last and a first name."""
    return {
        "entity": "professional",
        "id": record_id,
        "ars_code": "REU",
        "version": seq,
        "server_seq": seq,
        "deleted": False,
        "fields": {"last_name": "Serveur", "first_name": "Paul", **fields},
        "updated_at": "2026-03-03T10:00:00+00:00",
        "updated_by": "autre",
    }


def phone_conflict(op_id: str, *, at: str) -> dict[str, Any]:
    """The server's answer to an op that set the phone 0692111111 on a record whose phone was
    0692000000 and that another device ("autre") set to 0692222222 first."""
    return {
        "op_id": op_id,
        "status": "conflict",
        "conflicts": [
            {
                "field": "phone",
                "base": "0692000000",
                "mine": "0692111111",
                "theirs": "0692222222",
                "by": "autre",
                "at": at,
            }
        ],
        "reason": None,
    }
