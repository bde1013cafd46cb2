"""The command line's French text: help, progress and error messages.

Read as ``from ars_tui import cli_text as cli_tx``. Texts the screens show too are in
:mod:`storage.vocabulary`.
"""


# --- Command line (ars_tui/cli.py) ---------------------------------------------------------------

CLI_DESCRIPTION = (
    "Application terminal hors ligne des correspondants installation des ARS. "
    "Sans commande, ouvre l'interface sur la base locale."
)
CLI_HELP_HELP = "afficher cette aide et quitter"
CLI_VERSION_HELP = "afficher la version et quitter"
CLI_DB_HELP = (
    "fichier de la base locale, créé et mis à jour s'il n'existe pas (par défaut : {default})"
)
CLI_COMMANDS_TITLE = "commandes"
CLI_DEMO_HELP = "remplir une base avec des fiches de démonstration réalistes"
CLI_DEMO_DESCRIPTION = (
    "Remplit la base avec des fiches de démonstration réalistes (professionnels, projets "
    "d'installation, MSP, MCS...) d'une ARS. Rien n'est écrit si une erreur survient."
)
CLI_DEMO_RECORDS_HELP = (
    "nombre de projets d'installation à générer, les autres fiches suivent en proportion "
    "(par défaut : {default})"
)
CLI_DEMO_ARS_HELP = (
    "code de l'ARS des fiches, par exemple REU, MAY, ARA (par défaut : {default}, La Réunion)"
)
CLI_DEMO_SEED_HELP = (
    "graine du tirage aléatoire : même graine, mêmes fiches (par défaut : {default})"
)
CLI_METAVAR_FILE = "FICHIER"
CLI_METAVAR_COMMAND = "COMMANDE"
CLI_NOT_A_POSITIVE_INT = "« {value} » n'est pas un nombre entier positif"
CLI_NOT_AN_INT = "« {value} » n'est pas un nombre entier"
CLI_UNKNOWN_VERSION = "inconnue"
CLI_ERROR = "{prog} : erreur : {message}"
CLI_MISSING_EXTRA = (
    "cette commande demande la partie facultative [{extra}] d'ars-tui : "
    "pip install 'ars-tui[{extra}]'"
)
CLI_CANNOT_OPEN_DB = "impossible d'ouvrir la base {path} ({reason})"
CLI_DEMO_DONE = "Base de démonstration remplie : {path} (ARS {ars})"
CLI_DEMO_TOTAL = "Total"
CLI_DEMO_SECONDS = "Durée : {seconds} s"

#: argparse's own messages in French. argparse (Python 3.11 to 3.13) wraps every message in
#: ``gettext`` calls looked up when the message is made; ``ars_tui.cli`` answers those calls from
#: this table while it parses the command line. A message missing here stays in English.
ARGPARSE_MESSAGES: dict[str, str] = {
    "usage: ": "utilisation : ",
    "positional arguments": "arguments positionnels",
    "options": "options",
    "optional arguments": "options",
    "subcommands": "commandes",
    "show this help message and exit": CLI_HELP_HELP,
    "show program's version number and exit": CLI_VERSION_HELP,
    "%(prog)s: error: %(message)s\n": "%(prog)s : erreur : %(message)s\n",
    "argument %(argument_name)s: %(message)s": "argument %(argument_name)s : %(message)s",
    "unrecognized arguments: %s": "arguments non reconnus : %s",
    "the following arguments are required: %s": "arguments obligatoires manquants : %s",
    "one of the arguments %s is required": "un de ces arguments est obligatoire : %s",
    "not allowed with argument %s": "incompatible avec l'argument %s",
    "ignored explicit argument %r": "valeur ignorée : %r",
    "expected one argument": "une valeur attendue",
    "expected at most one argument": "une valeur au plus attendue",
    "expected at least one argument": "une valeur au moins attendue",
    "ambiguous option: %(option)s could match %(matches)s": (
        "option ambiguë : %(option)s peut désigner %(matches)s"
    ),
    "unexpected option string: %s": "option inattendue : %s",
    "invalid %(type)s value: %(value)r": "valeur invalide (%(type)s) : %(value)r",
    "invalid choice: %(value)r (choose from %(choices)s)": (
        "choix invalide : %(value)r (valeurs possibles : %(choices)s)"
    ),
    "unknown parser %(parser_name)r (choices: %(choices)s)": (
        "commande inconnue : %(parser_name)r (commandes possibles : %(choices)s)"
    ),
    "can't open '%(filename)s': %(error)s": "impossible d'ouvrir « %(filename)s » : %(error)s",
}
#: argparse's plural messages: English singular -> (French singular, French plural).
ARGPARSE_PLURALS: dict[str, tuple[str, str]] = {
    "expected %s argument": ("%s valeur attendue", "%s valeurs attendues"),
}


