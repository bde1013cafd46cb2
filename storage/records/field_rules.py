"""Rules of the field on zonage, missions and urgent-care coverage, checked on every save.

Registered with :func:`storage.records.validation.record_rule`: the store (forms, imports) and the
central server (synced ops) refuse the same records with the same French messages. Each rule names
its source.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from storage import vocabulary as voc
from storage.records.references import References
from storage.records.rules import MISSION_MAX_DAYS_A_MONTH as RULES_MAX_DAYS
from storage.records.rules import ars_of_commune, date_or_none
from storage.records.validation import FieldError, ValidationError, record_rule

# --- Zonage -------------------------------------------------------------------------------------

#: "ZIP-R", "ZAC R", "zip-r": a class followed by the mark of a territory the ARS retained.
_RETAINED_MARK = re.compile(r"^\s*(?P<zone_class>.+?)\s*[-_ ]\s*R\s*$", re.IGNORECASE)


def split_retained_class(text: str) -> tuple[str, bool]:
    """A zonage class as a regional file may write it: ("ZIP", True) for "ZIP-R".

    Source: the ARS "a la possibilité de retenir dans ce zonage d'autres territoires en fonction
    des besoins localement identifiés" (arrêté du 13/11/2017, method of the zonage): such a
    territory keeps its class (ZIP, ZAC...) and is flagged "retenu par l'ARS".
    """
    match = _RETAINED_MARK.match(text or "")
    if match is None or match.group("zone_class").upper() not in voc.CHOICES["zone_class"]:
        return text, False
    return match.group("zone_class"), True


@record_rule("zoning_entry", reads=("zoning_order",))
def check_entry_in_the_orders_ars(
    record: Mapping[str, Any], references: References
) -> list[FieldError]:
    """An arrêté of an ARS holds only communes of that ARS (on its date d'effet).

    Source: the zonage is an "arrêté du directeur général de l'ARS" (docs/DOMAIN.md): it zones the
    territory of that ARS only; an arrêté of ARS Océan Indien (until 31/12/2019) holds communes
    of La Réunion and Mayotte.
    """
    commune, order_id = record.get("commune_code"), record.get("order_id")
    if not commune or not order_id:
        return []
    row = references.record_fields("zoning_order", order_id)
    effective = date_or_none(row.get("effective_date")) if row is not None else None
    if row is None or effective is None:
        return []  # the reference check says so
    try:
        commune_ars = ars_of_commune(commune, effective)
    except ValidationError:
        return []  # a commune no ARS covers: the reference checks say what is wrong
    if commune_ars == row["ars_code"]:
        return []
    message = voc.MSG_ZONING_ENTRY_OTHER_ARS.format(
        code=commune, ars=commune_ars, number=row.get("number"), order_ars=row["ars_code"]
    )
    return [FieldError("commune_code", message)]


# --- Missions de solidarité territoriale --------------------------------------------------------

#: A volunteer doctor gives at most this many days a month (docs/DOMAIN.md: "A doctor
#: volunteers for up to 2 days a month of mission de solidarité territoriale";
#: contract_rules.toml, ``[mission]``).
MISSION_MAX_DAYS_A_MONTH = RULES_MAX_DAYS
#: Missions that do not count against the monthly limit.
MISSION_NOT_COUNTED = ("annulee",)


def _field(row: Mapping[str, Any] | None, name: str) -> Any:
    return None if row is None else row.get(name)


@record_rule("solidarity_mission", reads=("priority_zone", "commune", "epci"))
def check_mission_commune_in_zone(
    record: Mapping[str, Any], references: References
) -> list[FieldError]:
    """The mission's commune lies in the EPCI of its zone prioritaire.

    Source (docs/DOMAIN.md): "Zones prioritaires 2025: 151 EPCI named in 2025"; a mission de
    solidarité territoriale takes place in a zone prioritaire, that is in one of those EPCI.
    """
    commune, zone = record.get("commune_code"), record.get("priority_zone_id")
    if not commune or not zone:
        return []
    zone_epci = _field(references.record_fields("priority_zone", zone), "epci_siren")
    commune_epci = _field(references.reference_row("commune", commune), "epci_siren")
    if zone_epci is None or commune_epci == zone_epci:
        return []  # an unknown zone or commune: the reference checks say so
    epci_name = _field(references.reference_row("epci", zone_epci), "name")
    message = voc.MSG_MISSION_COMMUNE_OUT_OF_ZONE.format(
        code=commune, epci=epci_name or zone_epci, siren=zone_epci
    )
    return [FieldError("commune_code", message)]


@record_rule("solidarity_mission", reads=("professional",))
def check_mission_volunteer_is_a_doctor(
    record: Mapping[str, Any], references: References
) -> list[FieldError]:
    """The volunteer of a mission is a doctor (docs/DOMAIN.md: "Doctors volunteer for up to 2 days a
    month"; the mission record names a "médecin volontaire")."""
    professional = record.get("professional_id")
    if not professional:
        return []
    profession = _field(references.record_fields("professional", professional), "profession")
    if profession is None or profession == "medecin":
        return []
    message = voc.MSG_MISSION_NOT_A_DOCTOR.format(
        profession=voc.PROFESSIONS.get(profession, profession)
    )
    return [FieldError("professional_id", message)]


def _mission_span(record: Mapping[str, Any]) -> int | None:
    """Calendar days from the start to the end of a mission, both included (one date: 1)."""
    start, end = record.get("start_date"), record.get("end_date")
    if not isinstance(start, date):
        return None
    last = end if isinstance(end, date) else start
    return (last - start).days + 1


@record_rule("solidarity_mission")
def check_mission_days_match_dates(
    record: Mapping[str, Any], _references: References
) -> list[FieldError]:
    """The number of days fits between the mission's dates: 10 days on one date is refused.

    Source: docs/DOMAIN.md, "Mission de solidarité territoriale — [...] dates, number of days [...],
    indemnity = days x 200 €": the days paid are days between those dates (issue 12).
    """
    days, span = record.get("days"), _mission_span(record)
    if not isinstance(days, int) or span is None or days <= span:
        return []
    start = record["start_date"]
    end = record.get("end_date") or start
    message = voc.MSG_MISSION_DAYS_OVER_DATES.format(
        days=days, span=span, start=voc.format_date(start), end=voc.format_date(end)
    )
    return [FieldError("days", message)]


@record_rule("solidarity_mission", reads=("solidarity_mission",))
def check_mission_days_a_month(
    record: Mapping[str, Any], references: References
) -> list[FieldError]:
    """At most 2 days a month of mission per volunteer doctor, counted on the month the mission
    starts, over his or her other missions not cancelled.

    Source (docs/DOMAIN.md): "Doctors volunteer for up to 2 days a month of mission de solidarité
    territoriale, paid 200 € per day on top of their fees".
    """
    days, start = record.get("days"), record.get("start_date")
    professional = record.get("professional_id")
    if not isinstance(days, int) or days <= 0 or record.get("status") in MISSION_NOT_COUNTED:
        return []
    already = 0
    if isinstance(start, date) and professional:
        own_id = record.get("id")
        for other in references.records_where(
            "solidarity_mission", "professional_id", professional
        ):
            other_start = date_or_none(other.get("start_date"))
            if other.get("id") == own_id or other.get("status") in MISSION_NOT_COUNTED:
                continue
            if other_start is not None and (other_start.year, other_start.month) == (
                start.year,
                start.month,
            ):
                already += int(other.get("days") or 0)
    if already + days <= MISSION_MAX_DAYS_A_MONTH:
        return []
    month = voc.format_month(start) if isinstance(start, date) else ""
    message = voc.MSG_MISSION_DAYS_A_MONTH.format(
        limit=MISSION_MAX_DAYS_A_MONTH, days=days, already=already, month=month
    )
    return [FieldError("days", message)]


# --- Couverture des soins urgents ---------------------------------------------------------------


@record_rule("urgent_care_coverage", reads=("commune",))
def check_coverage_populations(
    record: Mapping[str, Any], references: References
) -> list[FieldError]:
    """The population beyond 30 minutes of urgent care cannot exceed the commune's (a localité
    lies in its commune, so the commune's population bounds it too); the population brought
    under 30 minutes by MCS cannot exceed the population beyond 30 minutes.

    Source (docs/DOMAIN.md, "Couverture soins urgents"): "population more than 30 minutes
    from urgent care [...] population brought under 30 min by MCS": the second is a part of the
    first, and both are people of the commune or localité measured.
    """
    errors: list[FieldError] = []
    beyond = record.get("population_beyond_30min")
    covered = record.get("population_covered_by_mcs")
    commune = record.get("commune_code")
    if isinstance(beyond, int) and commune:
        population = _field(references.reference_row("commune", commune), "population")
        if population not in (None, "") and beyond > int(population):
            errors.append(
                FieldError(
                    "population_beyond_30min",
                    voc.MSG_COVERAGE_ABOVE_POPULATION.format(
                        value=voc.format_int(beyond),
                        population=voc.format_int(int(population)),
                        code=commune,
                    ),
                )
            )
    if isinstance(beyond, int) and isinstance(covered, int) and covered > beyond:
        errors.append(
            FieldError(
                "population_covered_by_mcs",
                voc.MSG_COVERAGE_COVERED_ABOVE_BEYOND.format(
                    value=voc.format_int(covered), beyond=voc.format_int(beyond)
                ),
            )
        )
    return errors
