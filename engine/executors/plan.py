"""Planning extraction: in which order, in what chunks, with which part of the schema.

A task that reads a table another task creates must be extracted after it, against the columns
that task gives the table (a `SELECT *` from it expands to them). Extracting every task at once
against the catalog alone, then again where the schema grew, cost the demo 88 extractions for 51
tasks. Ordered in waves — producers before readers, each wave in parallel, the schema grown
between waves — each task is extracted once, unless a guess of the reference scan was wrong (the
pipeline's fixed-point check still catches that).
"""

from __future__ import annotations

import math
from bisect import bisect_left
from collections.abc import Iterable, Iterator, Mapping, Sequence

from engine.lineage.references import References
from engine.models import Task

MAX_CHUNK = 100  # tasks per chunk: per-chunk overhead (pickling, a round trip) stays small
CHUNKS_PER_WORKER = 4  # at least this many chunks per worker, so no worker idles at the end


def chunked(tasks: Sequence[Task], workers: int) -> Iterator[tuple[Task, ...]]:
    """Yield `tasks` in order, in chunks sized to keep `workers` busy to the end."""
    size = max(1, min(MAX_CHUNK, math.ceil(len(tasks) / (workers * CHUNKS_PER_WORKER))))
    for i in range(0, len(tasks), size):
        yield tuple(tasks[i : i + size])


def schema_subset(
    tables: Iterable[str], schema: Mapping[str, Mapping[str, str]]
) -> dict[str, Mapping[str, str]]:
    """Return the entries of `schema` for `tables` (those it has): what a chunk ships."""
    return {t: schema[t] for t in tables if t in schema}


def waves(
    tasks: Sequence[Task], refs: Mapping[str, References], declared: frozenset[str]
) -> list[list[Task]]:
    """Return `tasks` in waves: each after the waves holding the producers of what it reads.

    A task produces the tables it writes that the catalog does not declare with columns
    (`declared`): only those take their columns from SQL. Tasks in a cycle share a wave.

    >>> from engine.lineage.references import References as R
    >>> a, b = Task(path="a", text="", sha256=""), Task(path="b", text="", sha256="")
    >>> refs = {"a": R(frozenset({"raw.t", "s.t"}), frozenset({"s.t"})),
    ...         "b": R(frozenset({"s.t", "s.u"}), frozenset({"s.u"}))}
    >>> [[t.path for t in w] for w in waves([b, a], refs, frozenset({"raw.t"}))]
    [['a'], ['b']]
    """
    producers: dict[str, list[int]] = {}
    for i, task in enumerate(tasks):
        for table in refs[task.path].writes - declared:
            producers.setdefault(table, []).append(i)
    deps = [
        sorted({j for table in refs[t.path].tables for j in producers.get(table, ()) if j != i})
        for i, t in enumerate(tasks)
    ]
    level = levels(deps)
    rank = _version_ranks(tasks, refs, level)
    grouped: dict[tuple[int, int], list[Task]] = {}
    for i, task in enumerate(tasks):
        grouped.setdefault((level[i], rank[i]), []).append(task)
    return [grouped[k] for k in sorted(grouped)]


def _version_ranks(
    tasks: Sequence[Task], refs: Mapping[str, References], level: Sequence[int]
) -> list[int]:
    """Each task's order within its level: after the new versions (an ALTER, a CREATE again)
    of tables it references made before it in task order, a version after the tasks before it.

    A migration history's files all write and reference one table, so they form one cycle
    and share a level; each sees the table as the files before it left it (`engine.altered`),
    so extracted together, a chain of n versions took n passes to settle (and past
    `MAX_SCHEMA_PASSES`, did not). Only a table two tasks of one level change orders anything:
    a level of CTAS tasks each making its own table stays one wave.
    """
    changing: dict[tuple[int, str], list[int]] = {}  # (level, table) -> the tasks changing it
    for i, task in enumerate(tasks):
        for table in refs[task.path].changes:
            changing.setdefault((level[i], table), []).append(i)
    steps = {key: found for key, found in changing.items() if len(found) > 1}
    if not steps:
        return [0] * len(tasks)
    stepped = {table for _, table in steps}
    rank = []
    for i, task in enumerate(tasks):
        own = refs[task.path]
        before = max((bisect_left(steps.get((level[i], t), ()), i)
                      for t in own.tables & stepped), default=0)
        rank.append(2 * before + any((level[i], t) in steps for t in own.changes))
    return rank


def levels(deps: Sequence[Sequence[int]]) -> list[int]:
    """Return each node's level: 0 without dependencies, else one above its highest dependency.

    The nodes of a cycle (a strongly connected component) share a level.

    >>> levels([[1], [], [0, 1], [4], [3]])
    [1, 0, 2, 0, 0]
    """
    components = _components(deps)
    component_of = {n: c for c, members in enumerate(components) for n in members}
    level_of = [0] * len(components)
    for c, members in enumerate(components):  # Tarjan emits dependencies first
        level_of[c] = max(
            (level_of[component_of[d]] + 1 for n in members for d in deps[n]
             if component_of[d] != c),
            default=0,
        )
    return [level_of[component_of[n]] for n in range(len(deps))]


def _components(deps: Sequence[Sequence[int]]) -> list[list[int]]:
    """Tarjan's strongly connected components, iteratively (no recursion limit on deep DAGs)."""
    index: dict[int, int] = {}
    low: dict[int, int] = {}
    stack: list[int] = []
    on_stack: set[int] = set()
    components: list[list[int]] = []
    for root in range(len(deps)):
        if root in index:
            continue
        work = [(root, 0)]
        while work:
            node, edge = work.pop()
            if edge == 0:
                index[node] = low[node] = len(index)
                stack.append(node)
                on_stack.add(node)
            for k in range(edge, len(deps[node])):
                nxt = deps[node][k]
                if nxt not in index:
                    work += [(node, k + 1), (nxt, 0)]  # visit nxt, then resume here
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                if low[node] == index[node]:
                    members = []
                    while not members or members[-1] != node:
                        members.append(stack.pop())
                        on_stack.discard(members[-1])
                    components.append(members)
                if work:
                    parent = work[-1][0]
                    low[parent] = min(low[parent], low[node])
    return components
