"""The pure three-way merge of an update (ars_tui/central/merge.py), checked with Hypothesis.

The properties are docs/SYNC.md's update rule, field by field: apply when the server still has what
the user saw (or already has the new value), conflict otherwise, and then apply nothing.
"""

from __future__ import annotations

from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from ars_tui.central.merge import FieldConflict, MergeOutcome, merge_fields

FIELDS = ["a", "b", "c", "d", "e"]
values = st.one_of(st.none(), st.integers(-3, 3), st.sampled_from(["x", "y", "é"]), st.booleans())
records = st.fixed_dictionaries({name: values for name in FIELDS})


#: (base, mine, theirs): what the user saw of the fields they changed, their values, the server's.
Scenario = tuple[dict[str, Any], dict[str, Any], dict[str, Any]]


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    """(base, mine, theirs): the user saw ``seen``, changed some fields; the server moved on."""
    seen = draw(records)
    changed = draw(st.lists(st.sampled_from(FIELDS), unique=True))
    mine = {name: draw(values) for name in changed}
    base = {name: seen[name] for name in changed}
    theirs = dict(seen)
    for name in draw(st.lists(st.sampled_from(FIELDS), unique=True)):
        theirs[name] = draw(values)
    return base, mine, theirs


def _merged(
    scenario: Scenario,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, Any], MergeOutcome]:
    """The scenario's three mappings and their merge."""
    base, mine, theirs = scenario
    return base, mine, theirs, merge_fields(base, mine, theirs)


@given(scenarios())
def test_conflicts_are_exactly_the_fields_changed_on_both_sides_differently(
    scenario: Scenario,
) -> None:
    base, mine, theirs, outcome = _merged(scenario)
    expected = {name for name in mine if theirs[name] != base[name] and theirs[name] != mine[name]}
    assert {conflict.field for conflict in outcome.conflicts} == expected
    for conflict in outcome.conflicts:
        assert conflict == FieldConflict(
            conflict.field, base[conflict.field], mine[conflict.field], theirs[conflict.field]
        )


@given(scenarios())
def test_a_conflict_applies_nothing_otherwise_the_result_has_every_new_value(
    scenario: Scenario,
) -> None:
    _base, mine, theirs, outcome = _merged(scenario)
    if outcome.conflicts:
        assert outcome.changes == {}
        assert not outcome.ok
        return
    merged = {**theirs, **outcome.changes}
    assert all(merged[name] == value for name, value in mine.items())
    # Fields the op does not touch keep the server's value (nobody's edit is overwritten).
    assert all(merged[name] == theirs[name] for name in FIELDS if name not in mine)


@given(scenarios())
def test_a_written_field_still_had_the_value_the_user_saw(
    scenario: Scenario,
) -> None:
    base, _mine, theirs, outcome = _merged(scenario)
    for name, value in outcome.changes.items():
        assert theirs[name] == base[name]
        assert theirs[name] != value  # nothing written that is already there


@given(records, st.dictionaries(st.sampled_from(FIELDS), values))
def test_nobody_else_changed_anything_so_it_always_applies(
    seen: dict[str, Any], mine: dict[str, Any]
) -> None:
    base = {name: seen[name] for name in mine}
    outcome = merge_fields(base, mine, seen)
    assert outcome.ok
    assert outcome.changes == {name: value for name, value in mine.items() if seen[name] != value}


@given(records, records, st.sets(st.sampled_from(FIELDS)))
def test_disjoint_edits_merge_by_themselves(
    seen: dict[str, Any], other: dict[str, Any], mine_fields: set[str]
) -> None:
    """Someone else changed only fields this op does not touch: no conflict."""
    theirs = {name: (seen[name] if name in mine_fields else other[name]) for name in FIELDS}
    mine = {name: other[name] for name in mine_fields}
    outcome = merge_fields({name: seen[name] for name in mine_fields}, mine, theirs)
    assert outcome.ok


@given(scenarios())
def test_a_replay_after_the_op_was_applied_changes_nothing_and_never_conflicts(
    scenario: Scenario,
) -> None:
    base, mine, theirs, first = _merged(scenario)
    if first.conflicts:
        return
    after = {**theirs, **first.changes}
    again = merge_fields(base, mine, after)
    assert again.ok and again.changes == {}


def test_a_field_without_a_base_value_conflicts_unless_already_equal() -> None:
    outcome = merge_fields({}, {"a": 1}, {"a": 2})
    assert outcome.conflicts == [FieldConflict("a", None, 1, 2)]
    assert merge_fields({}, {"a": 2}, {"a": 2}).ok


def test_none_is_a_value_not_a_missing_base() -> None:
    # The user saw an empty field and filled it; the server still has it empty: applies.
    assert merge_fields({"a": None}, {"a": "x"}, {"a": None}).changes == {"a": "x"}
    # Someone filled it meanwhile: conflict, not a silent overwrite.
    outcome = merge_fields({"a": None}, {"a": "x"}, {"a": "y"})
    assert outcome.conflicts == [FieldConflict("a", None, "x", "y")]
