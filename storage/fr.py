"""Every French text the user reads, in one place (storage is the one package all layers import).

Labels of workflow states live beside their workflows, in ``workflows.toml``. Everything else the
user sees, CLI help, screen titles, field labels, validation messages, is here. Messages with
placeholders use ``str.format`` names.
"""

from __future__ import annotations

from datetime import date

# --- Record types -------------------------------------------------------------------------------

ENTITY_LABELS: dict[str, str] = {
    "professional": "Professionnel",
    "installation_project": "Projet d'installation",
    "aid_contract": "Aide / contrat",
    "msp_project": "Projet de MSP",
    "msp_site": "Site de MSP",
    "msp_staffing": "Effectif de MSP",
    "msp_funding": "Financement de MSP",
    "mcs": "Médecin correspondant du SAMU",
    "mcs_training": "Formation MCS",
    "mcs_equipment": "Équipement MCS",
    "mcs_commune": "Commune couverte par un MCS",
    "mcs_intervention": "Intervention MCS",
    "urgent_care_coverage": "Couverture soins urgents",
    "zoning_order": "Arrêté de zonage",
    "zoning_entry": "Entrée d'arrêté de zonage",
    "priority_zone": "Zone prioritaire",
    "solidarity_mission": "Mission de solidarité territoriale",
    "cpts": "CPTS",
    "medical_assistant": "Assistant médical",
    "teleconsultation_booth": "Cabine de téléconsultation",
    "follow_up": "Journal de suivi",
}

# --- Field labels (shared by every record type, then per type where they differ) -----------------

FIELD_LABELS: dict[str, str] = {
    "last_name": "Nom",
    "first_name": "Prénom",
    "rpps": "RPPS",
    "profession": "Profession",
    "specialty": "Spécialité",
    "situation": "Situation",
    "phone": "Téléphone",
    "email": "Courriel",
    "consent_date": "Date d'information / consentement",
    "professional_id": "Professionnel",
    "commune_code": "Commune",
    "localite": "Localité",
    "practice_mode": "Mode d'exercice",
    "status": "Statut",
    "first_contact_date": "Date du premier contact",
    "planned_installation_date": "Date d'installation prévue",
    "installation_date": "Date d'installation effective",
    "zoning_class": "Zonage au moment du projet",
    "aids_requested": "Aides demandées",
    "aids_obtained": "Aides obtenues",
    "referent": "Référent",
    "next_action": "Prochaine action",
    "next_action_due": "Échéance",
    "notes": "Notes",
    "installation_project_id": "Projet d'installation",
    "kind": "Type",
    "funder": "Financeur",
    "start_date": "Date de début",
    "end_date": "Date de fin",
    "amount_cents": "Montant",
    "monthly_amount_cents": "Montant mensuel",
    "months_paid": "Mois d'allocation versés",
    "guaranteed_monthly_income_cents": "Revenu mensuel garanti",
    "monthly_complement_cap_cents": "Plafond mensuel du complément",
    "consultations_per_month": "Consultations par mois",
    "half_days_per_week": "Demi-journées par semaine",
    "secteur": "Secteur",
    "name": "Nom",
    "sponsor_kind": "Type de porteur",
    "sponsor_name": "Porteur",
    "health_themes": "Thèmes du projet de santé",
    "opening_date": "Date d'ouverture",
    "aci_signed_date": "Date de signature de l'ACI",
    "msp_id": "MSP",
    "qpv": "QPV",
    "finess": "FINESS",
    "is_main_site": "Site principal",
    "planned": "Prévus",
    "present": "Présents",
    "decision_date": "Date de décision",
    "samu_attachment": "SAMU / établissement de rattachement",
    "convention_date": "Date de la convention",
    "convention_number": "N° de convention",
    "availability": "Disponibilités",
    "mcs_id": "MCS",
    "training_date": "Date de formation",
    "item": "Matériel",
    "handed_over_date": "Date de remise",
    "expiry_date": "Date de péremption",
    "intervention_date": "Date d'intervention",
    "smur_engaged": "SMUR engagé",
    "as_of": "Date de la mesure",
    "population_beyond_30min": "Population à plus de 30 min",
    "active_mcs": "MCS actifs",
    "population_covered_by_mcs": "Population ramenée sous 30 min par les MCS",
    "number": "Numéro",
    "signed_date": "Date de signature",
    "effective_date": "Date d'effet",
    "method": "Méthode",
    "order_id": "Arrêté",
    "zone_class": "Classe de zonage",
    "tvs_code": "Code TVS",
    "tvs_name": "Territoire de vie-santé",
    "epci_siren": "EPCI (SIREN)",
    "year": "Année",
    "population": "Population",
    "priority_zone_id": "Zone prioritaire",
    "host_kind": "Type de lieu d'accueil",
    "host_name": "Lieu d'accueil",
    "days": "Nombre de jours",
    "consultations": "Consultations réalisées",
    "population_covered": "Population couverte",
    "employer_id": "Médecin employeur",
    "contract_date": "Date du contrat",
    "fte": "Temps de travail (ETP)",
    "underserved_area": "En zone sous-dense",
    "site_kind": "Type de site",
    "operator": "Opérateur",
    "cost_cents": "Coût",
    "installed_date": "Date d'installation",
    "entity": "Fiche",
    "entity_id": "Fiche",
    "event_date": "Date",
    "summary": "Résumé",
    "author": "Auteur",
}


