"""The rules a synced record obeys wherever it is saved: on the device and on the central server.

:func:`check_synced_record` is what both ends run on a whole record before storing it: the field
checks of :func:`storage.records.validation.validate_record` (required fields, closed lists, RPPS,
SIREN, FINESS, known commune, coherent dates, amounts and counts >= 0, maximum lengths), a known
workflow status, and the territory (:func:`territory_errors`). The device runs it through
:class:`storage.records.store.Store`; the server (``ars_tui.central.service``) on every create, and
on every update merged onto the record it has. References are looked up through
:class:`storage.records.references.References`, so the server needs no copy of the device's tables.

Natural keys (:data:`NATURAL_KEYS`): an arrêté's entry for a commune, an MSP's staffing row for
a profession, an MCS's commune. Their id is derived from the key (:func:`natural_id`, a UUIDv5),
so two devices that create the same entry offline create the same record; the server then
merges the second create into the first instead of a constraint error.
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from datetime import date
from functools import cache
from typing import Any

from storage import vocabulary as voc
from storage.models import SYNCED_TYPES
from storage.records import workflows
from storage.records.field_specs import field_specs
from storage.records.references import References
from storage.records.rules import date_or_none
from storage.records.validation import (
    POLYMORPHIC_REFERENCES,
    FieldError,
    ValidationError,
    record_rule,
    validate_record,
)
from storage.reference.load import departement_of_commune, packaged_ars

#: A child record belongs to its parent's ARS.
PARENT_REFERENCES: dict[str, tuple[str, str]] = {
    "msp_site": ("msp_id", "msp_project"),
    "msp_staffing": ("msp_id", "msp_project"),
    "msp_funding": ("msp_id", "msp_project"),
    "mcs_training": ("mcs_id", "mcs"),
    "mcs_equipment": ("mcs_id", "mcs"),
    "mcs_commune": ("mcs_id", "mcs"),
    "mcs_intervention": ("mcs_id", "mcs"),
    "zoning_entry": ("order_id", "zoning_order"),
    "solidarity_mission": ("priority_zone_id", "priority_zone"),
}

#: The date that tells which ARS a record with a commune belongs to (La Réunion and Mayotte
#: records dated before 2020 belong to ARS Océan Indien). Records without one use today.
REFERENCE_DATE_FIELDS: dict[str, str] = {
    "installation_project": "first_contact_date",
    "aid_contract": "start_date",
    "urgent_care_coverage": "as_of",
    "teleconsultation_booth": "installed_date",
    "medical_assistant": "contract_date",
}

#: The date that says whether a record belongs to the past of ARS Océan Indien; a type with
#: none of these (a professional) is not dated, and its ARS is whatever it was given.
OI_DATE_FIELDS: dict[str, str] = {
    **REFERENCE_DATE_FIELDS,
    "zoning_order": "effective_date",
    "cpts": "signed_date",
    "follow_up": "event_date",
}

#: Record types whose identity is a pair of fields: one record per pair, on every device.
NATURAL_KEYS: dict[str, tuple[str, str]] = {
    "zoning_entry": ("order_id", "commune_code"),
    "msp_staffing": ("msp_id", "profession"),
    "mcs_commune": ("mcs_id", "commune_code"),
}
#: Namespace of the natural-key ids (a fixed, random UUID: never change it).
_NATURAL_NAMESPACE = uuid.UUID("5d0c1d2e-7f7e-4b8a-9a51-3c1b6f0e2a94")

#: The former ARS Océan Indien, its last day, and which of today's ARS edits its records where.
OI = "OI"
OI_LAST_DAY = date(2019, 12, 31)
OI_HEIRS: dict[str, str] = {"974": "REU", "976": "MAY"}


def ars_scope(ars_code: str) -> list[str]:
    """ARS codes a device of ``ars_code`` may read and write (OI for La Réunion and Mayotte)."""
    scope = [ars_code]
    if ars_code in OI_HEIRS.values():
        scope.append(OI)
    return scope


def natural_key(entity: str, record: Mapping[str, Any]) -> tuple[str, str] | None:
    """The pair that identifies a record of ``entity``, None for other types or a missing part."""
    names = NATURAL_KEYS.get(entity)
    if names is None:
        return None
    first, second = (record.get(name) for name in names)
    if first in (None, "") or second in (None, ""):
        return None
    return str(first), str(second)


def natural_id(entity: str, record: Mapping[str, Any]) -> str | None:
    """The id a record with a natural key gets (the same on every device), else None."""
    key = natural_key(entity, record)
    if key is None:
        return None
    return str(uuid.uuid5(_NATURAL_NAMESPACE, f"{entity}\x1f{key[0]}\x1f{key[1]}"))


def _ars_name(code: str) -> str:
    return next((info.name for info in packaged_ars() if info.code == code), code)


def _oi_date(entity: str, record: Mapping[str, Any]) -> date | None:
    return date_or_none(record.get(OI_DATE_FIELDS.get(entity, "")))


def territory_errors(
    entity: str, record: Mapping[str, Any], device_ars: str | None, *, creating: bool
) -> list[FieldError]:
    """Why a device of ``device_ars`` may not save ``record`` (its ``ars_code`` set), if it may not.

    - the record's ARS must be in the device's scope (a REU device saves no Mamoudzou record);
    - an OI record (before 2020) is edited by REU on La Réunion (974) and by MAY on Mayotte (976);
    - nobody creates an OI record dated after 2019-12-31.
    """
    record_ars = record.get("ars_code")
    if not isinstance(record_ars, str):
        return []
    if record_ars == device_ars and record_ars != OI:
        return []  # the common case (a device's own record), decided before the scope's list
    commune = record.get("commune_code")
    field = "commune_code" if commune else "ars_code"
    if device_ars is not None and record_ars not in ars_scope(device_ars):
        message = voc.MSG_OUTSIDE_DEVICE_ARS.format(
            record_ars=_ars_name(record_ars), ars=_ars_name(device_ars)
        )
        return [FieldError(field, message)]
    if record_ars != OI:
        return []
    if device_ars is not None and isinstance(commune, str) and len(commune) == 5:
        heir = OI_HEIRS.get(departement_of_commune(commune))
        if heir is not None and heir != device_ars:
            return [FieldError(field, voc.MSG_OI_OTHER_HEIR.format(ars=_ars_name(heir)))]
    if creating and entity in OI_DATE_FIELDS:
        on = _oi_date(entity, record)
        if on is None or on > OI_LAST_DAY:
            return [FieldError(field, voc.MSG_OI_AFTER_2019)]
    return []


def same_territory(child_ars: str, parent_ars: str) -> bool:
    """Whether a record of ``child_ars`` may point at one of ``parent_ars``: the same ARS, or
    ARS Océan Indien and one of its heirs (an OI project of 2018 for a professional of today)."""
    if child_ars == parent_ars:
        return True
    pair = {child_ars, parent_ars}
    return OI in pair and bool(pair & set(OI_HEIRS.values()))


@cache
def _parent_fields(entity: str) -> tuple[tuple[str, str | None], ...]:
    """(field, parent type) of the synced records ``entity`` points at; the type is None for a
    polymorphic reference (the record names it). Made once per type: every record checked
    (thousands a push, on the server) asks for it."""
    fields: list[tuple[str, str | None]] = [
        (name, spec.foreign_table)
        for name, spec in field_specs(entity).items()
        if spec.foreign_table in SYNCED_TYPES
    ]
    if entity in POLYMORPHIC_REFERENCES:
        fields.append((POLYMORPHIC_REFERENCES[entity][1], None))
    return tuple(fields)


def check_parent_territory(
    entity: str, record: Mapping[str, Any], references: References
) -> list[FieldError]:
    """A record belongs to the ARS of the records it points at (an MSP site to its MSP's, a
    project to its professional's...). A child whose ARS comes from its parent
    (:data:`PARENT_REFERENCES`) has exactly that ARS; the others may join ARS Océan Indien and
    its heirs. The message names the field, never the parent.

    Source: issue 10, "a record whose parent belongs to another ARS" is one the server and the
    devices of the other ARS see differently, so both ends refuse it at entry.
    """
    child_ars = record.get("ars_code")
    if not isinstance(child_ars, str):
        return []
    strict = PARENT_REFERENCES.get(entity, ("", ""))[0]
    errors: list[FieldError] = []
    for name, target in _parent_fields(entity):
        if target is None:
            target = record.get(POLYMORPHIC_REFERENCES[entity][0])
        parent_id = record.get(name)
        if not parent_id or target not in SYNCED_TYPES:
            continue
        parent = references.record_fields(target, parent_id)
        parent_ars = None if parent is None else parent.get("ars_code")
        if not isinstance(parent_ars, str):
            continue  # an unknown parent: the reference check says so
        if parent_ars == child_ars or (name != strict and same_territory(child_ars, parent_ars)):
            continue
        label = voc.field_label(name)
        errors.append(FieldError(name, voc.MSG_PARENT_OTHER_ARS.format(label=label)))
    return errors


def _register_parent_rules() -> None:
    """One rule of the field per record type that points at other synced records."""
    for entity in SYNCED_TYPES:
        if _parent_fields(entity):
            rule = record_rule(entity, reads=("synced records",))
            rule(_parent_rule(entity))


def _parent_rule(entity: str) -> Any:
    def check_parents(record: Mapping[str, Any], references: References) -> list[FieldError]:
        return check_parent_territory(entity, record, references)

    check_parents.__name__ = f"check_{entity}_parents_territory"
    check_parents.__doc__ = check_parent_territory.__doc__
    return check_parents


_register_parent_rules()


def status_errors(entity: str, record: Mapping[str, Any]) -> list[FieldError]:
    """A record with a workflow must be in one of its states."""
    if not workflows.has_workflow(entity):
        return []
    try:
        workflow = workflows.workflow_for(entity, record)
    except workflows.TransitionError as error:
        field = "kind" if entity == "aid_contract" else "status"
        return [FieldError(field, str(error))]
    if record.get("status") in workflow.states:
        return []
    return [
        FieldError(
            "status",
            voc.MSG_UNKNOWN_STATE.format(workflow=workflow.label, state=record.get("status")),
        )
    ]


def synced_record_errors(
    entity: str,
    record: Mapping[str, Any],
    references: References,
    *,
    device_ars: str | None,
    creating: bool,
    record_id: str | None = None,
    coerced: bool = False,
) -> tuple[list[FieldError], list[FieldError]]:
    """Every problem of a whole record: (territory problems, the other problems).

    ``record_id``: the record's id (rules counting other records leave it out); ``coerced``:
    the values are already their columns' types (see :func:`validate_record`)."""
    errors: list[FieldError] = []
    try:
        validate_record(entity, record, references, record_id=record_id, coerced=coerced)
    except ValidationError as error:
        errors.extend(error.errors)
    errors.extend(status_errors(entity, record))
    return territory_errors(entity, record, device_ars, creating=creating), errors


def check_synced_record(
    entity: str,
    record: Mapping[str, Any],
    references: References,
    *,
    device_ars: str | None,
    creating: bool,
) -> None:
    """Every rule a whole record must pass to be stored (see the module docstring).

    ``record`` holds the user fields and ``ars_code``; raises one
    :class:`~storage.records.validation.ValidationError` listing every problem.
    """
    territory, errors = synced_record_errors(
        entity, record, references, device_ars=device_ars, creating=creating
    )
    if territory or errors:
        raise ValidationError([*errors, *territory])
