"""Territories as the dashboard and the Territoires section see them: ARS, département, EPCI,
commune. What they hold (population, zonage, zone prioritaire) and which records lie in them.

A :class:`Territory` is a level and a code. Records are placed in it by SQL, never in Python:

- at the ARS level, by the record's own scope (``ars_code``), plus the records of a former ARS
  on its communes: La Réunion (REU) counts ARS Océan Indien's records on La Réunion, so REU and
  département 974 give the same figures; OI itself counts only its own records;
- below, by the record's commune (``commune_code``), through a sub-query on the reference
  ``commune`` table (its ``departement_code`` and ``epci_siren`` are indexed). An MSP lies where
  one of its live sites lies, an MCS where one of the communes it covers lies.

The pickers' option lists, the search of the Territoires section (accent-free, on the commune's
``search_key`` column and on the same key of EPCI and département names, computed by SQLite
through a registered function) and the details of one territory are here too; its zonage and
zones prioritaires are in :mod:`storage.queries.territory_zoning`.

Nothing at module level imports SQLAlchemy: the dashboard imports this module before its first
frame (see ``ars_tui.app``); every function takes an open ``Connection``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

from storage.settings import ARS_SETTING, DEMO_ARS_SETTING
from storage.text import search_key

if TYPE_CHECKING:
    from sqlalchemy import Connection


Level = Literal["ars", "departement", "epci", "commune"]

#: From the widest to the narrowest.
LEVELS: tuple[Level, ...] = ("ars", "departement", "epci", "commune")

#: Zonage classes in the order they are shown; a regional variant comes after them.
ZONE_CLASSES: tuple[str, ...] = ("ZIP", "ZAC", "ZV", "HZ")
#: Class of a commune an arrêté in force does not list (as :data:`storage.records.rules.NOT_ZONED`,
#: repeated here so that this module does not import SQLAlchemy through ``storage.records.rules``).
NOT_ZONED = "HZ"
#: The zonage that the dashboard and the Territoires section show.
ZONING_PROFESSION = "medecin"


@dataclass(frozen=True)
class Territory:
    """One territory: its level, its code (ARS code, département code, EPCI SIREN, INSEE code)."""

    level: Level
    code: str
    name: str = ""

    @property
    def label(self) -> str:
        return f"{self.name} ({self.code})" if self.name else self.code


@dataclass(frozen=True)
class ZoneShare:
    """Communes of a territory in one zonage class, and their population."""

    communes: int
    population: int


@dataclass(frozen=True)
class Zoning:
    """The zonage of a territory on a date: the arrêté in force and its classes."""

    #: Number of the arrêté in force; None when none is (then ``classes`` is empty).
    order_number: str | None
    order_effective_date: date | None
    #: Class -> communes and population, in :data:`ZONE_CLASSES` order (classes present only).
    classes: dict[str, ZoneShare]
    #: Communes of the territory the ARS retained itself in that arrêté ("retenu par l'ARS").
    retained: int = 0
    #: The ARS that signed the arrêté (OI for an arrêté of ARS Océan Indien still applied).
    order_ars: str | None = None

    @property
    def single_class(self) -> str | None:
        """The class when every commune has the same one (always so for a commune)."""
        return next(iter(self.classes)) if len(self.classes) == 1 else None


@dataclass(frozen=True)
class ZoningHistoryRow:
    """One arrêté of the territory's ARS and the classes it gave the territory's communes."""

    number: str
    effective_date: date
    end_date: date | None
    in_force: bool
    classes: dict[str, int]
    #: The ARS that signed it (OI for an arrêté of ARS Océan Indien in a 974/976 history).
    ars_code: str = ""
    #: Communes of the territory the ARS retained itself in this arrêté ("retenu par l'ARS").
    retained: int = 0


@dataclass(frozen=True)
class CptsInfo:
    name: str
    population_covered: int | None
    #: T1 to T4 (``storage.records.rules.cpts_size``); None without a population.
    size: str | None


@dataclass(frozen=True)
class TerritoryDetails:
    """What the Territoires section shows of one territory."""

    territory: Territory
    today: date
    #: ARS today (code, name), and the département and EPCI of a commune (code, name).
    ars: tuple[str, str] | None
    departement: tuple[str, str] | None
    epci: tuple[str, str] | None
    population: int
    commune_count: int
    zoning: Zoning
    zoning_history: list[ZoningHistoryRow]
    #: EPCI of the territory in the zones prioritaires, and the population of their communes
    #: that lies in the territory.
    priority_epci: int
    priority_population: int
    #: Live records of each type placed in the territory (see :func:`record_filter`).
    counts: dict[str, int]
    cpts: list[CptsInfo] = field(default_factory=list)

    @property
    def is_priority(self) -> bool:
        return self.priority_epci > 0


# --- SQL pieces ------------------------------------------------------------------------------


def params(territory: Territory) -> dict[str, Any]:
    """The bind parameters of every SQL piece below."""
    return {"t_code": territory.code}


def communes_sql(territory: Territory) -> str:
    """A sub-query of the INSEE codes of the territory's communes (binds ``:t_code``)."""
    if territory.level == "ars":
        return (
            "SELECT code FROM commune WHERE departement_code IN"
            " (SELECT departement_code FROM ars_departement WHERE ars_code = :t_code)"
        )
    if territory.level == "departement":
        return "SELECT code FROM commune WHERE departement_code = :t_code"
    if territory.level == "epci":
        return "SELECT code FROM commune WHERE epci_siren = :t_code"
    return "SELECT :t_code"


