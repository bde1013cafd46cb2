"""``ars-tui report``: one territory's figures as a printable, self-contained HTML page.

The figures are the dashboard's (:func:`storage.queries.dashboard.dashboard_figures`, the same SQL
aggregates the Tableau de bord shows), so the report and the screen never disagree. This module
only resolves the territory code, lays the figures out and draws two charts.

The page carries everything it needs: CSS inline, charts as inline SVG drawn here (bars of the
projects by status, installations per month), no script, no font, no image to fetch: it opens
from a USB stick, on a machine with no network, and prints on A4 (``@media print``).

A territory CODE is an ARS code ("REU"), a département code ("974", "2A"), an EPCI SIREN
("249740101") or a commune INSEE code ("97411"), tried in that order.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING

from storage import vocabulary as voc
from storage.records import workflows

if TYPE_CHECKING:
    from sqlalchemy import Connection, Engine

    from storage.queries.dashboard import Dashboard, IndicatorRow
    from storage.queries.territories import Territory

#: Bar colours of the charts (print well in grey too: they differ in lightness).
BAR_COLOUR = "#2f5d8a"
ACCENT_COLOUR = "#c8553d"
MUTED_COLOUR = "#8a9bb0"


class ReportError(ValueError):
    """The report cannot be made (unknown territory): French message."""


# --- Territory ----------------------------------------------------------------------------------


def resolve_territory(connection: Connection, code: str) -> Territory:
    """The territory a CODE names (see the module docstring), or :class:`ReportError`."""
    from sqlalchemy import text

    from storage.queries.territories import territory_named

    raw = code.strip()
    upper = raw.upper()
    compact = "".join(raw.split())
    tries = (
        ("ars", "SELECT 1 FROM ars WHERE code = :code", upper),
        ("departement", "SELECT 1 FROM departement WHERE code = :code", upper),
        ("epci", "SELECT 1 FROM epci WHERE siren = :code", compact),
        ("commune", "SELECT 1 FROM commune WHERE code = :code", compact.upper()),
    )
    for level, sql, value in tries:
        if value and connection.execute(text(sql), {"code": value}).first() is not None:
            return territory_named(connection, level, value)  # type: ignore[arg-type]
    raise ReportError(voc.MSG_REPORT_UNKNOWN_TERRITORY.format(code=raw[:40]))


# --- Charts (inline SVG) ------------------------------------------------------------------------


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _chart_start(width: int, height: int, title: str) -> list[str]:
    """The opening of a chart's SVG element, with its title (what a screen reader says)."""
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" '
        f'width="{width}" height="{height}" viewBox="0 0 {width} {height}">',
        f"<title>{_e(title)}</title>",
    ]


def horizontal_bars(rows: Sequence[tuple[str, int]], *, title: str, width: int = 640) -> str:
    """A horizontal bar chart as an SVG element: one bar per (label, value), value at its end."""
    label_width, row_height, value_room = 230, 24, 60
    height = row_height * max(1, len(rows)) + 8
    top = max((value for _, value in rows), default=0) or 1
    scale = (width - label_width - value_room) / top
    parts = _chart_start(width, height, title)
    for index, (label, value) in enumerate(rows):
        y = 4 + index * row_height
        bar = max(1.0, value * scale) if value else 0.0
        parts.append(
            f'<text x="{label_width - 8}" y="{y + 16}" text-anchor="end">{_e(label)}</text>'
            f'<rect x="{label_width}" y="{y + 3}" width="{bar:.1f}" height="{row_height - 8}" '
            f'fill="{BAR_COLOUR}"><title>{_e(label)} : {_e(voc.format_int(value))}</title></rect>'
            f'<text x="{label_width + bar + 6:.1f}" y="{y + 16}">{_e(voc.format_int(value))}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def month_bars(months: Sequence[tuple[date, int]], *, title: str, width: int = 640) -> str:
    """Vertical bars, one per month, with every third month named below (MM/AA)."""
    height, bottom, left, top_room = 180, 24, 34, 16
    count = max(1, len(months))
    step = (width - left - 4) / count
    top = max((value for _, value in months), default=0) or 1
    scale = (height - bottom - top_room) / top
    parts = [
        *_chart_start(width, height, title),
        f'<line x1="{left}" y1="{height - bottom}" x2="{width - 4}" y2="{height - bottom}" '
        f'stroke="{MUTED_COLOUR}"/>',
        f'<text x="{left - 4}" y="{top_room + 4}" text-anchor="end">'
        f"{_e(voc.format_int(top))}</text>",
        f'<text x="{left - 4}" y="{height - bottom}" text-anchor="end">0</text>',
    ]
    for index, (month, value) in enumerate(months):
        x = left + index * step
        bar = value * scale
        label = month.strftime("%m/%y")
        parts.append(
            f'<rect x="{x + 2:.1f}" y="{height - bottom - bar:.1f}" width="{step - 4:.1f}" '
            f'height="{bar:.1f}" fill="{ACCENT_COLOUR}">'
            f"<title>{_e(label)} : {_e(voc.format_int(value))}</title></rect>"
        )
        if index % 3 == 0:
            parts.append(
                f'<text x="{x + step / 2:.1f}" y="{height - 6}" text-anchor="middle" '
                f'class="small">{_e(label)}</text>'
            )
    parts.append("</svg>")
    return "".join(parts)


def progress_bar(share: float | None, width: int = 160) -> str:
    """A small SVG gauge of ``share`` (0 to 1); an empty cell without an ARS objective."""
    if share is None:
        return ""
    filled = max(0.0, min(1.0, share)) * width
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" class="gauge" width="{width}" height="12" '
        f'viewBox="0 0 {width} 12" role="img"><title>{_e(_percent(share))}</title>'
        f'<rect width="{width}" height="12" fill="#e3e8ee"/>'
        f'<rect width="{filled:.1f}" height="12" fill="{BAR_COLOUR}"/></svg>'
    )