# --- Application shell and dashboard (ars_tui/app.py, screens/home.py, screens/help.py) ---------

APP_TITLE = "ars-tui — correspondants installation"


# --- Reliability: storage failures (storage/db.py) ----------------------------------------------

CLI_CANNOT_WRITE_DB = "impossible d'écrire dans la base {path} ({reason}) ; rien n'a été modifié"


# --- Sync client (storage/sync_state.py, ars_tui/sync/, ars_tui/cli_sync.py, screens/sync/,
# screens/sync/conflicts.py, screens/sync/to_fix.py) ---

SYNC_LOG_ROUND = (
    "{sent} envoyée(s), {received} reçue(s), {conflicts} conflit(s), {to_fix} à corriger."
)
CONFIG_UNREADABLE = "impossible de lire le fichier de configuration {path} ({reason})"
CONFIG_UNKNOWN_KEY = "clé inconnue « {key} » (clés possibles : {keys})"
CONFIG_EMPTY_VALUE = "la valeur de « {key} » ne peut pas être vide"
CONFIG_BAD_SERVER = (
    "adresse de serveur invalide « {value} » : elle commence par http:// ou https://"
)
CONFIG_NOT_SET = "(non défini)"


# --- First-run set-up (screens/setup.py) ----------------------------------------------------------

CONFIG_NAME_TOO_LONG = "le nom ne peut pas dépasser {max_length} caractères"
CONFIG_TOKEN_MASKED = "{start}… ({length} caractères, masqué)"
SYNC_ALREADY_RUNNING = "synchronisation déjà en cours pour cette base ; réessayez dans un instant"
SYNC_UNREACHABLE = "serveur injoignable (pas de réseau ?) ; vos modifications restent en attente"
SYNC_UNREACHABLE_SLOW = "le serveur ne répond pas à temps ; vos modifications restent en attente"
SYNC_TOKEN_REFUSED = (
    "jeton refusé ou révoqué : demandez un nouveau jeton à votre administrateur ; "
    "rien n'a été supprimé sur cet appareil"
)
SYNC_FORBIDDEN = (
    "envoi refusé : fiche hors du territoire de votre jeton ({detail}) ; rien n'a été appliqué"
)
SYNC_UPGRADE = "version trop ancienne : mettez à jour ars-tui pour synchroniser"
SYNC_UNAVAILABLE = "serveur momentanément indisponible (code {status}) ; nouvel essai plus tard"
SYNC_REFUSED = "le serveur refuse la demande (code {status}) : {detail}"
SYNC_BAD_ANSWER = "réponse du serveur incompréhensible ; rien n'a été modifié"
SYNC_OP_TOO_LARGE = "une modification est trop volumineuse pour être envoyée"
#: A round stopped by this device itself (its database, its disk, its rights), never the server.
SYNC_LOCAL_ERROR = (
    "synchronisation interrompue sur cet appareil : {reason} ; "
    "rien n'est perdu, nouvel essai automatique"
)
CLI_SYNC_LOCAL_ERROR = (
    "synchronisation interrompue sur cet appareil : {reason} ; rien n'est perdu, "
    "relancez la synchronisation une fois le problème réglé"
)


