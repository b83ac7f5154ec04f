"""Which target column each output of a query part feeds, and which SELECTs produce its rows.

A part's outputs go to an explicit column list, else to the target's known columns by position
(INSERT without a list), else by name (CTAS, views, `INSERT BY NAME`, MERGE `INSERT *`). A set
operation's rows come from each of its branches; the right side of an EXCEPT only removes rows.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.optimizer.scope import Scope

from engine.lineage.schema import TaskSchema
from engine.lineage.scopes import removes_rows
from engine.lineage.statements import Part, Write

# Writes whose outputs fill the target's known columns by position when nothing names them.
_POSITIONAL = frozenset({"insert", "insert_overwrite", "merge"})


def target_columns(write: Write, part: Part, schema: TaskSchema) -> list[str] | None:
    """The target column each output position feeds, or None to use the output names."""
    if part.columns is not None:
        return list(part.columns)
    # (a MERGE part with neither: `INSERT VALUES (...)` without a column list)
    if part.by_name or write.kind not in _POSITIONAL or write.target is None:
        return None
    known = schema.columns(write.target)
    if not known:
        return None
    return [c for c in known if c not in write.static_partitions]


def by_name(part: Part, write: Write, schema: TaskSchema, outputs: list[str]) -> list[str | None]:
    """Output names as target columns; `INSERT BY NAME`, MERGE `INSERT *` / `UPDATE SET *`
    write only the columns the target has (None: an output no target column takes)."""
    known = schema.columns(write.target) if part.by_name and write.target else None
    if not known or "*" in outputs:
        return list(outputs)
    return [name if name in known else None for name in outputs]


def branches(root: Scope) -> list[tuple[Scope, bool, tuple[Scope, ...]]]:
    """The SELECTs whose projections produce the root's rows (each arm of a UNION), in order,
    each with whether it only removes rows (the right side of an EXCEPT) and the set
    operations around it (whose ORDER BY sorts its rows too)."""
    out: list[tuple[Scope, bool, tuple[Scope, ...]]] = []
    stack: list[tuple[Scope, bool, tuple[Scope, ...]]] = [(root, False, ())]
    while stack:
        scope, only_removes, wrappers = stack.pop()
        if isinstance(scope.expression, exp.SetOperation) and scope.set_operation_scopes:
            stack.extend(
                (child, only_removes or removes_rows(scope, i), (*wrappers, scope))
                for i, child in reversed(list(enumerate(scope.set_operation_scopes)))
            )
        else:
            out.append((scope, only_removes, wrappers))
    return out
