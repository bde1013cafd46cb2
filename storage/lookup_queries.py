"""What the type-ahead pickers ask (screens/widgets/lookup.py): communes and professionals
matching a few typed words, and one of them by its code or id.

Every typed word must appear in the record's accent-free ``search_key`` ("etang sale" finds
L'Étang-Salé, "97611" Mamoudzou); LIKE wildcards typed by the user are escaped. The screens
turn the rows into French labels.
"""

from __future__ import annotations

from typing import Any, NamedTuple

import sqlalchemy as sa
from sqlalchemy import Connection

from storage.models import InstallationProject, Professional
from storage.models.reference import ArsDepartement, Commune, Departement
from storage.text import search_key


class CommuneRow(NamedTuple):
    code: str
    name: str
    departement: str


class ProfessionalRow(NamedTuple):
    id: str
    last_name: str
    first_name: str
    profession: str | None
    specialty: str | None
    rpps: str | None
    #: The commune of the person's latest installation project (None: no project).
    commune: str | None


def search_words(text: str) -> list[str]:
    """Typed text as accent-free words; "L'Étang-Salé" -> ["l", "etang", "sale"]."""
    key = search_key(text)
    for separator in "'’-":
        key = key.replace(separator, " ")
    return key.split()


def _like(word: str) -> str:
    escaped = word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


def _commune_query() -> Any:
    commune, departement = Commune.__table__, Departement.__table__
    return sa.select(commune.c.code, commune.c.name, departement.c.name.label("departement")).join(
        departement, commune.c.departement_code == departement.c.code
    )


def matching_communes(
    connection: Connection, text: str, limit: int, *, ars_code: str | None = None
) -> list[CommuneRow]:
    """The communes matching ``text``: those of ``ars_code`` (the device's ARS) first (typing
    "saint-paul" at La Réunion means Saint-Paul 97415, not Saint-Paul-lès-Dax), then the names
    starting with the first typed word, then the most populated."""
    words = search_words(text)
    if not words:
        return []
    commune = Commune.__table__
    order: list[Any] = [sa.case((commune.c.search_key.like(f"{words[0]}%"), 0), else_=1)]
    if ars_code:
        link = ArsDepartement.__table__
        own = sa.select(link.c.departement_code).where(link.c.ars_code == ars_code)
        order.insert(0, sa.case((commune.c.departement_code.in_(own), 0), else_=1))
    query = (
        _commune_query()
        .where(*(commune.c.search_key.like(_like(word), escape="\\") for word in words))
        .order_by(*order, sa.func.coalesce(commune.c.population, 0).desc(), commune.c.code)
        .limit(limit)
    )
    return [CommuneRow(*row) for row in connection.execute(query)]


def commune_by_code(connection: Connection, code: str) -> CommuneRow | None:
    row = connection.execute(_commune_query().where(Commune.__table__.c.code == code)).first()
    return None if row is None else CommuneRow(*row)


def _professional_query() -> Any:
    """Name, profession, specialty, RPPS and the commune of the latest project of each person."""
    pro = Professional.__table__
    project, commune = InstallationProject.__table__, Commune.__table__
    latest_commune = (
        sa.select(commune.c.name)
        .select_from(project.join(commune, project.c.commune_code == commune.c.code))
        .where(project.c.professional_id == pro.c.id, project.c.deleted.is_(False))
        .order_by(project.c.first_contact_date.desc(), project.c.id.desc())
        .limit(1)
        .correlate(pro)
        .scalar_subquery()
    )
    return sa.select(
        pro.c.id,
        pro.c.last_name,
        pro.c.first_name,
        pro.c.profession,
        pro.c.specialty,
        pro.c.rpps,
        latest_commune.label("commune"),
    )


def matching_professionals(
    connection: Connection,
    text: str,
    limit: int,
    *,
    professions: tuple[str, ...] | None = None,
) -> list[ProfessionalRow]:
    """The live professionals matching ``text`` (name, first name or RPPS), by name; of
    ``professions`` only when given."""
    words = search_words(text)
    if not words:
        return []
    pro = Professional.__table__
    query = (
        _professional_query()
        .where(pro.c.deleted.is_(False))
        .where(*(pro.c.search_key.like(_like(word), escape="\\") for word in words))
        .order_by(pro.c.last_name, pro.c.first_name, pro.c.id)
        .limit(limit)
    )
    if professions is not None:
        query = query.where(pro.c.profession.in_(professions))
    return [ProfessionalRow(*row) for row in connection.execute(query)]


def professional_by_id(connection: Connection, record_id: str) -> ProfessionalRow | None:
    query = _professional_query().where(Professional.__table__.c.id == record_id)
    row = connection.execute(query).first()
    return None if row is None else ProfessionalRow(*row)