# --- Central endpoint (ars_tui/central/, ars_tui/cli_central.py) ---------------------------------

# Command line
CLI_SERVE_HELP = "lancer le serveur central de synchronisation"
CLI_SERVE_DESCRIPTION = (
    "Lance le serveur central (API HTTP de synchronisation). Base SQLite par défaut ; "
    "en production : --db postgresql+psycopg://utilisateur:motdepasse@hôte/base."
)
CLI_SERVER_DB_HELP = "adresse de la base du serveur (par défaut : {default})"
CLI_SERVE_HOST_HELP = "adresse d'écoute (par défaut : {default})"
CLI_SERVE_PORT_HELP = "port d'écoute (par défaut : {default})"
CLI_SERVE_HORIZON_HELP = "durée de conservation des suppressions, en jours (par défaut : {default})"
CLI_TOKEN_HELP = "gérer les jetons des appareils (créer, révoquer, lister)"
CLI_TOKEN_DESCRIPTION = (
    "Jetons d'accès des appareils au serveur central. Un jeton est lié à une ARS et à un nom "
    "d'appareil ; il n'est affiché qu'une fois, à sa création."
)
CLI_TOKEN_ACTIONS_TITLE = "actions"
CLI_TOKEN_CREATE_HELP = "créer un jeton (affiché une seule fois)"
CLI_TOKEN_REVOKE_HELP = "révoquer un jeton (par nom d'appareil ou numéro)"
CLI_TOKEN_LIST_HELP = "lister les jetons (jamais les jetons eux-mêmes)"
CLI_TOKEN_ARS_HELP = "code de l'ARS de l'appareil (ex. REU, MAY, ARA)"
CLI_TOKEN_NAME_HELP = "nom de l'appareil (unique parmi les jetons en service)"
CLI_TOKEN_KEY_HELP = "nom de l'appareil ou numéro du jeton"
CLI_TOKEN_CREATED = (
    "Jeton n° {id} créé pour l'appareil « {name} » (ARS {ars}). Copiez-le maintenant, il ne "
    "sera plus affiché :"
)
CLI_TOKEN_REVOKED = "Jeton n° {id} révoqué (appareil « {name} », ARS {ars})."
CLI_TOKEN_NONE = "Aucun jeton."
CLI_TOKEN_LIST_HEADER = ("n°", "appareil", "ARS", "créé le", "vu le", "état")
CLI_TOKEN_ACTIVE = "en service"
CLI_TOKEN_REVOKED_ON = "révoqué le {date}"
CLI_SERVE_STARTING = "Serveur central sur http://{host}:{port} (base : {db})"
CLI_SERVER_DB_ERROR = "Base du serveur inaccessible ({url}) : {reason}"
CONFIG_UNWRITABLE = "impossible d'écrire le fichier de configuration {path} ({reason})"
CLI_SYNC_HELP = "synchroniser une fois avec le serveur de la région (pour cron)"
CLI_SYNC_DESCRIPTION = (
    "Envoie les modifications en attente, reçoit celles des autres, puis affiche une ligne de "
    "bilan. Code de sortie 0 si la synchronisation a eu lieu (les conflits éventuels sont "
    "listés), autre chose sinon, avec un message. Rien n'est jamais supprimé de l'appareil."
)
CLI_SYNC_SERVER_HELP = (
    "adresse du serveur (sinon ARS_TUI_SERVER, sinon le fichier de configuration)"
)
CLI_SYNC_TOKEN_HELP = (
    "jeton de l'appareil (sinon ARS_TUI_TOKEN, sinon le fichier de configuration) ; "
    "moins sûr : il apparaît dans la liste des processus et l'historique du shell"
)
CLI_METAVAR_TOKEN = "JETON"
CLI_METAVAR_KEY = "CLÉ"
CLI_METAVAR_VALUE = "VALEUR"
CLI_SYNC_DONE = "Synchronisation terminée : {summary}"
CLI_SYNC_CONFLICT = "  conflit : {entity} …{record_id} ({fields})"
CLI_SYNC_TO_FIX = "  à corriger : {entity} …{record_id} ({fields})"
CLI_ZONAGE_HELP = "la classe de zonage d'une commune à une date, et l'arrêté qui la donne"
CLI_ZONAGE_DESCRIPTION = (
    "Affiche la classe de zonage (ZIP, ZAC, ZV, HZ) d'une commune à une date (aujourd'hui par "
    "défaut), l'arrêté en vigueur (numéro, date d'effet) et son ARS, ou « aucun arrêté en "
    "vigueur ». Un arrêté de l'ARS Océan Indien sans date de fin continue de s'appliquer à La "
    "Réunion et à Mayotte jusqu'au premier arrêté de l'ARS La Réunion ou Mayotte."
)
CLI_ZONAGE_COMMUNE_HELP = "code INSEE (97424) ou nom de la commune (Cilaos ; accents indifférents)"
CLI_ZONAGE_DATE_HELP = "date voulue, JJ/MM/AAAA (par défaut : aujourd'hui)"
CLI_METAVAR_COMMUNE = "COMMUNE"
CLI_METAVAR_DATE = "JJ/MM/AAAA"
CLI_ZONAGE_UNKNOWN_COMMUNE = "aucune commune ne correspond à « {query} » (code INSEE ou nom)"
CLI_ZONAGE_AMBIGUOUS = "plusieurs communes s'appellent « {query} » ; précisez le code INSEE :"
CLI_ZONAGE_AMBIGUOUS_ROW = "  {code}  {name} ({departement})"
CLI_CONFIG_HELP = "voir ou changer votre nom, le serveur et le jeton de synchronisation"
CLI_CONFIG_DESCRIPTION = (
    "Le fichier de configuration garde votre nom (l'auteur de vos modifications), votre courriel, "
    "l'adresse du serveur et le jeton de l'appareil ; il n'est lisible que par vous (droits 0600)."
)
CLI_CONFIG_SET_HELP = (
    'changer une valeur : nom "Prénom Nom", courriel ADRESSE, server URL ou token JETON ; '
    "« token - » lit le jeton sur l'entrée standard (il n'apparaît alors ni dans la liste des "
    "processus ni dans l'historique)"
)
CONFIG_VALUE_PROMPT = "{key} (la saisie ne s'affiche pas) : "
CONFIG_STDIN_UNREADABLE = "impossible de lire la valeur sur l'entrée standard"
CLI_CONFIG_SHOW_HELP = "afficher la configuration (jeton masqué)"
CLI_CONFIG_SET_DONE = "{key} = {value} (enregistré dans {path})"
CLI_CONFIG_FILE = "Fichier : {path}"
CLI_CONFIG_ENV_OVERRIDES = "(ARS_TUI_SERVER ou ARS_TUI_TOKEN remplacent ces valeurs en ce moment)"