def commune_in(territory: Territory, column: str) -> str:
    """SQL true when the commune code in ``column`` lies in the territory."""
    if territory.level == "commune":
        return f"{column} = :t_code"
    return f"{column} IN ({communes_sql(territory)})"


def record_filter(territory: Territory, alias: str, entity: str) -> str:
    """SQL true when the live record ``alias`` of type ``entity`` lies in the territory.

    The ARS level uses the record's scope, plus the records of a former ARS on its communes
    (ARS Océan Indien's on La Réunion for REU): the same island counts the same whether it is
    looked at as an ARS or as a département. Below, the record's commune (see the module's
    docstring), whichever ARS the record belongs to.
    """
    if territory.level == "ars":
        # Written as "scope in (own, former) and (own or on its communes)" rather than "own or
        # (former and on its communes)": the same records, but SQLite then reads them through
        # the ars_code index instead of an OR of two indexes that fetches every row one by one
        # (projects by status of 100,000 projects: 0.05 s instead of 0.25 s).
        scopes = f"{alias}.ars_code IN (SELECT :t_code UNION ALL {FORMER_ARS_SQL})"
        own_or_on_communes = (
            f"{alias}.ars_code = :t_code OR {_commune_filter(territory, alias, entity)}"
        )
        return f"({scopes} AND ({own_or_on_communes}))"
    return _commune_filter(territory, alias, entity)


#: The former ARS (ended, with an ``active_to``) that covered a département of the ARS
#: ``:t_code`` (OI for REU and MAY). Binds ``:t_code``.
FORMER_ARS_SQL = (
    "SELECT f.code FROM ars f WHERE f.active_to IS NOT NULL AND f.code <> :t_code"
    " AND EXISTS (SELECT 1 FROM ars_departement fd JOIN ars_departement td"
    "  ON td.departement_code = fd.departement_code"
    "  WHERE fd.ars_code = f.code AND td.ars_code = :t_code)"
)


def _commune_filter(territory: Territory, alias: str, entity: str) -> str:
    """SQL true when the record ``alias`` lies on a commune of the territory."""
    if entity == "msp_project":
        return (
            "EXISTS (SELECT 1 FROM msp_site s WHERE s.msp_id = "
            f"{alias}.id AND s.deleted = 0 AND {commune_in(territory, 's.commune_code')})"
        )
    if entity == "mcs":
        return (
            "EXISTS (SELECT 1 FROM mcs_commune mc WHERE mc.mcs_id = "
            f"{alias}.id AND mc.deleted = 0 AND {commune_in(territory, 'mc.commune_code')})"
        )
    return commune_in(territory, f"{alias}.commune_code")


