"""The SQL inside a statement: a Snowflake procedure's `$$ ... $$` body, or that of an
`EXECUTE IMMEDIATE $$ ... $$`.

sqlglot keeps such a body as one string. Its statements write tables like any others (a
nightly job is often a procedure of INSERTs and MERGEs), so the body is parsed again, as the
same dialect (its control flow blanked first: `engine.lineage.scripting`), and its statements
are analysed as the enclosing statement's. A body in another language (JavaScript, Python) is
not SQL: its lineage is unknown, and said so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sqlglot import exp

_DOLLAR_QUOTED = re.compile(r"\$\$(.*)\$\$", re.DOTALL)


@dataclass(frozen=True)
class Body:
    """A body: its text, padded with newlines so that its lines are the file's, or the
    statements sqlglot already parsed in it (T-SQL's `AS BEGIN ... END`); its language (None:
    SQL)."""

    text: str = ""
    language: str | None = None
    parsed: tuple[exp.Expr, ...] = ()


def body_of(tree: exp.Expr, line: int) -> Body | None:
    """Return the body of a `CREATE PROCEDURE` (`AS $$ ... $$`, `AS BEGIN ... END`) or an
    `EXECUTE IMMEDIATE $$ ... $$` that starts on file line `line`, or None for any other
    statement."""
    if isinstance(tree, exp.Create) and str(tree.args.get("kind") or "").upper() == "PROCEDURE":
        block = tree.expression
        items = block.expressions if isinstance(block, exp.Block) else [block]
        if items and not any(isinstance(i, (exp.RawString, exp.Heredoc)) for i in items):
            return Body(language=_language(tree), parsed=tuple(items))
        raw = items[0] if items else None
        if not isinstance(raw, (exp.RawString, exp.Heredoc)):
            return None
        text = raw.this
        # the token's line is where it ends, the closing `$$`
        end = raw.meta_get("line")
        first = end - text.count("\n") if end is not None else line
        return Body("\n" * (first - 1) + text, _language(tree))
    if isinstance(tree, exp.Command) and tree.this.upper() == "EXECUTE":
        literal = tree.expression
        found = _DOLLAR_QUOTED.search(literal.name) if isinstance(literal, exp.Literal) else None
        if found is None or not literal.name.lower().startswith("immediate"):
            return None
        first = line + literal.name[: found.start(1)].count("\n")
        return Body("\n" * (first - 1) + found.group(1))
    return None


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