# --- Sections: Aides et contrats, MSP, SAMU / MCS, Missions (screens/contracts/list.py, msp.py, ---
# --- samu.py, missions.py and their record pages) -------------------------------------------

CLI_IMPORT_HELP = (
    "importer un fichier (zonage, zones prioritaires, FINESS, Annuaire Santé, fiches exportées)"
)
CLI_IMPORT_DESCRIPTION = (
    "Importe un fichier CSV (séparateur « ; » ou « , », UTF-8 ou Windows-1252, en-têtes en "
    "français). Tout ou rien : si une seule ligne est invalide, le fichier entier est refusé, "
    "chaque ligne fautive est listée avec la raison, et la base n'est pas modifiée. Types : "
    "zonage (arrêté de zonage ARS : commune ou TVS, classe ZIP/ZAC/ZV/HZ, n° d'arrêté, date "
    "d'effet, date de fin), zones-prioritaires (EPCI par SIREN), finess ou msp-finess (fichier "
    "public FINESS etalab-cs1100502-stock-*.csv tel que publié : MSP, CPTS et centres de santé de "
    "l'ARS), annuaire (fichier PS_LibreAcces_Personne_activite_*.txt de l'Annuaire Santé : "
    "professionnels de l'ARS, par RPPS, et installations détectées), professionnels, "
    "installations, msp, mcs, couverture, contrats, missions (les colonnes de l'export du même "
    "nom), objectifs (objectifs de l'ARS : indicateur, année, valeur visée, source). Ctrl+C "
    "interrompt l'import sans rien écrire."
)
CLI_IMPORT_KIND_HELP = "type de fichier : %(choices)s"
CLI_IMPORT_FILE_HELP = "fichier à importer"
CLI_IMPORT_DRY_RUN_HELP = (
    "simulation : dire ce qui serait créé, modifié ou inchangé, sans rien écrire"
)
CLI_EXCHANGE_ARS_HELP = (
    "code de l'ARS concernée (par défaut : celle de la base) ; les fiches d'une autre ARS ne "
    "sont ni exportées ni modifiées"
)
CLI_IMPORT_PROGRESS = "Import"
CLI_IMPORT_INTERRUPTED = "Import de {file} interrompu : rien n'a été écrit."
CLI_EXPORT_HELP = "exporter des fiches en CSV pour Excel (séparateur « ; », UTF-8 avec BOM)"
CLI_EXPORT_DESCRIPTION = (
    "Exporte les fiches de l'ARS de la base en CSV qui s'ouvre tel quel dans Excel (séparateur "
    "« ; », UTF-8 avec BOM, dates JJ/MM/AAAA, virgule décimale). Seul l'export professionnels "
    "contient téléphones, courriels et RPPS ; les autres ne portent que le nom du professionnel."
)
CLI_EXPORT_KIND_HELP = "fiches à exporter : %(choices)s"
CLI_EXPORT_FILE_HELP = "fichier CSV à écrire (remplacé s'il existe)"
CLI_EXPORT_OTHER_ARS = (
    "Cet appareil est lié à l'ARS {device} : l'export des fiches de l'ARS {asked} est refusé, "
    "rien n'a été écrit."
)
CLI_REPORT_HELP = "écrire le rapport HTML d'un territoire (imprimable, autonome)"
CLI_REPORT_DESCRIPTION = (
    "Écrit le rapport d'un territoire en une page HTML autonome et imprimable : projets "
    "d'installation par statut, installations de l'année et par mois, relances en retard, MSP, "
    "couverture des soins urgents, contrats, missions et indemnités, objectifs de l'ARS et "
    "repères nationaux datés."
)
CLI_REPORT_TERRITORY_HELP = (
    "territoire : code ARS (REU), code de département (974), SIREN d'EPCI ou code INSEE de commune"
)
CLI_REPORT_OUT_HELP = "fichier HTML à écrire"
CLI_REPORT_EMPTY_DATABASE = (
    "la base {path} ne contient aucune fiche : aucun rapport écrit (indiquez la base voulue "
    "avec --db FICHIER)"
)
CLI_WEB_HELP = "ouvrir l'application dans un navigateur (serveur local)"
CLI_WEB_DESCRIPTION = (
    "Sert l'interface dans un navigateur (textual-serve) : chaque onglet ouvert sur l'adresse "
    "affichée lance l'application sur la base indiquée. Ctrl+C arrête le serveur."
)
CLI_WEB_PORT_HELP = "port d'écoute (par défaut : {default})"
CLI_WEB_HOST_HELP = "adresse d'écoute (par défaut : {default}, cette machine seulement)"
CLI_WEB_SERVING = "Application servie sur {url} (Ctrl+C pour arrêter)."
