"""Columns sized to their content and the terminal (issue 11)."""

from __future__ import annotations

from screens.widgets.column_plan import PADDING, ColumnNeed, plan_widths

INSTALLATIONS = [
    ColumnNeed("professional_name", 20, 31),
    ColumnNeed("commune_name", 14, 22),
    ColumnNeed("localite", 12, 25),
    ColumnNeed("status", 19, 24, essential=True),
    ColumnNeed("first_contact_date", 10, 11, header=11),
    ColumnNeed("next_action_due", 10, 10, essential=True),
]


def test_room_to_spare_shows_whole_texts() -> None:
    widths = plan_widths(INSTALLATIONS, 200)
    assert widths["first_contact_date"] == 11  # "1er contact", not "1er contac"
    assert widths["localite"] == 25 and widths["professional_name"] == 31


def test_at_80_columns_the_key_columns_stay() -> None:
    widths = plan_widths(INSTALLATIONS, 80 - 2)
    assert "next_action_due" in widths and "professional_name" in widths
    assert sum(width + PADDING for width in widths.values()) <= 78
    assert "localite" not in widths  # the right-most that may go, went first


def test_unknown_width_keeps_the_preferred_widths() -> None:
    assert plan_widths(INSTALLATIONS, 0)["status"] == 19


def test_a_cut_header_takes_room_a_column_does_not_use() -> None:
    needs = [
        ColumnNeed("name", 20, 20),
        ColumnNeed("place", 14, 8),
        ColumnNeed("first", 10, 11, header=11),
    ]
    widths = plan_widths(needs, 20 + 14 + 10 + 3 * PADDING)
    assert widths["first"] == 11 and widths["place"] < 14
