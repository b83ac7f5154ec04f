"""Oracle's UPDATE of an inline join view: `UPDATE (SELECT t.a, s.b FROM t JOIN s ON ...) v
SET v.a = v.b [WHERE ...]`.

The view must be key-preserved: each column SET names is a plain column of one of its tables,
which is the table written (Oracle refuses an expression, ORA-01733). The rows and values are
the view's: `SELECT v.b AS _lp_set_0 FROM (SELECT ...) v WHERE ...` feeds t.a, so the join's
keys and the view's WHERE reach it as a derived table's do. A SET naming columns of two
tables (which Oracle refuses, ORA-01776) is one write per table. sqlglot reads no unaliased
view before SET (`UPDATE (SELECT ...) SET a = b`): `update_from.py` gives it an alias first.
"""

from __future__ import annotations

from sqlglot import exp

from engine.lineage.base_columns import output_column
from engine.lineage.dml import assignments
from engine.lineage.schema import TaskSchema, table_id
from engine.lineage.statements import Part, Unsupported, Write, is_temp
from engine.lineage.update_from import VIEW_ALIAS


def view_update_writes(update: exp.Update, schema: TaskSchema | None) -> list[Write]:
    """Return the writes of an UPDATE whose target is a parenthesised query (one per table
    its SET writes through the view); an unqualified column of the view is placed with the
    known columns of its tables (`schema`)."""
    view = update.this
    query = view.this if isinstance(view, exp.Subquery) else None
    if not isinstance(query, exp.Select):
        raise Unsupported("cannot tell which table an UPDATE of this query writes")
    if not view.alias:
        view.set("alias", exp.TableAlias(this=exp.to_identifier(VIEW_ALIAS)))
    projections, columns = assignments(update.expressions, view.alias)
    groups: dict[str, tuple[exp.Table, list[exp.Expr], list[str]]] = {}
    for projection, name in zip(projections, columns or (), strict=True):
        base = output_column(query, None, name, schema)
        if base is None:
            raise Unsupported(f"cannot tell which table the view's column `{name}` belongs to")
        table, column = base
        tid = table_id(table)
        if tid is None:
            raise Unsupported(f"the view's column `{name}` is no table's column")
        entry = groups.setdefault(tid, (table, [], []))
        entry[1].append(projection)
        entry[2].append(column)
    where = update.args.get("where")
    writes = []
    for i, (tid, (table, values, written)) in enumerate(groups.items()):
        last = i == len(groups) - 1
        select = exp.Select(expressions=values)
        select.set("from_", exp.From(this=view if last else view.copy()))
        if where is not None:
            select.set("where", where if last else where.copy())
        writes.append(
            Write(
                kind="update",
                target=tid,
                temp=is_temp(table),
                parts=(Part(select, tuple(written)),),
                reads_target=True,
            )
        )
    return writes
