"""Rewrite MERGE, UPDATE and multi-table inserts into SELECTs that feed the target's columns.

`UPDATE t SET a = x + s.y FROM s WHERE t.id = s.id` computes, for the rows it touches,
`SELECT x + s.y AS a FROM t, s WHERE t.id = s.id`: the target stays in FROM, so `SET x = x + 1`
keeps the old value as a source and a WHERE on the target is a FILTER on what is written. MERGE
becomes one such SELECT per WHEN branch over `target JOIN source ON <merge condition>`, with the
branch's `AND <condition>` as its WHERE. Only the rewritten queries are analysed; the original
statement is never generated back to SQL.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlglot import exp

from engine.lineage.merge_replace import REPLACES, replacing_rows
from engine.lineage.schema import TaskSchema, table_id
from engine.lineage.statements import (
    Part,
    Unsupported,
    Write,
    attach_with,
    computed_rows,
    insert_write,
    is_temp,
    target_of,
)


def update_writes(update: exp.Update, schema: TaskSchema | None = None) -> list[Write]:
    """Return the writes of `UPDATE t SET ... [FROM ...] [WHERE ...]` (MySQL UPDATE JOIN too):
    one per table written, for MySQL's `UPDATE a JOIN b ... SET a.x = ..., b.y = ...` writes
    each table its assignments name; T-SQL's UPDATE of a CTE writes its table (`cte_targets`:
    a bare name in it is placed with the known columns of `schema`)."""
    from engine.lineage.cte_targets import cte_updated  # it builds on statements' types

    select, base = updated_rows(update)
    with_ = update.args.get("with_")
    groups = _by_table_written(update.expressions, base, select)
    writes = []
    for i, (table, items) in enumerate(groups):
        query = select if i == len(groups) - 1 else select.copy()
        projections, columns = assignments(items, table.alias_or_name)
        query.set("expressions", projections)
        written = table
        through = cte_updated(table, with_, columns or (), schema) if table is base else None
        if through is not None:  # the query reads the CTE; its table's columns are written
            written, columns = through.table, through.columns
        more = with_ is not None and i < len(groups) - 1
        writes.append(
            Write(
                kind="update",
                target=table_id(written),
                temp=is_temp(written),
                parts=(Part(attach_with(query, with_.copy() if more else with_), columns),),
                reads_target=True,
            )
        )
    return writes


def _by_table_written(
    items: list[exp.Expr], base: exp.Table, rows: exp.Select
) -> list[tuple[exp.Table, list[exp.Expr]]]:
    """The assignments of an UPDATE by the table they write: `base`'s, unless the column's
    qualifier names another table the rows join (MySQL's multi-table UPDATE), in order."""
    named: dict[str, exp.Table] = {}
    for join in rows.args.get("joins") or []:
        table = join.this
        if isinstance(table, exp.Table) and table_id(table) not in (None, table_id(base)):
            named.setdefault(table.alias_or_name.lower(), table)
    named.pop(base.alias_or_name.lower(), None)
    groups: dict[int, tuple[exp.Table, list[exp.Expr]]] = {id(base): (base, [])}
    for item in items:
        lhs = item.this if isinstance(item, exp.EQ) else None
        first = lhs.expressions[0] if isinstance(lhs, exp.Tuple) and lhs.expressions else lhs
        qualifier = first.table.lower() if isinstance(first, exp.Column) else ""
        table = named.get(qualifier, base) if named and qualifier else base
        groups.setdefault(id(table), (table, []))[1].append(item)
    return [g for g in groups.values() if g[1] or (g[0] is base and len(groups) == 1)]


def updated_rows(update: exp.Update) -> tuple[exp.Select, exp.Table]:
    """The rows an UPDATE changes, as a SELECT with no projections over its target and its
    FROM / joined tables with its WHERE, and the relation in it that is the target. Takes the
    nodes out of `update`."""
    target = update.this
    if not isinstance(target, exp.Table) or table_id(target) is None:
        raise Unsupported("cannot tell which table UPDATE writes")
    # MySQL `UPDATE t JOIN s ON ... SET` parses the joins onto the target.
    relations, joins = _split_joins(target)
    from_ = update.args.get("from_")
    if from_ is not None:
        more, more_joins = _split_joins(from_.this)
        relations += more
        joins += more_joins
    # T-SQL `UPDATE u SET ... FROM dbo.users u JOIN ...` names the target by its FROM alias.
    aliased = next(
        (
            r
            for r in relations[1:]
            if isinstance(r, exp.Table)
            and not target.args.get("db")
            and r.alias_or_name.lower() == target.name.lower()
        ),
        None,
    )
    joined = next(
        (
            j.this
            for j in joins
            if from_ is not None and aliased is None
            and isinstance(j.this, exp.Table)
            and not target.args.get("db")
            and j.this.alias_or_name.lower() == target.name.lower()
        ),
        None,
    )  # `UPDATE t SET ... FROM src s JOIN tgt t ON ...`: the joined item, its ON kept
    base = aliased or joined or target
    first = relations[1] if joined is not None else base
    select = exp.Select()
    select.set("from_", exp.From(this=first))
    cross = [exp.Join(this=r) for r in relations if r is not first and r is not target]
    select.set("joins", cross + joins)
    select.set("where", update.args.get("where"))
    return select, base


def merge_write(merge: exp.Merge) -> Write:
    """Return the write of a MERGE: one query per WHEN branch that updates or inserts."""
    target, source = merge.this, merge.args.get("using")
    if not isinstance(target, exp.Table) or table_id(target) is None or source is None:
        raise Unsupported("cannot tell which tables MERGE reads and writes")
    if merge.meta_get(REPLACES):  # Redshift's REMOVE DUPLICATES: s's rows, by position
        query = attach_with(replacing_rows(merge, target, source), merge.args.get("with_"))
        parts = [Part(query)]
    else:
        parts = _merge_parts(merge, target, source)
    return Write(
        kind="merge",
        target=table_id(target),
        temp=is_temp(target),
        parts=tuple(parts),
        reads=(merge,),
        reads_target=True,
        insert_columns=_inserted_columns(merge),
    )


def listed_columns(trees: Iterable[exp.Expr | None]) -> dict[str, frozenset[str]]:
    """The columns each INSERT's column list and each MERGE's `INSERT (...)` list among
    `trees` name, by the table written (as written)."""
    out: dict[str, set[str]] = {}
    for tree in trees:
        if isinstance(tree, exp.Insert) and isinstance(tree.this, exp.Schema):
            table = tree.this.this
            names = [c.name.lower() for c in tree.this.expressions]
        elif isinstance(tree, exp.Merge):
            table, names = tree.this, list(_inserted_columns(tree))
        else:
            continue
        tid = table_id(table) if isinstance(table, exp.Table) and names else None
        if tid is not None:
            out.setdefault(tid, set()).update(names)
    return {tid: frozenset(names) for tid, names in out.items()}


def _inserted_columns(merge: exp.Merge) -> tuple[str, ...]:
    """The columns a MERGE's `WHEN NOT MATCHED THEN INSERT (a, b)` lists, in order (several
    INSERT branches: each column once); none for `INSERT *` / `INSERT ROW` / no list."""
    whens = merge.args.get("whens")
    found: dict[str, None] = {}
    for when in whens.expressions if whens is not None else []:
        then = when.args.get("then")
        if isinstance(then, exp.Insert) and isinstance(then.this, exp.Tuple):
            names = [c.name.lower() for c in then.this.expressions if isinstance(c, exp.Column)]
            if len(names) == len(then.this.expressions):  # not `INSERT VALUES (...)`
                found.update(dict.fromkeys(names))
    return tuple(found)


def _merge_parts(merge: exp.Merge, target: exp.Table, source: exp.Expr) -> list[Part]:
    parts = []
    whens = merge.args.get("whens")
    # A branch applies only to rows no earlier branch of the same kind took: earlier conditions
    # filter it too (`WHEN MATCHED AND s.deleted THEN DELETE WHEN MATCHED THEN UPDATE ...`).
    earlier: dict[tuple[bool, bool], list[exp.Expr]] = {}
    for when in whens.expressions if whens is not None else []:
        kind = (bool(when.args.get("matched")), bool(when.args.get("source")))
        _bare_names_of_one_side(when, target, source)
        conditions: list[exp.Expr] = [
            exp.Not(this=exp.Paren(this=c.copy())) for c in earlier.get(kind, [])
        ]
        if when.args.get("condition") is not None:
            conditions.append(when.args["condition"].copy())
            earlier.setdefault(kind, []).append(when.args["condition"])
        part = _merge_branch(merge, when, target, source, conditions)
        if part is not None:
            parts.append(part)
    return parts


# A bare name `_bare_names_of_one_side` qualified: a script's variable (or a routine's
# parameter) of that name where the side has no such column (`one_side_name`)
_ONE_SIDE = "lp_one_side_name"


def one_side_name(column: exp.Column) -> bool:
    """True if `column` was written bare in a MERGE branch where one side's row exists, and
    qualified with that side (`_bare_names_of_one_side`): if the side has no column of its
    name, it is the variable of that name, as a bare name is."""
    return bool(column.meta_get(_ONE_SIDE))


def _bare_names_of_one_side(when: exp.When, target: exp.Table, source: exp.Expr) -> None:
    """Qualify the bare names of a branch where only one side's row exists: the source's in
    WHEN NOT MATCHED [BY TARGET] (dbt snapshots write `INSERT (id) VALUES (id)`), the
    target's in WHEN NOT MATCHED BY SOURCE. Elsewhere both sides are visible. Each is marked
    (`one_side_name`): which names are variables is known where the side's columns are."""
    if when.args.get("matched"):
        return
    side = (target if when.args.get("source") else source).alias_or_name
    then = when.args.get("then")
    roots: list[exp.Expr | None] = [when.args.get("condition")]
    if isinstance(then, (exp.Insert, exp.Update)):
        roots.append(then.args.get("where"))  # Oracle's `INSERT ... VALUES (...) WHERE c`
    if isinstance(then, exp.Insert):
        roots += [then.expression]
        if isinstance(then.this, exp.Tuple):  # `INSERT VALUES (...)`: read as a function
            roots += [e for e in then.this.expressions if isinstance(e, exp.Anonymous)]
    elif isinstance(then, exp.Update):
        roots += [e.expression for e in then.expressions if isinstance(e, exp.EQ)]
    for root in roots if side else []:
        for column in list(root.find_all(exp.Column)) if isinstance(root, exp.Expr) else []:
            if column.table or isinstance(column.this, exp.Star) or _is_default(column):
                continue
            if isinstance(column.find_ancestor(exp.Select, exp.Merge), exp.Select):
                continue  # a subquery's own name
            column.set("table", exp.to_identifier(side))
            column.meta[_ONE_SIDE] = True


def _merge_branch(
    merge: exp.Merge,
    when: exp.When,
    target: exp.Table,
    source: exp.Expr,
    conditions: list[exp.Expr],
) -> Part | None:
    then = when.args.get("then")
    source_alias = source.alias_or_name
    if isinstance(then, exp.Update):
        projections, columns = assignments(then.expressions, source_alias)
        by_name = columns is None
    elif isinstance(then, exp.Insert):
        projections, columns, by_name = _insert_values(then, source_alias)
    else:
        return None  # DELETE, DO NOTHING
    own = then.args.get("where")
    if isinstance(own, exp.Where):  # Oracle's `UPDATE SET ... WHERE c`: this branch's rows
        conditions = [*conditions, own.this.copy()]
    select = exp.Select(expressions=projections)
    select.set("from_", exp.From(this=target.copy()))
    on = merge.args.get("on")
    select.set("joins", [exp.Join(this=source.copy(), on=on.copy() if on else None)])
    if conditions:
        select.set("where", exp.Where(this=exp.and_(*conditions, copy=False)))
    with_ = merge.args.get("with_")
    query = attach_with(select, with_.copy() if with_ is not None else None)
    return Part(query, columns, by_name=by_name)


def conflict_part(
    insert: exp.Insert,
    table: exp.Table,
    rows: exp.Expr,
    cols: tuple[str, ...] | None,
    known: list[str] | None = None,
) -> Part | None:
    """`INSERT ... ON CONFLICT (k) DO UPDATE SET a = t.a + excluded.a` (MySQL: `ON DUPLICATE
    KEY UPDATE a = a + VALUES(a)`) updates the target from the proposed rows: it computes
    `SELECT t.a + excluded.a AS a FROM t JOIN (<rows>) AS excluded(<cols>) ON t.k = excluded.k`,
    so, as in an UPDATE, the target's old value is a source of what it writes. `known` are the
    target's columns, if known: a bare name the target has not is another relation's."""
    conflict = insert.args.get("conflict")
    if conflict is None or not conflict.expressions:
        return None  # DO NOTHING
    name = table.alias_or_name
    proposed = _proposed_rows(rows, cols, known)
    # VALUES rows with a query in them are read as a query: the values of its other rows
    # are constants, and a VALUES table is only a list of names to qualify
    computed = computed_rows(rows) if isinstance(rows, exp.Values) else None
    excluded = computed or rows.copy()
    if isinstance(excluded, exp.Values):
        excluded.set("alias", proposed.table_alias())
    else:
        excluded = exp.Subquery(this=excluded, alias=proposed.table_alias())
    items = [_proposed(e.copy(), name, proposed, known) for e in conflict.expressions]
    projections, columns = assignments(items, proposed.alias)
    select = None
    if conflict.args.get("duplicate"):
        select = _over_the_selected_rows(rows, table, proposed, projections)
    if select is None:
        keys = [k.unnest() for k in conflict.args.get("conflict_keys") or []]
        keys = [k.this if isinstance(k, exp.Ordered) else k for k in keys]
        on = [exp.column(k.name, name).eq(exp.column(k.name, proposed.alias)) for k in keys]
        select = exp.Select(expressions=projections)
        select.set("from_", exp.From(this=table.copy()))
        select.set("joins", [exp.Join(this=excluded, on=exp.and_(*on) if on else None)])
    where = conflict.args.get("where")
    if isinstance(where, exp.Where):  # `DO UPDATE SET ... WHERE c`: only the rows where c
        condition = _proposed_value(where.this.copy(), name, proposed, known)
        select.set("where", exp.Where(this=condition))
    return Part(select, columns)


@dataclass(frozen=True)
class _ProposedRows:
    """The rows an upsert proposes as the table its UPDATE reads: `excluded`, or MySQL's row
    alias `VALUES (...) AS new[(a, b)]`, with its columns by position."""

    alias: str
    columns: tuple[str, ...]
    inserted: tuple[str, ...] | None  # the INSERT's column list
    renamed: bool  # the row alias names its columns: bare names may be those

    def table_alias(self) -> exp.TableAlias:
        return exp.TableAlias(
            this=exp.to_identifier(self.alias), columns=[exp.to_identifier(c) for c in self.columns]
        )

    def value_of(self, column: str) -> exp.Column:
        """MySQL's `VALUES(c)`: the value proposed for the inserted column c."""
        name = column.lower()
        inserted = self.inserted or ()
        if self.renamed and name in inserted and len(inserted) == len(self.columns):
            name = self.columns[inserted.index(name)]
        return exp.column(name, self.alias)


def _proposed_rows(
    rows: exp.Expr, cols: tuple[str, ...] | None, known: list[str] | None
) -> _ProposedRows:
    """Name the proposed rows: by MySQL's row alias if there is one, else `excluded`, with the
    INSERT's column list, else the target's known columns if the rows are as wide."""
    alias = rows.args.get("alias") if isinstance(rows, exp.Values) else None
    if isinstance(alias, exp.TableAlias) and alias.name:
        own = tuple(c.name.lower() for c in alias.columns)
        return _ProposedRows(alias.name, own or cols or (), cols, bool(own))
    if cols is None and known and _width(rows) == len(known):
        cols = tuple(known)
    return _ProposedRows("excluded", cols or (), cols, False)


def _width(rows: exp.Expr) -> int | None:
    """How many columns a VALUES or SELECT gives, if no star hides it."""
    if isinstance(rows, exp.Values) and rows.expressions:
        first = rows.expressions[0]
        return len(first.expressions) if isinstance(first, exp.Tuple) else 1
    if isinstance(rows, exp.Select) and not any(
        isinstance(e, exp.Star) or isinstance(e.this, exp.Star) for e in rows.expressions
    ):
        return len(rows.expressions)
    return None


def _over_the_selected_rows(
    rows: exp.Expr, table: exp.Table, proposed: _ProposedRows, projections: list[exp.Expr]
) -> exp.Select | None:
    """MySQL's `INSERT ... SELECT ... ON DUPLICATE KEY UPDATE b = b + c` may name a column of
    the SELECT's sources (`c`) where the target has none, so the UPDATE is computed in the
    SELECT, over its FROM, WHERE and GROUP BY: each value a scalar subquery over the target
    (and the proposed rows, a CTE), where, as in MySQL, a bare name is the target's column if
    it has one and the SELECT's otherwise. None for a set operation, which MySQL's UPDATE
    cannot see into."""
    if not isinstance(rows, exp.Select):
        return None
    select = rows.copy()
    select.set("order", None)  # the order rows are inserted in: no value of the update's
    written = []
    reads_proposed = False
    for projection in projections:
        value = projection.this if isinstance(projection, exp.Alias) else projection
        inner = exp.Select(expressions=[value.copy()])
        inner.set("from_", exp.From(this=table.copy()))
        if any(c.table == proposed.alias for c in value.find_all(exp.Column)):
            reads_proposed = True
            inner.set("joins", [exp.Join(this=exp.to_table(proposed.alias))])
        written.append(exp.alias_(exp.Subquery(this=inner), projection.alias_or_name))
    # The SELECT's own outputs stay after the written ones: its GROUP BY / HAVING may name them.
    select.set("expressions", [*written, *select.expressions])
    if reads_proposed:
        body = rows.copy()
        body.set("with_", None)
        cte = exp.CTE(this=body, alias=proposed.table_alias())
        with_ = select.args.get("with_")
        if with_ is None:
            select.set("with_", exp.With(expressions=[cte]))
        else:
            with_.append("expressions", cte)
    return select


def _proposed(
    assignment: exp.Expr, target: str, proposed: _ProposedRows, known: list[str] | None
) -> exp.Expr:
    """An upsert's `SET a = <value>`, its value read by `_proposed_value`."""
    value = assignment.expression if isinstance(assignment, exp.EQ) else None
    if value is not None:
        assignment.set("expression", _proposed_value(value, target, proposed, known))
    return assignment


def _proposed_value(
    value: exp.Expr, target: str, proposed: _ProposedRows, known: list[str] | None
) -> exp.Expr:
    """In an upsert's SET value or WHERE, MySQL's `VALUES(a)` is the proposed value of a, and
    a bare name one of the row alias's own column names or else the target's old value, unless
    the target's columns are known and it has no such column."""
    value = exp.Paren(this=value)  # a handle, so the value itself can be replaced
    for node in list(value.walk()):
        if isinstance(node, exp.Anonymous) and node.name.upper() == "VALUES" and node.expressions:
            node.replace(proposed.value_of(node.expressions[0].name))
        elif (
            isinstance(node, exp.Column)
            and not node.table
            and not isinstance(node.this, exp.Star)
            and not isinstance(node.find_ancestor(exp.Select), exp.Select)
        ):
            name = node.name.lower()
            if proposed.renamed and name in proposed.columns:
                node.set("table", exp.to_identifier(proposed.alias))
            elif known is None or name in known:
                node.set("table", exp.to_identifier(target))
    return value.this


def _insert_values(
    then: exp.Insert, source_alias: str
) -> tuple[list[exp.Expr], tuple[str, ...] | None, bool]:
    """`INSERT (a, b) VALUES (x, y)`, `INSERT VALUES (...)`, `INSERT *` or `INSERT ROW` in a
    MERGE branch."""
    cols = then.this
    values = then.expression
    # BigQuery `INSERT ROW` inserts every source column, like `INSERT *`.
    row = isinstance(cols, exp.Var) and cols.name.upper() == "ROW"
    if isinstance(cols, exp.Star) or row or (cols is None and values is None):
        return [_star(source_alias)], None, True
    if not values and isinstance(cols, exp.Tuple) and len(cols.expressions) == 1:
        only = cols.expressions[0]
        if isinstance(only, exp.Anonymous) and only.name.upper() == "VALUES":
            # `INSERT VALUES (x, y)` without a column list (BigQuery, Redshift): sqlglot reads
            # the values as a function `values(x, y)`; they fill the target's columns in order
            return [e.copy() for e in only.expressions], None, False
    names = tuple(c.name.lower() for c in cols.expressions) if isinstance(cols, exp.Tuple) else None
    exprs = values.expressions if isinstance(values, exp.Tuple) else [values] if values else []
    return [exp.Null() if _is_default(e) else e.copy() for e in exprs], names, False


def assigned_values(items: list[exp.Expr]) -> dict[str, exp.Expr]:
    """Each column a SET assigns (lowercase) -> the value it gets (`(a, b) = (x, y)` too)."""
    projections, columns = assignments(items, "")
    return {
        c: p.this for c, p in zip(columns or (), projections, strict=False)
        if isinstance(p, exp.Alias)
    }


def assignments(
    items: list[exp.Expr], star_alias: str
) -> tuple[list[exp.Expr], tuple[str, ...] | None]:
    """`SET a = x, (b, c) = (SELECT ...)` -> projections `x AS _lp_set_0, (SELECT ..) AS
    _lp_set_1, ...` and the columns they set, `(a, b, ...)`.

    The aliases name no column: in the SELECT an UPDATE becomes, a dialect that lets WHERE (or a
    later projection) see output aliases must still read the table's old `a` there, as the
    UPDATE does, never the value SET gives it. The target columns go by `Part.columns`."""
    projections: list[exp.Expr] = []
    columns: list[str] = []
    for item in items:
        if isinstance(item, exp.Star):  # MERGE ... UPDATE SET *: every source column by name
            return [_star(star_alias)], None
        if not isinstance(item, exp.EQ):
            continue
        lhs, rhs = item.this, item.expression
        if isinstance(lhs, (exp.Tuple, exp.Paren)):  # a column list: `(a, b)`, `(a)`
            targets = lhs.expressions if isinstance(lhs, exp.Tuple) else [lhs.this]
            rhs = _row(rhs, len(targets))
        else:
            targets = [lhs]
        if _is_default(rhs):
            rhs = exp.Null()  # `SET a = DEFAULT`: the column's default, a constant
        for i, col in enumerate(targets):
            columns.append(col.name.lower())
            alias = exp.to_identifier(f"_lp_set_{len(projections)}")
            projections.append(exp.Alias(this=_nth_value(rhs, i, len(targets)), alias=alias))
    return projections, tuple(columns)


def _is_default(value: exp.Expr) -> bool:
    """The keyword DEFAULT, which sqlglot reads as a column named `default`."""
    return (
        isinstance(value, exp.Column)
        and not value.table
        and isinstance(value.this, exp.Identifier)
        and not value.this.quoted
        and value.name.lower() == "default"
    )


def _row(rhs: exp.Expr, width: int) -> exp.Expr:
    """The value a column list is set to, with a row constructor read as the tuple it is:
    sqlglot reads Postgres `ROW(x, y)` as a function `row` and a one-value `(x)` as a Paren."""
    if isinstance(rhs, exp.Anonymous) and rhs.name.lower() == "row":
        values = rhs.expressions
    elif isinstance(rhs, exp.Paren) and width == 1:
        values = [rhs.this]
    else:
        return rhs
    if len(values) != width:
        return rhs
    return values[0] if width == 1 else exp.Tuple(expressions=values)


def _nth_value(rhs: exp.Expr, i: int, width: int) -> exp.Expr:
    """The i-th value of a row assignment: from a tuple, or the i-th output of a subquery."""
    if width == 1:
        return rhs
    if isinstance(rhs, exp.Tuple) and len(rhs.expressions) == width:
        value: exp.Expr = rhs.expressions[i].copy()
        return value
    inner = rhs.unnest() if isinstance(rhs, exp.Subquery) else rhs
    if isinstance(inner, exp.Select) and len(inner.expressions) == width:
        picked = rhs.copy()
        picked_inner = picked.unnest() if isinstance(picked, exp.Subquery) else picked
        picked_inner.set("expressions", [picked_inner.expressions[i]])
        return picked
    return rhs.copy()


def multi_insert_writes(node: exp.MultitableInserts) -> list[Write]:
    """Hive `FROM src INSERT ... SELECT ... INSERT ...` and Snowflake `INSERT ALL/FIRST`."""
    source = node.args.get("source")
    with_ = node.args.get("with_")
    writes: list[Write] = []
    previous: list[exp.Expr] = []
    for item in node.expressions:
        if isinstance(item, exp.Insert):  # Hive: each SELECT reads the shared FROM
            query = item.expression
            if isinstance(query, exp.Select) and source is not None and not query.args.get("from_"):
                query.set("from_", exp.From(this=source.copy()))
            writes.append(insert_write(item, attach_with(query, with_.copy() if with_ else None)))
        elif isinstance(item, exp.ConditionalInsert) and isinstance(source, exp.Query):
            writes.append(_conditional_insert(node, item, source, previous))
    return writes


def _conditional_insert(
    node: exp.MultitableInserts,
    item: exp.ConditionalInsert,
    source: exp.Query,
    previous: list[exp.Expr],
) -> Write:
    """One `INTO t [(cols)] [VALUES (...)]` branch of INSERT ALL/FIRST over the source query."""
    insert = item.this
    values = insert.expression
    exprs = values.expressions[0].expressions if isinstance(values, exp.Values) else [exp.Star()]
    select = exp.Select(expressions=[e.copy() for e in exprs])
    select.set(
        "from_",
        exp.From(
            this=exp.Subquery(
                this=source.copy(), alias=exp.TableAlias(this=exp.to_identifier("_lp_src"))
            )
        ),
    )
    conditions = (
        [c.copy() for c in previous]
        if str(node.args.get("kind")).upper() == "FIRST" or item.args.get("else_")
        else []
    )
    conditions = [exp.Not(this=exp.Paren(this=c)) for c in conditions]
    if item.expression is not None:
        conditions.append(item.expression.copy())
        previous.append(item.expression)
    if conditions:
        select.set("where", exp.Where(this=exp.and_(*conditions)))
    return insert_write(insert, select)


def _split_joins(rel: exp.Expr) -> tuple[list[exp.Expr], list[exp.Join]]:
    """Detach the joins parsed onto a relation: comma-joined relations vs. real joins."""
    relations: list[exp.Expr] = [rel]
    joins: list[exp.Join] = []
    for join in rel.args.get("joins") or []:
        if (
            join.args.get("on") is None
            and join.args.get("using") is None
            and not (join.side or join.kind or join.method)
        ):
            relations.append(join.this)  # `FROM s, r`: a comma, not a join condition
        else:
            joins.append(join)
    if rel.args.get("joins"):
        rel.set("joins", None)
    return relations, joins


def _star(alias: str) -> exp.Expr:
    return exp.Column(this=exp.Star(), table=exp.to_identifier(alias)) if alias else exp.Star()


def _action(value: exp.Expr) -> exp.Expr:
    """`$action` (a MERGE's OUTPUT) is the action taken, INSERT/UPDATE/DELETE: a constant."""

    def constant(node: exp.Expr) -> exp.Expr:
        if isinstance(node, exp.Column) and not node.table and node.name.lower() == "$action":
            return exp.Literal.string("action")
        return node

    if isinstance(value, exp.Column) and not value.table and value.name.lower() == "$action":
        return exp.alias_(constant(value), value.this.copy())  # keep its output name
    return value.transform(constant, copy=False)


def output_write(statement: exp.Expr) -> Write | None:
    """The write of T-SQL's `OUTPUT ... INTO log [(columns)]` on an INSERT, UPDATE, DELETE or
    MERGE (`output_into` puts the target where sqlglot keeps it), else None.

    `inserted.c` and `deleted.c` are the changed rows' column c, after and before the change:
    both are read as the target's column c, which the statement's own write feeds, so the
    graph carries a value on from its sources. A MERGE's source columns are read as they are.
    The log is taken off the statement: it is written, not read, by it.
    """
    returning = statement.args.get("returning")
    log = returning.args.get("into") if isinstance(returning, exp.Returning) else None
    # a table, as `output_into` puts it; `RETURNING id INTO v_id` (PL/pgSQL) names a variable
    if not isinstance(log, (exp.Table, exp.Schema)) or not isinstance(
        statement, (exp.Insert, exp.Update, exp.Delete, exp.Merge)
    ):
        return None
    select = output_rows(statement)
    if select is None:
        return None
    table, columns = target_of(log)
    returning.set("into", None)
    return Write(kind="insert", target=table_id(table), temp=is_temp(table),
                 parts=(Part(select, columns),))


def output_rows(statement: exp.Expr) -> exp.Select | None:
    """The rows T-SQL's OUTPUT clause of an INSERT, UPDATE, DELETE or MERGE gives, as `SELECT
    <output> FROM t AS inserted, t AS deleted[, <merge source>]` (see `output_write`); None if
    it has none or its table cannot be named."""
    returning = statement.args.get("returning")
    if not isinstance(returning, exp.Returning) or not returning.expressions:
        return None
    changed = statement.this.this if isinstance(statement.this, exp.Schema) else statement.this
    if not isinstance(changed, exp.Table) or table_id(changed) is None:
        return None
    select = exp.Select(expressions=[_action(e.copy()) for e in returning.expressions])
    rows = [changed.copy(), changed.copy()]
    for row, alias in zip(rows, ("inserted", "deleted"), strict=True):
        row.set("alias", exp.TableAlias(this=exp.to_identifier(alias)))
    select.set("from_", exp.From(this=rows[0]))
    joins = [rows[1]]
    if isinstance(statement, exp.Merge) and statement.args.get("using") is not None:
        joins.append(statement.args["using"].copy())
    select.set("joins", [exp.Join(this=j) for j in joins])
    with_ = statement.args.get("with_")  # T-SQL's UPDATE of a CTE: its rows are the CTE's
    return attach_with(select, with_.copy()) if with_ is not None else select
