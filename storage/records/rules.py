"""The field's rules that compute something: dates of commitments, the ARS of a commune on a date,
the zonage class of a commune on a date, CPTS size, mission indemnities.

Figures come from docs/DOMAIN.md (public texts). Amounts are whole cents, like the amount columns.
"""

from __future__ import annotations

import calendar
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cache

import sqlalchemy as sa
from sqlalchemy import Connection

from storage import vocabulary as voc
from storage.models import ZoningEntry, ZoningOrder
from storage.records import identifiers
from storage.records.contract_figures import contract_rules as _figures
from storage.records.validation import ValidationError
from storage.reference.load import ArsInfo, departement_of_commune, packaged_ars

# --- Amounts and durations ----------------------------------------------------------------------

#: Mission de solidarité territoriale (2025): 200 € per day on top of the doctor's fees
#: (contract_rules.toml, ``[mission]``).
MISSION_DAY_RATE_CENTS = _figures().mission_day_rate_cents
#: At most 2 days a month per volunteer doctor (contract_rules.toml, ``[mission]``).
MISSION_MAX_DAYS_A_MONTH = _figures().mission_max_days_a_month

#: CESP: 1,200 € gross a month paid to the student while studying. A plain constant: the amount
#: is set nationally and has not changed in the texts we have; the contract row keeps what was
#: actually paid (``monthly_amount_cents``), so a future change does not rewrite the past.
CESP_MONTHLY_ALLOWANCE_CENTS = _figures().cesp_max_monthly_cents

#: CESP: the commitment lasts as many months as the allowance was paid, and never less than this.
CESP_MINIMUM_COMMITMENT_MONTHS = _figures().cesp_min_commitment_months

#: Zonage class of a commune that an arrêté in force does not list (an arrêté lists zoned
#: communes only).
NOT_ZONED = "HZ"

#: CPTS size by population covered: (upper bound excluded, size), then T4 above the last bound.
#: docs/DOMAIN.md gives "T1 < 40k, T2 40-80k, T3 80-175k, T4 > 175k"; a bound belongs to the size it
#: starts (40,000 -> T2, 80,000 -> T3) and 175,000, which ">175k" leaves out of T4, stays T3.
CPTS_SIZES: tuple[tuple[int, str], ...] = ((40_000, "T1"), (80_000, "T2"))
CPTS_T3_MAX = 175_000


def add_months(day: date, months: int) -> date:
    """``day`` moved by ``months`` calendar months (negative goes back), clipped to the month's end.

    >>> add_months(date(2024, 1, 31), 1)
    datetime.date(2024, 2, 29)
    >>> add_months(date(2023, 1, 31), 1)
    datetime.date(2023, 2, 28)
    """
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def cesp_commitment_end(start: date, months_paid: int) -> date:
    """End of a CESP commitment: ``start`` + max(24, months of allowance paid) months.

    A negative ``months_paid`` (a typing slip) counts as the 24-month minimum here;
    :func:`storage.records.validation.validate_record` reports it to the user.
    """
    return add_months(start, max(CESP_MINIMUM_COMMITMENT_MONTHS, months_paid))


def mission_indemnity_cents(days: int, rate_cents: int = MISSION_DAY_RATE_CENTS) -> int:
    """Indemnity of a mission de solidarité territoriale: days x the daily rate (200 €)."""
    for field, value in (("days", days), ("amount_cents", rate_cents)):
        if value < 0:
            raise ValidationError.single(
                field, voc.MSG_NEGATIVE.format(label=voc.field_label(field), value=value)
            )
    return days * rate_cents


def cpts_size(population: int) -> str:
    """Size class of a CPTS (T1 to T4) from the population it covers. See :data:`CPTS_SIZES`."""
    if population < 0:
        label = voc.field_label("population_covered")
        raise ValidationError.single(
            "population_covered", voc.MSG_NEGATIVE.format(label=label, value=population)
        )
    for bound, size in CPTS_SIZES:
        if population < bound:
            return size
    return "T3" if population <= CPTS_T3_MAX else "T4"


