"""The page of one projet de MSP: its fields, sites, staffing planned vs present, fundings.

An MSP that opened with empty offices is a known failure ("maisons de santé vides"): when the
MSP is open and some planned posts are not filled, the staffing section says so in red, and the
table shows each profession's gap (:func:`storage.queries.msp.msp_detail`).

Keys beside the record page's own (``e`` edit, ``t`` status, ``j`` journal): ``p`` adds a
staffing line, ``i`` a site, ``f`` a funding; Entrée on a line of those tables edits it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.text import Text
from textual import on

from screens import text as tx
from screens.msp.form import ENTITY, MspForm
from screens.section import LinesRecordScreen, LineTable, number_cell, show_detail_rows, show_lines
from screens.widgets.formatting import format_money, format_value
from screens.widgets.record_page import RecordData, RecordScreen, field_names
from storage import vocabulary as voc

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from storage.queries.msp import MspDetail


def staffing_note(detail: MspDetail) -> Text:
    """The remark above the staffing table: the empty offices of an opened MSP, in red."""
    if not detail.opened:
        return Text("")
    if detail.unfilled:
        return Text(tx.MSP_EMPTY_OFFICES.format(count=detail.unfilled), style="bold red")
    return Text(tx.MSP_ALL_FILLED)


class MspRecordScreen(LinesRecordScreen):
    """``e`` edit, ``t`` status, ``j`` journal, ``p``/``i``/``f`` add a line, Échap back."""

    ENTITY = ENTITY
    FIELDS = field_names(
        "name status sponsor_kind sponsor_name opening_date aci_signed_date health_themes"
        " referent notes"
    )
    FORM = MspForm

    LINE_PARENT = "msp_id"
    LINE_TABLES = (
        LineTable(
            "msp-staffing",
            "msp_staffing",
            "p",
            tx.MSP_STAFFING,
            tx.MSP_STAFFING_COLUMNS,
            "profession planned present",
            tx.BINDING_ADD_STAFFING,
        ),
        LineTable(
            "msp-sites",
            "msp_site",
            "i",
            tx.MSP_SITES,
            tx.MSP_SITE_COLUMNS,
            "commune_code:commune qpv finess is_main_site",
            tx.BINDING_ADD_SITE,
        ),
        LineTable(
            "msp-fundings",
            "msp_funding",
            "f",
            tx.MSP_FUNDINGS,
            tx.MSP_FUNDING_LINE_COLUMNS,
            "funder amount_cents decision_date notes",
            tx.BINDING_ADD_FUNDING,
        ),
    )

    #: What the last load read (sites, staffing, fundings); None until loaded.
    detail: MspDetail | None = None

    def title_of(self, data: RecordData) -> str:
        return str(data.record.get("name") or voc.ENTITY_LABELS[ENTITY])

    def describe(self, data: RecordData, name: str) -> str:
        themes = data.record.get("health_themes")
        if name == "health_themes" and themes:
            return ", ".join(theme.strip() for theme in themes.split(";") if theme.strip())
        return super().describe(data, name)

    def load_extra(self, connection: Connection, data: RecordData) -> None:
        from storage.queries.msp import msp_detail

        # Read by the Loaded handler, which runs after this worker has posted its message.
        self.detail = msp_detail(connection, self.record_id)

    @on(RecordScreen.Loaded)
    def _show_detail(self, _message: RecordScreen.Loaded) -> None:
        detail = self.detail
        if detail is None:
            return
        professions = voc.CHOICES["msp_staffing.profession"]
        staffing = [
            (
                professions.get(line.profession, line.profession),
                number_cell(voc.format_int(line.planned)),
                number_cell(voc.format_int(line.present)),
                Text(voc.format_int(line.unfilled), justify="right", style="bold red")
                if line.unfilled
                else number_cell("0"),
            )
            for line in detail.staffing
        ]
        if staffing:
            staffing.append(
                (
                    Text(tx.MSP_TOTAL, style="bold"),
                    number_cell(voc.format_int(detail.planned)),
                    number_cell(voc.format_int(detail.present)),
                    number_cell(voc.format_int(detail.unfilled)),
                )
            )
        note = staffing_note(detail) if staffing else Text(tx.MSP_NOTHING)
        show_detail_rows(
            self,
            "msp-staffing",
            staffing,
            note=note,
            keys=[x.id for x in detail.staffing] + ["#total"],
        )
        sites = [
            (
                f"{site.commune_name} ({site.commune_code})",
                site.localite or "",
                tx.YES if site.qpv else tx.NO,
                site.finess or "",
                tx.YES if site.is_main_site else "",
            )
            for site in detail.sites
        ]
        show_lines(self, "msp-sites", sites, detail.sites)
        fundings = [
            (
                format_value("msp_funding", "funder", line.funder),
                number_cell(format_money(line.amount_cents)),
                voc.format_date(line.decision_date),
            )
            for line in detail.fundings
        ]
        if fundings:
            fundings.append(
                (
                    Text(tx.MSP_TOTAL, style="bold"),
                    number_cell(format_money(detail.funding_total_cents)),
                    "",
                )
            )
        show_lines(self, "msp-fundings", fundings, detail.fundings)
