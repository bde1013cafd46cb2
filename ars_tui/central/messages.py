"""The central server's French messages: HTTP errors and per-change reasons.

Read as ``from ars_tui.central import messages as srv_tx``. Never quote a value the user typed.
"""


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
