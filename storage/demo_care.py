"""Demo MSP projects (sites, staffing, fundings) and médecins correspondants du SAMU (trainings,
equipment, communes covered, interventions).

MSP: the stage comes from the "msp" workflow; an opened MSP has an opening date, and an ACI
signed after it. A quarter of the opened ones have empty planned posts (the "maisons de santé
vides" the dashboard must show). MCS: an active MCS has a convention, an initial training and a
yearly refresher since, except a quarter of them whose last refresher is more than a year old.
"""

from __future__ import annotations

from datetime import date

from storage import identifiers
from storage import vocabulary as voc
from storage.demo_base import DemoContext, WeightedCodes, demo_data, iso_days
from storage.demo_projects import Doctor
from storage.demo_territory import Territory
from storage.text import search_key
from storage.vocabulary import of_place

MSP_MIX = {"emergence": 8, "etude_faisabilite": 8, "diagnostic_territorial": 6,
           "projet_sante_redaction": 8, "projet_sante_depose": 5, "valide_ars": 5,
           "structuration_juridique": 5, "travaux": 7, "ouverte": 10, "aci_signe": 10,
           "en_fonctionnement": 20, "en_difficulte": 5, "abandonne": 3}  # fmt: skip
OPENED = frozenset({"ouverte", "aci_signe", "en_fonctionnement"})
#: Stages from which the MSP has fundings decided.
FUNDED = frozenset({"valide_ars", "structuration_juridique", "travaux", *OPENED})
#: (lowest, highest) amount in thousands of euros, by funder.
FUNDING_RANGES = {"fir": (20, 80), "etat": (50, 200), "detr_dsil": (100, 500),
                  "region": (50, 300), "departement": (30, 200), "caisse_des_depots": (50, 250),
                  "commune_epci": (20, 150), "europe": (50, 400)}  # fmt: skip
MCS_MIX = {"actif": 60, "en_formation": 10, "candidat": 10, "suspendu": 5, "sorti": 15}
WITH_CONVENTION = frozenset({"actif", "suspendu", "sorti"})

MSP_COLUMNS = ("name", "sponsor_kind", "sponsor_name", "status", "health_themes", "opening_date",
               "aci_signed_date", "referent", "notes", "search_key")  # fmt: skip
SITE_COLUMNS = ("msp_id", "commune_code", "localite", "qpv", "finess", "is_main_site")
STAFFING_COLUMNS = ("msp_id", "profession", "planned", "present")
FUNDING_COLUMNS = ("msp_id", "funder", "amount_cents", "decision_date", "notes")
MCS_COLUMNS = ("professional_id", "samu_attachment", "convention_date", "convention_number",
               "status", "availability", "notes")  # fmt: skip
TRAINING_COLUMNS = ("mcs_id", "kind", "training_date")
EQUIPMENT_COLUMNS = ("mcs_id", "item", "handed_over_date", "expiry_date")
MCS_COMMUNE_COLUMNS = ("mcs_id", "commune_code", "localite")
INTERVENTION_COLUMNS = ("mcs_id", "intervention_date", "commune_code", "localite", "smur_engaged")


#: Localités that are care sites of a hospital (Mayotte's dispensaires and centres de
#: référence, Guyane's CDPS), not villages: no MSP is named after them.
CARE_SITE_PREFIXES = ("Dispensaire", "Centre de référence", "CDPS")


def is_care_site(localite: str) -> bool:
    return localite.startswith(CARE_SITE_PREFIXES)


def finess_for(rng, departement: str) -> str:  # type: ignore[no-untyped-def]
    """A FINESS number of the département (Luhn key; Corsica's are checked for format only)."""
    if departement in ("2A", "2B"):
        return f"{departement}{rng.randrange(10_000_000):07d}"
    digits = 8 - len(departement)
    return identifiers.make_finess(f"{departement}{rng.randrange(10**digits):0{digits}d}")


