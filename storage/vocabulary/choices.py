"""The closed lists of legal codes (``CHOICES``): code stored -> French label.

Validation accepts a code or its label; the forms offer the labels.
"""


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


CHOICES["installation_project.zoning_class"] = CHOICES["zone_class"]


def choices_for(entity: str, field: str) -> dict[str, str] | None:
    """The closed list of values of ``entity.field``, if it has one."""
    return CHOICES.get(f"{entity}.{field}") or CHOICES.get(field)