def _percent(share: float) -> str:
    return f"{voc.format_decimal(share * 100, 0)} %"


# --- The page -----------------------------------------------------------------------------------

STYLE = """
body { font-family: "DejaVu Sans", Arial, Helvetica, sans-serif; color: #1d2733; margin: 2em auto;
  max-width: 60em; line-height: 1.4; }
h1 { font-size: 1.6em; margin-bottom: .2em; }
h2 { font-size: 1.2em; border-bottom: 2px solid #2f5d8a; padding-bottom: .2em; margin-top: 1.6em; }
.meta { color: #4a5868; }
table { border-collapse: collapse; margin: .6em 0; }
th, td { border: 1px solid #c9d2dc; padding: .25em .6em; text-align: left; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
tfoot td { font-weight: bold; }
.figures { display: flex; flex-wrap: wrap; gap: .8em; margin: .6em 0; }
.figure { border: 1px solid #c9d2dc; border-radius: 4px; padding: .4em .8em; min-width: 10em; }
.figure b { display: block; font-size: 1.5em; }
svg.chart text { font-size: 12px; fill: #1d2733; }
svg.chart text.small { font-size: 10px; }
footer { margin-top: 2em; color: #4a5868; font-size: .9em; }
.demo { border: 3px solid #c8553d; color: #c8553d; font-weight: bold; padding: .4em .8em; }
@page { size: A4; margin: 15mm; }
@media print {
  body { margin: 0; max-width: none; font-size: 10pt; }
  section { break-inside: avoid; }
  h2 { break-after: avoid; }
  a { color: inherit; text-decoration: none; }
}
"""


@dataclass(frozen=True)
class _Table:
    headers: Sequence[str]
    rows: Sequence[Sequence[str]]
    #: Columns (by index) that hold numbers, aligned right.
    numeric: frozenset[int] = frozenset()
    footer: Sequence[str] | None = None

    def html(self) -> str:
        def cells(values: Iterable[str], tag: str) -> str:
            return "".join(
                f"<{tag}{' class=n' if i in self.numeric else ''}>{value}</{tag}>"
                for i, value in enumerate(values)
            )

        head = f"<thead><tr>{cells(map(_e, self.headers), 'th')}</tr></thead>"
        body = "".join(f"<tr>{cells(row, 'td')}</tr>" for row in self.rows)
        foot = f"<tfoot><tr>{cells(self.footer, 'td')}</tr></tfoot>" if self.footer else ""
        return f"<table>{head}<tbody>{body}</tbody>{foot}</table>"


def _n(value: int) -> str:
    return _e(voc.format_int(value))


def _euros(cents: int) -> str:
    return _e(voc.format_decimal(cents / 100, 2) + " €")


def _figure(label: str, value: str) -> str:
    return f'<div class="figure"><b>{value}</b>{_e(label)}</div>'


def _by_workflow(entity: str, counts: dict[str, int]) -> list[tuple[str, int]]:
    """(label, count) of every state of the workflow in its order, then unknown codes."""
    workflow = workflows.workflow_for(entity, {})
    rows = [(state.label, counts.get(code, 0)) for code, state in workflow.states.items()]
    rows += [(code, count) for code, count in counts.items() if code not in workflow.states]
    return rows


