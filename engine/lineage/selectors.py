"""DuckDB's (and ClickHouse's) `COLUMNS(...)` selectors, written out as the columns they select.

`COLUMNS('^sales_')`, `COLUMNS(*)`, `COLUMNS(* EXCLUDE (id))` and `max(COLUMNS('^m_'))` stand
for one projection per matching column of the SELECT's sources, in their order; `UNPIVOT t ON
COLUMNS(* EXCLUDE (id))` unpivots those columns. sqlglot keeps the selector as one node, which
qualify neither expands nor understands (it took `id` in `* EXCLUDE (id)` for the unpivoted
column). Before qualify, each selector is written out against its sources' names: a table's
known columns, and a CTE's or derived table's output names, read from the query itself (its
projections' names once its own stars and selectors are written out, innermost first, renamed
by a column list). A bare selector over a table of unknown columns becomes that table's `t.*`
(an unresolved star, diagnosed where it is read, as any star over unknown columns). Any other
selector that cannot be written out (a lambda over names, `* REPLACE`, a source whose names the
query does not tell, one outside the SELECT list) is left as written with an `unresolved-star`
diagnostic; one that matches no known column (which the database rejects) is removed with an
`unresolved-column` diagnostic (the catalog may be stale).
"""

from __future__ import annotations

import re

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from engine.lineage.diagnostics import Diagnostics
from engine.lineage.schema import Columns, table_id, visible_cte
from engine.lineage.scopes import relations

# A relation's output names (name, quoted) in order; None: not known from the query. While a
# query's names are read, a column the database names (`1`, `b.z + 1`) is named None, which a
# column list may name (`c (n, z) AS (SELECT 1, ...)`)
Names = list[tuple[str, bool]] | None
_Named = list[tuple[str | None, bool]]
# A source of a SELECT: the name it is reached by, its names, and whether it is a named table
# whose columns nobody knows (a selector over it stands for `t.*`)
_Source = tuple[exp.Identifier | None, Names, bool]


def expand_selectors(
    query: exp.Expr, columns_of: Columns, dialect: Dialect, diagnostics: Diagnostics
) -> None:
    """Rewrite, in place, every `COLUMNS(...)` of `query` (see the module docstring);
    `columns_of(table_id)` gives a table's known columns."""
    nodes = list(query.find_all(exp.Columns))
    if nodes:
        _Expander(columns_of, dialect, diagnostics).run(nodes)


