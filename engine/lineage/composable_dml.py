"""T-SQL composable DML: `INSERT INTO t SELECT ... FROM (MERGE ... OUTPUT ...) AS x WHERE ...`.

SQL Server's INSERT may read the rows another DML statement's OUTPUT gives (the usual SCD2
shape: a MERGE expires the changed rows, the INSERT re-inserts them from its OUTPUT). The DML
writes its table as it would on its own; the derived table is the SELECT of the rows its
OUTPUT gives, read as `OUTPUT ... INTO` reads them (`dml.output_rows`: `inserted.c` and
`deleted.c` the target's column c, the source's columns as they are, `$action` a constant).
sqlglot parses a MERGE there; an UPDATE, DELETE or INSERT there is a parse error, which
`parse._composable_note` names.
"""

from __future__ import annotations

from sqlglot import exp

from engine.lineage.dml import output_rows
from engine.lineage.returning import attach_ctes
from engine.lineage.statements import Unsupported

_DML = (exp.Merge, exp.Insert, exp.Update, exp.Delete)
def composed_dml(tree: exp.Expr) -> list[exp.Expr]:
    """Replace each DML statement in a derived table of `tree` by the SELECT of the rows its
    OUTPUT gives, and return the statements taken out, each standalone with the CTEs it reads.
    Raise `Unsupported` for one without OUTPUT, whose rows nothing tells."""
    taken: list[exp.Expr] = []
    for subquery in [s for s in tree.find_all(exp.Subquery) if isinstance(s.this, _DML)]:
        dml = subquery.this
        kind = type(dml).__name__.upper()
        rows = output_rows(dml)
        if rows is None:
            raise Unsupported(
                f"composable DML: the {kind} in FROM has no OUTPUT that names its table's rows,"
                " so the rows the query reads from it are unknown"
            )
        statement = dml.copy()
        statement.set("returning", None)  # its rows go to the query, not to a table
        attach_ctes(statement, _visible_ctes(subquery))
        taken.append(statement)
        dml.replace(rows)
    return taken


def _visible_ctes(node: exp.Expr) -> list[exp.CTE]:
    """The CTEs of the WITHs around `node`, outermost first."""
    found: list[list[exp.CTE]] = []
    parent = node.parent
    while parent is not None:
        with_ = parent.args.get("with_")
        if isinstance(with_, exp.With):
            found.append(list(with_.expressions))
        parent = parent.parent
    return [cte for ctes in reversed(found) for cte in ctes]
