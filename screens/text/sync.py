"""Text of the sync screens (conflicts, to fix) and of the workers' error policy."""


# --- Workers' error policy (screens/workers.py, ArsTuiApp._worker_failed) ---

WORKER_FAILED_TITLE = "Opération interrompue"
WORKER_FAILED = "L'opération n'a pas abouti : {reason}."
WORKER_FAILED_RETRY = "L'opération n'a pas abouti : {reason}. Nouvel essai dans {seconds} s."
WORKER_INTERNAL_ERROR = "erreur interne ({name}) ; l'application continue"
SYNC_SCREEN_COUNTING = "Chargement…"
SYNC_SCREEN_NOT_CONFIGURED = (
    "non configurée (ars-tui config set server URL, puis ars-tui config set token JETON)"
)
SYNC_SCREEN_RUNNING = "synchronisation en cours…"
SYNC_SCREEN_NOT_YET = "pas encore essayé"
SYNC_SCREEN_STATE = "État : {state}"
SYNC_SCREEN_LAST = "Dernière synchronisation réussie : {when}"
SYNC_SCREEN_PENDING = "Modifications en attente d'envoi : {count}"
SYNC_SCREEN_CONFLICTS = "Conflits à trancher : {count}"
SYNC_SCREEN_TO_FIX = "Modifications refusées à corriger : {count}"
SYNC_SCREEN_TO_EXAMINE = "Fiches reçues mises de côté (à examiner dans À corriger) : {count}"
SYNC_SCREEN_ERROR = "Dernier échec : {message}"
SYNC_SCREEN_LOG_TITLE = "Journal de synchronisation"
SYNC_LOG_COLUMN_WHEN = "Quand"
SYNC_LOG_COLUMN_WHAT = "Quoi"
SYNC_BUTTON_NOW = "Synchroniser maintenant"
SYNC_BUTTON_CONFLICTS = "Conflits"
SYNC_BUTTON_TO_FIX = "À corriger"
SYNC_VALUE_DELETED = "fiche supprimée"
SYNC_VALUE_PRESENT = "fiche présente"
SYNC_VALUE_YES = "oui"
SYNC_VALUE_NO = "non"
SYNC_CONFLICT_BY = "par {by}, le {at}"
SYNC_CONFLICTS_TITLE = "Conflits"
SYNC_CONFLICTS_EMPTY = "Aucun conflit : tout ce que vous avez envoyé a été accepté."
SYNC_CONFLICTS_HELP = (
    "m : garder ma valeur · s : prendre celle du serveur · M / S : pour tous les champs · "
    "v : valider (votre choix est envoyé comme une nouvelle modification)"
)
SYNC_BINDING_MINE = "Ma valeur"
SYNC_BINDING_THEIRS = "Valeur du serveur"
SYNC_BINDING_ALL_MINE = "Tout garder (ma version)"
SYNC_BINDING_ALL_THEIRS = "Tout prendre (serveur)"
SYNC_BINDING_RESOLVE = "Valider"
SYNC_BINDING_BACK = "Retour"
SYNC_COLUMN_RECORD = "Fiche"
SYNC_COLUMN_FIELDS = "Champs"
SYNC_COLUMN_REASON = "Motif"
SYNC_COLUMN_FIELD = "Champ"
SYNC_COLUMN_BASE = "Valeur d'origine"
SYNC_COLUMN_MINE = "Ma valeur"
SYNC_COLUMN_THEIRS = "Valeur du serveur (auteur, date)"
SYNC_COLUMN_CHOICE = "Choix"
SYNC_CHOICE_MINE = "ma valeur"
SYNC_CHOICE_THEIRS = "serveur"
SYNC_CONFLICT_REFUSED = "Choix refusé"
SYNC_CONFLICT_RESOLVED = "Conflit résolu : votre choix sera envoyé à la prochaine synchronisation."
SYNC_TO_FIX_TITLE = "À corriger"
SYNC_TO_FIX_EMPTY = "Rien à corriger : le serveur n'a refusé aucune modification."
SYNC_TO_FIX_HELP = (
    "Choisissez un champ, tapez sa nouvelle valeur puis Entrée ; r : renvoyer · "
    "d : abandonner (la fiche reprend l'état du serveur)"
)
SYNC_TO_FIX_PLACEHOLDER = "nouvelle valeur du champ sélectionné"
SYNC_BINDING_RESEND = "Renvoyer"
SYNC_BINDING_DISCARD = "Abandonner"
SYNC_COLUMN_KIND = "Modification"
SYNC_COLUMN_SENT = "Valeur envoyée"
SYNC_KIND_LABELS = {
    "create": "création",
    "update": "modification",
    "delete": "suppression",
    "restore": "restauration",
    "quarantined": "reçue, à examiner",
}
SYNC_TO_FIX_RESENT = "Modification corrigée : elle sera renvoyée."
SYNC_TO_FIX_SET_ASIDE = "Fiche reçue abandonnée : l'appareil garde sa version."
SYNC_TO_FIX_DISCARDED = "Modification abandonnée : la fiche reprend l'état du serveur."

