"""Text of the sections: Aides et contrats, MSP, SAMU / MCS, Missions, detected arrivals."""


# --- Rules of the field (storage.contract_rules, storage.field_rules) ----------------------------

COVERAGE_EFFECT_TITLE = "Couverture des soins urgents"


# --- Sections: Aides et contrats, MSP, SAMU / MCS, Missions (screens/contracts/list.py, msp.py, ---
# --- samu.py, missions.py and their record pages) -------------------------------------------

SECTION_COLUMNS: dict[str, str] = {
    "professional_name": "Professionnel",
    "kind": "Type",
    "status": "Statut",
    "start_date": "Début",
    "commitment_end": "Fin",
    "amount_cents": "Montant",
    "name": "Nom",
    "opening_date": "Ouverture",
    "unfilled_posts": "Vacants",
    "samu_attachment": "SAMU",
    "convention_date": "Convention",
    "last_training": "Formation",
    "zone_name": "Zone prioritaire",
    "host_name": "Lieu d'accueil",
    "days": "Jours",
    "indemnity_cents": "Indemnité",
}

CONTRACTS_TITLE = "Aides et contrats"
CONTRACTS_ANY_KIND = "Tous les types"
CONTRACTS_ENDING_FILTER = "Fin dans les 6 mois"
CONTRACTS_SUMMARY = (
    "En cours : {cesp} CESP · {ptmg} PTMG · {cde} CDE — fin dans les 6 mois : {ending}"
)
CONTRACTS_RULE_CESP = "début d'exercice + max(24, {months} mois d'allocation versés) = {total} mois"
CESP_COMMUNE_LABEL = "Commune du lieu d'exercice choisi"
CESP_ALLOWANCE_START_LABEL = "Début de l'allocation"
CONTRACTS_RULE_CESP_NO_PRACTICE = "pas encore de début d'exercice dans le lieu choisi"
CONTRACTS_RULE_PTMG = "début + 12 mois (PTMG, renouvelable une fois)"
CONTRACTS_RULE_PTMG_RENEWED = "début + 24 mois (PTMG renouvelé)"
CONTRACTS_RULE_CDE = "début + 36 mois (CDE)"
CONTRACTS_RULE_TYPED = "date de fin saisie"
CONTRACTS_RULE_NO_START = "pas encore de date de début"
CONTRACTS_ENDS_IN = "{date} — dans {days} jours"
CONTRACTS_ENDS_SOON = "{date} — dans {days} jours : fin dans les 6 mois"
CONTRACTS_ENDED = "{date} — terminé"
CONTRACTS_CHOOSE_KIND = "Quel type d'aide ?"

MSP_TITLE = "Maisons de santé pluriprofessionnelles"
MSP_TAB_PROJECTS = "Projets"
MSP_TAB_VACANCIES = "Postes vacants"
MSP_TAB_FUNDINGS = "Financements"
MSP_VACANCY_FILTER = "Ouvertes avec postes vacants"
#: The kinds of msp_project (the FINESS import keeps centres de santé there): the MSP list's
#: filter, and the label after a centre's name in that list (an MSP has none).
MSP_KINDS: dict[str, str] = {"msp": "MSP", "centre_sante": "Centre de santé"}
MSP_ANY_KIND = "MSP et centres"
MSP_KIND_IN_NAME = "{name} (centre de santé)"
MSP_VACANT_CELL = "⚠ {count}"
MSP_VACANCY_COLUMNS = ("MSP", "Statut", "Ouverture", "Prévus", "Présents", "Vacants")
MSP_FUNDING_COLUMNS = ("Financeur", "Décisions", "Montant")
MSP_NO_VACANCY = "Aucune MSP ouverte n'a de poste vacant."
MSP_VACANCIES_SUMMARY = "{count} MSP ouvertes ont des postes vacants ({posts} postes)."
MSP_SITES = "Sites"
MSP_SITE_COLUMNS = ("Commune", "Localité", "QPV", "FINESS", "Principal")
MSP_STAFFING = "Effectifs : prévus et présents"
MSP_STAFFING_COLUMNS = ("Profession", "Prévus", "Présents", "Vacants")
MSP_FUNDINGS = "Financements"
MSP_FUNDING_LINE_COLUMNS = ("Financeur", "Montant", "Décision")
MSP_TOTAL = "Total"
MSP_EMPTY_OFFICES = "MSP ouverte avec {count} poste(s) prévu(s) non pourvu(s)."
MSP_ALL_FILLED = "Tous les postes prévus sont pourvus."
MSP_NOTHING = "Aucun."
BINDING_ADD_STAFFING = "Effectif"
BINDING_ADD_SITE = "Site"
BINDING_ADD_FUNDING = "Financement"

