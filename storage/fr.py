"""Every French text the user reads, in one place (storage is the one package all layers import).

Labels of workflow states live beside their workflows, in ``workflows.toml``. Everything else the
user sees, CLI help, screen titles, field labels, validation messages, is here. Messages with
placeholders use ``str.format`` names.
"""

from __future__ import annotations

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
