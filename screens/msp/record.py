"""The page of one projet de MSP: its fields, sites, staffing planned vs present, fundings.

An MSP that opened with empty offices is a known failure ("maisons de santé vides"): when the
MSP is open and some planned posts are not filled, the staffing section says so in red, and the
table shows each profession's gap (:func:`storage.msp_queries.msp_detail`).

Keys beside the record page's own (``e`` edit, ``t`` status, ``j`` journal): ``p`` adds a
staffing line, ``i`` a site, ``f`` a funding; Entrée on a line of those tables edits it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import DataTable

from screens.msp.form import ENTITY, MspForm, line_form
from screens.msp.form import FIELDS as EDITED_FIELDS
from screens.section import add_detail_sections, number_cell, show_detail_rows
from screens.widgets.formatting import format_money, format_value
from screens.widgets.record_form import FormField, RecordForm
from screens.widgets.record_page import RecordData, RecordScreen
from storage import fr

if TYPE_CHECKING:
    from sqlalchemy import Connection

    from storage.msp_queries import MspDetail

#: Table id -> the record type of its lines.
LINE_TABLES = {
    "msp-staffing": "msp_staffing",
    "msp-sites": "msp_site",
    "msp-fundings": "msp_funding",
}


def staffing_note(detail: MspDetail) -> Text:
    """The remark above the staffing table: the empty offices of an opened MSP, in red."""
    if not detail.opened:
        return Text("")
    if detail.unfilled:
        return Text(fr.MSP_EMPTY_OFFICES.format(count=detail.unfilled), style="bold red")
    return Text(fr.MSP_ALL_FILLED)


class MspRecordScreen(RecordScreen):
    """``e`` edit, ``t`` status, ``j`` journal, ``p``/``i``/``f`` add a line, Échap back."""

    ENTITY: ClassVar[str] = ENTITY
    FIELDS: ClassVar[tuple[str, ...]] = (
        "name",
        "status",
        "sponsor_kind",
        "sponsor_name",
        "opening_date",
        "aci_signed_date",
        "health_themes",
        "referent",
        "notes",
    )
    FORM_FIELDS: ClassVar[tuple[FormField, ...]] = EDITED_FIELDS

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("p", "add_line('msp_staffing')", fr.BINDING_ADD_STAFFING, id="msp.add_staffing"),
        Binding("i", "add_line('msp_site')", fr.BINDING_ADD_SITE, id="msp.add_site"),
        Binding("f", "add_line('msp_funding')", fr.BINDING_ADD_FUNDING, id="msp.add_funding"),
    ]

    #: What the last load read (sites, staffing, fundings); None until loaded.
    detail: MspDetail | None = None

    def on_mount(self) -> None:
        add_detail_sections(
            self,
            [
                ("msp-staffing", fr.MSP_STAFFING, fr.MSP_STAFFING_COLUMNS),
                ("msp-sites", fr.MSP_SITES, fr.MSP_SITE_COLUMNS),
                ("msp-fundings", fr.MSP_FUNDINGS, fr.MSP_FUNDING_LINE_COLUMNS),
            ],
        )

    def title_of(self, data: RecordData) -> str:
        return str(data.record.get("name") or fr.ENTITY_LABELS[ENTITY])

    def describe(self, data: RecordData, name: str) -> str:
        themes = data.record.get("health_themes")
        if name == "health_themes" and themes:
            return ", ".join(theme.strip() for theme in themes.split(";") if theme.strip())
        return super().describe(data, name)

    def load_extra(self, connection: Connection, data: RecordData) -> None:
        from storage.msp_queries import msp_detail

        # Read by the Loaded handler, which runs after this worker has posted its message.
        self.detail = msp_detail(connection, self.record_id)

    @on(RecordScreen.Loaded)
    def _show_detail(self, _message: RecordScreen.Loaded) -> None:
        detail = self.detail
        if detail is None:
            return
        professions = fr.CHOICES["msp_staffing.profession"]
        staffing = [
            (
                professions.get(line.profession, line.profession),
                number_cell(fr.format_int(line.planned)),
                number_cell(fr.format_int(line.present)),
                Text(fr.format_int(line.unfilled), justify="right", style="bold red")
                if line.unfilled
                else number_cell("0"),
            )
            for line in detail.staffing
        ]
        if staffing:
            staffing.append(
                (
                    Text(fr.MSP_TOTAL, style="bold"),
                    number_cell(fr.format_int(detail.planned)),
                    number_cell(fr.format_int(detail.present)),
                    number_cell(fr.format_int(detail.unfilled)),
                )
            )
        note = staffing_note(detail) if staffing else Text(fr.MSP_NOTHING)
        show_detail_rows(self, "msp-staffing", staffing, note=note, keys=_keys(detail.staffing))
        sites = [
            (
                f"{site.commune_name} ({site.commune_code})",
                site.localite or "",
                fr.YES if site.qpv else fr.NO,
                site.finess or "",
                fr.YES if site.is_main_site else "",
            )
            for site in detail.sites
        ]
        show_detail_rows(
            self,
            "msp-sites",
            sites,
            note="" if sites else fr.MSP_NOTHING,
            keys=_keys(detail.sites),
        )
        fundings = [
            (
                format_value("msp_funding", "funder", line.funder),
                number_cell(format_money(line.amount_cents)),
                fr.format_date(line.decision_date),
            )
            for line in detail.fundings
        ]
        if fundings:
            fundings.append(
                (
                    Text(fr.MSP_TOTAL, style="bold"),
                    number_cell(format_money(detail.funding_total_cents)),
                    "",
                )
            )
        show_detail_rows(
            self,
            "msp-fundings",
            fundings,
            note="" if fundings else fr.MSP_NOTHING,
            keys=_keys(detail.fundings),
        )

    def edit_form(self, data: RecordData) -> RecordForm:
        return MspForm(self.context, record_id=self.record_id, values=data.record)

    def action_add_line(self, entity: str) -> None:
        self.app.push_screen(line_form(self.context, entity, self.record_id), self._after_line)

    @on(DataTable.RowSelected)
    def _edit_line(self, event: DataTable.RowSelected) -> None:
        entity = LINE_TABLES.get(event.data_table.id or "")
        key = event.row_key.value
        if entity is None or key is None or key.startswith("#"):
            return  # the record page's own tables, or a total line
        event.stop()
        values = self.context.store().get(entity, key)
        self.app.push_screen(
            line_form(self.context, entity, self.record_id, record_id=key, values=values),
            self._after_line,
        )

    def _after_line(self, result: object) -> None:
        if result is not None:
            self.reload()


def _keys(lines: list) -> list[str]:  # type: ignore[type-arg]
    """Row keys: each line's record id, then "#total" for a total row."""
    return [line.id for line in lines] + ["#total"]
