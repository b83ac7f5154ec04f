"""Runs every named case in `cases/<kind>.yaml` against its policy kind.

A case is plain facts plus a policy and what must (and must not) be flagged::

    - name: pii reaches an export unmasked
      catalog: {...}                  # a catalog.yaml as a dict (or `catalog: base` for the file's)
      tasks: [{task: sql/a.sql, reads: [raw.users], writes: [export.feed]}]
      edges: ["raw.users.email -> export.feed.email @ sql/a.sql:3"]
      tags:                           # derived assignments; declared ones come from the catalog
        - {column: export.feed.email, tag: pii.email,
           path: [raw.users.email, "export.feed.email @ sql/a.sql:3"]}
      assets: {export.feed: {owner: growth}}   # AssetInfo field overrides
      policy: {id: p, kind: flow, tag: pii, to: {zone: export}}
      expect:
        fail: ["export.feed.email pii.email"]  # '<asset>[.<column>][ <tag>]', exactly these
        pass: [export.feed.country]            # nothing flagged on these (asset or column)
        detail: {"export.feed.email pii.email": {message: ..., location: sql/a.sql:3}}
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from pydantic import TypeAdapter

from engine.codec import pack
from engine.config.catalog import Catalog, catalog_from_data
from engine.models import (
    AssetInfo,
    ColumnInfo,
    ColumnRef,
    LineageEdge,
    PathStep,
    StatementLineage,
    TagAssignment,
    TagAssignments,
    TaskLineage,
    Violation,
)
from engine.policies import KINDS, EvalContext, Policy, evaluate, kind_name
from engine.propagation import column_less

CASES = Path(__file__).parent / "cases"


def _load_cases() -> list[Any]:
    from engine.yamlio import read_yaml

    params = []
    for path in sorted(CASES.glob("*.yaml")):
        data = read_yaml(path, display_path=path.name).data
        for case in data["cases"]:
            if case.get("catalog") == "base" or "catalog" not in case:
                case = {**case, "catalog": data.get("catalog", {})}
            params.append(pytest.param(case, id=f"{path.stem}: {case['name']}"))
    return params


def _col(ref: str) -> ColumnRef:
    asset, _, column = ref.rpartition(".")
    return ColumnRef(asset=asset, column=column)


def _where(text: str) -> tuple[str, str | None, int | None]:
    """Split 'raw.users.email @ sql/a.sql:3' into (column id, task, line)."""
    ref, _, at = (s.strip() for s in text.partition("@"))
    if not at:
        return ref, None, None
    task, _, line = at.rpartition(":")
    return ref, task, int(line)


def _edge(text: str) -> LineageEdge:
    arrow, _, at = text.partition("@")
    src, _, dst = (s.strip() for s in arrow.partition("->"))
    _, task, line = _where(f"x @ {at.strip()}") if at else ("", "sql/t.sql", 1)
    return LineageEdge(source=_col(src), target=_col(dst), type="DIRECT", subtype="IDENTITY",
                       task=task or "sql/t.sql", statement_index=0, line=line or 1)


def _assignment(fact: dict[str, Any]) -> TagAssignment:
    steps = []
    for i, hop in enumerate(fact.get("path") or [fact["column"]]):
        ref, task, line = _where(hop)
        col = _col(ref)
        steps.append(PathStep(asset=col.asset, column=col.column, task=task, line=line,
                              transform="declared" if i == 0 else "DIRECT.IDENTITY"))
    origin = fact.get("origin") or f"{steps[0].asset}.{steps[0].column}"
    return TagAssignment(column=_col(fact["column"]), tag=fact["tag"], origin=_col(origin),
                         origin_tag=fact.get("origin_tag", fact["tag"]), declared=False,
                         masked=fact.get("masked", False), path=tuple(steps))


def _declared(catalog: Catalog) -> list[TagAssignment]:
    out = []
    for asset in catalog.assets:
        for column, tags in catalog.declared_column_tags(asset).items():
            ref = ColumnRef(asset=asset, column=column)
            step = PathStep(asset=asset, column=column, transform="declared")
            out += [TagAssignment(column=ref, tag=t, origin=ref, origin_tag=t, declared=True,
                                  path=(step,)) for t in tags]
    return out


def _tasks(facts: list[dict[str, Any]]) -> tuple[TaskLineage, ...]:
    out = []
    for f in facts:
        reads, line = tuple(f.get("reads", ())), f.get("line", 1)
        sts = [StatementLineage(index=i, line=line, kind="insert", target=t, sources=reads)
               for i, t in enumerate(f.get("writes", ()))] or \
              [StatementLineage(index=0, line=line, kind="select", sources=reads)]
        out.append(TaskLineage(task=f["task"], sha256="0" * 64, status=f.get("status", "ok"),
                               statements=tuple(sts)))
    return tuple(out)


def _assets(
    case: dict[str, Any], catalog: Catalog, ctx_parts: dict[str, Any]
) -> dict[str, AssetInfo]:
    tasks, edges, tags = ctx_parts["lineage"], ctx_parts["edges"], ctx_parts["tags"]
    ids = set(catalog.assets) | {a for t in tasks for a in (*t.reads, *t.writes)}
    ids |= {c.asset for e in edges for c in (e.source, e.target)}
    ids |= {a.column.asset for a in tags.items} | set(case.get("assets", {}))
    out = {}
    for aid in sorted(ids):
        info = catalog.asset_info(aid) if aid in catalog.assets else AssetInfo(
            id=aid, declared=False, zone=catalog.zone_of(aid), sink=catalog.is_sink(aid),
            source=catalog.is_source(aid),
            columns=tuple(ColumnInfo(name=c) for c in sorted(
                {e.target.column for e in edges if e.target.asset == aid})))
        updates: dict[str, Any] = {
            "read_by": tuple(sorted(t.task for t in tasks if any(  # as engine.inventory
                aid in st.sources and st.target != aid for st in t.statements))),
            "written_by": tuple(sorted(t.task for t in tasks if aid in t.writes)),
        }
        for key, value in (case.get("assets", {}).get(aid) or {}).items():
            updates[key] = tuple(ColumnInfo(name=c) for c in value) if key == "columns" else value
        out[aid] = AssetInfo(**{**info.model_dump(), **updates})
    return out


def _with_edges(tasks: tuple[TaskLineage, ...], edges: tuple[LineageEdge, ...], packed: bool
                ) -> tuple[TaskLineage, ...]:
    """The tasks with each edge added to its task (a task only edges name is added)."""
    by_task: dict[str, list[LineageEdge]] = {}
    for e in edges:
        by_task.setdefault(e.task, []).append(e)
    out = [t.model_copy(update={"edges": tuple(by_task.pop(t.task, ()))}) for t in tasks]
    out += [TaskLineage(task=task, sha256="0" * 64, status="ok", edges=tuple(found))
            for task, found in by_task.items()]
    return tuple(pack(t) if packed else t for t in out)


def build_context(case: dict[str, Any], packed: bool = False) -> EvalContext:
    """Return the EvalContext a case's facts describe (with `packed`, edges as read from the
    cache: `engine.codec`)."""
    catalog = catalog_from_data(case.get("catalog") or {})
    edges = tuple(_edge(e) for e in case.get("edges", []))
    parts: dict[str, Any] = {
        "lineage": _with_edges(_tasks(case.get("tasks", [])), edges, packed),
        "tags": TagAssignments(items=tuple(
            _declared(catalog) + [_assignment(f) for f in case.get("tags", [])])),
    }
    assets = _assets(case, catalog, {**parts, "edges": edges})
    # a column-less asset's table-level tags, as propagation gives them
    parts["tags"] = parts["tags"].model_copy(update={"column_less": column_less(assets)})
    return EvalContext(catalog=catalog, assets=assets, today=date(2026, 6, 1), **parts)


def key(v: Violation) -> str:
    """'<asset>[.<column>][ <tag>]': how cases name a violation."""
    subject = f"{v.asset}.{v.column}" if v.column else v.asset
    return f"{subject} {v.tag}" if v.tag else subject


@pytest.mark.parametrize("packed", [False, True], ids=["decoded", "packed"])
@pytest.mark.parametrize("case", _load_cases())
def test_case(case: dict[str, Any], packed: bool) -> None:
    policy = TypeAdapter(Policy).validate_python(case["policy"])
    found = evaluate([policy], build_context(case, packed))
    keys = [key(v) for v in found]
    expect = case["expect"]
    assert sorted(keys) == sorted(expect.get("fail", [])), [v.message for v in found]
    for clean in expect.get("pass", []):
        hits = [k for k in keys if k.split(" ")[0] == clean or k.startswith(clean + ".")]
        assert not hits, f"{clean} should pass but got {hits}"
    by_key = {key(v): v for v in found}
    for k, detail in (expect.get("detail") or {}).items():
        _check_detail(by_key[k], detail)


def _check_detail(v: Violation, detail: dict[str, Any]) -> None:
    if "message" in detail:
        assert v.message == detail["message"]
    if "location" in detail:
        assert (str(v.location) if v.location else None) == detail["location"]
    if "path" in detail:
        assert [f"{s.asset}.{s.column}" for s in v.path] == detail["path"]
    for text in detail.get("evidence", []):
        assert any(text in e for e in v.evidence), (text, v.evidence)


def test_every_kind_has_cases() -> None:
    """A kind without pass/fail cases is untested; the case file is part of adding a kind."""
    assert {kind_name(k) for k in KINDS} <= {p.stem for p in CASES.glob("*.yaml")}


def test_cases_cover_pass_and_fail() -> None:
    """Each kind's file has at least one case that fires and one that stays quiet."""
    by_kind: dict[str, set[bool]] = {}
    for param in _load_cases():
        case = param.values[0]
        by_kind.setdefault(case["policy"]["kind"], set()).add(bool(case["expect"].get("fail")))
    assert all(v == {True, False} for v in by_kind.values()), by_kind
