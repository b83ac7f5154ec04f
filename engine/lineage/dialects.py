"""Is the catalog's `dialect` one sqlglot knows (and which function names does it know)? Asked
once per run, before any SQL is read.

An unknown dialect makes every statement fail to parse, each a mere warning: a run would pass
with nothing analysed, so the loader turns this answer into an input error instead.
"""

from __future__ import annotations

import functools

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect
from sqlglot.parser import Parser

from engine.errors import did_you_mean

# Names sqlglot does not know but users write for one it does (difflib finds the typos).
_ALIASES = {"mssql": "tsql", "sqlserver": "tsql", "sql server": "tsql", "synapse": "tsql",
            "azure sql": "tsql", "pg": "postgres", "sparksql": "spark", "spark sql": "spark"}


def dialect_problem(dialect: str | None) -> tuple[str, str | None] | None:
    """Return (message, hint) if sqlglot cannot read `dialect` (a name, optionally followed by
    `, setting = value` pairs), or None if it can.

    >>> dialect_problem("postgresql")
    ("unknown dialect 'postgresql'", "did you mean 'postgres'?")
    """
    if dialect is None:
        return None
    try:
        Dialect.get_or_raise(dialect)
    except ValueError as exc:
        name = dialect.split(",")[0].strip()
        known = sorted(n for n in Dialect.classes if n)
        if name in known:  # the name is fine, a setting after it is not
            return f"invalid dialect settings '{dialect}': {exc}", None
        hint = (f"did you mean '{_ALIASES[name]}'?" if name in _ALIASES
                else did_you_mean(name, known) or "sqlglot's dialects: " + ", ".join(known))
        return f"unknown dialect '{name}'", hint
    return None


@functools.lru_cache(maxsize=16)
def parser_class(dialect: str | None) -> type[Parser]:
    """The sqlglot parser class of `dialect` (sqlglot's base parser for an unknown name)."""
    try:
        return Dialect.get_or_raise(dialect).parser_class
    except ValueError:
        return Parser


def known_functions(dialect: str | None) -> frozenset[str]:
    """The function names sqlglot knows in `dialect`: its registry and the dialect's parser's."""
    parser = parser_class(dialect)
    return frozenset(n.lower() for n in (*exp.FUNCTION_BY_NAME, *parser.FUNCTIONS,
                                          *getattr(parser, "AGG_FUNC_MAPPING", ())))