def make_msp(
    ctx: DemoContext, territory: Territory, referents: list[str], count: int
) -> list[tuple[str, str, int]]:
    """``count`` MSP projects; returns (entity, id, first day) for the journal."""
    rng, iso = ctx.rng, iso_days()
    start, end = ctx.period.start, ctx.period.end
    content = demo_data("content")["msp"]
    stages = WeightedCodes(rng, MSP_MIX)
    professions = [
        code for code in voc.CHOICES["msp_staffing.profession"] if code not in ("mg", "ide")
    ]
    rows, sites, staffing, fundings, journal = [], [], [], [], []
    for place in territory.draw(rng, count):
        status = stages.pick()
        localite = territory.localite(rng, place.code)
        if localite is not None and is_care_site(localite):
            localite = None  # an MSP is not in, nor named after, a dispensaire of the CH
        label = localite or place.name
        name = rng.choice(content["name_patterns"]).format(place=label, of_place=of_place(label))
        sponsor_kind = rng.choices(("sisa", "association", "collectivite"), (60, 25, 15))[0]
        sponsor = {"sisa": f"SISA {name}",
                   "association": f"Association des professionnels de santé {of_place(place.name)}",
                   "collectivite": territory.epci_names.get(place.epci or "", "")
                   or f"Commune {of_place(place.name)}"}[sponsor_kind]  # fmt: skip
        opened = status in OPENED or (status == "en_difficulte" and rng.random() < 0.5)
        opening = aci = None
        if opened:
            opening = rng.randint(start, max(start, end - 120))
            if status in ("aci_signe", "en_fonctionnement"):
                aci = min(end, opening + rng.randint(60, 540))
        begun = max(start, (opening or end) - rng.randint(180, 1100))
        themes = ";".join(rng.sample(content["health_themes"], rng.randint(2, 4)))
        msp_id = ctx.new_id()
        rows.append(
            (msp_id, name, sponsor_kind, sponsor, status, themes,
             None if opening is None else iso[opening], None if aci is None else iso[aci],
             rng.choice(referents), None, search_key(name, sponsor))
        )  # fmt: skip
        journal.append(("msp_project", msp_id, begun))
        extra = rng.choices((0, 1, 2), (65, 25, 10))[0]
        any_qpv = False
        for number, site in enumerate([place, *territory.neighbours(rng, place, extra)]):
            qpv = site.population >= 20_000 and rng.random() < 0.35
            any_qpv = any_qpv or qpv
            sites.append(
                (ctx.new_id(), msp_id, site.code,
                 localite if number == 0 else territory.localite(rng, site.code), int(qpv),
                 finess_for(rng, site.departement) if opened else None, int(number == 0))
            )  # fmt: skip
        empty_offices = opened and rng.random() < 0.25
        for profession in ["mg", "ide", *rng.sample(professions, rng.randint(2, 6))]:
            planned = rng.randint(2, 6) if profession in ("mg", "ide") else rng.randint(1, 2)
            present = 0
            if opened:
                present = planned if rng.random() < 0.7 else max(0, planned - 1)
                if empty_offices:
                    present = rng.randint(0, planned - 1)
            staffing.append((ctx.new_id(), msp_id, profession, planned, present))
        if status in FUNDED or (status == "en_difficulte" and opened):
            funders = [f for f in FUNDING_RANGES if f != "caisse_des_depots" or any_qpv]
            for funder in rng.sample(funders, rng.randint(1, 3)):
                low, high = FUNDING_RANGES[funder]
                decided = rng.randint(begun, max(begun, opening or end))
                fundings.append(
                    (ctx.new_id(), msp_id, funder, rng.randint(low, high) * 100_000,
                     iso[decided], None)
                )  # fmt: skip
    ctx.insert("msp_project", MSP_COLUMNS, rows)
    ctx.insert("msp_site", SITE_COLUMNS, sites)
    ctx.insert("msp_staffing", STAFFING_COLUMNS, staffing)
    ctx.insert("msp_funding", FUNDING_COLUMNS, fundings)
    return journal


def samu_name(territory: Territory, departement: str) -> str:
    names = demo_data("content")["mcs"]["samu"]
    template = names.get(departement, names["default"])
    name = territory.biggest(departement).name
    return template.format(dep=departement, name=name, of_name=of_place(name))


def make_mcs(
    ctx: DemoContext, territory: Territory, doctors: list[Doctor], count: int
) -> list[tuple[str, str, int]]:
    """``count`` MCS drawn among installed doctors; returns journal targets."""
    rng, iso = ctx.rng, iso_days()
    start, end, clamp = ctx.period.start, ctx.period.end, ctx.period.clamp
    content = demo_data("content")["mcs"]
    expiring: dict[str, int] = content["expiring"]
    statuses = WeightedCodes(rng, MCS_MIX)
    rows, trainings, equipment, communes, interventions, journal = [], [], [], [], [], []
    for sequence, doctor in enumerate(rng.sample(doctors, min(count, len(doctors))), start=1):
        status = statuses.pick()
        place = doctor.place
        since = max(start, doctor.since)
        convention = rng.randint(since, max(since, end - 30)) if status in WITH_CONVENTION else None
        number = None
        if convention is not None:
            number = f"MCS-{place.departement}-{date.fromordinal(convention).year}-{sequence:03d}"
        mcs_id = ctx.new_id()
        rows.append(
            (mcs_id, doctor.professional_id, samu_name(territory, place.departement),
             None if convention is None else iso[convention], number, status,
             rng.choice(content["availability"]), None)
        )  # fmt: skip
        journal.append(("mcs", mcs_id, convention or since))
        if status == "en_formation":
            trainings.append(
                (ctx.new_id(), mcs_id, "initiale", iso[clamp(end + rng.randint(-30, 60))])
            )
        covered = [place, *territory.neighbours(rng, place, rng.randint(0, 3))]
        covered_places = [(p.code, territory.localite(rng, p.code)) for p in covered]
        for code, localite in covered_places:
            communes.append((ctx.new_id(), mcs_id, code, localite))
        if convention is None:
            continue
        initial = max(start, convention - rng.randint(0, 60))
        trainings.append((ctx.new_id(), mcs_id, "initiale", iso[initial]))
        # Refreshers every year up to today; a quarter of them have let the last one lapse.
        stop = end if status == "actif" and rng.random() >= 0.25 else end - rng.randint(400, 800)
        refresher = initial + 365 + rng.randint(-20, 20)
        while refresher <= stop:
            trainings.append((ctx.new_id(), mcs_id, "recyclage", iso[refresher]))
            refresher += 365 + rng.randint(-20, 20)
        for item in rng.sample(content["equipment"], rng.randint(2, 4)):
            years = expiring.get(item)
            expiry = None if years is None else iso[convention + 365 * years]
            equipment.append((ctx.new_id(), mcs_id, item, iso[convention], expiry))
        for _ in range(rng.randint(0, 6)):
            code, localite = rng.choice(covered_places)
            interventions.append(
                (ctx.new_id(), mcs_id, iso[rng.randint(convention, end)], code, localite,
                 int(rng.random() < 0.7))
            )  # fmt: skip
    ctx.insert("mcs", MCS_COLUMNS, rows)
    ctx.insert("mcs_training", TRAINING_COLUMNS, trainings)
    ctx.insert("mcs_equipment", EQUIPMENT_COLUMNS, equipment)
    ctx.insert("mcs_commune", MCS_COMMUNE_COLUMNS, communes)
    ctx.insert("mcs_intervention", INTERVENTION_COLUMNS, interventions)
    return journal
