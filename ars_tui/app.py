"""The Textual application and the one factory that builds it.

:func:`make_app` is the only way the command line, the tests and the benchmarks get an app, so
all of them run the same thing. It takes either an opened :class:`storage.db.Database` (tests,
benchmarks) or the path of one (the command line). Given a path, the app draws its first frame
and only then opens the database (creating and migrating it if needed) in a thread worker.

Why the path: importing SQLAlchemy, Alembic and the models and checking the schema takes longer
than importing Textual itself, and the first frame must come within 1.5x of a bare Textual app
(docs/ARCHITECTURE.md). So nothing on the way to the first frame imports SQLAlchemy (the screens and
``storage.queries.database_summary`` import it inside functions). The projects by status come
first, read with plain sqlite3 (by the command line while Textual is imported, ``early_peek``,
else by a worker after the first frame); the dashboard shows "Chargement…" until its figures
arrive. If the database cannot be opened, the app quits with
:attr:`ArsTuiApp.open_error` set (a French message) and return code 1; the command line prints it.

The app hands each screen what it needs through its constructor or a method: screens never
import ``ars_tui``. Importing this module creates no file and opens nothing.
"""

from __future__ import annotations

import os
import sys
import threading
import time
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.command import CommandPalette
from textual.message import Message
from textual.screen import Screen

from ars_tui import cli_text as cli_tx
from ars_tui.french_textual import FrenchCommandPalette
from screens import text as tx
from screens.context import ScreenContext
from screens.home import HomeScreen
from screens.messages import RecordSaved
from screens.sections import HOME, SECTIONS
from screens.workers import RETRY_DELAY_S, WorkerFailed, work
from storage import vocabulary as voc

if TYPE_CHECKING:
    from ars_tui.sync_controller import SyncController
    from screens.setup import Identity
    from screens.widgets.record_form import RecordForm
    from storage.db import Database
    from storage.queries.first_figures import EarlyPeek, PeekedStatuses

#: Return code of the app when the database cannot be opened.
EXIT_CANNOT_OPEN = 1
#: Longest wait, in seconds, for the first figures to be painted before opening the database.
#: The wait ends as soon as they are on screen or the peek gave up; on a loaded machine the peek
#: alone may take more than half a second, and SQLAlchemy's imports starting meanwhile would
#: take the interpreter from the figures' painting (issue 15: seen at 0.5 s).
PEEK_PAINT_WAIT = 2.0


