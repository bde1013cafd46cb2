"""A pull page's rows are written by hand (the stored fields text spliced in, strings through
the C encoder, stamps cached): each must still be the JSON of its values."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta, timezone
from types import SimpleNamespace

import pytest

from ars_tui.central import pull_pages

REUNION = timezone(timedelta(hours=4))


@pytest.mark.parametrize(
    ("updated_at", "updated_by", "wire_at"),
    [
        (
            datetime(2026, 1, 5, 10, 0, tzinfo=REUNION),
            'Élodie « Payet » \u2028\x01"\\',
            "2026-01-05T06:00:00+00:00",
        ),
        # SQLite's central base gives naive datetimes (UTC)
        (datetime(2026, 1, 5, 10, 0, 0, 1), None, "2026-01-05T10:00:00.000001+00:00"),
        (datetime(2026, 1, 5, 10, 0, tzinfo=UTC), "c.payet", "2026-01-05T10:00:00+00:00"),
    ],
)
def test_a_pulled_row_is_the_json_of_its_values(
    updated_at: datetime, updated_by: str | None, wire_at: str
) -> None:
    row = SimpleNamespace(
        entity="professional",
        id='0197d2f0-"quoted"\\',
        ars_code="REU",
        version=3,
        seq=41,  # the pull's query names the seq of both of its sides so
        deleted=True,
        data='{"last_name":"Hoarau","specialty":null}',
        updated_at=updated_at,
        updated_by=updated_by,
    )
    for _ in range(2):  # the second time, the stamp comes from the cache
        assert json.loads(pull_pages._row_json(row)) == {  # type: ignore[arg-type]
            "entity": "professional",
            "id": '0197d2f0-"quoted"\\',
            "ars_code": "REU",
            "version": 3,
            "server_seq": 41,
            "deleted": True,
            "fields": {"last_name": "Hoarau", "specialty": None},
            "updated_at": wire_at,
            "updated_by": updated_by,
        }
