"""Text of the application shell, the home screen, the help and the first-run set-up."""


# --- Application shell and dashboard (ars_tui/app.py, screens/home.py, screens/help.py) ---------

BINDING_QUIT = "Quitter"
BINDING_HELP = "Aide"
BINDING_COMMANDS = "Commandes"
BINDING_REFRESH = "Actualiser"
BINDING_CLOSE = "Fermer"
BINDING_FOCUS_NEXT = "Zone suivante"
BINDING_FOCUS_PREVIOUS = "Zone précédente"
BINDING_COPY = "Copier le texte sélectionné"
QUIT_HINT_TITLE = "Quitter ?"
QUIT_HINT = "Pour quitter l'application, appuyez sur [b]{key}[/b]."
COMMAND_PALETTE_PLACEHOLDER = "Rechercher une commande…"
COMMAND_THEME = ("Thème", "Changer les couleurs de l'application")
COMMAND_QUIT = ("Quitter", "Quitter l'application")
COMMAND_KEYS = ("Touches", "Afficher les touches disponibles")
COMMAND_KEYS_HIDE = ("Touches", "Masquer le panneau des touches")
COMMAND_HELP = ("Aide", "Afficher l'aide de l'application")

HOME_TITLE = "Tableau de bord"

#: The app's sections, in menu order (screens/sections.py).
SECTION_LABELS: dict[str, str] = {
    "home": "Tableau de bord",
    "installations": "Installations",
    "professionals": "Professionnels",
    "contracts": "Aides et contrats",
    "msp": "MSP",
    "samu": "SAMU / MCS",
    "missions": "Missions",
    "territories": "Territoires",
    "sync": "Synchronisation",
}
SECTION_NOT_READY = "La base de données est en cours d'ouverture : un instant…"
COMMAND_OPEN_SECTION = "Ouvrir : {label}"
COMMAND_OPEN_SECTION_HELP = "Aller à la section « {label} » (touche {key})"
HOME_DATABASE = "Base locale"
HOME_TERRITORY = "Territoire"
HOME_TERRITORY_ALL = "toutes les ARS"
HOME_TERRITORY_ARS = "{name} ({code}) — données de démonstration"
HOME_RECORDS_TITLE = "Fiches par type"
HOME_PROJECTS_TITLE = "Projets d'installation par statut"
HOME_COLUMN_TYPE = "Type de fiche"
HOME_COLUMN_STATUS = "Statut"
HOME_COLUMN_COUNT = "Nombre"
HOME_TOTAL = "Total"
HOME_LOADING = "Chargement…"
HOME_LOAD_FAILED = "Lecture de la base impossible : {reason}"

STATUS_OFFLINE = "hors ligne"
STATUS_ONLINE = "en ligne"
STATUS_SYNC_NOT_CONFIGURED = "synchronisation non configurée"
STATUS_PENDING_NONE = "0 modification en attente"
STATUS_PENDING_ONE = "1 modification en attente"
STATUS_PENDING_MANY = "{count} modifications en attente"
STATUS_PENDING_UNKNOWN = "modifications en attente : …"
#: Short forms, used only when the status line is wider than the terminal (80 columns).
STATUS_PENDING_SHORT = "{count} en attente"
STATUS_SYNC_NOT_CONFIGURED_SHORT = "synchro non configurée"
STATUS_SYNC_RUNNING_SHORT = "synchro…"
STATUS_SYNC_LOCAL_ERROR_SHORT = "synchro interrompue : {reason}"
STATUS_DEMO_SHORT = "démo"
STATUS_LAST_SYNC = "dernière synchronisation : {when}"

HELP_TITLE = "Aide — ars-tui"
# Paragraphs are single lines (the help panel wraps them to its width).
HELP_TEXT = (
    "[b]ars-tui[/b] suit, pour un territoire, les projets d'installation des professionnels de "
    "santé, les maisons de santé pluriprofessionnelles (MSP) et la couverture des soins urgents "
    "par les médecins correspondants du SAMU (MCS).\n\n"
    "Toutes les fiches sont enregistrées dans une base locale : l'application fonctionne sans "
    "connexion. Les modifications attendent dans la base et partiront à la prochaine "
    "synchronisation.\n\n"
    "[b]Touches[/b]\n"
    "  [b]F1[/b]        afficher ou fermer cette aide\n"
    "  [b]Ctrl+P[/b]    rechercher une commande\n"
    "  [b]Ctrl+Q[/b]    quitter l'application\n"
    "  [b]R[/b]         actualiser le tableau de bord\n"
    "  [b]Tab[/b]       passer à la zone suivante\n"
    "  [b]Échap[/b]     fermer une fenêtre\n\n"
    "[b]Barre d'état[/b] (en bas) : connexion, modifications en attente d'envoi et date de la "
    "dernière synchronisation.\n\n"
    "Pour remplir une base d'essai : [b]ars-tui demo --db essai.db[/b]"
)


# --- First-run set-up (screens/setup.py) ----------------------------------------------------------

SETUP_TITLE = "Bienvenue dans ars-tui"
SETUP_INTRO = (
    "Votre nom signe chacune de vos modifications (historique, synchronisation). "
    "L'ARS est celle des fiches que vous suivez ; le jeton de synchronisation la confirmera."
)
SETUP_NAME = "Votre nom (Prénom Nom)"
SETUP_NAME_PLACEHOLDER = "Marie Payet"
SETUP_EMAIL = "Votre courriel (facultatif)"
SETUP_EMAIL_PLACEHOLDER = "prenom.nom@ars.sante.fr"
SETUP_ARS = "Votre ARS"
SETUP_ARS_PROMPT = "Choisir l'ARS"
SETUP_SAVE = "Enregistrer"
SETUP_NAME_REQUIRED = "Indiquez votre nom : il signe vos modifications."
SETUP_NAME_MAX = 80
SETUP_NAME_TOO_LONG = "Le nom ne peut pas dépasser {max_length} caractères."
SETUP_ARS_REQUIRED = "Choisissez votre ARS."
SETUP_SAVE_FAILED = "Impossible d'enregistrer la configuration : {reason}"
