"""`ALTER TABLE` column actions: the table's column list after them, and the renamed data.

sqlglot parses each action: ADD [COLUMN] [IF NOT EXISTS] c type (a `ColumnDef`, MySQL/
ClickHouse `FIRST` / `AFTER x` as its position; Spark `ADD COLUMNS (...)` and Oracle `ADD (...)`
a `Schema` of them), DROP [COLUMN] c [, d] (`Drop` of kind COLUMN(S)), RENAME COLUMN a TO b,
Spark/Hive `CHANGE [COLUMN] a b type` (`AlterColumn` with `rename_to`), MySQL `CHANGE a b type`
/ `MODIFY a type` (`ModifyColumn`) and Hive `REPLACE COLUMNS (...)`. Applied in order to the
table's known columns, they give the list later statements (and, through the statement's
`target_columns`, later files) see. A renamed column keeps its data: the write carries a part
`SELECT a FROM t` into `b`, as a table rename is a copy. A table of unknown columns stays unknown:
its list is never guessed from the added names.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from sqlglot import exp

from engine.lineage.schema import table_id

if TYPE_CHECKING:
    from engine.lineage.schema import TaskSchema
    from engine.lineage.statements import Write

# The actions that change a table's column list.
_ACTIONS = (
    exp.ColumnDef, exp.Schema, exp.Drop, exp.RenameColumn, exp.AlterColumn, exp.ModifyColumn,
    exp.ReplaceColumns,
)


def column_rename(alter: exp.Alter) -> tuple[str, str] | None:
    """Postgres' `RENAME a TO b` (COLUMN left out), which sqlglot reads as a table rename to
    `a` with a `TO b` option: the old and new column names."""
    actions = alter.args.get("actions") or []
    options = alter.args.get("options") or []
    if len(actions) != 1 or not isinstance(actions[0], exp.AlterRename) or len(options) != 1:
        return None
    old, new = actions[0].this, options[0]
    if not isinstance(new, exp.ToTableProperty) or not isinstance(new.this, exp.Table):
        return None
    if not isinstance(old, exp.Table) or old.args.get("db") or new.this.args.get("db"):
        return None
    return old.name.lower(), new.this.name.lower()


def column_alter_write(alter: exp.Alter, schema: TaskSchema | None) -> Write | None:
    """The write of an `ALTER TABLE` that changes `t`'s columns (None if none of its actions
    does): `t` with its new column list, and `SELECT old FROM t` into each renamed column."""
    from engine.lineage.statements import Part, Write, is_temp

    table = alter.this
    tid = table_id(table) if isinstance(table, exp.Table) else None
    if tid is None or str(alter.args.get("kind") or "").upper() != "TABLE":
        return None
    renamed = column_rename(alter)
    actions = alter.args.get("actions") or []
    if renamed is None and not any(isinstance(a, _ACTIONS) for a in actions):
        return None
    known = schema.columns(tid) if schema is not None else None
    temp = is_temp(table) or (schema is not None and schema.is_temp(tid))
    if not known:  # still written (a later file's columns may make it known), never guessed
        return Write(kind="alter_table", target=tid, temp=temp)
    # each column as it is named now -> its name before the statement (None: added by it)
    columns: dict[str, str | None] = {c: c for c in known}
    if renamed is not None:
        _rename(columns, *renamed)
    for action in actions:
        _apply(columns, action)
    moved = [(old, new) for new, old in columns.items() if old is not None and old != new]
    parts = ()
    if moved:
        query = exp.select(*(exp.column(old) for old, _ in moved)).from_(_named(table))
        parts = (Part(query, columns=tuple(new for _, new in moved)),)
    return Write(
        kind="alter_table", target=tid, temp=temp, parts=parts, declared=tuple(columns),
        creates=True,
    )


def _apply(columns: dict[str, str | None], action: exp.Expr) -> None:
    """Apply one action to `columns` (in place, order kept)."""
    if isinstance(action, exp.ColumnDef):
        _add(columns, action)
    elif isinstance(action, exp.Schema):  # Spark ADD COLUMNS (...), Oracle ADD (...)
        for item in action.expressions:
            if isinstance(item, exp.ColumnDef):
                _add(columns, item)
    elif isinstance(action, exp.Drop) and str(action.args.get("kind") or "").upper() in (
        "COLUMN", "COLUMNS",
    ):
        for dropped in action.args.get("tables") or []:
            names = dropped.expressions if isinstance(dropped, exp.Schema) else [dropped]
            for name in names:
                columns.pop(name.name.lower(), None)
    elif isinstance(action, exp.RenameColumn):
        _rename(columns, action.this.name.lower(), action.args["to"].name.lower())
    elif isinstance(action, exp.AlterColumn) and action.args.get("rename_to") is not None:
        _rename(columns, action.this.name.lower(), action.args["rename_to"].name.lower())
    elif isinstance(action, exp.ModifyColumn) and isinstance(action.this, exp.ColumnDef):
        old = action.args.get("rename_from")
        new = action.this.name.lower()
        if old is not None:  # MySQL CHANGE a b: renamed (MODIFY keeps the name)
            _rename(columns, old.name.lower(), new)
        _place(columns, new, action.this.args.get("position"))
    elif isinstance(action, exp.ReplaceColumns):  # Hive: the columns are now these
        kept = dict(columns)
        columns.clear()
        for item in action.expressions:
            if isinstance(item, exp.ColumnDef):
                name = item.name.lower()
                columns[name] = kept.get(name)


def _add(columns: dict[str, str | None], column: exp.ColumnDef) -> None:
    """ADD c: last, or where its position puts it; a column already there is left alone."""
    name = column.name.lower()
    if name in columns:
        return  # IF NOT EXISTS (without it the database rejects the statement)
    columns[name] = None
    _place(columns, name, column.args.get("position"))


def _place(columns: dict[str, str | None], name: str, position: exp.Expr | None) -> None:
    """Move `name` FIRST or AFTER a column (MySQL, ClickHouse, Databricks)."""
    if not isinstance(position, exp.ColumnPosition) or name not in columns:
        return
    after = position.this.name.lower() if isinstance(position.this, exp.Expr) else None
    where = str(position.args.get("position") or "").upper()
    if where != "FIRST" and (after is None or after not in columns):
        return
    value = columns.pop(name)
    items = list(columns.items())
    at = 0 if where == "FIRST" else [k for k, _ in items].index(after) + 1  # type: ignore[arg-type]
    items.insert(at, (name, value))
    columns.clear()
    columns.update(items)


def _rename(columns: dict[str, str | None], old: str, new: str) -> None:
    """RENAME a TO b in place: b takes a's position and origin."""
    if old not in columns or new in columns:
        return
    items = [((new if k == old else k), v) for k, v in columns.items()]
    columns.clear()
    columns.update(items)


def _named(table: exp.Table) -> exp.Table:
    parts = {k: table.args[k].copy() for k in ("this", "db", "catalog") if table.args.get(k)}
    return exp.Table(**parts)
