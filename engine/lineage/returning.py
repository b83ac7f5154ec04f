"""Postgres writable CTEs: `WITH x AS (INSERT | UPDATE | DELETE ... [RETURNING ...]) <statement>`.

The DML in the WITH writes its table as the same statement on its own would; the CTE is the rows
its RETURNING gives, so for the statement it is the SELECT of those rows:

- DELETE: the deleted rows, `SELECT <returning> FROM t [, <using>] WHERE <c>`;
- UPDATE: the updated rows over the UPDATE's own FROM / WHERE, where a column the SET assigns is
  its new value (the SET expression) and any other the old one;
- INSERT: the inserted rows, `SELECT <returning> FROM (<query or VALUES>) AS t(<columns>)`; a
  column the INSERT leaves to its default is a constant.

Postgres 18's `old.c` / `new.c` name the row before and after the change.
"""

from __future__ import annotations

from sqlglot import exp

from engine.lineage.dml import assigned_values, updated_rows
from engine.lineage.statements import Unsupported, target_of

_DML = (exp.Insert, exp.Update, exp.Delete)


def writable_ctes(tree: exp.Expr) -> list[exp.Expr]:
    """Rewrite each writable CTE of `tree`'s WITH into the SELECT of the rows it returns, and
    return the DML statements taken out, each standalone with the CTEs it reads."""
    with_ = tree.args.get("with_")
    if not isinstance(with_, exp.With):
        return []
    statements: list[exp.Expr] = []
    earlier: list[exp.CTE] = []
    for cte in list(with_.expressions):
        dml = cte.this
        if not isinstance(dml, _DML):
            earlier.append(cte)
            continue
        statement = dml.copy()
        attach_ctes(statement, earlier)
        statements.append(statement)
        rows = _returned_rows(dml)
        if rows is None:
            cte.pop()  # nothing returned: nothing for the statement to read
            continue
        dml.replace(rows)
        earlier.append(cte)
    if not with_.expressions:
        with_.pop()
    return statements


def attach_ctes(statement: exp.Expr, earlier: list[exp.CTE]) -> None:
    """Give a DML statement taken out of a WITH the earlier CTEs it reads, directly or not."""
    names = {c.alias_or_name.lower(): c for c in earlier}
    needed: set[str] = set()
    pending: list[exp.Expr] = [statement]
    while pending:
        for table in pending.pop().find_all(exp.Table):
            name = table.name.lower()
            if not table.args.get("db") and name in names and name not in needed:
                needed.add(name)
                pending.append(names[name].this)
    if not needed:
        return
    ctes = [c.copy() for c in earlier if c.alias_or_name.lower() in needed]
    own = statement.args.get("with_")
    statement.set("with_", exp.With(expressions=[*ctes, *(own.expressions if own else [])]))


def _returned_rows(dml: exp.Expr) -> exp.Select | None:
    """The SELECT of the rows a DML statement's RETURNING gives (None: it returns none)."""
    returning = dml.args.get("returning")
    if not isinstance(returning, exp.Returning) or not returning.expressions:
        return None
    try:
        if isinstance(dml, exp.Delete):
            return _deleted_rows(dml, returning.expressions)
        if isinstance(dml, exp.Update):
            return _updated_rows(dml, returning.expressions)
        if isinstance(dml, exp.Insert):
            return _inserted_rows(dml, returning.expressions)
    except Unsupported:
        pass  # a target it cannot name: the rows are unknown
    return None


def _deleted_rows(delete: exp.Delete, returned: list[exp.Expr]) -> exp.Select | None:
    """`DELETE FROM t [USING u] WHERE c RETURNING a`: `SELECT a FROM t [, u] WHERE c`."""
    table = delete.this
    if not isinstance(table, exp.Table):
        return None
    name = table.alias_or_name
    select = exp.Select(expressions=[_old_row(e.copy(), name) for e in returned])
    select.set("from_", exp.From(this=table.copy()))
    using = delete.args.get("using")
    if using:
        select.set("joins", [exp.Join(this=u.copy()) for u in using])
    if delete.args.get("where") is not None:
        select.set("where", delete.args["where"].copy())
    return select