def render_report(figures: Dashboard, *, generated_at: datetime | None = None) -> str:
    """The HTML page of one territory's figures (pure: no database, no clock unless none given)."""
    generated = generated_at or datetime.now()
    territory = figures.territory
    level = voc.REPORT_LEVELS.get(territory.level, territory.level)
    title = voc.REPORT_TITLE.format(territory=territory.label)
    if figures.demo:
        title = voc.REPORT_DEMO_TITLE.format(title=title)
    banner = f'<p class="demo">{_e(voc.DEMO_BANNER)}</p>' if figures.demo else ""
    subtitle = voc.REPORT_SUBTITLE.format(level=level, day=voc.format_date(figures.today))
    sections = [
        _section_territory(figures, level),
        _section_installations(figures),
        _section_msp(figures),
        _section_urgent_care(figures),
        _section_contracts(figures),
        _section_missions(figures),
        _section_indicators(figures),
    ]
    footer = voc.REPORT_FOOTER.format(
        when=generated.strftime("%d/%m/%Y %H:%M"), pending=voc.format_int(figures.pending_changes)
    )
    return (
        '<!DOCTYPE html>\n<html lang="fr">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{_e(title)}</title>\n<style>{STYLE}</style>\n</head>\n<body>\n"
        f"<header>{banner}<h1>{_e(title)}</h1>"
        f'<p class="meta">{_e(subtitle)}'
        f'</p><p class="meta scope">{_e(_scope(figures))}</p></header>\n'
        + "\n".join(sections)
        + f"\n<footer>{_e(footer)}</footer>\n</body>\n</html>\n"
    )


def _scope(figures: Dashboard) -> str:
    """Which records the report counts, and the day (a former ARS: its last day)."""
    territory = figures.territory
    ended = (territory.name or territory.code, figures.ended_on) if figures.ended_on else None
    return voc.scope_text(territory.level, ended, figures.former_ars)


def _section(title: str, body: str) -> str:
    return f"<section><h2>{_e(title)}</h2>{body}</section>"


def _section_territory(figures: Dashboard, level: str) -> str:
    zoning = figures.zoning
    body = (
        '<div class="figures">'
        + _figure(voc.REPORT_POPULATION, _n(figures.population))
        + _figure(voc.REPORT_COMMUNES, _n(figures.commune_count))
        + _figure(
            voc.REPORT_PRIORITY_ZONES,
            _n(figures.priority_epci),
        )
        + "</div>"
    )
    if zoning.order_number is None:
        body += f"<p>{_e(voc.REPORT_NO_ZONING)}</p>"
    else:
        body += (
            "<p>"
            + _e(
                voc.REPORT_ZONING_ORDER.format(
                    number=zoning.order_number, day=voc.format_date(zoning.order_effective_date)
                )
            )
            + "</p>"
        )
        rows = [
            [
                _e(zone_class),
                _e(voc.CHOICES["zone_class"].get(zone_class, zone_class)),
                _n(share.communes),
                _n(share.population),
            ]
            for zone_class, share in zoning.classes.items()
        ]
        body += _Table(voc.REPORT_ZONING_HEADERS, rows, frozenset({2, 3})).html()
    if figures.is_priority:
        body += (
            "<p>"
            + _e(
                voc.REPORT_PRIORITY_TEXT.format(
                    count=voc.format_int(figures.priority_epci),
                    population=voc.format_int(figures.priority_population),
                )
                + (voc.DEMO_FICTIONAL if figures.demo else "")
            )
            + "</p>"
        )
    return _section(voc.REPORT_SECTION_TERRITORY.format(level=level), body)


def _section_installations(figures: Dashboard) -> str:
    by_status = _by_workflow("installation_project", figures.projects_by_status)
    table = _Table(
        voc.REPORT_STATUS_HEADERS,
        [[_e(label), _n(count)] for label, count in by_status],
        frozenset({1}),
        footer=[_e(voc.REPORT_TOTAL), _n(figures.project_total)],
    )
    body = (
        '<div class="figures">'
        + _figure(voc.REPORT_PROJECTS, _n(figures.project_total))
        + _figure(
            voc.REPORT_INSTALLED_THIS_YEAR.format(year=figures.today.year),
            _n(figures.installed_this_year),
        )
        + _figure(voc.REPORT_OVERDUE, _n(figures.overdue_followups))
        + "</div>"
        + table.html()
        + f"<h3>{_e(voc.REPORT_CHART_STATUS)}</h3>"
        + horizontal_bars(by_status, title=voc.REPORT_CHART_STATUS)
        + f"<h3>{_e(voc.REPORT_CHART_MONTHS)}</h3>"
        + month_bars(figures.installations_by_month, title=voc.REPORT_CHART_MONTHS)
    )
    return _section(voc.REPORT_SECTION_INSTALLATIONS, body)


