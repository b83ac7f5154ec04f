"""Session variables a script sets to a string, and the table names they spell.

Snowflake's `SET src = 'raw.customers'; ... FROM IDENTIFIER($src)` reads `raw.customers`: the
name is the value the variable holds when the statement runs, and statements are analysed in
file order, so the latest SET before it gives that value (after control flow whose branches
may not run, any value a branch may leave: `branch_values`) (Databricks' `DECLARE VARIABLE t
STRING DEFAULT 'raw.src'` / `SET VAR t = ...` and `IDENTIFIER(t)` likewise). A variable set
elsewhere (another script, the session, a bind variable `IDENTIFIER(:t)` / `IDENTIFIER(?)`)
holds a name unknown here: the statement is an `unknown-table` diagnostic (`UnknownName`), not
a statement that reads nothing.

The same strings are the SQL that dynamic SQL runs when it names a variable the script set to
a literal (`procedures.dynamic_sql`): MySQL's `SET @s = '<sql>'; PREPARE q FROM @s`, T-SQL's
`DECLARE @s NVARCHAR(MAX) = N'<sql>'; EXEC (@s)`, BigQuery's `SET v = '<sql>'; EXECUTE
IMMEDIATE v`. A user variable `@s` is kept as `@s`: MySQL's `@s` and a routine's local `s` are
different variables. Only statements the file's statements show set them, in order: a DECLARE a
script blanks with its control flow (BigQuery's, a Snowflake block's) gives no value.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from typing import NamedTuple

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect


class UnknownName(Exception):
    """A table named by a variable or placeholder whose value the script does not give."""


class Held(NamedTuple):
    """The string literal a variable holds, and the file line the literal starts on; `more`:
    the other literals it may hold instead, set in branches that may or may not have run
    (`either`)."""

    text: str
    line: int
    more: tuple[Held, ...] = ()

    def choices(self) -> tuple[Held, ...]:
        """Every literal the variable may hold, in file order."""
        return (Held(self.text, self.line), *self.more)


# What a variable DECLAREd with no DEFAULT holds: NULL, no SQL (not an unknown value).
NULL = Held("", 0)


def either(values: list[Held | None]) -> Held | None:
    """What a variable holds that may hold any of `values` (each what one path through the
    script's branches leaves; a procedure's lineage is what it may do): every literal among
    them once, in file order; None (unknown) if any is a value that is no literal; NULL adds
    no literal."""
    if any(value is None for value in values):
        return None
    seen: dict[str, Held] = {}
    for value in values:
        for choice in value.choices() if value != NULL else ():
            if choice.text not in seen or choice.line < seen[choice.text].line:
                seen[choice.text] = choice  # (the first place it is written)
    if not seen:
        return NULL
    first, *rest = sorted(seen.values(), key=lambda h: h.line)
    return Held(first.text, first.line, tuple(rest))


def literal(strings: Mapping[str, Held | None], key: str) -> Held | None:
    """The literal(s) the variable `key` holds (`variable_key`); None if it holds none the
    file shows (it is unset, NULL, or a value computed when the script runs)."""
    value = strings.get(key)
    return None if value is None or value == NULL else value


def declare_items(
    declare: exp.Declare, parameters: bool = False
) -> Iterator[tuple[exp.Expr, exp.Expr | None]]:
    """Each name a DECLARE makes (`DECLARE a, b INT64 DEFAULT ...`), with its DEFAULT (None:
    none); with `parameters`, T-SQL's `@v` names (Parameter nodes) too."""
    kinds = (exp.Identifier, exp.Parameter) if parameters else (exp.Identifier,)
    for item in declare.expressions:
        if not isinstance(item, exp.DeclareItem):
            continue
        names, default = item.this, item.args.get("default")
        default = default if isinstance(default, exp.Expr) else None  # (sqlglot: False)
        for name in names if isinstance(names, list) else [names]:
            if isinstance(name, kinds):
                yield name, default


def set_pairs(statement: exp.Set) -> Iterator[tuple[exp.Expr, exp.Expr]]:
    """Each `target = value` a SET assigns; the target of Snowflake's `SET (a, b) = ('x', 'y')`
    is the tuple."""
    for item in statement.expressions:
        eq = item.this if isinstance(item, exp.SetItem) else None
        if isinstance(eq, exp.EQ):
            yield eq.this, eq.expression


