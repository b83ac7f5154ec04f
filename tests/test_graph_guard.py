"""A graph path naming a file this tool did not make is refused before anything is written."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import MakeProject
from tests.test_cli import CATALOG, POLICY, SQL, invoke


@pytest.fixture
def project(make_project: MakeProject) -> Path:
    return make_project(CATALOG, sql=SQL, policies={"privacy.yaml": POLICY})


def _tree(root: Path) -> dict[str, bytes | None]:
    return {str(p.relative_to(root)): p.read_bytes() if p.is_file() else None
            for p in sorted(root.rglob("*"))}


@pytest.mark.parametrize("command", [["check", "--wait"], ["report", "--wait"],
                                     ["trace", "raw.users.email"], ["query", "RETURN 1"]])
@pytest.mark.parametrize("target", ["catalog.yaml", "sql/stg.sql", "sql"])
def test_a_graph_path_naming_another_file_is_refused(project: Path, command: list[str],
                                                      target: str) -> None:
    root = project.parent
    before = _tree(root)
    code, out, err = invoke(command[0], "--catalog", str(project), "--graph",
                            str(root / target), *command[1:])
    assert code == 2, err
    assert f"{root / target}: cannot write the lineage graph here" in err
    assert "--graph" in err and out == ""
    assert _tree(root) == before  # nothing replaced, nothing created beside it


def test_graph_path_in_the_catalog_is_named(project: Path) -> None:
    project.write_text(CATALOG + "graph: {path: catalog.yaml}\n")
    before = project.read_bytes()
    code, _, err = invoke("check", "--catalog", str(project))
    assert code == 2
    assert "graph.path in catalog.yaml" in err and "not a lineage graph" in err
    assert project.read_bytes() == before


def test_a_graph_path_under_a_file_is_exit_2(project: Path) -> None:
    under = project.parent / "sql/stg.sql/g.kuzu"
    for command in (["check"], ["trace", "raw.users.email"]):
        code, _, err = invoke(command[0], "--catalog", str(project), "--graph", str(under),
                              *command[1:])
        assert code == 2, err
        assert "sql/stg.sql is not a directory" in err and "--graph" in err


def test_a_graph_this_tool_made_is_still_replaced(project: Path) -> None:
    graph = project.parent / "g.kuzu"
    assert invoke("check", "--wait", "--catalog", str(project), "--graph", str(graph))[0] == 1
    assert graph.read_bytes()[:4] == b"KUZU"
    project.write_text(CATALOG.replace("30", "31"))  # stale now
    code, _, err = invoke("trace", "--catalog", str(project), "--graph", str(graph),
                          "raw.users.email")
    assert code == 0, err
    assert "Building the lineage graph (the catalog changed)" in err
    with open(graph, "r+b") as fh:  # damaged, still a Kùzu file: rebuilt as before
        fh.truncate(4096)
    code, _, err = invoke("trace", "--catalog", str(project), "--graph", str(graph),
                          "raw.users.email")
    assert code == 0, err
    assert "(the stored graph cannot be read)" in err
