"""Issue 12, "Contracts: every end date computed, every rule checked".

Each test names the sentence of the issue (or of docs/DOMAIN.md / the decree) it follows.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Connection, text

from storage.db import Database, read_connection, write_transaction
from storage.queries.contracts import contract_counts
from storage.queries.dashboard import dashboard_figures
from storage.queries.territories import Territory
from storage.records import contract_figures as rules_module
from storage.records.contract_rules import contract_end, contract_rules
from storage.records.store import Store
from storage.records.validation import ValidationError, validate_record

SAINT_PIERRE = "97416"
NOW = "2026-01-05 09:00:00.000000"
_ids = iter(range(1, 1_000_000))


def _insert(connection: Connection, table: str, ars: str, **values: object) -> str:
    """A record as a sync or an older version may have stored it (no validation)."""
    row = {
        "id": f"{table}-{next(_ids)}",
        "ars_code": ars,
        "version": 1,
        "updated_at": NOW,
        "updated_by": "test",
        "deleted": 0,
        **values,
    }
    marks = ", ".join(f":{column}" for column in row)
    connection.execute(text(f"INSERT INTO {table} ({', '.join(row)}) VALUES ({marks})"), row)
    return str(row["id"])


def _professional(connection: Connection, profession: str = "medecin") -> str:
    return _insert(
        connection,
        "professional",
        "REU",
        last_name="Payet",
        first_name="Léa",
        profession=profession,
        situation="installe_liberal",
        search_key="",
    )


@pytest.fixture
def store(database: Database) -> Store:
    return Store(database.engine, user="test", ars_code="REU")


@pytest.fixture
def doctor(database: Database) -> str:
    """A doctor's record id (written straight into the table)."""
    with write_transaction(database.engine) as c:
        return _professional(c)


def _refusal(store: Store, values: dict[str, object], field: str, value: str) -> list[str]:
    """The messages for ``field`` when an aid of ``values`` with ``field`` = ``value`` is refused
    (fails if it is not)."""
    with pytest.raises(ValidationError) as refused:
        store.create("aid_contract", {**values, field: value})
    return refused.value.messages_for(field)


def _outbox(database: Database) -> int:
    with read_connection(database.engine) as connection:
        return int(connection.execute(text("SELECT COUNT(*) FROM outbox_op")).scalar_one())


# --- Ends computed, en cours counted by dates ---------------------------------------------------


def test_a_ptmg_and_a_cde_ending_on_1_march_2027_end_soon_on_the_dashboard_too(
    database: Database,
) -> None:
    """Issue: "a PTMG starting 2026-03-01 and a CDE starting 2024-03-01 both end on 2027-03-01
    and the dashboard shows 0 ending soon while the Contrats section shows them"."""
    with write_transaction(database.engine) as c:
        pro = _professional(c)
        for kind, start in (("ptmg", "2026-03-01"), ("cde", "2024-03-01")):
            _insert(c, "aid_contract", "REU", professional_id=pro, kind=kind,
                    status="en_cours", start_date=start, commune_code=SAINT_PIERRE)  # fmt: skip
    on = date(2026, 12, 5)
    assert contract_end("ptmg", "en_cours", date(2026, 3, 1)) == date(2027, 3, 1)
    assert contract_end("cde", "en_cours", date(2024, 3, 1)) == date(2027, 3, 1)
    board = dashboard_figures(database.engine, Territory("ars", "REU"), on, pending=False)
    with read_connection(database.engine) as connection:
        section = contract_counts(connection, on)
    assert (board.contracts["ptmg"].ending_soon, board.contracts["cde"].ending_soon) == (1, 1)
    assert section.ending_soon == {"cesp": 0, "ptmg": 1, "cde": 1}
    assert {k: (v.running, v.ending_soon) for k, v in board.contracts.items()} == {
        kind: (section.running[kind], section.ending_soon[kind]) for kind in section.running
    }
    # The same at the level of the commune (the territory filter goes through the same function).
    commune = dashboard_figures(database.engine, Territory("commune", SAINT_PIERRE), on)
    assert commune.contracts["ptmg"].ending_soon == commune.contracts["cde"].ending_soon == 1