def _section_msp(figures: Dashboard) -> str:
    rows = [(label, count) for label, count in _by_workflow("msp_project", figures.msp_by_status)]
    table = _Table(
        voc.REPORT_STAGE_HEADERS,
        [[_e(label), _n(count)] for label, count in rows],
        frozenset({1}),
        footer=[_e(voc.REPORT_TOTAL), _n(sum(figures.msp_by_status.values()))],
    )
    body = (
        '<div class="figures">'
        + _figure(voc.REPORT_MSP_UNFILLED, _n(figures.msp_open_unfilled))
        + _figure(voc.REPORT_MSP_UNFILLED_POSTS, _n(figures.msp_unfilled_posts))
        + "</div>"
        + table.html()
    )
    return _section(voc.REPORT_SECTION_MSP, body)


def _section_urgent_care(figures: Dashboard) -> str:
    as_of = voc.format_date(figures.coverage_as_of) if figures.coverage_as_of else voc.REPORT_NONE
    body = (
        '<div class="figures">'
        + _figure(voc.REPORT_BEYOND_30.format(day=as_of), _n(figures.population_beyond_30min))
        + _figure(voc.REPORT_MCS_ACTIVE, _n(figures.mcs_active))
        + _figure(voc.REPORT_MCS_REFRESHER, _n(figures.mcs_refresher_due))
        + "</div>"
    )
    return _section(voc.REPORT_SECTION_URGENT, body)


def _section_contracts(figures: Dashboard) -> str:
    kinds = voc.CHOICES["aid_contract.kind"]
    rows = [
        [_e(kinds.get(kind, kind)), _n(numbers.running), _n(numbers.ending_soon)]
        for kind, numbers in figures.contracts.items()
    ]
    return _section(
        voc.REPORT_SECTION_CONTRACTS,
        _Table(voc.REPORT_CONTRACT_HEADERS, rows, frozenset({1, 2})).html(),
    )


def _section_missions(figures: Dashboard) -> str:
    body = (
        '<div class="figures">'
        + _figure(voc.REPORT_MISSIONS_DONE, _n(figures.missions_done))
        + _figure(voc.REPORT_MISSION_DAYS, _n(figures.mission_days_done))
        + _figure(voc.REPORT_INDEMNITIES_DUE, _euros(figures.indemnities_due_cents))
        + _figure(voc.REPORT_INDEMNITIES_PAID, _euros(figures.indemnities_paid_cents))
        + "</div>"
    )
    return _section(voc.REPORT_SECTION_MISSIONS, body)


def _objective(row: IndicatorRow) -> str:
    if row.objective is None:
        return _e(voc.DASH_NO_OBJECTIVE)
    template = voc.DASH_OBJECTIVE if row.objective_running else voc.DASH_OBJECTIVE_EXPIRED
    return _e(
        template.format(
            value=voc.format_int(row.objective.value),
            year=row.objective.year,
            source=row.objective.source,
        )
    )


def _references(row: IndicatorRow) -> str:
    lines = [
        voc.reference_text(ref.code, ref.value, ref.year, ref.is_target, ref.source, regional=False)
        for ref in row.references
    ] + [
        voc.reference_text(ref.code, ref.value, ref.year, ref.is_target, ref.source, regional=True)
        for ref in row.regional
    ]
    return "<br>".join(_e(line) for line in lines)


def _section_indicators(figures: Dashboard) -> str:
    rows = [
        [
            _e(voc.DASH_INDICATOR_LABELS.get(row.code, row.label)),
            _n(row.territory_value),
            _objective(row),
            (progress_bar(row.progress) + " " + _e(_percent(row.progress)))
            if row.progress is not None
            else "",
            _references(row),
        ]
        for row in figures.indicators
    ]
    body = _Table(voc.REPORT_INDICATOR_HEADERS, rows, frozenset({1})).html()
    body += f'<p class="meta">{_e(voc.REPORT_INDICATOR_NOTE)}</p>'
    return _section(voc.REPORT_SECTION_INDICATORS, body)


# --- Entry point --------------------------------------------------------------------------------


def build_report(engine: Engine, code: str, *, today: date | None = None) -> tuple[Territory, str]:
    """The territory a CODE names and its report page."""
    from storage.db import read_connection
    from storage.queries.dashboard import dashboard_figures

    with read_connection(engine) as connection:
        territory = resolve_territory(connection, code)
    figures = dashboard_figures(engine, territory, today or date.today())
    return territory, render_report(figures)


def write_report(
    engine: Engine, code: str, out: Path | str, *, today: date | None = None
) -> Territory:
    """Write the report of territory CODE to ``out`` (UTF-8); returns the territory."""
    territory, page = build_report(engine, code, today=today)
    Path(out).write_text(page, encoding="utf-8")
    return territory
