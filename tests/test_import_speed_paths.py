"""The fast paths of a bulk import give exactly what the general functions give (issue 13)."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from storage.records import bulk, coercion
from storage.records.bulk import _bulk_dumps, _bulk_dumps_fields, _sqlite_value, sqlite_datetime
from storage.records.validation import ValidationError
from storage.text import search_key
from storage.wire import dumps_fields, dumps_value

TYPED = [
    None,
    "",
    "  ",
    " Dupont ",
    "Médecin",
    "medecin",
    "MÉDECIN",
    "10",
    "Installé(e) en libéral",
    "installe_liberal",
    "Médecine générale",
    "0262 12 34 56",
    "p1@exemple.fr",
    "123 456 789 01",
    "x" * 300,
    "pas une profession",
]


@pytest.mark.parametrize(
    "field",
    ["last_name", "first_name", "rpps", "profession", "specialty", "situation", "phone", "email"],
)
def test_a_field_coercer_gives_what_coerce_gives(field: str) -> None:
    fast = coercion.coercer("professional", field)
    for raw in TYPED * 2:  # twice: the second answer may come from a memo
        try:
            expected = coercion.coerce("professional", field, raw)
        except ValidationError as error:
            with pytest.raises(ValidationError) as caught:
                fast(raw)
            assert [e.message for e in caught.value.errors] == [e.message for e in error.errors]
        else:
            assert fast(raw) == expected


def test_coercer_of_dates_numbers_and_booleans() -> None:
    for entity, field, raws in [
        ("installation_project", "first_contact_date", ["03/02/2024", "2024-2-3", "31/02/2024"]),
        ("installation_project", "aids_requested", ["oui", "non", "peut-être"]),
    ]:
        fast = coercion.coercer(entity, field)
        for raw in raws * 2:
            try:
                expected = coercion.coerce(entity, field, raw)
            except ValidationError:
                with pytest.raises(ValidationError):
                    fast(raw)
            else:
                assert fast(raw) == expected


@pytest.mark.parametrize(
    "parts",
    [("Dupont", "Jean", "10101234567"), ("Dos d'Âne", None, "LA  POSSESSION"), ("Œuvre", "x")],
)
def test_search_key_of_plain_ascii_and_accented_text(parts: tuple[str | None, ...]) -> None:
    import unicodedata

    text = " ".join(part for part in parts if part)
    decomposed = unicodedata.normalize("NFKD", text.replace("œ", "oe").replace("Œ", "OE"))
    stripped = "".join(char for char in decomposed if not unicodedata.combining(char))
    assert search_key(*parts) == " ".join(stripped.lower().split())


@pytest.mark.parametrize(
    "parts",
    [
        ("Dupont", "Jean", "10101234567"),
        ("Hoarau", "Hélène", None),
        ("  ", "Jérôme  Marie", ""),
        ("Œuvre", "\u0301Ange", "x"),
        ("ΟΔΥΣΣΕΥΣ", "Zoë", "12"),
        (None, None, None),
        ("Dos d'Âne", "  la\u00a0Possession ", "97415"),
    ],
)
def test_bulk_search_key_part_by_part_is_the_key_of_the_whole(
    parts: tuple[str | None, ...],
) -> None:
    from storage.records.save_steps import derive

    names = ("last_name", "first_name", "rpps")
    for _ in range(2):  # twice: the second answer of an accented part is remembered
        row = dict(zip(names, parts, strict=True))
        expected = dict(row)
        derive("professional", expected)
        bulk._derive_key("professional", row)
        assert row["search_key"] == expected["search_key"] == search_key(*parts)


VALUES = [None, "Dupont", 'a "quoted" \\ é\n', 3, 2.5, True, date(2024, 2, 3)]


def test_bulk_encoders_write_the_text_of_the_wire_functions() -> None:
    moment = datetime(2024, 2, 3, 4, 5, 6, 7, tzinfo=UTC)
    for value in [*VALUES, moment]:
        assert _bulk_dumps(value) == dumps_value(value)
    fields = {f"f{index}": value for index, value in enumerate([*VALUES, moment])}
    assert _bulk_dumps_fields(fields) == dumps_fields(fields)
    assert _bulk_dumps_fields({}) == dumps_fields({})
    with_ars = {**fields, "ars_code": "REU"}
    assert _bulk_dumps_fields(with_ars, leave_out="ars_code") == dumps_fields(fields)
    # The encoder made once (CPython's C one) writes what dumps_fields writes, keys sorted.
    assert bulk._C_FIELDS is not None
    odd = {"é": 0.1 + 0.2, "b": -0.0, "a": 10**20, "c": "\u2028\t", "Z": True}
    assert _bulk_dumps_fields(odd) == dumps_fields(odd)


def test_sqlite_values_and_stamps() -> None:
    moment = datetime(2024, 2, 3, 4, 5, 6, 0, tzinfo=UTC)
    assert sqlite_datetime(moment) == "2024-02-03 04:05:06.000000"
    assert _sqlite_value(moment) == "2024-02-03 04:05:06.000000"
    assert [_sqlite_value(v) for v in VALUES] == [
        None,
        "Dupont",
        'a "quoted" \\ é\n',
        3,
        2.5,
        1,
        "2024-02-03",
    ]


def test_bulk_rows_are_stored_as_sqlalchemy_stores_them(database) -> None:
    """_insert_rows converts only the date, datetime and boolean columns: the stored text of
    every column is still what SQLAlchemy's insert writes (dates, stamps, booleans included)."""
    from storage.records.bulk import _insert_rows
    from storage.records.save_steps import table_of

    table = table_of("installation_project")
    moment = datetime(2024, 2, 3, 4, 5, 6, 7, tzinfo=UTC)
    row = {column.name: None for column in table.columns}
    row.update(
        ars_code="REU",
        version=2,
        updated_at=moment,
        updated_by="t",
        deleted=True,
        professional_id="p",
        commune_code="97411",
        status="premier_contact",
        first_contact_date=date(2024, 1, 2),
        next_action_due=date(2025, 12, 31),
        notes='é "quoted"',
        search_key="k",
    )
    row.update({c.name: "x" for c in table.columns if not c.nullable and row[c.name] is None})
    with database.engine.connect() as connection:  # never committed: no parent rows needed
        connection.exec_driver_sql("PRAGMA defer_foreign_keys=ON")
        _insert_rows(connection, table, [{**row, "id": "bulk"}])
        connection.execute(table.insert(), {**row, "id": "orm"})
        stored = {
            found[0]: found[1:]
            for found in connection.exec_driver_sql(
                "SELECT * FROM installation_project WHERE id IN ('bulk', 'orm')"
            )
        }
    assert stored["bulk"] == stored["orm"]
    assert "2024-02-03 04:05:06.000007" in stored["bulk"]
    assert "2024-01-02" in stored["bulk"]


