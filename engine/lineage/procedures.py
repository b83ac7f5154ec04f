"""The statements inside a statement: a routine's body, a block, an anonymous block.

sqlglot keeps a `$$ ... $$` body (Snowflake and Postgres procedures, SQL and PL/pgSQL
functions, Postgres `DO`, Snowflake `EXECUTE IMMEDIATE`) as one string. Its statements write
tables like any others (a nightly job is often a procedure of INSERTs and MERGEs), so the body
is parsed again, as the same dialect (its control flow blanked first:
`engine.lineage.scripting`), and its statements are analysed as the enclosing statement's.
T-SQL bodies and `IF`/`WHILE` blocks sqlglot parses itself (`block_statements`). A body in
another language (JavaScript, Python) is not SQL: its lineage is unknown, and said so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from sqlglot import exp

# `$$ ... $$` or `$tag$ ... $tag$`: the body is group 2
_DOLLAR_QUOTED = re.compile(r"\$(\w*)\$(.*)\$\1\$", re.DOTALL)
_DO_LANGUAGE = re.compile(r"\blanguage\s+(\w+)", re.IGNORECASE)


@dataclass(frozen=True)
class Body:
    """A body: its text, padded with newlines so that its lines are the file's, or the
    statements sqlglot already parsed in it (T-SQL's `AS BEGIN ... END`); its language (None:
    SQL)."""

    text: str = ""
    language: str | None = None
    parsed: tuple[exp.Expr, ...] = ()
    parameters: frozenset[str] = frozenset()  # names that are values in it, not columns


def body_of(tree: exp.Expr, line: int) -> Body | None:
    """See `_body_of`; the body carries its routine's parameter names."""
    body = _body_of(tree, line)
    if body is None or not isinstance(tree, exp.Create):
        return body
    routine = tree.this
    names = [p.name.lower() for p in routine.expressions] if isinstance(
        routine, exp.UserDefinedFunction) else []
    return replace(body, parameters=frozenset(n for n in names if n))


def _body_of(tree: exp.Expr, line: int) -> Body | None:
    """Return the body of a `CREATE PROCEDURE` (`AS $$ ... $$`, `AS BEGIN ... END`), of a
    `CREATE FUNCTION` in SQL or PL/pgSQL, a Postgres `DO` block or an `EXECUTE IMMEDIATE $$ ...
    $$` that starts on file line `line`, or None for any other statement."""
    kind = str(tree.args.get("kind") or "").upper() if isinstance(tree, exp.Create) else ""
    if kind == "FUNCTION":
        # a function's `$$` body in SQL or PL/pgSQL can write tables too; one in another
        # language (a JavaScript or Python UDF) computes a value: nothing to say
        raw = tree.expression
        if not isinstance(raw, (exp.RawString, exp.Heredoc)) or _language(tree) is not None:
            return None
        return _dollar_body(raw, line, None)
    if kind == "PROCEDURE":
        block = tree.expression
        # None: an empty body (`AS` and the statements cut off after it, in a script without
        # semicolons)
        items = [i for i in (block.expressions if isinstance(block, exp.Block) else [block])
                 if i is not None]
        if items and not any(isinstance(i, (exp.RawString, exp.Heredoc)) for i in items):
            return Body(language=_language(tree), parsed=tuple(items))
        raw = items[0] if items else None
        if not isinstance(raw, (exp.RawString, exp.Heredoc)):
            return None
        return _dollar_body(raw, line, _language(tree))
    command = tree.this.upper() if isinstance(tree, exp.Command) else ""
    text = tree.expression.name if isinstance(tree.expression, exp.Literal) else ""
    found = _DOLLAR_QUOTED.search(text) if command in ("DO", "EXECUTE") else None
    if found is None or (command == "EXECUTE" and not text.lower().startswith("immediate")):
        return None
    # Postgres `DO [LANGUAGE l] $tag$ ... $tag$` (an anonymous PL/pgSQL block), Snowflake
    # `EXECUTE IMMEDIATE $$ ... $$`
    named = _DO_LANGUAGE.search(text[: found.start()] + text[found.end() :])
    language = named.group(1).lower() if named is not None else None
    first = line + text[: found.start(2)].count("\n")
    return Body("\n" * (first - 1) + found.group(2),
                None if language in _SQL_LANGUAGES else language)


def _dollar_body(raw: exp.Expr, line: int, language: str | None) -> Body:
    text = raw.this
    # the token's line is where it ends, the closing `$$`
    end = raw.meta_get("line")
    first = end - text.count("\n") if end is not None else line
    return Body("\n" * (first - 1) + text, language)


def block_statements(tree: exp.Expr) -> list[exp.Expr] | None:
    """The statements of a control-flow block sqlglot parsed (T-SQL `IF cond BEGIN ... END
    ELSE ...`, `WHILE cond BEGIN ... END`, a bare block), both branches of an IF; None for
    any other statement."""
    if isinstance(tree, exp.IfBlock):
        parts = [tree.args.get("true"), tree.args.get("false")]
    elif isinstance(tree, exp.WhileBlock):
        parts = [tree.args.get("body")]
    elif isinstance(tree, exp.Block):
        parts = [tree]
    else:
        return None
    out: list[exp.Expr] = []
    for part in parts:
        if isinstance(part, exp.Block):
            out.extend(part.expressions)
        elif isinstance(part, exp.Expr):
            out.append(part)
    return out


def _language(create: exp.Create) -> str | None:
    properties = create.args.get("properties")
    for prop in properties.expressions if properties is not None else []:
        if isinstance(prop, exp.LanguageProperty):
            name = prop.name.lower()
            return None if name in _SQL_LANGUAGES else name
    return None


# Procedure languages whose bodies are SQL statements (in PL/pgSQL, within a block like
# Snowflake Scripting's).
_SQL_LANGUAGES = frozenset({"sql", "plpgsql"})