def former_ars_included(
    connection: Connection, territory: Territory
) -> list[tuple[str, str, date]]:
    """(code, name, last day) of the former ARS whose records the territory's figures include.

    An ARS includes its predecessor's records on its communes; a département, EPCI or commune
    includes every record on its communes, so those of any former ARS that covered it.
    A former ARS itself includes only its own records: none here.
    """
    from sqlalchemy import text

    if territory.level == "ars":
        sql = (
            f"SELECT code, name, active_to FROM ars WHERE code IN ({FORMER_ARS_SQL}) ORDER BY code"
        )
    else:
        sql = (
            "SELECT a.code, a.name, a.active_to FROM ars a WHERE a.active_to IS NOT NULL AND EXISTS"
            " (SELECT 1 FROM ars_departement d WHERE d.ars_code = a.code AND d.departement_code"
            f" IN (SELECT departement_code FROM commune WHERE {commune_in(territory, 'code')}))"
            " ORDER BY a.code"
        )
    return [
        (code, name, date.fromisoformat(str(end)[:10]))
        for code, name, end in connection.execute(text(sql), params(territory))
    ]


def counting_day(connection: Connection, territory: Territory, today: date) -> date:
    """The day a territory's figures are counted on: ``today``, or the last day of an ARS that
    has ended (ARS Océan Indien: 2019-12-31), so that nothing of it is judged against today."""
    from sqlalchemy import text

    if territory.level != "ars":
        return today
    end = connection.execute(
        text("SELECT active_to FROM ars WHERE code = :code"), {"code": territory.code}
    ).scalar()
    if end is None:
        return today
    return min(today, date.fromisoformat(str(end)[:10]))


# --- Picker options --------------------------------------------------------------------------


def ars_options(connection: Connection) -> list[tuple[str, str]]:
    """(code, name) of every ARS: today's by name, then the historical ones (OI)."""
    return _pairs(
        connection, "SELECT code, name FROM ars ORDER BY active_to IS NOT NULL, name COLLATE FR", {}
    )


#: The ARS whose records a device of an ARS also follows: La Réunion's and Mayotte's historical
#: records belong to the former ARS Océan Indien (before 2020).
RELATED_ARS: dict[str, tuple[str, ...]] = {"REU": ("OI",), "MAY": ("OI",), "OI": ("REU", "MAY")}


def device_ars_options(connection: Connection, ars_code: str) -> list[tuple[str, str]]:
    """(code, name) of the device's ARS, then of those whose records it follows (OI for REU)."""
    names = dict(ars_options(connection))
    codes = (ars_code, *RELATED_ARS.get(ars_code, ()))
    return [(code, names[code]) for code in codes if code in names]


def departement_options(connection: Connection, ars_code: str) -> list[tuple[str, str]]:
    """(code, name) of the départements (and collectivités) an ARS covers, by code."""
    return _pairs(
        connection,
        "SELECT d.code, d.name FROM ars_departement a JOIN departement d"
        " ON d.code = a.departement_code WHERE a.ars_code = :ars ORDER BY d.code",
        {"ars": ars_code},
    )


def epci_options(connection: Connection, departement_code: str) -> list[tuple[str, str]]:
    """(SIREN, name) of the EPCI with at least one commune in the département, by name."""
    return _pairs(
        connection,
        "SELECT e.siren, e.name FROM epci e WHERE e.siren IN"
        " (SELECT epci_siren FROM commune WHERE departement_code = :dep)"
        " ORDER BY e.name COLLATE FR",
        {"dep": departement_code},
    )


def commune_options(
    connection: Connection, departement_code: str, epci_siren: str | None = None
) -> list[tuple[str, str]]:
    """(INSEE code, name) of the communes of a département, or of one of its EPCI, by name."""
    sql = "SELECT code, name FROM commune WHERE departement_code = :dep"
    values: dict[str, Any] = {"dep": departement_code}
    if epci_siren:
        sql += " AND epci_siren = :epci"
        values["epci"] = epci_siren
    return _pairs(connection, sql + " ORDER BY search_key", values)


def _pairs(connection: Connection, sql: str, values: dict[str, Any]) -> list[tuple[str, str]]:
    from sqlalchemy import text

    return [(code, name) for code, name in connection.execute(text(sql), values)]


def device_ars(connection: Connection) -> str | None:
    """The device's ARS (bound, else that of its demo data), None when it does not know it."""
    from sqlalchemy import text

    for key in (ARS_SETTING, DEMO_ARS_SETTING):
        value = connection.execute(
            text("SELECT value FROM local_setting WHERE key = :key"), {"key": key}
        ).scalar()
        if value:
            return str(value)
    return None