def _updated_rows(update: exp.Update, returned: list[exp.Expr]) -> exp.Select:
    """`UPDATE t SET a = x ... RETURNING a, b`: `SELECT x AS a, b FROM t ... WHERE ...`."""
    copied = update.copy()
    select, base = updated_rows(copied)
    name = base.alias_or_name
    values = assigned_values(copied.expressions)
    others = [j.this.alias_or_name.lower() for j in select.args.get("joins") or []]
    projections: list[exp.Expr] = []
    for item in returned:
        if _is_star(item, ("", name.lower(), "new")):
            projections.append(_star(name, values))
            if isinstance(item, exp.Star):  # a bare `*` is every relation's columns
                projections += [
                    exp.Column(this=exp.Star(), table=exp.to_identifier(o)) for o in others
                ]
            continue
        projections.append(_named(_new_row(item.copy(), name, values, others), item))
    select.set("expressions", projections)
    return select


def _inserted_rows(insert: exp.Insert, returned: list[exp.Expr]) -> exp.Select | None:
    """`INSERT INTO t (a, b) <rows> RETURNING a`: `SELECT a FROM (<rows>) AS t(a, b)`."""
    rows = insert.expression
    if rows is None:
        return None
    table, columns = target_of(insert.this)
    name = table.alias_or_name
    alias = exp.TableAlias(
        this=exp.to_identifier(name), columns=[exp.to_identifier(c) for c in columns or ()]
    )
    source = rows.copy()
    if isinstance(source, exp.Values):
        source.set("alias", alias)
    else:
        source = exp.Subquery(this=source, alias=alias)
    row = ("", name.lower(), "new")

    def inserted(node: exp.Expr) -> exp.Expr:
        if not isinstance(node, exp.Column) or isinstance(node.this, exp.Star):
            return node
        qualifier = _qualifier(node)
        if qualifier == "old":
            return exp.Null()  # an inserted row has no old version
        if qualifier not in row:
            return node
        if columns is not None and node.name.lower() not in columns:
            return exp.Null()  # left to its default: a constant
        return exp.column(node.this.copy(), name)

    projections = [_named(item.copy().transform(inserted, copy=False), item) for item in returned]
    select = exp.Select(expressions=projections)
    select.set("from_", exp.From(this=source))
    return select


def _old_row(value: exp.Expr, target: str) -> exp.Expr:
    """`old.c` (Postgres 18) in a RETURNING is the target's column c as it was."""

    def old(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and _qualifier(node) == "old":
            return exp.column(node.this.copy(), target)
        return node

    return value.transform(old, copy=False)


def _new_row(
    value: exp.Expr, target: str, values: dict[str, exp.Expr], others: list[str]
) -> exp.Expr:
    """A RETURNING expression of an UPDATE over the updated row: a column the SET assigns is
    its new value, any other the target's (old) value."""
    row = ("", target.lower(), "new")

    def new(node: exp.Expr) -> exp.Expr:
        if not isinstance(node, exp.Column):
            return node
        qualifier = _qualifier(node)
        if qualifier is None or qualifier in others or qualifier not in (*row, "old"):
            return node  # another relation's, or a subquery's own
        assigned = values.get(node.name.lower()) if qualifier != "old" else None
        if assigned is not None:
            return exp.Paren(this=assigned.copy())
        return exp.column(node.this.copy(), target) if qualifier else node

    return value.transform(new, copy=False)


def _qualifier(column: exp.Column) -> str | None:
    """The lowercase table qualifier of a RETURNING column ("" if bare), or None for a bare
    name inside a subquery of the RETURNING, which may be its own tables' column."""
    if not column.table and column.find_ancestor(exp.Select) is not None:
        return None
    return column.table.lower()


def _is_star(item: exp.Expr, qualifiers: tuple[str, ...]) -> bool:
    """`*` (if "" is one of `qualifiers`), or `q.*` for q one of them."""
    if isinstance(item, exp.Star):
        return "" in qualifiers
    return (
        isinstance(item, exp.Column)
        and isinstance(item.this, exp.Star)
        and item.table.lower() in qualifiers
    )


def _star(target: str, values: dict[str, exp.Expr]) -> exp.Expr:
    """`t.*` with each assigned column replaced by its new value."""
    star = exp.Star()
    if values:
        star.set("replace", [exp.alias_(v.copy(), c) for c, v in values.items()])
    return exp.Column(this=star, table=exp.to_identifier(target))


def _named(value: exp.Expr, written: exp.Expr) -> exp.Expr:
    """Keep the name a RETURNING column gave its output where the rewrite changed the node."""
    if not isinstance(written, exp.Column) or isinstance(written.this, exp.Star):
        return value
    if isinstance(value, exp.Column) and value.name == written.name:
        return value
    return exp.alias_(value, written.this.copy())