SAMU_TITLE = "SAMU / médecins correspondants"
SAMU_TAB_MCS = "MCS"
SAMU_TAB_COVERAGE = "Couverture 30 min"
SAMU_TAB_DUE = "Recyclage dû"
SAMU_DUE_FILTER = "Recyclage dû"
SAMU_LEVELS: dict[str, str] = {
    "ars": "Par ARS",
    "departement": "Par département",
    "commune": "Par commune",
}
#: Coverage table: the line above it says what the population columns count.
SAMU_COVERAGE_COLUMNS = (
    "Territoire",
    "Lieux",
    "> 30 min",
    "Ramenée",
    "Reste",
    "MCS",
    "Recyclage dû",
)
SAMU_COVERAGE_LEGEND = (
    "Population à plus de 30 min des soins urgents (dernière mesure de chaque lieu), ramenée sous "
    "30 min par les MCS, et ce qu'il reste ; MCS actifs (chacun compté une fois) et, parmi eux, "
    "ceux dont le recyclage annuel est dû."
)
SAMU_COVERAGE_NONE = "Aucune mesure de couverture ni MCS actif."
SAMU_COVERAGE_TOTAL = (
    "{beyond} habitants à plus de 30 min des soins urgents, {still} après les MCS."
)
SAMU_DUE_COLUMNS = ("MCS", "SAMU", "Dernière formation", "Recyclage dû depuis")
SAMU_DUE_NONE = "Aucun MCS actif n'attend son recyclage."
SAMU_NEVER_TRAINED = "jamais formé"
SAMU_TRAININGS = "Formations"
SAMU_TRAINING_COLUMNS = ("Date", "Type")
SAMU_EQUIPMENT = "Équipements remis"
SAMU_EQUIPMENT_COLUMNS = ("Matériel", "Remis le", "Péremption")
SAMU_EXPIRED = "{date} (périmé)"
SAMU_COMMUNES = "Communes couvertes"
SAMU_COMMUNE_COLUMNS = ("Commune", "Localité")
SAMU_INTERVENTIONS = "Interventions"
SAMU_INTERVENTION_COLUMNS = ("Date", "Commune", "Localité", "SMUR engagé")
SAMU_REFRESHER_LATE = "{date} — en retard"
SAMU_REFRESHER_NOW = "à faire (aucune formation)"
BINDING_ADD_TRAINING = "Formation"

MISSIONS_TITLE = "Missions de solidarité territoriale"
MISSIONS_TAB_ZONES = "Zones prioritaires"
MISSIONS_TAB_MISSIONS = "Missions"
#: Zones table: (label, width); the line above it says what the columns count.
MISSIONS_ZONE_COLUMNS: tuple[tuple[str, int], ...] = (
    ("Zone prioritaire (EPCI)", 24),
    ("Missions", 8),
    ("Prévus", 6),
    ("Réalisés", 8),
    ("Indemnités", 11),
    ("À verser", 11),
)
MISSIONS_ZONE_LEGEND = (
    "Jours prévus (volontaire inscrit, planifiée) et réalisés (réalisée, indemnisée) ; "
    "indemnités : jours réalisés × 200 € ; à verser : missions réalisées non encore indemnisées."
)
MISSIONS_NO_ZONE = "Aucune zone prioritaire : importez la liste officielle des EPCI."
MISSIONS_ANY_ZONE = "Toutes les zones"
MISSIONS_TOTAL = "Total"
MISSIONS_TOTALS_LINE = (
    "Jours réalisés : {days} × 200 € = {amount}\nDéjà versé : {paid} · reste à verser : {due}"
)
MISSIONS_INDEMNITY = "{days} × 200 € = {amount}"
MISSIONS_DAYS = ("{count} jour", "{count} jours")
MISSIONS_NEW_NEEDS_ZONE = "Choisissez d'abord une zone prioritaire (liste « Zone »)."
TERRITORIES_BINDING_SEARCH = "Rechercher"
TERRITORIES_BINDING_LEAVE_SEARCH = "Aller aux résultats"
DETECTED_TITLE = "Installations détectées"
DETECTED_COLUMNS = ("Quoi", "Professionnel", "Profession", "Commune", "Zonage", "Import", "Projet")
DETECTED_CREATE = "Créer le projet"
DETECTED_HINT = (
    "i : créer le projet d'installation de la ligne (Installé(e), à la date de l'import). "
    "Échap : fermer."
)
DETECTED_NONE = (
    "Rien à signaler : aucun import de l'annuaire, ou le premier (la référence), ou aucun "
    "changement depuis le précédent. Importez l'annuaire (Importer… > Annuaire Santé)."
)
DETECTED_PROJECT_MADE = "projet créé"
DETECTED_PROJECT_TODO = "i : créer"
DETECTED_PROJECT_CREATED = "Projet d'installation créé pour {name}."
COMMAND_DETECTED = (
    "Installations détectées",
    "Les arrivées, changements de commune et départs trouvés par le dernier import de l'annuaire",
)
EXCHANGE_DETECTED = "Installations détectées"
EXCHANGE_STOP = "Interrompre"
EXCHANGE_INTERRUPTED = "Import interrompu : rien n'a été écrit."
BINDING_SYNC = "Synchroniser"
STATUS_SYNC_RUNNING = "synchronisation…"
STATUS_DEMO = "données de démonstration"
STATUS_CONFLICTS = "{count} conflit(s)"
STATUS_TO_FIX = "{count} à corriger"
STATUS_TO_EXAMINE = "{count} à examiner"
STATUS_SYNC_LOCAL_ERROR = "synchronisation interrompue : {reason}"
