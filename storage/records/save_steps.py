"""The steps of a save that :class:`~storage.records.store.Store` and
:class:`~storage.records.bulk.BulkSave` share: load a record, coerce typed values, check a
natural key, the workflow's states and transitions, and the values a record derives itself.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from sqlalchemy import Connection, Table, select

from storage import vocabulary as voc
from storage.models import RECORD_TYPES, SYNC_COLUMNS
from storage.records import coercion, record_rules, rules, workflows
from storage.records.validation import FieldError, ValidationError
from storage.text import SEARCH_KEY_SOURCES, search_key

#: Columns the store derives itself; the user never types them.
DERIVED_COLUMNS: frozenset[str] = frozenset({"search_key"})


def table_of(entity: str) -> Table:
    try:
        return RECORD_TYPES[entity].__table__  # type: ignore[attr-defined,no-any-return]
    except KeyError:
        raise ValueError(f"unknown record type: {entity!r}") from None


def has_scalar_default(column: Any) -> bool:
    return column.default is not None and column.default.is_scalar


def load_record(
    connection: Connection, table: Table, entity: str, record_id: str
) -> dict[str, Any]:
    row = connection.execute(select(table).where(table.c.id == record_id)).mappings().first()
    if row is None:
        raise ValidationError(
            [
                FieldError(
                    None,
                    voc.MSG_RECORD_NOT_FOUND.format(
                        entity=voc.ENTITY_LABELS.get(entity, entity), record_id=record_id
                    ),
                )
            ]
        )
    return dict(row)


def coerce_all(entity: str, values: Mapping[str, Any]) -> dict[str, Any]:
    """Every value turned into its column's type; all problems reported together."""
    errors: list[FieldError] = []
    coerced: dict[str, Any] = {}
    for field, raw in values.items():
        if field in SYNC_COLUMNS or field in DERIVED_COLUMNS:
            errors.append(
                FieldError(field, voc.MSG_READ_ONLY_FIELD.format(label=voc.field_label(field)))
            )
            continue
        try:
            coerced[field] = coercion.coerce(entity, field, raw)
        except ValidationError as error:
            errors.extend(error.errors)
    if errors:
        raise ValidationError(errors)
    return coerced


def check_natural_key(
    connection: Connection,
    entity: str,
    record: Mapping[str, Any],
    record_id: str,
    table: Table,
    *,
    creating: bool,
) -> None:
    """One record per natural key (an arrêté's commune, an MSP's profession, an MCS's commune).

    New records get the key's own id, so a clash is an older record (another id) or the same
    key created again here: both are a French error, never a constraint failure.
    """
    names = record_rules.NATURAL_KEYS.get(entity)
    key = record_rules.natural_key(entity, record)
    if names is None or key is None:
        return
    clash = connection.execute(
        select(table.c.id).where(
            table.c[names[0]] == record[names[0]],
            table.c[names[1]] == record[names[1]],
        )
    ).first()
    if clash is not None and (creating or clash.id != record_id):
        raise ValidationError(
            [
                FieldError(
                    names[1],
                    voc.MSG_NATURAL_KEY_TAKEN.format(
                        entity=voc.ENTITY_LABELS.get(entity, entity),
                        fields=", ".join(voc.field_label(name) for name in names),
                    ),
                )
            ]
        )


def workflow_of(entity: str, record: Mapping[str, Any]) -> workflows.Workflow:
    """The record's workflow; a missing or unknown type (an aid's ``kind``) is a French error."""
    try:
        return workflows.workflow_for(entity, record)
    except workflows.TransitionError as error:
        field = "kind" if entity == "aid_contract" else "status"
        raise ValidationError([FieldError(field, str(error))]) from None


def check_status_is_known(entity: str, record: Mapping[str, Any]) -> None:
    if not workflows.has_workflow(entity):
        return
    workflow = workflow_of(entity, record)
    if record.get("status") not in workflow.states:
        raise ValidationError(
            [
                FieldError(
                    "status",
                    voc.MSG_UNKNOWN_STATE.format(
                        workflow=workflow.label, state=record.get("status")
                    ),
                )
            ]
        )


def check_transition(entity: str, current: Mapping[str, Any], changes: Mapping[str, Any]) -> None:
    if not workflows.has_workflow(entity):
        raise ValidationError([FieldError("status", voc.MSG_NO_WORKFLOW)])
    workflow = workflow_of(entity, current)
    target = changes["status"]
    try:
        workflow.check_transition(current["status"], target)
    except workflows.TransitionError as error:
        raise ValidationError([FieldError("status", str(error))]) from None
    after = {**current, **changes}
    # 0 counts as missing too: a mission "réalisée" over 0 days is a typing slip.
    missing = [f for f in workflow.states[target].requires if after.get(f) in (None, "", 0)]
    if missing:
        raise ValidationError(
            [
                FieldError(
                    field,
                    voc.MSG_REQUIRED_FOR_STATE.format(
                        label=voc.field_label(field), state=workflow.label_of(target)
                    ),
                )
                for field in missing
            ]
        )


def derive_on_create(connection: Connection, entity: str, record: dict[str, Any]) -> None:
    """Values computed once, when the record is made."""
    if entity == "installation_project" and not record.get("zoning_class"):
        commune, first_contact = record.get("commune_code"), record.get("first_contact_date")
        if commune and isinstance(first_contact, date):
            # The class at the time is kept: later arrêtés do not rewrite an opened project.
            record["zoning_class"] = rules.zoning_class_on(connection, commune, first_contact)
    derive_on_update(entity, record, record)


def derive_on_update(entity: str, record: dict[str, Any], changed: Mapping[str, Any]) -> None:
    """Values that follow from others each time those change."""
    if entity == "aid_contract" and record.get("kind") == "cesp":
        # The commitment runs from the start of practice in the chosen place (not from the
        # signature or the allowance): contract_rules.contract_end.
        start, months = record.get("practice_start_date"), record.get("months_paid")
        touched = "practice_start_date" in changed or "months_paid" in changed
        if touched and start and months is not None:
            record["end_date"] = rules.cesp_commitment_end(start, months)


def derive(entity: str, row: Mapping[str, Any], *, into: dict[str, Any] | None = None) -> None:
    """Refresh the search key of ``row`` (written into ``into``, or into ``row`` itself)."""
    sources = SEARCH_KEY_SOURCES.get(entity)
    if sources is None:
        return
    target = row if into is None else into
    target["search_key"] = search_key(*map(row.get, sources))  # type: ignore[index]