class _Expander:
    """Writes out the selectors of one query, each SELECT's once, its sources' first."""

    def __init__(self, columns_of: Columns, dialect: Dialect, diagnostics: Diagnostics) -> None:
        self._columns_of = columns_of
        self._dialect = dialect
        self._diagnostics = diagnostics
        self._names: dict[int, _Named | None] = {}  # a query's output names, by id
        self._busy: set[int] = set()  # queries whose names are being read (a recursive CTE)
        self._found: dict[int, list[exp.Columns]] = {}  # the selectors of each SELECT

    def run(self, nodes: list[exp.Columns]) -> None:
        """Write out `nodes`, every selector of the query, its SELECTs' sources first."""
        selects: list[exp.Select] = []
        unpivots: list[tuple[exp.Columns, exp.In, exp.Pivot]] = []
        for node in nodes:
            parent = node.parent
            if isinstance(parent, exp.In) and isinstance(parent.parent, exp.Pivot):
                unpivots.append((node, parent, parent.parent))
                continue
            select = node.find_ancestor(exp.Select)
            if not isinstance(select, exp.Select):
                self._unexpanded(node, "it is not in a SELECT list")
            elif id(select) in self._found:
                self._found[id(select)].append(node)
            else:
                self._found[id(select)] = [node]
                selects.append(select)
        for node, field, pivot in unpivots:
            self._unpivoted(node, field, pivot)
        for select in selects:
            self._expand(select)

    # -- writing selectors out ---------------------------------------------------------------

    def _expand(self, select: exp.Select) -> None:
        """Write out the selectors of `select` (once)."""
        found = self._found.pop(id(select), None)  # taken: each SELECT's are written out once
        if not found:
            return
        sources = self._sources(select)
        for node in found:
            projection: exp.Expr = node
            while projection.parent is not None and projection.parent is not select:
                projection = projection.parent
            if projection.arg_key != "expressions":
                self._unexpanded(node, "it is not in the SELECT list")
                continue
            if not any(p is projection for p in select.expressions):
                continue  # a second selector of a projection written out already
            self._expand_projection(select, projection, node, sources)

    def _expand_projection(
        self, select: exp.Select, projection: exp.Expr, node: exp.Columns, sources: list[_Source]
    ) -> None:
        bare = projection is node
        if not bare and len({c.sql() for c in projection.find_all(exp.Columns)}) > 1:
            self._unexpanded(node, "with another selector in its expression")
            return
        known: list[tuple[exp.Identifier | None, str, bool]] = []
        stand_ins: list[exp.Expr] = []
        for owner, names, unknown in sources:
            if names is not None:
                known.extend((owner, name, quoted) for name, quoted in names)
            elif unknown and bare and owner is not None:
                stand_ins.append(exp.Column(this=exp.Star(), table=owner.copy()))
            else:
                what = f"`{owner.name}`" if owner is not None else "a source"
                self._unexpanded(node, f"the columns of {what} are not known")
                return
        if not sources:
            self._unexpanded(node, "its SELECT has no source")
            return
        picked = _selected(node, known)
        if picked is None:
            self._unexpanded(node, "only the database can evaluate it")
            return
        if not picked and not stand_ins:
            owners = ", ".join(sorted({o.name for o, _, _ in sources if o is not None}))
            self._diagnostics.add(
                "unresolved-column",
                f"`{node.sql(dialect=self._dialect)}` matches none of the known columns of"
                f" {owners or 'its sources'} (the database rejects such a query): the catalog (or"
                " the DDL seen) may be stale",
                node,
            )
        expanded: list[exp.Expr] = []
        for owner, name, quoted in picked:
            column = exp.Column(
                this=exp.Identifier(this=name, quoted=quoted),
                table=owner.copy() if owner is not None else None,
            )
            if bare:
                expanded.append(column)
                continue
            copy = projection.copy()
            inner = [exp.column(name) for _ in copy.find_all(exp.Columns)]  # the same, repeated
            for selector, bare_column in zip(list(copy.find_all(exp.Columns)), inner):
                selector.replace(bare_column)
            if not isinstance(copy, exp.Alias):  # DuckDB names it as written, the column in place
                copy = exp.alias_(copy, copy.sql(dialect=self._dialect).lower(), quoted=True)
            for bare_column in inner:
                bare_column.replace(column.copy())
            expanded.append(copy)
        expanded.extend(stand_ins)
        kept = select.expressions
        select.set("expressions", [e for p in kept for e in (expanded if p is projection else [p])])

    def _unpivoted(self, node: exp.Columns, field: exp.In, pivot: exp.Pivot) -> None:
        relation = pivot.parent
        names = self._relation_names(relation, of_pivot=True)[1] if relation is not None else None
        picked = _selected(node, [(None, n, q) for n, q in names or ()])
        if not names or picked is None:
            self._unexpanded(node, "the columns it unpivots are not known")
            return
        columns = [exp.Column(this=exp.Identifier(this=n, quoted=q)) for _, n, q in picked]
        field.set(
            "expressions", [e for x in field.expressions for e in (columns if x is node else [x])]
        )

    def _unexpanded(self, node: exp.Columns, why: str) -> None:
        self._diagnostics.add(
            "unresolved-star",
            f"cannot tell which columns `{node.sql(dialect=self._dialect)}` selects ({why}):"
            " their lineage is unknown",
            node,
            column="*",
        )

    # -- the names a query's relations have --------------------------------------------------

    def _sources(self, select: exp.Select) -> list[_Source]:
        """The FROM and JOIN relations of `select`, in order."""
        return [self._relation_names(r) for r in relations(select)]

    def _relation_names(self, relation: exp.Expr, of_pivot: bool = False) -> _Source:
        """Who `relation` is reached by and its names (`of_pivot`: those of the relation its
        PIVOT / UNPIVOT reads, not the pivot's outputs)."""
        alias = relation.args.get("alias")
        owner = alias.this if isinstance(alias, exp.TableAlias) else None
        if relation.args.get("pivots") and not of_pivot:
            return owner, None, False  # a pivot's outputs are not its source's columns
        named: _Named | None = None
        unknown = False
        if isinstance(relation, exp.Table):
            if owner is None and isinstance(relation.this, exp.Identifier):
                owner = relation.this
            cte = visible_cte(relation)
            if cte is not None:
                named = _renamed(self._named(cte.this), cte.args.get("alias"))
            else:
                tid = table_id(relation)
                known = self._columns_of(tid) if tid is not None else None
                named = [(c, False) for c in known] if known else None
                unknown = tid is not None and named is None
        elif isinstance(relation, exp.Subquery):
            named = self._named(relation.this)
        return owner, _complete(_renamed(named, alias)), unknown

    def _named(self, query: exp.Expr) -> _Named | None:
        """The output names of a query, its selectors written out first; None if unknown."""
        key = id(query)
        if key in self._names:
            return self._names[key]
        if key in self._busy:
            return None  # a recursive CTE's own name in its recursive branch
        self._busy.add(key)
        try:
            named = self._read_names(query)
        finally:
            self._busy.discard(key)
        self._names[key] = named
        return named

    def _read_names(self, query: exp.Expr) -> _Named | None:
        if isinstance(query, exp.Subquery):
            return self._named(query.this)
        if isinstance(query, exp.SetOperation):
            if not query.args.get("by_name"):
                return self._named(query.left)
            sides = [_complete(self._named(query.left)), _complete(self._named(query.right))]
            seen: dict[str, tuple[str | None, bool]] = {}
            for side in sides:
                if side is None:
                    return None
                for name, quoted in side:
                    seen.setdefault(name.lower(), (name, quoted))
            return list(seen.values())
        if not isinstance(query, exp.Select):
            return None
        self._expand(query)
        named: _Named = []
        sources: list[_Source] | None = None
        for projection in query.expressions:
            star = projection.this if isinstance(projection, exp.Column) else projection
            if isinstance(star, exp.Star):
                sources = self._sources(query) if sources is None else sources
                owner = projection.table.lower() if isinstance(projection, exp.Column) else ""
                picked = [s for s in sources if not owner or (s[0] and s[0].name.lower() == owner)]
                if not picked or any(s[1] is None for s in picked):
                    return None
                named.extend(_starred(star, [n for s in picked for n in s[1] or ()]))
            elif isinstance(projection, (exp.Alias, exp.Column)) and projection.alias_or_name:
                ident = projection.args.get("alias") if isinstance(projection, exp.Alias) else None
                ident = ident or projection.this
                quoted = isinstance(ident, exp.Identifier) and bool(ident.args.get("quoted"))
                named.append((projection.alias_or_name, quoted))
            elif isinstance(projection, exp.Columns):
                return None  # a selector left as written: its names are unknown
            else:
                named.append((None, False))  # named by the database (`(b.z + 1)`)
        return named


