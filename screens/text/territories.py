"""Text of the dashboard and the Territoires screen."""


# --- Tableau de bord and Territoires (screens/home.py, screens/territories/, widgets) ---

LEVEL_LABELS: dict[str, str] = {
    "ars": "ARS",
    "departement": "Département",
    "epci": "EPCI",
    "commune": "Commune",
}
#: What a blank select of the territory picker means.
PICKER_PROMPTS: dict[str, str] = {
    "ars": "ARS",
    "departement": "Tous dép.",
    "epci": "Tous EPCI",
    "commune": "Toutes comm.",
}
DASH_POPULATION = "{population} hab."
DASH_COMMUNES = "({count} communes)"
DASH_ZONING = "Zonage"
DASH_NO_ZONING = "aucun arrêté en vigueur"
DASH_COMMUNES_WORD = "communes"
DASH_ZONING_TITLE = "Zonage en vigueur"
DASH_ZONING_ORDER = "Arrêté {number}, en vigueur depuis le {date}"
DASH_PRIORITY = "Zone prioritaire"
DASH_PRIORITY_SOME = "{count} EPCI ({population} hab.)"
DASH_YES = "oui"
DASH_NO = "non"
DASH_INSTALLATIONS_TITLE = "Projets d'installation par statut"
DASH_INSTALLED_THIS_YEAR = "Installé(e)s cette année"
DASH_OVERDUE = "Relances en retard (échéance passée)"
DASH_TREND_TITLE = "Installations par mois (24 derniers mois)"
DASH_TREND_EMPTY = "Aucune installation sur la période."
DASH_MSP_TITLE = "MSP par étape"
DASH_MSP_UNFILLED = "Ouvertes, postes non pourvus"
DASH_MSP_UNFILLED_VALUE = "{count} ({posts} postes)"
DASH_SAMU_TITLE = "Soins urgents et MCS"
DASH_BEYOND_30MIN = "Population à plus de 30 min"
DASH_AS_OF = "(au {date})"
DASH_MCS_ACTIVE = "MCS actifs"
DASH_MCS_REFRESHER = "MCS à recycler (annuel)"
DASH_CONTRACTS_TITLE = "Contrats en cours"
DASH_CONTRACT = "Contrat"
DASH_RUNNING = "En cours"
DASH_ENDING_SOON = "Fin sous 6 mois"
DASH_CONTRACT_LABELS: dict[str, str] = {"cesp": "CESP", "ptmg": "PTMG", "cde": "CDE"}
DASH_MISSIONS_TITLE = "Missions de solidarité territoriale"
DASH_MISSIONS_DONE = "Missions réalisées"
DASH_MISSIONS_DONE_VALUE = "{count} ({days} jours)"
DASH_INDEMNITIES_DUE = "Indemnités à verser"
DASH_INDEMNITIES_PAID = "Indemnités versées"
DASH_TARGETS_TITLE = "Objectifs de l'ARS et repères nationaux"
DASH_TARGETS_NOTE = (
    "Les chiffres nationaux sont des repères datés des plans nationaux, jamais l'objectif du "
    "territoire ; la progression se mesure à l'objectif que l'ARS s'est fixé (projet régional "
    "de santé), saisi dans « Objectifs régionaux »."
)
DASH_OWN = "Territoire : {value}"

TERRITORIES_TITLE = "Territoires"
TERRITORIES_SEARCH_PLACEHOLDER = "Commune, EPCI ou département (nom ou code)…"
TERRITORIES_HINT = (
    "Tapez le nom ou le code d'une commune, d'un EPCI ou d'un département, puis choisissez-le "
    "dans la liste (accents et majuscules indifférents)."
)
TERRITORIES_NO_RESULT = "Aucun territoire ne correspond à « {query} »."
TERRITORIES_LOAD_FAILED = "Lecture impossible : {reason}"
TERRITORIES_IDENTITY = "Identité"
TERRITORIES_ARS = "ARS"
TERRITORIES_DEPARTEMENT = "Département"
TERRITORIES_EPCI = "EPCI"
TERRITORIES_NO_EPCI = "aucun"
TERRITORIES_POPULATION = "Population"
TERRITORIES_COMMUNES = "Communes"
TERRITORIES_ZONING_TODAY = "Zonage au {date}"
TERRITORIES_HISTORY = "Historique du zonage (arrêtés)"
TERRITORIES_ORDER_NUMBER = "Arrêté"
TERRITORIES_EFFECTIVE = "Date d'effet"
TERRITORIES_END = "Date de fin"
TERRITORIES_CLASS = "Classe"
TERRITORIES_IN_FORCE = "en vigueur"
#: A territory the ARS retained itself ("d'autres territoires en fonction des besoins
#: localement identifiés"), beyond the national method.
TERRITORIES_RETAINED_COMMUNE = "Territoire retenu par l'ARS (besoins identifiés localement)"
TERRITORIES_RETAINED_SHORT = "(retenu par l'ARS)"
TERRITORIES_RETAINED_COUNT = "(dont {count} retenue(s) par l'ARS)"
TERRITORIES_ORDER_OF_ARS = "ARS {ars}"
TERRITORIES_FORMER_ARS_ORDER = (
    "Arrêté de l'ARS {ars}, toujours appliqué faute d'arrêté de l'ARS actuelle"
)
TERRITORIES_NO_HISTORY = "Aucun arrêté de zonage enregistré pour cette ARS."
TERRITORIES_WHAT_IS_THERE = "Ce qu'il y a sur le territoire"
TERRITORIES_CPTS = "CPTS"
TERRITORIES_NO_CPTS = "aucune"
TERRITORIES_CPTS_ROW = "{name} — {population} hab. couverts, taille {size}"
TERRITORIES_CPTS_NO_SIZE = "{name} — population couverte inconnue"
TERRITORIES_COUNT_LABELS: dict[str, str] = {
    "installation_project": "Projets d'installation",
    "msp_project": "MSP",
    "centre_sante": "Centres de santé",
    "mcs": "Médecins correspondants du SAMU",
    "solidarity_mission": "Missions de solidarité territoriale",
    "teleconsultation_booth": "Cabines de téléconsultation",
    "cpts": "CPTS",
}
