"""The zonage of a territory: the arrêté in force on a day and its classes, the arrêtés before
it, and the zones prioritaires (EPCI) it holds. Like :mod:`storage.queries.territories`,
nothing at module level imports SQLAlchemy.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any

from storage.queries.territories import (
    NOT_ZONED,
    ZONE_CLASSES,
    ZONING_PROFESSION,
    Territory,
    ZoneShare,
    Zoning,
    ZoningHistoryRow,
    commune_in,
    current_ars,
    params,
)

if TYPE_CHECKING:
    from sqlalchemy import Connection


def order_in_force(
    connection: Connection, ars_code: str, on: date, profession: str = ZONING_PROFESSION
) -> tuple[str, str, date] | None:
    """(id, number, date d'effet) of the arrêté that applies in ``ars_code`` on ``on``.

    Same choice as :func:`storage.records.rules.zoning_class_on`
    (:func:`storage.records.rules.order_in_force`: an OI arrêté without end date goes on applying in
    974/976 until a REU/MAY one).
    """
    from storage.records.rules import order_in_force as applying

    order = applying(connection, ars_code, on, profession=profession)
    if order is None:
        return None
    return order.id, order.number, order.effective_date


def _class_order(zone_class: str) -> tuple[int, str]:
    known = ZONE_CLASSES.index(zone_class) if zone_class in ZONE_CLASSES else len(ZONE_CLASSES)
    return known, zone_class


def classes_in_order(
    connection: Connection, territory: Territory, order_id: str
) -> dict[str, ZoneShare]:
    """Communes and population of the territory per class of one arrêté (unlisted: HZ)."""
    from sqlalchemy import text

    rows = connection.execute(
        text(
            "SELECT COALESCE(e.zone_class, :hz), COUNT(*), COALESCE(SUM(c.population), 0)"
            " FROM commune c LEFT JOIN zoning_entry e ON e.commune_code = c.code"
            " AND e.order_id = :order_id AND e.deleted = 0"
            f" WHERE {commune_in(territory, 'c.code')} GROUP BY 1"
        ),
        {**params(territory), "order_id": order_id, "hz": NOT_ZONED},
    ).all()
    return {
        zone_class: ZoneShare(int(communes), int(population))
        for zone_class, communes, population in sorted(rows, key=lambda r: _class_order(r[0]))
    }


def zoning_on(connection: Connection, territory: Territory, today: date) -> Zoning:
    """The zonage of the territory's communes on ``today``."""
    from storage.records.rules import order_in_force as applying

    ars_code = current_ars(connection, territory, today)
    order = applying(connection, ars_code, today) if ars_code else None
    if order is None:
        return Zoning(None, None, {})
    return Zoning(
        order.number,
        order.effective_date,
        classes_in_order(connection, territory, order.id),
        retained=retained_in_order(connection, territory, order.id),
        order_ars=order.ars_code,
    )


def retained_in_order(connection: Connection, territory: Territory, order_id: str) -> int:
    """Communes of the territory that the ARS retained itself in one arrêté."""
    from sqlalchemy import text

    return int(
        connection.execute(
            text(
                "SELECT COUNT(*) FROM zoning_entry e WHERE e.order_id = :order_id"
                " AND e.deleted = 0 AND e.retained_by_ars = 1"
                f" AND {commune_in(territory, 'e.commune_code')}"
            ),
            {**params(territory), "order_id": order_id},
        ).scalar_one()
    )


def zoning_history(
    connection: Connection, territory: Territory, today: date
) -> list[ZoningHistoryRow]:
    """Every live arrêté of the territory's ARS, newest first, with the classes it gave."""
    from sqlalchemy import text

    from storage.records.rules import predecessor_ars

    ars_code = current_ars(connection, territory, today)
    if ars_code is None:
        return []
    in_force = order_in_force(connection, ars_code, today)
    # The ARS's arrêtés and those of the ARS it succeeded (974/976: OI's, before 2020).
    codes = [ars_code, *(former.code for former in predecessor_ars(ars_code, today))]
    marks, codes_params = (
        ", ".join(f":ars_{i}" for i in range(len(codes))),
        {f"ars_{i}": code for i, code in enumerate(codes)},
    )
    orders = connection.execute(
        text(
            "SELECT id, number, effective_date, end_date, ars_code FROM zoning_order"
            f" WHERE deleted = 0 AND ars_code IN ({marks}) AND profession = :profession"
            " ORDER BY effective_date DESC, id DESC"
        ),
        {**codes_params, "profession": ZONING_PROFESSION},
    ).all()
    history = []
    for order_id, number, effective, end, order_ars in orders:
        classes = classes_in_order(connection, territory, order_id)
        history.append(
            ZoningHistoryRow(
                number=number,
                effective_date=_as_date(effective),
                end_date=_as_date(end) if end else None,
                in_force=in_force is not None and in_force[0] == order_id,
                classes={zone_class: share.communes for zone_class, share in classes.items()},
                ars_code=order_ars,
                retained=retained_in_order(connection, territory, order_id),
            )
        )
    return history


def _as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value)[:10])


def priority_zones_in(
    connection: Connection, territory: Territory, today: date | None = None
) -> tuple[int, int]:
    """(EPCI of the territory that are zones prioritaires, population of their communes in the
    territory); on ``today``, only the lists of that year or before (none in 2019)."""
    from sqlalchemy import text

    year = (today or date.max).year
    count, population = connection.execute(
        text(
            "SELECT COUNT(DISTINCT c.epci_siren), COALESCE(SUM(c.population), 0) FROM commune c"
            f" WHERE {commune_in(territory, 'c.code')} AND c.epci_siren IN"
            " (SELECT epci_siren FROM priority_zone WHERE deleted = 0 AND year <= :year)"
        ),
        {**params(territory), "year": year},
    ).one()
    return int(count), int(population)
