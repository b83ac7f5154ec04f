"""Session variables a script sets to a string, and the table names they spell.

Snowflake's `SET src = 'raw.customers'; ... FROM IDENTIFIER($src)` reads `raw.customers`: the
name is the value the variable holds when the statement runs, and statements are analysed in
file order, so the latest SET before it gives that value (Databricks' `DECLARE VARIABLE t
STRING DEFAULT 'raw.src'` / `SET VAR t = ...` and `IDENTIFIER(t)` likewise). A variable set
elsewhere (another script, the session, a bind variable `IDENTIFIER(:t)` / `IDENTIFIER(?)`)
holds a name unknown here: the statement is an `unknown-table` diagnostic (`UnknownName`), not
a statement that reads nothing.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect


class UnknownName(Exception):
    """A table named by a variable or placeholder whose value the script does not give."""


def declare_items(declare: exp.Declare) -> Iterator[tuple[exp.Identifier, exp.Expr | None]]:
    """Each name a DECLARE makes (`DECLARE a, b INT64 DEFAULT ...`), with its DEFAULT (None:
    none)."""
    for item in declare.expressions:
        if not isinstance(item, exp.DeclareItem):
            continue
        names, default = item.this, item.args.get("default")
        for name in names if isinstance(names, list) else [names]:
            if isinstance(name, exp.Identifier):
                yield name, default


def set_pairs(statement: exp.Set) -> Iterator[tuple[exp.Expr, exp.Expr]]:
    """Each `target = value` a SET assigns; the target of Snowflake's `SET (a, b) = ('x', 'y')`
    is the tuple."""
    for item in statement.expressions:
        eq = item.this if isinstance(item, exp.SetItem) else None
        if isinstance(eq, exp.EQ):
            yield eq.this, eq.expression


def set_strings(statement: exp.Set | exp.Declare) -> dict[str, str | None]:
    """The variables `statement` sets, lowercase, each to its string (None: a value that is no
    string literal, or UNSET: what the variable held before is gone)."""
    if isinstance(statement, exp.Declare):
        return {name.name.lower(): _string(default) for name, default in declare_items(statement)}
    out: dict[str, str | None] = {}
    for names, values in set_pairs(statement):
        if isinstance(names, exp.Tuple):  # Snowflake `SET (a, b) = ('x', 'y')`
            pairs = zip(names.expressions, values.expressions if isinstance(values, exp.Tuple)
                        else [None] * len(names.expressions))
        else:
            pairs = zip([names], [values])
        for name, value in pairs:
            if isinstance(name, (exp.Column, exp.Var, exp.Identifier)):
                out[name.name.lower()] = None if statement.args.get("unset") else _string(value)
    return out


def _string(value: exp.Expr | None) -> str | None:
    return value.name if isinstance(value, exp.Literal) and value.is_string else None


def named_by(arg: exp.Expr, strings: dict[str, str | None], dialect: Dialect | None) -> str:
    """The table name `IDENTIFIER(arg)` spells, for a variable `arg` the script set to a string;
    raise `UnknownName` for any other variable, a bind variable or an expression."""
    written = arg.sql(dialect=dialect) or "?"
    if isinstance(arg, exp.Parameter) and isinstance(arg.this, exp.Var) or isinstance(
        arg, exp.Column
    ) and not arg.table:
        name = arg.this.name if isinstance(arg, exp.Parameter) else arg.name
        value = strings.get(name.lower())
        if value is not None:
            return value
        raise UnknownName(
            f"the table name comes from the variable {written}, which this file does not set"
            " to a string before the statement (it is set elsewhere): its lineage is unknown"
        )
    if isinstance(arg, exp.Placeholder):
        raise UnknownName(
            f"the table name comes from the bind variable {written}, bound when the statement"
            " runs: its lineage is unknown"
        )
    raise UnknownName(
        f"the table name is computed ({written}) when the statement runs: its lineage is unknown"
    )