def default_ars(connection: Connection, tables: tuple[str, ...]) -> str | None:
    """The ARS the dashboard opens on: the device's (bound, else that of its demo data), else
    the first ARS, by code, that has records in one of ``tables``, else None."""
    from sqlalchemy import text

    device = device_ars(connection)
    if device is not None:
        return device
    # MIN over an indexed column is one index probe per table.
    union = " UNION ALL ".join(f"SELECT MIN(ars_code) AS code FROM {table}" for table in tables)
    return connection.execute(text(f"SELECT MIN(code) FROM ({union})")).scalar()


def territory_named(connection: Connection, level: Level, code: str) -> Territory:
    """The territory with its name from the reference tables (the code when unknown)."""
    from sqlalchemy import text

    sql = {
        "ars": "SELECT name FROM ars WHERE code = :code",
        "departement": "SELECT name FROM departement WHERE code = :code",
        "epci": "SELECT name FROM epci WHERE siren = :code",
        "commune": "SELECT name FROM commune WHERE code = :code",
    }[level]
    name = connection.execute(text(sql), {"code": code}).scalar()
    return Territory(level, code, name or "")


# --- Search (Territoires) --------------------------------------------------------------------


@dataclass(frozen=True)
class SearchHit:
    territory: Territory
    #: A short hint shown beside the name: the département of a commune, an EPCI's nature...
    hint: str


def _like_pattern(term: str) -> str:
    escaped = term.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _loose_key(text: str) -> str:
    """:func:`storage.text.search_key` with hyphens as spaces."""
    return search_key(text).replace("-", " ")


def search_territories(connection: Connection, query: str, limit: int = 40) -> list[SearchHit]:
    """Départements, EPCI and communes whose name (or code) contains ``query``, accents and
    case ignored: départements first, then EPCI, then communes, the most populated first."""
    from sqlalchemy import text

    # Hyphens count as spaces on both sides: "saint paul" finds "Saint-Paul".
    term = _loose_key(query)
    if not term:
        return []
    # search_key() as an SQL function, so that EPCI and département names are matched the way
    # the commune table's search_key column is (that column is indexed and kept by the loader).
    raw = connection.connection.driver_connection
    raw.create_function("ars_search_key", 1, _loose_key, deterministic=True)  # type: ignore[union-attr]
    values = {"pattern": _like_pattern(term), "prefix": f"{term}%", "limit": limit}
    # One query per kind, each row (code, name, what the hit shows beside the name).
    searches: tuple[tuple[Level, str], ...] = (
        (
            "departement",
            "SELECT code, name, code FROM departement"
            " WHERE ars_search_key(name || ' ' || code) LIKE :pattern ESCAPE '\\'"
            " ORDER BY code LIMIT :limit",
        ),
        (
            "epci",
            "SELECT siren, name, nature FROM epci"
            " WHERE ars_search_key(name || ' ' || siren) LIKE :pattern ESCAPE '\\'"
            " ORDER BY name COLLATE FR LIMIT :limit",
        ),
        (
            "commune",
            "SELECT code, name, departement_code FROM commune"
            " WHERE replace(search_key, '-', ' ') LIKE :pattern ESCAPE '\\'"
            " ORDER BY replace(search_key, '-', ' ') LIKE :prefix DESC,"
            " COALESCE(population, 0) DESC, code"
            " LIMIT :limit",
        ),
    )
    hits = [
        SearchHit(Territory(kind, code, name), detail)
        for kind, sql in searches
        for code, name, detail in connection.execute(text(sql), values)
    ]
    return hits[:limit]


# --- What a territory is ---------------------------------------------------------------------


def population_of(connection: Connection, territory: Territory) -> tuple[int, int]:
    """(population municipale, number of communes) of the territory."""
    from sqlalchemy import text

    population, count = connection.execute(
        text(
            "SELECT COALESCE(SUM(population), 0), COUNT(*) FROM commune"
            f" WHERE {commune_in(territory, 'code')}"
        ),
        params(territory),
    ).one()
    return int(population), int(count)


