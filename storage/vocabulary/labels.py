"""French labels of the record types and of their fields."""


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


# --- Identifiers, typed values, record checks and territory rules ---------------------------------
# (storage/identifiers.py, storage/validation.py, storage/rules.py). No message repeats the value
# of a personal field (RPPS, téléphone, courriel): they may end up in a log or a screenshot.

FIELD_LABELS.setdefault("ars_code", "ARS")
FIELD_LABELS.setdefault("indicator", "Indicateur")
FIELD_LABELS.setdefault("value", "Valeur visée")
FIELD_LABELS.setdefault("source", "Source (texte de l'ARS)")
FIELD_LABELS.setdefault("finess_legal", "N° FINESS juridique")
FIELD_LABELS.setdefault("practice_places", "Lieux d'exercice (Annuaire Santé)")


# --- Sections: Aides et contrats, MSP, SAMU / MCS, Missions (screens/contracts/list.py, msp.py, ---
# --- samu.py, missions.py and their record pages) -------------------------------------------

#: Values a record page computes (shown like fields, never typed).
FIELD_LABELS.setdefault("commitment_end", "Fin (calculée)")
FIELD_LABELS.setdefault("commitment_rule", "Calcul de la fin")
FIELD_LABELS.setdefault("last_training", "Dernière formation")
FIELD_LABELS.setdefault("refresher_due", "Prochain recyclage")
FIELD_LABELS.setdefault("indemnity_cents", "Indemnité")


# --- Field labels (shared by every record type, then per type where they differ) -----------------


def field_label(field: str) -> str:
    """The French label of a field, or the field's own name when none is known."""
    return FIELD_LABELS.get(field, field)
