"""The README's examples are part of the product.

Every YAML block must load, every kind be documented.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from engine.config.catalog import load_catalog
from engine.policies import KINDS, kind_name
from engine.policies.loader import load_policies

ROOT = Path(__file__).resolve().parent.parent
README = (ROOT / "README.md").read_text()
YAML_BLOCKS = re.findall(r"```yaml\n(.*?)```", README, flags=re.S)


def _catalog_blocks() -> list[str]:
    return [b for b in YAML_BLOCKS if b.startswith(("dialect:", "#")) or "\nassets:" in b]


def test_readme_has_minimal_and_full_catalog_and_policies() -> None:
    assert len(_catalog_blocks()) == 2
    assert any(b.startswith("policies:") for b in YAML_BLOCKS)


@pytest.mark.parametrize("index", [0, 1])
def test_readme_catalog_examples_load(tmp_path: Path, index: int) -> None:
    (tmp_path / "sql").mkdir()
    (tmp_path / "sql" / "a.sql").write_text("SELECT 1;")
    path = tmp_path / "catalog.yaml"
    path.write_text(_catalog_blocks()[index])
    assert load_catalog(path).assets


def test_readme_policy_example_loads_against_the_full_catalog(tmp_path: Path) -> None:
    catalog_path = tmp_path / "catalog.yaml"
    catalog_path.write_text(_catalog_blocks()[1])
    policy_dir = tmp_path / "lineage_policies"
    policy_dir.mkdir()
    (policy_dir / "p.yaml").write_text(next(b for b in YAML_BLOCKS if b.startswith("policies:")))
    result = load_policies(policy_dir, load_catalog(catalog_path), root=tmp_path)
    assert {p.kind for p in result.policies} == {kind_name(k) for k in KINDS}
    assert len(result.waivers) == 1


@pytest.mark.parametrize("kind", [kind_name(k) for k in KINDS])
def test_readme_documents_every_kind(kind: str) -> None:
    assert f"- **`{kind}`**" in README


def test_ci_installs_from_scratch_and_runs_the_readmes_test_command() -> None:
    """`.ci/run` must stay exactly what the README tells a new user to run."""
    section = README.split("## Two commands", 1)[1].split("\n## ", 1)[0]
    commands = re.findall(r"```sh\n(.*?)\n```", section, flags=re.S)
    test_command = next(c for c in commands if "pytest" in c)
    script = (ROOT / ".ci" / "run").read_text().splitlines()
    assert script[-1] == test_command
    assert "rm -rf .venv" in script  # from scratch: no environment left from an earlier run
    assert script.index("rm -rf .venv") < len(script) - 1
