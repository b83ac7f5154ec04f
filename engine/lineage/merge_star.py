"""MERGE `UPDATE SET *` / `INSERT *` from a source of unknown columns into a known target.

`dml.merge_write` reads such a branch as `SELECT s.* FROM target JOIN s ON ...`, by name: qualify
expands `s.*` when it knows the source's columns, and the target keeps those it has. When the
source's columns are unknown the star stays, and the target would get a made-up column `*`.
But Delta sets each column of the *target* from the source column of the same name (the source
must have it, or the MERGE fails), so a known target names them: `s.c AS c` per target column.
`WITH SCHEMA EVOLUTION` (cut before parsing, `neutral.py`) may add the source's other columns;
like a known source's extra columns, those are not followed.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.optimizer.scope import Scope


def unexpanded_source_star(root: Scope) -> tuple[exp.Select, exp.Expr] | None:
    """The SELECT of a MERGE star branch whose `s.*` qualify could not expand, and its
    source; else None."""
    select = root.expression
    if not isinstance(select, exp.Select) or len(select.expressions) != 1:
        return None
    only = select.expressions[0]
    is_star = isinstance(only, exp.Star) or (isinstance(only, exp.Column) and only.is_star)
    source = _source(select) if is_star else None
    return (select, source) if source is not None else None


def name_target_columns(select: exp.Select, source: exp.Expr, columns: list[str]) -> None:
    """Replace the branch's star by the source's column of each target column's name."""
    alias = exp.to_identifier(source.alias_or_name)
    select.set("expressions", [exp.alias_(exp.column(c, table=alias), c) for c in columns])


def _source(select: exp.Select) -> exp.Expr | None:
    # the branch's SELECT is `FROM target JOIN source ON ...` (`dml._merge_branch`)
    joins = select.args.get("joins") or []
    return joins[0].this if len(joins) == 1 else None
