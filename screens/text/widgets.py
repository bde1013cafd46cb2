"""Text of the TUI core: lists, record pages, forms and pickers."""


# --- TUI core: lists, record pages, forms, pickers (screens/widgets, installations, pros) -------

YES = "Oui"
NO = "Non"
EMPTY_VALUE = "—"
#: Nouns for a list's row count: entity -> (singular, plural).
COUNT_NOUNS: dict[str, tuple[str, str]] = {
    "installation_project": ("projet", "projets"),
    "professional": ("professionnel", "professionnels"),
    "aid_contract": ("aide ou contrat", "aides et contrats"),
    "msp_project": ("projet de MSP", "projets de MSP"),
    "mcs": ("MCS", "MCS"),
    "solidarity_mission": ("mission", "missions"),
    "urgent_care_coverage": ("mesure de couverture", "mesures de couverture"),
    "follow_up": ("entrée", "entrées"),
}
LIST_COUNT = "{count} {noun}"
LIST_PAGE = "lignes {first}–{last}"
LIST_LOADING = "Chargement…"
LIST_FILTER_PLACEHOLDER = "Filtrer (nom, commune, localité…)"
LIST_SORTED_BY = "tri : {column} {direction}"
LIST_ASCENDING = "↑"
LIST_DESCENDING = "↓"
LIST_EMPTY = "Aucune fiche ne correspond."
LIST_FAILED = "Lecture de la liste impossible : {reason}"
LIST_ANY_STATUS = "Tous les statuts"
LIST_ANY_SITUATION = "Toutes les situations"
LIST_OVERDUE = "Échéance passée"
LIST_COMMUNE_FILTER = "Commune : {name}"
BINDING_NEXT_PAGE = "Page suivante"
BINDING_PREVIOUS_PAGE = "Page précédente"
BINDING_SORT = "Trier"
BINDING_SORT_REVERSE = "Inverser le tri"
BINDING_FILTER = "Filtrer"
BINDING_OPEN = "Ouvrir"
BINDING_NEW = "Nouveau"
BINDING_EDIT = "Modifier"
BINDING_STATUS = "Statut"
BINDING_JOURNAL = "Journal"
BINDING_BACK = "Retour"
BINDING_SAVE = "Enregistrer"
BINDING_CANCEL = "Annuler"
BINDING_COMMUNE_FILTER = "Commune"
BINDING_OVERDUE = "Échéances passées"
BINDING_CLEAR_FILTERS = "Effacer les filtres"

RECORD_LOADING = "Chargement de la fiche…"
RECORD_HISTORY = "Historique"
RECORD_JOURNAL = "Journal de suivi"
RECORD_NO_HISTORY = "Aucune modification enregistrée."
RECORD_NO_JOURNAL = "Aucune entrée au journal."
RECORD_DELETED = "Fiche supprimée"
HISTORY_COLUMNS = ("Date", "Par", "Champ", "Avant", "Après")
JOURNAL_COLUMNS = ("Date", "Type", "Résumé", "Prochaine action", "Échéance")
HISTORY_CREATED = "création"

FORM_NEW = "Nouvelle fiche : {entity}"
FORM_EDIT = "Modifier : {entity}"
FORM_SAVE = "Enregistrer"
FORM_CANCEL = "Annuler"
FORM_SAVED = "Fiche enregistrée."
FORM_SAVING = "Enregistrement…"
FORM_HAS_ERRORS = "La fiche n'est pas enregistrée : corrigez les champs signalés."
FORM_NO_CHOICE = "(non renseigné)"
FORM_DATE_PLACEHOLDER = "JJ/MM/AAAA"
FORM_NUMBER_PLACEHOLDER = "ex. 1 234,5"
FORM_SAVE_FAILED = "Enregistrement impossible : {reason}"
# Leaving a form with unsaved changes (Échap, Annuler, Ctrl+Q) asks first.
FORM_LEAVE_TITLE = "Modifications non enregistrées"
FORM_LEAVE_QUESTION = "Les modifications de cette fiche ne sont pas enregistrées."
FORM_LEAVE_SAVE = "Enregistrer"
FORM_LEAVE_DISCARD = "Abandonner les modifications"
FORM_LEAVE_CONTINUE = "Continuer la saisie"
# A draft kept while typing, offered back when the same form opens again.
FORM_DRAFT_TITLE = "Saisie non enregistrée"
FORM_DRAFT_QUESTION = "Reprendre la saisie du {day} à {time} ?"
FORM_DRAFT_RESUME = "Reprendre la saisie"
FORM_DRAFT_IGNORE = "Ignorer cette saisie"
FORM_COMMUNE_UNKNOWN = "{label} : commune inconnue « {value} » ; choisissez-la dans la liste."
FORM_PICK_UNCHOSEN = "{label} : rien n'est choisi ; choisissez dans la liste."
JOURNAL_NEW = "Nouvelle entrée au journal de suivi"
JOURNAL_SAVED = "Entrée ajoutée au journal."