def _complete(named: _Named | None) -> Names:
    """`named` if every name is known, else None."""
    if named is None or any(name is None for name, _ in named):
        return None
    return [(name, quoted) for name, quoted in named if name is not None]


def _starred(star: exp.Star, names: list[tuple[str, bool]]) -> _Named:
    """The names `*` gives over `names`, with its EXCLUDE and RENAME."""
    dropped = {e.name.lower() for e in star.args.get("except_") or []}
    renames = {r.this.name.lower(): r.alias for r in star.args.get("rename") or []}
    return [(renames.get(n.lower(), n), q) for n, q in names if n.lower() not in dropped]


def _renamed(named: _Named | None, alias: exp.Expr | None) -> _Named | None:
    """`named` renamed by position by a column list (`c (a, b) AS (...)`, `AS t (a, b)`)."""
    columns = alias.columns if isinstance(alias, exp.TableAlias) else []
    if named is None or not columns:
        return named
    given: _Named = [(c.name, bool(c.args.get("quoted"))) for c in columns]
    return given + named[len(given):]


def _selected(
    node: exp.Columns, known: list[tuple[exp.Identifier | None, str, bool]]
) -> list[tuple[exp.Identifier | None, str, bool]] | None:
    """The columns among `known` the selector picks, or None if it cannot tell."""
    what = node.this
    if isinstance(what, exp.Star):
        if what.args.get("replace") or what.args.get("rename"):
            return None
        dropped = {c.name.lower() for c in what.args.get("except_") or []}
        return [k for k in known if k[1].lower() not in dropped]
    if isinstance(what, exp.Literal) and what.is_string:
        try:
            pattern = re.compile(what.this)
        except re.error:
            return None
        return [k for k in known if pattern.search(k[1])]
    return None  # a lambda over names: only the database can evaluate it
