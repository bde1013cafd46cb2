"""The page of one mission de solidarité territoriale: its zone, doctor, place, days and the
indemnity they give (days x 200 €), with journal and history."""

from __future__ import annotations

from typing import TYPE_CHECKING

from screens import text as tx
from screens.missions.form import ENTITY, MissionForm
from screens.widgets.formatting import format_money
from screens.widgets.record_page import RecordData, RecordScreen, field_names
from storage import vocabulary as voc

if TYPE_CHECKING:
    from sqlalchemy import Connection


def indemnity_text(days: int | None) -> str:
    """ "2 jours × 200 € = 400,00 €" (the rule, then the amount)."""
    from storage.rules import mission_indemnity_cents

    days = days or 0
    return tx.MISSIONS_INDEMNITY.format(
        days=days_text(days), amount=format_money(mission_indemnity_cents(days))
    )


def days_text(days: int) -> str:
    """ "1 jour", "2 jours" (French: 0 and 1 take the singular)."""
    singular, plural = tx.MISSIONS_DAYS
    return (singular if days < 2 else plural).format(count=voc.format_int(days))


class MissionRecordScreen(RecordScreen):
    """``e`` edit, ``t`` status (the mission workflow's legal moves), ``j`` journal."""

    ENTITY = ENTITY
    FIELDS = field_names(
        "priority_zone_id professional_id status host_kind host_name commune_code"
        " start_date end_date days indemnity_cents consultations notes"
    )
    FORM = MissionForm

    def load_extra(self, connection: Connection, data: RecordData) -> None:
        from storage.mission_queries import zone_name

        name = zone_name(connection, data.record.get("priority_zone_id"))
        if name:
            data.names["priority_zone_id"] = name

    def describe(self, data: RecordData, name: str) -> str:
        if name == "indemnity_cents":
            return indemnity_text(data.record.get("days"))
        return super().describe(data, name)