PICKER_COMMUNE_PLACEHOLDER = "Commune (nom ou code INSEE)"
PICKER_LOCALITE_PLACEHOLDER = "Localité (facultatif)"
PICKER_PROFESSIONAL_PLACEHOLDER = "Professionnel (nom, prénom ou RPPS)"
PICKER_NO_MATCH = "Aucun résultat."
PICKER_OTHER_ARS = "Autres ARS…"
PICKER_COMMUNE_OPTION = "{name} ({code}) — {departement}"
PICKER_CHOSEN = "✔ {text}"
PICKER_RPPS_TAIL = "RPPS …{digits}"
PICKER_NOT_CHOSEN = "Entrée choisit la proposition en surbrillance (↓ ↑)."

STATUS_FIELDS_FOR = "Pour passer au statut « {status} », renseignez :"
STATUS_CONFIRM = "Valider"
STATUS_TITLE = "Changer le statut — actuellement « {current} »"
STATUS_NONE_LEFT = "Aucun changement de statut possible depuis « {current} » (statut final)."
STATUS_CHANGED = "Statut : « {status} »."
STATUS_NEEDS = "requiert : {fields}"

MSG_NOT_A_FRENCH_NUMBER = "« {value} » n'est pas un nombre (ex. 1 234,5)."
MSG_NOT_A_FRENCH_DATE = "« {value} » n'est pas une date (JJ/MM/AAAA)."

INSTALLATIONS_TITLE = "Projets d'installation"
PROFESSIONALS_TITLE = "Professionnels"
COLUMN_LABELS: dict[str, str] = {
    "professional_name": "Professionnel",
    "commune_name": "Commune",
    "localite": "Localité",
    "status": "Statut",
    "first_contact_date": "1er contact",
    "installation_date": "Installation",
    "next_action_due": "Échéance",
    "zoning_class": "Zonage",
    "last_name": "Nom",
    "first_name": "Prénom",
    "rpps": "RPPS",
    "profession": "Profession",
    "situation": "Situation",
}
COMMAND_NEW_INSTALLATION = ("Nouveau projet d'installation", "Créer un projet d'installation")
COMMAND_NEW_PROFESSIONAL = ("Nouveau professionnel", "Créer la fiche d'un professionnel")
#: Palette commands that open a section's own "new record" action.
COMMAND_NEW_IN_SECTION: dict[str, tuple[str, str]] = {
    "contracts": ("Nouvelle aide ou nouveau contrat", "Créer une aide (CESP, PTMG, CDE…)"),
    "msp": ("Nouveau projet de MSP", "Créer un projet de maison de santé pluriprofessionnelle"),
    "samu": ("Nouveau médecin correspondant du SAMU", "Créer la fiche d'un MCS"),
    "missions": ("Nouvelle mission de solidarité", "Créer une mission de solidarité territoriale"),
}
COMMAND_SYNC = ("Synchroniser maintenant", "Envoyer et recevoir les modifications (F5)")
KEYS_FILE_INVALID = "Fichier des touches {path} ignoré : {reason}"
KEYS_BAD_TOML = "ce n'est pas un fichier TOML valide"
KEYS_BAD_TABLE = '« [keys] » doit être une table : identifiant = "touche"'
KEYS_BAD_VALUE = 'la touche de « {binding} » doit être un texte, par exemple "f2"'
KEYS_UNREADABLE = "lecture impossible ({reason})"
HELP_KEYS_COLUMNS = ("Touche", "Action", "Identifiant")
HELP_BINDINGS_TITLE = "Toutes les touches (identifiant → touche, modifiable dans {path})"
