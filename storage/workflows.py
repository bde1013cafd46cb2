"""Workflows as data: loaded from ``workflows.toml``, checked once, asked by the store.

>>> wf = workflow_for("installation_project", {})
>>> wf.label_of("premier_contact")
'Premier contact'
>>> wf.can_go("premier_contact", "installe")
False
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from storage import vocabulary as voc


class TransitionError(ValueError):
    """A transition the workflow does not allow; ``str()`` is the French message for the user."""


@dataclass(frozen=True)
class State:
    code: str
    label: str
    targets: tuple[str, ...]
    is_exit: bool = False
    is_final: bool = False
    #: Fields that must be filled to enter this state (e.g. the installation date).
    requires: tuple[str, ...] = ()


@dataclass(frozen=True)
class Workflow:
    code: str
    label: str
    initial: str
    states: Mapping[str, State]

    def label_of(self, state: str) -> str:
        return self.states[state].label if state in self.states else state

    def targets(self, state: str) -> tuple[str, ...]:
        """The states a record in ``state`` may go to, in the workflow's order."""
        return self.states[state].targets if state in self.states else ()

    def can_go(self, current: str, target: str) -> bool:
        return target in self.targets(current)

    def check_transition(self, current: str, target: str) -> None:
        """Raise :class:`TransitionError` (French text) unless ``current -> target`` is allowed."""
        if target not in self.states:
            raise TransitionError(voc.MSG_UNKNOWN_STATE.format(workflow=self.label, state=target))
        if not self.can_go(current, target):
            allowed = ", ".join(f"« {self.label_of(code)} »" for code in self.targets(current))
            raise TransitionError(
                voc.MSG_ILLEGAL_TRANSITION.format(
                    workflow=self.label,
                    current=self.label_of(current),
                    target=self.label_of(target),
                    allowed=allowed or voc.MSG_NO_TRANSITION_LEFT,
                )
            )


@cache
def _load() -> tuple[dict[str, Workflow], dict[str, Any]]:
    raw = tomllib.loads(resources.files("storage").joinpath("workflows.toml").read_text("utf-8"))
    entities = raw.pop("entities")
    workflows: dict[str, Workflow] = {}
    for code, spec in raw.items():
        states = {
            item["code"]: State(
                code=item["code"],
                label=item["label"],
                targets=tuple(item["to"]),
                is_exit=item.get("exit", False),
                is_final=item.get("final", False),
                requires=tuple(item.get("requires", ())),
            )
            for item in spec["states"]
        }
        for state in states.values():
            unknown = set(state.targets) - states.keys()
            if unknown:
                raise ValueError(f"workflows.toml: {code}.{state.code} -> {sorted(unknown)}")
        if spec["initial"] not in states:
            raise ValueError(f"workflows.toml: {code} initial state {spec['initial']!r}")
        workflows[code] = Workflow(code, spec["label"], spec["initial"], states)
    return workflows, entities


def workflows() -> dict[str, Workflow]:
    """Every workflow by its code."""
    return _load()[0]


def has_workflow(entity: str) -> bool:
    return entity in _load()[1]


def workflow_for(entity: str, record: Mapping[str, Any]) -> Workflow:
    """The workflow a record of type ``entity`` with these values follows.

    Raises ``KeyError`` for a record type without a workflow, ``ValueError`` (French message) when
    the record's type field has a value no workflow covers.
    """
    flows, entities = _load()
    rule = entities[entity]
    if isinstance(rule, str):
        return flows[rule]
    value = record.get(rule["by_field"])
    if value in (None, ""):
        raise TransitionError(voc.MSG_REQUIRED.format(label=voc.field_label(rule["by_field"])))
    if value not in rule or value == "by_field":
        raise TransitionError(
            voc.MSG_NOT_IN_CHOICES.format(
                label=voc.field_label(rule["by_field"]),
                value=value,
                choices=", ".join(key for key in rule if key != "by_field"),
            )
        )
    return flows[rule[value]]
