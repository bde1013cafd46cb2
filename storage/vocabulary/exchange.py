"""Texts of imports, exports, the HTML report and the demo's banners."""


# --- Exchange: imports, exports, report, web (storage/exchange, ars_tui/cli_exchange.py) --------

EXPORT_YES = "oui"
EXPORT_NO = "non"
#: Column headers of the CSV exports where the field label is not the right one (the imports
#: accept these, the field labels and IMPORT_HEADER_ALIASES).
EXPORT_HEADERS: dict[str, str] = {
    "id": "Identifiant",
    "professional_id": "Identifiant du professionnel",
    "commune_code": "Code commune",
    "commune_name": "Commune",
    "consent_date": "Date d'information / consentement",
    "site_count": "Nombre de sites",
    "gp_planned": "Médecins généralistes prévus",
    "gp_present": "Médecins généralistes présents",
    "staff_planned": "Professionnels prévus",
    "staff_present": "Professionnels présents",
    "funding_total_cents": "Financements (€)",
    "last_training_date": "Dernière formation",
    "communes_covered": "Communes couvertes",
    "interventions": "Interventions",
    "amount_cents": "Montant (€)",
    "monthly_amount_cents": "Montant mensuel (€)",
    "epci_siren": "SIREN de l'EPCI",
    "epci_name": "EPCI",
    "indemnity": "Indemnité (€)",
    "indemnity_due": "Indemnité due (€)",
    "zoning_class": "Zonage au moment du projet",
    "zone_class": "Classe",
    "number": "N° d'arrêté",
    "tvs_code": "Code TVS",
    "tvs_name": "Nom du TVS",
    "finess": "N° FINESS",
    "finess_name": "Raison sociale",
    "finess_category": "Catégorie",
    "finess_departement": "Département",
    "finess_commune": "Code commune FINESS",
    "finess_legal": "N° FINESS juridique",
    "finess_long_name": "Raison sociale longue",
    "installation_project_id": "Identifiant du projet d'installation",
    "priority_zone_id": "Identifiant de la zone prioritaire",
    "zone_year": "Année de la zone prioritaire",
}
#: Other headers the imports recognise ("KIND.field" or "field"); compared without accents, case
#: or punctuation (storage.exchange.csv_io.header_key).
IMPORT_HEADER_ALIASES: dict[str, tuple[str, ...]] = {
    "indicator": ("Code indicateur", "Indicateur"),
    "value": ("Valeur", "Objectif", "Valeur cible"),
    "source": ("Source", "Texte source", "Référence"),
    "commune_code": ("Code INSEE", "Code commune INSEE", "INSEE", "CODGEO", "DEPCOM", "Com"),
    "zone_class": ("Classe de zonage", "Zonage", "Zone", "Classe ARS"),
    "number": ("Numéro d'arrêté", "Numéro de l'arrêté", "Arrêté", "N° arrêté", "Numéro"),
    "effective_date": ("Date effet", "Début", "Date de début", "Entrée en vigueur"),
    "end_date": ("Fin", "Date fin", "Fin de validité"),
    "tvs_code": ("TVS", "Code territoire de vie-santé", "Code du TVS"),
    "tvs_name": ("Territoire de vie-santé", "Libellé TVS", "Nom TVS"),
    "epci_siren": ("SIREN", "SIREN EPCI", "Code SIREN", "EPCI (SIREN)", "Code EPCI"),
    "epci_name": ("Nom de l'EPCI", "Nom", "Libellé", "Raison sociale"),
    "year": ("Année", "Millésime"),
    "finess": ("nofinesset", "FINESS", "N° FINESS ET", "Numéro FINESS", "FINESS établissement"),
    "finess_name": ("rs", "Nom"),
    "finess_long_name": ("rslongue",),
    "finess_legal": ("nofinessej", "FINESS EJ", "N° FINESS EJ", "FINESS juridique"),
    "finess_category": ("categetab", "Catégorie d'établissement", "Code catégorie"),
    "finess_departement": ("departement", "Code département"),
    "finess_commune": ("commune",),
    "opening_date": ("dateouv", "Date d'ouverture"),
    "last_name": ("Nom de famille", "Nom d'exercice"),
    "first_name": ("Prénom d'exercice",),
    "rpps": ("N° RPPS", "Numéro RPPS", "Identifiant RPPS"),
    "email": ("Email", "E-mail", "Adresse électronique", "Mail"),
    "consent_date": ("Date de consentement", "Consentement"),
    "professional_id": ("Id professionnel",),
}

