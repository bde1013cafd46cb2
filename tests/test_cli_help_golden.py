"""Every ``--help`` of the command line, word for word, against the text recorded in
``tests/data/cli_help.txt``: the command line is a contract (docs/ARCHITECTURE.md), so a
refactor of the parser building must leave each command, option and help text as it was.

To record it again after a change *meant* to alter the help:
``ARS_TUI_RECORD_HELP=1 python -m pytest tests/test_cli_help_golden.py``.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from ars_tui import cli, paths

GOLDEN = Path(__file__).parent / "data" / "cli_help.txt"
#: Each command and sub-command whose help is recorded (the empty one: ``ars-tui --help``).
COMMANDS: tuple[tuple[str, ...], ...] = (
    (),
    ("demo",),
    ("sync",),
    ("config",),
    ("config", "set"),
    ("config", "show"),
    ("serve",),
    ("token",),
    ("token", "create"),
    ("token", "revoke"),
    ("token", "list"),
    ("import",),
    ("export",),
    ("report",),
    ("web",),
    ("zonage",),
)
#: A fixed home and width, so that the default paths and the wrapping do not depend on the machine.
FIXED_HOME = "/srv/ars-tui-home"
WIDTH = "100"


def _help(capsys: pytest.CaptureFixture[str], command: tuple[str, ...]) -> str:
    code = cli.main([*command, "--help"])
    out, err = capsys.readouterr()
    assert code == 0 and err == ""
    return out


def _section(command: tuple[str, ...]) -> str:
    return "=== ars-tui " + " ".join([*command, "--help"])


def _all_help(capsys: pytest.CaptureFixture[str]) -> str:
    return "".join(f"{_section(command)}\n{_help(capsys, command)}" for command in COMMANDS)


def _sections(text: str) -> dict[str, str]:
    """The recorded text cut at each ``=== `` heading, keyed by the heading."""
    sections: dict[str, str] = {}
    heading = ""
    for line in text.splitlines(keepends=True):
        if line.startswith("=== "):
            heading = line.rstrip("\n")
            sections[heading] = ""
        else:
            sections[heading] += line
    return sections


@pytest.fixture
def fixed_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(paths.HOME_ENV, FIXED_HOME)
    monkeypatch.setenv("COLUMNS", WIDTH)


@pytest.mark.usefixtures("fixed_terminal")
def test_every_help_is_unchanged(capsys: pytest.CaptureFixture[str]) -> None:
    now = _all_help(capsys)
    if os.environ.get("ARS_TUI_RECORD_HELP"):
        GOLDEN.write_text(now, encoding="utf-8")
    recorded = _sections(GOLDEN.read_text(encoding="utf-8"))
    assert list(recorded) == [_section(command) for command in COMMANDS]
    for heading, text in _sections(now).items():
        assert text == recorded[heading], heading


@pytest.mark.usefixtures("fixed_terminal")
def test_every_command_of_the_parser_is_recorded(capsys: pytest.CaptureFixture[str]) -> None:
    """A command added later gets its help recorded too: the list above is the parser's."""
    import argparse

    with cli._argparse_in_french():
        parser = cli.build_parser()

    def walk(node: argparse.ArgumentParser, prefix: tuple[str, ...]) -> list[tuple[str, ...]]:
        found = [prefix]
        for action in node._actions:
            if isinstance(action, argparse._SubParsersAction):
                for name, child in action.choices.items():
                    found += walk(child, (*prefix, name))
        return found

    assert sorted(walk(parser, ())) == sorted(COMMANDS)
