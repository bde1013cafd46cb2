"""Issue 12, "Missions and urgent-care coverage checked".

Each test names the sentence of the issue (or of docs/DOMAIN.md) it follows.
"""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import text

from storage.db import Database, read_connection
from storage.queries.coverage_effect import coverage_effect
from storage.records.rules import mission_indemnity_cents
from storage.records.store import Store
from storage.records.validation import ValidationError

CIVIS = "249740077"  # EPCI of Saint-Pierre (97416)
SAINT_PIERRE, SAINT_DENIS, CILAOS = "97416", "97411", "97424"


@pytest.fixture
def store(database: Database) -> Store:
    return Store(database.engine, user="test", ars_code="REU")


@pytest.fixture
def zone(store: Store) -> str:
    return store.create("priority_zone", {"epci_siren": CIVIS}, ars_code="REU")


def _pro(store: Store, profession: str = "medecin") -> str:
    return store.create(
        "professional", {"last_name": "Payet", "first_name": "Léa", "profession": profession}
    )


def _outbox(database: Database) -> int:
    with read_connection(database.engine) as connection:
        return int(connection.execute(text("SELECT COUNT(*) FROM outbox_op")).scalar_one())


def _mission(store: Store, zone: str, pro: str, **values: object) -> str:
    base = {
        "priority_zone_id": zone,
        "professional_id": pro,
        "commune_code": SAINT_PIERRE,
        "start_date": "10/02/2026",
        "end_date": "11/02/2026",
        "days": 2,
    }
    return store.create("solidarity_mission", {**base, **values})


# --- Missions -----------------------------------------------------------------------------------


def test_the_mission_commune_lies_in_the_zone_epci(
    database: Database, store: Store, zone: str
) -> None:
    """Issue: "Mission: the commune must lie in the zone prioritaire's EPCI"."""
    pro = _pro(store)
    before = _outbox(database)
    with pytest.raises(ValidationError) as refused:
        _mission(store, zone, pro, commune_code=SAINT_DENIS)
    assert refused.value.fields == {"commune_code"}
    assert "n'est pas dans la zone prioritaire" in str(refused.value)
    assert _outbox(database) == before
    assert _mission(store, zone, pro)


def test_the_volunteer_is_a_doctor(store: Store, zone: str) -> None:
    """Issue: "the volunteer is a doctor" (docs/DOMAIN.md: "médecin volontaire")."""
    nurse = _pro(store, "infirmier")
    with pytest.raises(ValidationError) as refused:
        _mission(store, zone, nurse)
    assert refused.value.fields == {"professional_id"}
    assert "Infirmier" in str(refused.value)


def test_ten_days_on_one_date_are_refused(store: Store, zone: str) -> None:
    """Issue: "days match the dates (10 days on one date is refused)"."""
    pro = _pro(store)
    with pytest.raises(ValidationError) as refused:
        _mission(store, zone, pro, start_date="10/02/2026", end_date="10/02/2026", days=10)
    assert refused.value.messages_for("days")[0] == (
        "Nombre de jours : 10 jours ne tiennent pas du 10/02/2026 au 10/02/2026"
        " (1 jour(s) au plus)."
    )
    # One date only (no end): the same.
    with pytest.raises(ValidationError):
        _mission(store, zone, pro, end_date=None, days=2)
    assert _mission(store, zone, pro, end_date=None, days=1)


def test_at_most_two_days_a_month_per_volunteer(store: Store, zone: str) -> None:
    """docs/DOMAIN.md: "Doctors volunteer for up to 2 days a month of mission de solidarité
    territoriale", with a clear message."""
    pro = _pro(store)
    first = _mission(store, zone, pro, start_date="03/03/2026", end_date="03/03/2026", days=1)
    with pytest.raises(ValidationError) as refused:
        _mission(store, zone, pro, start_date="20/03/2026", end_date="21/03/2026", days=2)
    assert refused.value.messages_for("days") == [
        "Nombre de jours : un médecin volontaire donne au plus 2 jours par mois de mission de"
        " solidarité territoriale ; 2 jour(s) ici, 1 déjà prévu(s) en mars 2026."
    ]
    second = _mission(store, zone, pro, start_date="20/03/2026", end_date="20/03/2026", days=1)
    # Another month, another doctor: free. Editing a mission does not count it twice.
    assert _mission(store, zone, pro, start_date="01/04/2026", end_date="02/04/2026", days=2)
    assert _mission(store, zone, _pro(store), start_date="20/03/2026", end_date="21/03/2026")
    store.update("solidarity_mission", second, {"consultations": 12})
    with pytest.raises(ValidationError):
        store.update("solidarity_mission", first, {"end_date": "04/03/2026", "days": 2})
    # A cancelled mission leaves its days free.
    store.transition("solidarity_mission", second, "annulee")
    store.update("solidarity_mission", first, {"end_date": "04/03/2026", "days": 2})


