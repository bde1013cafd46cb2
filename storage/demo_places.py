"""Demo records of places and programmes: zones prioritaires and their missions de solidarité,
urgent care coverage, CPTS, téléconsultation booths, assistants médicaux, and the journal.

Zones prioritaires exist from 2025 only, so the historical ARS Océan Indien has none, nor missions.
Coverage rows give, per commune or localité and date, the population beyond 30 minutes from
urgent care, never more than the commune's population (a localité's is a share of its commune's).
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import text

from storage import vocabulary as voc
from storage.demo_base import DemoContext, WeightedCodes, demo_data, iso_days
from storage.demo_projects import Doctor
from storage.demo_territory import PRIORITY_ZONES_FROM, Territory, Zoning
from storage.field_rules import MISSION_MAX_DAYS_A_MONTH
from storage.vocabulary import of_place

#: Missions de solidarité territoriale started in September 2025.
MISSIONS_FROM = date(2025, 9, 1).toordinal()
#: Assistants médicaux: the avenant 7 of the convention médicale (August 2019).
ASSISTANTS_FROM = date(2019, 8, 1).toordinal()
#: Booths before this day were pilots; the demo starts them here.
BOOTHS_FROM = date(2018, 1, 1).toordinal()
#: CPTS signed the ACI from its 2019 creation.
CPTS_ACI_FROM = date(2019, 8, 1).toordinal()
HOST_KINDS = {"msp": 40, "centre_de_sante": 20, "cabinet": 40}

PRIORITY_ZONE_COLUMNS = ("epci_siren", "year", "population")
MISSION_COLUMNS = ("priority_zone_id", "professional_id", "host_kind", "host_name",
                   "commune_code", "start_date", "end_date", "days", "consultations", "status",
                   "notes")  # fmt: skip
COVERAGE_COLUMNS = ("commune_code", "localite", "as_of", "population_beyond_30min", "active_mcs",
                    "population_covered_by_mcs", "notes")  # fmt: skip
CPTS_COLUMNS = ("name", "commune_code", "population_covered", "status", "signed_date", "notes")
BOOTH_COLUMNS = ("commune_code", "localite", "site_kind", "operator", "cost_cents", "status",
                 "installed_date")  # fmt: skip
ASSISTANT_COLUMNS = ("employer_id", "commune_code", "contract_date", "fte", "underserved_area",
                     "status")  # fmt: skip
FOLLOW_UP_COLUMNS = ("entity", "entity_id", "event_date", "kind", "summary", "next_action",
                     "next_action_due", "author")  # fmt: skip


def make_priority_zones(ctx: DemoContext, territory: Territory) -> list[tuple[str, str]]:
    """A few rural EPCI of the ARS as zones prioritaires (or the ARS's zones already there).

    Returns (zone id, EPCI SIREN) pairs.
    """
    existing = ctx.connection.execute(
        text("SELECT id, epci_siren FROM priority_zone WHERE ars_code = :ars AND deleted = 0"
             " ORDER BY id"),
        {"ars": ctx.ars_code},
    ).all()  # fmt: skip
    if existing:
        return [(zone_id, siren) for zone_id, siren in existing]
    if ctx.period.end < PRIORITY_ZONES_FROM or is_overseas(territory):
        return []
    rng = ctx.rng
    epcis = sorted(territory.epci_names)
    # The most rural half (smallest average commune), of which about one EPCI in eight.
    rural = sorted(epcis, key=lambda s: _average_population(territory, s))[
        : max(1, len(epcis) // 2)
    ]
    chosen = rng.sample(rural, max(1, min(12, round(len(epcis) * 0.12))))
    rows = [
        (ctx.new_id(), siren, 2025, sum(p.population for p in territory.members(siren)))
        for siren in sorted(chosen)
    ]
    ctx.insert("priority_zone", PRIORITY_ZONE_COLUMNS, rows)
    return [(row[0], row[1]) for row in rows]


def is_overseas(territory: Territory) -> bool:
    """Whether the ARS is overseas (La Réunion, Mayotte, OI, the Antilles, Guyane).

    The 151 zones prioritaires of 2025 are metropolitan (plan 2025: "chaque zone
    métropolitaine"; indicateurs_nationaux.csv: the list is not in the sources, do not invent
    it): the demo makes none overseas, hence no missions there either.
    """
    return all(code.startswith("97") for code in territory.departement_names)


def _volunteer(
    rng: Any,
    doctors: list[Doctor],
    given: dict[tuple[str, int, int], int],
    start: date,
    days: int,
    status: str,
) -> str:
    """A doctor with room left that month (2 days at most); the first drawn in the common case."""
    for _ in range(50):
        doctor = rng.choice(doctors).professional_id
        key = (doctor, start.year, start.month)
        if status == "annulee" or given.get(key, 0) + days <= MISSION_MAX_DAYS_A_MONTH:
            break
    if status != "annulee":
        given[key] = given.get(key, 0) + days
    return doctor


def _average_population(territory: Territory, siren: str) -> float:
    members = territory.members(siren)
    return sum(p.population for p in members) / max(1, len(members))


def make_missions(
    ctx: DemoContext, territory: Territory, zones: list[tuple[str, str]], doctors: list[Doctor],
    count: int,
) -> None:  # fmt: skip
    """Missions de solidarité: 1 or 2 days a month in a zone prioritaire, by volunteer doctors."""
    rng, iso, period = ctx.rng, iso_days(), ctx.period
    first_day = max(period.start, MISSIONS_FROM)
    rows = []
    if zones and doctors and first_day <= period.end:
        hosts = demo_data("content")["territory"]["mission_hosts"]
        kinds = WeightedCodes(rng, HOST_KINDS)
        #: Days already given by a doctor in a month: at most 2 (storage.field_rules).
        given: dict[tuple[str, int, int], int] = {}
        for _ in range(count):
            zone_id, siren = rng.choice(zones)
            place = rng.choice(territory.members(siren))
            begin = rng.randint(first_day, period.clamp(period.end + 60))
            days = rng.randint(1, 2)
            if rng.random() < 0.1:
                status = "annulee"
            elif begin > period.end:
                status = rng.choice(("volontaire_inscrit", "planifiee"))
            else:
                status = "indemnisee" if period.end - begin > 45 else "realisee"
            done = status in ("realisee", "indemnisee")
            doctor = _volunteer(rng, doctors, given, date.fromordinal(begin), days, status)
            rows.append(
                (ctx.new_id(), zone_id, doctor, kinds.pick(),
                 rng.choice(hosts).format(place=place.name, of_place=of_place(place.name)),
                 place.code, iso[begin],
                 iso[begin + days - 1], days, days * rng.randint(12, 28) if done else 0, status,
                 None)
            )  # fmt: skip
    ctx.insert("solidarity_mission", MISSION_COLUMNS, rows)


def make_coverage(ctx: DemoContext, territory: Territory, count: int) -> None:
    """Coverage measures: every localité and then communes, small ones first, 1 to 3 years each."""
    rng, iso, period = ctx.rng, iso_days(), ctx.period
    places: list[tuple[int, str, str | None, bool]] = []
    for code, (names, _cum, remote) in sorted(territory.localites.items()):
        places += [(territory.by_code[code].population, code, n, n in remote) for n in names]
    communes = list(territory.communes)
    rng.shuffle(communes)
    communes.sort(key=lambda p: p.population >= 2_000)  # small communes first, stable shuffle
    places += [(p.population, p.code, None, False) for p in communes]
    last_year = date.fromordinal(period.end).year
    first_year = date.fromordinal(period.start).year
    rows: list[tuple] = []
    for population, code, localite, remote in places:
        if len(rows) >= count:
            break
        if localite is not None:
            known = territory.localite_populations.get(localite)
            share_of_commune = rng.uniform(0.002, 0.01 if remote else 0.08)
            population = known if known is not None else int(population * share_of_commune)
        # A commune with an emergency department, and its quartiers, are within 30 minutes.
        near_hospital = code in territory.hospital_communes and not remote
        share = 0.0 if near_hospital else _beyond_share(rng, population, remote)
        years = rng.randint(1, 3)
        for year in range(max(first_year, last_year - years + 1), last_year + 1):
            as_of = max(period.start, date(year, 1, 1).toordinal())
            beyond = int(population * share)
            active = rng.randint(0, 3) if beyond else 0
            covered = int(beyond * rng.uniform(0.3, 0.9)) if active else 0
            rows.append((ctx.new_id(), code, localite, iso[as_of], beyond, active, covered, None))
    ctx.insert("urgent_care_coverage", COVERAGE_COLUMNS, rows[: max(count, 1)])


def _beyond_share(rng, population: int, remote: bool) -> float:  # type: ignore[no-untyped-def]
    if remote:
        return 1.0
    if population < 2_000:
        return rng.uniform(0.2, 1.0) if rng.random() < 0.6 else 0.0
    if population < 10_000:
        return rng.uniform(0.0, 0.4) if rng.random() < 0.3 else 0.0
    return rng.uniform(0.0, 0.05) if rng.random() < 0.15 else 0.0


def make_cpts(ctx: DemoContext, territory: Territory, count: int) -> None:
    rng, iso, period = ctx.rng, iso_days(), ctx.period
    epcis = sorted(territory.epci_names)
    rows = []
    for siren in rng.sample(epcis, min(count, len(epcis))):
        members = territory.members(siren)
        pole = max(members, key=lambda p: p.population)
        signed_from = max(period.start, CPTS_ACI_FROM)
        statuses = list(voc.CHOICES["cpts.status"])
        status = rng.choice(statuses if signed_from <= period.end else statuses[:2])
        signed = rng.randint(signed_from, period.end) if status in statuses[2:] else None
        rows.append(
            (ctx.new_id(), f"CPTS {territory.epci_names[siren]}", pole.code,
             sum(p.population for p in members), status, None if signed is None else iso[signed],
             None)
        )  # fmt: skip
    ctx.insert("cpts", CPTS_COLUMNS, rows)


def make_booths(ctx: DemoContext, territory: Territory, count: int) -> None:
    rng, iso, period = ctx.rng, iso_days(), ctx.period
    operators = demo_data("content")["territory"]["booth_operators"]
    first_day = max(period.start, BOOTHS_FROM)
    rows = []
    # Anywhere, not by population: booths answer a lack of doctors, small places included.
    for place in rng.choices(territory.communes, k=count):
        status = rng.choice(list(voc.CHOICES["teleconsultation_booth.status"]))
        installed = None
        if status != "projet" and first_day <= period.end:
            installed = iso[rng.randint(first_day, period.end)]
        rows.append(
            (ctx.new_id(), place.code, territory.localite(rng, place.code),
             rng.choice(list(voc.CHOICES["teleconsultation_booth.site_kind"])),
             rng.choice(operators), rng.randint(10, 60) * 100_000,
             status if installed or status == "projet" else "projet", installed)
        )  # fmt: skip
    ctx.insert("teleconsultation_booth", BOOTH_COLUMNS, rows)


def make_assistants(ctx: DemoContext, zoning: Zoning, doctors: list[Doctor], count: int) -> None:
    rng, iso, period = ctx.rng, iso_days(), ctx.period
    rows = []
    for doctor in rng.sample(doctors, min(count, len(doctors))):
        first_day = max(period.start, ASSISTANTS_FROM, doctor.since)
        if first_day > period.end:
            continue
        signed = rng.randint(first_day, period.end)
        zone = zoning.class_on(doctor.place.code, signed)
        status = (
            "signe" if period.end - signed < 90 else rng.choice(("en_poste",) * 8 + ("termine",))
        )
        rows.append(
            (ctx.new_id(), doctor.professional_id, doctor.place.code, iso[signed],
             1.0 if rng.random() < 0.7 else 0.5, int(zone in ("ZIP", "ZAC")), status)
        )  # fmt: skip
    ctx.insert("medical_assistant", ASSISTANT_COLUMNS, rows)


def make_journal(
    ctx: DemoContext, targets: list[tuple[str, str, int]], referents: list[str], count: int
) -> None:
    """``count`` journal entries about records drawn from ``targets`` (entity, id, first day)."""
    rng, draw, iso, period = ctx.rng, ctx.draw, iso_days(), ctx.period
    summaries = demo_data("content")["follow_up"]
    actions = demo_data("content")["projects"]["next_actions"]
    kinds = list(voc.CHOICES["follow_up.kind"])
    referents_tuple = tuple(referents)
    rows = []
    for entity, entity_id, first_day in rng.choices(targets, k=count) if targets else ():
        day = draw.between(min(first_day, period.end), period.end)
        action = due = None
        if draw.random() < 0.3:
            action = draw.pick(actions)
            due = iso[max(day, period.clamp(day + draw.between(15, 60)))]
        rows.append(
            (ctx.new_id(), entity, entity_id, iso[day], draw.pick(kinds),
             draw.pick(summaries[entity]), action, due, draw.pick(referents_tuple))
        )  # fmt: skip
    ctx.insert("follow_up", FOLLOW_UP_COLUMNS, rows)
