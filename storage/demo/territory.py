"""The territory of a demo: the ARS's communes and localités, and its two arrêtés de zonage.

Only real communes are used: those the reference tables (``commune``, ``ars_departement``) give
for the ARS. Records land on a commune drawn by population (cities get more); in La Réunion,
Mayotte and Guyane part of them land on a localité of ``data/localites.toml``.
"""

from __future__ import annotations

from bisect import bisect
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from random import Random

from sqlalchemy import bindparam, text

from storage.demo.base import DemoContext, cumulative, demo_data, iso_days
from storage.records.rules import NOT_ZONED

#: When the 2017 and 2025 national methods of the zonage took effect (docs/DOMAIN.md, "Zonage").
METHOD_2017 = date(2017, 11, 13).toordinal()
METHOD_2025 = date(2025, 5, 9).toordinal()
#: Zones prioritaires were named in spring 2025; the demo has none before.
PRIORITY_ZONES_FROM = date(2025, 5, 1).toordinal()
#: Départements entirely classed ZIP in the demo (as Mayotte and Guyane are in practice).
ALL_ZIP_DEPARTEMENTS = frozenset({"973", "976"})
#: Chance that a project, site or booth in a commune with localités lands on one of them.
LOCALITE_SHARE = 0.5
#: A remote localité (Mafate, river CDPS) weighs this much against an ordinary one.
REMOTE_WEIGHT = 0.3


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    departement: str
    epci: str | None
    population: int


@dataclass
class Territory:
    """The communes of one ARS, with what the demo draws from them."""

    communes: list[Place]
    by_code: dict[str, Place]
    departement_names: dict[str, str]
    epci_names: dict[str, str]
    #: commune code -> (localités, cumulative weights, set of remote ones)
    localites: dict[str, tuple[list[str], list[float], frozenset[str]]]
    #: Known populations of localités (localites.toml ``populations``: Mafate's îlets).
    localite_populations: dict[str, int] = field(default_factory=dict)
    #: Communes with an emergency department (localites.toml ``hospital``).
    hospital_communes: frozenset[str] = frozenset()
    _cum_population: list[float] = field(default_factory=list)
    #: EPCI (or, without one, département) -> its communes; département -> biggest commune.
    _groups: dict[str, list[Place]] = field(default_factory=dict)
    _biggest: dict[str, Place] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._cum_population = cumulative(max(p.population, 50) for p in self.communes)
        for place in self.communes:
            self._groups.setdefault(place.departement, []).append(place)
            if place.epci:
                self._groups.setdefault(place.epci, []).append(place)
            best = self._biggest.get(place.departement)
            if best is None or place.population > best.population:
                self._biggest[place.departement] = place

    def draw(self, rng: Random, count: int) -> list[Place]:
        """``count`` communes drawn by population."""
        return rng.choices(self.communes, cum_weights=self._cum_population, k=count)

    def localite(self, rng: Random, code: str) -> str | None:
        """A localité of the commune for part of the records, else None."""
        entry = self.localites.get(code)
        if entry is None or rng.random() >= LOCALITE_SHARE:
            return None
        names, cum, _remote = entry
        return names[bisect(cum, rng.random() * cum[-1], 0, len(names) - 1)]

    def biggest(self, departement: str) -> Place:
        return self._biggest[departement]

    def neighbours(self, rng: Random, place: Place, count: int) -> list[Place]:
        """Up to ``count`` other communes of the same EPCI (else département), at random."""
        if count <= 0:
            return []
        pool = self._groups[place.epci or place.departement]
        if len(pool) < 2:
            pool = self._groups[place.departement]
        found = rng.sample(pool, min(count + 1, len(pool)))
        return [p for p in found if p.code != place.code][:count]

    def members(self, epci: str) -> list[Place]:
        return self._groups.get(epci, [])