def test_nine_oi_era_ptmg_are_no_longer_en_cours_in_2026(database: Database) -> None:
    """Issue: "count 'en cours' by dates on the territory's date, so nine OI-era PTMG no longer
    show 'en cours' in 2026"."""
    with write_transaction(database.engine) as c:
        pro = _professional(c)
        for month in range(1, 10):
            _insert(c, "aid_contract", "OI", professional_id=pro, kind="ptmg",
                    status="en_cours", start_date=f"2014-0{month}-01",
                    commune_code=SAINT_PIERRE)  # fmt: skip
    oi = Territory("ars", "OI")
    in_2026 = dashboard_figures(database.engine, oi, date(2026, 12, 5), pending=False)
    assert in_2026.contracts["ptmg"].running == 0
    on_the_day = dashboard_figures(database.engine, oi, date(2014, 9, 15), pending=False)
    assert on_the_day.contracts["ptmg"].running == 9
    # Those of January to March (ends 01/01 to 01/03/2015) end within six months of that day.
    assert on_the_day.contracts["ptmg"].ending_soon == 3
    # Not started yet on a day before their start: not en cours either.
    early = dashboard_figures(database.engine, oi, date(2014, 1, 15), pending=False)
    assert early.contracts["ptmg"].running == 1


# --- CESP ---------------------------------------------------------------------------------------


def test_cesp_keeps_signature_allowance_and_start_of_practice(
    database: Database, store: Store
) -> None:
    """Issue: "CESP: keep signature date, start and end of the allowance (months paid), and the
    start of practice in the chosen place; the end of commitment = start of practice +
    max(24, months paid)"."""
    with write_transaction(database.engine) as c:
        pro = _professional(c)
    contract = store.create(
        "aid_contract",
        {
            "professional_id": pro,
            "kind": "cesp",
            "signed_date": "15/09/2017",
            "start_date": "01/10/2017",
            "allowance_end_date": "31/10/2020",
            "months_paid": "37",
            "monthly_amount_cents": "1 200",
            "practice_start_date": "02/11/2023",
            "commune_code": SAINT_PIERRE,
        },
    )
    saved = store.get("aid_contract", contract)
    assert saved["signed_date"] == date(2017, 9, 15)
    assert saved["allowance_end_date"] == date(2020, 10, 31)
    assert saved["practice_start_date"] == date(2023, 11, 2)
    assert saved["end_date"] == date(2026, 12, 2)  # 02/11/2023 + 37 months


def test_cesp_only_for_doctors_and_dentists(database: Database, store: Store) -> None:
    """Issue: "CESP only for doctors and dentists" (students in medicine or odontology)."""
    with write_transaction(database.engine) as c:
        nurse = _professional(c, "infirmier")
        dentist = _professional(c, "chirurgien_dentiste")
    before = _outbox(database)
    with pytest.raises(ValidationError) as refused:
        store.create("aid_contract", {"professional_id": nurse, "kind": "cesp"})
    assert refused.value.fields == {"professional_id"}
    assert "CESP" in str(refused.value) and "Infirmier" in str(refused.value)
    assert _outbox(database) == before  # nothing written
    assert store.create("aid_contract", {"professional_id": dentist, "kind": "cesp"})


def test_cesp_above_1200_euros_a_month_is_refused(doctor: str, store: Store) -> None:
    """Issue: "Refused with a French message: ... a CESP above 1,200 € a month"."""
    values = {"professional_id": doctor, "kind": "cesp"}
    assert _refusal(store, values, "monthly_amount_cents", "1 300") == [
        "Montant mensuel : 1\u00a0300 € dépasse le plafond du CESP (1\u00a0200 € brut par mois)."
    ]
    assert store.create("aid_contract", {**values, "monthly_amount_cents": "1 200"})


# --- PTMG, CDE ----------------------------------------------------------------------------------


