"""ClickHouse table functions that read a table of another server: `remote`, `remoteSecure`,
`cluster`, `clusterAllReplicas`.

`remote('host:9000', db.t)`, `remote('host', 'db.t', 'user', 'pw')`, `remote('host', 'db', 't')`
and `cluster('c', db, t)` read the rows of table `db.t` (on another server of the same
warehouse, or of its cluster), so each is read as the table `db.t` itself (its alias kept).
sqlglot parses them as calls whose `db.t` is a column, which qualify then reports as a column
no source has. A call whose table is no plain name (an expression, a table function) is an
`unknown-table` diagnostic naming the call.
"""

from __future__ import annotations

from sqlglot import exp

from engine.lineage.session import UnknownName

_REMOTE_READERS = frozenset({"remote", "remotesecure", "cluster", "clusterallreplicas"})


def remote_reads_as_tables(functions: list[exp.Anonymous]) -> None:
    """Replace each remote-read call that is a FROM / JOIN item by the table it reads; raise
    `UnknownName` for one whose table is not spelled as a name."""
    for func in functions:
        table = func.parent
        if not (
            isinstance(table, exp.Table)
            and func.arg_key == "this"
            and func.name.lower() in _REMOTE_READERS
        ):
            continue
        parts = _named(func.expressions[1:3])
        if parts is None:
            raise UnknownName(
                f"{func.sql(dialect='clickhouse')[:80]} reads a table it does not name plainly"
                " (db.t, 'db.t' or 'db', 't'): its lineage is unknown"
            )
        name, db = parts
        table.set("this", exp.to_identifier(name))
        table.set("db", exp.to_identifier(db) if db else None)


def _named(args: list[exp.Expr]) -> tuple[str, str | None] | None:
    """(table, db) from the arguments after the address: `db.t` or `'db.t'` (then a user and
    a password may follow), else `db, t` as names or strings."""
    if not args:
        return None
    first = args[0]
    if isinstance(first, exp.Column) and first.table and not first.args.get("db"):
        return first.name, first.table
    if isinstance(first, exp.Literal) and first.is_string and "." in first.this:
        db, _, name = first.this.partition(".")
        return (name, db) if db and name and "." not in name else None
    names = [_name(a) for a in args]
    if len(names) == 2 and names[0] and names[1]:
        return names[1], names[0]
    return None


def _name(arg: exp.Expr) -> str | None:
    if isinstance(arg, exp.Column) and not arg.table:
        return arg.name
    if isinstance(arg, exp.Literal) and arg.is_string:
        return arg.this
    return None
