"""Every ``>>>`` example in the packages runs as a doctest, and none is skipped.

An example that cannot run (it needs a database, a terminal) is written without ``>>>``, as a
plain code block: the reader sees code, not a session that nothing checks.
"""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("ars_tui", "screens", "storage")


def modules_with_examples() -> list[str]:
    """Dotted names of the package modules whose source holds a ``>>>`` line."""
    names = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            lines = path.read_text(encoding="utf-8").splitlines()
            if any(line.lstrip().startswith(">>>") for line in lines):
                parts = path.relative_to(ROOT).with_suffix("").parts
                names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_the_packages_have_examples() -> None:
    assert len(modules_with_examples()) >= 5


@pytest.mark.parametrize("name", modules_with_examples())
def test_the_examples_run(name: str) -> None:
    module = importlib.import_module(name)
    source = Path(module.__file__ or "").read_text(encoding="utf-8")
    written = sum(line.lstrip().startswith(">>>") for line in source.splitlines())
    finder = doctest.DocTestFinder(exclude_empty=True)
    tests = [test for test in finder.find(module) if test.examples]
    found = sum(len(test.examples) for test in tests)
    # Each >>> line is one example (or the continuation-free start of one): none sits where
    # doctest cannot see it (a comment, a string that is not a docstring).
    assert found == written, f"{name}: {written} '>>>' lines, {found} examples doctest runs"
    skipped = [
        example.source.strip()
        for test in tests
        for example in test.examples
        if example.options.get(doctest.SKIP)
    ]
    assert not skipped, f"{name}: examples that never run: {skipped}"
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    for test in tests:
        runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.failed == 0, f"{name}: {results.failed} examples failed (see the output)"