MSG_CSV_BAD_UTF8 = "Fichier illisible : il commence comme un fichier UTF-8 mais n'en est pas un."
MSG_CSV_NUL_BYTES = (
    "Fichier illisible : encodage non reconnu (UTF-16 ou fichier binaire ?). Enregistrez-le en "
    "CSV UTF-8 ou en CSV (séparateur : point-virgule)."
)
MSG_CSV_UNKNOWN_ENCODING = (
    "Fichier illisible : ni UTF-8 ni Windows-1252. Enregistrez-le en CSV UTF-8."
)
MSG_CSV_BAD_SEPARATOR = (
    "Séparateur non reconnu : la ligne d'en-tête est séparée par une {found} ; "
    "utilisez le point-virgule « ; » ou la virgule « , »."
)
MSG_CSV_EMPTY = "Fichier vide : la première ligne doit porter les noms des colonnes."
MSG_CSV_UNREADABLE = "Fichier illisible à la ligne {line} ({reason})."

MSG_IMPORT_LINE = "ligne {line} : {message}"
MSG_IMPORT_UNKNOWN_KIND = "Type d'import inconnu : « {kind} » (types possibles : {kinds})."
MSG_IMPORT_CANNOT_READ = "Impossible de lire {path} ({reason})."
MSG_IMPORT_NO_ARS = (
    "ARS inconnue : cette base n'est rattachée à aucune ARS. Précisez-la avec --ars CODE."
)
MSG_IMPORT_MISSING_COLUMN = "colonne manquante : « {column} »."
MSG_IMPORT_CONSTRAINT = "cette ligne contredit une fiche déjà enregistrée (doublon)."
MSG_IMPORT_DUPLICATE = "ligne en double : {what} que la ligne {first}."
MSG_IMPORT_SAME_LINE = "mêmes valeurs"
MSG_IMPORT_SAME_COMMUNE = "même arrêté et même commune"
MSG_IMPORT_SAME_TVS = "même arrêté et même TVS"
MSG_IMPORT_SAME_EPCI = "même EPCI (SIREN) et même année"
MSG_IMPORT_SAME_OBJECTIVE = "même ARS, même indicateur et même année"
MSG_IMPORT_OBJECTIVE_OTHER_ARS = (
    "objectif de l'ARS {ars} : seuls les objectifs de votre ARS ({scope}) s'importent ici."
)
MSG_IMPORT_SAME_FINESS = "même n° FINESS"
MSG_IMPORT_SAME_RPPS = "même RPPS"
MSG_IMPORT_SAME_ID = "même identifiant"
MSG_IMPORT_ZONAGE_PLACE_COLUMN = "colonne manquante : « Code commune » ou « Code TVS »."
MSG_IMPORT_ZONAGE_NO_PLACE = "ni code commune ni code TVS."
MSG_IMPORT_ZONAGE_ORDER_DATES = (
    "l'arrêté « {number} » a d'autres dates (effet, fin ou signature) à la ligne {first}."
)
MSG_IMPORT_ZONAGE_MIXED_ARS = (
    "la commune {code} relève de l'ARS {ars} à la date d'effet, l'arrêté de l'ARS {order_ars}."
)
MSG_IMPORT_UNKNOWN_TVS = (
    "TVS « {tvs} » inconnu : aucune commune ne lui est rattachée (ni dans ce fichier ni dans un "
    "arrêté déjà importé) ; indiquez les codes communes."
)
MSG_IMPORT_OTHER_ARS = "la commune {code} ne relève pas de votre ARS ({ars})."
MSG_IMPORT_OTHER_ARS_RECORD = "cette fiche appartient à une autre ARS ({ars}) : non modifiable."
MSG_IMPORT_FINESS_PLACE_COLUMN = (
    "colonne manquante : « Code commune » (code INSEE), ou « Département » et "
    "« Code commune FINESS »."
)
MSG_IMPORT_FINESS_NO_COMMUNE = "commune manquante (code INSEE, ou département et commune)."
MSG_IMPORT_PROFESSIONAL_NOT_FOUND = (
    "professionnel introuvable : importez d'abord les professionnels, ou indiquez "
    "l'« Identifiant du professionnel »."
)
MSG_IMPORT_PROFESSIONAL_AMBIGUOUS = (
    "plusieurs professionnels portent ce nom : indiquez l'« Identifiant du professionnel »."
)