def test_the_indemnity_stays_days_times_200_euros(store: Store, zone: str) -> None:
    """Issue: "the indemnity stays days x 200 €" (docs/DOMAIN.md)."""
    assert mission_indemnity_cents(2) == 40_000


# --- Coverage -----------------------------------------------------------------------------------


def _coverage(store: Store, **values: object) -> str:
    base = {"commune_code": CILAOS, "as_of": "01/01/2026"}
    return store.create("urgent_care_coverage", {**base, **values})


def _population(database: Database, commune: str) -> int:
    with read_connection(database.engine) as connection:
        return int(
            connection.execute(
                text("SELECT population FROM commune WHERE code = :c"), {"c": commune}
            ).scalar_one()
        )


def test_population_beyond_30_min_cannot_exceed_the_commune(
    database: Database, store: Store
) -> None:
    """Issue: "population beyond 30 min cannot exceed the commune's (or localité's)
    population"."""
    population = _population(database, CILAOS)
    before = _outbox(database)
    with pytest.raises(ValidationError) as refused:
        _coverage(store, population_beyond_30min=population + 1)
    assert refused.value.fields == {"population_beyond_30min"}
    with pytest.raises(ValidationError):  # a localité lies in its commune
        _coverage(store, localite="Îlet à Cordes", population_beyond_30min=population + 1)
    assert _outbox(database) == before
    assert _coverage(store, population_beyond_30min=population)


def test_population_brought_under_30_min_cannot_exceed_the_population_beyond(
    store: Store,
) -> None:
    """Issue: "the population brought under 30 min by MCS cannot exceed the population beyond
    30 min"."""
    with pytest.raises(ValidationError) as refused:
        _coverage(store, population_beyond_30min=500, population_covered_by_mcs=600)
    assert refused.value.messages_for("population_covered_by_mcs") == [
        "Population ramenée sous 30 min par les MCS : 600, plus que la population à plus de"
        " 30 min (500)."
    ]
    assert _coverage(store, population_beyond_30min=500, population_covered_by_mcs=500)


def test_adding_an_active_mcs_shows_its_effect_or_why_not(database: Database, store: Store) -> None:
    """Issue: "Adding an active MCS for a commune shows its effect or says why not"."""
    pro = _pro(store)
    mcs = store.create(
        "mcs", {"professional_id": pro, "samu_attachment": "SAMU 974", "status": "actif"}
    )
    candidate = store.create(
        "mcs", {"professional_id": pro, "samu_attachment": "SAMU 974", "status": "candidat"}
    )
    store.create("mcs_commune", {"mcs_id": mcs, "commune_code": CILAOS})
    on = date(2026, 3, 1)

    def effect(mcs_id: str, localite: str | None = None) -> str:
        with read_connection(database.engine) as connection:
            return coverage_effect(connection, mcs_id, CILAOS, localite, on)

    assert effect(candidate).startswith("Ce MCS n'est pas actif")
    assert effect(mcs).startswith("Aucune mesure de couverture pour Cilaos")
    _coverage(store, population_beyond_30min=1_200, population_covered_by_mcs=300, active_mcs=1)
    assert effect(mcs) == (
        "Cilaos : 1\u00a0200 habitants à plus de 30 min (mesure du 01/01/2026), dont 300 ramenés"
        " sous 30 min par 1 MCS ; 1 MCS actifs la couvrent désormais, 900 habitants restent à"
        " couvrir : mettez la mesure à jour."
    )
    _coverage(store, localite="Îlet à Cordes", population_beyond_30min=0)
    assert "personne à plus de 30 min" in effect(mcs, "Îlet à Cordes")
