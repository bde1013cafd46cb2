"""What adding an active MCS for a commune changes to its urgent-care coverage, in French.

Issue 12: "Adding an active MCS for a commune shows its effect or says why not". The coverage
of a commune (or localité) is a dated measure (``urgent_care_coverage``): the population beyond
30 minutes of urgent care and the part of it the MCS bring under 30 minutes. A new MCS does not
rewrite that measure; the correspondent sees the latest measure, how many active MCS cover the
place now against how many the measure counted, and what is left to bring under 30 minutes.
"""

from __future__ import annotations

from datetime import date

import sqlalchemy as sa
from sqlalchemy import Connection

from storage import vocabulary as voc

ACTIVE_MCS_STATUS = "actif"


def coverage_effect(
    connection: Connection, mcs_id: str, commune_code: str, localite: str | None, on: date
) -> str:
    """The effect of MCS ``mcs_id`` covering ``commune_code`` (and ``localite``) on ``on``, or
    why there is none to show."""
    status = connection.execute(
        sa.text("SELECT status FROM mcs WHERE id = :id"), {"id": mcs_id}
    ).scalar()
    name = connection.execute(
        sa.text("SELECT name FROM commune WHERE code = :code"), {"code": commune_code}
    ).scalar()
    place = f"{name or commune_code}" + (f" ({localite})" if localite else "")
    if status != ACTIVE_MCS_STATUS:
        return voc.COVERAGE_EFFECT_NOT_ACTIVE.format(place=place)
    measure = connection.execute(
        sa.text(
            "SELECT as_of, population_beyond_30min, population_covered_by_mcs, active_mcs"
            " FROM urgent_care_coverage WHERE deleted = 0 AND commune_code = :code"
            " AND localite IS :localite AND as_of <= :on ORDER BY as_of DESC, id DESC LIMIT 1"
        ),
        {"code": commune_code, "localite": localite, "on": on.isoformat()},
    ).first()
    if measure is None:
        return voc.COVERAGE_EFFECT_NO_MEASURE.format(place=place)
    as_of = (
        measure.as_of
        if isinstance(measure.as_of, date)
        else date.fromisoformat(str(measure.as_of)[:10])
    )
    beyond, covered = int(measure.population_beyond_30min), int(measure.population_covered_by_mcs)
    if beyond == 0:
        return voc.COVERAGE_EFFECT_NOBODY_BEYOND.format(place=place, date=voc.format_date(as_of))
    now = connection.execute(
        sa.text(
            "SELECT COUNT(DISTINCT m.id) FROM mcs m JOIN mcs_commune mc ON mc.mcs_id = m.id"
            " WHERE m.deleted = 0 AND mc.deleted = 0 AND m.status = :active"
            " AND mc.commune_code = :code"
        ),
        {"active": ACTIVE_MCS_STATUS, "code": commune_code},
    ).scalar_one()
    return voc.COVERAGE_EFFECT.format(
        place=place,
        date=voc.format_date(as_of),
        beyond=voc.format_int(beyond),
        covered=voc.format_int(covered),
        measured=voc.format_int(int(measure.active_mcs)),
        now=voc.format_int(int(now)),
        left=voc.format_int(beyond - min(covered, beyond)),
    )
