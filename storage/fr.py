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
    "regional_objective": "Objectif régional",
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
    "allowance_end_date": "Fin de l'allocation",
    "practice_start_date": "Début d'exercice dans le lieu choisi",
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
    "retained_by_ars": "Retenu par l'ARS",
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
        # Contracts of 2015-2020 that the CDE replaced (history of the region).
        "ptma": "PTMA (historique, avant le CDE)",
        "ptmr": "PTMR (historique, avant le CDE)",
        "pias": "PIAS (historique, avant le CDE)",
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
    # The dashboard indicators an ARS can set itself an objective for (storage.dashboard).
    "regional_objective.indicator": {
        "msp_nombre": "MSP en fonctionnement",
        "mcs_nombre": "Médecins correspondants du SAMU actifs",
        "installations_aidees": "Installations avec garantie de revenus (PTMG, CDE)",
        "ptmg_signes": "PTMG signés",
        "cesp_signes": "CESP signés",
        "assistants_medicaux_contrats": "Contrats d'assistants médicaux",
        "zones_prioritaires": "Zones prioritaires (EPCI)",
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
MSG_PARENT_OTHER_ARS = (
    "{label} : la fiche choisie relève d'une autre ARS que celle-ci ;"
    " choisissez une fiche du même territoire."
)
MSG_ARS_REQUIRED = "ARS : impossible de savoir à quelle ARS rattacher cette fiche."
MSG_OUTSIDE_DEVICE_ARS = (
    "Cette fiche relève de l'{record_ars}, hors du territoire de votre ARS ({ars}) :"
    " elle ne peut pas être enregistrée sur cet appareil."
)
MSG_OI_OTHER_HEIR = (
    "Les fiches de l'ARS Océan Indien de ce département sont tenues par l'{ars} :"
    " elles ne peuvent pas être modifiées sur cet appareil."
)
MSG_OI_AFTER_2019 = (
    "L'ARS Océan Indien a cessé le 31/12/2019 : une fiche à son nom doit être datée"
    " de 2019 au plus tard."
)
MSG_NATURAL_KEY_TAKEN = "{entity} : il en existe déjà une pour ces {fields}."
MSG_NO_WORKFLOW = "Ce type de fiche n'a pas de circuit de statuts."
MSG_REQUIRED_FOR_STATE = "{label} : obligatoire pour passer au statut « {state} »."

# --- Rules of the field (storage.contract_rules, storage.field_rules) ----------------------------

MSG_REPLACED_BY_CDE = (
    "{label} : {value} ; le {kind} a été remplacé par le contrat de début d'exercice (CDE) le "
    "{date} et ne peut plus être signé depuis. Enregistrez un CDE, ou indiquez la date de "
    "signature si le contrat a été signé avant."
)
MSG_ZONING_ENTRY_OTHER_ARS = (
    "Commune : {code} relève de l'ARS {ars} à la date d'effet de l'arrêté {number}, qui est un "
    "arrêté de l'ARS {order_ars} ; un arrêté ne zone que les communes de son ARS."
)
MSG_MISSION_COMMUNE_OUT_OF_ZONE = (
    "Commune : {code} n'est pas dans la zone prioritaire de la mission ({epci}, SIREN {siren}) ; "
    "une mission de solidarité territoriale a lieu dans l'EPCI de sa zone."
)
MSG_MISSION_NOT_A_DOCTOR = (
    "Professionnel : une mission de solidarité territoriale est faite par un médecin ; ce "
    "professionnel est « {profession} »."
)
MSG_MISSION_DAYS_OVER_DATES = (
    "Nombre de jours : {days} jours ne tiennent pas du {start} au {end} ({span} jour(s) au plus)."
)
MSG_MISSION_DAYS_A_MONTH = (
    "Nombre de jours : un médecin volontaire donne au plus {limit} jours par mois de mission de "
    "solidarité territoriale ; {days} jour(s) ici, {already} déjà prévu(s) en {month}."
)
MSG_COVERAGE_ABOVE_POPULATION = (
    "Population à plus de 30 min : {value} habitants, plus que la population de la commune "
    "{code} ({population})."
)
MSG_COVERAGE_COVERED_ABOVE_BEYOND = (
    "Population ramenée sous 30 min par les MCS : {value}, plus que la population à plus de "
    "30 min ({beyond})."
)
COVERAGE_EFFECT_TITLE = "Couverture des soins urgents"
COVERAGE_EFFECT_NOT_ACTIVE = (
    "Ce MCS n'est pas actif : la couverture de {place} ne changera qu'une fois le MCS « Actif »."
)
COVERAGE_EFFECT_NO_MEASURE = (
    "Aucune mesure de couverture pour {place} : saisissez la population à plus de 30 min des "
    "soins urgents pour voir l'effet de ce MCS."
)
COVERAGE_EFFECT_NOBODY_BEYOND = (
    "{place} : personne à plus de 30 min des soins urgents (mesure du {date}) ; ce MCS ne "
    "change pas la population à couvrir."
)
COVERAGE_EFFECT = (
    "{place} : {beyond} habitants à plus de 30 min (mesure du {date}), dont {covered} ramenés "
    "sous 30 min par {measured} MCS ; {now} MCS actifs la couvrent désormais, {left} habitants "
    "restent à couvrir : mettez la mesure à jour."
)
MSG_ABOVE_LIMIT = "{label} : {value} dépasse le plafond du {what} ({limit} brut par mois)."
MSG_CDE_HALF_DAYS = (
    "{label} : un CDE demande au moins {minimum} demi-journées d'activité par semaine "
    "(reçu {value})."
)
MSG_CESP_PROFESSION = (
    "Professionnel : le CESP est réservé aux futurs {allowed} ; ce professionnel est "
    "« {profession} »."
)

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


_VOWELS = frozenset("AEIOUYÀÂÉÈÊËÎÏÔÛÜaeiouyàâéèêëîïôûü")


def of_place(name: str) -> str:
    """ "de" + a place name with French elision and contraction: "du Tampon", "des Avirons",
    "d'Acoua", "de La Possession", "de Saint-Denis"."""
    if name.startswith("Le "):
        return "du " + name[3:]
    if name.startswith("Les "):
        return "des " + name[4:]
    if name[:1] in _VOWELS:
        return "d'" + name
    return "de " + name


def format_date(value: date | None) -> str:
    """A date as JJ/MM/AAAA (a datetime shows its date only); empty text for no date."""
    return value.strftime("%d/%m/%Y") if value is not None else ""


MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip


def format_month(value: date) -> str:
    """A month as French write it: ``format_month(date(2025, 3, 9))`` -> ``"mars 2025"``."""
    return f"{MONTHS[value.month - 1]} {value.year}"


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
#: Short forms, used only when the status line is wider than the terminal (80 columns).
STATUS_PENDING_SHORT = "{count} en attente"
STATUS_SYNC_NOT_CONFIGURED_SHORT = "synchro non configurée"
STATUS_SYNC_RUNNING_SHORT = "synchro…"
STATUS_SYNC_LOCAL_ERROR_SHORT = "synchro interrompue : {reason}"
STATUS_DEMO_SHORT = "démo"
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
FIELD_LABELS.setdefault("indicator", "Indicateur")
FIELD_LABELS.setdefault("value", "Valeur visée")
FIELD_LABELS.setdefault("source", "Source (texte de l'ARS)")
FIELD_LABELS.setdefault("finess_legal", "N° FINESS juridique")
FIELD_LABELS.setdefault("practice_places", "Lieux d'exercice (Annuaire Santé)")

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
MSG_DATE_IN_FUTURE = "{label} : ne peut pas être dans le futur ({value} ; aujourd'hui {today})."
MSG_MCS_NOT_PHYSICIAN = (
    "{label} : un médecin correspondant du SAMU est un médecin (ce professionnel : {profession})."
)
MSG_MAIN_SITE_TAKEN = (
    "{label} : cette MSP a déjà un site principal ; un seul site principal par MSP."
)
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

# --- Reliability: storage failures (storage/db.py) ----------------------------------------------

#: Why a database could not be read or written, by SQLite's primary result code (the driver's
#: English words never reach the user; neither do the SQL nor its values).
DB_REASONS: dict[str, str] = {
    "SQLITE_NOTADB": "ce fichier n'est pas une base ars-tui, ou il est chiffré",
    "SQLITE_CORRUPT": "la base est endommagée, fichier tronqué ou altéré ; "
    "restaurez une sauvegarde",
    "SQLITE_READONLY": "la base est en lecture seule : "
    "vérifiez les droits du fichier et du dossier",
    "SQLITE_CANTOPEN": "le fichier ne peut pas être ouvert : "
    "vérifiez le chemin et les droits du dossier",
    "SQLITE_FULL": "le disque est plein ; libérez de la place puis recommencez",
    "SQLITE_IOERR": "erreur de lecture ou d'écriture sur le disque",
    "SQLITE_PERM": "accès refusé",
    "SQLITE_BUSY": "la base est occupée par un autre programme ; réessayez",
    "SQLITE_LOCKED": "la base est occupée par un autre programme ; réessayez",
}
#: The same for the system's errors (errno names), met before SQLite opens the file.
OS_REASONS: dict[str, str] = {
    "ENOSPC": DB_REASONS["SQLITE_FULL"],
    "EDQUOT": "le quota du disque est atteint",
    "EACCES": "accès refusé : vérifiez les droits du fichier et du dossier",
    "EPERM": "accès refusé : vérifiez les droits du fichier et du dossier",
    "EROFS": "le disque est en lecture seule",
    "EEXIST": "un élément du chemin est un fichier, pas un dossier",
    "ENOTDIR": "un élément du chemin est un fichier, pas un dossier",
    "EISDIR": "ce chemin est un dossier, pas un fichier",
    "ENAMETOOLONG": "le chemin est trop long",
    "EIO": DB_REASONS["SQLITE_IOERR"],
    "ENOENT": "ce fichier ou ce dossier n'existe pas",
}
DB_REASON_OTHER = "erreur de la base, code {code}"
OS_REASON_OTHER = "erreur du système, code {code}"
CLI_CANNOT_WRITE_DB = "impossible d'écrire dans la base {path} ({reason}) ; rien n'a été modifié"

# --- Sync client (storage/sync_state.py, ars_tui/sync/, ars_tui/cli_sync.py, screens/sync.py,
# screens/conflicts.py, screens/to_fix.py) ---

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
SYNC_LOG_ROUND = (
    "{sent} envoyée(s), {received} reçue(s), {conflicts} conflit(s), {to_fix} à corriger."
)
SYNC_CONFLICT_GONE = "Cette modification n'est plus en attente de décision (déjà traitée ?)."
CONFIG_UNREADABLE = "impossible de lire le fichier de configuration {path} ({reason})"
CONFIG_UNKNOWN_KEY = "clé inconnue « {key} » (clés possibles : {keys})"
CONFIG_EMPTY_VALUE = "la valeur de « {key} » ne peut pas être vide"
CONFIG_BAD_SERVER = (
    "adresse de serveur invalide « {value} » : elle commence par http:// ou https://"
)
CONFIG_NOT_SET = "(non défini)"

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
CONFIG_NAME_TOO_LONG = "le nom ne peut pas dépasser {max_length} caractères"
CONFIG_BAD_EMAIL = "adresse de courriel invalide (exemple : prenom.nom@ars.sante.fr)"
CONFIG_TOKEN_MASKED = "{start}… ({length} caractères, masqué)"
SYNC_ALREADY_RUNNING = "synchronisation déjà en cours pour cette base ; réessayez dans un instant"
SYNC_NOT_CONFIGURED = (
    "synchronisation non configurée : indiquez le serveur et le jeton "
    "(ars-tui config set server URL, ars-tui config set token JETON, "
    "ou --server / --token, ou ARS_TUI_SERVER / ARS_TUI_TOKEN)"
)
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

CENTRAL_UNKNOWN_ARS = "ARS inconnue : « {code} ». Codes admis : {known}."
CENTRAL_NAME_REQUIRED = "Nom de l'appareil : obligatoire."
CENTRAL_NAME_TOO_LONG = "Nom de l'appareil : {limit} caractères au plus."
CENTRAL_NAME_IN_USE = (
    "Un jeton en service existe déjà pour l'appareil « {name} » ; révoquez-le d'abord "
    "(ars-tui token revoke {name})."
)
CENTRAL_NO_SUCH_TOKEN = "Aucun jeton en service ne porte le nom ou le numéro « {key} »."
# HTTP error messages (ErrorBody.message)
CENTRAL_UNAUTHORIZED = "Jeton absent ou inconnu : vérifiez le jeton configuré sur cet appareil."
CENTRAL_REVOKED = (
    "Ce jeton a été révoqué : demandez un nouveau jeton à l'administrateur. "
    "Les données de l'appareil sont conservées."
)
CENTRAL_FORBIDDEN_OP = (
    "Envoi refusé : une modification concerne une ARS hors du périmètre de ce jeton ; "
    "rien n'a été enregistré."
)
CENTRAL_FORBIDDEN_RECORD = (
    "Envoi refusé : une modification vise une fiche d'une ARS hors du périmètre de ce jeton ; "
    "rien n'a été enregistré."
)
CENTRAL_RESYNC_REQUIRED = (
    "Les données de cet appareil sont trop anciennes pour une mise à jour partielle : "
    "téléchargez de nouveau tout (les modifications en attente sont conservées)."
)
CENTRAL_TOO_MANY_OPS = "Envoi trop gros : {count} modifications, {limit} au plus par envoi."
CENTRAL_BODY_TOO_LARGE = "Envoi trop volumineux : {limit} octets au plus par envoi."
CENTRAL_UPGRADE_REQUIRED = (
    "Version d'ars-tui trop ancienne pour ce serveur (protocole {minimum} au moins) : "
    "mettez l'application à jour."
)
CENTRAL_INVALID_REQUEST = "Requête mal formée : {detail}."
CENTRAL_INVALID_JSON = "le corps n'est pas du JSON valide"
CENTRAL_INVALID_GZIP = "le corps compressé (gzip) est illisible"
CENTRAL_INVALID_ENCODING = "encodage « {encoding} » non pris en charge (gzip ou aucun)"
CENTRAL_INVALID_FIELDS = "champs invalides : {fields}"
CENTRAL_NOT_FOUND = "Adresse inconnue sur ce serveur."
CENTRAL_METHOD_NOT_ALLOWED = "Méthode non admise pour cette adresse."
CENTRAL_UNAVAILABLE = "Serveur momentanément indisponible : nouvel essai dans {seconds} s."
CENTRAL_HTTP_ERROR = "Erreur HTTP {status}."
CENTRAL_INTERNAL_ERROR = "Erreur interne du serveur : l'envoi sera refait plus tard."
# Per-op reasons (Result.reason): never quote a value the user typed.
CENTRAL_UNSTORABLE_DETAIL = "une valeur que la base du serveur ne peut pas enregistrer"
CENTRAL_REASON_OUT_OF_SCOPE = (
    "Fiche hors du territoire de votre jeton : cette modification n'a pas été appliquée."
)
CENTRAL_REASON_RULES = "Refusée par les contrôles de saisie : {fields}."
CENTRAL_REASON_RULES_RECORD = "Refusée par les contrôles de saisie de la fiche."
CENTRAL_REASON_TERRITORY = "Fiche refusée pour son territoire (ARS ou département)."
CENTRAL_REASON_NATURAL_KEY = "{entity} : le serveur en a déjà une pour ces {fields}."
CENTRAL_REASON_UNSTORABLE = "Valeur impossible à enregistrer (caractère nul) pour : {fields}."
CENTRAL_REASON_BAD_ID = "Identifiant de modification ou de fiche invalide (36 caractères au plus)."
#: Who made a change, as the server records it: the declared person and the token's device.
CENTRAL_AUTHOR = "{person} ({device})"
CENTRAL_REASON_BAD_USER = "Auteur de la modification absent ou trop long (120 caractères au plus)."
CENTRAL_REASON_UNKNOWN_KIND = "Type de modification inconnu : « {kind} »."
CENTRAL_REASON_UNKNOWN_ENTITY = "Type de fiche inconnu du serveur : « {entity} »."
CENTRAL_REASON_UNKNOWN_FIELDS = "Champs inconnus du serveur : {fields}."
CENTRAL_REASON_BAD_VALUES = "Valeurs refusées pour : {fields}."
CENTRAL_REASON_EMPTY_UPDATE = "Modification vide : aucun champ à changer."
CENTRAL_REASON_OTHER_ARS = "La fiche appartient à une autre ARS que celle de la modification."
CENTRAL_REASON_EXISTS = "Une fiche avec cet identifiant existe déjà sur le serveur."
CENTRAL_REASON_UNKNOWN_RECORD = "Fiche inconnue du serveur (jamais reçue, ou purgée)."
CENTRAL_REASON_DELETED_BY = "Fiche supprimée par {by} le {date}."
CENTRAL_REASON_CHANGED_BY = "Fiche modifiée entre-temps par {by} le {date}."
CENTRAL_REASON_BLOCKED = (
    "En attente : une modification précédente de la même fiche est en conflit ou refusée."
)
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

# --- Tableau de bord and Territoires (screens/home.py, screens/territories.py, widgets) ---------

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

# --- Sections: Aides et contrats, MSP, SAMU / MCS, Missions (screens/contracts.py, msp.py, ---
# --- samu.py, missions.py and their record pages) -------------------------------------------

#: Values a record page computes (shown like fields, never typed).
FIELD_LABELS.setdefault("commitment_end", "Fin (calculée)")
FIELD_LABELS.setdefault("commitment_rule", "Calcul de la fin")
FIELD_LABELS.setdefault("last_training", "Dernière formation")
FIELD_LABELS.setdefault("refresher_due", "Prochain recyclage")
FIELD_LABELS.setdefault("indemnity_cents", "Indemnité")

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
DETECTED_TITLE = "Installations détectées"
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
DETECTED_NOT_AN_ARRIVAL = (
    "Seule une arrivée ou un changement de commune devient un projet d'installation."
)
DETECTED_PROJECT_NOTE = "Installation détectée par l'annuaire (import du {day})."
IMPORT_SUMMARY_DRY_RUN = "Simulation (--dry-run) : rien n'a été écrit dans la base."

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
CLI_IMPORT_REFUSED = "{file} refusé : {count} erreur(s), rien n'a été écrit."
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
CLI_EXPORT_DONE = "Export « {kind} » : {count} fiche(s) de l'ARS {ars} écrite(s) dans {file}."
CLI_CANNOT_WRITE = "impossible d'écrire {path} ({reason})"
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
CLI_REPORT_DONE = "Rapport écrit : {file} (territoire : {territory})."
CLI_WEB_HELP = "ouvrir l'application dans un navigateur (serveur local)"
CLI_WEB_DESCRIPTION = (
    "Sert l'interface dans un navigateur (textual-serve) : chaque onglet ouvert sur l'adresse "
    "affichée lance l'application sur la base indiquée. Ctrl+C arrête le serveur."
)
CLI_WEB_PORT_HELP = "port d'écoute (par défaut : {default})"
CLI_WEB_HOST_HELP = "adresse d'écoute (par défaut : {default}, cette machine seulement)"
CLI_WEB_SERVING = "Application servie sur {url} (Ctrl+C pour arrêter)."

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
BINDING_SYNC = "Synchroniser"
STATUS_SYNC_RUNNING = "synchronisation…"
STATUS_DEMO = "données de démonstration"
DEMO_BANNER = (
    "Données de démonstration : fiches fictives créées par « ars-tui demo », arrêtés et "
    "chiffres compris ; rien ici n'est officiel."
)
REPORT_DEMO_TITLE = "{title} (données de démonstration)"
DEMO_FICTIONAL = " (fictif : données de démonstration)"
EXPORT_DEMO_HEADER = "Données"
EXPORT_DEMO_VALUE = "données de démonstration"
EXPORT_DEMO_NOTE = " Attention : données de démonstration (colonne « Données »)."
STATUS_CONFLICTS = "{count} conflit(s)"
STATUS_TO_FIX = "{count} à corriger"
STATUS_TO_EXAMINE = "{count} à examiner"
STATUS_SYNC_LOCAL_ERROR = "synchronisation interrompue : {reason}"
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
SYNC_QUARANTINE_REQUIRED = "Fiche reçue du serveur sans valeur pour : {fields}."
SYNC_QUARANTINE_UNIQUE = "Fiche reçue du serveur en double d'une fiche de l'appareil ({fields})."
SYNC_QUARANTINE_CONSTRAINT = "Fiche reçue du serveur refusée par une règle de la base locale."
SYNC_QUARANTINE_UNREADABLE = "Fiche reçue du serveur illisible par cette version."
SYNC_QUARANTINE_KIND = "reçue, à examiner"
SYNC_LOG_QUARANTINED = "{count} fiche(s) reçue(s) mise(s) de côté, à examiner dans À corriger."
SYNC_LOG_QUARANTINE_DISCARDED = "Fiche reçue mise de côté abandonnée : l'appareil garde sa version."
SYNC_LOG_QUARANTINE_RESENT = "Fiche reçue corrigée : la correction sera envoyée."
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


# --- Textual's own keys, in French (ars_tui/french_textual.py applies them) ----------------------
#: Every description Textual's widgets give their keys (F1 lists those of the focused widget).
TEXTUAL_BINDINGS: dict[str, str] = {
    "Bottom": "Aller en bas",
    "Copy": "Copier",
    "Cursor down": "Curseur en bas",
    "Cursor down select": "Sélectionner vers le bas",
    "Cursor left": "Curseur à gauche",
    "Cursor left select": "Sélectionner vers la gauche",
    "Cursor left word select": "Sélectionner jusqu'au mot précédent",
    "Cursor line end": "Fin de ligne",
    "Cursor line end select": "Sélectionner jusqu'à la fin de la ligne",
    "Cursor line start": "Début de ligne",
    "Cursor line start select": "Sélectionner jusqu'au début de la ligne",
    "Cursor page down": "Page suivante",
    "Cursor page up": "Page précédente",
    "Cursor right": "Curseur à droite",
    "Cursor right select": "Sélectionner vers la droite",
    "Cursor right word select": "Sélectionner jusqu'au mot suivant",
    "Cursor up": "Curseur en haut",
    "Cursor up select": "Sélectionner vers le haut",
    "Cursor word left": "Mot précédent",
    "Cursor word right": "Mot suivant",
    "Cut": "Couper",
    "Delete line": "Effacer la ligne",
    "Delete to line end": "Effacer jusqu'à la fin de la ligne",
    "Delete to line start": "Effacer jusqu'au début de la ligne",
    "End": "Fin",
    "Home": "Début",
    "Next option": "Option suivante",
    "Next tab": "Onglet suivant",
    "Open link": "Ouvrir le lien",
    "Page down": "Page suivante",
    "Page up": "Page précédente",
    "Paste": "Coller",
    "Previous option": "Option précédente",
    "Previous tab": "Onglet précédent",
    "Redo": "Rétablir",
    "Select line": "Sélectionner la ligne",
    "Toggle collapsible": "Déplier ou replier",
    "Toggle option": "Cocher ou décocher",
    "Top": "Aller en haut",
    "Undo": "Annuler la saisie",
    "Copy selected text": "Copier le texte sélectionné",
    "Cursor Down": "Descendre",
    "Cursor Up": "Monter",
    "Cursor to next ancestor": "Aller à l'ancêtre suivant",
    "Cursor to next sibling": "Aller à l'élément suivant",
    "Cursor to parent": "Aller au parent",
    "Cursor to previous sibling": "Aller à l'élément précédent",
    "Cut selected text": "Couper le texte sélectionné",
    "Delete all to the left": "Effacer tout à gauche",
    "Delete all to the right": "Effacer tout à droite",
    "Delete character left": "Effacer le caractère à gauche",
    "Delete character right": "Effacer le caractère à droite",
    "Delete left to start of word": "Effacer jusqu'au début du mot",
    "Delete right to start of word": "Effacer jusqu'au mot suivant",
    "Dismiss menu": "Fermer le menu",
    "Down": "Descendre",
    "Exit the command palette": "Fermer la palette de commandes",
    "Expand or collapse all": "Tout déplier ou replier",
    "First": "Premier",
    "Focus Next": "Champ suivant",
    "Focus Previous": "Champ précédent",
    "Go to bottom": "Aller en bas",
    "Go to end": "Aller à la fin",
    "Go to start": "Aller au début",
    "Go to top": "Aller en haut",
    "Last": "Dernier",
    "Move cursor left": "Curseur à gauche",
    "Move cursor left a word": "Mot précédent",
    "Move cursor left a word and select": "Sélectionner jusqu'au mot précédent",
    "Move cursor left and select": "Sélectionner vers la gauche",
    "Move cursor right a word": "Mot suivant",
    "Move cursor right a word and select": "Sélectionner jusqu'au mot suivant",
    "Move cursor right and select": "Sélectionner vers la droite",
    "Move cursor right or accept the completion suggestion": (
        "Curseur à droite ou accepter la suggestion"
    ),
    "Next command": "Commande suivante",
    "Next page": "Page suivante",
    "Page Down": "Page suivante",
    "Page Left": "Page à gauche",
    "Page Right": "Page à droite",
    "Page Up": "Page précédente",
    "Paste text from the clipboard": "Coller le presse-papiers",
    "Press button": "Appuyer sur le bouton",
    "Previous command": "Commande précédente",
    "Previous page": "Page précédente",
    "Quit": "Quitter",
    "Scroll Down": "Défiler vers le bas",
    "Scroll End": "Aller à la fin",
    "Scroll Home": "Aller au début",
    "Scroll Left": "Défiler vers la gauche",
    "Scroll Right": "Défiler vers la droite",
    "Scroll Up": "Défiler vers le haut",
    "Select": "Choisir",
    "Select all": "Tout sélectionner",
    "Select line end": "Sélectionner jusqu'à la fin",
    "Select line start": "Sélectionner jusqu'au début",
    "Show menu": "Ouvrir la liste",
    "Submit": "Valider",
    "Toggle": "Déplier ou replier",
    "Up": "Monter",
}
PALETTE_NO_MATCHES = "Aucune commande ne correspond"