def test_import_looks_professionals_up_by_their_rpps_index(database, tmp_path) -> None:
    """A chunk's lookup by RPPS must not scan the ARS's professionals (quadratic import)."""
    from sqlalchemy import event

    from storage.exchange.imports import import_file
    from storage.records.identifiers import make_rpps

    path = tmp_path / "p.csv"
    rows = [f"Nom{i};Jean;{make_rpps(f'{3_000_000_000 + i:010d}')}" for i in range(50)]
    path.write_text("Nom;Prénom;RPPS\n" + "\n".join(rows) + "\n", encoding="utf-8")
    import_file(database.engine, "professionnels", path, user="t", ars_code="REU")  # a first load
    seen: list[tuple[str, object]] = []

    def remember(conn, cursor, statement, parameters, context, executemany) -> None:
        if statement.lstrip().upper().startswith("SELECT") and "FROM professional" in statement:
            seen.append((statement, parameters))

    event.listen(database.engine, "before_cursor_execute", remember)
    try:
        import_file(database.engine, "professionnels", path, user="t", ars_code="REU")
    finally:
        event.remove(database.engine, "before_cursor_execute", remember)
    assert seen
    with database.engine.connect() as connection:
        for statement, parameters in seen:
            plan = connection.exec_driver_sql("EXPLAIN QUERY PLAN " + statement, parameters).all()
            details = " ".join(row[-1] for row in plan)
            assert "ix_professional_ars_code" not in details, details