MSG_EXPORT_UNKNOWN_KIND = "Type d'export inconnu : « {kind} » (types possibles : {kinds})."
MSG_EXPORT_NO_ARS = (
    "ARS inconnue : cette base n'est rattachée à aucune ARS. Précisez-la avec --ars CODE "
    "(seules les fiches de cette ARS sont exportées)."
)
MSG_EXPORT_UNKNOWN_ARS = "ARS inconnue : « {ars} »."


# --- Sections: Aides et contrats, MSP, SAMU / MCS, Missions (screens/contracts/list.py, msp.py, ---
# --- samu.py, missions.py and their record pages) -------------------------------------------

#: Short labels of the aid kinds, for list columns.
AID_KIND_SHORT: dict[str, str] = {
    "cesp": "CESP",
    "ptmg": "PTMG",
    "cde": "CDE",
    "assurance_maladie": "Ass. maladie",
    "collectivite": "Collectivité",
    "ptma": "PTMA",
    "ptmr": "PTMR",
    "pias": "PIAS",
}

IMPORT_SUMMARY_HEAD = (
    "Import « {kind} » de {file} : {lines} ligne(s) lue(s) (encodage {encoding}, "
    "séparateur « {separator} »)."
)
IMPORT_SUMMARY_ENTITY = (
    "  {entity} : {created} créée(s), {updated} modifiée(s), {unchanged} inchangée(s)"
)
IMPORT_SUMMARY_NOTHING = "  Aucune fiche concernée."
IMPORT_SUMMARY_IGNORED = (
    "  {count} ligne(s) ignorée(s) : autre ARS, ou établissement qui n'est ni une MSP, ni une "
    "CPTS, ni un centre de santé."
)
IMPORT_SUMMARY_AMBIGUOUS = (
    "  {count} établissement(s) laissé(s) de côté : plusieurs fiches pourraient lui correspondre "
    "(à rapprocher à la main, par exemple en saisissant le n° FINESS sur la bonne fiche) :"
)
IMPORT_FINESS_AMBIGUOUS = "    ligne {line} : FINESS {finess} « {name} » ({count} fiches possibles)"
ANNUAIRE_MODES: dict[str, str] = {"L": "Libéral", "S": "Salarié", "B": "Bénévole"}
DETECTED_HEAD = (
    "  Installations détectées ({count}) : arrivées et changements de commune depuis "
    "l'import précédent, et départs :"
)
DETECTED_LINE = "    {kind} : {name} ({profession}), {commune} {commune_name}, zonage {zoning}"
DETECTED_KINDS: dict[str, str] = {
    "arrivee": "Arrivée",
    "demenagement": "Changement de commune",
    "depart": "Départ",
}
DETECTED_NO_ZONING = "inconnu"
DETECTED_NOT_AN_ARRIVAL = (
    "Seule une arrivée ou un changement de commune devient un projet d'installation."
)
DETECTED_PROJECT_NOTE = "Installation détectée par l'annuaire (import du {day})."
IMPORT_SUMMARY_DRY_RUN = "Simulation (--dry-run) : rien n'a été écrit dans la base."
CLI_IMPORT_REFUSED = "{file} refusé : {count} erreur(s), rien n'a été écrit."
CLI_EXPORT_DONE = "Export « {kind} » : {count} fiche(s) de l'ARS {ars} écrite(s) dans {file}."
CLI_CANNOT_WRITE = "impossible d'écrire {path} ({reason})"
CLI_REPORT_DONE = "Rapport écrit : {file} (territoire : {territory})."

