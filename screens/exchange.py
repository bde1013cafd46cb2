"""Import, export and report from the TUI: a small modal over the current screen.

The command palette's "Importer…", "Exporter…" and "Rapport…" open :class:`ExchangeScreen` in
one of its three modes. The user picks the kind (or types the territory) and the file; the work
runs in a thread worker through the same functions as the command line
(:mod:`storage.exchange`), and the French result shows in the modal: counts, or every refused
line of an import (the database then unchanged).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Literal

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Checkbox, Input, Label, ProgressBar, Select, Static

from screens import text as tx
from screens.widgets.panel import Panel, PanelScreen
from screens.workers import work
from storage import vocabulary as voc
from storage.exchange import EXPORT_KINDS, IMPORT_ALIASES, IMPORT_KINDS

if TYPE_CHECKING:
    from screens.context import ScreenContext

Mode = Literal["import", "export", "report"]
#: Refused lines shown in the modal (all of them go to the command line's stderr).
MAX_SHOWN_ERRORS = 40


def default_path(mode: Mode, choice: str, today: date) -> str:
    """A file name in the current folder for this kind or territory and day."""
    stamp = today.isoformat()
    if mode == "report":
        return f"rapport-{choice or 'territoire'}-{stamp}.html"
    if mode == "export":
        return f"{choice}-{stamp}.csv"
    return f"{choice}.csv"


class ExchangeScreen(PanelScreen):
    """Import a CSV, export records, or write a territory's report; Échap closes."""

    PANEL = Panel("exchange-panel", 90, "exchange.close")
    DEFAULT_CSS = """
    ExchangeScreen Label {
        margin-top: 1;
    }
    ExchangeScreen #exchange-buttons {
        height: auto;
        margin-top: 1;
    }
    ExchangeScreen #exchange-buttons Button {
        margin-right: 2;
    }
    ExchangeScreen #exchange-result {
        margin-top: 1;
    }
    ExchangeScreen #exchange-result.-error {
        color: $error;
    }
    """

    def __init__(self, mode: Mode, context: ScreenContext, *, today: date | None = None) -> None:
        super().__init__()
        self.mode: Mode = mode
        self.context = context
        self.today = today or date.today()
        kinds = IMPORT_KINDS if mode == "import" else EXPORT_KINDS
        kinds = tuple(kind for kind in kinds if kind not in IMPORT_ALIASES)
        self.kinds = kinds if mode != "report" else ()
        #: Set by "Interrompre": the running import stops at its next progress step.
        self._stop_requested = False
        self._default = default_path(mode, self._choice_default(), self.today)

    def _choice_default(self) -> str:
        if self.mode == "report":
            return self.context.ars_code or ""
        return self.kinds[0]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="exchange-panel") as panel:
            panel.border_title = tx.EXCHANGE_TITLES[self.mode]
            if self.mode == "report":
                yield Label(tx.EXCHANGE_TERRITORY)
                yield Input(
                    value=self.context.ars_code or "",
                    placeholder=tx.EXCHANGE_TERRITORY_PLACEHOLDER,
                    id="exchange-territory",
                )
            else:
                yield Label(tx.EXCHANGE_KIND)
                yield Select(
                    [(tx.EXCHANGE_KIND_LABELS.get(kind, kind), kind) for kind in self.kinds],
                    value=self.kinds[0],
                    allow_blank=False,
                    id="exchange-kind",
                )
            yield Label(tx.EXCHANGE_FILE)
            yield Input(value=self._default, id="exchange-path")
            if self.mode == "import":
                yield Checkbox(tx.EXCHANGE_DRY_RUN, value=False, id="exchange-dry-run")
            with Horizontal(id="exchange-buttons"):
                yield Button(tx.EXCHANGE_RUN, variant="primary", id="exchange-run")
                if self.mode == "import":
                    yield Button(tx.EXCHANGE_STOP, id="exchange-stop", disabled=True)
                    yield Button(tx.EXCHANGE_DETECTED, id="exchange-detected")
                yield Button(tx.BINDING_CLOSE, id="exchange-close")
            if self.mode == "import":
                yield ProgressBar(id="exchange-progress", show_eta=False)
            yield Static("", id="exchange-result")

    @on(Select.Changed, "#exchange-kind")
    def _kind_changed(self, event: Select.Changed) -> None:
        """Follow the kind in the file name, unless the user typed their own."""
        path = self.query_one("#exchange-path", Input)
        if path.value == self._default and isinstance(event.value, str):
            self._default = default_path(self.mode, event.value, self.today)
            path.value = self._default

    @on(Button.Pressed, "#exchange-close")
    def _close(self) -> None:
        self.dismiss()

    @on(Button.Pressed, "#exchange-stop")
    def _stop(self) -> None:
        self._stop_requested = True

    @on(Button.Pressed, "#exchange-detected")
    def _detected(self) -> None:
        from screens.detected import DetectedScreen

        self.app.push_screen(DetectedScreen(self.context))

    @on(Button.Pressed, "#exchange-run")
    @on(Input.Submitted)
    def _start(self) -> None:
        path = self.query_one("#exchange-path", Input).value.strip()
        if self.mode == "report":
            choice = self.query_one("#exchange-territory", Input).value.strip()
        else:
            choice = str(self.query_one("#exchange-kind", Select).value)
        dry_run = self.mode == "import" and self.query_one("#exchange-dry-run", Checkbox).value
        if not path or not choice:
            self._show(tx.EXCHANGE_MISSING, ok=False)
            return
        self.query_one("#exchange-run", Button).disabled = True
        if self.mode == "import":
            self._stop_requested = False
            self.query_one("#exchange-stop", Button).disabled = False
            self.query_one("#exchange-progress", ProgressBar).update(total=None, progress=0)
        self._show(tx.EXCHANGE_RUNNING, ok=True)
        self._run(choice, Path(path).expanduser(), dry_run)

    @work(thread=True, exclusive=True, group="exchange")
    def _run(self, choice: str, path: Path, dry_run: bool) -> None:
        ok, message = run_exchange(
            self.mode, self.context, choice, path, dry_run, self.today, progress=self._progress
        )
        self.post_message(self._Done(message, ok))

    def _progress(self, done: int, total: int) -> None:
        """Called by the import (worker thread): move the bar, or stop if asked to."""
        from storage.exchange.imports import ImportInterrupted

        if self._stop_requested:
            raise ImportInterrupted
        self.post_message(self._Progress(done, total))

    @dataclass
    class _Progress(Message):
        """The import has read ``done`` of ``total`` rows."""

        done: int
        total: int

    @dataclass
    class _Done(Message):
        """The work ended: ``message`` (French) says how, ``ok`` whether it succeeded."""

        message: str
        ok: bool

    @on(_Progress)
    def _progressed(self, message: _Progress) -> None:
        bar = self.query_one("#exchange-progress", ProgressBar)
        bar.update(total=message.total, progress=message.done)

    @on(_Done)
    def _done(self, message: _Done) -> None:
        self.query_one("#exchange-run", Button).disabled = False
        if self.mode == "import":
            self.query_one("#exchange-stop", Button).disabled = True
        self._show(message.message, ok=message.ok)

    def _show(self, message: str, *, ok: bool) -> None:
        result = self.query_one("#exchange-result", Static)
        result.update(Text(message))  # plain text: a path may hold "["
        result.set_class(not ok, "-error")


