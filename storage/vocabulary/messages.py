"""Messages of validation, of the store, of the field rules and of storage failures.

No message repeats the value of a personal field (RPPS, téléphone, courriel): they may end
up in a log or a screenshot.
"""


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
MSG_NOT_A_SINGLE_VALUE = "{label} : une seule valeur attendue (texte, nombre ou date)."
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


# --- Identifiers, typed values, record checks and territory rules ---------------------------------
# (storage/identifiers.py, storage/validation.py, storage/rules.py). No message repeats the value
# of a personal field (RPPS, téléphone, courriel): they may end up in a log or a screenshot.

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