# --- Territories --------------------------------------------------------------------------------


@cache
def _ars_by_departement() -> Mapping[str, tuple[ArsInfo, ...]]:
    """Département -> every packaged ARS that covers or covered it, oldest first."""
    index: dict[str, list[ArsInfo]] = {}
    for ars in packaged_ars():
        for departement in ars.departements:
            index.setdefault(departement, []).append(ars)
    return {
        code: tuple(sorted(found, key=lambda a: a.active_from)) for code, found in index.items()
    }


def _as_date(on: date) -> date:
    # A datetime is a date, but comparing one with a date raises TypeError.
    return on.date() if isinstance(on, datetime) else on


def ars_of_commune(commune_code: str, on: date) -> str:
    """The code of the ARS a commune belonged to on a date, from the packaged ARS table.

    La Réunion (974) and Mayotte (976) belonged to ARS Océan Indien ("OI") until 31/12/2019, then
    to "REU" and "MAY". Saint-Barthélemy (977) and Saint-Martin (978) belong to "GUA".
    Saint-Pierre-et-Miquelon (975) has no ARS: ValidationError, as for any commune no ARS covers.

    The table holds today's ARS and OI only, not the regional ARS that the 2016 regions merged:
    for a date before every ARS of the département existed, the answer is the earliest of them
    (a 2012 record in the Rhône belongs to ARA today; one of 2005 in La Réunion to OI).
    """
    code = identifiers.check_commune_code(commune_code)
    on = _as_date(on)
    candidates = _ars_by_departement().get(departement_of_commune(code), ())
    if not candidates:
        raise ValidationError.single(
            "commune_code",
            voc.MSG_NO_ARS_FOR_COMMUNE.format(label=voc.field_label("commune_code"), value=code),
        )
    for ars in candidates:
        if ars.active_on(on):
            return ars.code
    if on < candidates[0].active_from:
        return candidates[0].code
    # Every ARS of the département had ended by then: cannot happen with today's table, where
    # each département has one ARS still active; the newest is the best answer if it ever does.
    return candidates[-1].code


@dataclass(frozen=True)
class OrderInForce:
    """The arrêté de zonage that applies to a commune (or an ARS) on a date."""

    id: str
    number: str
    effective_date: date
    end_date: date | None
    #: The ARS that signed it: "OI" for an arrêté of ARS Océan Indien still applied after 2019.
    ars_code: str


def predecessor_ars(ars_code: str, on: date) -> tuple[ArsInfo, ...]:
    """The ARS that covered the départements of ``ars_code`` before it and had ended by ``on``
    (REU and MAY: OI, which ended on 31/12/2019), newest first."""
    current = next((ars for ars in packaged_ars() if ars.code == ars_code), None)
    if current is None:
        return ()
    found = [
        ars
        for ars in packaged_ars()
        if ars.code != ars_code
        and ars.active_to is not None
        and ars.active_to < on
        and ars.active_to < current.active_from
        and set(ars.departements) & set(current.departements)
    ]
    return tuple(sorted(found, key=lambda ars: ars.active_to or on, reverse=True))


def _date_of(value: object) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def date_or_none(value: object) -> date | None:
    """A date as a device's table gives it, or as the server stores it (ISO text); None for
    anything else (a rule that cannot read a date leaves the check to the field's own)."""
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value[:10])
        except ValueError:
            return None
    return None


def _latest_order(
    connection: Connection, ars_code: str, profession: str, on: date, *, in_force: bool
) -> OrderInForce | None:
    """The arrêté of ``ars_code`` in force on ``on`` (``in_force``), or any that took effect by
    then: latest date d'effet, then latest signed, then last created (UUIDv7 ids)."""
    order: sa.Table = ZoningOrder.__table__  # type: ignore[attr-defined]
    conditions = [
        order.c.deleted.is_(False),
        order.c.ars_code == ars_code,
        order.c.profession == profession,
        order.c.effective_date <= on,
    ]
    if in_force:
        conditions.append(sa.or_(order.c.end_date.is_(None), order.c.end_date >= on))
    row = connection.execute(
        sa.select(order.c.id, order.c.number, order.c.effective_date, order.c.end_date)
        .where(*conditions)
        .order_by(
            order.c.effective_date.desc(),
            order.c.signed_date.desc().nulls_last(),
            order.c.id.desc(),
        )
        .limit(1)
    ).first()
    if row is None:
        return None
    end = _date_of(row.end_date) if row.end_date is not None else None
    return OrderInForce(row.id, row.number, _date_of(row.effective_date), end, ars_code)


