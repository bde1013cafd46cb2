"""The packaged reference data: what a new database holds, the every-start path, the build."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from datetime import date
from importlib.resources import files
from pathlib import Path

import pytest
from sqlalchemy import Connection, Engine, text

from storage.db import open_database, read_connection, write_transaction
from storage.reference.build import (
    OUTPUT_COLUMNS,
    VERSION_FILE,
    ReferenceBuildError,
    build,
    content_version,
)
from storage.reference.load import (
    VERSION_SETTING,
    departement_of_commune,
    ensure_reference_data,
    packaged_ars,
    packaged_version,
)
from storage.text import search_key

#: The official sources the packaged data is built from: a folder beside the repository (CI puts
#: it there); the app never reads it.
SOURCES = Path(__file__).parents[2] / "shared" / "reference"
#: Single-commune islands that belong to no EPCI.
ISLANDS = {"22016", "29083", "29155", "85113"}
#: The communes of the collectivités Saint-Barthélemy and Saint-Martin (no EPCI there either).
COLLECTIVITE_COMMUNES = {"97701", "97801"}


def _sources() -> Path:
    if SOURCES.is_dir():
        return SOURCES
    if os.environ.get("CI"):
        pytest.fail(f"reference sources missing in CI: {SOURCES}")
    pytest.skip(f"reference sources not found beside the repository: {SOURCES}")


@pytest.fixture(scope="module")
def engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    database = open_database(tmp_path_factory.mktemp("reference") / "x.db")
    yield database.engine
    database.dispose()


@pytest.fixture
def connection(engine: Engine) -> Iterator[Connection]:
    with read_connection(engine) as connection:
        yield connection


def _scalar(connection: Connection, sql: str, **params: object) -> object:
    return connection.execute(text(sql), params).scalar()


def test_territories_counts(connection: Connection) -> None:
    assert _scalar(connection, "SELECT count(*) FROM region") == 18
    kinds = dict(
        connection.execute(text("SELECT kind, count(*) FROM departement GROUP BY kind")).all()
    )
    assert kinds == {"departement": 101, "collectivite": 2}
    collectivites = connection.execute(
        text("SELECT code, region_code FROM departement WHERE kind = 'collectivite' ORDER BY code")
    ).all()
    assert [tuple(row) for row in collectivites] == [("977", "01"), ("978", "01")]
    assert _scalar(connection, "SELECT count(*) FROM commune") == 34_877
    assert _scalar(connection, "SELECT count(*) FROM national_indicator") == 21


def test_ars_rows_and_their_departements(connection: Connection) -> None:
    rows = connection.execute(text("SELECT code, active_to FROM ars ORDER BY code")).all()
    assert len(rows) == 19
    assert dict(rows)["OI"] == "2019-12-31"
    assert sum(1 for _, active_to in rows if active_to is None) == 18

    def covered(ars: str) -> set[str]:
        sql = "SELECT departement_code FROM ars_departement WHERE ars_code = :ars"
        return set(connection.execute(text(sql), {"ars": ars}).scalars())

    assert covered("OI") == {"974", "976"}
    assert covered("GUA") == {"971", "977", "978"}
    # Today's ARS cover every département and collectivité exactly once.
    today = connection.execute(
        text(
            "SELECT departement_code, count(*) FROM ars_departement JOIN ars ON code = ars_code"
            " WHERE active_to IS NULL GROUP BY departement_code"
        )
    ).all()
    assert len(today) == 103
    assert {count for _, count in today} == {1}


def test_every_commune_has_population_region_and_departement(connection: Connection) -> None:
    # Population 0 is real: the six "villages morts pour la France" of the Meuse (1916).
    incomplete = connection.execute(
        text(
            "SELECT c.code FROM commune c"
            " LEFT JOIN region r ON r.code = c.region_code"
            " LEFT JOIN departement d ON d.code = c.departement_code"
            " WHERE c.population IS NULL OR c.population < 0 OR r.code IS NULL"
            " OR d.code IS NULL OR d.region_code != c.region_code"
        )
    ).all()
    assert incomplete == []


def test_only_islands_and_collectivites_lack_an_epci(connection: Connection) -> None:
    without = set(
        connection.execute(text("SELECT code FROM commune WHERE epci_siren IS NULL")).scalars()
    )
    assert without == ISLANDS | COLLECTIVITE_COMMUNES
    dangling = _scalar(
        connection,
        "SELECT count(*) FROM commune c LEFT JOIN epci e ON e.siren = c.epci_siren"
        " WHERE c.epci_siren IS NOT NULL AND e.siren IS NULL",
    )
    assert dangling == 0


def _commune(connection: Connection, code: str) -> dict[str, object]:
    row = connection.execute(text("SELECT * FROM commune WHERE code = :code"), {"code": code})
    return dict(row.mappings().one())


def test_known_communes(connection: Connection) -> None:
    mamoudzou = _commune(connection, "97611")
    assert (mamoudzou["name"], mamoudzou["departement_code"]) == ("Mamoudzou", "976")
    ars_today = connection.execute(
        text(
            "SELECT a.code FROM ars a JOIN ars_departement ad ON ad.ars_code = a.code"
            " WHERE ad.departement_code = :dep AND a.active_to IS NULL"
        ),
        {"dep": mamoudzou["departement_code"]},
    ).scalars()
    assert list(ars_today) == ["MAY"]

    ajaccio = _commune(connection, "2A004")
    assert (ajaccio["name"], ajaccio["departement_code"], ajaccio["region_code"]) == (
        "Ajaccio",
        "2A",
        "94",
    )
    possession = _commune(connection, "97408")
    assert (possession["name"], possession["departement_code"]) == ("La Possession", "974")
    assert possession["epci_siren"] is not None

    paris = _commune(connection, "75056")
    assert paris["population"] > 2_000_000
    assert paris["population_total"] >= paris["population"]

    saint_martin = _commune(connection, "97801")
    assert (saint_martin["departement_code"], saint_martin["region_code"]) == ("978", "01")
    assert saint_martin["population"] > 0


def test_search_keys_are_accent_free(connection: Connection) -> None:
    rows = connection.execute(text("SELECT code, name, search_key FROM commune")).all()
    assert all(key == search_key(name, code) for code, name, key in rows)
    reunion = [(name, key) for code, name, key in rows if code.startswith("974")]
    assert len(reunion) == 24
    assert any(not name.isascii() for name, _ in reunion)  # the check below can fail
    assert all(key.isascii() and key == key.lower() for _, key in reunion)
    assert ("Saint-André", "saint-andre 97409") in [
        (name, key) for code, name, key in rows if code == "97409"
    ]


def test_second_open_does_not_reload(engine: Engine) -> None:
    database = open_database(engine.url.database)  # type: ignore[arg-type]
    try:
        with write_transaction(database.engine) as connection:
            assert ensure_reference_data(connection) is False
            stored = _scalar(
                connection, "SELECT value FROM local_setting WHERE key = :key", key=VERSION_SETTING
            )
            assert stored == packaged_version()
    finally:
        database.dispose()


def test_new_version_updates_rows_and_deletes_none(tmp_path: Path) -> None:
    database = open_database(tmp_path / "old.db")
    try:
        with write_transaction(database.engine) as connection:
            # As if an older edition were loaded: a stale figure, a commune since merged away.
            connection.exec_driver_sql(
                "UPDATE commune SET population = 1, search_key = '' WHERE code = '97408'"
            )
            connection.exec_driver_sql(
                "INSERT INTO commune (code, name, departement_code, region_code, search_key)"
                " VALUES ('97499', 'Ancienne commune', '974', '04', 'ancienne commune 97499')"
            )
            connection.exec_driver_sql(
                "UPDATE local_setting SET value = 'older' WHERE key = ?", (VERSION_SETTING,)
            )
        with write_transaction(database.engine) as connection:
            assert ensure_reference_data(connection) is True
            possession = _commune(connection, "97408")
            assert possession["population"] > 1
            assert possession["search_key"] == "la possession 97408"
            assert _commune(connection, "97499")["name"] == "Ancienne commune"
            assert _scalar(connection, "SELECT count(*) FROM commune") == 34_878
            assert ensure_reference_data(connection) is False
    finally:
        database.dispose()


def test_packaged_ars_matches_the_database(connection: Connection) -> None:
    ars = {info.code: info for info in packaged_ars()}
    assert len(ars) == 19
    oi = ars["OI"]
    assert oi.region_code is None
    assert oi.departements == ("974", "976")
    assert (oi.active_from, oi.active_to) == (date(2010, 4, 1), date(2019, 12, 31))
    assert oi.active_on(date(2019, 12, 31)) and not oi.active_on(date(2020, 1, 1))
    assert ars["MAY"].active_on(date(2020, 1, 1)) and not ars["MAY"].active_on(date(2019, 6, 1))
    assert set(ars["GUA"].departements) == {"971", "977", "978"}
    links = connection.execute(text("SELECT ars_code, departement_code FROM ars_departement"))
    assert {tuple(row) for row in links} == {
        (info.code, dep) for info in ars.values() for dep in info.departements
    }
    names = dict(connection.execute(text("SELECT code, name FROM ars")).all())
    assert names == {info.code: info.name for info in ars.values()}


@pytest.mark.parametrize(
    ("code", "departement"),
    [("2A004", "2A"), ("2B033", "2B"), ("97611", "976"), ("97801", "978"), ("01001", "01")],
)
def test_departement_of_commune(code: str, departement: str) -> None:
    assert departement_of_commune(code) == departement


@pytest.mark.parametrize("code", ["", "976", "976111"])
def test_departement_of_commune_rejects_non_codes(code: str) -> None:
    with pytest.raises(ValueError):
        departement_of_commune(code)


def test_every_commune_lies_in_its_code_departement(connection: Connection) -> None:
    rows = connection.execute(text("SELECT code, departement_code FROM commune")).all()
    assert [code for code, dep in rows if departement_of_commune(code) != dep] == []


def _packaged_files() -> dict[str, bytes]:
    folder = files("storage.reference").joinpath("data")
    return {name: folder.joinpath(name).read_bytes() for name in [*OUTPUT_COLUMNS, VERSION_FILE]}


def test_version_is_the_hash_of_the_packaged_files() -> None:
    packaged = _packaged_files()
    del packaged[VERSION_FILE]
    assert packaged_version() == content_version(packaged)


def test_packaged_files_are_what_the_build_makes(tmp_path: Path) -> None:
    version, counts = build(_sources(), tmp_path)
    assert counts["communes.csv"] == 34_877
    assert sorted(path.name for path in tmp_path.iterdir()) == sorted(_packaged_files())
    for name, data in _packaged_files().items():
        assert (tmp_path / name).read_bytes() == data, f"{name} differs: run reference_build"
    assert version == packaged_version()


def _copy_sources(tmp_path: Path) -> Path:
    copy = tmp_path / "sources"
    shutil.copytree(_sources(), copy)
    for path in copy.iterdir():
        path.chmod(0o644)  # the shared sources are read-only
    return copy


def test_build_fails_on_a_missing_file(tmp_path: Path) -> None:
    sources = _copy_sources(tmp_path)
    (sources / "donnees_communes_mayotte.csv").unlink()
    with pytest.raises(ReferenceBuildError, match=r"donnees_communes_mayotte\.csv"):
        build(sources, tmp_path / "out")
    assert not (tmp_path / "out").exists()


def test_build_fails_when_a_population_is_missing(tmp_path: Path) -> None:
    sources = _copy_sources(tmp_path)
    path = sources / "donnees_communes.csv"
    lines = path.read_bytes().splitlines(keepends=True)
    path.write_bytes(b"".join(line for line in lines if b";01001;" not in line))
    with pytest.raises(ReferenceBuildError, match="01001"):
        build(sources, tmp_path / "out")
