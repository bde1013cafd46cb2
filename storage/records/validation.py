"""A whole record checked as it would be saved: :func:`validate_record`.

:func:`validate_record` checks a whole record as it would be saved and raises one
:class:`ValidationError` that lists *every* problem, so a form can mark all its wrong fields at
once. Each value is first read as its column's type by :func:`storage.records.coercion.coerce`. The
rules that can be data are tables below (:data:`NUMBER_RANGES`, :data:`DATE_ORDER`,
:data:`PHONE_PREFIXES`) and :data:`storage.records.coercion.IDENTIFIER_CHECKS`; which fields point
at which table is read from the models' foreign keys
(:func:`storage.records.field_specs.field_specs`). The ``status`` field is left to the store, which
checks it against the workflow.

Messages never repeat the value of a free-text field: names, RPPS, phone and email are personal
data and an error may end up in a log.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from functools import cache
from operator import itemgetter
from typing import Any

from sqlalchemy import Connection

from storage import vocabulary as voc
from storage.models import RECORD_TYPES
from storage.records.coercion import IDENTIFIER_CHECKS, _coerce_often, _shown
from storage.records.field_specs import NOT_CHECKED, WORKFLOW_FIELDS, FieldSpec, field_specs
from storage.records.field_specs import FieldError as FieldError  # exported: what a check raises
from storage.records.field_specs import ValidationError as ValidationError
from storage.records.references import References, as_references

# --- validate_record: the rules as data ---------------------------------------------------------


@dataclass(frozen=True)
class NumberRange:
    """Allowed values of a number field. Every int/float/amount field not listed: >= 0."""

    low: float
    high: float | None = None
    #: True when ``low`` itself is not allowed (fte: more than 0).
    low_excluded: bool = False

    def allows(self, value: float) -> bool:
        above = value > self.low if self.low_excluded else value >= self.low
        return above and (self.high is None or value <= self.high)


NON_NEGATIVE = NumberRange(low=0)
NUMBER_RANGES: dict[str, NumberRange] = {
    # Full-time equivalent of an assistant médical: a share of a full time, more than nothing.
    "fte": NumberRange(low=0, high=1, low_excluded=True),
    # Secteur conventionnel 1 or 2 (also a closed list: this guards a stored value).
    "secteur": NumberRange(low=1, high=2),
    # The year of a zone prioritaire list or of an ARS's objective.
    "year": NumberRange(low=2000, high=2100),
    # What an ARS's objective aims at: a count, more than nothing.
    "value": NumberRange(low=0, low_excluded=True),
}


@dataclass(frozen=True)
class DateOrder:
    """``later`` must not come before ``earlier`` (strictly after it when ``strict``).

    ``entity`` None: every record type that has both fields.
    """

    entity: str | None
    earlier: str
    later: str
    strict: bool = False


DATE_ORDER: tuple[DateOrder, ...] = (
    DateOrder("installation_project", "first_contact_date", "planned_installation_date"),
    DateOrder("installation_project", "first_contact_date", "installation_date"),
    # Contracts and missions. Same day allowed: a mission of one day starts and ends on it.
    DateOrder(None, "start_date", "end_date"),
    DateOrder("zoning_order", "effective_date", "end_date"),
    # Equipment that expires the day it is handed over is a typing slip.
    DateOrder("mcs_equipment", "handed_over_date", "expiry_date", strict=True),
)

#: Polymorphic references: (entity-name field, id field). A journal entry can be about any record.
POLYMORPHIC_REFERENCES: dict[str, tuple[str, str]] = {"follow_up": ("entity", "entity_id")}

_EMAIL = re.compile(r"[^@\s]+@[^@\s.]+(\.[^@\s.]+)+")

#: International prefixes a French number may have, with the count of digits that follow.
#: +33 metropolitan (and the overseas numbers in the national plan), +262 La Réunion and Mayotte,
#: +269 Mayotte's former prefix, +590 Guadeloupe / Saint-Martin / Saint-Barthélemy, +594 Guyane,
#: +596 Martinique, +508 Saint-Pierre-et-Miquelon (6 digits).
PHONE_PREFIXES: dict[str, int] = {
    "+33": 9,
    "+262": 9,
    "+269": 9,
    "+590": 9,
    "+594": 9,
    "+596": 9,
    "+508": 6,
}
#: Separators a phone number may be typed with: spaces, dots, dashes.
_PHONE_SEPARATORS = re.compile(r"[\s\u00a0\u202f.\-]+")
_NATIONAL_PHONE = re.compile(r"0[1-9]\d{8}")


def is_valid_email(text: str) -> bool:
    """A simple shape check: something@domain.tld, no spaces, one @."""
    return _EMAIL.fullmatch(text) is not None


def is_valid_phone(text: str) -> bool:
    """A French number: "06 12 34 56 78", "+33 6 12 34 56 78", "0033 6...", "+262 692 12 34 56".

    Digits with spaces, dots or dashes between them; national form 0 + 9 digits, or an
    international prefix of :data:`PHONE_PREFIXES` ("00" may stand for "+").
    """
    number = _PHONE_SEPARATORS.sub("", text)
    if number.startswith("00"):
        number = "+" + number[2:]
    if not number.startswith("+"):
        return _NATIONAL_PHONE.fullmatch(number) is not None
    for prefix, digits in PHONE_PREFIXES.items():
        rest = number[len(prefix) :]
        if number.startswith(prefix) and len(rest) == digits and rest.isdigit():
            return rest[0] != "0"
    return False


#: Format checks of free-text fields (message without the value: these are personal data).
TEXT_FORMATS: dict[str, tuple[Callable[[str], bool], str]] = {
    "email": (is_valid_email, voc.MSG_BAD_EMAIL),
    "phone": (is_valid_phone, voc.MSG_BAD_PHONE),
}


#: A rule of the field on a whole record (coerced values; a field may be missing or None): its
#: problems, or an empty list. It reads other records through :class:`References`, so the device
#: (its tables) and the central server (its records) run the very same rule.
RecordRule = Callable[[Mapping[str, Any], References], list[FieldError]]
#: Rules of the field by record type, registered with :func:`record_rule` by the modules of
#: :data:`RULE_MODULES`. The store (every edit, every import) and the central server (every
#: synced op) call them through :func:`validate_record`, after :data:`RECORD_RULES`.
FIELD_RULES: dict[str, list[RecordRule]] = {}
RULE_MODULES: tuple[str, ...] = (
    "storage.records.contract_rules",
    "storage.records.field_rules",
    "storage.records.record_rules",
)
#: The tables each rule reads besides the record itself (empty: the record alone decides), for
#: the record: both ends run every rule.
RULE_READS: dict[RecordRule, tuple[str, ...]] = {}


def record_rule(*entities: str, reads: tuple[str, ...] = ()) -> Callable[[RecordRule], RecordRule]:
    """Register a rule of the field for ``entities`` (a decorator); ``reads`` names the tables
    it looks up (see :data:`RULE_READS`)."""

    def register(rule: RecordRule) -> RecordRule:
        for entity in entities:
            if rule not in FIELD_RULES.setdefault(entity, []):
                FIELD_RULES[entity].append(rule)
        RULE_READS[rule] = reads
        return rule

    return register


@cache
def _load_rule_modules() -> None:
    # Imported on first use: those modules import this one.
    for name in RULE_MODULES:
        importlib.import_module(name)


def record_rules_for(entity: str) -> list[RecordRule]:
    """The rules of the field registered for ``entity``."""
    _load_rule_modules()
    return list(FIELD_RULES.get(entity, ()))


def validate_record(
    entity: str,
    values: Mapping[str, Any],
    connection: Connection | References,
    *,
    record_id: str | None = None,
    references: dict[tuple[str, Any], list[FieldError]] | None = None,
    coerced: bool = False,
) -> None:
    """Check a whole record as it would be saved; raise one :class:`ValidationError` listing
    every problem, or return None when there is none.

    ``values`` holds the user fields and ``ars_code`` (the sync columns and ``search_key`` are
    ignored; a field not given has the model's default, as a new record would, or is empty).
    Values are coerced first (:func:`coerce`), so typed text or stored values both work.
    ``record_id`` is the id of the record being changed (None for a new one): rules that count
    other records (a volunteer's days in a month) leave it out.

    Checks, in order: types and lengths; required fields; number ranges; identifiers (RPPS,
    SIREN, FINESS, commune code); references (reference data exists, a referenced record exists
    and is not deleted); date order; email and phone shape; then the field's rules between
    records (:data:`RECORD_RULES`), which need ``record_id`` (or ``values["id"]``) when editing,
    and the rules of the field of this record type (:data:`FIELD_RULES`: contracts, zonage,
    missions, coverage).

    ``references``: a cache of the reference checks' answers, for a batch of records checked in
    one transaction (an import checks the same commune or ARS thousands of times).
    ``coerced``: the values are already their columns' types (a batch coerced them once).
    """
    lookup = as_references(connection)
    errors: list[FieldError] = []
    broken: set[str] = set()
    if coerced:  # a batch's record, typed already: copied over the defaults in one pass
        record = dict(_unchecked_defaults(entity))
        record.update(values)
        if not NOT_CHECKED.isdisjoint(record):  # mostly: nothing to leave out, no set made
            for field in NOT_CHECKED.intersection(record):
                del record[field]
    else:
        record = _coerced_record(entity, values, errors, broken)
    fields = _fields_to_check(entity, record, broken)
    for name, spec, default, is_number, check_identifier, reference, text_format in fields:
        if broken and name in broken:
            continue
        value = record.setdefault(name, default)
        if value is None:
            if not spec.optional:
                errors.append(
                    FieldError(name, voc.MSG_REQUIRED.format(label=voc.field_label(name)))
                )
            continue
        if is_number:
            errors.extend(_check_range(spec, value))
        if check_identifier is not None:
            try:
                check_identifier(value, name)
            except ValidationError as error:
                errors.extend(error.errors)
                continue  # a malformed code cannot be looked up
        if reference is not None:
            if references is None:
                errors.extend(_check_reference(lookup, spec, value))
            else:
                key = (reference, value)
                found = references.get(key)
                if found is None:
                    found = references[key] = _check_reference(lookup, spec, value)
                if found:
                    errors.extend(found)
        if text_format is not None:
            is_valid, message = text_format
            if not is_valid(value):
                errors.append(FieldError(name, message.format(label=voc.field_label(name))))

    if entity in POLYMORPHIC_REFERENCES:
        errors.extend(_check_polymorphic(lookup, entity, record))
    errors.extend(_check_date_order(entity, record))
    if not errors:  # the rules below trust the values' types and references
        own_id = record_id if record_id is not None else values.get("id")
        for rule in RECORD_RULES:
            errors.extend(rule(lookup, entity, record, own_id))
        # A stored row given whole (the demo's check, a synced record) carries its own id.
        if isinstance(own_id, str):
            record["id"] = own_id
        for field_rule in record_rules_for(entity):
            errors.extend(field_rule(record, lookup))
    if errors:
        raise ValidationError(errors)


def _coerced_record(
    entity: str, values: Mapping[str, Any], errors: list[FieldError], broken: set[str]
) -> dict[str, Any]:
    """The values read as their columns' types, with the defaults of the unchecked fields;
    a value that cannot be read is an error, its field ``broken`` (left out)."""
    specs = field_specs(entity)
    record: dict[str, Any] = {}
    for field, raw in values.items():
        if field in NOT_CHECKED:
            continue
        if raw is None and field in specs:
            record[field] = None  # what coerce gives, without its cost (half the fields)
            continue
        try:
            record[field] = _coerce_often(entity, field, raw)
        except ValidationError as error:
            errors.extend(error.errors)
            broken.add(field)
    for name, default in _unchecked_defaults(entity).items():
        if name not in record and name not in broken:
            record[name] = default
    return record


@cache
def _checked_fields(entity: str) -> tuple[tuple[Any, ...], ...]:
    """The fields validate_record checks, with their checks looked up once (an import checks
    the same fields on every line): (name, spec, default, is a number, identifier check,
    reference cache key or None, text format). Only those with something to check: an optional
    field with no check is in :func:`_unchecked_defaults`."""
    return tuple(
        (
            name,
            spec,
            spec.default,
            is_number,
            check_identifier,
            None if spec.foreign_table is None else f"{spec.foreign_table}.{spec.name}",
            text_format,
        )
        for name, spec, is_number, check_identifier, text_format in _fields_and_checks(entity)
        if _has_check((name, spec, is_number, check_identifier, text_format))
    )


def _fields_to_check(
    entity: str, record: Mapping[str, Any], broken: set[str]
) -> tuple[tuple[Any, ...], ...]:
    """:func:`_checked_fields`, less the required fields with no other check when the record
    fills every one of them (an import's usual line): the loop would find nothing there."""
    fields = _checked_fields(entity)
    required = _required_only(entity)
    if required is None or broken:
        return fields
    filled, others = required
    try:
        if None not in filled(record):
            return others
    except KeyError:
        pass  # one is missing: the loop gives it its default
    return fields


@cache
def _required_only(
    entity: str,
) -> tuple[Callable[[Mapping[str, Any]], tuple[Any, ...]], tuple[tuple[Any, ...], ...]] | None:
    """(their values, the other checked fields) for the fields whose only check is that they
    are given (a name, a profession); None for a record type without such fields."""
    fields = _checked_fields(entity)
    names = tuple(
        name
        for name, spec, _default, is_number, check_identifier, reference, text_format in fields
        if not spec.optional
        and not is_number
        and check_identifier is None
        and reference is None
        and text_format is None
    )
    if not names:
        return None
    getter = itemgetter(*names)
    filled = getter if len(names) > 1 else lambda record: (getter(record),)
    return filled, tuple(field for field in fields if field[0] not in names)


@cache
def _unchecked_defaults(entity: str) -> dict[str, Any]:
    """The optional fields with nothing to check on their value, with their defaults: the
    record gets them without going through the checks' loop (most of a professional's).
    Read only (cached): copied, never changed."""
    return {
        field[0]: field[1].default for field in _fields_and_checks(entity) if not _has_check(field)
    }


def _fields_and_checks(entity: str) -> list[tuple[Any, ...]]:
    return [
        (name, spec, spec.is_number, IDENTIFIER_CHECKS.get(name), TEXT_FORMATS.get(name))
        for name, spec in field_specs(entity).items()
        if name not in NOT_CHECKED and name not in WORKFLOW_FIELDS
    ]


def _has_check(field: tuple[Any, ...]) -> bool:
    """Whether validate_record's loop can find anything wrong with this field."""
    _name, spec, is_number, check_identifier, text_format = field
    return (
        not spec.optional
        or is_number
        or check_identifier is not None
        or spec.foreign_table is not None
        or text_format is not None
    )


def _display_number(spec: FieldSpec, value: float) -> str:
    if spec.is_money:
        return voc.format_decimal(value / 100, digits=2) + " €"
    if isinstance(value, float):
        return voc.format_decimal(value, digits=2)
    return voc.format_int(int(value))


def _bound_text(bound: float) -> str:
    return (
        voc.format_int(int(bound)) if bound == int(bound) else voc.format_decimal(bound, digits=2)
    )


def _check_range(spec: FieldSpec, value: float) -> list[FieldError]:
    allowed = NUMBER_RANGES.get(spec.name, NON_NEGATIVE)
    if allowed.allows(value):
        return []
    label = voc.field_label(spec.name)
    shown = _display_number(spec, value)
    if allowed.high is None:
        message = voc.MSG_NEGATIVE.format(label=label, value=shown)
    else:
        template = (
            voc.MSG_OUT_OF_RANGE_LOW_EXCLUDED if allowed.low_excluded else voc.MSG_OUT_OF_RANGE
        )
        message = template.format(
            label=label, low=_bound_text(allowed.low), high=_bound_text(allowed.high), value=shown
        )
    return [FieldError(spec.name, message)]


#: Reference-data tables a field may point at, with the message for a code that is not there.
_REFERENCE_MESSAGES: dict[str, str] = {
    "commune": voc.MSG_UNKNOWN_COMMUNE,
    "epci": voc.MSG_UNKNOWN_EPCI,
}


def _check_reference(references: References, spec: FieldSpec, value: Any) -> list[FieldError]:
    """A foreign key: a synced record must exist and not be deleted; reference data must exist."""
    target_name = spec.foreign_table
    assert target_name is not None
    label = voc.field_label(spec.name)
    if target_name in RECORD_TYPES:
        deleted = references.record_deleted(target_name, value)
        entity_label = voc.ENTITY_LABELS.get(target_name, target_name)
        if deleted is None:
            message = voc.MSG_REFERENCE_NOT_FOUND.format(label=label, entity=entity_label)
            return [FieldError(spec.name, message)]
        if deleted:
            message = voc.MSG_REFERENCE_DELETED.format(label=label, entity=entity_label)
            return [FieldError(spec.name, message)]
        return []
    if references.reference_exists(target_name, value):
        return []
    if target_name == "ars":
        codes = references.reference_keys("ars")
        message = voc.MSG_ARS_UNKNOWN.format(value=_shown(value), choices=", ".join(codes))
    elif target_name in _REFERENCE_MESSAGES:
        message = _REFERENCE_MESSAGES[target_name].format(label=label, value=_shown(value))
    else:
        message = voc.MSG_REFERENCE_NOT_FOUND.format(label=label, entity=target_name)
    return [FieldError(spec.name, message)]


def _check_polymorphic(
    references: References, entity: str, record: Mapping[str, Any]
) -> list[FieldError]:
    if entity not in POLYMORPHIC_REFERENCES:
        return []
    entity_field, id_field = POLYMORPHIC_REFERENCES[entity]
    target, record_id = record.get(entity_field), record.get(id_field)
    if target is None or record_id is None:
        return []  # the required check has said so
    if target not in RECORD_TYPES:
        message = voc.MSG_UNKNOWN_ENTITY.format(label=voc.field_label(entity_field), value=target)
        return [FieldError(entity_field, message)]
    spec = FieldSpec(
        name=id_field, python_type=str, optional=False, max_length=None, foreign_table=target
    )
    return _check_reference(references, spec, record_id)


@cache
def _date_order_rules(entity: str) -> tuple[DateOrder, ...]:
    """The rules of :data:`DATE_ORDER` that apply to ``entity`` (sorted once, not per record)."""
    return tuple(rule for rule in DATE_ORDER if rule.entity in (None, entity))


def _check_date_order(entity: str, record: Mapping[str, Any]) -> list[FieldError]:
    errors = []
    for rule in _date_order_rules(entity):
        earlier, later = record.get(rule.earlier), record.get(rule.later)
        if not isinstance(earlier, date) or not isinstance(later, date):
            continue
        if later > earlier or (later == earlier and not rule.strict):
            continue
        template = voc.MSG_DATE_NOT_AFTER if rule.strict else voc.MSG_DATE_BEFORE
        message = template.format(
            label=voc.field_label(rule.later),
            other=voc.field_label(rule.earlier),
            other_value=voc.format_date(earlier),
        )
        errors.append(FieldError(rule.later, message))
    return errors


# --- Rules of the field between a record and the others (issue 11) ----------------------------


def today() -> date:
    """Today's date on this machine (a function: tests fix it)."""
    return date.today()


#: Dates that record something done, which cannot be after today.
NOT_IN_FUTURE: frozenset[tuple[str, str]] = frozenset(
    {("installation_project", "installation_date")}
)


@cache
def _entities_of(rules: frozenset[tuple[str, str]]) -> frozenset[str]:
    return frozenset(entity for entity, _field in rules)


def check_not_in_future(
    _references: References, entity: str, record: Mapping[str, Any], record_id: str | None
) -> list[FieldError]:
    """An effective installation date is a fact: not after today (a planned one may be)."""
    errors: list[FieldError] = []
    if entity not in _entities_of(NOT_IN_FUTURE):
        return errors  # no date to compare: today() is not asked for
    now: date | None = None  # asked for only when there is a date to compare (a push: per op)
    for rule_entity, field in NOT_IN_FUTURE:
        value = record.get(field)
        if rule_entity != entity or not isinstance(value, date):
            continue
        now = now or today()
        if value > now:
            message = voc.MSG_DATE_IN_FUTURE.format(
                label=voc.field_label(field),
                value=voc.format_date(value),
                today=voc.format_date(now),
            )
            errors.append(FieldError(field, message))
    return errors


def check_mcs_is_physician(
    references: References, entity: str, record: Mapping[str, Any], record_id: str | None
) -> list[FieldError]:
    """A médecin correspondant du SAMU is a physician (a psychologue cannot be one)."""
    if entity != "mcs" or not record.get("professional_id"):
        return []
    professional = references.record_fields("professional", record["professional_id"])
    profession = None if professional is None else professional.get("profession")
    if profession is None or profession == "medecin":
        return []
    shown = (voc.choices_for("professional", "profession") or {}).get(profession, profession)
    message = voc.MSG_MCS_NOT_PHYSICIAN.format(
        label=voc.field_label("professional_id"), profession=shown
    )
    return [FieldError("professional_id", message)]


def check_one_main_site(
    references: References, entity: str, record: Mapping[str, Any], record_id: str | None
) -> list[FieldError]:
    """An MSP has one principal site: a second one is refused (unmark the first before)."""
    if entity != "msp_site" or not record.get("is_main_site") or not record.get("msp_id"):
        return []
    sites = references.records_where("msp_site", "msp_id", record["msp_id"])
    if not any(site.get("is_main_site") and site.get("id") != record_id for site in sites):
        return []
    return [
        FieldError(
            "is_main_site", voc.MSG_MAIN_SITE_TAKEN.format(label=voc.field_label("is_main_site"))
        )
    ]


#: Checks run by :func:`validate_record` once every field is valid on its own, on both ends.
RECORD_RULES: tuple[
    Callable[[References, str, Mapping[str, Any], str | None], list[FieldError]], ...
] = (check_not_in_future, check_mcs_is_physician, check_one_main_site)
