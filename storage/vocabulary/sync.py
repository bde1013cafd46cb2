"""Texts of the sync engine's log and quarantine, and those the CLI and the screens share
about sync and settings (storage is the layer both may import).
"""


# --- Application shell and dashboard (ars_tui/app.py, screens/home.py, screens/help.py) ---------

STATUS_NEVER = "jamais"


# --- Sync client (storage/sync_state.py, ars_tui/sync/, ars_tui/cli_sync.py, screens/sync/,
# screens/sync/conflicts.py, screens/sync/to_fix.py) ---

SYNC_LOG_CONFLICTS = "{count} modification(s) en conflit avec le serveur."
SYNC_LOG_REJECTED = "{count} modification(s) refusée(s) par le serveur."
SYNC_LOG_RESYNC = "Le serveur demande un nouveau téléchargement complet : il est relancé."
SYNC_LOG_RESYNC_DELETED = (
    "Téléchargement complet terminé : {count} fiche(s) supprimée(s) sur le serveur "
    "entre-temps le sont aussi sur cet appareil."
)
SYNC_LOG_RESOLVED = "Conflit résolu."
SYNC_LOG_DISCARDED = "Modification refusée abandonnée."
SYNC_LOG_RESENT = "Modification corrigée, renvoyée."
SYNC_CONFLICT_GONE = "Cette modification n'est plus en attente de décision (déjà traitée ?)."


# --- First-run set-up (screens/setup.py) ----------------------------------------------------------

CONFIG_BAD_EMAIL = "adresse de courriel invalide (exemple : prenom.nom@ars.sante.fr)"
SYNC_NOT_CONFIGURED = (
    "synchronisation non configurée : indiquez le serveur et le jeton "
    "(ars-tui config set server URL, ars-tui config set token JETON, "
    "ou --server / --token, ou ARS_TUI_SERVER / ARS_TUI_TOKEN)"
)


# --- Workers' error policy (screens/workers.py, ArsTuiApp._worker_failed) ---

SYNC_QUARANTINE_REQUIRED = "Fiche reçue du serveur sans valeur pour : {fields}."
SYNC_QUARANTINE_UNIQUE = "Fiche reçue du serveur en double d'une fiche de l'appareil ({fields})."
SYNC_QUARANTINE_CONSTRAINT = "Fiche reçue du serveur refusée par une règle de la base locale."
SYNC_QUARANTINE_UNREADABLE = "Fiche reçue du serveur illisible par cette version."
SYNC_QUARANTINE_KIND = "reçue, à examiner"
SYNC_LOG_QUARANTINED = "{count} fiche(s) reçue(s) mise(s) de côté, à examiner dans À corriger."
SYNC_LOG_QUARANTINE_DISCARDED = "Fiche reçue mise de côté abandonnée : l'appareil garde sa version."
SYNC_LOG_QUARANTINE_RESENT = "Fiche reçue corrigée : la correction sera envoyée."
