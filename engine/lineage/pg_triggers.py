"""Postgres trigger functions: their bodies' `NEW` / `OLD` read as the table a trigger fires on.

A Postgres trigger's body is not in its `CREATE TRIGGER`: the trigger names a function
(`EXECUTE FUNCTION f()`), and that function (`RETURNS trigger`, a PL/pgSQL `$$` body) reads the
changed rows as `NEW.c` / `OLD.c`, or, with `REFERENCING NEW TABLE AS n`, as a table `n`. Which
table those rows are of is only known from the triggers that run the function, usually further
down the same file. So a trigger function's body is analysed when the file has been read: once
for each table a trigger of the file runs it on, its rows read as that table's (as a MySQL
trigger's, `engine.lineage.triggers`); with none, its rows are of a table the file does not
say, and that is diagnosed rather than the reads lost in silence.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sqlglot import exp
from sqlglot.dialects.dialect import Dialect

from engine.lineage.scripting import Trigger

# After a routine's parameter list (`procedures._ROUTINE_HEAD`): `RETURNS trigger`.
_RETURNS_TRIGGER = re.compile(r"\s*returns\s+trigger\b", re.IGNORECASE)
_ROW_NAMES = frozenset({"new", "old"})


def trigger_function_name(head: re.Match[str], text: str) -> str | None:
    """The name (its last part, lower case) of the function whose header `head` matched in
    `text`, if it returns `trigger`; None otherwise."""
    if not _RETURNS_TRIGGER.match(text, head.end()):
        return None
    return _last_part(head.group("name"))


def executed_function(create: exp.Expr) -> tuple[str, exp.TriggerProperties] | None:
    """For a `CREATE TRIGGER ... EXECUTE FUNCTION f(...)`: f's name (its last part, lower case)
    and the trigger's properties; None for any other statement."""
    if not isinstance(create, exp.Create) or str(create.args.get("kind") or "").upper() != (
        "TRIGGER"
    ):
        return None
    properties = create.find(exp.TriggerProperties)
    execute = properties.args.get("execute") if properties is not None else None
    call = execute.this if isinstance(execute, exp.TriggerExecute) else None
    if isinstance(call, exp.Dot):  # `schema.f()`
        call = call.expression
    if not isinstance(call, exp.Func) or not isinstance(properties.args.get("table"), exp.Table):
        return None
    return _last_part(call.name), properties


def body_triggers(
    uses: Iterable[exp.TriggerProperties], dialect: Dialect
) -> list[tuple[Trigger, ...]]:
    """For each distinct table the triggers `uses` fire on, how a body reads its rows: `NEW` /
    `OLD` as rows of it, and the transition tables `REFERENCING` names as it."""
    readings: dict[str, tuple[Trigger, ...]] = {}
    for properties in uses:
        table = properties.args["table"].sql(dialect=dialect)
        referencing = properties.args.get("referencing")
        tables = frozenset(
            name.name.lower()
            for name in (referencing.args.get(k) for k in ("new", "old"))
            if isinstance(name, exp.Identifier)
        ) if isinstance(referencing, exp.TriggerReferencing) else frozenset()
        # the body's lines are all the function's: any line is in it
        rows = Trigger(table, 0, 1 << 30, _ROW_NAMES, as_tables=False)
        if tables:
            readings[table] = (rows, Trigger(table, 0, 1 << 30, tables, as_tables=True))
        else:
            readings.setdefault(table, (rows,))
    return list(readings.values())


def _last_part(name: str) -> str:
    return name.strip().split(".")[-1].strip().strip('"').lower()
