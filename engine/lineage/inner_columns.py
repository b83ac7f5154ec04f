"""Bare names in a subquery over a source of unknown columns, kept from qualify.

In `WHERE u.id IN (SELECT user_id FROM raw.logins)` with raw.logins's columns unknown, qualify
cannot tell whether `user_id` is a column of raw.logins or a correlated reference to the query
around it, and gives up on the whole statement ("missing source schemas"): every column edge of
it lost for one name in a filter. Such names are hidden from qualify behind a placeholder
qualifier and made bare again after it, so the lineage walk places them by its own rule for
bare names (`ScopeLineage._unqualified`): the innermost query first, a source that has the
name, else the one source of unknown columns, else `ambiguous-column` among several; then the
queries around it.
"""

from __future__ import annotations

from sqlglot import exp
from sqlglot.errors import OptimizeError
from sqlglot.optimizer.resolver import Resolver
from sqlglot.optimizer.scope import Scope, build_scope
from sqlglot.schema import Schema

_HIDDEN = "lp_bare_name"  # the placeholder qualifier: no source is called this


def hide_bare_names(query: exp.Expr, schema: Schema) -> bool:
    """Give each bare name qualify would give up on (in a subquery that may be correlated,
    reading a source of unknown columns, and no known source of it has the name) the
    placeholder qualifier. Returns whether any name was hidden."""
    root = build_scope(query)
    hidden = False
    for scope in root.traverse() if root is not None else ():
        if scope.can_be_correlated:  # a subquery, or a LATERAL (its columns' scope: UDTF)
            hidden |= _hide_in(scope, schema)
    return hidden


def show_bare_names(query: exp.Expr) -> None:
    """Make the names `hide_bare_names` hid bare again (copies qualify made of them too)."""
    for column in query.find_all(exp.Column):
        if column.table == _HIDDEN:
            column.set("table", None)


def _hide_in(scope: Scope, schema: Schema) -> bool:
    resolver = Resolver(scope, schema)
    try:
        if not resolver.has_unknown_sources:
            return False
        known = resolver.all_columns
    except OptimizeError:
        return False
    selects = scope.expression.selects if isinstance(scope.expression, exp.Select) else []
    aliases = {s.alias for s in selects if isinstance(s, exp.Alias)}
    hidden = False
    for column in scope.unqualified_columns:
        if column.name in known or column.name in aliases:
            continue  # qualify places it (an output alias: the alias expansion's)
        # quoted: normalisation leaves it as it is (upper-casing dialects: Snowflake, Oracle)
        column.set("table", exp.to_identifier(_HIDDEN, quoted=True))
        hidden = True
    return hidden