def test_a_ptmg_signed_after_the_cde_replaced_it_is_refused(
    database: Database, store: Store
) -> None:
    """Issue: "a PTMG signed after the CDE replaced it (December 2020)": décret n° 2020-1666 du
    22 décembre 2020, in force on 25/12/2020."""
    with write_transaction(database.engine) as c:
        pro = _professional(c)
    values = {"professional_id": pro, "kind": "ptmg", "commune_code": SAINT_PIERRE}
    before = _outbox(database)
    with pytest.raises(ValidationError) as refused:
        store.create("aid_contract", {**values, "signed_date": "04/01/2021"})
    message = refused.value.messages_for("signed_date")[0]
    assert "remplacé par le contrat de début d'exercice" in message and "25/12/2020" in message
    # No signature date: the start date tells.
    with pytest.raises(ValidationError) as refused:
        store.create("aid_contract", {**values, "start_date": "01/03/2026"})
    assert refused.value.fields == {"start_date"}
    assert _outbox(database) == before
    # Signed before it, started after: a real PTMG of the last days.
    assert store.create(
        "aid_contract", {**values, "signed_date": "30/11/2020", "start_date": "04/01/2021"}
    )
    assert store.create("aid_contract", {**values, "signed_date": "24/12/2020"})


def test_ptmg_guarantee_above_6900_euros_is_refused(doctor: str, store: Store) -> None:
    """Issue: "a PTMG guarantee above 6,900 € a month" (docs/DOMAIN.md: "guarantee up to 6,900 €
    gross/month")."""
    values = {"professional_id": doctor, "kind": "ptmg", "start_date": "01/03/2019"}
    assert _refusal(store, values, "guaranteed_monthly_income_cents", "6 900,01") == [
        "Revenu mensuel garanti : 6\u00a0900,01 € dépasse le plafond du PTMG"
        " (6\u00a0900 € brut par mois)."
    ]
    assert store.create("aid_contract", {**values, "guaranteed_monthly_income_cents": "6 900"})


def test_cde_with_fewer_than_5_half_days_is_refused(doctor: str, store: Store) -> None:
    """Issue: "a CDE with fewer than 5 half-days a week" (docs/DOMAIN.md: "5 half-days")."""
    values = {"professional_id": doctor, "kind": "cde", "start_date": "01/03/2024"}
    assert _refusal(store, values, "half_days_per_week", "4") == [
        "Demi-journées par semaine : un CDE demande au moins 5 demi-journées d'activité par"
        " semaine (reçu 4)."
    ]
    contract = store.create("aid_contract", {**values, "half_days_per_week": "5"})
    # An edit is checked the same way.
    with pytest.raises(ValidationError):
        store.update("aid_contract", contract, {"half_days_per_week": "2"})


def test_the_server_path_refuses_the_same_records(database: Database) -> None:
    """The central server validates synced ops with validate_record: the same rules apply."""
    with write_transaction(database.engine) as c:
        pro = _professional(c)
    with read_connection(database.engine) as connection, pytest.raises(ValidationError) as refused:
        validate_record(
            "aid_contract",
            {
                "professional_id": pro,
                "kind": "cde",
                "status": "en_cours",
                "half_days_per_week": 3,
                "ars_code": "REU",
            },
            connection,
        )
    assert refused.value.fields == {"half_days_per_week"}


# --- Figures in one data file -------------------------------------------------------------------


def test_every_figure_of_the_rules_file_has_its_source_and_date() -> None:
    """Issue: "Amounts and limits that change by decree live in one data file with their source
    and date"."""
    rules = contract_rules()
    assert set(rules.sources) == {"cde_replacement", "ptmg", "cde", "cesp", "historic", "mission"}
    for source, as_of in rules.sources.values():
        assert source.strip() and isinstance(as_of, date)
    assert "2020-1666" in rules.sources["cde_replacement"][0]