def field_label(field: str) -> str:
    """The French label of a field, or the field's own name when none is known."""
    return FIELD_LABELS.get(field, field)


# --- Validation and store messages -------------------------------------------------------------

MSG_REQUIRED = "{label} : ce champ est obligatoire."
MSG_UNKNOWN_FIELD = "{label} : ce champ n'existe pas pour une fiche « {entity} »."
MSG_READ_ONLY_FIELD = "{label} : ce champ ne se modifie pas directement."
MSG_NOT_A_DATE = "{label} : « {value} » n'est pas une date (JJ/MM/AAAA)."
MSG_NOT_AN_INTEGER = "{label} : « {value} » n'est pas un nombre entier."
MSG_NOT_A_NUMBER = "{label} : « {value} » n'est pas un nombre."
MSG_NOT_A_BOOLEAN = "{label} : « {value} » n'est pas oui ou non."
MSG_NEGATIVE = "{label} : la valeur doit être positive ou nulle (reçu {value})."
MSG_TOO_LONG = "{label} : {max_length} caractères au plus."
MSG_NOT_IN_CHOICES = "{label} : « {value} » n'est pas une valeur possible ({choices})."
MSG_RECORD_NOT_FOUND = "{entity} introuvable (identifiant {record_id})."
MSG_RECORD_DELETED = "{entity} : cette fiche est supprimée ; restaurez-la avant de la modifier."
MSG_RECORD_NOT_DELETED = "{entity} : cette fiche n'est pas supprimée."
MSG_REFERENCE_NOT_FOUND = "{label} : aucune fiche « {entity} » avec cet identifiant."
MSG_ARS_UNKNOWN = "ARS inconnue : « {value} » (codes possibles : {choices})."
MSG_STATUS_BY_TRANSITION = (
    "{label} : le statut change par une transition du circuit, pas par une saisie directe."
)
MSG_NOTHING_TO_SAVE = "Aucune modification à enregistrer."
MSG_UNKNOWN_STATE = "{workflow} : « {state} » n'est pas un statut de ce circuit."
MSG_ILLEGAL_TRANSITION = (
    "{workflow} : passage de « {current} » à « {target} » impossible. Depuis « {current} », "
    "statuts possibles : {allowed}."
)
MSG_NO_TRANSITION_LEFT = "aucun (statut final)"

# --- Choice lists: "entity.field" (or "field" for every entity) -> {code stored: French label} ----

PROFESSIONS: dict[str, str] = {
    "medecin": "Médecin",
    "infirmier": "Infirmier(ère) (IDE)",
    "masseur_kinesitherapeute": "Masseur-kinésithérapeute",
    "pharmacien": "Pharmacien(ne)",
    "sage_femme": "Sage-femme",
    "chirurgien_dentiste": "Chirurgien-dentiste",
    "orthophoniste": "Orthophoniste",
    "psychologue": "Psychologue",
    "ipa": "Infirmier(ère) en pratique avancée (IPA)",
    "assistant_medical": "Assistant(e) médical(e)",
    "coordinateur": "Coordinateur(trice)",
    "podologue": "Pédicure-podologue",
    "dieteticien": "Diététicien(ne)",
}

