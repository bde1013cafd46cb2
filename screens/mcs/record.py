"""The page of one médecin correspondant du SAMU: fields, last training and next refresher,
trainings, equipment (expired items flagged), communes covered, interventions.

Keys beside the record page's own (``e`` edit, ``t`` status, ``j`` journal): ``f`` adds a
training, ``m`` an equipment item, ``c`` a commune covered, ``v`` an intervention; Entrée on a
line edits it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on

from screens import text as tx
from screens.mcs.form import ENTITY, McsForm
from screens.section import LinesRecordScreen, LineTable, show_lines, today
from screens.widgets.formatting import format_value
from screens.widgets.record_page import RecordData, RecordScreen, field_names
from storage import vocabulary as voc

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from storage.queries.samu import McsDetail


def refresher_text(detail: McsDetail, status: str | None) -> str:
    """When the next yearly refresher is due; late ones say so."""
    due = detail.refresher_due
    if due is None:
        return tx.SAMU_REFRESHER_NOW if status == "actif" else tx.EMPTY_VALUE
    if due < today():
        return tx.SAMU_REFRESHER_LATE.format(date=voc.format_date(due))
    return voc.format_date(due)


class McsRecordScreen(LinesRecordScreen):
    """``e`` edit, ``t`` status, ``j`` journal, ``f``/``m``/``c``/``v`` add a line, Échap back."""

    ENTITY = ENTITY
    FIELDS = field_names(
        "professional_id status samu_attachment convention_date convention_number"
        " last_training refresher_due availability notes"
    )
    FORM = McsForm

    LINE_PARENT = "mcs_id"
    LINE_TABLES = (
        LineTable(
            "mcs-trainings",
            "mcs_training",
            "f",
            tx.SAMU_TRAININGS,
            tx.SAMU_TRAINING_COLUMNS,
            "kind training_date",
            tx.BINDING_ADD_TRAINING,
        ),
        LineTable(
            "mcs-equipment",
            "mcs_equipment",
            "m",
            tx.SAMU_EQUIPMENT,
            tx.SAMU_EQUIPMENT_COLUMNS,
            "item handed_over_date expiry_date",
        ),
        LineTable(
            "mcs-communes",
            "mcs_commune",
            "c",
            tx.SAMU_COMMUNES,
            tx.SAMU_COMMUNE_COLUMNS,
            "commune_code:commune",
        ),
        LineTable(
            "mcs-interventions",
            "mcs_intervention",
            "v",
            tx.SAMU_INTERVENTIONS,
            tx.SAMU_INTERVENTION_COLUMNS,
            "intervention_date commune_code:commune smur_engaged",
        ),
    )

    #: What the last load read; None until loaded.
    detail: McsDetail | None = None

    def load_extra(self, connection: Connection, data: RecordData) -> None:
        from storage.queries.samu import mcs_detail

        # Read by the Loaded handler, which runs after this worker has posted its message.
        self.detail = mcs_detail(connection, self.record_id)

    def describe(self, data: RecordData, name: str) -> str:
        detail = self.detail
        if name == "last_training":
            last = detail.last_training if detail is not None else None
            return voc.format_date(last) if last is not None else tx.SAMU_NEVER_TRAINED
        if name == "refresher_due":
            if detail is None:
                return tx.EMPTY_VALUE
            return refresher_text(detail, data.record.get("status"))
        return super().describe(data, name)

    @on(RecordScreen.Loaded)
    def _show_detail(self, _message: RecordScreen.Loaded) -> None:
        detail = self.detail
        if detail is None:
            return
        day = today()
        trainings = [
            (voc.format_date(t.training_date), format_value("mcs_training", "kind", t.kind))
            for t in detail.trainings
        ]
        show_lines(self, "mcs-trainings", trainings, detail.trainings)
        equipment = [
            (
                e.item,
                voc.format_date(e.handed_over_date),
                Text(tx.SAMU_EXPIRED.format(date=voc.format_date(e.expiry_date)), style="bold red")
                if e.expiry_date is not None and e.expiry_date < day
                else voc.format_date(e.expiry_date),
            )
            for e in detail.equipment
        ]
        show_lines(self, "mcs-equipment", equipment, detail.equipment)
        communes = [
            (f"{c.commune_name} ({c.commune_code})", c.localite or "") for c in detail.communes
        ]
        show_lines(self, "mcs-communes", communes, detail.communes)
        interventions = [
            (
                voc.format_date(i.intervention_date),
                i.commune_name,
                i.localite or "",
                tx.YES if i.smur_engaged else tx.NO,
            )
            for i in detail.interventions
        ]
        show_lines(self, "mcs-interventions", interventions, detail.interventions)

    def line_saved(self, entity: str, line_id: str) -> None:
        if entity == "mcs_commune":
            self._show_coverage_effect(line_id)

    def _show_coverage_effect(self, line_id: str) -> None:
        """Adding a commune to an active MCS: its effect on the coverage, or why there is none
        (:func:`storage.queries.coverage_effect.coverage_effect`)."""
        from storage.db import read_connection
        from storage.queries.coverage_effect import coverage_effect

        line = self.context.store().get("mcs_commune", line_id)
        with read_connection(self.context.engine) as connection:
            text = coverage_effect(
                connection, self.record_id, line["commune_code"], line.get("localite"), today()
            )
        self.notify(text, title=tx.COVERAGE_EFFECT_TITLE, timeout=12)
