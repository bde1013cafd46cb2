"""``ars-tui zonage COMMUNE``: find a commune by INSEE code or name, and say its zonage on a date.

The answer itself is :func:`storage.rules.zoning_on` (the same rule as the projects' zonage class
and the Territoires section); this module finds the commune and words the answer in French.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

import sqlalchemy as sa
from sqlalchemy import Connection

from storage import rules
from storage import vocabulary as voc
from storage.text import search_key
from storage.validation import ValidationError

_INSEE = re.compile(r"(\d[\dAB]\d{3})", re.IGNORECASE)


@dataclass(frozen=True)
class CommuneHit:
    code: str
    name: str
    departement_code: str


def _name_key(text: str) -> str:
    """A name compared without accents, case, hyphens or apostrophes ("saint denis")."""
    return " ".join(re.sub(r"[-'’]", " ", search_key(text)).split())


def find_communes(connection: Connection, query: str) -> list[CommuneHit]:
    """The communes ``query`` names: an INSEE code ("97424"), or a name whatever its accents,
    case and hyphens ("cilaos", "Saint Denis"); several when the name is shared."""
    text = query.strip()
    if _INSEE.fullmatch(text):
        rows = connection.execute(
            sa.text("SELECT code, name, departement_code FROM commune WHERE code = :code"),
            {"code": text.upper()},
        ).all()
    else:
        key = _name_key(text)
        if not key:
            return []
        # search_key is "name code", accent-free: narrow on its first letters, then compare the
        # whole name without hyphens and apostrophes.
        first = re.split(r"[ '’-]", search_key(text))[0]
        candidates = connection.execute(
            sa.text(
                "SELECT code, name, departement_code FROM commune"
                " WHERE search_key LIKE :prefix ORDER BY code"
            ),
            {"prefix": first.replace("%", "").replace("_", "") + "%"},
        ).all()
        rows = [row for row in candidates if _name_key(row[1]) == key]
    return [CommuneHit(code, name, departement) for code, name, departement in rows]


def zoning_answer(connection: Connection, commune: CommuneHit, on: date) -> list[str]:
    """The lines ``ars-tui zonage`` prints for ``commune`` on ``on``."""
    found = rules.zoning_on(connection, commune.code, on)
    place = voc.ZONAGE_CLI_PLACE.format(name=commune.name, code=commune.code)
    when = voc.format_date(on)
    if found is None:
        try:
            ars = rules.ars_of_commune(commune.code, on)
        except ValidationError:  # a commune no ARS covers (Saint-Pierre-et-Miquelon)
            return [voc.ZONAGE_CLI_NO_ARS.format(place=place, date=when)]
        return [voc.ZONAGE_CLI_NONE.format(place=place, date=when, ars=ars)]
    label = voc.CHOICES["zone_class"].get(found.zone_class, found.zone_class)
    lines = [voc.ZONAGE_CLI_CLASS.format(place=place, date=when, zone_class=found.zone_class,
                                        label=label)]  # fmt: skip
    if found.retained_by_ars:
        lines.append(voc.ZONAGE_CLI_RETAINED)
    order = found.order
    lines.append(
        voc.ZONAGE_CLI_ORDER.format(
            number=order.number,
            effective=voc.format_date(order.effective_date),
            end=voc.format_date(order.end_date) if order.end_date else voc.ZONAGE_CLI_NO_END,
            ars=order.ars_code,
            ars_name=_ars_name(connection, order.ars_code),
        )
    )
    if order.ars_code != found.ars_code:
        lines.append(voc.ZONAGE_CLI_FORMER_ARS.format(former=order.ars_code, ars=found.ars_code))
    return lines


def _ars_name(connection: Connection, code: str) -> str:
    name = connection.execute(
        sa.text("SELECT name FROM ars WHERE code = :code"), {"code": code}
    ).scalar()
    return str(name) if name else code
