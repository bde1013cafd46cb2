"""Texts of territories, zoning and the dashboard's figures (computed in storage)."""

from datetime import date

from storage.vocabulary.formats import format_date, format_int

# --- Central endpoint (ars_tui/central/, ars_tui/cli_central.py) ---------------------------------

ZONAGE_CLI_PLACE = "{name} ({code})"
ZONAGE_CLI_CLASS = "{place} au {date} : {zone_class} — {label}"
ZONAGE_CLI_NONE = "{place} au {date} : aucun arrêté en vigueur (ARS {ars})"
ZONAGE_CLI_NO_ARS = "{place} au {date} : aucune ARS ne couvre cette commune"
ZONAGE_CLI_RETAINED = "Territoire retenu par l'ARS (besoins identifiés localement)"
ZONAGE_CLI_ORDER = (
    "Arrêté {number} de l'ARS {ars} ({ars_name}), date d'effet {effective}, date de fin : {end}"
)
ZONAGE_CLI_NO_END = "aucune"
ZONAGE_CLI_FORMER_ARS = (
    "Arrêté de l'ARS {former}, toujours appliqué : l'ARS {ars} n'avait pas encore d'arrêté "
    "à cette date"
)


# --- Tableau de bord and Territoires (screens/home.py, screens/territories/, widgets) ---

SCOPE_ENDED = (
    "Chiffres au {day}, dernier jour de l'{name} : ses seules fiches, rien n'est compté "
    "après cette date."
)
SCOPE_ARS_WITH_FORMER = (
    "Fiches comptées : celles de l'ARS et celles de l'{former} (jusqu'au {end}) sur ses "
    "communes, comme pour ses départements."
)
SCOPE_ARS = "Fiches comptées : celles de l'ARS."
SCOPE_BELOW_WITH_FORMER = (
    "Fiches comptées : toutes celles de ses communes, quelle que soit l'ARS, dont celles de "
    "l'{former} (jusqu'au {end})."
)
SCOPE_BELOW = "Fiches comptées : toutes celles de ses communes."


def scope_text(
    level: str, ended: tuple[str, date] | None, former: tuple[tuple[str, str, date], ...]
) -> str:
    """Which records a dashboard level counts (issue 12: "say in the UI which records each
    level includes"). ``ended``: (name, last day) of a former ARS counted on its last day."""
    if ended is not None:
        return SCOPE_ENDED.format(name=ended[0], day=format_date(ended[1]))
    if former:
        _, name, end = former[0]
        template = SCOPE_ARS_WITH_FORMER if level == "ars" else SCOPE_BELOW_WITH_FORMER
        return template.format(former=name, end=format_date(end))
    return SCOPE_ARS if level == "ars" else SCOPE_BELOW


DASH_OBJECTIVE = "Objectif de l'ARS : {value} pour {year} ({source})"
DASH_OBJECTIVE_EXPIRED = "Objectif de l'ARS : {value} pour {year}, échéance passée ({source})"
DASH_NO_OBJECTIVE = "aucun objectif de l'ARS saisi"
#: Source documents of ``national_indicator.source`` ("seed 001 ..." -> its name).
SOURCE_NAMES: dict[str, str] = {
    "seed 000": "Pacte territoire santé, communiqué du 10/02/2014",
    "seed 001": "Pacte territoire santé 2",
    "seed 002": "réponse parlementaire de 2024",
    "seed 003": (
        "fiche de résultats de l'ARS Océan Indien, non datée : postérieure à fin 2015, "
        "antérieure à 2020"
    ),
    "seed 004": "plan 2025 contre les déserts médicaux",
}
#: What a reference counts (its unit, and whether "visé" takes the feminine).
REFERENCE_UNITS: dict[str, tuple[str, bool]] = {
    "msp_nombre": ("MSP en fonctionnement", True),
    "mcs_nombre": ("MCS", False),
    "installations_aidees": ("médecins installés avec garantie de revenus", False),
    "ptmg_signes": ("PTMG installés", False),
    "ptmg_nouvelles_installations": ("nouvelles installations de PTMG dans l'année", True),
    "cesp_signes": ("CESP signés", False),
    "assistants_medicaux_contrats": ("contrats d'assistants médicaux", False),
    "assistants_medicaux_contrats_zone_sous_dense": (
        "contrats d'assistants médicaux en zone sous-dense",
        False,
    ),
    "zones_prioritaires": ("zones prioritaires (EPCI de métropole)", True),
    "mayotte_mcs": ("MCS à Mayotte (dispensaires)", False),
    "reunion_msp": ("maisons de santé à La Réunion", True),
}
REFERENCE_NATIONAL_TARGET = "Repère national : {value} {unit} {aimed} pour {year} ({source})"
REFERENCE_NATIONAL_COUNT = "Repère national : {value} {unit} en {year} ({source})"
REFERENCE_REGIONAL = "Chiffre régional : {value} {unit} ({source})"


def reference_text(
    code: str, value: float, year: int | None, is_target: bool, source: str, *, regional: bool
) -> str:
    """One dated reference as a sentence: "Repère national : 700 MCS visés pour 2017 (Pacte
    territoire santé 2)"; a regional sheet figure has no year (its source is undated)."""
    unit, feminine = REFERENCE_UNITS.get(code, ("", False))
    number = format_int(round(value))
    name = SOURCE_NAMES.get(source, source)
    if regional or year is None:
        return REFERENCE_REGIONAL.format(value=number, unit=unit, source=name)
    if is_target:
        aimed = "visées" if feminine else "visés"
        return REFERENCE_NATIONAL_TARGET.format(
            value=number, unit=unit, aimed=aimed, year=year, source=name
        )
    return REFERENCE_NATIONAL_COUNT.format(value=number, unit=unit, year=year, source=name)


DASH_INDICATOR_LABELS: dict[str, str] = {
    "msp_nombre": "MSP en fonctionnement",
    "mcs_nombre": "Médecins correspondants du SAMU",
    "installations_aidees": "Installations avec garantie de revenus (PTMG, CDE)",
    "ptmg_signes": "PTMG signés",
    "cesp_signes": "CESP signés",
    "assistants_medicaux_contrats": "Contrats d'assistants médicaux",
    "zones_prioritaires": "Zones prioritaires (EPCI)",
}