CHOICES: dict[str, dict[str, str]] = {
    "professional.profession": PROFESSIONS,
    "professional.situation": {
        "etudiant": "Étudiant(e)",
        "interne": "Interne",
        "docteur_junior": "Docteur junior",
        "remplacant": "Remplaçant(e)",
        "installe_liberal": "Installé(e) en libéral",
        "salarie": "Salarié(e)",
        "retraite": "Retraité(e)",
    },
    "installation_project.practice_mode": {
        "liberal_seul": "Libéral seul",
        "groupe": "Cabinet de groupe",
        "msp": "MSP",
        "centre_de_sante": "Centre de santé",
        "salarie": "Salarié",
        "mixte": "Mixte",
    },
    "zone_class": {
        "ZIP": "Zone d'intervention prioritaire",
        "ZAC": "Zone d'action complémentaire",
        "ZV": "Zone de vigilance",
        "HZ": "Hors zonage",
    },
    "aid_contract.kind": {
        "cesp": "CESP",
        "ptmg": "PTMG",
        "cde": "Contrat de début d'exercice (CDE)",
        "assurance_maladie": "Aide de l'Assurance maladie",
        "collectivite": "Aide d'une collectivité",
    },
    "aid_contract.secteur": {"1": "Secteur 1", "2": "Secteur 2"},
    "msp_project.sponsor_kind": {
        "sisa": "SISA",
        "association": "Association",
        "collectivite": "Collectivité",
    },
    "msp_staffing.profession": {
        "mg": "Médecin généraliste",
        "ide": "Infirmier(ère) (IDE)",
        "mk": "Masseur-kinésithérapeute",
        "pharmacien": "Pharmacien(ne)",
        "sage_femme": "Sage-femme",
        "dentiste": "Chirurgien-dentiste",
        "orthophoniste": "Orthophoniste",
        "psychologue": "Psychologue",
        "ipa": "IPA",
        "assistant_medical": "Assistant(e) médical(e)",
        "coordinateur": "Coordinateur(trice)",
        "podologue": "Pédicure-podologue",
        "dieteticien": "Diététicien(ne)",
    },
    "msp_funding.funder": {
        "fir": "FIR (ARS)",
        "etat": "État",
        "detr_dsil": "DETR / DSIL",
        "region": "Région",
        "departement": "Département",
        "caisse_des_depots": "Caisse des dépôts (QPV)",
        "commune_epci": "Commune / EPCI",
        "europe": "Fonds européens",
    },
    "mcs_training.kind": {"initiale": "Formation initiale", "recyclage": "Recyclage annuel"},
    "solidarity_mission.host_kind": {
        "msp": "MSP",
        "centre_de_sante": "Centre de santé",
        "cabinet": "Cabinet",
    },
    "cpts.status": {
        "projet": "En projet",
        "lettre_intention": "Lettre d'intention validée",
        "aci_signe": "ACI signé",
        "en_fonctionnement": "En fonctionnement",
    },
    "medical_assistant.status": {
        "signe": "Contrat signé",
        "en_poste": "En poste",
        "termine": "Terminé",
    },
    "teleconsultation_booth.site_kind": {
        "pharmacie": "Pharmacie",
        "mairie": "Mairie",
        "ehpad": "EHPAD",
        "maison_france_services": "France services",
        "entreprise": "Entreprise",
        "centre_commercial": "Centre commercial",
        "autre": "Autre",
    },
    "teleconsultation_booth.status": {
        "projet": "En projet",
        "installee": "Installée",
        "en_service": "En service",
        "retiree": "Retirée",
    },
    "follow_up.kind": {
        "appel": "Appel",
        "reunion": "Réunion",
        "visite": "Visite",
        "courrier": "Courrier",
        "comite_ars": "Comité ARS",
        "courriel": "Courriel",
    },
}


def choices_for(entity: str, field: str) -> dict[str, str] | None:
    """The closed list of values of ``entity.field``, if it has one."""
    return CHOICES.get(f"{entity}.{field}") or CHOICES.get(field)


CHOICES["installation_project.zoning_class"] = CHOICES["zone_class"]

# --- Store messages ------------------------------------------------------------------------------

MSG_OTHER_ARS = (
    "Cette commune relève de l'ARS {ars} à cette date ; la fiche appartient à l'ARS {record_ars}."
)
MSG_ARS_REQUIRED = "ARS : impossible de savoir à quelle ARS rattacher cette fiche."
MSG_NO_WORKFLOW = "Ce type de fiche n'a pas de circuit de statuts."
MSG_REQUIRED_FOR_STATE = "{label} : obligatoire pour passer au statut « {state} »."

# --- Numbers and dates as the French read them (CLI, screens) ------------------------------------

