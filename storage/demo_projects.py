"""Demo installation projects, their professionals and their aids and contracts.

Each project has its own professional. The status is drawn first from a believable mix (many in
accompaniment, some installed, some abandoned), then the dates that fit it: a first contact a few
weeks ago for a "premier contact", an installation after the first contact for the installed, a
next action due around "today" (some overdue) for the projects still moving. The zonage class is
the one the commune had, in the demo arrêtés, on the day of the first contact.

Aids follow the project: a CESP, PTMG (before December 2020) or CDE (after), an Assurance maladie
aid or a collectivité's, with the workflow state and dates that fit the project's own.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import cache
from random import Random

from storage import vocabulary as voc
from storage.demo_base import DemoContext, Draw, WeightedCodes, cumulative, demo_data, iso_days
from storage.demo_people import People
from storage.demo_territory import Place, Territory, Zoning
from storage.rules import CESP_MONTHLY_ALLOWANCE_CENTS, add_months, cesp_commitment_end
from storage.text import search_key
from storage.vocabulary import of_place

STATUS_MIX = {"premier_contact": 10, "en_accompagnement": 25, "recherche_lieu": 12,
              "aides_en_instruction": 9, "installe": 14, "suivi_post_installation": 14,
              "abandonne": 12, "installe_hors_region": 4}  # fmt: skip
PROFESSION_MIX = {"medecin": 78, "infirmier": 5, "masseur_kinesitherapeute": 4, "sage_femme": 4,
                  "chirurgien_dentiste": 4, "orthophoniste": 2, "pharmacien": 1,
                  "psychologue": 1, "ipa": 1}  # fmt: skip
#: Situation of a professional whose project is not (yet) an installation in the region.
SITUATION_MIX = {"remplacant": 35, "interne": 15, "docteur_junior": 15, "salarie": 15,
                 "installe_liberal": 10, "etudiant": 6, "retraite": 4}  # fmt: skip
PRACTICE_MIX = {"liberal_seul": 30, "groupe": 25, "msp": 25, "centre_de_sante": 8,
                "salarie": 7, "mixte": 5}  # fmt: skip
#: Chance that a project has aids, by status (aids in instruction: always, one or two).
AID_CHANCE = {"premier_contact": 0.05, "en_accompagnement": 0.25, "recherche_lieu": 0.25,
              "aides_en_instruction": 1.0, "installe": 0.6, "suivi_post_installation": 0.6,
              "abandonne": 0.2, "installe_hors_region": 0.1}  # fmt: skip
AID_KIND_MIX = {"cesp": 15, "contract": 35, "assurance_maladie": 30, "collectivite": 20}
#: The CDE replaced the PTMG (and its siblings) in December 2020.
CDE_FROM = date(2020, 12, 1).toordinal()
#: CESP states in which no month of allowance has been paid yet.
CESP_NOT_PAID = frozenset({"candidature", "retenu", "signe"})
#: The first PTMG contracts (Pacte territoire santé, 2013): none before.
PTMG_FROM = date(2013, 1, 1).toordinal()
#: The Assurance maladie's CAIM and siblings ran until 2025; then a 10,000 € first-installation aid.
NEW_AM_AID_FROM = date(2026, 1, 1).toordinal()
#: Extra professionals per 20 projects: installed doctors the correspondent knows without a
#: project (MCS, mission volunteers, assistants' employers draw from them too).
EXTRA_PROFESSIONALS_PER_20 = 1
ACTIVE = frozenset(
    {"premier_contact", "en_accompagnement", "recherche_lieu", "aides_en_instruction"}
)
INSTALLED = frozenset({"installe", "suivi_post_installation"})
#: Workflow states that count as "obtained" for the project's ``aids_obtained``.
GRANTED = frozenset({"signe", "allocation_en_cours", "choix_du_lieu", "engagement_en_cours",
                     "engagement_accompli", "en_cours", "renouvele", "termine", "accordee",
                     "versee"})  # fmt: skip

PROFESSIONAL_COLUMNS = ("last_name", "first_name", "rpps", "profession", "specialty", "situation",
                        "phone", "email", "consent_date", "search_key")  # fmt: skip
PROJECT_COLUMNS = ("professional_id", "commune_code", "localite", "practice_mode", "status",
                   "first_contact_date", "planned_installation_date", "installation_date",
                   "zoning_class", "aids_requested", "aids_obtained", "referent", "next_action",
                   "next_action_due", "notes", "search_key")  # fmt: skip
AID_COLUMNS = ("professional_id", "installation_project_id", "kind", "status", "funder",
               "commune_code", "start_date", "end_date", "amount_cents", "monthly_amount_cents",
               "months_paid", "guaranteed_monthly_income_cents", "monthly_complement_cap_cents",
               "consultations_per_month", "half_days_per_week", "secteur", "notes",
               "practice_start_date")  # fmt: skip


@dataclass
class Doctor:
    """An installed doctor other steps may attach records to (MCS, missions, assistants)."""

    professional_id: str
    place: Place
    since: int


@dataclass
class ProjectsMade:
    doctors: list[Doctor] = field(default_factory=list)
    #: (entity, id, first day) of records a journal entry may be about.
    journal: list[tuple[str, str, int]] = field(default_factory=list)
    aids: list[tuple[str, str, int]] = field(default_factory=list)


def make_projects(
    ctx: DemoContext,
    territory: Territory,
    zoning: Zoning,
    people: People,
    referents: list[str],
    count: int,
) -> ProjectsMade:
    """``count`` projects with their professionals and aids, plus a few installed doctors.

    The hot loop of the whole demo (two rows per project, often three): whatever can be drawn
    for all rows at once is drawn before it (``choices(k=...)``, ids in bulk).
    """
    # Few distinct (localité, référent) pairs: each key is computed once.
    project_key = cache(search_key)
    rng, draw, iso, period = ctx.rng, ctx.draw, iso_days(), ctx.period
    start, end, clamp = period.start, period.end, period.clamp
    between, random, choice = draw.between, draw.random, draw.pick
    content = demo_data("content")["projects"]
    next_actions, after_actions = content["next_actions"], content["follow_up_actions"]
    notes = content["notes"]
    specialties = demo_data("content")["people"]["specialties"]
    extra = count * EXTRA_PROFESSIONALS_PER_20 // 20
    total = count + extra
    places = territory.draw(rng, total)
    statuses = _choices(rng, STATUS_MIX, count) + ["installe"] * extra
    professions = _choices(rng, PROFESSION_MIX, count) + ["medecin"] * extra
    practices = _choices(rng, PRACTICE_MIX, total)
    situations = _choices(rng, SITUATION_MIX, total)
    pro_ids, project_ids = ctx.ids.take(total), ctx.ids.take(count)
    name, rpps_of, phone, email, key = (
        people.name,
        people.rpps,
        people.phone,
        people.email,
        people.key,
    )
    localites, localite, class_on = territory.localites, territory.localite, zoning.class_on
    aids = AidMaker(ctx, territory)
    made = ProjectsMade()
    doctors, journal = made.doctors, made.journal
    pro_rows: list[tuple] = []
    project_rows: list[tuple] = []
    for index in range(total):
        place, status, profession = places[index], statuses[index], professions[index]
        practice, pro_id = practices[index], pro_ids[index]
        first, planned, installed, action, due = _dates(draw, status, start, end)
        if planned is not None:
            planned = clamp(planned)
        if action is not None:
            action = choice(after_actions if status in INSTALLED else next_actions)
            due = clamp(max(due, first + 1))
        if status in INSTALLED:
            salaried = practice in ("salarie", "centre_de_sante")
            situation = "salarie" if salaried else "installe_liberal"
        else:
            situation = situations[index]
        departement = place.departement
        last, first_name = name(departement, random() < 0.6)
        rpps = None if situation == "etudiant" else rpps_of()
        specialty = None
        if profession == "medecin":
            specialty = "Médecine générale" if random() < 0.8 else choice(specialties)
        pro_rows.append(
            (pro_id, last, first_name, rpps, profession, specialty, situation,
             phone(departement) if random() < 0.92 else None,
             email(last, first_name) if random() < 0.85 else None,
             iso[min(first + between(0, 21), end)] if random() < 0.95 else None,
             f"{key(last)} {key(first_name)} {rpps}" if rpps else f"{key(last)} {key(first_name)}")
        )  # fmt: skip
        if index >= count:
            doctors.append(Doctor(pro_id, place, installed or first))
            continue
        if installed is not None and profession == "medecin":
            doctors.append(Doctor(pro_id, place, installed))
        project_id = project_ids[index]
        requested, obtained = aids.for_project(
            pro_id, project_id, place, profession, status, first, installed, made.aids
        )
        code = place.code
        where = localite(rng, code) if code in localites else None
        referent = choice(referents)
        project_rows.append(
            (project_id, pro_id, code, where,
             practice, status, iso[first], None if planned is None else iso[planned],
             None if installed is None else iso[installed], class_on(code, first),
             requested, obtained, referent, action,
             None if due is None else iso[due], choice(notes) if random() < 0.25 else None,
             project_key(where, referent))
        )  # fmt: skip
        journal.append(("installation_project", project_id, first))
    ctx.insert("professional", PROFESSIONAL_COLUMNS, pro_rows)
    ctx.insert("installation_project", PROJECT_COLUMNS, project_rows)
    ctx.insert("aid_contract", AID_COLUMNS, aids.rows)
    return made


def _choices(rng: Random, weights: dict[str, int], count: int) -> list[str]:
    return rng.choices(list(weights), cum_weights=cumulative(weights.values()), k=count)


def _dates(draw: Draw, status: str, start: int, end: int) -> tuple:
    """(first contact, planned installation, installation, has a next action, its due day)."""
    randint = draw.between
    planned = installed = None
    action: bool | None = True
    if status == "premier_contact":
        first = max(start, end - randint(0, 120))
        due = first + randint(7, 60)
    elif status in ACTIVE:
        first = max(start, end - randint(30, 730))
        planned = max(first + 30, end + randint(30, 365))
        due = end + randint(-60, 90)
    elif status == "installe":
        installed = max(start + 60, end - randint(0, 540))
        first = max(start, installed - randint(60, 900))
        due = installed + 180
    elif status == "suivi_post_installation":
        installed = randint(start + 60, max(start + 60, end - 30))
        first = max(start, installed - randint(60, 900))
        due = installed + 365
        if due < end - 90:  # the follow-up is over
            action = due = None
    else:  # abandoned, or installed in another region
        first = randint(start, max(start, end - 30))
        action = due = None
        if draw.random() < 0.5:
            planned = first + randint(90, 540)
    return first, planned, installed, action, due


class AidMaker:
    """Aid and contract rows that fit their project (kinds, workflow states, dates, amounts)."""

    def __init__(self, ctx: DemoContext, territory: Territory) -> None:
        self.ctx = ctx
        self.territory = territory
        self.kinds = WeightedCodes(ctx.rng, AID_KIND_MIX)
        content = demo_data("content")["territory"]
        self.funders: dict[str, str] = content["aid_funders"]
        self.local_funders: list[str] = content["collectivite_funders"]
        self.labels = voc.CHOICES["aid_contract.kind"]
        self.rows: list[tuple] = []

    def for_project(
        self,
        pro_id: str,
        project_id: str,
        place: Place,
        profession: str,
        status: str,
        first: int,
        installed: int | None,
        journal: list[tuple[str, str, int]],
    ) -> tuple[str | None, str | None]:
        """Write the project's aids; return its (aids requested, aids obtained) texts."""
        random = self.ctx.draw.random
        if random() >= AID_CHANCE[status]:
            return None, None
        number = 2 if status == "aides_en_instruction" and random() < 0.3 else 1
        requested, obtained = [], []
        for _ in range(number):
            kind = self.kinds.pick()
            if profession != "medecin" and kind in ("cesp", "contract"):
                kind = "assurance_maladie"
            if kind == "contract":
                day = installed or self.ctx.period.end
                # No PTMG before the Pacte territoire santé created it (2013): another aid.
                kind = "cde" if day >= CDE_FROM else "ptmg" if day >= PTMG_FROM else "collectivite"
            row = self._row(kind, status, installed, place)
            aid_id = self.ctx.new_id()
            self.rows.append((aid_id, pro_id, project_id, kind, *row))
            journal.append(("aid_contract", aid_id, first))
            label = self.labels[kind]
            if label not in requested:
                requested.append(label)
            if row[0] in GRANTED and label not in obtained:
                obtained.append(label)
        return "; ".join(requested), "; ".join(obtained) or None

    def _row(self, kind: str, status: str, installed: int | None, place: Place) -> tuple:
        """(status, funder, commune, start, end, amount, monthly, months paid, PTMG/CDE terms,
        notes) of one aid."""
        draw, iso, today = self.ctx.draw, iso_days(), self.ctx.period.end
        start = end = amount = monthly = months = practice = None
        guarantee = cap = consultations = half_days = secteur = None
        funder = self.funders.get(kind)
        if kind == "cesp":
            months = draw.between(12, 60)
            monthly = CESP_MONTHLY_ALLOWANCE_CENTS
            amount = months * monthly
            if installed is not None:
                # The commitment runs from the start of practice; the allowance, paid during
                # the studies, is left empty (before the period, maybe another ARS).
                practice = installed
                end = cesp_commitment_end(date.fromordinal(practice), months).toordinal()
                state = "engagement_accompli" if end < today else "engagement_en_cours"
                if draw.random() < 0.05:
                    state = "resilie"
            elif status in ACTIVE:
                state = draw.pick(("candidature", "retenu", "signe", "allocation_en_cours",
                                    "allocation_en_cours", "choix_du_lieu"))  # fmt: skip
            else:
                state = draw.pick(("suspendu", "resilie"))
            if state in CESP_NOT_PAID:  # a candidate, or signed before the first month
                months = amount = None
        elif kind in ("ptmg", "cde"):
            secteur = 1 if kind == "ptmg" or draw.random() < 0.9 else 2
            if kind == "ptmg":
                guarantee, cap, consultations = 690_000, 310_500, 165
            else:
                half_days = draw.between(5, 10)
            if installed is not None:
                start = installed
                renewed = kind == "ptmg" and draw.random() < 0.4
                length = 36 if kind == "cde" else 24 if renewed else 12
                end = add_months(date.fromordinal(start), length).toordinal()
                state = "termine" if end < today else "en_cours"
                if renewed and state == "en_cours" and today - start > 365:
                    state = "renouvele"
                if draw.random() < 0.04:
                    state = "rompu"
            else:
                state = draw.pick(("demande", "en_instruction")) if status in ACTIVE else "rompu"
        else:
            if kind == "assurance_maladie":
                recent = (installed or today) >= NEW_AM_AID_FROM
                amount = 1_000_000 if recent else 5_000_000
            else:
                amount = draw.between(5, 30) * 100_000
                funder = draw.pick(self.local_funders).format(
                    place=place.name,
                    of_place=of_place(place.name),
                    epci=self.territory.epci_names.get(place.epci or "", "EPCI"),
                )
            if installed is not None:
                start = installed
                if kind == "assurance_maladie" and amount == 5_000_000:
                    end = add_months(date.fromordinal(start), 60).toordinal()
                state = "versee" if today - installed > 90 else "accordee"
                if draw.random() < 0.08:
                    state, end = "refusee", None
            else:
                state = draw.pick(("demandee", "en_instruction")) if status in ACTIVE else "refusee"
        return (
            state, funder, place.code, None if start is None else iso[start],
            None if end is None else iso[end], amount, monthly, months, guarantee, cap,
            consultations, half_days, secteur, None, None if practice is None else iso[practice],
        )  # fmt: skip