class ArsTuiApp(App[None]):
    """ars-tui: the dashboard first, the other sections will come as screens."""

    CSS_PATH = "app.tcss"
    TITLE = cli_tx.APP_TITLE

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+q", "quit", tx.BINDING_QUIT, priority=True, id="app.quit"),
        Binding("f1", "help", tx.BINDING_HELP, id="app.help"),
        Binding("f5", "sync", tx.BINDING_SYNC, id="app.sync"),
        # Declared here so that it is French (Textual adds an English one only when the app has
        # none); the footer shows it on its right edge, so not among the others.
        Binding(
            "ctrl+p",
            "command_palette",
            tx.BINDING_COMMANDS,
            show=False,
            priority=True,
            id="app.commands",
        ),
        Binding("ctrl+c", "help_quit", show=False, system=True, id="app.help_quit"),
        # One key per section ("1" the dashboard, "2" the installations...); not in the footer,
        # which has no room for nine: F1 and the command palette list them.
        *(
            Binding(
                entry.key,
                f"section('{entry.id}')",
                entry.label,
                show=False,
                id=f"section.{entry.id}",
            )
            for entry in SECTIONS
        ),
    ]

    @dataclass
    class DatabaseOpened(Message):
        """The worker opened the database."""

        database: Database
        ars_code: str | None

    @dataclass
    class StatusesPeeked(Message):
        """The worker read the projects by status before opening the database."""

        peeked: PeekedStatuses
        #: Set once they are on screen: the worker waits for it before its heavy imports.
        shown: threading.Event

    @dataclass
    class DatabaseFailed(Message):
        """The worker could not open the database; ``reason`` is French text for the user."""

        reason: str

    def __init__(
        self,
        database: Database | None,
        *,
        database_path: Path,
        user: str,
        ask_setup: bool = False,
        early_peek: EarlyPeek | None = None,
    ) -> None:
        super().__init__()
        #: The first figures, being read since the process started (the command line's).
        self._early_peek = early_peek
        #: Show the first-run set-up when the name or the device's ARS is missing (not when the
        #: caller named the user: tests, scripts).
        self.ask_setup = ask_setup
        #: The open database; None until the worker has opened it (when built from a path).
        self.database: Database | None = database
        self.database_path = database_path
        #: Who edits: recorded in the change log and the history of each record.
        self.user = user
        #: Why the database could not be opened (French), if it could not.
        self.open_error: str | None = None
        #: What the section screens get; None until the database is open.
        self.context: ScreenContext | None = None
        #: The sync service's triggers and figures (None until the database is open).
        self.sync: SyncController | None = None
        #: False: no round at start nor every 15 minutes (tests that sync when they say).
        self.sync_auto = True
        #: The database holds demo data (read once it is open): status bars say so.
        self.demo_database = False
        #: When each failed reading worker was last retried (screens/workers.py).
        self._retried: dict[str, float] = {}
        #: Set once the first figures read before opening the database are on screen (or
        #: there are none): the opening worker waits for it (see _open_database).
        self._peeked = threading.Event()

    def get_default_screen(self) -> Screen:
        engine = self.database.engine if self.database is not None else None
        return HomeScreen(self.database_path, engine)

    def on_mount(self) -> None:
        self._apply_keymap()
        if self.database is None:
            # After the first frame: the workers would otherwise compete with it. The first
            # figures are read first (_peek_statuses), the database is opened once they are on
            # screen (_open_database waits for them).
            early = self._early_peek
            if early is not None and not early.is_alive():
                # Read while Textual was imported: painted with the first frame (after it, the
                # next refresh came about 0.1 s later).
                self._post_peeked(early.peeked)
            else:
                self.call_after_refresh(self._peek_statuses)
            self.call_after_refresh(self._open_database)
        else:
            self._make_context(self.database, _read_device_ars(self.database))

    def _make_context(self, database: Database, ars_code: str | None) -> None:
        self._show_demo_flag(database)
        self.sync = self._start_sync(database)
        self.context = ScreenContext(database, self.user, ars_code, sync=self.sync)
        for entry in SECTIONS:
            if entry.screen is not None:
                self.add_mode(entry.id, lambda entry=entry: entry.make_screen(self.context))
        if self.ask_setup and (not self.user or ars_code is None):
            from screens.setup import SetupScreen

            self.push_screen(
                SetupScreen(database.engine, self.user or None, ars_code), self._setup_done
            )

    def _setup_done(self, identity: Identity | None) -> None:
        """Record who uses the device and its ARS; the dashboard counts that ARS again."""
        import dataclasses

        from ars_tui import config
        from storage.sync.progress import set_device_ars

        if identity is None or self.context is None:
            return
        try:
            config.write_setting(config.NAME_KEY, identity.name)
            if identity.email:
                config.write_setting(config.EMAIL_KEY, identity.email)
        except (config.ConfigError, OSError) as error:
            self.notify(tx.SETUP_SAVE_FAILED.format(reason=error), severity="error")
        set_device_ars(self.context.engine, identity.ars_code)
        self.user = identity.name
        self.context = dataclasses.replace(
            self.context, user=identity.name, ars_code=identity.ars_code
        )
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.database_opened(self.context.engine)

    def action_section(self, section_id: str) -> None:
        """Show a section (its screens are kept as they were left)."""
        if section_id == HOME:
            # The dashboard's stack is Textual's default one, which switch_mode() only accepts
            # when it is among the declared modes (and add_mode() refuses that name). Its stack
            # exists from the start, so the factory is never called: it only makes the name known.
            self._modes.setdefault(self.DEFAULT_MODE, self.get_default_screen)
            self.switch_mode(self.DEFAULT_MODE)
        elif self.context is None:
            self.notify(tx.SECTION_NOT_READY)
        else:
            self.switch_mode(section_id)

    @work(thread=True, exclusive=True, group="app-peek-statuses")
    def _peek_statuses(self) -> None:
        """The first figures without SQLAlchemy (storage.queries.first_figures): about 60 ms, where
        importing SQLAlchemy and the tables takes 0.4 s."""
        from storage.queries.first_figures import peek_project_statuses

        peeked = None
        try:
            if self._early_peek is not None:
                peeked = self._early_peek.result()  # its labels are read already
            else:
                peeked = peek_project_statuses(self.database_path)
            if peeked is not None and self._early_peek is None:
                # The labels shown with the figures: workflows.toml read here, not on the main
                # thread when the figures are painted.
                from storage.records.workflows import workflows

                workflows()
        finally:
            if peeked is None:  # nothing to paint: the database may be opened at once
                self._peeked.set()
        self._post_peeked(peeked)

    def _post_peeked(self, peeked: PeekedStatuses | None) -> None:
        """Paint the peeked figures (their painting then lets the database open), or let the
        database open at once when there are none."""
        if peeked is None:
            self._peeked.set()
        else:
            self.post_message(self.StatusesPeeked(peeked, self._peeked))

    @work(thread=True, exclusive=True, group="app-open-database")
    def _open_database(self) -> None:
        # SQLAlchemy's imports hold the interpreter and would slow the painting of the first
        # figures: they wait until those are on screen (at most PEEK_PAINT_WAIT).
        self._peeked.wait(PEEK_PAINT_WAIT)
        from sqlalchemy.exc import SQLAlchemyError

        from storage.db import describe_error, open_database

        try:
            database = open_database(self.database_path)
        except (SQLAlchemyError, OSError) as error:
            # A French reason, never the SQL or its values.
            self.post_message(self.DatabaseFailed(describe_error(error)[0]))
        else:
            self.post_message(self.DatabaseOpened(database, _read_device_ars(database)))

    @on(DatabaseOpened)
    def _database_opened(self, message: DatabaseOpened) -> None:
        self.database = message.database
        self._make_context(message.database, message.ars_code)
        for screen in self.screen_stack:
            if isinstance(screen, HomeScreen):
                screen.database_opened(message.database.engine)

    def _show_demo_flag(self, database: Database) -> None:
        """Every status bar says "données de démonstration" on a demo database."""
        from sqlalchemy.exc import SQLAlchemyError

        from screens.widgets.status_bar import StatusBar
        from storage.settings import is_demo_database

        try:
            self.demo_database = is_demo_database(database.engine)
        except SQLAlchemyError:
            self.demo_database = False
        for screen in self.screen_stack:
            for bar in screen.query(StatusBar):
                bar.demo = self.demo_database

    @on(StatusesPeeked)
    async def _statuses_peeked(self, message: StatusesPeeked) -> None:
        try:
            for screen in self.screen_stack:
                if isinstance(screen, HomeScreen):
                    await screen.statuses_peeked(message.peeked)
        finally:
            self.call_after_refresh(message.shown.set)

    @on(DatabaseFailed)
    def _database_failed(self, message: DatabaseFailed) -> None:
        self.open_error = cli_tx.CLI_CANNOT_OPEN_DB.format(
            path=self.database_path, reason=message.reason
        )
        self.exit(return_code=EXIT_CANNOT_OPEN)

    def _apply_keymap(self) -> None:
        """Remap bindings from the user's ``keys.toml`` (``[keys]``: binding id = key)."""
        from ars_tui.keymap import KeymapError, keys_file, read_keymap

        try:
            keymap = read_keymap(keys_file())
        except KeymapError as error:
            self.notify(
                tx.KEYS_FILE_INVALID.format(path=keys_file(), reason=error), severity="warning"
            )
            return
        if keymap:
            self.set_keymap(keymap)

    def _start_sync(self, database: Database) -> SyncController:
        """The sync service of this database (imported now: httpx is not needed before)."""
        from ars_tui.sync.service import SyncService
        from ars_tui.sync_controller import SyncController
        from screens.widgets.status_bar import StatusBar

        controller = SyncController(self, SyncService(database), auto=self.sync_auto)
        for screen in self.screen_stack:  # status bars mounted before the database was open
            for bar in screen.query(StatusBar):
                bar.attach(controller)
        controller.start()
        return controller

    def action_sync(self) -> None:
        """F5: synchronise now."""
        if self.sync is None:
            self.notify(tx.SECTION_NOT_READY)
        else:
            self.sync.request_sync()

    @on(WorkerFailed)
    def _worker_failed(self, message: WorkerFailed) -> None:
        """The one handler of the workers' error policy (screens/workers.py): say it in French,
        and run a reading worker once more unless it was retried a moment ago."""
        now = time.monotonic()
        retry = message.retry is not None and now - self._retried.get(message.key, -1e9) > 60
        if retry:
            self._retried[message.key] = now
            self.set_timer(RETRY_DELAY_S, message.retry, name="worker-retry")
            text = tx.WORKER_FAILED_RETRY.format(
                reason=message.reason, seconds=voc.format_int(int(RETRY_DELAY_S))
            )
        else:
            text = tx.WORKER_FAILED.format(reason=message.reason)
        self.notify(text, title=tx.WORKER_FAILED_TITLE, severity="error", timeout=10)

    @on(RecordSaved)
    def _record_saved(self, _message: RecordSaved) -> None:
        if self.sync is not None:
            self.sync.record_saved()

    def action_help(self) -> None:
        """Open the help (F1 again or Échap closes it), with every key of this screen."""
        # Imported on demand: the help is not needed for the first frame.
        from ars_tui.keymap import keys_file
        from screens.help import HelpScreen, binding_rows

        if not isinstance(self.screen, HelpScreen):
            rows = binding_rows(self, self.BINDINGS, self.active_bindings.values())
            self.push_screen(HelpScreen(rows, keys_path=str(keys_file())))

    def action_new_record(self, section_id: str) -> None:
        """Open a section and, over it, the form of a new record."""
        if self.context is None:
            self.notify(tx.SECTION_NOT_READY)
            return
        from screens.installations.form import InstallationForm
        from screens.professionals.form import ProfessionalForm

        forms = {"installations": InstallationForm, "professionals": ProfessionalForm}
        self.switch_mode(section_id)
        self.push_screen(forms[section_id](self.context))

    def action_objectives(self) -> None:
        """The ARS's own objectives (list and form), over the current screen."""
        if self.context is None:
            self.notify(tx.SECTION_NOT_READY)
            return
        from screens.objectives import ObjectivesScreen

        self.push_screen(ObjectivesScreen(self.context))

    def _new_in(self, section_id: str) -> None:
        """Open a section and its own "new record" action (which asks what kind, if need be)."""
        if self.context is None:
            self.notify(tx.SECTION_NOT_READY)
            return
        self.switch_mode(section_id)
        # After the switch: a section opened for the first time is mounted on the next refresh.
        self.call_after_refresh(lambda: self.screen.run_action("new"))

    def action_command_palette(self) -> None:
        """Textual's command palette, with a French prompt."""
        if self.use_command_palette and not CommandPalette.is_open(self):
            self.push_screen(
                FrenchCommandPalette(
                    placeholder=tx.COMMAND_PALETTE_PLACEHOLDER, id="--command-palette"
                )
            )

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Digits go to the form being filled (a Select, a popup), never switch sections there."""
        if action == "section" and self._in_form():
            return False
        return super().check_action(action, parameters)

    def _in_form(self) -> bool:
        from textual.screen import ModalScreen

        if "screens.widgets.record_form" not in sys.modules:
            # No form was ever opened. Asked for every binding as the footer is drawn: importing
            # the forms here (about 0.1 s) would hold the interpreter just after the first frame,
            # while the dashboard's first figures wait to be painted.
            return False
        from screens.widgets.record_form import RecordForm

        stack = self.screen_stack
        for screen in reversed(stack):
            if isinstance(screen, RecordForm):
                return True
            if not isinstance(screen, ModalScreen):
                return False
        return False

    async def action_quit(self) -> None:
        """Quit, but a form with unsaved changes asks first (in any section)."""
        from screens.widgets.form_dialogs import LeaveFormDialog

        if isinstance(self.screen, LeaveFormDialog):
            return  # the question is on screen: answer it first
        form = self._unsaved_form()
        if form is None:
            self.exit()
            return
        for mode, stack in self._screen_stacks.items():
            if form in stack and mode != self.current_mode:
                self.switch_mode(mode)  # the question is asked where the form is
        # Answered: the form is saved or abandoned; look for the next one, then quit.
        form.confirm_leave(lambda: self.call_later(self.action_quit))

    def _unsaved_form(self) -> RecordForm | None:
        """The form with unsaved changes the user sees first (the current section's first)."""
        from screens.widgets.record_form import RecordForm

        stacks = sorted(self._screen_stacks.items(), key=lambda item: item[0] != self.current_mode)
        for _mode, stack in stacks:
            for screen in reversed(stack):
                if isinstance(screen, RecordForm) and screen.is_dirty:
                    return screen
        return None

    def action_help_quit(self) -> None:
        """Ctrl+C does not quit (it copies in text fields): say which key does, in French."""
        for active in self.active_bindings.values():
            if active.binding.action in ("quit", "app.quit"):
                self.notify(
                    tx.QUIT_HINT.format(key=self.get_key_display(active.binding)),
                    title=tx.QUIT_HINT_TITLE,
                )
                return

    def action_exchange(self, mode: str) -> None:
        """Import, export or report (the modal of screens/exchange.py), once the base is open."""
        from screens.exchange import ExchangeScreen

        if self.context is None:
            self.notify(tx.SECTION_NOT_READY)
        else:
            self.push_screen(ExchangeScreen(mode, self.context))  # type: ignore[arg-type]

    def action_detected(self) -> None:
        """ "Installations détectées" by the last annuaire import (screens/detected.py)."""
        from screens.detected import DetectedScreen

        if self.context is None:
            self.notify(tx.SECTION_NOT_READY)
        else:
            self.push_screen(DetectedScreen(self.context))

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        """The command palette's built-in commands, in French."""
        for entry in SECTIONS:
            yield SystemCommand(
                tx.COMMAND_OPEN_SECTION.format(label=entry.label),
                tx.COMMAND_OPEN_SECTION_HELP.format(label=entry.label, key=entry.key),
                lambda section_id=entry.id: self.action_section(section_id),
            )
        yield SystemCommand(
            *tx.COMMAND_NEW_INSTALLATION, lambda: self.action_new_record("installations")
        )
        yield SystemCommand(
            *tx.COMMAND_NEW_PROFESSIONAL, lambda: self.action_new_record("professionals")
        )
        for section_id, command in tx.COMMAND_NEW_IN_SECTION.items():
            yield SystemCommand(*command, lambda section_id=section_id: self._new_in(section_id))
        yield SystemCommand(*tx.COMMAND_OBJECTIVES, self.action_objectives)
        yield SystemCommand(*tx.COMMAND_SYNC, self.action_sync)
        for mode, command in (
            ("import", tx.COMMAND_IMPORT),
            ("export", tx.COMMAND_EXPORT),
            ("report", tx.COMMAND_REPORT),
        ):
            yield SystemCommand(*command, lambda mode=mode: self.action_exchange(mode))
        yield SystemCommand(*tx.COMMAND_DETECTED, self.action_detected)
        yield SystemCommand(*tx.COMMAND_HELP, self.action_help)
        yield SystemCommand(*tx.COMMAND_THEME, self.action_change_theme)
        if screen.query("HelpPanel"):
            yield SystemCommand(*tx.COMMAND_KEYS_HIDE, self.action_hide_help_panel)
        else:
            yield SystemCommand(*tx.COMMAND_KEYS, self.action_show_help_panel)
        yield SystemCommand(*tx.COMMAND_QUIT, self.action_quit)


def _read_device_ars(database: Database) -> str | None:
    """The device's ARS, or None when the database cannot tell (the dashboard reports why)."""
    from sqlalchemy.exc import SQLAlchemyError

    from storage.settings import device_ars_code

    try:
        return device_ars_code(database.engine)
    except SQLAlchemyError:
        return None


def make_app(
    database: Database | str | os.PathLike[str],
    *,
    user: str | None = None,
    early_peek: EarlyPeek | None = None,
) -> ArsTuiApp:
    """Build the application for ``user`` (default: the login name).

    ``database`` is an opened :class:`~storage.db.Database`, or the path of one, which the app
    opens (creating and migrating it if missing) in a worker once its first frame is drawn.
    ``early_peek``: the first figures, being read since the process started (the command line
    starts it before importing Textual; :class:`storage.queries.first_figures.EarlyPeek`).
    """
    ask_setup = user is None
    if user is None:
        from ars_tui.config import correspondent_name

        user = correspondent_name() or ""  # "": the first-run set-up asks
    if isinstance(database, str | os.PathLike):
        path = Path(database).expanduser()
        return ArsTuiApp(
            None, database_path=path, user=user, ask_setup=ask_setup, early_peek=early_peek
        )
    return ArsTuiApp(database, database_path=database.path, user=user, ask_setup=ask_setup)