def current_ars(connection: Connection, territory: Territory, today: date) -> str | None:
    """The ARS whose zonage applies to the territory on ``today``.

    For an ARS, itself; below, the ARS of its first commune on that date
    (:func:`storage.records.rules.ars_of_commune`; a département belongs to one ARS).
    """
    from sqlalchemy import text

    if territory.level == "ars":
        return territory.code
    first = connection.execute(
        text(f"SELECT MIN(code) FROM commune WHERE {commune_in(territory, 'code')}"),
        params(territory),
    ).scalar()
    if first is None:
        return None
    from storage.records.rules import ars_of_commune
    from storage.records.validation import ValidationError

    try:
        return ars_of_commune(first, today)
    except ValidationError:  # Saint-Pierre-et-Miquelon: no ARS
        return None


#: What the Territoires section counts, by record type (live records).
COUNTED_TYPES: tuple[str, ...] = (
    "installation_project",
    "msp_project",
    "mcs",
    "solidarity_mission",
    "teleconsultation_booth",
    "cpts",
)


def record_counts(connection: Connection, territory: Territory) -> dict[str, int]:
    """Live records of each of :data:`COUNTED_TYPES` placed in the territory; ``msp_project``
    counts the MSP only, ``centre_sante`` the centres de santé (the same table, kind apart)."""
    from sqlalchemy import text

    def count_sql(key: str, entity: str, where: str = "") -> str:
        return (
            f"SELECT '{key}', COUNT(*) FROM {entity} r WHERE r.deleted = 0{where}"
            f" AND {record_filter(territory, 'r', entity)}"
        )

    # Centres de santé share the MSP table (kind): counted apart, never as MSP.
    sql = " UNION ALL ".join(
        [
            *(
                count_sql(entity, entity, " AND r.kind = 'msp'" if entity == "msp_project" else "")
                for entity in COUNTED_TYPES
            ),
            count_sql("centre_sante", "msp_project", " AND r.kind = 'centre_sante'"),
        ]
    )
    counts = dict(connection.execute(text(sql), params(territory)).all())
    found: dict[str, int] = {}
    for entity in COUNTED_TYPES:
        found[entity] = int(counts.get(entity, 0))
        if entity == "msp_project":
            found["centre_sante"] = int(counts.get("centre_sante", 0))
    return found


def cpts_in(connection: Connection, territory: Territory) -> list[CptsInfo]:
    """The live CPTS placed in the territory, the biggest first, with their size T1-T4."""
    from sqlalchemy import text

    from storage.records.rules import cpts_size

    rows = connection.execute(
        text(
            "SELECT r.name, r.population_covered FROM cpts r WHERE r.deleted = 0"
            f" AND {record_filter(territory, 'r', 'cpts')}"
            " ORDER BY COALESCE(r.population_covered, -1) DESC, r.name LIMIT 50"
        ),
        params(territory),
    ).all()
    return [
        CptsInfo(name, population, cpts_size(population) if population is not None else None)
        for name, population in rows
    ]


def territory_details(
    connection: Connection, territory: Territory, today: date
) -> TerritoryDetails:
    """Everything the Territoires section shows of ``territory`` on ``today``."""
    from sqlalchemy import text

    # Here, not at the top: territory_zoning builds on this module.
    from storage.queries.territory_zoning import priority_zones_in, zoning_history, zoning_on

    population, communes = population_of(connection, territory)
    departement = epci = None
    if territory.level == "commune":
        row = connection.execute(
            text(
                "SELECT d.code, d.name, e.siren, e.name FROM commune c"
                " JOIN departement d ON d.code = c.departement_code"
                " LEFT JOIN epci e ON e.siren = c.epci_siren WHERE c.code = :t_code"
            ),
            params(territory),
        ).one_or_none()
        if row is not None:
            departement = (row[0], row[1])
            epci = (row[2], row[3]) if row[2] else None
    elif territory.level == "epci":
        epci = (territory.code, territory.name)
    elif territory.level == "departement":
        departement = (territory.code, territory.name)
    ars_code = current_ars(connection, territory, today)
    ars = None
    if ars_code:
        ars = (ars_code, territory_named(connection, "ars", ars_code).name)
    priority_epci, priority_population = priority_zones_in(connection, territory)
    return TerritoryDetails(
        territory=territory,
        today=today,
        ars=ars,
        departement=departement,
        epci=epci,
        population=population,
        commune_count=communes,
        zoning=zoning_on(connection, territory, today),
        zoning_history=zoning_history(connection, territory, today),
        priority_epci=priority_epci,
        priority_population=priority_population,
        counts=record_counts(connection, territory),
        cpts=cpts_in(connection, territory),
    )
