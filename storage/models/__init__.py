"""All tables, importable from one place (Alembic's metadata and the store use this)."""

from storage.models.annuaire import AnnuaireChange, AnnuaireImport, AnnuairePresence
from storage.models.base import SYNC_COLUMNS, SyncedRecord
from storage.models.local import (
    FormDraft,
    HistoryEntry,
    LocalSetting,
    OutboxOp,
    RecordChange,
    SyncLogEntry,
    SyncQuarantine,
    SyncResyncPending,
    SyncShadow,
)
from storage.models.msp import MspFunding, MspProject, MspSite, MspStaffing
from storage.models.people import AidContract, InstallationProject, Professional
from storage.models.reference import (
    Ars,
    ArsDepartement,
    Commune,
    Departement,
    Epci,
    NationalIndicator,
    Region,
)
from storage.models.samu import (
    Mcs,
    McsCommune,
    McsEquipment,
    McsIntervention,
    McsTraining,
    UrgentCareCoverage,
)
from storage.models.territory import (
    Cpts,
    FollowUp,
    MedicalAssistant,
    PriorityZone,
    RegionalObjective,
    SolidarityMission,
    TeleconsultationBooth,
    ZoningEntry,
    ZoningOrder,
)

#: Every synced record type, by its entity name (the table name, also used on the wire).
RECORD_TYPES: dict[str, type[SyncedRecord]] = {
    model.__tablename__: model  # type: ignore[misc]
    for model in (
        Professional,
        InstallationProject,
        AidContract,
        MspProject,
        MspSite,
        MspStaffing,
        MspFunding,
        Mcs,
        McsTraining,
        McsEquipment,
        McsCommune,
        McsIntervention,
        UrgentCareCoverage,
        ZoningOrder,
        ZoningEntry,
        PriorityZone,
        SolidarityMission,
        Cpts,
        MedicalAssistant,
        TeleconsultationBooth,
        FollowUp,
        RegionalObjective,
    )
}

#: Every type the sync machinery carries: the records, and the history of their edits (which no
#: list, count or export shows as a record of its own).
HISTORY_ENTITY = "record_change"
SYNCED_TYPES: dict[str, type[SyncedRecord]] = {**RECORD_TYPES, HISTORY_ENTITY: RecordChange}

__all__ = [
    "HISTORY_ENTITY",
    "RECORD_TYPES",
    "SYNCED_TYPES",
    "SYNC_COLUMNS",
    "AidContract",
    "AnnuaireChange",
    "AnnuaireImport",
    "AnnuairePresence",
    "Ars",
    "ArsDepartement",
    "Commune",
    "Cpts",
    "Departement",
    "Epci",
    "FollowUp",
    "FormDraft",
    "HistoryEntry",
    "InstallationProject",
    "LocalSetting",
    "Mcs",
    "McsCommune",
    "McsEquipment",
    "McsIntervention",
    "McsTraining",
    "MedicalAssistant",
    "MspFunding",
    "MspProject",
    "MspSite",
    "MspStaffing",
    "NationalIndicator",
    "OutboxOp",
    "PriorityZone",
    "Professional",
    "RecordChange",
    "Region",
    "RegionalObjective",
    "SolidarityMission",
    "SyncLogEntry",
    "SyncQuarantine",
    "SyncResyncPending",
    "SyncShadow",
    "SyncedRecord",
    "TeleconsultationBooth",
    "UrgentCareCoverage",
    "ZoningEntry",
    "ZoningOrder",
]