def test_import_checks_each_new_rpps_once_and_still_refuses_bad_ones(
    database, tmp_path, monkeypatch
) -> None:
    """The RPPS key is the save's check, not run twice per row; a bad key (once or on two
    lines) is still refused for its key, and nothing is written."""
    from storage.exchange.imports import ImportRefused, import_file
    from storage.records import identifiers
    from storage.records.identifiers import make_rpps

    calls: list[str] = []
    real = identifiers.luhn_is_valid

    def counting(number: str) -> bool:
        calls.append(number)
        return real(number)

    monkeypatch.setattr(identifiers, "luhn_is_valid", counting)
    path = tmp_path / "p.csv"
    rows = [f"Nom{i};Jean;{make_rpps(f'{3_000_000_000 + i:010d}')}" for i in range(50)]
    path.write_text("Nom;Prénom;RPPS\n" + "\n".join(rows) + "\n", encoding="utf-8")
    result = import_file(database.engine, "professionnels", path, user="t", ars_code="REU")
    assert result.total("created") == 50
    assert len(calls) == 50

    bad = make_rpps("3100000000")[:-1] + str((int(make_rpps("3100000000")[-1]) + 1) % 10)
    lines = [f"Autre{i};Paul;{bad}" for i in range(2)] + ["Trois;Luc;" + bad[:-1] + "x"]
    path.write_text("Nom;Prénom;RPPS\n" + "\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(ImportRefused) as refused:
        import_file(database.engine, "professionnels", path, user="t", ars_code="REU")
    by_line = {error.line: error.message for error in refused.value.errors}
    assert set(by_line) == {2, 3, 4}
    assert "clé" in by_line[2] and "clé" in by_line[3], by_line
    assert "ligne" not in by_line[3]  # not taken for a duplicate of line 2
    with database.engine.connect() as connection:
        count = connection.exec_driver_sql("SELECT count(*) FROM professional").scalar()
    assert count == 50


@pytest.mark.parametrize(
    "values",
    [
        {"last_name": "Hoarau", "first_name": "Marie", "profession": "medecin"},
        {"last_name": "Hoarau", "first_name": None, "profession": "medecin"},
        {"last_name": None, "first_name": "Marie", "rpps": "123", "phone": "12"},
        {"first_name": "Marie", "profession": "medecin", "email": "pas un courriel"},
        {"last_name": "", "first_name": "Marie", "profession": "medecin", "ars_code": "ZZZ"},
        {},
    ],
)
def test_validation_without_the_filled_required_fields_finds_what_the_full_loop_finds(
    database, monkeypatch, values: dict[str, object]
) -> None:
    """A record that fills every field whose only check is being given skips them: the same
    errors, in the same order, as the loop over every checked field."""
    from storage.records import validation

    def errors(**options: object) -> list[tuple[str | None, str]]:
        record = {"situation": "installe_liberal", "ars_code": "REU", **values}
        with database.engine.connect() as connection:
            try:
                validation.validate_record("professional", record, connection, **options)
            except ValidationError as error:
                return [(item.field, item.message) for item in error.errors]
        return []

    fast = [errors(), errors(coerced=True, references={})]
    monkeypatch.setattr(validation, "_required_only", lambda entity: None)
    assert fast == [errors(), errors(coerced=True, references={})]


def test_a_filled_professional_skips_its_required_only_fields() -> None:
    from storage.records import validation

    record = {"last_name": "Hoarau", "first_name": "Marie", "profession": "medecin"}
    record.update(situation="installe_liberal", ars_code="REU")
    every = [field[0] for field in validation._checked_fields("professional")]
    checked = [field[0] for field in validation._fields_to_check("professional", record, set())]
    assert {"last_name", "first_name", "profession", "situation"} <= set(every)
    assert checked == [name for name in every if name not in record or name == "ars_code"]
    record["first_name"] = None
    assert validation._fields_to_check("professional", record, set()) == (
        validation._checked_fields("professional")
    )


def test_bulk_ids_made_a_thousand_at_a_time_are_those_made_one_by_one() -> None:
    import copy
    from itertools import islice

    from storage.uuids import IdFactory

    factory = IdFactory()
    one_by_one = copy.copy(factory)
    ids = list(islice(bulk._ids_of(factory), 3_000))
    assert ids == [one_by_one.new() for _ in range(3_000)]
    assert ids == sorted(ids) and len(set(ids)) == 3_000