def set_strings(statement: exp.Set | exp.Declare) -> dict[str, Held | None]:
    """The variables `statement` sets (`variable_key`), each to its string (None: a value that
    is no string literal, or UNSET: what the variable held before is gone; NULL: a DECLARE
    with no DEFAULT)."""
    if isinstance(statement, exp.Declare):
        return {
            variable_key(name): _string(default) if default is not None else NULL
            for name, default in declare_items(statement, parameters=True)
        }
    out: dict[str, Held | None] = {}
    for names, values in set_pairs(statement):
        if isinstance(names, exp.Tuple):  # Snowflake `SET (a, b) = ('x', 'y')`
            pairs = zip(names.expressions, values.expressions if isinstance(values, exp.Tuple)
                        else [None] * len(names.expressions))
        else:
            pairs = zip([names], [values])
        for name, value in pairs:
            if isinstance(name, (exp.Column, exp.Var, exp.Identifier, exp.Parameter)):
                unset = statement.args.get("unset")
                out[variable_key(name)] = None if unset else _string(value)
    return out


def selected_into(select: exp.Select) -> set[str]:
    """The variables (`variable_key`) a SELECT assigns: `SELECT ... INTO @a, v` (MySQL, a
    routine's), T-SQL's `SELECT @v = ...`: whatever they held before is gone."""
    into = select.args.get("into")
    names = {
        variable_key(t.this if isinstance(t.this, exp.Parameter) else t)
        for t in (into.find_all(exp.Table) if into is not None else ())
    }
    names.update(variable_key(e.this) for e in select.expressions
                 if isinstance(e, exp.EQ) and isinstance(e.this, exp.Parameter))
    return names


def output_variables(call: exp.Execute) -> set[str]:
    """The caller's variables a T-SQL `EXEC` may set: those it passes as OUTPUT (`EXEC p @x
    OUTPUT`, sp_executesql's `@n = @cnt OUTPUT`). A procedure or dynamic SQL runs in a scope
    of its own: no other variable of the caller changes."""
    out: set[str] = set()
    for item in call.expressions:
        if isinstance(item, exp.Alias) and item.alias.upper() in ("OUTPUT", "OUT"):
            value = item.this.expression if isinstance(item.this, exp.EQ) else item.this
            if isinstance(value, exp.Parameter):
                out.add(variable_key(value))
    return out


def variable_key(name: exp.Expr) -> str:
    """The key of the variable `name` names: lowercase, `@v` for a user variable `@v`."""
    if isinstance(name, exp.Parameter):
        return "@" + name.name.lower()
    return name.name.lower()


def _string(value: exp.Expr | None) -> Held | None:
    if not (isinstance(value, exp.Literal) and value.is_string or isinstance(value, exp.National)):
        return None
    return held_at(value.name, value.meta_get("line"))


def held_at(text: str, end: int | None) -> Held:
    """The literal `text` whose token ends on file line `end` (a token's line is where it
    ends); an escaped newline (`'a\nb'`) is no line of the file, so the first line is then a
    guess, never before the file's."""
    return Held(text, max(1, end - text.count("\n")) if end is not None else 1)


def named_by(arg: exp.Expr, strings: dict[str, Held | None], dialect: Dialect | None) -> str:
    """The table name `IDENTIFIER(arg)` spells, for a variable `arg` the script set to a string;
    raise `UnknownName` for any other variable, a bind variable or an expression."""
    written = arg.sql(dialect=dialect) or "?"
    if isinstance(arg, exp.Parameter) and isinstance(arg.this, exp.Var) or isinstance(
        arg, exp.Column
    ) and not arg.table:
        name = arg.this.name if isinstance(arg, exp.Parameter) else arg.name
        value = literal(strings, name.lower())
        if value is not None and value.more:
            raise UnknownName(
                f"the table name comes from the variable {written}, which may hold any of"
                f" {len(value.choices())} names set in branches of the script: its lineage is"
                " unknown"
            )
        if value is not None:
            return value.text
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