def load_territory(ctx: DemoContext) -> Territory:
    """Read the ARS's communes, départements and EPCI from the reference tables."""
    rows = ctx.connection.execute(
        text(
            "SELECT c.code, c.name, c.departement_code, c.epci_siren, COALESCE(c.population, 0)"
            " FROM commune c JOIN ars_departement ad ON ad.departement_code = c.departement_code"
            " WHERE ad.ars_code = :ars ORDER BY c.code"
        ),
        {"ars": ctx.ars_code},
    ).all()
    communes = [Place(*row) for row in rows]
    departements = dict(
        ctx.connection.execute(
            text(
                "SELECT d.code, d.name FROM departement d JOIN ars_departement ad"
                " ON ad.departement_code = d.code WHERE ad.ars_code = :ars ORDER BY d.code"
            ),
            {"ars": ctx.ars_code},
        ).all()
    )
    epcis = dict(
        ctx.connection.execute(
            text("SELECT siren, name FROM epci WHERE siren IN :codes").bindparams(
                bindparam("codes", expanding=True)
            ),
            {"codes": sorted({p.epci for p in communes if p.epci}) or [""]},
        ).all()
    )
    by_code = {p.code: p for p in communes}
    localites: dict[str, tuple[list[str], list[float], frozenset[str]]] = {}
    populations: dict[str, int] = {}
    hospitals: set[str] = set()
    for code, spec in sorted(demo_data("localites")["communes"].items()):
        if code not in by_code:
            continue
        ordinary, remote = spec.get("localites", []), spec.get("remote", [])
        names = [*ordinary, *remote]
        weights = [1.0] * len(ordinary) + [REMOTE_WEIGHT] * len(remote)
        localites[code] = (names, cumulative(weights), frozenset(remote))
        populations.update(spec.get("populations", {}))
        if spec.get("hospital"):
            hospitals.add(code)
    return Territory(
        communes, by_code, departements, epcis, localites, populations, frozenset(hospitals)
    )


# --- Zonage ----------------------------------------------------------------------------------


@dataclass
class Zoning:
    """The arrêtés of the ARS: which class a commune had on a day."""

    #: (effective ordinal, end ordinal or None, {commune: class}), oldest first.
    orders: list[tuple[int, int | None, dict[str, str]]]

    def class_on(self, commune: str, day: int) -> str | None:
        """As :func:`storage.records.rules.zoning_class_on`: the latest arrêté in force decides, a
        commune it does not list is "HZ", and no arrêté in force gives None."""
        found = None
        for effective, end, classes in self.orders:
            if effective <= day and (end is None or day <= end):
                found = classes.get(commune, NOT_ZONED)
        return found


_FIRST_CLASS = {"rural": {"ZIP": 35, "ZAC": 35, "HZ": 25, "ZV": 5},
                "town": {"ZIP": 20, "ZAC": 35, "HZ": 40, "ZV": 5},
                "city": {"ZIP": 10, "ZAC": 30, "HZ": 60}}  # fmt: skip
#: How a class moves from the older arrêté to the newer (the 2025 method widened the ZIP).
_NEXT_CLASS = {"ZIP": {"ZIP": 90, "ZAC": 10}, "ZAC": {"ZIP": 30, "ZAC": 60, "HZ": 10},
               "HZ": {"HZ": 80, "ZAC": 15, "ZIP": 5}, "ZV": {"ZV": 50, "ZAC": 50}}  # fmt: skip


def _draw(rng: Random, weights: dict[str, int]) -> str:
    return rng.choices(list(weights), weights=list(weights.values()))[0]


def zoning_dates(ctx: DemoContext) -> list[tuple[int, int | None, str | None]]:
    """(effective, end, method) of the two demo arrêtés, the older ending the day before."""
    start, end = ctx.period.start, ctx.period.end
    newer = next(
        (
            day
            for day in (date(2025, 7, 1), date(2018, 5, 1), date(2022, 7, 1))
            if start + 365 < day.toordinal() < end
        ),
        None,
    )
    newer_day = newer.toordinal() if newer else start + (end - start) // 2
    closing = end if ctx.ars_code == "OI" else None

    def method(day: int) -> str | None:
        return "2025" if day >= METHOD_2025 else "2017" if day >= METHOD_2017 else None

    return [(start, newer_day - 1, method(start)), (newer_day, closing, method(newer_day))]