def order_in_force(
    connection: Connection, ars_code: str, on: date, *, profession: str = "medecin"
) -> OrderInForce | None:
    """The arrêté de zonage that applies in ``ars_code`` on ``on``.

    The ARS's own arrêté in force that day decides. Until the ARS has one (none took effect by
    then), the arrêté of the ARS it succeeded that was in force on that ARS's last day and has
    no end date keeps applying. Source (issue 12, "Zonage across the Océan Indien split"): "an
    OI arrêté in force on 2019-12-31 with no end date (e.g. Cilaos ZIP) must keep applying to
    974/976 communes from 2020-01-01 until a REU/MAY arrêté replaces it".
    """
    on = _as_date(on)
    own = _latest_order(connection, ars_code, profession, on, in_force=True)
    if own is not None:
        return own
    if _latest_order(connection, ars_code, profession, on, in_force=False) is not None:
        return None  # the ARS's own arrêtés have replaced the former ARS's, and have ended
    for former in predecessor_ars(ars_code, on):
        last_day = former.active_to
        assert last_day is not None
        kept = _latest_order(connection, former.code, profession, last_day, in_force=True)
        if kept is not None and (kept.end_date is None or kept.end_date >= on):
            return kept
    return None


@dataclass(frozen=True)
class ZoningOnDate:
    """A commune's zonage on a date: its class, whether the ARS retained it, and the arrêté."""

    commune_code: str
    on: date
    #: The ARS of the commune on that date.
    ars_code: str
    zone_class: str
    #: A territory the ARS retained itself ("retenu par l'ARS").
    retained_by_ars: bool
    order: OrderInForce


def zoning_on(
    connection: Connection, commune_code: str, on: date, *, profession: str = "medecin"
) -> ZoningOnDate | None:
    """The zonage of a commune on a date (see :func:`order_in_force`); an arrêté lists the zoned
    communes, so a commune it does not list is "HZ". No arrêté applies, or a commune no ARS
    covers: None."""
    on = _as_date(on)
    try:
        code = identifiers.check_commune_code(commune_code)
        ars_code = ars_of_commune(code, on)
    except ValidationError:
        return None
    order = order_in_force(connection, ars_code, on, profession=profession)
    if order is None:
        return None
    entry: sa.Table = ZoningEntry.__table__  # type: ignore[attr-defined]
    row = connection.execute(
        sa.select(entry.c.zone_class, entry.c.retained_by_ars).where(
            entry.c.order_id == order.id,
            entry.c.commune_code == code,
            entry.c.deleted.is_(False),
        )
    ).first()
    if row is None:
        return ZoningOnDate(code, on, ars_code, NOT_ZONED, False, order)
    return ZoningOnDate(code, on, ars_code, row.zone_class, bool(row.retained_by_ars), order)


def zoning_class_on(
    connection: Connection, commune_code: str, on: date, *, profession: str = "medecin"
) -> str | None:
    """The zonage class of a commune on a date: "ZIP", "ZAC", "ZV", "HZ" or a regional variant.

    The arrêté of :func:`order_in_force` for the commune's ARS on that date (an OI arrêté without
    end date goes on applying in 974/976 until a REU/MAY one takes effect); its non-deleted entry
    for the commune gives the class; no entry means "HZ" (an arrêté lists the zoned communes).
    No arrêté, or a commune no ARS covers: None.
    """
    found = zoning_on(connection, commune_code, on, profession=profession)
    return None if found is None else found.zone_class
