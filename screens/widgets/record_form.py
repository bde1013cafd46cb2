"""A form built from a field list: French inputs, messages beside the fields, saved by the store.

Give it the record type and its fields; each field's input follows from what the model says::

    FIELDS = (
        FormField("professional_id", kind="professional"),
        FormField("commune_code", kind="commune"),   # commune type-ahead + localité
        FormField("practice_mode"),                   # closed list -> Select of voc.CHOICES
        FormField("first_contact_date"),              # date -> JJ/MM/AAAA
        FormField("notes"),
    )
    app.push_screen(RecordForm(context, "installation_project", FIELDS), on_saved)

- dates are typed JJ/MM/AAAA, numbers and amounts "1 234,5" (:mod:`.french_inputs`), closed
  lists (:func:`storage.vocabulary.choices_for`) are a Select, yes/no a Select Oui/Non, a commune a
  :class:`~screens.widgets.lookup.CommunePicker`, a professional a type-ahead;
- Ctrl+S (or the button) saves through ``ScreenContext.store()`` in a thread worker: the store
  checks the whole record and raises :class:`~storage.records.validation.ValidationError`, whose
  messages (French, one per :class:`~storage.records.validation.FieldError`) are shown under their
  fields; nothing is written then. A message about no field in particular shows at the top;
- on success the screen is dismissed with the record's id and
  :class:`screens.messages.RecordSaved` is posted to the app; Échap dismisses it with None,
  after asking (Enregistrer / Abandonner / Continuer) when something typed is not saved;
- what is typed is kept as a draft in the database (``form_draft``, checked every
  :data:`DRAFT_INTERVAL` seconds, written only when it changed) and offered back when the same
  form opens again; saving or abandoning deletes it;
- a refused save puts the focus on the first field it names, scrolled into view.

``values`` are the record's current values (edit) or the defaults of a new record; ``fixed``
values are saved without being shown (a journal entry's ``entity``/``entity_id``).
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Header, Input, Label, Select, Static

from screens import text as tx
from screens.base import BaseScreen
from screens.messages import RecordSaved
from screens.widgets.footer import AppFooter
from screens.widgets.form_fields import (
    FormField,
    field_kind,
    initial_text,
    is_required,
    unchosen_text,
)
from screens.widgets.french_inputs import DateInput, NumberInput
from screens.widgets.lookup import CommunePicker, ProfessionalPicker
from screens.widgets.routes import ActionRoutes
from screens.workers import work
from storage import vocabulary as voc

if TYPE_CHECKING:
    from screens.context import ScreenContext
    from storage.records.validation import FieldError

#: Seconds between two looks at the inputs for the draft (a write only when they changed).
DRAFT_INTERVAL = 1.0


def record_saved_message(entity: str, record_id: str) -> RecordSaved:
    """What a screen posts to the app once a record is saved (the app then syncs soon)."""
    return RecordSaved(entity, record_id)


class RecordForm(ActionRoutes, BaseScreen):
    """Create or edit one record; see the module docstring."""

    DEFAULT_CSS = """
    RecordForm #form-body {
        height: 1fr;
        padding: 0 1;
    }
    RecordForm .form-row {
        height: auto;
        margin: 0 0 1 0;
    }
    RecordForm .form-label {
        text-style: bold;
        padding: 0 1;
    }
    RecordForm .form-error {
        display: none;
        color: $error;
        padding: 0 1;
    }
    RecordForm .form-error.-shown {
        display: block;
    }
    RecordForm #form-message {
        display: none;
        color: $error;
        padding: 0 1;
        border: round $error;
    }
    RecordForm #form-message.-shown {
        display: block;
    }
    RecordForm Select {
        width: 60;
        max-width: 100%;
    }
    RecordForm #form-buttons {
        height: auto;
        padding: 0 1;
    }
    RecordForm #form-buttons Button {
        margin: 0 2 0 0;
    }
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", tx.BINDING_SAVE, priority=True, id="form.save"),
        Binding("escape", "cancel", tx.BINDING_CANCEL, id="form.cancel"),
    ]
    BUTTON_ACTIONS: ClassVar[dict[str, str]] = {"form-save": "save", "form-cancel": "cancel"}

    @dataclass
    class _Saved(Message):
        record_id: str

    @dataclass
    class _Refused(Message):
        errors: list[FieldError]

    def __init__(
        self,
        context: ScreenContext,
        entity: str,
        fields: Sequence[FormField],
        *,
        record_id: str | None = None,
        values: Mapping[str, Any] | None = None,
        fixed: Mapping[str, Any] | None = None,
        title: str | None = None,
        ars_code: str | None = None,
    ) -> None:
        """A form for a new ``entity`` record, or to edit ``record_id`` (its ``values``).

        ``ars_code``: the ARS of a new record that cannot tell it by itself (a journal entry
        gets its record's); default: the store's rules (commune, or the device's ARS).
        """
        super().__init__()
        self.context = context
        self.entity = entity
        self.fields = tuple(fields)
        self.record_id = record_id
        self.values: dict[str, Any] = dict(values or {})
        self.ars_code = ars_code
        if record_id is None:  # a new record starts with the model's defaults
            from storage.records.field_specs import field_specs

            specs = field_specs(entity)
            for field in self.fields:
                spec = specs.get(field.name)
                if spec is not None and spec.default is not None:
                    self.values.setdefault(field.name, spec.default)
        self.fixed: dict[str, Any] = dict(fixed or {})
        label = voc.ENTITY_LABELS.get(entity, entity)
        self.form_title = title or (tx.FORM_EDIT if record_id else tx.FORM_NEW).format(entity=label)
        #: True while a save is running (a second Ctrl+S waits for it).
        self.saving = False
        #: The inputs as they were when the form opened (see :meth:`form_state`).
        self._initial_state: dict[str, Any] | None = None
        #: The inputs as last written to the draft (None: no draft written by this form).
        self._draft_state: dict[str, Any] | None = None
        #: True once the user said what to do with an old draft (no draft is written before).
        self._draft_settled = False
        #: Called once the form is saved (Ctrl+Q waits for the save before quitting).
        self._after_save: Any = None

    # --- composition ---------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="form-message")
        with VerticalScroll(id="form-body"):
            for field in self.fields:
                yield self._row(field)
            with Horizontal(id="form-buttons"):
                yield Button(tx.FORM_SAVE, variant="primary", id="form-save")
                yield Button(tx.FORM_CANCEL, id="form-cancel")
        yield AppFooter()

    def on_mount(self) -> None:
        self.sub_title = self.form_title
        first = next(iter(self.query(".form-input")), None)
        if first is not None:
            first.focus()
        self._initial_state = self.form_state()
        self._offer_draft()
        self.set_interval(DRAFT_INTERVAL, self.keep_draft)

    def _row(self, field: FormField) -> Widget:
        kind = field_kind(self.entity, field)
        label = field.label or voc.field_label(field.name)
        if is_required(self.entity, field):
            label += " *"
        widget = self._input(field, kind)
        widget.add_class("form-input")
        children: list[Widget] = [Label(label, classes="form-label"), widget]
        children.append(Static(id=f"error-{field.name}", classes="form-error"))
        if kind == "commune":
            children.append(Static(id="error-localite", classes="form-error"))
        return Vertical(*children, classes="form-row", id=f"row-{field.name}")

    def _input(self, field: FormField, kind: str) -> Widget:
        value = self.values.get(field.name)
        widget_id = f"field-{field.name}"
        if kind == "commune":
            return CommunePicker(
                self.context.engine,
                commune_code=value,
                localite=self.values.get("localite"),
                ars_code=self.context.ars_code,
                id=widget_id,
            )
        if kind == "professional":
            picker = ProfessionalPicker(self.context.engine, value=value, id=widget_id)
            picker.professions = field.professions
            return picker
        if kind in ("choice", "bool"):
            if kind == "bool":
                options = [(tx.YES, "true"), (tx.NO, "false")]
                current: Any = Select.NULL if value is None else ("true" if value else "false")
            else:
                choices = voc.choices_for(self.entity, field.name) or {}
                options = [(label, code) for code, label in choices.items()]
                current = Select.NULL if value is None else str(value)
            return Select(
                options,
                prompt=tx.FORM_NO_CHOICE,
                allow_blank=not is_required(self.entity, field) or current is Select.NULL,
                value=current,
                id=widget_id,
            )
        text = initial_text(kind, value)
        if kind in ("number", "money"):
            return NumberInput(text, id=widget_id)
        if kind == "date":
            return DateInput(text, id=widget_id)
        from storage.records.field_specs import field_specs

        spec = field_specs(self.entity).get(field.name)
        max_length = spec.max_length if spec is not None and spec.max_length else 0
        return Input(text, max_length=max_length, id=widget_id)

    # --- reading the inputs --------------------------------------------------------------------

    def typed_values(self) -> dict[str, Any]:
        """What the user typed, field by field (text as typed; the store turns it into values)."""
        values: dict[str, Any] = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, CommunePicker):
                values[field.name] = widget.commune_code
                values["localite"] = widget.localite.strip() or None
            elif isinstance(widget, ProfessionalPicker):
                values[field.name] = widget.value
            elif isinstance(widget, Select):
                values[field.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Input):
                values[field.name] = widget.value.strip() or None
        return values

    def _check_typing(self) -> list[tuple[str, str]]:
        """(field, message) for the numbers and dates that do not parse, and the pickers whose
        text names nothing chosen (before any SQL)."""
        problems = []
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            label = field.label or voc.field_label(field.name)
            unchosen = unchosen_text(widget)
            if unchosen and isinstance(widget, CommunePicker):
                problems.append(
                    (field.name, tx.FORM_COMMUNE_UNKNOWN.format(label=label, value=unchosen))
                )
            elif unchosen:
                problems.append((field.name, tx.FORM_PICK_UNCHOSEN.format(label=label)))
            if isinstance(widget, NumberInput | DateInput) and widget.value.strip():
                result = widget.validate(widget.value)
                if result is not None and not result.is_valid:
                    problems.append((field.name, f"{label} : {result.failure_descriptions[0]}"))
        return problems

    # --- saving --------------------------------------------------------------------------------

    def action_save(self) -> None:
        """Check what can be checked at once, then save in a worker."""
        if self.saving:
            return
        self._clear_errors()
        problems = self._check_typing()
        if problems:
            for field, message in problems:
                self._show_field_error(field, message)
            self._show_message(tx.FORM_HAS_ERRORS)
            self._focus_first_error()
            return
        values = {**self.typed_values(), **self.fixed}
        self.saving = True
        self.sub_title = f"{self.form_title} — {tx.FORM_SAVING}"
        self._save(values)

    @work(thread=True, exclusive=True, group="form-save")
    def _save(self, values: dict[str, Any]) -> None:
        from storage.records.validation import FieldError, ValidationError

        store = self.context.store()
        try:
            if self.record_id is None:
                record_id = store.create(self.entity, values, ars_code=self.ars_code)
            else:
                changes = {key: value for key, value in values.items() if key != "status"}
                store.update(self.entity, self.record_id, changes)
                record_id = self.record_id
        except ValidationError as error:
            self.post_message(self._Refused(error.errors))
        except Exception as error:  # the user must hear of it; no values in the message
            reason = tx.FORM_SAVE_FAILED.format(reason=type(error).__name__)
            self.post_message(self._Refused([FieldError(None, reason)]))
        else:
            self.post_message(self._Saved(record_id))

    @on(_Refused)
    def _refused(self, message: _Refused) -> None:
        self.saving = False
        self.sub_title = self.form_title
        self._after_save = None
        if [error.message for error in message.errors] == [voc.MSG_NOTHING_TO_SAVE]:
            self._show_message(voc.MSG_NOTHING_TO_SAVE)  # not an error: nothing to correct
            return
        shown = {field.name for field in self.fields} | {"localite"}
        general = []
        for error in message.errors:
            if error.field in shown and self.query(f"#error-{error.field}"):
                self._show_field_error(error.field, error.message)
            else:
                general.append(error.message)
        self._show_message("\n".join([tx.FORM_HAS_ERRORS, *general]))
        self._focus_first_error()

    @on(_Saved)
    def _saved(self, message: _Saved) -> None:
        self.saving = False
        self.discard_draft()
        self.app.post_message(record_saved_message(self.entity, message.record_id))
        self.app.notify(tx.FORM_SAVED)
        after, self._after_save = self._after_save, None
        self.dismiss(message.record_id)  # type: ignore[arg-type]
        if after is not None:
            after()

    def action_cancel(self) -> None:
        """Close the form; when something typed is not saved, ask first."""
        self.confirm_leave(lambda: None)

    def confirm_leave(self, then: Any) -> None:
        """Leave the form, asking first when it has unsaved changes; ``then()`` once left.

        "Enregistrer" saves (and leaves only if the save succeeds), "Abandonner les
        modifications" leaves and deletes the draft, "Continuer la saisie" stays.
        """
        if not self.is_dirty:
            self.discard_draft()
            self.dismiss(None)
            then()
            return

        def answered(answer: str | None) -> None:
            if answer == "save":
                self._after_save = then
                self.action_save()
            elif answer == "discard":
                self.discard_draft()
                self.dismiss(None)
                then()

        from screens.widgets.form_dialogs import LeaveFormDialog

        self.app.push_screen(LeaveFormDialog(), answered)

    # --- unsaved changes and drafts --------------------------------------------------------------

    def form_state(self) -> dict[str, Any]:
        """Every input as it is (JSON-able): what a draft keeps and what "changed" compares.

        A picker is [chosen code or None, text typed when nothing is chosen]; its label, filled
        in after the form opens, is not part of it.
        """
        state: dict[str, Any] = {}
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, CommunePicker):
                state[field.name] = [widget.commune_code, unchosen_text(widget)]
                state["localite"] = widget.localite
            elif isinstance(widget, ProfessionalPicker):
                state[field.name] = [widget.value, unchosen_text(widget)]
            elif isinstance(widget, Select):
                state[field.name] = None if widget.value is Select.NULL else widget.value
            elif isinstance(widget, Input):
                state[field.name] = widget.value
        return state

    @property
    def is_dirty(self) -> bool:
        """True when an input differs from what the form opened with."""
        return self._initial_state is not None and self.form_state() != self._initial_state

    @property
    def draft_key(self) -> str:
        from storage.records.drafts import draft_key

        # A new record's draft belongs to where it is made: the journal of *this* project, a
        # site of *this* MSP, an aid of *this* kind (the author is the same on the device).
        variant = ":".join(str(v) for k, v in sorted(self.fixed.items()) if k != "author")
        return draft_key(self.entity, self.record_id, variant or None)

    def keep_draft(self) -> None:
        """Write the inputs to the draft if they changed since the last look (timer, tests)."""
        if not self._draft_settled or self.saving:
            return
        state = self.form_state()
        if state == self._draft_state or (self._draft_state is None and not self.is_dirty):
            return
        from storage.records.drafts import save_draft
        from storage.records.store import utc_now

        # Only what the user changed: a field another device changed meanwhile is not put back
        # to its old value when the draft is taken again.
        initial = self._initial_state or {}
        changed = {key: value for key, value in state.items() if initial.get(key) != value}
        try:
            save_draft(self.context.engine, self.draft_key, changed, utc_now())
        except Exception:  # a draft is a safety net: never let it break the typing
            return
        self._draft_state = state

    def discard_draft(self) -> None:
        """Delete this form's draft (saved or abandoned)."""
        from storage.records.drafts import clear_draft

        self._draft_settled = False  # no draft is written any more by this form
        with contextlib.suppress(Exception):  # the next opening offers it again: nothing lost
            clear_draft(self.context.engine, self.draft_key)
        self._draft_state = None

    def _offer_draft(self) -> None:
        from storage.records.drafts import load_draft

        try:
            draft = load_draft(self.context.engine, self.draft_key)
        except Exception:  # a damaged or unreadable draft never keeps the form from opening
            draft = None
        initial = self._initial_state or {}
        if draft is None or all(initial.get(k) == v for k, v in draft.fields.items()):
            self._draft_settled = True
            return

        def answered(resume: bool | None) -> None:
            if resume:
                self.apply_state(draft.fields)
            else:
                self.discard_draft()
            self._draft_settled = True

        from screens.widgets.form_dialogs import DraftOfferDialog

        self.app.push_screen(DraftOfferDialog(draft.saved_at), answered)

    def apply_state(self, state: Mapping[str, Any]) -> None:
        """Put a draft's values back in the inputs (the fields it has; others stay as they are,
        fields the form no longer has are ignored)."""
        for field in self.fields:
            widget = self.query_one(f"#field-{field.name}")
            if isinstance(widget, CommunePicker) and "localite" in state:
                widget.query_one("#picker-localite", Input).value = state["localite"] or ""
            if field.name not in state:
                continue
            value = state[field.name]
            if isinstance(widget, CommunePicker | ProfessionalPicker):
                code, text = value if isinstance(value, list) and len(value) == 2 else (None, None)
                lookup = widget.lookup if isinstance(widget, CommunePicker) else widget
                lookup.set_value(code, text)
            elif isinstance(widget, Select):
                if value is not None:
                    widget.value = value
                elif widget._allow_blank:
                    widget.clear()
            elif isinstance(widget, Input) and isinstance(value, str):
                widget.value = value

    @on(Input.Blurred)
    def _left_input(self, event: Input.Blurred) -> None:
        """A number or date that does not parse is said as soon as the user leaves it."""
        widget = event.input
        if not isinstance(widget, NumberInput | DateInput) or widget.id is None:
            return
        name = widget.id.removeprefix("field-")
        result = event.validation_result
        if result is not None and not result.is_valid:
            label = next((f.label for f in self.fields if f.name == name), None)
            label = label or voc.field_label(name)
            self._show_field_error(name, f"{label} : {result.failure_descriptions[0]}")
        else:
            self._show_field_error(name, None)

    # --- messages ------------------------------------------------------------------------------

    def field_error(self, field: str) -> str:
        """The message shown under ``field`` ("" when none): what tests read."""
        found = self.query(f"#error-{field}")
        if not found:
            return ""
        error = found.first(Static)
        return str(error.render()) if error.has_class("-shown") else ""

    @property
    def message(self) -> str:
        """The message at the top of the form ("" when none)."""
        box = self.query_one("#form-message", Static)
        return str(box.render()) if box.has_class("-shown") else ""

    def _show_field_error(self, field: str, message: str | None) -> None:
        found = self.query(f"#error-{field}")
        if not found:
            return
        error = found.first(Static)
        error.update(Text(message or ""))
        error.set_class(bool(message), "-shown")

    def _show_message(self, message: str | None) -> None:
        box = self.query_one("#form-message", Static)
        box.update(Text(message or ""))
        box.set_class(bool(message), "-shown")

    def _focus_first_error(self) -> None:
        """Focus the first field (in the form's order) with a message, and scroll to it."""
        for field in self.fields:
            names = (
                (field.name, "localite")
                if field_kind(self.entity, field) == "commune"
                else (field.name,)
            )
            for name in names:
                if not self.field_error(name):
                    continue
                widget = self.query_one(f"#field-{field.name}")
                if name == "localite" and isinstance(widget, CommunePicker):
                    target: Widget = widget.query_one("#picker-localite", Input)
                else:
                    target = widget
                target.focus(scroll_visible=False)
                self.query_one("#form-body", VerticalScroll).scroll_to_widget(
                    self.query_one(f"#row-{field.name}"), animate=False
                )
                return

    def _clear_errors(self) -> None:
        for error in self.query(".form-error"):
            error.remove_class("-shown")
        self._show_message(None)