def test_a_new_decree_changes_the_file_not_the_code(
    database: Database, store: Store, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    changed = tmp_path / "contract_rules.toml"
    text_of = rules_module.RULES_FILE.read_text(encoding="utf-8")
    changed.write_text(
        text_of.replace(
            "max_monthly_allowance_cents = 120_000", "max_monthly_allowance_cents = 130_000"
        ),
        encoding="utf-8",
    )
    monkeypatch.setattr(rules_module, "RULES_FILE", changed)
    contract_rules.cache_clear()
    try:
        with write_transaction(database.engine) as c:
            pro = _professional(c)
        assert store.create(
            "aid_contract",
            {"professional_id": pro, "kind": "cesp", "monthly_amount_cents": "1 300"},
        )
    finally:
        contract_rules.cache_clear()


# --- Contracts of 2015-2020 ---------------------------------------------------------------------


@pytest.mark.parametrize("kind", ["ptma", "ptmr", "pias"])
def test_contracts_of_2015_2020_can_be_recorded_not_signed_today(
    database: Database, store: Store, kind: str
) -> None:
    """Issue: "Contracts of 2015-2020 (PTMA, PTMR, PIAS) can be recorded (history of the
    region)"; the décret of 22/12/2020 replaced them by the CDE: their rules are read-only."""
    with write_transaction(database.engine) as c:
        pro = _professional(c)
    values = {"professional_id": pro, "kind": kind, "commune_code": SAINT_PIERRE}
    contract = store.create(
        "aid_contract",
        {
            **values,
            "signed_date": "10/04/2018",
            "start_date": "01/05/2018",
            "end_date": "30/04/2020",
        },
    )
    saved = store.get("aid_contract", contract)
    assert saved["ars_code"] == "OI"  # La Réunion in 2018: ARS Océan Indien
    assert contract_end(kind, saved["status"], saved["start_date"], end_date=saved["end_date"]) == (
        date(2020, 4, 30)
    )
    with pytest.raises(ValidationError):
        store.create("aid_contract", {**values, "signed_date": "05/01/2021"})


def test_rules_say_which_tables_they_read() -> None:
    """The central server keeps records as JSON: it can run the rules that read nothing else."""
    from storage.records.validation import RULE_READS, record_rules_for

    rules = {rule.__name__: RULE_READS[rule] for rule in record_rules_for("aid_contract")}
    assert rules["check_cesp_profession"] == ("professional",)
    assert rules["check_ptmg_guarantee"] == rules["check_not_replaced_by_cde"] == ()


def test_a_cesp_enters_its_commitment_with_its_start_of_practice(
    database: Database, store: Store
) -> None:
    """The end of commitment is computed from the start of practice: no commitment without it."""
    with write_transaction(database.engine) as c:
        pro = _professional(c)
    contract = store.create(
        "aid_contract", {"professional_id": pro, "kind": "cesp", "status": "choix_du_lieu"}
    )
    with pytest.raises(ValidationError) as refused:
        store.transition("aid_contract", contract, "engagement_en_cours")
    assert refused.value.fields == {"practice_start_date"}
    store.transition(
        "aid_contract",
        contract,
        "engagement_en_cours",
        {"practice_start_date": "01/12/2026", "months_paid": 30},
    )
    assert store.get("aid_contract", contract)["end_date"] == date(2029, 6, 1)


def test_the_cesp_form_names_each_date() -> None:
    """Issue: "Today one ambiguous 'Date de début' invites typing the signing date"."""
    from screens.contracts.form import fields_for
    from screens.widgets.record_form import FormField
    from storage import vocabulary as voc

    def label(field: FormField) -> str:
        return field.label or voc.field_label(field.name)

    cesp = [label(field) for field in fields_for("cesp")]
    assert "Date de début" not in cesp
    for wanted in (
        "Date de signature",
        "Début de l'allocation",
        "Fin de l'allocation",
        "Mois d'allocation versés",
        "Début d'exercice dans le lieu choisi",
    ):
        assert wanted in cesp
    assert "Date de signature" in [label(field) for field in fields_for("ptmg")]


def test_every_rule_of_the_field_names_its_source() -> None:
    """Issue: "each rule a tested function that names its source in its docstring"."""
    from storage.records.validation import FIELD_RULES, record_rules_for

    record_rules_for("aid_contract")  # loads the rule modules
    rules = {rule for found in FIELD_RULES.values() for rule in found}
    assert len(rules) >= 11
    for rule in rules:
        doc = rule.__doc__ or ""
        assert any(
            mark in doc for mark in ("Source", "docs/DOMAIN.md", "décret", "contract_rules.toml")
        ), rule.__name__