def make_zoning(ctx: DemoContext, territory: Territory) -> Zoning:
    """Two arrêtés with an entry for every commune, or the ARS's arrêtés already there."""
    existing = _existing_zoning(ctx)
    if existing is not None:
        return existing
    rng, iso = ctx.rng, iso_days()
    # Classes are drawn per territoire de vie-santé, as the zonage is; the demo's stand-in for a
    # TVS is the EPCI, named after its most populous commune.
    groups: dict[str, list[Place]] = defaultdict(list)
    for place in territory.communes:
        groups[place.epci or place.code].append(place)
    note = demo_data("content")["zoning"]["note"]
    order_rows, entry_rows, orders = [], [], []
    previous: dict[str, str] = {}
    for seq, (effective, end, method) in enumerate(zoning_dates(ctx), start=1):
        order_id = ctx.new_id()
        year = date.fromordinal(effective).year
        order_rows.append(
            (order_id, f"{DEMO_ORDER_PREFIX}-{ctx.ars_code}-{year}-{40 + seq * 7:03d}",
             iso[max(ctx.period.start, effective - rng.randint(15, 45))], iso[effective],
             None if end is None else iso[end], "medecin", method, note)
        )  # fmt: skip
        classes: dict[str, str] = {}
        for key in sorted(groups):
            members = groups[key]
            pole = max(members, key=lambda p: p.population)
            average = sum(p.population for p in members) / len(members)
            size = "rural" if average < 1500 else "town" if average < 15000 else "city"
            group_class = _draw(rng, _FIRST_CLASS[size])
            for place in members:
                if place.departement in ALL_ZIP_DEPARTEMENTS:
                    zone = "ZIP"
                elif previous:
                    zone = _draw(rng, _NEXT_CLASS[previous[place.code]])
                else:
                    zone = group_class if rng.random() < 0.85 else _draw(rng, _FIRST_CLASS[size])
                classes[place.code] = zone
                entry_rows.append((ctx.new_id(), order_id, place.code, zone, pole.code, pole.name))
        orders.append((effective, end, classes))
        previous = classes
    ctx.insert("zoning_order", ZONING_ORDER_COLUMNS, order_rows)
    ctx.insert("zoning_entry", ZONING_ENTRY_COLUMNS, entry_rows)
    return Zoning(orders)


#: Demo arrêté numbers start with this: never the look of a real DG ARS arrêté number.
DEMO_ORDER_PREFIX = "DÉMO"

ZONING_ORDER_COLUMNS = (
    "number", "signed_date", "effective_date", "end_date", "profession", "method", "notes",
)  # fmt: skip
ZONING_ENTRY_COLUMNS = ("order_id", "commune_code", "zone_class", "tvs_code", "tvs_name")


def _existing_zoning(ctx: DemoContext) -> Zoning | None:
    rows = ctx.connection.execute(
        text(
            "SELECT o.id, o.effective_date, o.end_date, e.commune_code, e.zone_class"
            " FROM zoning_order o JOIN zoning_entry e ON e.order_id = o.id"
            " WHERE o.ars_code = :ars AND o.profession = 'medecin' AND o.deleted = 0"
            " AND e.deleted = 0"
            " ORDER BY o.effective_date, o.id"
        ),
        {"ars": ctx.ars_code},
    ).all()
    if not rows:
        return None
    by_order: dict[str, tuple[int, int | None, dict[str, str]]] = {}
    for order_id, effective, end, commune, zone in rows:
        if order_id not in by_order:
            by_order[order_id] = (
                date.fromisoformat(effective).toordinal(),
                date.fromisoformat(end).toordinal() if end else None,
                {},
            )
        by_order[order_id][2][commune] = zone
    return Zoning(list(by_order.values()))
