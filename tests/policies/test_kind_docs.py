"""Every policy kind documents itself: summary line, an Example that validates, "Fires when"."""

from __future__ import annotations

import re
import sys

import pytest

from engine.policies import KINDS, PolicyBase, kind_name
from engine.policies.loader import PolicyFile
from engine.yamlio import parse_yaml, validate

EXAMPLE = re.compile(r"Example:?\s*\n\s*```yaml\n(.*?)```", re.S)


def _doc(kind: type[PolicyBase]) -> str:
    return sys.modules[kind.__module__].__doc__ or ""


@pytest.mark.parametrize("kind", KINDS, ids=kind_name)
def test_docstring_has_summary_example_and_fires_when(kind: type[PolicyBase]) -> None:
    doc = _doc(kind)
    first = doc.strip().splitlines()[0]
    assert first.endswith(".") and len(first) < 100, first
    assert EXAMPLE.search(doc), "no ```yaml block after 'Example:'"
    assert "Fires when" in doc


@pytest.mark.parametrize("kind", KINDS, ids=kind_name)
def test_docstring_example_validates(kind: type[PolicyBase]) -> None:
    match = EXAMPLE.search(_doc(kind))
    assert match
    doc = parse_yaml(match.group(1), display_path=f"{kind_name(kind)} docstring")
    policies = validate(doc, PolicyFile).policies
    assert policies and all(isinstance(p, kind) for p in policies)


def test_kinds_are_unique_and_registered_once() -> None:
    names = [kind_name(k) for k in KINDS]
    assert len(names) == len(set(names)) == len(KINDS)