#: Thousands separator: the no-break space (U+00A0). French typography prefers the narrow one
#: (U+202F), but terminal fonts do not all draw it; U+00A0 shows as a space everywhere and never
#: lets a number break across lines.
THOUSANDS_SEPARATOR = "\u00a0"


def format_int(value: int) -> str:
    """A whole number with grouped thousands: ``format_int(1234)`` -> ``"1 234"``."""
    return f"{value:,d}".replace(",", THOUSANDS_SEPARATOR)


def format_decimal(value: float, digits: int = 1) -> str:
    """A number with a decimal comma: ``format_decimal(1234.5)`` -> ``"1 234,5"``."""
    text = f"{value:,.{digits}f}"
    return text.replace(",", THOUSANDS_SEPARATOR).replace(".", ",")


def format_date(value: date | None) -> str:
    """A date as JJ/MM/AAAA (a datetime shows its date only); empty text for no date."""
    return value.strftime("%d/%m/%Y") if value is not None else ""


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
STATUS_LAST_SYNC = "dernière synchronisation : {when}"
STATUS_NEVER = "jamais"

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

# --- Identifiers, typed values, record checks and territory rules ---------------------------------
# (storage/identifiers.py, storage/validation.py, storage/rules.py). No message repeats the value
# of a personal field (RPPS, téléphone, courriel): they may end up in a log or a screenshot.

FIELD_LABELS.setdefault("ars_code", "ARS")

MSG_ID_LENGTH = "{label} : {expected} chiffres attendus, {actual} saisis."
MSG_ID_NOT_DIGITS = "{label} : seuls des chiffres sont admis."
MSG_ID_BAD_KEY = (
    "{label} : la clé de contrôle (dernier chiffre) ne correspond pas ; vérifiez la saisie."
)
MSG_FINESS_LENGTH = "{label} : 9 caractères attendus, {actual} saisis."
MSG_FINESS_DEPARTEMENT = (
    "{label} : « {prefix} » n'est pas un département (01 à 95, 2A, 2B, ou 97 suivi d'un chiffre)."
)
MSG_FINESS_NOT_DIGITS = (
    "{label} : après le département, seuls des chiffres sont admis (ex. 330781196, 2A0000014)."
)
MSG_COMMUNE_CODE_FORMAT = (
    "{label} : le code INSEE a 5 caractères : 5 chiffres, ou 2A / 2B suivi de 3 chiffres "
    "(ex. 97611, 2A004)."
)
MSG_NOT_AN_AMOUNT = "{label} : « {value} » n'est pas un montant en euros (ex. 1 200,50)."
MSG_NOT_FINITE = "{label} : « {value} » n'est pas un nombre fini."
MSG_OUT_OF_RANGE = "{label} : la valeur doit être comprise entre {low} et {high} (reçu {value})."
MSG_OUT_OF_RANGE_LOW_EXCLUDED = (
    "{label} : la valeur doit être supérieure à {low} et au plus {high} (reçu {value})."
)
MSG_UNKNOWN_COMMUNE = "{label} : aucune commune n'a le code INSEE « {value} »."
MSG_UNKNOWN_EPCI = "{label} : aucun EPCI n'a le SIREN « {value} »."
MSG_REFERENCE_DELETED = "{label} : la fiche « {entity} » liée est supprimée ; restaurez-la d'abord."
MSG_UNKNOWN_ENTITY = "{label} : « {value} » n'est pas un type de fiche."
MSG_DATE_BEFORE = "{label} : ne peut pas précéder « {other} » ({other_value})."
MSG_DATE_NOT_AFTER = "{label} : doit venir après « {other} » ({other_value})."
MSG_BAD_EMAIL = "{label} : adresse invalide (forme attendue : nom@domaine.fr)."
MSG_BAD_PHONE = (
    "{label} : numéro invalide (ex. 06 12 34 56 78, +33 6 12 34 56 78, +262 692 12 34 56)."
)
MSG_NO_ARS_FOR_COMMUNE = "{label} : aucune ARS ne couvre la commune « {value} »."

# --- Demo data generator (storage/demo.py) -------------------------------------------------------

MSG_DEMO_RECORDS_MIN = "Nombre de fiches : il en faut au moins 1 (reçu {value})."
MSG_DEMO_REAL_DATABASE = (
    "Cette base contient déjà des fiches qui ne sont pas des données de démonstration : rien n'y "
    "est ajouté. Choisissez une base à part, par exemple --db demo.db."
)