MSG_REPORT_UNKNOWN_TERRITORY = (
    "Territoire inconnu : « {code} » (attendu : code ARS, code de département, SIREN d'EPCI ou "
    "code INSEE de commune)."
)
REPORT_LEVELS: dict[str, str] = {
    "ars": "ARS",
    "departement": "Département",
    "epci": "EPCI",
    "commune": "Commune",
}
REPORT_TITLE = "Rapport territorial — {territory}"
REPORT_SUBTITLE = "{level} · situation au {day} · figures du tableau de bord d'ars-tui"
REPORT_FOOTER = (
    "Rapport produit par ars-tui le {when} à partir de la base locale "
    "({pending} modification(s) pas encore synchronisée(s))."
)
REPORT_SECTION_TERRITORY = "Territoire ({level})"
REPORT_POPULATION = "habitants"
REPORT_COMMUNES = "communes"
REPORT_PRIORITY_ZONES = "EPCI en zone prioritaire"
REPORT_NO_ZONING = "Aucun arrêté de zonage en vigueur enregistré."
REPORT_ZONING_ORDER = "Zonage médecins : arrêté n° {number}, en vigueur depuis le {day}."
REPORT_ZONING_HEADERS = ("Classe", "Libellé", "Communes", "Population")
REPORT_PRIORITY_TEXT = "Zone prioritaire 2025 : {count} EPCI, {population} habitants concernés."
REPORT_SECTION_INSTALLATIONS = "Projets d'installation"
REPORT_PROJECTS = "projets suivis"
REPORT_INSTALLED_THIS_YEAR = "installations en {year}"
REPORT_OVERDUE = "relances en retard"
REPORT_STATUS_HEADERS = ("Statut", "Projets")
REPORT_TOTAL = "Total"
REPORT_CHART_STATUS = "Projets par statut"
REPORT_CHART_MONTHS = "Installations par mois (24 derniers mois)"
REPORT_SECTION_MSP = "Maisons de santé pluriprofessionnelles"
REPORT_STAGE_HEADERS = ("Étape", "MSP")
REPORT_MSP_UNFILLED = "MSP ouvertes avec des postes vacants"
REPORT_MSP_UNFILLED_POSTS = "postes prévus non pourvus"
REPORT_SECTION_URGENT = "Soins urgents"
REPORT_BEYOND_30 = "habitants à plus de 30 min (mesure au {day})"
REPORT_NONE = "aucune mesure"
REPORT_MCS_ACTIVE = "MCS actifs"
REPORT_MCS_REFRESHER = "MCS à recycler"
REPORT_SECTION_CONTRACTS = "Contrats (CESP, PTMG, CDE)"
REPORT_CONTRACT_HEADERS = ("Contrat", "En cours", "Se terminent dans 6 mois")
REPORT_SECTION_MISSIONS = "Missions de solidarité territoriale"
REPORT_MISSIONS_DONE = "missions réalisées"
REPORT_MISSION_DAYS = "jours de mission"
REPORT_INDEMNITIES_DUE = "indemnités dues"
REPORT_INDEMNITIES_PAID = "indemnités versées"
REPORT_SECTION_INDICATORS = "Objectifs de l'ARS et repères nationaux"
REPORT_INDICATOR_HEADERS = (
    "Indicateur",
    "Territoire",
    "Objectif de l'ARS",
    "Progression",
    "Repères (sources datées)",
)
REPORT_INDICATOR_NOTE = (
    "Les chiffres nationaux sont des repères datés, jamais l'objectif du territoire ; la "
    "progression se mesure seulement à un objectif de l'ARS dont l'échéance n'est pas passée."
)
DEMO_BANNER = (
    "Données de démonstration : fiches fictives créées par « ars-tui demo », arrêtés et "
    "chiffres compris ; rien ici n'est officiel."
)
REPORT_DEMO_TITLE = "{title} (données de démonstration)"
DEMO_FICTIONAL = " (fictif : données de démonstration)"
EXPORT_DEMO_HEADER = "Données"
EXPORT_DEMO_VALUE = "données de démonstration"
EXPORT_DEMO_NOTE = " Attention : données de démonstration (colonne « Données »)."