COMMAND_OBJECTIVES = (
    "Objectifs régionaux de l'ARS",
    "Les objectifs que l'ARS s'est fixés (projet régional de santé) : liste et saisie",
)
OBJECTIVES_TITLE = "Objectifs régionaux de l'ARS"
OBJECTIVES_PLACEHOLDER = "Filtrer par indicateur ou source…"
OBJECTIVES_HINT = (
    "Les objectifs que l'ARS s'est fixés (projet régional de santé) ; le tableau de bord mesure "
    "le territoire à ces objectifs, jamais à un chiffre national. n : nouvel objectif, "
    "Entrée : modifier."
)
BINDING_OBJECTIVES = "Objectifs de l'ARS"
COMMAND_IMPORT = (
    "Importer…",
    "Importer un fichier (zonage, zones prioritaires, FINESS, Annuaire Santé, fiches)",
)
COMMAND_EXPORT = ("Exporter…", "Exporter des fiches en CSV pour Excel")
COMMAND_REPORT = ("Rapport…", "Écrire le rapport HTML imprimable d'un territoire")
EXCHANGE_TITLES: dict[str, str] = {
    "import": "Importer un fichier CSV",
    "export": "Exporter des fiches (CSV pour Excel)",
    "report": "Rapport d'un territoire (HTML)",
}
EXCHANGE_KIND = "Type"
EXCHANGE_KIND_LABELS: dict[str, str] = {
    "zonage": "Zonage (arrêté ARS)",
    "zones-prioritaires": "Zones prioritaires 2025 (EPCI)",
    "finess": "FINESS : MSP, CPTS et centres de santé (fichier public etalab)",
    "annuaire": "Annuaire Santé (PS_LibreAcces_Personne_activite)",
    "msp-finess": "MSP d'une extraction FINESS",
    "professionnels": "Professionnels",
    "installations": "Projets d'installation",
    "objectifs": "Objectifs régionaux de l'ARS",
    "msp": "MSP",
    "mcs": "Médecins correspondants du SAMU",
    "couverture": "Couverture soins urgents",
    "contrats": "Aides et contrats",
    "missions": "Missions de solidarité territoriale",
}
EXCHANGE_TERRITORY = "Territoire (code ARS, département, SIREN d'EPCI ou code INSEE)"
EXCHANGE_TERRITORY_PLACEHOLDER = "REU, 974, 249740101, 97411…"
EXCHANGE_FILE = "Fichier"
EXCHANGE_DRY_RUN = "Simulation : ne rien écrire, dire seulement ce qui changerait"
EXCHANGE_RUN = "Lancer"
EXCHANGE_RUNNING = "En cours…"
EXCHANGE_MISSING = "Indiquez le fichier (et le territoire)."
EXCHANGE_MORE_ERRORS = "… et {count} autre(s) erreur(s)."
EXCHANGE_DATABASE_ERROR = "Lecture ou écriture de la base impossible : {reason}"
