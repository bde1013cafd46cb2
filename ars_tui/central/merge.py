"""The field-level three-way merge of an update (docs/SYNC.md, "The server": update rule).

A pure function, no database: it takes what the user saw (``base``), what they want (``mine``)
and what the server holds now (``theirs``), and says which fields to write or which conflict.

Field by field, for every field the op changes:

- the server already holds the new value -> nothing to write, no conflict (a replayed or
  converging edit);
- the server still holds the value the user saw -> write the new value;
- anything else -> a conflict: someone changed that field since the user read it.

One conflicting field makes the whole op a conflict and nothing of it is written: half an edit
(a new status without the date that goes with it) could break a record's rules. Fields the op
does not touch are never looked at, so two people editing different fields merge by themselves.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

#: Marks a field absent from a mapping (None is a real value: an empty field).
MISSING: Any = object()


@dataclass(frozen=True)
class FieldConflict:
    """One field that cannot be applied: the value seen, wanted, and the server's."""

    field: str
    base: Any
    mine: Any
    theirs: Any


@dataclass(frozen=True)
class MergeOutcome:
    """What to write (``changes``), or why not (``conflicts``, then ``changes`` is empty)."""

    changes: dict[str, Any] = field(default_factory=dict)
    conflicts: list[FieldConflict] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.conflicts


def merge_fields(
    base: Mapping[str, Any], mine: Mapping[str, Any], theirs: Mapping[str, Any]
) -> MergeOutcome:
    """Three-way merge of one update op against the server's record.

    ``mine`` holds the fields the op changes; ``base`` the values the user saw for them (a field
    without a base value conflicts unless the server already has the new value: without it the
    server cannot tell whether someone else changed the field); ``theirs`` the server's record.
    """
    changes: dict[str, Any] = {}
    conflicts: list[FieldConflict] = []
    for name, wanted in mine.items():
        current = theirs.get(name)
        if current == wanted:
            continue
        seen = base.get(name, MISSING)
        if seen is not MISSING and seen == current:
            changes[name] = wanted
        else:
            conflicts.append(
                FieldConflict(
                    field=name,
                    base=None if seen is MISSING else seen,
                    mine=wanted,
                    theirs=current,
                )
            )
    if conflicts:
        return MergeOutcome(conflicts=conflicts)
    return MergeOutcome(changes=changes)
