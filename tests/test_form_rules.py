"""Issue 11, rules a user expects (checked by the store, so forms, imports and sync agree):
an effective installation date is not in the future, an MCS is a physician, an MSP has one
principal site."""

from __future__ import annotations

from datetime import date

import pytest

import storage.records.validation
from storage.db import Database
from storage.records.identifiers import make_rpps
from storage.records.store import Store
from storage.records.validation import ValidationError

TODAY = date(2026, 12, 5)


@pytest.fixture
def store(database: Database, monkeypatch: pytest.MonkeyPatch) -> Store:
    monkeypatch.setattr(storage.records.validation, "today", lambda: TODAY)
    return Store(database.engine, user="c.payet", ars_code="REU")


def _professional(store: Store, profession: str, rpps_body: str) -> str:
    return store.create(
        "professional",
        {
            "last_name": "Grondin",
            "first_name": "Marie",
            "profession": profession,
            "rpps": make_rpps(rpps_body),
        },
    )


def _project(store: Store, **values: object) -> str:
    professional_id = _professional(store, "medecin", "1000000011")
    return store.create(
        "installation_project",
        {
            "professional_id": professional_id,
            "commune_code": "97415",
            "first_contact_date": "02/06/2025",
            **values,
        },
    )


def test_an_effective_installation_date_in_the_future_is_refused(store: Store) -> None:
    with pytest.raises(ValidationError) as refused:
        _project(store, installation_date="06/12/2026")
    assert refused.value.messages_for("installation_date") == [
        "Date d'installation effective : ne peut pas être dans le futur (06/12/2026 ; "
        "aujourd'hui 05/12/2026)."
    ]
    project_id = _project(store, installation_date="05/12/2026")  # today is fine
    with pytest.raises(ValidationError):
        store.update("installation_project", project_id, {"installation_date": "01/01/2027"})
    # A planned date may be in the future.
    store.update("installation_project", project_id, {"planned_installation_date": "01/01/2027"})


def test_an_mcs_must_be_a_physician(store: Store) -> None:
    psychologist = _professional(store, "psychologue", "1000000029")
    with pytest.raises(ValidationError) as refused:
        store.create("mcs", {"professional_id": psychologist, "samu_attachment": "SAMU 974"})
    assert refused.value.messages_for("professional_id") == [
        "Professionnel : un médecin correspondant du SAMU est un médecin "
        "(ce professionnel : Psychologue)."
    ]
    doctor = _professional(store, "medecin", "1000000037")
    store.create("mcs", {"professional_id": doctor, "samu_attachment": "SAMU 974"})


def test_one_principal_site_per_msp(store: Store) -> None:
    msp_id = store.create("msp_project", {"name": "MSP de Mafate"}, ars_code="REU")
    first = store.create(
        "msp_site", {"msp_id": msp_id, "commune_code": "97415", "is_main_site": True}
    )
    store.update("msp_site", first, {"localite": "Marla"})  # itself is not a second one
    with pytest.raises(ValidationError) as refused:
        store.create("msp_site", {"msp_id": msp_id, "commune_code": "97415", "is_main_site": True})
    assert refused.value.messages_for("is_main_site") == [
        "Site principal : cette MSP a déjà un site principal ; un seul site principal par MSP."
    ]
    second = store.create("msp_site", {"msp_id": msp_id, "commune_code": "97415"})
    with pytest.raises(ValidationError):
        store.update("msp_site", second, {"is_main_site": True})
    store.update("msp_site", first, {"is_main_site": False})
    store.update("msp_site", second, {"is_main_site": True})  # moved: fine
