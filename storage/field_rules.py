"""Rules of the field on zonage, missions and urgent-care coverage, checked on every save.

Registered with :func:`storage.validation.record_rule`: the store (forms, imports) and the central
server (synced ops) refuse the same records with the same French messages. Each rule names its
source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import sqlalchemy as sa
from sqlalchemy import Connection

from storage import fr
from storage.models import ZoningOrder
from storage.rules import ars_of_commune
from storage.validation import FieldError, ValidationError, record_rule

# --- Zonage -------------------------------------------------------------------------------------

#: "ZIP-R", "ZAC R", "zip-r": a class followed by the mark of a territory the ARS retained.
_RETAINED_MARK = re.compile(r"^\s*(?P<zone_class>.+?)\s*[-_ ]\s*R\s*$", re.IGNORECASE)


def split_retained_class(text: str) -> tuple[str, bool]:
    """A zonage class as a regional file may write it: ("ZIP", True) for "ZIP-R".

    Source: the ARS "a la possibilité de retenir dans ce zonage d'autres territoires en fonction
    des besoins localement identifiés" (arrêté du 13/11/2017, method of the zonage): such a
    territory keeps its class (ZIP, ZAC...) and is flagged "retenu par l'ARS".
    """
    match = _RETAINED_MARK.match(text or "")
    if match is None or match.group("zone_class").upper() not in fr.CHOICES["zone_class"]:
        return text, False
    return match.group("zone_class"), True


@record_rule("zoning_entry")
def check_entry_in_the_orders_ars(
    record: Mapping[str, Any], connection: Connection
) -> list[FieldError]:
    """An arrêté of an ARS holds only communes of that ARS (on its date d'effet).

    Source: the zonage is an "arrêté du directeur général de l'ARS" (DOMAIN.md): it zones the
    territory of that ARS only; an arrêté of ARS Océan Indien (until 31/12/2019) holds communes
    of La Réunion and Mayotte.
    """
    commune, order_id = record.get("commune_code"), record.get("order_id")
    if not commune or not order_id:
        return []
    order: sa.Table = ZoningOrder.__table__  # type: ignore[attr-defined]
    row = connection.execute(
        sa.select(order.c.ars_code, order.c.number, order.c.effective_date).where(
            order.c.id == order_id
        )
    ).first()
    if row is None:
        return []  # the reference check says so
    try:
        commune_ars = ars_of_commune(commune, row.effective_date)
    except ValidationError:
        return []  # a commune no ARS covers: the reference checks say what is wrong
    if commune_ars == row.ars_code:
        return []
    message = fr.MSG_ZONING_ENTRY_OTHER_ARS.format(
        code=commune, ars=commune_ars, number=row.number, order_ars=row.ars_code
    )
    return [FieldError("commune_code", message)]
