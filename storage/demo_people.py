"""Demo professionals: French names, valid and unique RPPS, phones in the territory's format,
emails and consent dates.

Names: metropolitan ones are Faker's ``fr_FR`` lists (88 male and 131 female first names, 400
last names), shipped as ``demo_data/names_fr.toml`` so that no install needs Faker, read once and
drawn with ``random.choice``. Overseas, part of the professionals carry names common in the
territory (``demo_data/content.toml``), the others came from elsewhere, as many doctors do.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from sqlalchemy import text
from stdnum import luhn

from storage.demo_base import DemoContext, demo_data
from storage.text import search_key

#: Fixed-line prefixes of the metropolitan numbering zones (01 Île-de-France ... 05 South-West).
_ZONE_BY_REGION = {
    **dict.fromkeys(("11",), "01"),
    **dict.fromkeys(("24", "28", "52", "53"), "02"),
    **dict.fromkeys(("27", "32", "44"), "03"),
    **dict.fromkeys(("84", "93", "94"), "04"),
    **dict.fromkeys(("75",), "05"),
}
#: Occitanie spans two zones: its western départements dial 05, the others 04.
_OCCITANIE_WEST = frozenset({"09", "12", "31", "32", "46", "65", "81", "82"})
#: Overseas: (international prefix or None for the national form, fixed, mobile) per département.
_OVERSEAS_PHONES: dict[str, tuple[str, tuple[str, ...], tuple[str, ...]]] = {
    "974": ("+262", ("262",), ("692", "693")),
    "976": ("+262", ("269",), ("639",)),
    "973": ("", ("0594",), ("0694",)),
    "971": ("", ("0590",), ("0690", "0691")),
    "977": ("", ("0590",), ("0690",)),
    "978": ("", ("0590",), ("0690",)),
    "972": ("", ("0596",), ("0696", "0697")),
}
#: Share of numbers that are mobiles.
MOBILE_SHARE = 0.6


@dataclass(frozen=True)
class NamePool:
    last: tuple[str, ...]
    female: tuple[str, ...]
    male: tuple[str, ...]


@cache
def metropolitan_names() -> NamePool:
    """Faker's fr_FR lists (``demo_data/names_fr.toml``), read once per process."""
    names = demo_data("names_fr")
    return NamePool(
        tuple(names["last_names"]),
        tuple(names["first_names_female"]),
        tuple(names["first_names_male"]),
    )


@cache
def local_names(departement: str) -> tuple[float, NamePool] | None:
    """(share of professionals with a local name, the names) for an overseas département."""
    spec = demo_data("content")["names"].get(departement)
    if spec is None:
        return None
    pool = NamePool(
        tuple(spec["last_names"]),
        tuple(spec["first_names_female"]),
        tuple(spec["first_names_male"]),
    )
    return spec["local_share"], pool


class People:
    """Makes professionals' personal fields, one call per professional."""

    def __init__(self, ctx: DemoContext, region_of: dict[str, str]) -> None:
        self.draw = ctx.draw
        self.region_of = region_of
        self.metro = metropolitan_names()
        self.domains = tuple(demo_data("content")["people"]["email_domains"])
        self._keys: dict[str, str] = {}
        self._rpps = RppsMaker(ctx)

    def name(self, departement: str, female: bool) -> tuple[str, str]:
        """(last name, first name) for a professional of this département."""
        pick, pool = self.draw.pick, self.metro
        local = local_names(departement)
        if local is not None and self.draw.random() < local[0]:
            pool = local[1]
        return pick(pool.last), pick(pool.female if female else pool.male)

    def key(self, name: str) -> str:
        """``search_key`` of one name, computed once per distinct name."""
        found = self._keys.get(name)
        if found is None:
            found = self._keys[name] = search_key(name)
        return found

    def email(self, last: str, first: str) -> str:
        local = f"{self.key(first)}.{self.key(last)}".replace(" ", "-").replace("'", "")
        draw = self.draw
        if draw.random() < 0.2:
            local += str(draw.between(1, 99))
        return f"{local}@{draw.pick(self.domains)}"

    def phone(self, departement: str) -> str:
        """A number as a French person writes it, in the département's numbering."""
        draw = self.draw
        digits = f"{draw.between(0, 999_999):06d}"
        pairs = f"{digits[:2]} {digits[2:4]} {digits[4:]}"
        mobile = draw.random() < MOBILE_SHARE
        overseas = _OVERSEAS_PHONES.get(departement)
        if overseas is not None:
            prefix, fixed, mobiles = overseas
            block = draw.pick(mobiles if mobile else fixed)
            if prefix:
                return f"{prefix} {block} {pairs}"
            return f"{block[:2]} {block[2:]} {pairs}"
        if mobile:
            return f"0{draw.pick('67')} {draw.between(10, 99)} {pairs}"
        zone = _ZONE_BY_REGION.get(self.region_of.get(departement, ""), "")
        if not zone:
            zone = "05" if departement in _OCCITANIE_WEST else "04"
        return f"{zone} {draw.between(10, 99)} {pairs}"

    def rpps(self) -> str:
        return self._rpps.new()


class RppsMaker:
    """Unique RPPS numbers: "10" + 8 random digits + the Luhn key (stdnum's algorithm).

    Numbers already in the database are never made again. The key is computed from two lookup
    tables of ``stdnum.luhn.checksum`` over 4-digit halves: the Luhn sum is a sum of per-digit
    terms that depend only on the digit and its position, so the halves add up (modulo 10) to
    exactly what ``luhn.calc_check_digit`` gives, at a tenth of the cost.
    """

    def __init__(self, ctx: DemoContext) -> None:
        self.draw = ctx.draw
        self.used = {
            value
            for (value,) in ctx.connection.execute(
                text("SELECT rpps FROM professional WHERE rpps IS NOT NULL")
            )
        }
        self._base = luhn.checksum("10" + "0" * 9)
        self._high = [luhn.checksum(f"{n:04d}00000") for n in range(10_000)]
        self._low = [luhn.checksum(f"{n:04d}0") for n in range(10_000)]

    def new(self) -> str:
        while True:
            body = self.draw.between(0, 99_999_999)
            high, low = divmod(body, 10_000)
            key = -(self._base + self._high[high] + self._low[low]) % 10
            number = f"10{body:08d}{key}"
            if number not in self.used:
                self.used.add(number)
                return number
