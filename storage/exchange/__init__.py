"""Exchanging data with the region: CSV imports and exports, and the per-territory report.

- :mod:`storage.exchange.csv_io`: reading a CSV whatever Excel or a regional tool made of it
  (encoding, separator, French headers with or without accents) and writing one that Excel FR
  opens as it is (``;``, UTF-8 with BOM, JJ/MM/AAAA, decimal comma).
- :mod:`storage.exchange.imports`: ``ars-tui import KIND FILE``: atomic (every line or none),
  through :class:`storage.records.store.Store` so each record gets its outbox op and history.
  The machinery of a run is :mod:`~storage.exchange.import_run`; each kind of file has its
  module: :mod:`~storage.exchange.import_places` (zonage, zones prioritaires, objectifs),
  :mod:`~storage.exchange.import_finess`, :mod:`~storage.exchange.import_records` (professionals,
  installations, our exports back) and :mod:`~storage.exchange.annuaire`.
- :mod:`storage.exchange.exports`: ``ars-tui export KIND FILE``, streamed from SQL page by page,
  only the device's ARS, personal data only where the export is meant to carry it.
  Each KIND is described in :mod:`~storage.exchange.export_kinds`, with the formatters of
  :mod:`~storage.exchange.export_format`.
- :mod:`storage.exchange.report`: ``ars-tui report``, a self-contained printable HTML page.

Nothing here imports Textual; the CLI (``ars_tui/cli_exchange.py``) and the TUI both call in.
"""

from __future__ import annotations

#: ``ars-tui export KIND``: the record exports (docs/ARCHITECTURE.md, "The command line").
EXPORT_KINDS: tuple[str, ...] = (
    "installations",
    "professionnels",
    "msp",
    "mcs",
    "couverture",
    "contrats",
    "missions",
    "zonage",
)

#: ``ars-tui import KIND``: the region's tables, and the record exports that round-trip.
IMPORT_KINDS: tuple[str, ...] = (
    "zonage",
    "zones-prioritaires",
    "finess",
    "msp-finess",
    "professionnels",
    "installations",
    "annuaire",
    "msp",
    "mcs",
    "couverture",
    "contrats",
    "missions",
    "objectifs",
)
#: Older names of import kinds, still accepted on the command line (not offered in the TUI).
IMPORT_ALIASES: dict[str, str] = {"msp-finess": "finess"}