def run_exchange(
    mode: Mode,
    context: ScreenContext,
    choice: str,
    path: Path,
    dry_run: bool,
    today: date,
    *,
    progress: Callable[[int, int], None] | None = None,
) -> tuple[bool, str]:
    """Do the import, export or report; (success, French text to show). Runs in a worker."""
    from sqlalchemy.exc import SQLAlchemyError

    from storage.db import describe_error
    from storage.exchange.exports import ExportError, export_records
    from storage.exchange.imports import (
        ImportInterrupted,
        ImportRefused,
        describe_import,
        import_file,
    )
    from storage.exchange.report import ReportError, write_report

    engine = context.engine
    try:
        if mode == "import":
            result = import_file(
                engine,
                choice,
                path,
                user=context.user,
                ars_code=context.ars_code,
                dry_run=dry_run,
                today=today,
                progress=progress,
            )
            return True, describe_import(result, path)
        if mode == "export":
            done = export_records(engine, choice, path, ars_code=context.ars_code)
            return True, voc.CLI_EXPORT_DONE.format(
                kind=done.kind, count=voc.format_int(done.rows), ars=done.ars_code, file=path
            ) + (voc.EXPORT_DEMO_NOTE if done.demo else "")
        territory = write_report(engine, choice, path, today=today)
        return True, voc.CLI_REPORT_DONE.format(file=path, territory=territory.label)
    except ImportInterrupted:
        return False, tx.EXCHANGE_INTERRUPTED
    except ImportRefused as refused:
        shown = [str(error) for error in refused.errors[:MAX_SHOWN_ERRORS]]
        hidden = len(refused.errors) - len(shown)
        if hidden > 0:
            shown.append(tx.EXCHANGE_MORE_ERRORS.format(count=voc.format_int(hidden)))
        head = voc.CLI_IMPORT_REFUSED.format(file=path, count=len(refused.errors))
        return False, "\n".join([head, *shown])
    except (ExportError, ReportError) as error:
        return False, str(error)
    except OSError as error:
        return False, voc.CLI_CANNOT_WRITE.format(path=path, reason=describe_error(error)[0])
    except SQLAlchemyError as error:
        return False, tx.EXCHANGE_DATABASE_ERROR.format(reason=getattr(error, "orig", None) or "")
